/*
 * report.h - the reports for the head of the office: is the service standard
 * kept?  For a day or a month (WIB): cards issued by category, replacements
 * by reason, refusals and rejections by reason, the share of cards issued
 * within one working day of the application, complaints by channel and state.
 * Every figure is counted by SQL from the store; there are no fees to report
 * (the service is free).
 */
#ifndef KARTU_REPORT_H
#define KARTU_REPORT_H

#include <stddef.h>

#include "store.h"

enum report_section {
	REPORT_ISSUED, REPORT_REPLACED, REPORT_REFUSED, REPORT_ON_TIME, REPORT_COMPLAINTS,
	REPORT_NSECTIONS
};

struct report_row {
	enum report_section section;
	char item[160];
	long long count;
};

struct report {
	char kind[8];		/* daily or monthly */
	char first[11], last[11];	/* the period's days, WIB, inclusive */
	char library[200];
	struct report_row *rows;
	size_t nrows;
	long long issued_apps, on_time;	/* applications issued in the period, and
					   those by their due time */
};

/* The section's name as a CSV key: issued-by-category, ... */
const char *report_section_key(enum report_section s);

/* Count the figures of kind ("daily" or "monthly") for the day or month of
 * date (YYYY-MM-DD).  Free r with report_free. */
int report_make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e);
void report_free(struct report *r);

/* Render r as an A4 PDF with a bar chart per section. */
int report_pdf(const struct report *r, const char *path, struct kt_err *e);

#endif
