/*
 * fuzz-input.c - libFuzzer target for what is typed or scanned at the desk:
 * dates, NIK, phone numbers, member and card numbers, names, and the text a
 * barcode scanner sends.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memberno.h"
#include "name.h"
#include "barcode.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[512], out[512], key[NAME_KEY_MAX], key2[NAME_KEY_MAX], mno[MEMBERNO_MAX];
	struct kt_date d = { 2000, 1, 1 };
	static struct name_memo *memo;	/* kept from one input to the next */
	unsigned ids[NAME_MAXTOK];
	struct kt_err e;
	int issue, n;

	if (size >= sizeof s)
		size = sizeof s - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	valid_date(s, &d, &e);
	valid_nik(s, &d, 'P', &e);
	valid_phone(s, out, sizeof out, &e);
	valid_text(s, "x", 200, out, &e);
	valid_name(s, "x", 200, out, &e);
	valid_docno(s, &e);
	valid_mask(s, out, sizeof out);
	memberno_parse(s, out, MEMBERNO_MAX, &e);
	cardno_parse(s, out, CARDNO_MAX, mno, sizeof mno, &issue, &e);
	barcode_digits(s, out, sizeof out, &e);
	barcode_normalise(s, out, CARDNO_MAX, &e);
	barcode_code(s, out, sizeof out, &e);
	name_key(s, key, sizeof key);
	name_key(s + size / 2, key2, sizeof key2);
	/* The typo dates' prefilter (dupes.c) rests on the bound never being
	 * below the similarity, either way round. */
	if (name_bound(key, key2) < name_similarity(key, key2) ||
	    name_bound(key2, key) < name_similarity(key2, key))
		abort();
	/* The import's memo gives name_bound's values, from a key and from
	 * its tokens' ids, and tells the same ones under a threshold. */
	if (memo == NULL && (memo = name_memo_new()) == NULL)
		abort();
	name_memo_query(memo, key);
	if (name_memo_bound(memo, key2) != name_bound(key, key2) ||
	    (n = name_memo_tokens(memo, key2, ids)) < 0 ||
	    name_memo_bound_tokens(memo, ids, n) != name_bound(key, key2) ||
	    name_memo_reaches(memo, ids, n, 0.8) != (name_bound(key, key2) >= 0.8) ||
	    name_memo_reaches(memo, ids, n, 0.5) != (name_bound(key, key2) >= 0.5))
		abort();
	return 0;
}
