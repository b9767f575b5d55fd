/*
 * payload.c - the card payload, its NDEF record and its signature (see
 * payload.h).
 */
#include <string.h>

#include <sodium.h>

#include "payload.h"

#define SIG_CONTEXT "kartu-card-v1"

/* The signed bytes of p (everything but the signature) into buf; returns the
 * length, or 0 if p does not fit the format. */
static size_t
body(const struct card_payload *p, unsigned char *buf, size_t cap)
{
	size_t ll = strlen(p->library), cl = strlen(p->card_no), n = 0;
	unsigned long ymd;

	if (ll == 0 || ll > 16 || cl == 0 || cl > 27 || cap < 3 + ll + cl + 8)
		return 0;
	ymd = (unsigned long)p->expires.y * 10000UL + (unsigned long)p->expires.m * 100UL +
	    (unsigned long)p->expires.d;
	buf[n++] = (unsigned char)p->version;
	buf[n++] = (unsigned char)ll;
	memcpy(buf + n, p->library, ll);
	n += ll;
	buf[n++] = (unsigned char)cl;
	memcpy(buf + n, p->card_no, cl);
	n += cl;
	buf[n++] = (unsigned char)(ymd >> 24);
	buf[n++] = (unsigned char)(ymd >> 16);
	buf[n++] = (unsigned char)(ymd >> 8);
	buf[n++] = (unsigned char)ymd;
	memcpy(buf + n, p->key_id, PAYLOAD_KEYID_LEN);
	return n + PAYLOAD_KEYID_LEN;
}

/* The message the signature covers: context, body, UID length and UID. */
static size_t
signed_message(const struct card_payload *p, const unsigned char *uid, size_t uidlen,
    unsigned char *buf, size_t cap)
{
	size_t n = sizeof SIG_CONTEXT - 1, b;

	if (uidlen == 0 || uidlen > PAYLOAD_UID_MAX || cap < n)
		return 0;
	memcpy(buf, SIG_CONTEXT, n);
	if ((b = body(p, buf + n, cap - n)) == 0 || n + b + 1 + uidlen > cap)
		return 0;
	n += b;
	buf[n++] = (unsigned char)uidlen;
	memcpy(buf + n, uid, uidlen);
	return n + uidlen;
}

static void
key_id(const unsigned char *pk, unsigned char *out)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof h, pk, crypto_sign_PUBLICKEYBYTES, NULL, 0);
	memcpy(out, h, PAYLOAD_KEYID_LEN);
}

int
payload_sign(struct card_payload *p, const unsigned char *uid, size_t uidlen,
    const unsigned char *sk, const unsigned char *pk, struct kt_err *e)
{
	unsigned char m[128];
	size_t n;

	key_id(pk, p->key_id);
	if ((n = signed_message(p, uid, uidlen, m, sizeof m)) == 0)
		return kt_error(e, KT_EUSAGE, _("the card payload does not fit the format"));
	crypto_sign_detached(p->sig, NULL, m, n, sk);
	return 0;
}

int
payload_verify(const struct card_payload *p, const unsigned char *uid, size_t uidlen,
    const unsigned char *pk, struct kt_err *e)
{
	unsigned char m[128], id[PAYLOAD_KEYID_LEN];
	size_t n;

	key_id(pk, id);
	if (memcmp(id, p->key_id, sizeof id) != 0)
		return kt_error(e, KT_EREFUSED, _("the card was signed by another key"));
	if ((n = signed_message(p, uid, uidlen, m, sizeof m)) == 0 ||
	    crypto_sign_verify_detached(p->sig, m, n, pk) != 0)
		return kt_error(e, KT_EREFUSED,
		    _("the card's signature does not match its contents and chip"));
	return 0;
}

int
payload_encode(const struct card_payload *p, unsigned char *out, size_t cap, size_t *len,
    struct kt_err *e)
{
	unsigned char b[64];
	size_t bl, tl = sizeof PAYLOAD_TYPE - 1, pl, n = 0;

	if ((bl = body(p, b, sizeof b)) == 0)
		return kt_error(e, KT_EUSAGE, _("the card payload does not fit the format"));
	pl = bl + PAYLOAD_SIG_LEN;
	if (cap < 3 + tl + pl || pl > 255)
		return kt_error(e, KT_EFAIL, "payload buffer too small");
	/* MB ME SR, TNF 4 (NFC Forum external type). */
	out[n++] = 0x80 | 0x40 | 0x10 | 0x04;
	out[n++] = (unsigned char)tl;
	out[n++] = (unsigned char)pl;
	memcpy(out + n, PAYLOAD_TYPE, tl);
	n += tl;
	memcpy(out + n, b, bl);
	n += bl;
	memcpy(out + n, p->sig, PAYLOAD_SIG_LEN);
	*len = n + PAYLOAD_SIG_LEN;
	return 0;
}

/* Parse our record's payload. */
static int
parse_body(const unsigned char *b, size_t n, struct card_payload *p, struct kt_err *e)
{
	size_t i = 0, ll, cl, k;
	unsigned long ymd;

	memset(p, 0, sizeof *p);
	if (n < 1 || b[0] != PAYLOAD_VERSION)
		return kt_error(e, KT_EUSAGE, _("the card holds an unknown payload version"));
	p->version = b[i++];
	if (i >= n || (ll = b[i++]) == 0 || ll > 16 || i + ll > n)
		goto bad;
	for (k = 0; k < ll; k++)
		if (b[i + k] < 0x21 || b[i + k] > 0x7e)
			goto bad;
	memcpy(p->library, b + i, ll);
	i += ll;
	if (i >= n || (cl = b[i++]) == 0 || cl > 27 || i + cl > n)
		goto bad;
	for (k = 0; k < cl; k++)
		if (b[i + k] < '0' || b[i + k] > '9')
			goto bad;
	memcpy(p->card_no, b + i, cl);
	i += cl;
	if (i + 4 + PAYLOAD_KEYID_LEN + PAYLOAD_SIG_LEN != n)
		goto bad;
	ymd = (unsigned long)b[i] << 24 | (unsigned long)b[i + 1] << 16 |
	    (unsigned long)b[i + 2] << 8 | b[i + 3];
	i += 4;
	p->expires.y = (int)(ymd / 10000);
	p->expires.m = (int)(ymd / 100 % 100);
	p->expires.d = (int)(ymd % 100);
	if (p->expires.y < 2000 || p->expires.y > 2199 || p->expires.m < 1 ||
	    p->expires.m > 12 || p->expires.d < 1 || p->expires.d > 31)
		goto bad;
	memcpy(p->key_id, b + i, PAYLOAD_KEYID_LEN);
	i += PAYLOAD_KEYID_LEN;
	memcpy(p->sig, b + i, PAYLOAD_SIG_LEN);
	return 0;
bad:
	return kt_error(e, KT_EUSAGE, _("the card's record is malformed"));
}

int
payload_decode(const unsigned char *msg, size_t len, struct card_payload *p,
    struct kt_err *e)
{
	size_t i = 0, tl, il, pl, tlen = sizeof PAYLOAD_TYPE - 1;
	unsigned char h;

	while (i < len) {
		h = msg[i++];
		if (i >= len)
			break;
		tl = msg[i++];
		if (h & 0x10) {		/* short record */
			if (i >= len)
				break;
			pl = msg[i++];
		} else {
			if (i + 4 > len)
				break;
			pl = (size_t)msg[i] << 24 | (size_t)msg[i + 1] << 16 |
			    (size_t)msg[i + 2] << 8 | msg[i + 3];
			i += 4;
		}
		il = 0;
		if (h & 0x08) {		/* an ID length */
			if (i >= len)
				break;
			il = msg[i++];
		}
		if (tl > len - i || il > len - i - tl || pl > len - i - tl - il)
			break;
		if ((h & 0x07) == 0x04 && !(h & 0x20) && tl == tlen &&
		    memcmp(msg + i, PAYLOAD_TYPE, tlen) == 0)
			return parse_body(msg + i + tl + il, pl, p, e);
		i += tl + il + pl;
		if (h & 0x40)		/* message end */
			return kt_error(e, KT_ENOTFOUND, _("the card holds no kartu record"));
	}
	return kt_error(e, KT_EUSAGE, _("the card's NDEF message is malformed"));
}

int
tlv_wrap(const unsigned char *msg, size_t len, unsigned char *out, size_t cap,
    size_t *outlen, struct kt_err *e)
{
	size_t n = 0;

	if (len > 0xfffe || cap < len + 5)
		return kt_error(e, KT_EFAIL, _("the NDEF message does not fit the card"));
	out[n++] = 0x03;
	if (len < 0xff)
		out[n++] = (unsigned char)len;
	else {
		out[n++] = 0xff;
		out[n++] = (unsigned char)(len >> 8);
		out[n++] = (unsigned char)len;
	}
	memcpy(out + n, msg, len);
	n += len;
	out[n++] = 0xfe;
	*outlen = n;
	return 0;
}

int
tlv_find(const unsigned char *mem, size_t len, const unsigned char **msg, size_t *msglen,
    struct kt_err *e)
{
	size_t i = 0, l;
	unsigned char t;

	while (i < len) {
		t = mem[i++];
		if (t == 0x00)		/* NULL TLV */
			continue;
		if (t == 0xfe)		/* terminator */
			break;
		if (i >= len)
			break;
		l = mem[i++];
		if (l == 0xff) {
			if (i + 2 > len)
				break;
			l = (size_t)mem[i] << 8 | mem[i + 1];
			i += 2;
		}
		if (l > len - i)
			return kt_error(e, KT_EUSAGE, _("the card's TLV runs past its memory"));
		if (t == 0x03) {
			if (l == 0)
				break;	/* an empty NDEF: a formatted, blank card */
			*msg = mem + i;
			*msglen = l;
			return 0;
		}
		i += l;		/* lock, memory control or proprietary TLV */
	}
	return kt_error(e, KT_ENOTFOUND, _("the card holds no NDEF message"));
}

size_t
tlv_need(const unsigned char *mem, size_t len)
{
	size_t i = 0, l;
	unsigned char t;

	while (i < len) {
		t = mem[i++];
		if (t == 0x00)
			continue;
		if (t == 0xfe)
			return i;
		if (i >= len)
			return len + 16;	/* the length byte is further on */
		l = mem[i++];
		if (l == 0xff) {
			if (i + 2 > len)
				return len + 16;
			l = (size_t)mem[i] << 8 | mem[i + 1];
			i += 2;
		}
		if (t == 0x03 || i + l > len)
			return i + l;
		i += l;
	}
	return len + 16;
}
