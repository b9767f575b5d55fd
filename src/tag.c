/*
 * tag.c - reading and writing kartu's payload on NTAG21x cards (see tag.h).
 */
#include <string.h>

#include <sodium.h>

#include "tag.h"

#define AUTHLIM 7

static int
is_ntag(const struct tag *t)
{
	return t->kind == TAG_NTAG213 || t->kind == TAG_NTAG215 || t->kind == TAG_NTAG216;
}

/* Read n bytes of user memory from page 4 into buf. */
static int
read_user(struct reader *r, const struct tag *t, unsigned char *buf, size_t n,
    struct kt_err *e)
{
	unsigned char page[16];
	size_t got = 0, k;
	int rc;

	if (n > (size_t)t->user_pages * 4)
		n = (size_t)t->user_pages * 4;
	while (got < n) {
		if ((rc = ntag_read(r, 4 + (int)(got / 4), page, e)) != 0)
			return rc;
		k = n - got < 16 ? n - got : 16;
		memcpy(buf + got, page, k);
		got += k;
	}
	return 0;
}

int
tag_read(struct reader *r, const struct tag *t, struct card_payload *p, struct kt_err *e)
{
	unsigned char mem[888];
	const unsigned char *msg;
	size_t msglen, want = 64;
	int rc;

	if (!is_ntag(t))
		return kt_error(e, KT_ENOTFOUND, _("a %s card holds no kartu record"),
		    tag_kind_name(t->kind));
	/* Read a first part; read more only if the TLV says it is longer. */
	if ((rc = read_user(r, t, mem, want, e)) != 0)
		return rc;
	rc = tlv_find(mem, want, &msg, &msglen, NULL);
	if (rc == KT_EUSAGE || (rc == 0 && (size_t)(msg - mem) + msglen > want)) {
		want = (size_t)t->user_pages * 4;
		if ((rc = read_user(r, t, mem, want, e)) != 0)
			return rc;
		rc = tlv_find(mem, want, &msg, &msglen, e);
	} else if (rc != 0)
		rc = tlv_find(mem, want, &msg, &msglen, e);
	if (rc != 0)
		return rc;
	return payload_decode(msg, msglen, p, e);
}

static int
derive(const struct keys *k, const struct tag *t, unsigned char pwd[4],
    unsigned char pack[2], struct kt_err *e)
{
	unsigned char buf[6];
	int rc;

	if ((rc = keys_derive(k, "ntag-pwd-pack", t->uid, t->uidlen, buf, sizeof buf, e)) != 0)
		return rc;
	memcpy(pwd, buf, 4);
	memcpy(pack, buf + 4, 2);
	sodium_memzero(buf, sizeof buf);
	return 0;
}

int
tag_protected(struct reader *r, const struct tag *t, const struct keys *k,
    struct kt_err *e)
{
	unsigned char cfg[16], pwd[4], pack[2], got[2];
	int rc;

	if ((rc = ntag_read(r, t->cfg_page, cfg, e)) != 0)
		return rc;
	if (cfg[3] > 4 + t->user_pages + 4)	/* AUTH0 past the last page */
		return 0;
	if ((rc = derive(k, t, pwd, pack, e)) != 0)
		return rc;
	rc = ntag_pwd_auth(r, pwd, got, e);
	sodium_memzero(pwd, sizeof pwd);
	if (rc == KT_EREFUSED || (rc == 0 && memcmp(got, pack, 2) != 0))
		return kt_error(e, KT_EREFUSED,
		    _("the card is protected by another password (not this library's card)"));
	return rc == 0 ? 1 : rc;
}

int
tag_write(struct reader *r, const struct tag *t, const struct keys *k,
    const struct card_payload *p, struct kt_err *e)
{
	unsigned char msg[PAYLOAD_NDEF_MAX], tlv[PAYLOAD_NDEF_MAX + 8], page[16], back[16];
	unsigned char pwd[4], pack[2], got[2], cc[4] = { 0xe1, 0x10, 0, 0 }, buf[4];
	size_t mlen, tlen, i;
	int rc, prot;

	if (!is_ntag(t))
		return kt_error(e, KT_EREFUSED,
		    _("kartu cannot write a %s card (NTAG213/215/216 only for now)"),
		    tag_kind_name(t->kind));
	if ((rc = payload_encode(p, msg, sizeof msg, &mlen, e)) != 0 ||
	    (rc = tlv_wrap(msg, mlen, tlv, sizeof tlv, &tlen, e)) != 0)
		return rc;
	if (tlen > (size_t)t->user_pages * 4)
		return kt_error(e, KT_EREFUSED, _("the payload does not fit this card"));
	/* A card this library protected before (a redo): authenticate first. */
	if ((prot = tag_protected(r, t, k, e)) < 0)
		return prot;

	/* The capability container is one-time programmable: write it only on a
	 * blank card, and refuse one set for something else. */
	if ((rc = ntag_read(r, 3, page, e)) != 0)
		return rc;
	cc[2] = (unsigned char)(t->user_pages * 4 / 8);
	if (memcmp(page, "\0\0\0\0", 4) == 0) {
		if ((rc = ntag_write(r, 3, cc, e)) != 0)
			return rc;
	} else if (page[0] != 0xe1 || (page[3] & 0x0f) != 0)
		return kt_error(e, KT_EREFUSED, _("the card is not formatted for NDEF"
		    " (its capability container is set for something else)"));

	/* The TLV, padded with zeros to whole pages. */
	for (i = 0; i < tlen; i += 4) {
		memset(buf, 0, sizeof buf);
		memcpy(buf, tlv + i, tlen - i < 4 ? tlen - i : 4);
		if ((rc = ntag_write(r, 4 + (int)(i / 4), buf, e)) != 0)
			return rc;
	}
	/* Read back what was written and compare. */
	for (i = 0; i < tlen; i += 16) {
		size_t n = tlen - i < 16 ? tlen - i : 16;

		if ((rc = ntag_read(r, 4 + (int)(i / 4), back, e)) != 0)
			return rc;
		if (memcmp(back, tlv + i, n) != 0)
			return kt_error(e, KT_EFAIL,
			    _("the card read back differently from what was written"));
	}

	/* Protect: PWD, PACK, ACCESS (AUTHLIM, reads open), AUTH0 last. */
	if ((rc = derive(k, t, pwd, pack, e)) != 0)
		return rc;
	if ((rc = ntag_write(r, t->cfg_page + 2, pwd, e)) != 0)
		goto out;
	buf[0] = pack[0];
	buf[1] = pack[1];
	buf[2] = buf[3] = 0;
	if ((rc = ntag_write(r, t->cfg_page + 3, buf, e)) != 0 ||
	    (rc = ntag_read(r, t->cfg_page, page, e)) != 0)
		goto out;
	memcpy(buf, page + 4, 4);	/* CFG1 */
	buf[0] = (unsigned char)((buf[0] & ~0x87) | AUTHLIM);	/* PROT 0, AUTHLIM */
	if ((rc = ntag_write(r, t->cfg_page + 1, buf, e)) != 0)
		goto out;
	memcpy(buf, page, 4);		/* CFG0 */
	buf[3] = 4;			/* AUTH0: from the first user page */
	if ((rc = ntag_write(r, t->cfg_page, buf, e)) != 0)
		goto out;
	/* Verify the protection: AUTH0 reads back, and the password answers. */
	if ((rc = ntag_read(r, t->cfg_page, page, e)) != 0)
		goto out;
	if (page[3] != 4 || (page[4] & 0x87) != AUTHLIM) {
		rc = kt_error(e, KT_EFAIL, _("the card's protection did not take"));
		goto out;
	}
	if ((rc = ntag_pwd_auth(r, pwd, got, e)) != 0)
		goto out;
	if (memcmp(got, pack, 2) != 0)
		rc = kt_error(e, KT_EFAIL, _("the card's protection did not take"));
out:
	sodium_memzero(pwd, sizeof pwd);
	return rc;
}
