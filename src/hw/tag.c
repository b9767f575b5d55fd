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

/* Read user memory (from page 4) bytes from..to into buf + from; from is a
 * multiple of 16, and to is read up to the next multiple of 16 (buf must
 * have room for it), in FAST_READs of up to NTAG_FAST_PAGES pages: one
 * exchange with the reader for a whole record instead of one a 16 bytes.
 * Only tags GET_VERSION named NTAG21x come here: they all have FAST_READ. */
static int
read_user_from(struct reader *r, unsigned char *buf, size_t from, size_t to,
    struct kt_err *e)
{
	size_t got = from, end = (to + 15) / 16 * 16, n;
	int rc;

	while (got < end) {
		n = end - got > NTAG_FAST_PAGES * 4 ? NTAG_FAST_PAGES * 4 : end - got;
		if ((rc = ntag_fast_read(r, 4 + (int)(got / 4), 4 + (int)((got + n) / 4) - 1,
		    buf + got, e)) != 0)
			return rc;
		got += n;
	}
	return 0;
}

/*
 * MIFARE Classic 1K: the NFC Forum layout.  Sector 0 holds the MIFARE
 * Application Directory (MAD1) naming the NDEF sectors (AID 03E1); the NDEF
 * TLV runs through the data blocks of sectors 1-3.  Key A of sector 0 is the
 * public MAD key and of the NDEF sectors the public NFC Forum key, so phones
 * can read; key B is derived per card and the access bits 78 77 88 let only
 * key B write data and trailers.  (A MAD naming all 15 sectors NDEF has the
 * CRC 0x14, as known card dumps show: a check of mad_crc.)
 */
#define MFC_NDEF_SECTORS 3

static const unsigned char key_transport[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const unsigned char key_mad[6] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5 };
static const unsigned char key_ndef[6] = { 0xd3, 0xf7, 0xd3, 0xf7, 0xd3, 0xf7 };
static const unsigned char access_wb[3] = { 0x78, 0x77, 0x88 };

/* CRC-8 of the MAD: polynomial 0x1D, initial value 0xC7. */
static unsigned char
mad_crc(const unsigned char *b, size_t n)
{
	unsigned char crc = 0xc7;
	size_t i;
	int bit;

	for (i = 0; i < n; i++) {
		crc ^= b[i];
		for (bit = 0; bit < 8; bit++)
			crc = (unsigned char)(crc & 0x80 ? (crc << 1) ^ 0x1d : crc << 1);
	}
	return crc;
}

/* Authenticate sector with the first of keys[] that works (key B when the
 * matching flag is set); *which gets its index. */
static int
mfc_auth_any(struct reader *r, const struct tag *t, int sector, const unsigned char *keys[],
    const int key_b[], int nkeys, int *which, struct kt_err *e)
{
	int i, rc = KT_EREFUSED;

	for (i = 0; i < nkeys; i++) {
		rc = mfc_auth(r, t, sector * 4 + 3, key_b[i], keys[i], NULL);
		if (rc == 0) {
			*which = i;
			return 0;
		}
		if ((rc = reader_reselect(r, t, e)) != 0)
			return rc;
	}
	return kt_error(e, KT_EREFUSED,
	    _("sector %d of the card opens with none of this library's keys"), sector);
}

static int
mfc_read_ndef(struct reader *r, const struct tag *t, struct card_payload *p,
    struct kt_err *e)
{
	unsigned char mad[32], mem[15 * 48], blk[16];
	const unsigned char *keys[1] = { key_mad };
	const unsigned char *msg;
	const int kb[1] = { 0 };
	size_t n = 0, msglen;
	int rc, which, sector, b;

	if (mfc_auth_any(r, t, 0, keys, kb, 1, &which, NULL) != 0)
		return kt_error(e, KT_ENOTFOUND, _("the card has no NFC Forum directory"));
	if ((rc = mfc_read(r, 1, mad, e)) != 0 || (rc = mfc_read(r, 2, mad + 16, e)) != 0)
		return rc;
	if (mad_crc(mad + 1, 31) != mad[0])
		return kt_error(e, KT_ENOTFOUND, _("the card has no NFC Forum directory"));
	for (sector = 1; sector < 16; sector++) {
		if (mad[2 * sector] != 0x03 || mad[2 * sector + 1] != 0xe1)
			continue;
		keys[0] = key_ndef;
		if ((rc = mfc_auth_any(r, t, sector, keys, kb, 1, &which, e)) != 0)
			return rc;
		for (b = 0; b < 3; b++) {
			if ((rc = mfc_read(r, sector * 4 + b, blk, e)) != 0)
				return rc;
			memcpy(mem + n, blk, 16);
			n += 16;
		}
	}
	if ((rc = tlv_find(mem, n, &msg, &msglen, e)) != 0)
		return rc;
	return payload_decode(msg, msglen, p, e);
}

/* Write one sector's data blocks (48 bytes), read them back, then its trailer. */
static int
mfc_write_sector(struct reader *r, const struct tag *t, int sector,
    const unsigned char *data, const unsigned char *key_a, unsigned char gpb,
    const unsigned char key_b[6], struct kt_err *e)
{
	const unsigned char *keys[2] = { key_transport, key_b };
	const int kb[2] = { 0, 1 };
	unsigned char trailer[16], back[16];
	int rc, which, b;

	if ((rc = mfc_auth_any(r, t, sector, keys, kb, 2, &which, e)) != 0)
		return rc;
	for (b = 0; b < 3; b++) {
		if (data == NULL || (sector == 0 && b == 0))
			continue;
		if ((rc = mfc_write(r, sector * 4 + b, data + 16 * b, e)) != 0 ||
		    (rc = mfc_read(r, sector * 4 + b, back, e)) != 0)
			return rc;
		if (memcmp(back, data + 16 * b, 16) != 0)
			return kt_error(e, KT_EFAIL,
			    _("the card read back differently from what was written"));
	}
	memcpy(trailer, key_a, 6);
	memcpy(trailer + 6, access_wb, 3);
	trailer[9] = gpb;
	memcpy(trailer + 10, key_b, 6);
	return mfc_write(r, sector * 4 + 3, trailer, e);
}

static int
mfc_write_ndef(struct reader *r, const struct tag *t, const struct keys *k,
    const unsigned char *tlv, size_t tlen, struct kt_err *e)
{
	unsigned char key_b[6], mad[48], data[MFC_NDEF_SECTORS * 48], blk[16];
	const unsigned char *keys[1] = { key_ndef };
	const int kb[1] = { 0 };
	int rc, sector, which;

	if (tlen > sizeof data)
		return kt_error(e, KT_EREFUSED, _("the payload does not fit this card"));
	if ((rc = keys_derive(k, "mfc-key-b", t->uid, t->uidlen, key_b, sizeof key_b, e)) != 0)
		return rc;
	memset(data, 0, sizeof data);
	memcpy(data, tlv, tlen);
	/* The NDEF sectors first, the directory last: a card pulled away
	 * half-way has no directory and reads as unfinished. */
	for (sector = 1; sector <= MFC_NDEF_SECTORS; sector++)
		if ((rc = mfc_write_sector(r, t, sector, data + 48 * (sector - 1), key_ndef,
		    0x43, key_b, e)) != 0)
			goto out;
	memset(mad, 0, sizeof mad);
	mad[16 + 1] = 0x01;	/* info byte: no card publisher sector */
	for (sector = 1; sector <= MFC_NDEF_SECTORS; sector++) {
		mad[16 + 2 * sector] = 0x03;	/* application code, */
		mad[16 + 2 * sector + 1] = 0xe1;	/* function cluster: NDEF */
	}
	mad[16] = mad_crc(mad + 17, 31);
	if ((rc = mfc_write_sector(r, t, 0, mad, key_mad, 0xc1, key_b, e)) != 0)
		goto out;
	/* Read back as a phone would: the public keys, then the trailer's access
	 * bits, which key A may read. */
	for (sector = 1; sector <= MFC_NDEF_SECTORS; sector++) {
		if ((rc = mfc_auth_any(r, t, sector, keys, kb, 1, &which, e)) != 0 ||
		    (rc = mfc_read(r, sector * 4 + 3, blk, e)) != 0)
			goto out;
		if (memcmp(blk + 6, access_wb, 3) != 0) {
			rc = kt_error(e, KT_EFAIL, _("the card's protection did not take"));
			goto out;
		}
	}
out:
	sodium_memzero(key_b, sizeof key_b);
	return rc;
}

int
tag_read(struct reader *r, const struct tag *t, struct card_payload *p, struct kt_err *e)
{
	unsigned char mem[888 + 16];
	const unsigned char *msg;
	size_t msglen, have, need, max = (size_t)t->user_pages * 4;
	int rc;

	if (t->kind == TAG_MFC1K)
		return mfc_read_ndef(r, t, p, e);
	if (!is_ntag(t))
		return kt_error(e, KT_ENOTFOUND, _("a %s card holds no kartu record"),
		    tag_kind_name(t->kind));
	/* Four pages, then as many more as the TLV says it needs. */
	have = 16;
	if ((rc = read_user_from(r, mem, 0, have, e)) != 0)
		return rc;
	while ((need = tlv_need(mem, have)) > have && have < max) {
		need = need > max ? max : (need + 15) / 16 * 16;
		if ((rc = read_user_from(r, mem, have, need, e)) != 0)
			return rc;
		have = need;
	}
	if ((rc = tlv_find(mem, have > max ? max : have, &msg, &msglen, e)) != 0)
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

	if (!is_ntag(t) && t->kind != TAG_MFC1K)
		return kt_error(e, KT_EREFUSED,
		    _("kartu cannot write a %s card (NTAG213/215/216 and MIFARE Classic 1K)"),
		    tag_kind_name(t->kind));
	if ((rc = payload_encode(p, msg, sizeof msg, &mlen, e)) != 0 ||
	    (rc = tlv_wrap(msg, mlen, tlv, sizeof tlv, &tlen, e)) != 0)
		return rc;
	if (t->kind == TAG_MFC1K)
		return mfc_write_ndef(r, t, k, tlv, tlen, e);
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
