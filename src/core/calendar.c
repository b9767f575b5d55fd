/*
 * calendar.c - service hours, closed days and due times (see calendar.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "operator.h"
#include "calendar.h"
#include "rules.h"
#include "valid.h"

static int
hhmm(const char *s)
{
	int h, m;

	if (s == NULL || sscanf(s, "%2d:%2d", &h, &m) != 2)
		return -1;
	return h * 60 + m;
}

static int
is_holiday(const struct calendar *cal, long day)
{
	int lo = 0, hi = cal->nholidays - 1, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (cal->holidays[mid] == day)
			return 1;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
	return (int)(((day % 7) + 7 + 4) % 7);
}

/* The opening and closing minute of day, or 0 when closed. */
static int
hours(const struct calendar *cal, long day, int *open, int *close)
{
	int wd = weekday(day);

	if (cal->opens[wd] < 0 || is_holiday(cal, day))
		return 0;
	*open = cal->opens[wd];
	*close = cal->closes[wd];
	return 1;
}

int
calendar_open_at(const struct calendar *cal, time_t t)
{
	long local = (long)t + WIB_OFFSET, day = local / 86400;
	int min = (int)(local % 86400 / 60), open, close;

	return hours(cal, day, &open, &close) && min >= open && min < close;
}

int
calendar_add(const struct calendar *cal, time_t from, int minutes, time_t *due)
{
	long local = (long)from + WIB_OFFSET, day = local / 86400, end = day + 731;
	long sec = local % 86400, remain = (long)minutes * 60, start;
	int open, close;

	for (; day < end; day++, sec = 0) {
		if (!hours(cal, day, &open, &close))
			continue;
		start = sec > open * 60L ? sec : open * 60L;
		if (start >= close * 60L)
			continue;
		if (remain <= close * 60L - start) {
			*due = (time_t)(day * 86400 + start + remain - WIB_OFFSET);
			return 0;
		}
		remain -= close * 60L - start;
	}
	return KT_EFAIL;
}

int
calendar_due(const struct calendar *cal, time_t from, time_t *due)
{
	return calendar_add(cal, from, cal->due_minutes, due);
}

int
calendar_load(struct store *st, struct calendar *cal, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_date d;
	char buf[32];
	int rc, i;

	memset(cal, 0, sizeof *cal);
	for (i = 0; i < 7; i++)
		cal->opens[i] = cal->closes[i] = -1;
	cal->due_minutes = 510;
	if (store_setting(st, "due_service_minutes", buf, sizeof buf, NULL) == 0 &&
	    atoi(buf) > 0)
		cal->due_minutes = atoi(buf);
	if ((rc = store_prepare(st, "SELECT weekday, opens, closes FROM service_hours", &s,
	    e)) != 0)
		return rc;
	while (store_step(s) == STORE_ROW) {
		i = store_col_int(s, 0);
		if (i < 0 || i > 6)
			continue;
		cal->opens[i] = hhmm(store_col_text(s, 1));
		cal->closes[i] = hhmm(store_col_text(s, 2));
		if (cal->opens[i] < 0 || cal->closes[i] <= cal->opens[i])
			cal->opens[i] = cal->closes[i] = -1;
	}
	store_finalize(s);
	/* The nearest years only: enough for any due time. */
	if ((rc = store_prepare(st, "SELECT date FROM holidays WHERE date >= date('now', '-1 year')"
	    " OR date >= date(?, 'unixepoch', '-1 year') ORDER BY date", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, (long long)store_now(st));
	while (store_step(s) == STORE_ROW && cal->nholidays < CALENDAR_MAX_HOLIDAYS)
		if (valid_date(store_col_text(s, 0), &d, NULL) == 0)
			cal->holidays[cal->nholidays++] = date_days(&d);
	store_finalize(s);
	return 0;
}

int
calendar_holiday_set(struct store *st, const char *op, const char *date, const char *name,
    const char *kind, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct kt_date d;
	char day[11], text[121];
	long long opid;
	int rc;

	if ((rc = operator_require(st, op, "admin", _("change the calendar"), &opid, e)) != 0)
		return rc;
	if ((rc = valid_date(date, &d, e)) != 0 ||
	    (rc = valid_text(name, _("holiday name"), 120, text, e)) != 0)
		return rc;
	if (kind == NULL)
		kind = "local";
	if (strcmp(kind, "national") != 0 && strcmp(kind, "cuti-bersama") != 0 &&
	    strcmp(kind, "local") != 0)
		return kt_error(e, KT_EUSAGE, _("the kind is national, cuti-bersama or local"));
	date_format(&d, day, sizeof day);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "INSERT INTO holidays (date, name, kind) VALUES (?, ?, ?)"
	    " ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind",
	    &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, day);
	store_bind_text(s, 2, text);
	store_bind_text(s, 3, kind);
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	rc = store_commit(st, e);
out:
	store_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
calendar_holiday_remove(struct store *st, const char *op, const char *date,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct kt_date d;
	char day[11];
	long long opid;
	int rc;

	if ((rc = operator_require(st, op, "admin", _("change the calendar"), &opid, e)) != 0)
		return rc;
	if ((rc = valid_date(date, &d, e)) != 0)
		return rc;
	date_format(&d, day, sizeof day);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "DELETE FROM holidays WHERE date = ?", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, day);
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	if (store_changes(st) == 0) {
		rc = kt_error(e, KT_ENOTFOUND, _("%s is not a holiday"), day);
		goto out;
	}
	rc = store_commit(st, e);
out:
	store_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
calendar_list_hours(struct store *st,
    int (*cb)(int weekday, const char *opens, const char *closes, void *), void *arg,
    struct kt_err *e)
{
	struct store_stmt *s;
	const char *o[7] = { 0 }, *c[7] = { 0 };
	char buf[7][2][6];
	int rc, i, stop = 0;

	if ((rc = store_prepare(st, "SELECT weekday, opens, closes FROM service_hours", &s,
	    e)) != 0)
		return rc;
	while (store_step(s) == STORE_ROW) {
		i = store_col_int(s, 0);
		if (i < 0 || i > 6)
			continue;
		snprintf(buf[i][0], 6, "%s", store_col_text(s, 1));
		snprintf(buf[i][1], 6, "%s", store_col_text(s, 2));
		o[i] = buf[i][0];
		c[i] = buf[i][1];
	}
	store_finalize(s);
	/* Monday first, as the office's notice lists them. */
	for (i = 1; i <= 7 && !stop; i++)
		stop = cb(i % 7, o[i % 7], c[i % 7], arg);
	return stop;
}

int
calendar_list_holidays(struct store *st, int year,
    int (*cb)(const char *date, const char *name, const char *kind, void *), void *arg,
    struct kt_err *e)
{
	struct store_stmt *s;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT date, name, kind FROM holidays WHERE ?1 = 0"
	    " OR substr(date, 1, 4) = printf('%04d', ?1) ORDER BY date", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, year);
	while (!stop && (rc = store_step(s)) == STORE_ROW)
		stop = cb(store_col_text(s, 0),
		    store_col_text(s, 1),
		    store_col_text(s, 2), arg);
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
