/*
 * report.h - the reports for the head of the office: is the service standard
 * kept?  For a day or a month (WIB): cards issued by category, members moved
 * from the old system (kartu import: no application, so neither issued nor
 * late), replacements by reason, refusals and rejections by reason, the share
 * of cards issued within one working day of the application, complaints by
 * channel and state.  The PDF is a letter the head can sign: the office's
 * letterhead, totals, labels for the codes, a signature block.
 * Every figure is counted by SQL from the store; there are no fees to report
 * (the service is free).
 */
#ifndef KARTU_REPORT_H
#define KARTU_REPORT_H

#include <stddef.h>

#include "store.h"

enum report_section {
	REPORT_ISSUED, REPORT_REPLACED, REPORT_REFUSED, REPORT_ON_TIME, REPORT_COMPLAINTS,
	REPORT_IMPORTED, REPORT_NSECTIONS
};

struct report_row {
	enum report_section section;
	char item[160];		/* the codes (CSV, JSON): "sd-sma", "refused: ..." */
	char label[200];	/* what people read: "SD - SMA", "tidak dilayani: ..." */
	long long count;
};

struct report {
	char kind[8];		/* daily or monthly */
	char first[11], last[11];	/* the period's days, WIB, inclusive */
	char library[200];
	char address[256], logo[1024], city[64];	/* settings; "" when unset */
	char head_name[128], head_title[128], head_nip[19];
	char today[11];		/* the day the report is made, WIB */
	struct report_row *rows;
	size_t nrows;
	long long issued_apps, on_time;	/* applications issued in the period, and
					   those by their due time */
};

/* The section's name as a CSV key: issued-by-category, ... */
const char *report_section_key(enum report_section s);

/* The section's title as people read it (translated): "Cards issued by
 * category". */
const char *report_section_title(enum report_section s);

/* The k-th section (0 .. REPORT_NSECTIONS - 1) in the order of the report on
 * paper, which a screen follows too. */
enum report_section report_section_at(int k);

/* Count the figures of kind ("daily" or "monthly") for the day or month of
 * date (YYYY-MM-DD).  Free r with report_free. */
int report_make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e);
void report_free(struct report *r);

/* Keep the count of members moved from the old system (no application) that
 * the report sums (table imported_counts, per hour and category): add delta
 * to the hour of member_id's created_at and category, if member_id has no
 * application; nothing otherwise.  Called inside the transaction that adds
 * such a member (+1 with its category) or changes its category (-1 with the
 * old, +1 with the new). */
int report_tally(struct store *st, long long member_id, const char *category, int delta,
    struct kt_err *e);
/* As report_tally, for the members of one UTC hour ("YYYY-MM-DDTHH") known
 * to be moved in: n of them (an import's counts, proc_pending_flush). */
int report_tally_hour(struct store *st, const char *hour, const char *category, long n,
    struct kt_err *e);

/* The sum of the counts of section s. */
long long report_total(const struct report *r, enum report_section s);

/* Render r as an A4 PDF: the letterhead (the library_logo, library_name and
 * library_address settings), a bar chart and a total per section, and the
 * signature block (library_city, the day, head_title, head_name, head_nip;
 * blank lines to write them in where unset).  A logo that cannot be read is
 * an error naming it. */
int report_pdf(const struct report *r, const char *path, struct kt_err *e);

#endif
