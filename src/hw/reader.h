/*
 * reader.h - the NFC reader edge: one reader opened through libnfc from a
 * connection string, waiting for taps, and the tag commands kartu needs.
 *
 * This is the only module that talks to libnfc.  The same code runs against a
 * real reader at the desk and against drivers/pn532-sim in the tests: only
 * the connection string differs ("pn532_uart:/dev/ttyUSB0", "acr122_usb",
 * "pn532_uart:/dev/pts/3").
 */
#ifndef KARTU_READER_H
#define KARTU_READER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct reader;

enum tag_kind {
	TAG_NONE,
	TAG_NTAG213,
	TAG_NTAG215,
	TAG_NTAG216,
	TAG_MFC1K,	/* MIFARE Classic 1K */
	TAG_FOREIGN,	/* anything else: bank cards, e-money, other tags */
};

struct tag {
	enum tag_kind kind;
	unsigned char uid[10];
	size_t uidlen;
	uint16_t atqa;
	uint8_t sak;
	int user_pages;		/* NTAG: pages of user memory from page 4 */
	int cfg_page;		/* NTAG: the CFG0 page (AUTH0 is its byte 3) */
};

/* The name of a kind ("ntag215", "mfc1k", "foreign"). */
const char *tag_kind_name(enum tag_kind kind);

/* Open the reader at connstring (NULL: libnfc's default, which honours
 * LIBNFC_DEFAULT_DEVICE) and make it an initiator. */
int reader_open(const char *connstring, struct reader **out, struct kt_err *e);
void reader_close(struct reader *r);
/* The connection strings of the readers libnfc finds by itself (its own
 * scan, honouring LIBNFC_* settings and /etc/nfc), at most max of them. */
#define READER_CONN_MAX 1024
int reader_list(char (*conns)[READER_CONN_MAX], int max, int *n, struct kt_err *e);
/* Safe to call from a signal handler: makes a waiting reader_wait return
 * KT_EFAIL with an "interrupted" message. */
void reader_abort(struct reader *r);

/* Wait up to timeout_ms (< 0: for ever) for a card in the field, select it and
 * tell its kind.  KT_ENOTFOUND when the time ran out. */
int reader_wait(struct reader *r, int timeout_ms, struct tag *t, struct kt_err *e);
/* Select the card t again (after a failed MIFARE authentication the card
 * halts until it is selected anew). */
int reader_reselect(struct reader *r, const struct tag *t, struct kt_err *e);
/* Wait until the selected card has left the field (up to timeout_ms). */
int reader_wait_removed(struct reader *r, int timeout_ms, struct kt_err *e);

/* NTAG21x (NFC Forum Type 2) commands.  A NAK from the tag is KT_EREFUSED, a
 * card gone or a reader failure KT_EFAIL. */
int ntag_read(struct reader *r, int page, unsigned char out[16], struct kt_err *e);
/* FAST_READ: pages first..last (at most NTAG_FAST_PAGES of them) in one
 * exchange, into out (4 bytes a page).  A READ costs a round trip to the
 * reader for four pages; a record of 144 bytes is one FAST_READ instead of
 * nine READs, which the desk's tap waits for. */
#define NTAG_FAST_PAGES 32
int ntag_fast_read(struct reader *r, int first, int last, unsigned char *out,
    struct kt_err *e);
int ntag_write(struct reader *r, int page, const unsigned char in[4], struct kt_err *e);
int ntag_pwd_auth(struct reader *r, const unsigned char pwd[4], unsigned char pack[2],
    struct kt_err *e);
int ntag_read_sig(struct reader *r, unsigned char sig[32], struct kt_err *e);

/* MIFARE Classic: authenticate a sector with key A (key_b = 0) or B, read and
 * write one 16-byte block. */
int mfc_auth(struct reader *r, const struct tag *t, int block, int key_b,
    const unsigned char key[6], struct kt_err *e);
int mfc_read(struct reader *r, int block, unsigned char out[16], struct kt_err *e);
int mfc_write(struct reader *r, int block, const unsigned char in[16], struct kt_err *e);

#endif
