/*
 * pn532-sim-card.c - the cards a simulated PN532 can find in its field.
 *
 * NTAG213/215/216 (the memory map, commands and password protection of the
 * NXP data sheet), MIFARE Classic 1K (keys and access conditions; the PN532
 * does Crypto1 itself, so only the keys are compared), and a foreign
 * ISO 14443-4 card that answers every APDU with 6A 82.  Also the text image
 * format that holds a card between runs (described in pn532-sim.md).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "pn532-sim.h"

/* NTAG21x CFG1 (ACCESS) bits. */
#define NTAG_PROT		0x80
#define NTAG_CFGLCK		0x40
#define NTAG_NFC_CNT_EN		0x20
#define NTAG_NFC_CNT_PWD_PROT	0x10
#define NTAG_AUTHLIM		0x07

/* MIFARE Classic key rights: bit 0 key A, bit 1 key B. */
#define KA 1
#define KB 2

static const struct kind_info {
	enum card_kind kind;
	const char *name;
	unsigned pages;		/* NTAG pages; 0 for the others */
	uint8_t cc_size;	/* capability container byte 2 */
	uint8_t version_size;	/* GET_VERSION byte 6 */
} kinds[] = {
	{ CARD_NTAG213, "ntag213", 45, 0x12, 0x0f },
	{ CARD_NTAG215, "ntag215", 135, 0x3e, 0x11 },
	{ CARD_NTAG216, "ntag216", 231, 0x6d, 0x13 },
	{ CARD_MFC1K, "mfc1k", 0, 0, 0 },
	{ CARD_FOREIGN, "foreign", 0, 0, 0 },
};

/* A plausible ATS of a contact-less bank card: TL, T0 (TA TB TC follow,
 * FSCI 5), TA, TB, TC, one historical byte. */
static const uint8_t default_ats[] = { 0x06, 0x75, 0x77, 0x81, 0x02, 0x80 };

static int
fail(char *cause, size_t causelen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *cause, size_t causelen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cause, causelen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The row of KIND in the table, or NULL. */
static const struct kind_info *
kind_info(enum card_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (kinds[i].kind == kind)
			return &kinds[i];
	}
	return NULL;
}

const char *
card_kind_name(enum card_kind kind)
{
	const struct kind_info *k = kind_info(kind);

	return k != NULL ? k->name : "empty";
}

enum card_kind
card_kind_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(kinds[i].name, name) == 0)
			return kinds[i].kind;
	}
	return CARD_NONE;
}

static bool
is_ntag(const struct card *c)
{
	return c->kind == CARD_NTAG213 || c->kind == CARD_NTAG215 ||
	    c->kind == CARD_NTAG216;
}

/* The page count of an NTAG; 0 for the other kinds. */
static unsigned
ntag_pages(const struct card *c)
{
	const struct kind_info *k = kind_info(c->kind);

	return k != NULL ? k->pages : 0;
}

/* The configuration pages sit at the end of the memory. */
static unsigned ntag_dynlock(const struct card *c) { return ntag_pages(c) - 5; }
static unsigned ntag_cfg0(const struct card *c) { return ntag_pages(c) - 4; }
static unsigned ntag_cfg1(const struct card *c) { return ntag_pages(c) - 3; }
static unsigned ntag_pwd(const struct card *c) { return ntag_pages(c) - 2; }
static unsigned ntag_pack(const struct card *c) { return ntag_pages(c) - 1; }

static uint8_t
ntag_auth0(const struct card *c)
{
	return c->mem[ntag_cfg0(c) * 4 + 3];
}

static uint8_t
ntag_access(const struct card *c)
{
	return c->mem[ntag_cfg1(c) * 4];
}

void
crc_a(const uint8_t *buf, size_t len, uint8_t *crc)
{
	uint32_t w = 0x6363;
	size_t i;
	uint8_t b;

	for (i = 0; i < len; i++) {
		b = buf[i];
		b = (uint8_t)(b ^ (uint8_t)(w & 0xff));
		b = (uint8_t)(b ^ (b << 4));
		w = (w >> 8) ^ ((uint32_t)b << 8) ^ ((uint32_t)b << 3) ^
		    ((uint32_t)b >> 4);
	}
	crc[0] = (uint8_t)(w & 0xff);
	crc[1] = (uint8_t)((w >> 8) & 0xff);
}

char *
card_uid_hex(const struct card *c, char *buf)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < c->uid_len; i++)
		sprintf(buf + 2 * i, "%02x", c->uid[i]);
	return buf;
}

void
card_atqa_sak(const struct card *c, uint8_t *atqa, uint8_t *sak)
{
	atqa[0] = 0x00;
	atqa[1] = 0x00;
	*sak = 0x00;
	switch (c->kind) {
	case CARD_NTAG213:
	case CARD_NTAG215:
	case CARD_NTAG216:
		atqa[1] = 0x44;
		*sak = 0x00;
		break;
	case CARD_MFC1K:
		atqa[1] = 0x04;
		*sak = 0x08;
		break;
	case CARD_FOREIGN:
		atqa[1] = 0x04;
		*sak = 0x20;
		break;
	case CARD_NONE:
		break;
	}
}

/* Writes the UID into memory: pages 0-2 with BCC0/BCC1 on an NTAG, block 0
 * with its BCC on a MIFARE Classic. */
static void
place_uid(struct card *c)
{
	const uint8_t *u = c->uid;

	if (is_ntag(c)) {
		c->mem[0] = u[0];
		c->mem[1] = u[1];
		c->mem[2] = u[2];
		c->mem[3] = (uint8_t)(0x88 ^ u[0] ^ u[1] ^ u[2]);
		memcpy(c->mem + 4, u + 3, 4);
		c->mem[8] = (uint8_t)(u[3] ^ u[4] ^ u[5] ^ u[6]);
	} else if (c->kind == CARD_MFC1K) {
		memcpy(c->mem, u, 4);
		c->mem[4] = (uint8_t)(u[0] ^ u[1] ^ u[2] ^ u[3]);
	}
}

/* The rest of the factory-written first page or block. */
static void
place_maker(struct card *c)
{
	static const uint8_t maker[8] = {
		0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69
	};

	if (is_ntag(c)) {
		c->mem[9] = 0x48;	/* internal byte of NXP's NTAGs */
	} else if (c->kind == CARD_MFC1K) {
		c->mem[5] = 0x08;	/* SAK */
		c->mem[6] = 0x04;	/* ATQA, LSB first */
		c->mem[7] = 0x00;
		memcpy(c->mem + 8, maker, sizeof maker);
	}
}

/* Back to idle: nothing selected, authenticated or half-done. */
static void
session_reset(struct card *c)
{
	c->active = false;
	c->ntag_auth = false;
	c->ntag_compat_page = -1;
	c->mfc_sector = -1;
	c->mfc_key = 0;
	c->iso_l4 = false;
	c->iso_block = 0;
	c->anticol_level = 0;
}

/*
 * The originality signature of a new NTAG: ECDSA on secp128r1 over the UID,
 * as NXP signs at the factory, but with this test key instead of NXP's.  Its
 * public key (TEST_ORIGINALITY_PUBLIC in pn532-sim.md) is what a station must
 * be told to trust; a real station trusts only NXP's.
 */
static const uint8_t test_originality_key[16] = {
	0x3a, 0x10, 0xbc, 0x42, 0xee, 0x21, 0x4d, 0x7e,
	0x78, 0xbc, 0x49, 0xd6, 0x01, 0x90, 0x9a, 0x35,
};

static int
sign_uid(struct card *c)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_secp128r1);
	BIGNUM *priv = BN_bin2bn(test_originality_key, sizeof test_originality_key, NULL);
	EC_POINT *pub = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *kctx = NULL, *sctx = NULL;
	EVP_PKEY *pk = NULL;
	ECDSA_SIG *sig = NULL;
	const BIGNUM *r, *s;
	const unsigned char *p;
	unsigned char pubbuf[33], der[64];
	size_t publen, derlen = sizeof der;
	int ok = 0;

	if (g == NULL || priv == NULL || (pub = EC_POINT_new(g)) == NULL ||
	    !EC_POINT_mul(g, pub, priv, NULL, NULL, NULL) ||
	    (publen = EC_POINT_point2oct(g, pub, POINT_CONVERSION_UNCOMPRESSED, pubbuf,
	    sizeof pubbuf, NULL)) == 0 ||
	    (bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "secp128r1", 0) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pubbuf, publen) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(kctx) <= 0 ||
	    EVP_PKEY_fromdata(kctx, &pk, EVP_PKEY_KEYPAIR, params) <= 0 ||
	    (sctx = EVP_PKEY_CTX_new(pk, NULL)) == NULL || EVP_PKEY_sign_init(sctx) <= 0)
		goto out;
	/* The UID itself is the "digest", unhashed, as on the real chip. */
	if (EVP_PKEY_sign(sctx, der, &derlen, c->uid, c->uid_len) <= 0)
		goto out;
	p = der;
	if ((sig = d2i_ECDSA_SIG(NULL, &p, (long)derlen)) == NULL)
		goto out;
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, c->sig, 16) != 16 || BN_bn2binpad(s, c->sig + 16, 16) != 16)
		goto out;
	ok = 1;
out:
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(sctx);
	EVP_PKEY_free(pk);
	EVP_PKEY_CTX_free(kctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(pub);
	BN_free(priv);
	EC_GROUP_free(g);
	return ok ? 0 : -1;
}

int
card_new(struct card *c, enum card_kind kind, const uint8_t *uid,
    size_t uid_len, char *cause, size_t causelen)
{
	size_t want, i;
	uint8_t *m;

	switch (kind) {
	case CARD_NTAG213:
	case CARD_NTAG215:
	case CARD_NTAG216:
		want = 7;
		break;
	case CARD_MFC1K:
	case CARD_FOREIGN:
		want = 4;
		break;
	default:
		return fail(cause, causelen, "unknown card kind");
	}
	if (uid != NULL && uid_len != want) {
		return fail(cause, causelen, "%s UIDs have %zu bytes",
		    card_kind_name(kind), want);
	}
	if (uid != NULL && uid[0] == 0x88)
		return fail(cause, causelen, "a UID cannot start with 88");

	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->uid_len = want;
	if (uid != NULL) {
		memcpy(c->uid, uid, want);
	} else {
		if (RAND_bytes(c->uid, (int)want) != 1)
			return fail(cause, causelen, "no random bytes");
		/* NXP's manufacturer code; a bank card's random UID starts
		 * with 08 (ISO 14443-3 "random ID"). */
		if (is_ntag(c))
			c->uid[0] = 0x04;
		else if (kind == CARD_FOREIGN)
			c->uid[0] = 0x08;
		else if (c->uid[0] == 0x88 || c->uid[0] == 0x08)
			c->uid[0] = 0x4e;
	}

	if (is_ntag(c)) {
		c->mem_len = (size_t)ntag_pages(c) * 4;
		place_uid(c);
		place_maker(c);
		/* Capability container and an empty NDEF message. */
		c->mem[12] = 0xe1;
		c->mem[13] = 0x10;
		c->mem[14] = kind_info(kind)->cc_size;
		c->mem[16] = 0x03;
		c->mem[17] = 0x00;
		c->mem[18] = 0xfe;
		/* Dynamic lock, CFG0 (AUTH0 FF: no password) and CFG1: the
		 * last five pages but PWD and PACK. */
		m = c->mem + c->mem_len - 5 * 4;
		m[3] = 0xbd;
		m[4] = 0x04;
		m[7] = 0xff;
		m[9] = 0x05;
		memset(c->pwd, 0xff, sizeof c->pwd);
		if (sign_uid(c) != 0)
			return fail(cause, causelen, "cannot sign the UID");
	} else if (kind == CARD_MFC1K) {
		static const uint8_t trailer[16] = {
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07,
			0x80, 0x69, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
		};

		c->mem_len = 64 * 16;
		place_uid(c);
		place_maker(c);
		for (i = 3; i < 64; i += 4)
			memcpy(c->mem + i * 16, trailer, sizeof trailer);
	} else {
		memcpy(c->ats, default_ats, sizeof default_ats);
		c->ats_len = sizeof default_ats;
	}
	session_reset(c);
	return 0;
}

void
card_select(struct card *c, bool rats)
{
	session_reset(c);
	c->active = true;
	if (rats && c->kind == CARD_FOREIGN) {
		c->iso_l4 = true;
		c->iso_block = 1;	/* the PICC's block number starts at 1 */
	}
}

void
card_deselect(struct card *c)
{
	session_reset(c);
}

void
card_field_off(struct card *c)
{
	session_reset(c);
	c->ntag_counted = false;
}

/* ---- NTAG21x ---- */

static bool
ntag_read_blocked(const struct card *c, unsigned page)
{
	return !c->ntag_auth && (ntag_access(c) & NTAG_PROT) &&
	    page >= ntag_auth0(c);
}

/* The page as the chip shows it: PWD and PACK always read as zeros (they
 * are kept out of c->mem). */
static void
ntag_page(const struct card *c, unsigned page, uint8_t *out)
{
	memcpy(out, c->mem + page * 4, 4);
}

static void
ntag_count(struct card *c)
{
	if ((ntag_access(c) & NTAG_NFC_CNT_EN) && !c->ntag_counted) {
		if (c->nfc_counter < 0xffffff)
			c->nfc_counter++;
		c->ntag_counted = true;
	}
}

/* READ: four pages from PAGE, rolling over. */
static enum card_result
ntag_read(struct card *c, unsigned page, uint8_t *out, size_t *outlen)
{
	unsigned pages = ntag_pages(c), end = pages, i;

	if (page >= pages || ntag_read_blocked(c, page))
		return CARD_NAK;
	/* Without the password the read rolls over at AUTH0, not at the end
	 * of the memory. */
	if (!c->ntag_auth && (ntag_access(c) & NTAG_PROT) &&
	    ntag_auth0(c) < pages)
		end = ntag_auth0(c);
	for (i = 0; i < 4; i++)
		ntag_page(c, (page + i) % end, out + 4 * i);
	*outlen = 16;
	ntag_count(c);
	return CARD_DATA;
}

static enum card_result
ntag_fast_read(struct card *c, unsigned start, unsigned end, uint8_t *out,
    size_t *outlen)
{
	unsigned p;

	if (start > end || end >= ntag_pages(c))
		return CARD_NAK;
	for (p = start; p <= end; p++) {
		if (ntag_read_blocked(c, p))
			return CARD_NAK;
	}
	for (p = start; p <= end; p++)
		ntag_page(c, p, out + 4 * (p - start));
	*outlen = (size_t)(end - start + 1) * 4;
	ntag_count(c);
	return CARD_DATA;
}

/* Static lock bits: is PAGE (3..15) locked? */
static bool
ntag_static_locked(const struct card *c, unsigned page)
{
	uint8_t l0 = c->mem[10], l1 = c->mem[11];

	if (page == 3)
		return (l0 & 0x08) != 0;
	if (page >= 4 && page <= 7)
		return (l0 & (0x10 << (page - 4))) != 0;
	if (page >= 8 && page <= 15)
		return (l1 & (1 << (page - 8))) != 0;
	return false;
}

/* WRITE of page PAGE with the 4 bytes D, with the data sheet's rules for
 * the lock, CC and configuration pages. */
static enum card_result
ntag_write(struct card *c, unsigned page, const uint8_t *d)
{
	uint8_t *m = c->mem + page * 4;
	uint8_t l0 = c->mem[10], frozen0 = 0, frozen1 = 0;
	unsigned i;

	if (page >= ntag_pages(c) || page < 2)
		return CARD_NAK;
	if (!c->ntag_auth && page >= ntag_auth0(c))
		return CARD_NAK;
	if (ntag_static_locked(c, page))
		return CARD_NAK;
	if (page == 2) {
		/* Lock bytes are one-time programmable; the block-locking
		 * bits freeze groups of them. */
		if (l0 & 0x01)
			frozen0 |= 0x08;
		if (l0 & 0x02) {
			frozen0 |= 0xf0;
			frozen1 |= 0x03;
		}
		if (l0 & 0x04)
			frozen1 |= 0xfc;
		m[2] |= (uint8_t)(d[2] & ~frozen0);
		m[3] |= (uint8_t)(d[3] & ~frozen1);
	} else if (page == 3) {
		for (i = 0; i < 4; i++)
			m[i] |= d[i];
	} else if (page == ntag_dynlock(c)) {
		for (i = 0; i < 3; i++)
			m[i] |= d[i];
	} else if (page == ntag_cfg0(c) || page == ntag_cfg1(c)) {
		if (ntag_access(c) & NTAG_CFGLCK)
			return CARD_NAK;
		memcpy(m, d, 4);
	} else if (page == ntag_pwd(c)) {
		memcpy(c->pwd, d, 4);
	} else if (page == ntag_pack(c)) {
		memcpy(c->pack, d, 2);
	} else {
		memcpy(m, d, 4);
	}
	return CARD_ACK;
}

static enum card_result
ntag_pwd_auth(struct card *c, const uint8_t *pwd, uint8_t *out,
    size_t *outlen)
{
	unsigned limit = ntag_access(c) & NTAG_AUTHLIM;

	if (limit != 0 && c->auth_failures >= limit)
		return CARD_NAK;
	if (memcmp(pwd, c->pwd, 4) != 0) {
		if (limit != 0)
			c->auth_failures++;
		return CARD_NAK;
	}
	c->auth_failures = 0;
	c->ntag_auth = true;
	memcpy(out, c->pack, 2);
	*outlen = 2;
	return CARD_DATA;
}

static enum card_result
ntag_command(struct card *c, enum card_path path, const uint8_t *in,
    size_t n, uint8_t *out, size_t *outlen)
{
	uint8_t access = ntag_access(c);
	int compat = c->ntag_compat_page;

	c->ntag_compat_page = -1;
	if (compat >= 0 && n == 16)
		return ntag_write(c, (unsigned)compat, in);

	switch (in[0]) {
	case 0x60:		/* GET_VERSION */
		if (n != 1)
			return CARD_NAK;
		out[0] = 0x00;
		out[1] = 0x04;
		out[2] = 0x04;
		out[3] = 0x02;
		out[4] = 0x01;
		out[5] = 0x00;
		out[6] = kind_info(c->kind)->version_size;
		out[7] = 0x03;
		*outlen = 8;
		return CARD_DATA;
	case 0x30:		/* READ */
		if (n != 2)
			return CARD_NAK;
		return ntag_read(c, in[1], out, outlen);
	case 0x3a:		/* FAST_READ */
		if (n != 3)
			return CARD_NAK;
		return ntag_fast_read(c, in[1], in[2], out, outlen);
	case 0xa2:		/* WRITE */
		if (n != 6)
			return CARD_NAK;
		return ntag_write(c, in[1], in + 2);
	case 0xa0:		/* COMPATIBILITY_WRITE */
		if (path == PATH_EASY && n == 18)
			return ntag_write(c, in[1], in + 2);
		if (path == PATH_RAW && n == 2 && in[1] >= 2 &&
		    in[1] < ntag_pages(c)) {
			c->ntag_compat_page = in[1];
			return CARD_ACK;
		}
		return CARD_NAK;
	case 0x39:		/* READ_CNT */
		if (n != 2 || in[1] != 0x02 || !(access & NTAG_NFC_CNT_EN))
			return CARD_NAK;
		if ((access & NTAG_NFC_CNT_PWD_PROT) && !c->ntag_auth)
			return CARD_NAK;
		out[0] = (uint8_t)(c->nfc_counter & 0xff);
		out[1] = (uint8_t)((c->nfc_counter >> 8) & 0xff);
		out[2] = (uint8_t)((c->nfc_counter >> 16) & 0xff);
		*outlen = 3;
		return CARD_DATA;
	case 0x1b:		/* PWD_AUTH */
		if (n != 5)
			return CARD_NAK;
		return ntag_pwd_auth(c, in + 1, out, outlen);
	case 0x3c:		/* READ_SIG */
		if (n != 2 || in[1] != 0x00)
			return CARD_NAK;
		memcpy(out, c->sig, sizeof c->sig);
		*outlen = sizeof c->sig;
		return CARD_DATA;
	default:
		return CARD_NAK;
	}
}

/* ---- MIFARE Classic 1K ---- */

/* Access condition C1C2C3 (as a 3-bit number) of block B (0..3) of the
 * sector whose trailer is T; -1 when the inverted copies disagree, which a
 * real card treats as a blocked sector. */
static int
mfc_cond(const uint8_t *t, unsigned b)
{
	unsigned c1 = (t[7] >> (4 + b)) & 1, c2 = (t[8] >> b) & 1;
	unsigned c3 = (t[8] >> (4 + b)) & 1;
	unsigned n1 = (t[6] >> b) & 1, n2 = (t[6] >> (4 + b)) & 1;
	unsigned n3 = (t[7] >> b) & 1;

	if (c1 == n1 || c2 == n2 || c3 == n3)
		return -1;
	return (int)(c1 << 2 | c2 << 1 | c3);
}

/* Rights on a data block, indexed by C1C2C3. */
static const uint8_t mfc_data_read[8] = {
	KA | KB, KA | KB, KA | KB, KB, KA | KB, KB, KA | KB, 0
};
static const uint8_t mfc_data_write[8] = {
	KA | KB, 0, 0, KB, KB, 0, KB, 0
};

/* Rights on the parts of a sector trailer, indexed by C1C2C3. */
static const struct {
	uint8_t keya_w, acc_r, acc_w, keyb_r, keyb_w;
} mfc_trailer[8] = {
	{ KA, KA, 0, KA, KA },			/* 000 */
	{ KA, KA, KA, KA, KA },			/* 001, transport */
	{ 0, KA, 0, KA, 0 },			/* 010 */
	{ KB, KA | KB, KB, 0, KB },		/* 011 */
	{ KB, KA | KB, 0, 0, KB },		/* 100 */
	{ 0, KA | KB, KB, 0, 0 },		/* 101 */
	{ 0, KA | KB, 0, 0, 0 },		/* 110 */
	{ 0, KA | KB, 0, 0, 0 },		/* 111 */
};

/* AUTH 60/61 block key[6] uid[4]: the PN532 runs Crypto1, so it comes
 * down to comparing the key and the UID. */
static enum card_result
mfc_auth(struct card *c, const uint8_t *in, size_t n)
{
	const uint8_t *t;
	unsigned block = in[1];
	int key = in[0] == 0x61;

	c->mfc_sector = -1;
	if (n != 12 || block >= 64 ||
	    memcmp(in + 8, c->uid + c->uid_len - 4, 4) != 0)
		return CARD_NAK;
	t = c->mem + (block / 4 * 4 + 3) * 16;
	if (memcmp(in + 2, key ? t + 10 : t, 6) != 0)
		return CARD_NAK;
	c->mfc_sector = (int)(block / 4);
	c->mfc_key = key;
	return CARD_ACK;
}

/* The rights of the authenticated key: a key B that the trailer lets key A
 * read is data, not a key, and opens nothing. */
static uint8_t
mfc_mask(const struct card *c, int tcond, uint8_t rights)
{
	uint8_t who = c->mfc_key ? KB : KA;

	if (c->mfc_key && (tcond == 0 || tcond == 1 || tcond == 2))
		return 0;
	return rights & who;
}

static enum card_result
mfc_read(struct card *c, unsigned block, uint8_t *out, size_t *outlen)
{
	const uint8_t *t = c->mem + (block / 4 * 4 + 3) * 16;
	int tcond = mfc_cond(t, 3), cond = mfc_cond(t, block % 4);

	if (tcond < 0 || cond < 0)
		return CARD_NAK;
	if (block % 4 == 3) {
		memset(out, 0, 16);
		if (mfc_mask(c, tcond, mfc_trailer[tcond].acc_r))
			memcpy(out + 6, t + 6, 4);
		if (mfc_mask(c, tcond, mfc_trailer[tcond].keyb_r))
			memcpy(out + 10, t + 10, 6);
	} else {
		if (!mfc_mask(c, tcond, mfc_data_read[cond]))
			return CARD_NAK;
		memcpy(out, c->mem + block * 16, 16);
	}
	*outlen = 16;
	return CARD_DATA;
}

static enum card_result
mfc_write(struct card *c, unsigned block, const uint8_t *d)
{
	uint8_t *t = c->mem + (block / 4 * 4 + 3) * 16;
	int tcond = mfc_cond(t, 3), cond = mfc_cond(t, block % 4);
	bool ka, acc, kb;

	if (tcond < 0 || cond < 0 || block == 0)
		return CARD_NAK;
	if (block % 4 != 3) {
		if (!mfc_mask(c, tcond, mfc_data_write[cond]))
			return CARD_NAK;
		memcpy(c->mem + block * 16, d, 16);
		return CARD_ACK;
	}
	ka = mfc_mask(c, tcond, mfc_trailer[tcond].keya_w) != 0;
	acc = mfc_mask(c, tcond, mfc_trailer[tcond].acc_w) != 0;
	kb = mfc_mask(c, tcond, mfc_trailer[tcond].keyb_w) != 0;
	if (!ka && !acc && !kb)
		return CARD_NAK;
	if (ka)
		memcpy(t, d, 6);
	if (acc)
		memcpy(t + 6, d + 6, 4);
	if (kb)
		memcpy(t + 10, d + 10, 6);
	return CARD_ACK;
}

static enum card_result
mfc_command(struct card *c, enum card_path path, const uint8_t *in,
    size_t n, uint8_t *out, size_t *outlen)
{
	/* Raw frames would need Crypto1, which only the PN532 speaks. */
	if (path == PATH_RAW)
		return CARD_SILENT;
	switch (in[0]) {
	case 0x60:
	case 0x61:
		return mfc_auth(c, in, n);
	case 0x30:
		if (n != 2 || in[1] >= 64 || c->mfc_sector != in[1] / 4)
			return CARD_NAK;
		return mfc_read(c, in[1], out, outlen);
	case 0xa0:
		if (n != 18 || in[1] >= 64 || c->mfc_sector != in[1] / 4)
			return CARD_NAK;
		return mfc_write(c, in[1], in + 2);
	default:
		return CARD_NAK;
	}
}

/* ---- foreign ISO 14443-4 card ---- */

/* The foreign card: RATS, then blocks (raw) or APDUs (easy framing), every
 * APDU answered "file not found". */
static enum card_result
iso_command(struct card *c, enum card_path path, const uint8_t *in,
    size_t n, uint8_t *out, size_t *outlen)
{
	uint8_t pcb = in[0];
	size_t hdr;

	if (!c->iso_l4) {
		if (in[0] != 0xe0 || n != 2)
			return CARD_SILENT;
		memcpy(out, c->ats, c->ats_len);
		*outlen = c->ats_len;
		c->iso_l4 = true;
		c->iso_block = 1;
		return CARD_DATA;
	}
	if (path == PATH_EASY) {
		/* The PN532 wraps the APDU in blocks itself. */
		out[0] = 0x6a;
		out[1] = 0x82;
		*outlen = 2;
		return CARD_DATA;
	}
	hdr = 1 + ((pcb & 0x08) ? 1 : 0);
	if (n < hdr)
		return CARD_SILENT;
	memcpy(out, in, hdr);		/* PCB and CID come back as sent */
	if ((pcb & 0xe2) == 0x02) {	/* I-block */
		c->iso_block = pcb & 1;
		if (pcb & 0x10) {	/* chaining: acknowledge, wait */
			out[0] = (uint8_t)(0xa2 | (pcb & 0x09));
			*outlen = hdr;
			return CARD_DATA;
		}
		out[0] = (uint8_t)(pcb & 0x0b);
		out[hdr] = 0x6a;
		out[hdr + 1] = 0x82;
		*outlen = hdr + 2;
		return CARD_DATA;
	}
	if ((pcb & 0xe6) == 0xa2) {	/* R-block: answer R(ACK) */
		out[0] = (uint8_t)(0xa2 | (pcb & 0x08) | c->iso_block);
		*outlen = hdr;
		return CARD_DATA;
	}
	if ((pcb & 0xf7) == 0xc2) {	/* S(DESELECT) */
		*outlen = hdr;
		session_reset(c);
		return CARD_DATA;
	}
	return CARD_SILENT;
}

/* ---- the ISO 14443-3 layer, for raw frames ---- */

/* Cascade level LEVEL (1..3) of the UID: four bytes and their BCC. */
static bool
cascade(const struct card *c, int level, uint8_t *out)
{
	const uint8_t *u = c->uid;

	if (c->uid_len == 4 && level == 1) {
		memcpy(out, u, 4);
	} else if (c->uid_len == 7 && level == 1) {
		out[0] = 0x88;
		memcpy(out + 1, u, 3);
	} else if (c->uid_len == 7 && level == 2) {
		memcpy(out, u + 3, 4);
	} else {
		return false;
	}
	out[4] = (uint8_t)(out[0] ^ out[1] ^ out[2] ^ out[3]);
	return true;
}

/* REQA/WUPA, anticollision and select sent raw, as nfc-anticol does. */
static enum card_result
layer3(struct card *c, const uint8_t *in, size_t n, unsigned bits,
    uint8_t *out, size_t *outlen)
{
	uint8_t atqa[2], sak, cl[5];
	int level;

	if (bits == 7 && n == 1 && (in[0] == 0x26 || in[0] == 0x52)) {
		card_atqa_sak(c, atqa, &sak);
		session_reset(c);
		c->anticol_level = 1;
		out[0] = atqa[1];	/* on air, LSB first */
		out[1] = atqa[0];
		*outlen = 2;
		return CARD_DATA;
	}
	if (bits != 0)
		return CARD_SILENT;
	level = in[0] == 0x93 ? 1 : in[0] == 0x95 ? 2 : in[0] == 0x97 ? 3 : 0;
	if (level == 0 || level != c->anticol_level || !cascade(c, level, cl))
		return CARD_SILENT;
	if (n == 2 && in[1] == 0x20) {
		memcpy(out, cl, 5);
		*outlen = 5;
		return CARD_DATA;
	}
	if (n == 7 && in[1] == 0x70 && memcmp(in + 2, cl, 5) == 0) {
		card_atqa_sak(c, atqa, &sak);
		if (cascade(c, level + 1, cl)) {
			c->anticol_level = level + 1;
			out[0] = 0x04;	/* cascade bit: UID not complete */
		} else {
			card_select(c, false);
			out[0] = sak;
		}
		*outlen = 1;
		return CARD_DATA;
	}
	return CARD_SILENT;
}

enum card_result
card_command(struct card *c, enum card_path path, const uint8_t *in,
    size_t n, unsigned bits, uint8_t *out, size_t *outlen)
{
	enum card_result r;

	*outlen = 0;
	if (n == 0)
		return CARD_SILENT;
	if (path == PATH_RAW && (bits != 0 || c->anticol_level > 0))
		return layer3(c, in, n, bits, out, outlen);
	if (!c->active)
		return CARD_SILENT;
	if (n == 2 && in[0] == 0x50 && in[1] == 0x00) {	/* HLTA */
		session_reset(c);
		return CARD_SILENT;
	}
	if (is_ntag(c))
		r = ntag_command(c, path, in, n, out, outlen);
	else if (c->kind == CARD_MFC1K)
		r = mfc_command(c, path, in, n, out, outlen);
	else
		r = iso_command(c, path, in, n, out, outlen);
	/* A NAK sends the card back to idle; the reader must select it
	 * again. */
	if (r == CARD_NAK)
		session_reset(c);
	return r;
}

/* ---- image files ---- */

static int
hex_nibble(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

long
card_hex_decode(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ':')
			s++;
		if (*s == '\0' || *s == '\n' || *s == '\r')
			return (long)n;
		hi = hex_nibble((unsigned char)s[0]);
		lo = hex_nibble((unsigned char)s[1]);
		if (hi < 0 || lo < 0 || n == max)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
}

/* Is S a memory line: hex digits, perhaps with blanks between them? */
static bool
all_hex(const char *s)
{
	bool any = false;

	for (; *s != '\0' && *s != '\n' && *s != '\r'; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (!isxdigit((unsigned char)*s))
			return false;
		any = true;
	}
	return any;
}

/* Checks a loaded image (LINES memory lines read) and settles the UID:
 * a uid line names the chip, and the UID bytes and check bytes in memory
 * are made to agree with it (they are read-only on a real chip, so a copy
 * of the memory onto another chip shows that chip's UID); without one the
 * UID comes from the memory, whose check bytes must be right. Returns 0, or
 * -1 with a message in CAUSE. */
static int
check_image(struct card *c, const char *path, unsigned lines, char *cause,
    size_t causelen)
{
	size_t unit = c->kind == CARD_MFC1K ? 16 : 4;
	size_t want = c->kind == CARD_NTAG213 || c->kind == CARD_NTAG215 ||
	    c->kind == CARD_NTAG216 ? 7 : 4;
	const uint8_t *m = c->mem;

	if (c->uid_len != 0 && (c->uid_len != want || c->uid[0] == 0x88))
		return fail(cause, causelen, "%s: a %s needs a %zu-byte uid",
		    path, card_kind_name(c->kind), want);
	if (c->kind == CARD_FOREIGN) {
		if (c->uid_len == 0)
			return fail(cause, causelen, "%s: no uid line", path);
		if (c->ats_len == 0) {
			memcpy(c->ats, default_ats, sizeof default_ats);
			c->ats_len = sizeof default_ats;
		}
		if (c->ats[0] != c->ats_len)
			return fail(cause, causelen,
			    "%s: ats length byte is not %zu", path,
			    c->ats_len);
		return 0;
	}
	if (lines * unit != c->mem_len)
		return fail(cause, causelen, "%s: %u memory lines, want %zu",
		    path, lines, c->mem_len / unit);
	if (c->uid_len == 0 && c->kind == CARD_MFC1K) {
		if ((m[0] ^ m[1] ^ m[2] ^ m[3]) != m[4])
			return fail(cause, causelen, "%s: bad BCC in block 0",
			    path);
		memcpy(c->uid, m, 4);
	} else if (c->uid_len == 0) {
		if ((0x88 ^ m[0] ^ m[1] ^ m[2]) != m[3] ||
		    (m[4] ^ m[5] ^ m[6] ^ m[7]) != m[8])
			return fail(cause, causelen, "%s: bad BCC0 or BCC1",
			    path);
		memcpy(c->uid, m, 3);
		memcpy(c->uid + 3, m + 4, 4);
	}
	c->uid_len = want;
	place_uid(c);
	if (is_ntag(c))
		memset(c->mem + ntag_pwd(c) * 4, 0, 8);
	return 0;
}

/* Applies the image line "KEY VAL". Returns 0, or -1 with a message in
 * CAUSE. */
static int
set_field(struct card *c, const char *key, const char *val, char *cause,
    size_t causelen)
{
	uint8_t buf[CARD_ATS_MAX];
	long n;
	char *end;
	unsigned long u;

	if (strcmp(key, "kind") == 0) {
		if (c->kind != CARD_NONE)
			return fail(cause, causelen, "kind given twice");
		c->kind = card_kind_parse(val);
		if (c->kind == CARD_NONE)
			return fail(cause, causelen, "unknown kind '%s'", val);
		c->mem_len = is_ntag(c) ? (size_t)ntag_pages(c) * 4 :
		    c->kind == CARD_MFC1K ? 64 * 16 : 0;
		if (is_ntag(c))
			memset(c->pwd, 0xff, sizeof c->pwd);
		return 0;
	}
	if (strcmp(key, "auth-failures") == 0 || strcmp(key, "counter") == 0) {
		errno = 0;
		u = strtoul(val, &end, 10);
		if (errno != 0 || end == val || *end != '\0' || u > 0xffffff)
			return fail(cause, causelen, "bad %s '%s'", key, val);
		if (key[0] == 'a')
			c->auth_failures = (unsigned)u;
		else
			c->nfc_counter = (uint32_t)u;
		return 0;
	}
	n = card_hex_decode(val, buf, sizeof buf);
	if (strcmp(key, "signature") == 0 && n == 32)
		memcpy(c->sig, buf, 32);
	else if (strcmp(key, "pwd") == 0 && n == 4)
		memcpy(c->pwd, buf, 4);
	else if (strcmp(key, "pack") == 0 && n == 2)
		memcpy(c->pack, buf, 2);
	else if (strcmp(key, "uid") == 0 && n > 0 && n <= CARD_UID_MAX) {
		memcpy(c->uid, buf, (size_t)n);
		c->uid_len = (size_t)n;
	} else if (strcmp(key, "ats") == 0 && n > 0) {
		memcpy(c->ats, buf, (size_t)n);
		c->ats_len = (size_t)n;
	} else
		return fail(cause, causelen, "bad line '%s %s'", key, val);
	return 0;
}

int
card_load(struct card *out, const char *path, char *cause, size_t causelen)
{
	struct card c;
	FILE *f;
	char line[512], *p, *val;
	unsigned lineno = 0, lines = 0;
	size_t unit;
	long n;
	int rc = -1;

	memset(&c, 0, sizeof c);
	if ((f = fopen(path, "r")) == NULL) {
		fail(cause, causelen, "%s: %s", path, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		if (all_hex(p)) {
			unit = c.kind == CARD_MFC1K ? 16 : 4;
			if (c.kind == CARD_NONE || c.kind == CARD_FOREIGN ||
			    (lines + 1) * unit > c.mem_len) {
				fail(cause, causelen,
				    "%s:%u: unexpected memory line", path,
				    lineno);
				goto out;
			}
			n = card_hex_decode(p, c.mem + lines * unit, unit);
			if (n != (long)unit) {
				fail(cause, causelen, "%s:%u: want %zu bytes",
				    path, lineno, unit);
				goto out;
			}
			lines++;
			continue;
		}
		val = p + strcspn(p, " \t");
		if (*val != '\0')
			*val++ = '\0';
		val += strspn(val, " \t");
		if (strcmp(p, "kind") != 0 && c.kind == CARD_NONE) {
			fail(cause, causelen, "%s:%u: the kind line comes first",
			    path, lineno);
			goto out;
		}
		if (set_field(&c, p, val, cause, causelen) != 0) {
			size_t l = strlen(cause);

			snprintf(cause + l, causelen - l, " (%s:%u)", path,
			    lineno);
			goto out;
		}
	}
	if (ferror(f)) {
		fail(cause, causelen, "%s: read error", path);
		goto out;
	}
	if (c.kind == CARD_NONE) {
		fail(cause, causelen, "%s: no kind line", path);
		goto out;
	}
	if (check_image(&c, path, lines, cause, causelen) != 0)
		goto out;
	session_reset(&c);
	*out = c;
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	return rc;
}

static void
put_hex(FILE *f, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc('\n', f);
}

int
card_save(const struct card *c, const char *path, char *cause,
    size_t causelen)
{
	FILE *f;
	size_t unit, i;
	int rc = -1;

	if ((f = fopen(path, "w")) == NULL)
		return fail(cause, causelen, "%s: %s", path, strerror(errno));
	fprintf(f, "# pn532-sim card image (see drivers/pn532-sim.md)\n");
	fprintf(f, "kind %s\n", card_kind_name(c->kind));
	fprintf(f, "uid ");
	put_hex(f, c->uid, c->uid_len);
	if (c->kind == CARD_FOREIGN) {
		fprintf(f, "ats ");
		put_hex(f, c->ats, c->ats_len);
	}
	if (is_ntag(c)) {
		fprintf(f, "signature ");
		put_hex(f, c->sig, sizeof c->sig);
		fprintf(f, "pwd ");
		put_hex(f, c->pwd, sizeof c->pwd);
		fprintf(f, "pack ");
		put_hex(f, c->pack, sizeof c->pack);
		fprintf(f, "auth-failures %u\n", c->auth_failures);
		fprintf(f, "counter %u\n", (unsigned)c->nfc_counter);
	}
	unit = c->kind == CARD_MFC1K ? 16 : 4;
	for (i = 0; i + unit <= c->mem_len; i += unit)
		put_hex(f, c->mem + i, unit);
	if (ferror(f)) {
		fail(cause, causelen, "%s: write error", path);
		goto out;
	}
	rc = 0;
out:
	if (fclose(f) != 0 && rc == 0)
		rc = fail(cause, causelen, "%s: %s", path, strerror(errno));
	return rc;
}
