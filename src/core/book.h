/*
 * book.h - the handover book: the day's handovers as A4 PDF pages to print and
 * have signed, or to keep beside the paper book.
 */
#ifndef KARTU_BOOK_H
#define KARTU_BOOK_H

#include "store.h"

/* One line of the book; strings live until the callback returns. */
struct book_entry {
	int no;
	const char *time;	/* HH:MM WIB */
	const char *signed_name, *member_no, *card_no;
	const char *phone_masked;
	int phone_changed;
	const char *via;	/* how the code was delivered: "sms" (the
				   station's gateway) or "shown" (on the
				   screen, read out on a call) */
	const char *officer;
};

/* The handovers of date (YYYY-MM-DD, a day in WIB), in order. */
int book_entries(struct store *st, const char *date,
    int (*cb)(const struct book_entry *, void *), void *arg, struct kt_err *e);

/* Render the book of date to a PDF at path: a heading with the library's
 * name and the date, then per handover its number, name as signed, card
 * number, phone verified (by SMS or by a call) and an empty signature box; *entries gets how many.
 * A day without handovers gives one page saying so. */
int book_render(struct store *st, const char *date, const char *path, int *entries,
    struct kt_err *e);

#endif
