/*
 * calendar.h - the service calendar: service hours per weekday, the days the
 * office is closed, and the due time of one working day counted in service
 * hours.  All in WIB (UTC+7); times in and out are time_t (UTC).
 *
 * The arithmetic (calendar_due, calendar_open_at) is pure: it works on a
 * struct calendar filled by calendar_load or by hand (the unit tests).
 */
#ifndef KARTU_CALENDAR_H
#define KARTU_CALENDAR_H

#include <stdio.h>
#include <time.h>

#include "store.h"
#include "wib.h"


#define CALENDAR_MAX_HOLIDAYS 512

struct calendar {
	int opens[7], closes[7];	/* minutes after midnight; opens < 0: closed
					   that weekday (0 Sunday .. 6 Saturday) */
	long holidays[CALENDAR_MAX_HOLIDAYS];	/* days since 1970-01-01, sorted */
	int nholidays;
	int due_minutes;		/* service minutes in one working day */
};

/* Read the hours, the holidays and due_service_minutes from the store. */
int calendar_load(struct store *st, struct calendar *cal, struct kt_err *e);

/* Is the office open at t (a service hour of an open day)? */
int calendar_open_at(const struct calendar *cal, time_t t);

/* The moment minutes of service time after from: time outside service hours
 * and closed days do not count; a count that ends at a closing time ends
 * there.  KT_EFAIL (no *due) when the calendar is closed for two years. */
int calendar_add(const struct calendar *cal, time_t from, int minutes, time_t *due);

/* The due time of something submitted at from: one working day later. */
int calendar_due(const struct calendar *cal, time_t from, time_t *due);

/* Maintaining the closed days (an admin, op): add or change the holiday on
 * date (kind national, cuti-bersama or local), or remove it (KT_ENOTFOUND if
 * there is none).  One transaction each. */
int calendar_holiday_set(struct store *st, const char *op, const char *date,
    const char *name, const char *kind, struct kt_err *e);
int calendar_holiday_remove(struct store *st, const char *op, const char *date,
    struct kt_err *e);

/* A holiday of a file of holidays, checked: date YYYY-MM-DD, name, kind
 * (national, cuti-bersama or local). */
struct holiday {
	char date[11];
	char name[121];
	char kind[16];
	long line;
};

/* Read a CSV file of holidays (csv.h: a header line with the columns date,
 * name and kind, in English or Indonesian: tanggal, nama, jenis; the kind may
 * be left out, local then; the words nasional, cuti bersama, daerah or lokal
 * are taken for the codes; a day as YYYY-MM-DD or DD-MM-YYYY).  cb gets each
 * row, checked as 'holiday add' checks one; a row that is not is KT_EUSAGE
 * naming its line and column, and a non-zero cb stops the reading with its
 * code.  Outside input: no store, so the fuzz target runs it. */
int calendar_read_holidays(FILE *f, int (*cb)(const struct holiday *, void *), void *arg,
    struct kt_err *e);

/* kartu calendar import: every holiday of f (as calendar_read_holidays) added
 * or changed in one transaction by an admin, op; nothing is changed when a
 * row is wrong.  *added and *changed count the new days and those whose name
 * or kind changed. */
int calendar_import(struct store *st, const char *op, FILE *f, long *added, long *changed,
    struct kt_err *e);

/* The service hours (weekday 0 Sunday .. 6 Saturday, opens/closes NULL when
 * closed) and the holidays of year (0: all); strings live until cb returns. */
int calendar_list_hours(struct store *st,
    int (*cb)(int weekday, const char *opens, const char *closes, void *), void *arg,
    struct kt_err *e);
int calendar_list_holidays(struct store *st, int year,
    int (*cb)(const char *date, const char *name, const char *kind, void *), void *arg,
    struct kt_err *e);

#endif
