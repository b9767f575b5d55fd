/*
 * fuzz-revlist.c - libFuzzer target for the revocation list's parser
 * (revlist_parse): a station's list file is read back from disk, where a local
 * user may have put anything.  Each input is parsed as it is (its MAC will not
 * verify), and again with the MAC the key gives appended, so that the fuzzer
 * also reaches lists that verify; a list that parses is then searched.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "revlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[REVLIST_KEY_LEN] = "fuzz-revocation-list-key-32-byte";

static void
parse(const char *text, size_t n)
{
	struct revlist l;
	struct kt_err e;
	size_t i;

	if (revlist_parse(text, n, key, &l, &e) != 0)
		return;
	for (i = 0; i < l.n; i++)
		if (revlist_find(&l, l.cards[i].card_no) != &l.cards[i])
			abort();	/* every entry is found, and only once */
	revlist_find(&l, "6205260000010013");
	revlist_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char mac[32];
	char hex[65], *buf;

	if (size > 1 << 20)
		return 0;
	parse((const char *)data, size);
	if ((buf = malloc(size + 70)) == NULL)
		return 0;
	memcpy(buf, data, size);
	crypto_generichash(mac, sizeof mac, data, size, key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(buf + size, 70, "mac %s\n", hex);
	parse(buf, size + 69);
	free(buf);
	return 0;
}
