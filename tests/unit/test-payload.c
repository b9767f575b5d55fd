/* The card payload: NDEF record, TLV, Ed25519 signature bound to the UID. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "payload.h"
#include "tap.h"

int
main(void)
{
	unsigned char pk[32], sk[64], pk2[32], sk2[64], msg[PAYLOAD_NDEF_MAX], mem[200];
	unsigned char uid[7] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 }, junk[300];
	unsigned char other[7] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x67 };
	const unsigned char *found;
	struct card_payload p, q;
	struct kt_err e = { 0 };
	size_t len, tl, fl, i;
	int crashes = 0, r;

	if (sodium_init() < 0)
		return 1;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	memset(&p, 0, sizeof p);
	p.version = PAYLOAD_VERSION;
	strcpy(p.library, "6205");
	strcpy(p.card_no, "6205260000010013");
	p.expires.y = 2031; p.expires.m = 11; p.expires.d = 28;

	ok(payload_sign(&p, uid, sizeof uid, sk, pk, &e) == 0, "signs");
	ok(payload_verify(&p, uid, sizeof uid, pk, &e) == 0, "verifies for its chip");
	ok(payload_verify(&p, other, sizeof other, pk, &e) == KT_EREFUSED,
	    "refused on another chip (a copy): %s", e.msg);
	ok(payload_verify(&p, uid, sizeof uid, pk2, &e) == KT_EREFUSED,
	    "refused under another library's key: %s", e.msg);
	q = p;
	q.card_no[14] = '2';
	ok(payload_verify(&q, uid, sizeof uid, pk, NULL) == KT_EREFUSED, "a changed number is refused");
	q = p;
	q.expires.y = 2099;
	ok(payload_verify(&q, uid, sizeof uid, pk, NULL) == KT_EREFUSED, "a changed expiry is refused");

	ok(payload_encode(&p, msg, sizeof msg, &len, &e) == 0, "encodes");
	ok(tlv_wrap(msg, len, mem, sizeof mem, &tl, NULL) == 0 && tl <= 144,
	    "fits an NTAG213's 144 bytes (%zu)", tl);
	ok(msg[0] == 0xd4 && msg[1] == strlen(PAYLOAD_TYPE), "one short external record");
	ok(tlv_find(mem, tl, &found, &fl, NULL) == 0 && fl == len, "TLV found again");
	is_int((long long)tlv_need(mem, 16), (long long)tl - 1,
	    "the first 16 bytes tell how much to read");
	is_int((long long)tlv_need(mem, 1), 17, "one byte asks for more");
	ok(payload_decode(found, fl, &q, &e) == 0, "decodes");
	ok(strcmp(q.card_no, p.card_no) == 0 && strcmp(q.library, "6205") == 0 &&
	    q.expires.y == 2031 && q.expires.d == 28, "round trip of the fields");
	ok(payload_verify(&q, uid, sizeof uid, pk, NULL) == 0, "the decoded payload verifies");

	/* A lock-control TLV and NULLs before the NDEF, as a factory card has. */
	memset(junk, 0, sizeof junk);
	junk[0] = 0x01; junk[1] = 0x03; junk[2] = 0xa0; junk[3] = 0x10; junk[4] = 0x44;
	junk[5] = 0x00;
	memcpy(junk + 6, mem, tl);
	ok(tlv_find(junk, 6 + tl, &found, &fl, NULL) == 0 && fl == len, "skips lock and NULL TLVs");
	is_int((long long)tlv_need(junk, 16), (long long)(6 + tl - 1),
	    "tlv_need skips them too");
	junk[0] = 0x03; junk[1] = 0x00; junk[2] = 0xfe;
	ok(tlv_find(junk, 16, &found, &fl, NULL) == KT_ENOTFOUND, "a blank formatted card");
	memset(junk, 0, 16);
	ok(tlv_find(junk, 16, &found, &fl, NULL) == KT_ENOTFOUND, "an all-zero card");
	junk[0] = 0x03; junk[1] = 0x40;
	ok(tlv_find(junk, 16, &found, &fl, NULL) == KT_EUSAGE, "a TLV longer than memory");

	/* Another record first (a URI), then ours. */
	junk[0] = 0x91; junk[1] = 1; junk[2] = 4; junk[3] = 'U'; memcpy(junk + 4, "\x04" "a.b", 4);
	memcpy(junk + 8, msg, len);
	junk[8] &= (unsigned char)~0x80;	/* not the message begin */
	ok(payload_decode(junk, 8 + len, &q, NULL) == 0, "found after a URI record");
	junk[0] = 0xd1;
	ok(payload_decode(junk, 8, &q, NULL) == KT_ENOTFOUND, "a URI alone is not ours");

	for (i = 0; i < len; i++)
		if (payload_decode(msg, i, &q, NULL) == 0)
			crashes++;
	is_int(crashes, 0, "every truncation of the message is refused");
	srandom(1);
	for (i = 0, crashes = 0; i < 20000; i++) {
		size_t n = (size_t)random() % sizeof junk, k;

		if (i % 2) {	/* random bytes */
			for (k = 0; k < n; k++)
				junk[k] = (unsigned char)random();
		} else {	/* the real message with one byte after the header changed */
			memcpy(junk, msg, len);
			n = len;
			k = 1 + (size_t)random() % (len - 1);
			junk[k] ^= (unsigned char)(1 + random() % 255);
		}
		r = payload_decode(junk, n, &q, NULL);
		if (r == 0 && payload_verify(&q, uid, sizeof uid, pk, NULL) == 0)
			crashes++;
	}
	is_int(crashes, 0, "20000 random and damaged messages: none verifies");
	return done_testing();
}
