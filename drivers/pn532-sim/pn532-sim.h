/*
 * pn532-sim.h - shared state of the PN532 reader simulator.
 *
 * The simulator is three modules:
 *   pn532-sim.c       the process: options, pty, control socket, event loop;
 *   pn532-sim-chip.c  the PN532 host protocol (frames, commands, status bytes);
 *   pn532-sim-card.c  the cards in the field (NTAG21x, MIFARE Classic 1K, a
 *                     foreign ISO 14443-4 card) and their image files.
 * The chip calls the card through card_*; the process calls the chip through
 * chip_* and changes the card only through sim_put_card/sim_remove_card, so
 * that a select waiting for a card can be answered when one arrives.
 */
#ifndef PN532_SIM_H
#define PN532_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum card_kind {
	CARD_NONE,
	CARD_NTAG213,
	CARD_NTAG215,
	CARD_NTAG216,
	CARD_MFC1K,
	CARD_FOREIGN
};

/* How a command reached the card: through InDataExchange, where the PN532
 * does the MIFARE and ISO 14443-4 work itself, or raw through
 * InCommunicateThru. */
enum card_path { PATH_EASY, PATH_RAW };

/* What the card answered. */
enum card_result {
	CARD_DATA,	/* bytes in the answer buffer */
	CARD_ACK,	/* the 4-bit ACK (0x0A) */
	CARD_NAK,	/* a 4-bit NAK; the card has gone back to idle */
	CARD_SILENT	/* no answer at all: the reader times out */
};

#define CARD_MEM_MAX 1024	/* MIFARE Classic 1K: 64 blocks of 16 bytes */
#define CARD_UID_MAX 10
#define CARD_ATS_MAX 32
#define CARD_ANSWER_MAX 1024

struct card {
	enum card_kind kind;
	uint8_t uid[CARD_UID_MAX];
	size_t uid_len;
	uint8_t mem[CARD_MEM_MAX];	/* NTAG pages or MIFARE blocks */
	size_t mem_len;
	uint8_t ats[CARD_ATS_MAX];	/* foreign card: TL T0 ... */
	size_t ats_len;

	/* NTAG21x secrets and counters, part of the image. */
	uint8_t sig[32];
	uint8_t pwd[4];
	uint8_t pack[2];
	unsigned auth_failures;
	uint32_t nfc_counter;

	/* Session state, lost when the card leaves the field or the field
	 * goes off. */
	bool active;		/* selected, answers commands */
	bool ntag_auth;		/* PWD_AUTH succeeded */
	bool ntag_counted;	/* NFC counter already stepped this session */
	int ntag_compat_page;	/* raw COMPATIBILITY_WRITE waiting for data */
	int mfc_sector;		/* authenticated sector, or -1 */
	int mfc_key;		/* 0 key A, 1 key B */
	bool iso_l4;		/* ISO 14443-4 activated (RATS done) */
	uint8_t iso_block;	/* ISO 14443-4 block number */
	int anticol_level;	/* raw anticollision: cascade level reached */
};

/* The whole simulator; one instance, owned by main. */
struct sim {
	int master;		/* pty master: the "serial line" to the host */
	int slave;		/* kept open so the master never hangs up */
	FILE *log;		/* --log, or NULL */

	/* Bytes from the host not yet parsed into frames. */
	uint8_t rx[4096];
	size_t rx_len;

	/* PN532 state. */
	uint8_t reg[0x40];	/* CIU registers 0x6300..0x633F */
	uint8_t params;		/* SetParameters flags */
	bool field;		/* RF field on */
	uint8_t retry_passive;	/* MxRtyPassiveActivation, 0xFF forever */
	bool tg_listed;		/* target 1 exists in the chip's list */
	uint8_t tg_uid[CARD_UID_MAX];
	size_t tg_uid_len;

	/* A command waiting for a card: InListPassiveTarget or InAutoPoll. */
	uint8_t wait_cmd[64];
	size_t wait_len;
	bool wait_forever;
	struct timespec wait_until;

	/* The card in the field, and the one that last left it (for
	 * put-back). */
	bool present;
	struct card card;
	bool have_gone;
	struct card gone;

	/* Faults. */
	long remove_after;	/* -1 off */
	bool nak_next;
	bool timeout_next;

	bool quit;
};

/* Logging: a line "TAG hex..." to the log file, if any. */
void sim_log_hex(struct sim *, const char *, const uint8_t *, size_t);
void sim_log(struct sim *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes bytes to the host; never blocks (see pn532-sim.c). */
void sim_send(struct sim *, const uint8_t *, size_t);

/* Puts CARD in the field (replacing any card) or takes the card out; a
 * card that leaves is kept for put-back; a waiting select is answered at
 * once when a card arrives. */
void sim_put_card(struct sim *, const struct card *);
void sim_remove_card(struct sim *);

/* pn532-sim-chip.c */

/* Puts the chip in its power-up state: registers, parameters, field off, no
 * target, nothing waiting, receive buffer empty. Leaves the card alone. */
void chip_reset(struct sim *);

/* Takes N bytes from the host; every complete frame among the bytes received
 * so far is answered (through sim_send) before it returns. */
void chip_input(struct sim *, const uint8_t *, size_t);

/* A card has just been put in the field: a select waiting for one is
 * answered now. */
void chip_card_arrived(struct sim *);

/* Milliseconds until chip_tick has work (a polling period ends), or -1 when
 * nothing is timed: the poll(2) timeout of the event loop. */
int chip_wait_timeout_ms(struct sim *);

/* Answers an InAutoPoll whose polling time has run out. */
void chip_tick(struct sim *);

/* pn532-sim-card.c */
const char *card_kind_name(enum card_kind);
enum card_kind card_kind_parse(const char *);

/* Fills C with a factory-fresh card of KIND. UID (UID_LEN bytes) may be
 * NULL for a random one. Returns 0, or -1 with a message in CAUSE (a buffer
 * of CAUSELEN bytes). */
int card_new(struct card *, enum card_kind, const uint8_t *, size_t,
    char *, size_t);

/* Reads or writes an image file (format in pn532-sim.md). Return 0, or -1
 * with a message in CAUSE. card_load leaves C untouched on failure. */
int card_load(struct card *, const char *, char *, size_t);
int card_save(const struct card *, const char *, char *, size_t);

/* Writes the card's UID as hex ("04a1b2...") to BUF, which must hold
 * 2 * CARD_UID_MAX + 1 bytes. Returns BUF. */
char *card_uid_hex(const struct card *, char *);

/* The card's answer to a request for the target: ATQA (2 bytes, as the
 * PN532 reports them, MSB first) and SAK. */
void card_atqa_sak(const struct card *, uint8_t *, uint8_t *);

/* Session changes: the card was selected (by the reader's anticollision),
 * deselected, or lost the field. */
void card_select(struct card *, bool);
void card_deselect(struct card *);
void card_field_off(struct card *);

/* One command to the card. IN (INLEN bytes) has no CRC; for a short frame
 * BITS is the count of valid bits in the single byte (7), else 0. The answer
 * goes to OUT (CARD_ANSWER_MAX bytes), its length to OUTLEN. */
enum card_result card_command(struct card *, enum card_path, const uint8_t *,
    size_t, unsigned, uint8_t *, size_t *);

/* Decodes hex (bytes may be separated by spaces or ':') into at most MAX
 * bytes of OUT. Returns the count of bytes, or -1 on a bad digit or too many
 * bytes. */
long card_hex_decode(const char *, uint8_t *, size_t);

/* ISO/IEC 14443-3 CRC_A of BUF (LEN bytes), stored little-endian in CRC. */
void crc_a(const uint8_t *, size_t, uint8_t *);

#endif
