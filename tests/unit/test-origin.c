/* NTAG21x originality signatures: NXP's key, a trusted extra key, tampering.
 * The vector below was made by drivers/pn532-sim's test key and checked with
 * "openssl pkeyutl -verify" against that key's public half. */
#include <stdio.h>
#include <string.h>

#include "origin.h"
#include "tap.h"

#define TEST_KEY "04ABDBF77F4F00DEE5BA559C31AAD6E5059C152B0E353C167A36A82A3038F555BC"

static void
unhex(const char *h, unsigned char *out)
{
	size_t i;

	for (i = 0; h[2 * i] != '\0'; i++) {
		unsigned int v;
		char b[3] = { h[2 * i], h[2 * i + 1], '\0' };

		sscanf(b, "%02x", &v);
		out[i] = (unsigned char)v;
	}
}

int
main(void)
{
	unsigned char uid[7], sig[32], bad[32];
	struct kt_err e = { 0 };

	unhex("04A1B2C3D4E5F6", uid);
	unhex("302efc3afdd2b7f0904d5ea138b903e37592d944e11d4ed766e077ecd4cf7af4", sig);
	ok(origin_verify(uid, 7, sig, TEST_KEY, &e) == 0, "the test key's signature verifies");
	ok(origin_verify(uid, 7, sig, NULL, &e) == KT_EREFUSED,
	    "but not as NXP's: %s", e.msg);
	uid[6] ^= 1;
	ok(origin_verify(uid, 7, sig, TEST_KEY, NULL) == KT_EREFUSED, "another UID fails");
	uid[6] ^= 1;
	memcpy(bad, sig, 32);
	bad[31] ^= 0x80;
	ok(origin_verify(uid, 7, bad, TEST_KEY, NULL) == KT_EREFUSED, "a changed signature fails");
	memset(bad, 0, 32);
	ok(origin_verify(uid, 7, bad, TEST_KEY, NULL) == KT_EREFUSED, "an all-zero signature fails");
	ok(origin_verify(uid, 7, sig, "04ABCD", &e) == KT_EUSAGE, "a malformed key: %s", e.msg);
	ok(origin_verify(uid, 7, sig, "zz", NULL) == KT_EUSAGE, "a non-hex key");
	return done_testing();
}
