/*
 * calendar.c - service hours, closed days and due times (see calendar.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "operator.h"
#include "calendar.h"
#include "rules.h"
#include "csv.h"
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
	struct tm tm;
	time_t now;
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
	/* The nearest years only: enough for any due time.  From a year before
	 * the earlier of the clock and the real time (a clock fixed ahead
	 * still finds this year's days), as a UTC day. */
	now = store_now(st);
	if (time(NULL) < now)
		now = time(NULL);
	gmtime_r(&now, &tm);
	d.y = tm.tm_year + 1900 - 1;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	date_from_days(date_days(&d), &d);	/* 02-29 of a year before: 03-01 */
	date_format(&d, buf, sizeof buf);
	if ((rc = store_prepare(st, "SELECT date FROM holidays WHERE date >= ?1 ORDER BY date",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, buf);
	while (store_step(s) == STORE_ROW && cal->nholidays < CALENDAR_MAX_HOLIDAYS)
		if (valid_date(store_col_text(s, 0), &d, NULL) == 0)
			cal->holidays[cal->nholidays++] = date_days(&d);
	store_finalize(s);
	return 0;
}

/* Check a holiday as 'holiday add' takes it: a real date (YYYY-MM-DD), a
 * name of safe text, a kind of the three (NULL: local). */
static int
holiday_check(const char *date, const char *name, const char *kind, struct holiday *h,
    struct kt_err *e)
{
	struct kt_date d;
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = valid_date(date, &d, e)) != 0 ||
	    (rc = valid_text(name, _("holiday name"), 120, h->name, e)) != 0)
		return rc;
	if (kind == NULL)
		kind = "local";
	if (strcmp(kind, "national") != 0 && strcmp(kind, "cuti-bersama") != 0 &&
	    strcmp(kind, "local") != 0)
		return kt_error_at(e, KT_EUSAGE, "kind",
		    _("the kind is national, cuti-bersama or local"));
	date_format(&d, h->date, sizeof h->date);
	snprintf(h->kind, sizeof h->kind, "%s", kind);
	return 0;
}

/* Add or change the holiday h inside a transaction; *added 1 for a new day,
 * *changed 1 for a day whose name or kind changed. */
static int
holiday_put(struct store *st, const struct holiday *h, int *added, int *changed,
    struct kt_err *e)
{
	struct store_stmt *s;
	int rc, had = 0;

	*added = *changed = 0;
	if ((rc = store_prepare(st, "SELECT name = ?2 AND kind = ?3 FROM holidays WHERE date = ?1",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, h->date);
	store_bind_text(s, 2, h->name);
	store_bind_text(s, 3, h->kind);
	if (store_step(s) == STORE_ROW)
		had = store_col_int(s, 0) ? 2 : 1;
	store_finalize(s);
	if (had == 2)
		return 0;
	if ((rc = store_run(st, e, "INSERT INTO holidays (date, name, kind) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind",
	    "ttt", h->date, h->name, h->kind)) != 0)
		return rc;
	*added = had == 0;
	*changed = had == 1;
	return 0;
}

int
calendar_holiday_set(struct store *st, const char *op, const char *date, const char *name,
    const char *kind, struct kt_err *e)
{
	struct holiday h;
	long long opid;
	int rc, added, changed;

	if ((rc = operator_require(st, op, "admin", _("change the calendar"), &opid, e)) != 0)
		return rc;
	if ((rc = holiday_check(date, name, kind, &h, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = holiday_put(st, &h, &added, &changed, e)) == 0)
		rc = store_commit(st, e);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

enum { H_DATE, H_NAME, H_KIND, H_COUNT };

/* The header names of each column, English and Indonesian. */
static const struct {
	int col;
	const char *name;
} header_names[] = {
	{ H_DATE, "date" }, { H_DATE, "tanggal" }, { H_DATE, "tgl" },
	{ H_NAME, "name" }, { H_NAME, "nama" }, { H_NAME, "keterangan" },
	{ H_KIND, "kind" }, { H_KIND, "jenis" },
};

/* The words for the kinds a spreadsheet may hold, and their codes. */
static const struct {
	const char *word, *code;
} kind_words[] = {
	{ "national", "national" }, { "nasional", "national" }, { "libur nasional", "national" },
	{ "cuti-bersama", "cuti-bersama" }, { "cuti bersama", "cuti-bersama" },
	{ "local", "local" }, { "lokal", "local" }, { "daerah", "local" },
	{ "libur daerah", "local" },
};

/* A field without the blanks around it, in buf. */
static const char *
trimmed(const char *s, char *buf, size_t len)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	snprintf(buf, len, "%s", s);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	return buf;
}

/* The problem of the row on line, naming the line and the column. */
static int
row_error(struct kt_err *e, int rc, long line)
{
	char msg[sizeof e->msg], field[32];

	if (e == NULL)
		return rc;
	snprintf(msg, sizeof msg, "%s", e->msg);
	snprintf(field, sizeof field, "%s", e->field);
	return kt_error_at(e, rc, field, _("line %ld: %s"), line, msg);
}

int
calendar_read_holidays(FILE *f, int (*cb)(const struct holiday *, void *), void *arg,
    struct kt_err *e)
{
	static const char *const colname[H_COUNT] = { "date", "name", "kind" };
	struct csv *c;
	struct holiday h;
	char date[CSV_MAX_RECORD + 1], name[CSV_MAX_RECORD + 1], kind[64], iso[11];
	const char *k;
	int map[H_COUNT] = { -1, -1, -1 }, rc, i;
	size_t j;
	long rows = 0;

	/* The record buffer is large: not on the stack. */
	if ((c = calloc(1, sizeof *c)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	csv_init(c, f);
	if ((rc = csv_read(c, e)) != 1) {
		if (rc == 0)
			rc = kt_error(e, KT_EUSAGE, _("the file is empty: a header line date, name,"
			    " kind first"));
		goto out;
	}
	for (i = 0; i < c->nfields; i++)
		for (j = 0; j < sizeof header_names / sizeof header_names[0]; j++)
			if (strcasecmp(trimmed(c->field[i], kind, sizeof kind),
			    header_names[j].name) == 0 && map[header_names[j].col] < 0)
				map[header_names[j].col] = i;
	for (i = 0; i < H_KIND; i++)
		if (map[i] < 0) {
			rc = kt_error(e, KT_EUSAGE, _("line %ld: no column '%s' in the header"
			    " (date, name, kind)"), c->line, colname[i]);
			goto out;
		}
	while ((rc = csv_read(c, e)) == 1) {
		rows++;
		if (map[H_DATE] >= c->nfields || map[H_NAME] >= c->nfields) {
			rc = kt_error(e, KT_EUSAGE, _("line %ld: %d fields, the header has more"),
			    c->line, c->nfields);
			break;
		}
		trimmed(c->field[map[H_DATE]], date, sizeof date);
		trimmed(c->field[map[H_NAME]], name, sizeof name);
		k = NULL;
		if (map[H_KIND] >= 0 && map[H_KIND] < c->nfields &&
		    trimmed(c->field[map[H_KIND]], kind, sizeof kind)[0] != '\0') {
			k = kind;
			for (j = 0; j < sizeof kind_words / sizeof kind_words[0]; j++)
				if (strcasecmp(kind, kind_words[j].word) == 0)
					k = kind_words[j].code;
		}
		/* DD-MM-YYYY (or DD/MM/YYYY) as a spreadsheet in Indonesia writes it. */
		if (strlen(date) == 10 && (date[2] == '-' || date[2] == '/') &&
		    date[5] == date[2]) {
			snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date + 6, date + 3, date);
			snprintf(date, sizeof date, "%s", iso);
		}
		if ((rc = holiday_check(date, name, k, &h, e)) != 0) {
			rc = row_error(e, rc, c->line);
			break;
		}
		h.line = c->line;
		if ((rc = cb(&h, arg)) != 0)
			break;
	}
	if (rc == 0 && rows == 0)
		rc = kt_error(e, KT_EUSAGE, _("the file has a header and no holidays"));
out:
	free(c);
	return rc;
}

struct import_walk {
	struct store *st;
	struct kt_err *e;
	long added, changed;
	char seen[CALENDAR_MAX_HOLIDAYS * 4][11];
	int nseen;
};

static int
import_one(const struct holiday *h, void *arg)
{
	struct import_walk *w = arg;
	int i, added, changed, rc;

	/* One day given twice in one file is a mistake, not a change. */
	for (i = 0; i < w->nseen; i++)
		if (strcmp(w->seen[i], h->date) == 0)
			return kt_error_at(w->e, KT_EUSAGE, "date", _("line %ld: %s is in the file"
			    " twice"), h->line, h->date);
	if (w->nseen == (int)(sizeof w->seen / sizeof w->seen[0]))
		return kt_error(w->e, KT_EUSAGE, _("line %ld: more than %d holidays in one file"),
		    h->line, w->nseen);
	snprintf(w->seen[w->nseen++], sizeof w->seen[0], "%s", h->date);
	if ((rc = holiday_put(w->st, h, &added, &changed, w->e)) != 0)
		return rc;
	w->added += added;
	w->changed += changed;
	return 0;
}

int
calendar_import(struct store *st, const char *op, FILE *f, long *added, long *changed,
    struct kt_err *e)
{
	struct import_walk *w;
	long long opid;
	int rc;

	*added = *changed = 0;
	if ((rc = operator_require(st, op, "admin", _("change the calendar"), &opid, e)) != 0)
		return rc;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	w->st = st;
	w->e = e;
	if ((rc = store_begin(st, e)) != 0)
		goto out;
	if ((rc = calendar_read_holidays(f, import_one, w, e)) == 0)
		rc = store_commit(st, e);
	if (rc != 0)
		store_rollback(st);
	else {
		*added = w->added;
		*changed = w->changed;
	}
out:
	free(w);
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
	char y[16];
	int rc, stop = 0;

	snprintf(y, sizeof y, "%04d", year);
	if ((rc = store_prepare(st, "SELECT date, name, kind FROM holidays WHERE ?1 = 0"
	    " OR substr(date, 1, 4) = ?2 ORDER BY date", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, year);
	store_bind_text(s, 2, y);
	while (!stop && (rc = store_step(s)) == STORE_ROW)
		stop = cb(store_col_text(s, 0),
		    store_col_text(s, 1),
		    store_col_text(s, 2), arg);
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
