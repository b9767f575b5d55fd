/*
 * reader.c - the NFC reader through libnfc (see reader.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nfc/nfc.h>

#include "reader.h"

struct reader {
	nfc_context *ctx;
	nfc_device *dev;
	nfc_target target;
	volatile int aborted;
};

static const nfc_modulation type_a = { .nmt = NMT_ISO14443A, .nbr = NBR_106 };

const char *
tag_kind_name(enum tag_kind kind)
{
	switch (kind) {
	case TAG_NTAG213:
		return "ntag213";
	case TAG_NTAG215:
		return "ntag215";
	case TAG_NTAG216:
		return "ntag216";
	case TAG_MFC1K:
		return "mfc1k";
	case TAG_FOREIGN:
		return "foreign";
	default:
		return "none";
	}
}

static int
nfc_fail(struct reader *r, int res, const char *what, struct kt_err *e)
{
	if (res == NFC_ERFTRANS || res == NFC_ETGRELEASED)
		return kt_error(e, KT_EFAIL, _("the card left the reader during %s"), what);
	if (res == NFC_ETIMEOUT)
		return kt_error(e, KT_EFAIL, _("the reader did not answer in time (%s)"), what);
	if (res == NFC_EOPABORTED || r->aborted)
		return kt_error(e, KT_EFAIL, _("interrupted"));
	if (res == NFC_EMFCAUTHFAIL || res == NFC_ECHIP)
		return kt_error(e, KT_EREFUSED, _("the card refused %s"), what);
	return kt_error(e, KT_EFAIL, _("reader error during %s: %s"), what,
	    nfc_strerror(r->dev));
}

int
reader_open(const char *connstring, struct reader **out, struct kt_err *e)
{
	struct reader *r;
	int rc;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	nfc_init(&r->ctx);
	if (r->ctx == NULL) {
		free(r);
		return kt_error(e, KT_EFAIL, _("libnfc failed to initialise"));
	}
	r->dev = nfc_open(r->ctx, connstring);
	if (r->dev == NULL) {
		rc = kt_error(e, KT_EFAIL, _("cannot open the NFC reader %s (is it plugged in,"
		    " and is the connection string right?)"),
		    connstring != NULL ? connstring : _("(libnfc's default)"));
		goto fail;
	}
	if (nfc_initiator_init(r->dev) < 0 ||
	    nfc_device_set_property_bool(r->dev, NP_INFINITE_SELECT, false) < 0) {
		rc = nfc_fail(r, nfc_device_get_last_error(r->dev), _("opening"), e);
		goto fail;
	}
	*out = r;
	return 0;
fail:
	reader_close(r);
	return rc;
}

int
reader_list(char (*conns)[READER_CONN_MAX], int max, int *n, struct kt_err *e)
{
	nfc_connstring found[8];
	nfc_context *ctx;
	size_t got, i;

	*n = 0;
	nfc_init(&ctx);
	if (ctx == NULL)
		return kt_error(e, KT_EFAIL, _("libnfc failed to initialise"));
	got = nfc_list_devices(ctx, found, nitems(found));
	for (i = 0; i < got && *n < max; i++)
		snprintf(conns[(*n)++], READER_CONN_MAX, "%s", found[i]);
	nfc_exit(ctx);
	return 0;
}

void
reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->dev != NULL)
		nfc_close(r->dev);
	nfc_exit(r->ctx);
	free(r);
}

void
reader_abort(struct reader *r)
{
	r->aborted = 1;
	if (r->dev != NULL)
		nfc_abort_command(r->dev);
}

/* libnfc's default timeout (-1), so that a silent reader is an error, not a
 * hang at the desk. */
static int
transceive(struct reader *r, const uint8_t *tx, size_t txlen, uint8_t *rx, size_t rxlen,
    const char *what, struct kt_err *e)
{
	int res = nfc_initiator_transceive_bytes(r->dev, tx, txlen, rx, rxlen, -1);

	if (res < 0)
		return nfc_fail(r, res, what, e);
	return res;
}

/* A command outside the PN532's easy framing (GET_VERSION, PWD_AUTH, READ_SIG). */
static int
raw(struct reader *r, const uint8_t *tx, size_t txlen, uint8_t *rx, size_t rxlen,
    const char *what, struct kt_err *e)
{
	int res;

	if (nfc_device_set_property_bool(r->dev, NP_EASY_FRAMING, false) < 0)
		return nfc_fail(r, nfc_device_get_last_error(r->dev), what, e);
	res = transceive(r, tx, txlen, rx, rxlen, what, e);
	if (nfc_device_set_property_bool(r->dev, NP_EASY_FRAMING, true) < 0 && res >= 0)
		res = nfc_fail(r, nfc_device_get_last_error(r->dev), what, e);
	return res;
}

/* Tell the kind of the selected tag. */
static void
classify(struct reader *r, struct tag *t)
{
	const nfc_iso14443a_info *a = &r->target.nti.nai;
	uint8_t ver[8], cmd = 0x60;
	int tries;

	t->kind = TAG_FOREIGN;
	t->user_pages = t->cfg_page = 0;
	if (a->btSak == 0x08 && t->uidlen == 4) {
		t->kind = TAG_MFC1K;
		return;
	}
	if (a->btSak != 0x00 || a->abtAtqa[1] != 0x44 || t->uidlen != 7)
		return;
	/* Twice: a tag that NAKs (a bad contact) halts and is selected anew. */
	for (tries = 0; tries < 2; tries++) {
		if (raw(r, &cmd, 1, ver, sizeof ver, "GET_VERSION", NULL) == 8)
			break;
		nfc_initiator_select_passive_target(r->dev, type_a, t->uid, t->uidlen,
		    &r->target);
	}
	if (tries == 2 || ver[1] != 0x04 || ver[2] != 0x04)
		return;		/* a Type 2 tag that is no NTAG21x (Ultralight, ...) */
	switch (ver[6]) {
	case 0x0f:
		t->kind = TAG_NTAG213;
		t->user_pages = 36;
		t->cfg_page = 0x29;
		break;
	case 0x11:
		t->kind = TAG_NTAG215;
		t->user_pages = 126;
		t->cfg_page = 0x83;
		break;
	case 0x13:
		t->kind = TAG_NTAG216;
		t->user_pages = 222;
		t->cfg_page = 0xe3;
		break;
	}
}

static long
ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

int
reader_wait(struct reader *r, int timeout_ms, struct tag *t, struct kt_err *e)
{
	struct timespec start;
	int res;

	memset(t, 0, sizeof *t);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (r->aborted)
			return kt_error(e, KT_EFAIL, _("interrupted"));
		/* The PN532 polls by itself (InAutoPoll): 2 polls x 150 ms per call,
		 * so the host does not spin. */
		res = nfc_initiator_poll_target(r->dev, &type_a, 1, 2, 1, &r->target);
		if (res > 0)
			break;
		if (res < 0 && res != NFC_ETIMEOUT && res != NFC_ECHIP)
			return nfc_fail(r, res, _("waiting for a card"), e);
		if (timeout_ms >= 0 && ms_since(&start) >= timeout_ms)
			return kt_error(e, KT_ENOTFOUND, _("no card was tapped"));
	}
	t->uidlen = r->target.nti.nai.szUidLen;
	if (t->uidlen > sizeof t->uid)
		t->uidlen = sizeof t->uid;
	memcpy(t->uid, r->target.nti.nai.abtUid, t->uidlen);
	t->atqa = (uint16_t)(r->target.nti.nai.abtAtqa[0] << 8 | r->target.nti.nai.abtAtqa[1]);
	t->sak = r->target.nti.nai.btSak;
	classify(r, t);
	return 0;
}

int
reader_reselect(struct reader *r, const struct tag *t, struct kt_err *e)
{
	int res = nfc_initiator_select_passive_target(r->dev, type_a, t->uid, t->uidlen,
	    &r->target);

	if (res <= 0)
		return kt_error(e, KT_EFAIL, _("the card left the reader"));
	return 0;
}

int
reader_wait_removed(struct reader *r, int timeout_ms, struct kt_err *e)
{
	struct timespec start;
	struct timespec pause = { 0, 100 * 1000000L };

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (nfc_initiator_target_is_present(r->dev, NULL) == 0) {
		if (r->aborted)
			return kt_error(e, KT_EFAIL, _("interrupted"));
		if (timeout_ms >= 0 && ms_since(&start) >= timeout_ms)
			return kt_error(e, KT_EREFUSED, _("the card is still on the reader"));
		nanosleep(&pause, NULL);
	}
	return 0;
}

int
ntag_read(struct reader *r, int page, unsigned char out[16], struct kt_err *e)
{
	uint8_t cmd[2] = { 0x30, (uint8_t)page };
	int res = transceive(r, cmd, 2, out, 16, "READ", e);

	if (res < 0)
		return res;
	if (res != 16)
		return kt_error(e, KT_EREFUSED, _("the card refused to read page %d"), page);
	return 0;
}

int
ntag_fast_read(struct reader *r, int first, int last, unsigned char *out, struct kt_err *e)
{
	uint8_t cmd[3] = { 0x3a, (uint8_t)first, (uint8_t)last };
	size_t want;
	int res;

	if (first < 0 || last < first || last > 255 || last - first >= NTAG_FAST_PAGES)
		return kt_error(e, KT_EFAIL, _("pages %d to %d are not one FAST_READ"), first,
		    last);
	want = (size_t)(last - first + 1) * 4;
	if ((res = transceive(r, cmd, sizeof cmd, out, want, "FAST_READ", e)) < 0)
		return res;
	if ((size_t)res != want)
		return kt_error(e, KT_EREFUSED, _("the card refused to read pages %d to %d"),
		    first, last);
	return 0;
}

int
ntag_write(struct reader *r, int page, const unsigned char in[4], struct kt_err *e)
{
	uint8_t cmd[6] = { 0xa2, (uint8_t)page }, rx[4];
	int res;

	memcpy(cmd + 2, in, 4);
	res = transceive(r, cmd, sizeof cmd, rx, sizeof rx, "WRITE", e);
	return res < 0 ? res : 0;
}

int
ntag_pwd_auth(struct reader *r, const unsigned char pwd[4], unsigned char pack[2],
    struct kt_err *e)
{
	uint8_t cmd[5] = { 0x1b }, rx[4];
	int res;

	memcpy(cmd + 1, pwd, 4);
	if ((res = raw(r, cmd, sizeof cmd, rx, sizeof rx, "PWD_AUTH", e)) < 0)
		return res;
	if (res != 2)
		return kt_error(e, KT_EREFUSED, _("the card refused the password"));
	memcpy(pack, rx, 2);
	return 0;
}

int
ntag_read_sig(struct reader *r, unsigned char sig[32], struct kt_err *e)
{
	uint8_t cmd[2] = { 0x3c, 0x00 };
	int res = raw(r, cmd, sizeof cmd, sig, 32, "READ_SIG", e);

	if (res < 0)
		return res;
	return res == 32 ? 0 : kt_error(e, KT_EREFUSED, _("the card gave no signature"));
}

int
mfc_auth(struct reader *r, const struct tag *t, int block, int key_b,
    const unsigned char key[6], struct kt_err *e)
{
	uint8_t cmd[12] = { key_b ? 0x61 : 0x60, (uint8_t)block }, rx[4];
	int res;

	memcpy(cmd + 2, key, 6);
	memcpy(cmd + 8, t->uid + t->uidlen - 4, 4);
	res = transceive(r, cmd, sizeof cmd, rx, sizeof rx, "AUTH", e);
	return res < 0 ? res : 0;
}

int
mfc_read(struct reader *r, int block, unsigned char out[16], struct kt_err *e)
{
	uint8_t cmd[2] = { 0x30, (uint8_t)block };
	int res = transceive(r, cmd, 2, out, 16, "READ", e);

	if (res < 0)
		return res;
	return res == 16 ? 0 : kt_error(e, KT_EREFUSED, _("the card refused to read block %d"),
	    block);
}

int
mfc_write(struct reader *r, int block, const unsigned char in[16], struct kt_err *e)
{
	uint8_t cmd[18] = { 0xa0, (uint8_t)block }, rx[4];
	int res;

	memcpy(cmd + 2, in, 16);
	res = transceive(r, cmd, sizeof cmd, rx, sizeof rx, "WRITE", e);
	return res < 0 ? res : 0;
}
