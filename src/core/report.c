/*
 * report.c - the reports for the head of the office (see report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wib.h"
#include "page.h"
#include "report.h"
#include "valid.h"

static const char *const keys[REPORT_NSECTIONS] = {
	"issued-by-category", "replacements-by-reason", "refusals-by-reason",
	"within-1-working-day", "complaints-by-channel-and-state",
};

static const char *const titles[REPORT_NSECTIONS] = {
	N_("Cards issued by category"), N_("Replacements by reason"),
	N_("Refusals and rejections by reason"),
	N_("Cards issued within 1 working day of the application"),
	N_("Complaints by channel and state"),
};

const char *
report_section_key(enum report_section s)
{
	return keys[s];
}

static int
add_row(struct report *r, enum report_section sec, const char *item, long long count,
    struct kt_err *e)
{
	struct report_row *n;

	if ((n = realloc(r->rows, (r->nrows + 1) * sizeof *n)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	r->rows = n;
	n = &r->rows[r->nrows++];
	n->section = sec;
	snprintf(n->item, sizeof n->item, "%s", item != NULL ? item : "");
	n->count = count;
	return 0;
}

/* Run sql (bound to the period's UTC bounds ?1, ?2): rows of item, count. */
static int
section(struct store *st, struct report *r, enum report_section sec, const char *sql,
    const char *lo, const char *hi, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, lo);
	store_bind_text(s, 2, hi);
	while ((rc = store_step(s)) == STORE_ROW)
		if ((rc = add_row(r, sec, store_col_text(s, 0),
		    store_col_int(s, 1), e)) != 0)
			break;
	rc = rc == STORE_DONE ? 0 : rc < 0 ? rc : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
report_make(struct store *st, const char *kind, const char *date, struct report *r,
    struct kt_err *e)
{
	struct kt_date d, end;
	struct store_stmt *s;
	char lo[WIB_STAMP], hi[WIB_STAMP];
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
	if (store_setting(st, "library_name", r->library, sizeof r->library, NULL) != 0)
		r->library[0] = '\0';
	if ((rc = section(st, r, REPORT_ISSUED, "SELECT m.category, count(*) FROM cards c"
	    " JOIN members m ON m.id = c.member_id WHERE c.created_at >= ?1 AND c.created_at < ?2"
	    " GROUP BY m.category ORDER BY m.category", lo, hi, e)) != 0 ||
	    (rc = section(st, r, REPORT_REPLACED, "SELECT reason, count(*) FROM replacements"
	    " WHERE at >= ?1 AND at < ?2 GROUP BY reason ORDER BY reason", lo, hi, e)) != 0 ||
	    (rc = section(st, r, REPORT_REFUSED, "SELECT state || ': ' || coalesce(reason, '-'),"
	    " count(*) FROM applications WHERE state IN ('refused', 'rejected')"
	    " AND updated_at >= ?1 AND updated_at < ?2 GROUP BY 1 ORDER BY 1", lo, hi, e)) != 0 ||
	    (rc = section(st, r, REPORT_COMPLAINTS, "SELECT channel || ' / ' || status, count(*)"
	    " FROM complaints WHERE created_at >= ?1 AND created_at < ?2 GROUP BY channel, status"
	    " ORDER BY channel, CASE status WHEN 'diterima' THEN 0 WHEN 'dianalisis' THEN 1"
	    " WHEN 'ditindaklanjuti' THEN 2 ELSE 3 END", lo, hi, e)) != 0)
		goto fail;
	/* Applications issued in the period, and those issued by their due time. */
	if ((rc = store_prepare(st, "SELECT count(*), coalesce(sum(a.due_at IS NOT NULL"
	    " AND e.at <= a.due_at), 0) FROM app_events e JOIN applications a"
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
	if ((rc = add_row(r, REPORT_ON_TIME, "issued", r->issued_apps, e)) != 0 ||
	    (rc = add_row(r, REPORT_ON_TIME, "on-time", r->on_time, e)) != 0 ||
	    (rc = add_row(r, REPORT_ON_TIME, "late", r->issued_apps - r->on_time, e)) != 0)
		goto fail;
	return 0;
fail:
	report_free(r);
	return rc;
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

int
report_pdf(const struct report *r, const char *path, struct kt_err *e)
{
	struct page *pg;
	char buf[200];
	double y = 40, w;
	long long max;
	size_t i;
	int rc, sec, any;

	if ((rc = page_open(path, &pg, e)) != 0)
		return rc;
	snprintf(buf, sizeof buf, r->kind[0] == 'm' ? _("Monthly report on the member-card"
	    " service") : _("Daily report on the member-card service"));
	page_text(pg, PAGE_W / 2, 12, 0, 14, 1, 1, buf);
	page_text(pg, PAGE_W / 2, 20, 0, 9, 0, 1, r->library);
	if (strcmp(r->first, r->last) == 0)
		snprintf(buf, sizeof buf, _("Period: %s (WIB)"), r->first);
	else
		snprintf(buf, sizeof buf, _("Period: %s to %s (WIB)"), r->first, r->last);
	page_text(pg, PAGE_W / 2, 26, 0, 9, 0, 1, buf);
	for (sec = 0; sec < REPORT_NSECTIONS; sec++) {
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
			if (r->issued_apps > 0)
				snprintf(buf, sizeof buf, _("%lld of %lld (%.0f%%)"), r->on_time,
				    r->issued_apps, 100.0 * (double)r->on_time /
				    (double)r->issued_apps);
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
			page_text(pg, LABEL_X, y, BAR_X - LABEL_X - 3, 9, 0, 0, r->rows[i].item);
			w = max > 0 ? BAR_W * (double)r->rows[i].count / (double)max : 0;
			page_rect(pg, BAR_X, y, w, BAR_H, BAR_GREY);
			snprintf(buf, sizeof buf, "%lld", r->rows[i].count);
			page_text(pg, BAR_X + w + 2, y - 0.3, 0, 9, 0, 0, buf);
			y += LINE_H;
		}
		if (!any) {
			page_text(pg, LABEL_X, y, 0, 9, 0, 0, _("none"));
			y += LINE_H;
		}
		y += 6;
	}
	page_text(pg, LABEL_X, PAGE_H - 15, 0, 8, 0, 0,
	    _("The service is free of charge."));
	return page_close(pg, e);
}
