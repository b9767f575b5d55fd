/*
 * printq.h - the print queue: the cards waiting to be printed.  A card with a
 * printed medium ('printed', 'chip+printed') whose print was never verified
 * (printed_at unset: card_printed sets it once its barcodes are read back),
 * and a card marked to be printed again after a correction (reprints:
 * member_reprinted clears the mark).  Lost, damaged, replaced and revoked
 * cards are never in it.  kartu print --queue prints it; the screens'
 * Cetak shows it.
 */
#ifndef KARTU_PRINTQ_H
#define KARTU_PRINTQ_H

#include "store.h"

struct printq_item {
	const char *card_no, *member_no, *name, *category_name, *media, *status;
	const char *created_at;	/* the card's, UTC */
	const char *reprint;	/* what changed ("name,category") for a reprint,
				   else NULL: a new card */
};

/* Call cb for each card of the queue, oldest card first; strings live until
 * cb returns, and a non-zero return from cb stops and is returned.  Reading
 * is for anyone who may print (the caller checks); nothing is written. */
int printq_list(struct store *st, int (*cb)(const struct printq_item *, void *), void *arg,
    struct kt_err *e);

/* How many cards wait (*n), for a count on a page. */
int printq_count(struct store *st, long long *n, struct kt_err *e);

#endif
