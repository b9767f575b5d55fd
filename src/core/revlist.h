/*
 * revlist.h - the station's revocation list: the cards of the register that
 * must not pass at the desk (lost, replaced or damaged, blocked or revoked,
 * not finished, a member's term run out), with the time the list was taken,
 * kept in a file on the station so that the desk check still answers when the
 * register's server (PostgreSQL) cannot be reached (card.h,
 * card_check_tag_offline).
 *
 * The file (REVLIST_FILE in the key directory, mode 0600, written to a
 * temporary file, synced and renamed into place) is text:
 *
 *   kartu-revocation-list 1
 *   taken 2026-11-28T01:30:00Z
 *   library 6205
 *   register 41
 *   cards 2
 *   6205260000010013 LOST
 *   6205260000020011 BLOCKED
 *   mac 64 hex digits
 *
 * register the id of the audit trail's last entry when the list was taken
 * (audit_head.last_id: every change of a card or member moves it), then the
 * cards in ascending order of number (strcmp), each with the verdict its
 * record gives (EXPIRED, BLOCKED, LOST, REPLACED or UNFINISHED), and last the
 * keyed BLAKE2b-256 of every byte before the mac line, keyed with the
 * station's own list key (REVLIST_KEY_FILE beside it, 32 random bytes made
 * with the first list, mode 0600).  A file that does not verify is refused:
 * an edit (a card taken off the list) never goes unnoticed.  Nothing personal
 * is in it: no name, no NIK, no member number.
 */
#ifndef KARTU_REVLIST_H
#define KARTU_REVLIST_H

#include <stddef.h>
#include <time.h>

#include "card.h"
#include "err.h"
#include "store.h"

#define REVLIST_FILE "revocation.list"
#define REVLIST_KEY_FILE "revocation.key"
#define REVLIST_KEY_LEN 32
#define REVLIST_MAX_BYTES (64u << 20)	/* a larger file is refused */

struct revlist_entry {
	char card_no[CARDNO_MAX];
	enum verdict verdict;
};

struct revlist {
	time_t taken;		/* when the register was read (UTC) */
	char library[17];	/* the library code of the cards */
	long long register_id;	/* the audit trail's last id then */
	size_t n;
	struct revlist_entry *cards;	/* sorted by card_no; revlist_free */
};

/* Read the list from the register: every card that does not pass on the
 * register's day (store_today), as judge() in card.c answers it, taken at
 * store_now.  *l is filled (revlist_free it) on success. */
int revlist_take(struct store *st, struct revlist *l, struct kt_err *e);

/* Write l to dir/REVLIST_FILE atomically, its MAC keyed with
 * dir/REVLIST_KEY_FILE, which is made (never overwritten) when missing. */
int revlist_write(const char *dir, const struct revlist *l, struct kt_err *e);

/* The station's list brought up to date: revlist_take and revlist_write,
 * unless the list on disk verifies and nothing changed since it was taken
 * (the same audit id and library, the same WIB day, taken less than
 * REVLIST_FULL_S ago), when only its time is written anew: a one-shot desk
 * check pays for one small query, not for reading every revoked card.
 * *taken (may be NULL) gets the list's time. */
#define REVLIST_FULL_S (15 * 60)
int revlist_refresh(struct store *st, const char *dir, time_t *taken, struct kt_err *e);

/* Read dir's list and check its MAC: 0 with *l filled; KT_ENOTFOUND when the
 * station has no list (or no list key); KT_EREFUSED for a list that does not
 * verify or does not parse (edited, truncated, another station's). */
int revlist_load(const char *dir, struct revlist *l, struct kt_err *e);

/* Parse the n bytes of a list file (outside input: any bytes) and check its
 * MAC with key (REVLIST_KEY_LEN bytes).  KT_EREFUSED for anything wrong. */
int revlist_parse(const char *text, size_t n, const unsigned char *key, struct revlist *l,
    struct kt_err *e);

/* The entry of card_no, or NULL when the card is not on the list. */
const struct revlist_entry *revlist_find(const struct revlist *l, const char *card_no);

void revlist_free(struct revlist *l);

/* Whether a store note (store.h: another station's committed change) may
 * change the list: a card, a member, a replacement, a bulk change, or any
 * change on SQLite. */
int revlist_note_matters(const struct store_note *n);

#endif
