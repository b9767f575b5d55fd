/*
 * report.c - the reports for the head of the office (see report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wib.h"
#include "label.h"
#include "page.h"
#include "report.h"
#include "valid.h"

static const char *const keys[REPORT_NSECTIONS] = {
	"issued-by-category", "replacements-by-reason", "refusals-by-reason",
	"within-1-working-day", "complaints-by-channel-and-state", "moved-from-old-system",
};

static const char *const titles[REPORT_NSECTIONS] = {
	N_("Cards issued by category"), N_("Replacements by reason"),
	N_("Refusals and rejections by reason"),
	N_("Cards issued within 1 working day of the application"),
	N_("Complaints by channel and state"),
	N_("Members moved from the old system (imported, not issued here)"),
};

/* The order of the sections on paper: the imported members beside the cards
 * issued. */
static const enum report_section paper_order[REPORT_NSECTIONS] = {
	REPORT_ISSUED, REPORT_IMPORTED, REPORT_REPLACED, REPORT_REFUSED, REPORT_ON_TIME,
	REPORT_COMPLAINTS,
};

const char *
report_section_key(enum report_section s)
{
	return keys[s];
}

const char *
report_section_title(enum report_section s)
{
	return _(titles[s]);
}

enum report_section
report_section_at(int k)
{
	return paper_order[k];
}

long long
report_total(const struct report *r, enum report_section s)
{
	long long n = 0;
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].section == s)
			n += r->rows[i].count;
	return n;
}

static int
add_row(struct report *r, enum report_section sec, const char *item, const char *lbl,
    long long count, struct kt_err *e)
{
	struct report_row *n;

	if ((n = realloc(r->rows, (r->nrows + 1) * sizeof *n)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	r->rows = n;
	n = &r->rows[r->nrows++];
	n->section = sec;
	snprintf(n->item, sizeof n->item, "%s", item != NULL ? item : "");
	snprintf(n->label, sizeof n->label, "%s", lbl != NULL ? lbl : n->item);
	n->count = count;
	return 0;
}

/* Run sql (bound to the period's UTC bounds ?1, ?2): rows of item, a, b,
 * count, where a and b make the label as the section says. */
static int
section(struct store *st, struct report *r, enum report_section sec, const char *sql,
    const char *lo, const char *hi, struct kt_err *e)
{
	struct store_stmt *s;
	const char *a, *b;
	char lbl[200];
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, lo);
	store_bind_text(s, 2, hi);
	while ((rc = store_step(s)) == STORE_ROW) {
		a = store_col_text(s, 1);
		b = store_col_text(s, 2);
		if (sec == REPORT_REPLACED)
			snprintf(lbl, sizeof lbl, "%s", label(LABEL_CARD, a));
		else if (sec == REPORT_REFUSED)
			snprintf(lbl, sizeof lbl, "%s: %s", label(LABEL_STATE, a), b != NULL ? b : "-");
		else if (sec == REPORT_COMPLAINTS)
			snprintf(lbl, sizeof lbl, "%s / %s", label(LABEL_CHANNEL, a), b != NULL ? b : "-");
		else
			snprintf(lbl, sizeof lbl, "%s", a != NULL ? a : "-");
		if ((rc = add_row(r, sec, store_col_text(s, 0), lbl, store_col_int(s, 3), e)) != 0)
			break;
	}
	rc = rc == STORE_DONE ? 0 : rc < 0 ? rc : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* A setting into buf, "" when it is not set. */
static void
setting(struct store *st, const char *key, char *buf, size_t len)
{
	if (store_setting(st, key, buf, len, NULL) != 0)
		buf[0] = '\0';
}

static int make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e);

/* Every section from one snapshot of the register (store_begin_read): the
 * totals of a report agree with each other while the desks go on. */
int
report_make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e)
{
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = store_begin_read(st, e)) != 0)
		return rc;
	rc = make(st, kind, date, r, e);
	store_end_read(st);
	return rc;
}

static int
make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e)
{
	struct kt_date d, end, today;
	struct store_stmt *s;
	char lo[WIB_STAMP], hi[WIB_STAMP], lo_hour[14], hi_hour[14];
	int rc;

	memset(r, 0, sizeof *r);
	if (kind == NULL || (strcmp(kind, "daily") != 0 && strcmp(kind, "monthly") != 0))
		return kt_error(e, KT_EUSAGE, _("the report is daily or monthly"));
	if ((rc = valid_date(date, &d, e)) != 0)
		return rc;
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	if (kind[0] == 'm') {
		d.d = 1;
		end = d;
		if (++end.m > 12) {
			end.m = 1;
			end.y++;
		}
	} else
		date_from_days(date_days(&d) + 1, &end);
	date_format(&d, r->first, sizeof r->first);
	date_from_days(date_days(&end) - 1, &end);
	date_format(&end, r->last, sizeof r->last);
	wib_bounds(&d, &end, lo, hi);
	/* The same bounds as hours ('2026-11-27T17'): a WIB day starts on one. */
	snprintf(lo_hour, sizeof lo_hour, "%.13s", lo);
	snprintf(hi_hour, sizeof hi_hour, "%.13s", hi);
	setting(st, "library_name", r->library, sizeof r->library);
	setting(st, "library_address", r->address, sizeof r->address);
	setting(st, "library_logo", r->logo, sizeof r->logo);
	setting(st, "library_city", r->city, sizeof r->city);
	setting(st, "head_name", r->head_name, sizeof r->head_name);
	setting(st, "head_title", r->head_title, sizeof r->head_title);
	setting(st, "head_nip", r->head_nip, sizeof r->head_nip);
	store_today(st, &today);
	date_format(&today, r->today, sizeof r->today);
	/* Cards issued: not the first card of a member moved from the old
	 * system (no application), which is counted apart.  Two parts, each
	 * read through its own index (0024) so that a month of imports (every
	 * imported member's first card) is not walked card by card: the first
	 * card of a member from an application, made with the member in the
	 * issue step (the same time), found from the members issued in the
	 * period; and every later card (a replacement). */
	if ((rc = section(st, r, REPORT_ISSUED, "SELECT x.category, coalesce(k.name,"
	    " x.category), NULL, sum(x.n) FROM (SELECT m.category, count(*) AS n FROM members m"
	    " JOIN cards c ON c.member_id = m.id AND c.issue_no = 1 WHERE m.application_id IS"
	    " NOT NULL AND m.created_at >= ?1 AND m.created_at < ?2 AND c.created_at >= ?1"
	    " AND c.created_at < ?2 GROUP BY m.category UNION ALL SELECT m.category, count(*)"
	    " FROM cards c JOIN members m ON m.id = c.member_id WHERE c.issue_no > 1 AND"
	    " c.created_at >= ?1 AND c.created_at < ?2 GROUP BY m.category) x LEFT JOIN"
	    " categories k ON k.code = x.category GROUP BY x.category, k.name"
	    " ORDER BY x.category",
	    lo, hi, e)) != 0 ||
	    /* The members moved in, per category: the sums of their counts per
	     * hour (0025, report_tally), a few hundred rows for a month. */
	    (rc = section(st, r, REPORT_IMPORTED, "SELECT c.category, coalesce(k.name,"
	    " c.category), NULL, sum(c.n) FROM imported_counts c LEFT JOIN categories k"
	    " ON k.code = c.category WHERE c.hour >= ?1 AND c.hour < ?2 GROUP BY c.category,"
	    " k.name HAVING sum(c.n) > 0 ORDER BY c.category", lo_hour, hi_hour, e)) != 0 ||
	    (rc = section(st, r, REPORT_REPLACED, "SELECT reason, reason, NULL, count(*)"
	    " FROM replacements WHERE at >= ?1 AND at < ?2 GROUP BY reason ORDER BY reason",
	    lo, hi, e)) != 0 ||
	    (rc = section(st, r, REPORT_REFUSED, "SELECT state || ': ' || coalesce(reason, '-'),"
	    " state, reason, count(*) FROM applications WHERE state IN ('refused', 'rejected')"
	    " AND updated_at >= ?1 AND updated_at < ?2 GROUP BY state, reason ORDER BY 1", lo, hi,
	    e)) != 0 ||
	    (rc = section(st, r, REPORT_COMPLAINTS, "SELECT channel || ' / ' || status, channel,"
	    " status, count(*) FROM complaints WHERE created_at >= ?1 AND created_at < ?2"
	    " GROUP BY channel, status ORDER BY channel, CASE status WHEN 'diterima' THEN 0"
	    " WHEN 'dianalisis' THEN 1 WHEN 'ditindaklanjuti' THEN 2 ELSE 3 END", lo, hi, e)) != 0)
		goto fail;
	/* Applications issued in the period, and those issued by their due time. */
	if ((rc = store_prepare(st, "SELECT count(*), count(*) FILTER (WHERE"
	    " a.due_at IS NOT NULL AND e.at <= a.due_at) FROM app_events e JOIN applications a"
	    " ON a.id = e.application_id WHERE e.step = 'issue' AND e.at >= ?1 AND e.at < ?2",
	    &s, e)) != 0)
		goto fail;
	store_bind_text(s, 1, lo);
	store_bind_text(s, 2, hi);
	if (store_step(s) == STORE_ROW) {
		r->issued_apps = store_col_int(s, 0);
		r->on_time = store_col_int(s, 1);
	}
	store_finalize(s);
	if ((rc = add_row(r, REPORT_ON_TIME, "issued", _("issued from applications"),
	    r->issued_apps, e)) != 0 ||
	    (rc = add_row(r, REPORT_ON_TIME, "on-time", _("within 1 working day"), r->on_time,
	    e)) != 0 ||
	    (rc = add_row(r, REPORT_ON_TIME, "late", _("later"), r->issued_apps - r->on_time,
	    e)) != 0)
		goto fail;
	return 0;
fail:
	report_free(r);
	return rc;
}

int
report_tally(struct store *st, long long member_id, const char *category, int delta,
    struct kt_err *e)
{
	return store_run(st, e, "INSERT INTO imported_counts (hour, category, n)"
	    " SELECT substr(created_at, 1, 13), ?2, CAST(?3 AS INTEGER) FROM members"
	    " WHERE id = ?1 AND application_id IS NULL ON CONFLICT (hour, category)"
	    " DO UPDATE SET n = imported_counts.n + excluded.n", "iti", member_id, category,
	    (long long)delta);
}

int
report_tally_hour(struct store *st, const char *hour, const char *category, long n,
    struct kt_err *e)
{
	return store_run(st, e, "INSERT INTO imported_counts (hour, category, n)"
	    " VALUES (?1, ?2, CAST(?3 AS INTEGER)) ON CONFLICT (hour, category)"
	    " DO UPDATE SET n = imported_counts.n + excluded.n", "tti", hour, category,
	    (long long)n);
}

void
report_free(struct report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* The bars: label column, bar area, count; in mm. */
#define LABEL_X 15.0
#define BAR_X 95.0
#define BAR_W 85.0
#define BAR_H 4.0
#define LINE_H 6.0
#define BAR_GREY 0.35

/* The letterhead (kop surat): the logo at the left, the office's name and
 * address centred, a double rule under them.  Returns the y below it. */
static int
letterhead(struct page *pg, const struct report *r, double *y, struct kt_err *e)
{
	int rc;

	if (r->logo[0] != '\0' && (rc = page_image(pg, r->logo, LABEL_X, 10, 22, NULL, e)) != 0)
		return rc;
	/* Centred in the room right of the logo. */
	page_text(pg, LABEL_X + 25, 13, PAGE_W - 2 * LABEL_X - 25, 13, 1, 1, r->library);
	page_text(pg, LABEL_X + 25, 22, PAGE_W - 2 * LABEL_X - 25, 9, 0, 1, r->address);
	page_line(pg, LABEL_X, 34, PAGE_W - LABEL_X, 34);
	page_rect(pg, LABEL_X, 34.8, PAGE_W - 2 * LABEL_X, 0.8, 0);
	*y = 42;
	return 0;
}

/* The signature block at the right: the place and day, the head's title,
 * room to sign, the name and NIP (dotted lines where a setting is unset). */
static void
signature(struct page *pg, const struct report *r, double y)
{
	char buf[300], day[16];
	const double x = 105, w = PAGE_W - LABEL_X - x;

	label_date(r->today, day, sizeof day);
	snprintf(buf, sizeof buf, "%s, %s", r->city[0] != '\0' ? r->city : "..........", day);
	page_text(pg, x, y, w, 10, 0, 1, buf);
	page_text(pg, x, y + 6, w, 10, 0, 1, r->head_title[0] != '\0' ? r->head_title :
	    _("Head of the office"));
	page_text(pg, x, y + 30, w, 10, 1, 1, r->head_name[0] != '\0' ? r->head_name :
	    "(..............................)");
	snprintf(buf, sizeof buf, _("NIP %s"), r->head_nip[0] != '\0' ? r->head_nip :
	    "..............................");
	page_text(pg, x, y + 36, w, 10, 0, 1, buf);
}

int
report_pdf(const struct report *r, const char *path, struct kt_err *e)
{
	struct page *pg;
	char buf[200], n[32], m[32];
	double y, w;
	long long max;
	size_t i;
	int rc, k, sec, any;

	if ((rc = page_open(path, &pg, e)) != 0)
		return rc;
	if ((rc = letterhead(pg, r, &y, e)) != 0) {
		page_close(pg, NULL);
		return rc;
	}
	snprintf(buf, sizeof buf, r->kind[0] == 'm' ? _("Monthly report on the member-card"
	    " service") : _("Daily report on the member-card service"));
	page_text(pg, PAGE_W / 2, y, 0, 13, 1, 1, buf);
	label_date(r->first, n, sizeof n);
	label_date(r->last, m, sizeof m);
	if (strcmp(r->first, r->last) == 0)
		snprintf(buf, sizeof buf, _("Period: %s (WIB)"), n);
	else
		snprintf(buf, sizeof buf, _("Period: %s to %s (WIB)"), n, m);
	page_text(pg, PAGE_W / 2, y + 7, 0, 9, 0, 1, buf);
	y += 18;
	for (k = 0; k < REPORT_NSECTIONS; k++) {
		sec = (int)paper_order[k];
		if (y > PAGE_H - 40) {
			page_next(pg);
			y = 20;
		}
		page_text(pg, LABEL_X, y, 0, 11, 1, 0, _(titles[sec]));
		y += 8;
		if (sec == REPORT_ON_TIME) {
			/* One bar: the share on time of 100 %. */
			page_rect(pg, BAR_X, y, BAR_W, BAR_H, -1);
			if (r->issued_apps > 0)
				page_rect(pg, BAR_X, y, BAR_W * (double)r->on_time /
				    (double)r->issued_apps, BAR_H, BAR_GREY);
			label_count(r->on_time, n, sizeof n);
			label_count(r->issued_apps, m, sizeof m);
			if (r->issued_apps > 0)
				snprintf(buf, sizeof buf, _("%s of %s (%.0f%%)"), n, m,
				    100.0 * (double)r->on_time / (double)r->issued_apps);
			else
				snprintf(buf, sizeof buf, _("no cards issued"));
			page_text(pg, LABEL_X, y, BAR_X - LABEL_X - 3, 9, 0, 0, buf);
			y += LINE_H + 6;
			continue;
		}
		max = 0;
		any = 0;
		for (i = 0; i < r->nrows; i++)
			if ((int)r->rows[i].section == sec && r->rows[i].count > max)
				max = r->rows[i].count;
		for (i = 0; i < r->nrows; i++) {
			if ((int)r->rows[i].section != sec)
				continue;
			any = 1;
			if (y > PAGE_H - 20) {
				page_next(pg);
				y = 20;
			}
			page_text(pg, LABEL_X, y, BAR_X - LABEL_X - 3, 9, 0, 0, r->rows[i].label);
			w = max > 0 ? BAR_W * (double)r->rows[i].count / (double)max : 0;
			page_rect(pg, BAR_X, y, w, BAR_H, BAR_GREY);
			label_count(r->rows[i].count, n, sizeof n);
			page_text(pg, BAR_X + w + 2, y - 0.3, 0, 9, 0, 0, n);
			y += LINE_H;
		}
		if (!any) {
			page_text(pg, LABEL_X, y, 0, 9, 0, 0, _("none"));
			y += LINE_H;
		} else {
			page_line(pg, LABEL_X, y - 0.5, PAGE_W - LABEL_X, y - 0.5);
			page_text(pg, LABEL_X, y + 0.5, BAR_X - LABEL_X - 3, 9, 1, 0, _("Total"));
			label_count(report_total(r, (enum report_section)sec), n, sizeof n);
			page_text(pg, PAGE_W - LABEL_X, y + 0.5, 0, 9, 1, 2, n);
			y += LINE_H + 1;
		}
		y += 6;
	}
	if (y > PAGE_H - 65) {
		page_next(pg);
		y = 20;
	}
	page_text(pg, LABEL_X, y, 0, 8, 0, 0, _("The service is free of charge."));
	signature(pg, r, y + 8);
	return page_close(pg, e);
}
