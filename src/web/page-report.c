/*
 * page-report.c - Laporan: the report to the head of the office, as kartu
 * report daily|monthly (report.h) for the officers and the admin: a period
 * picker, each section's figures with a bar chart drawn here as inline SVG
 * (no script, no style attribute: the CSP allows neither; the colours are
 * kartu.css's), and the PDF the CLI writes (report_pdf) as a download.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "label.h"
#include "operator.h"
#include "report.h"
#include "valid.h"
#include "web-int.h"

/* The chart's geometry, in the SVG's own units (it scales to the page). */
#define CHART_W 720
#define LABEL_W 300
#define BAR_X 310
#define BAR_MAX 330
#define ROW_H 28
#define LABEL_CHARS 44

/* The period asked for: ?jenis=daily|monthly&tanggal=YYYY-MM-DD, today's
 * month when absent; 0, or KT_EUSAGE for a day that is none. */
static int
period(struct web_req *r, const char **kind, char *day, size_t len, struct kt_err *e)
{
	const char *k = web_field(r, "jenis"), *d = web_field(r, "tanggal");
	struct kt_date date;

	*kind = k != NULL && strcmp(k, "daily") == 0 ? "daily" : "monthly";
	if (d == NULL || d[0] == '\0') {
		store_today(web_store(r), &date);
	} else if (valid_date(d, &date, NULL) != 0)
		return kt_error_at(e, KT_EUSAGE, "tanggal", _("'%.40s' is not a day"), d);
	date_format(&date, day, len);
	return 0;
}

/* s cut to at most n characters (UTF-8), "…" after a cut. */
static void
shorten(const char *s, size_t n, char *buf, size_t len)
{
	size_t i = 0, chars = 0;

	while (s[i] != '\0' && chars < n && i + 8 < len) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	snprintf(buf, len, "%.*s%s", (int)i, s, s[i] != '\0' ? "…" : "");
}

/* One section: its title, a bar chart of its rows with their counts, and the
 * total; as figures for a screen reader too (the SVG's title and desc). */
static void
section(struct web_req *r, const struct report *rep, enum report_section sec)
{
	char n[32], m[32], text[200];
	long long max = 0;
	size_t i, rows = 0;
	int w, y;	/* integers: the locale's decimal comma is no SVG number */

	web_html(r, "<section class=\"report-section\"><h2 id=\"s-%s\">%s</h2>",
	    report_section_key(sec), report_section_title(sec));
	if (sec == REPORT_ON_TIME) {
		label_count(rep->on_time, n, sizeof n);
		label_count(rep->issued_apps, m, sizeof m);
		if (rep->issued_apps == 0) {
			web_html(r, "<p>%s</p></section>", _("no cards issued"));
			return;
		}
		snprintf(text, sizeof text, _("%s of %s (%.0f%%)"), n, m, 100.0 *
		    (double)rep->on_time / (double)rep->issued_apps);
		w = (int)((long long)BAR_MAX * rep->on_time / rep->issued_apps);
		web_html(r, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
		    " aria-labelledby=\"s-%s\" aria-describedby=\"d-%s\"><desc id=\"d-%s\">%s</desc>",
		    CHART_W, ROW_H, report_section_key(sec), report_section_key(sec),
		    report_section_key(sec), text);
		web_html(r, "<text x=\"0\" y=\"19\">%s</text><rect class=\"track\" x=\"%d\" y=\"5\""
		    " width=\"%d\" height=\"18\"/><rect class=\"bar ok\" x=\"%d\" y=\"5\""
		    " width=\"%d\" height=\"18\"/></svg></section>", text, BAR_X, BAR_MAX, BAR_X,
		    w);
		return;
	}
	for (i = 0; i < rep->nrows; i++)
		if (rep->rows[i].section == sec) {
			rows++;
			if (rep->rows[i].count > max)
				max = rep->rows[i].count;
		}
	if (rows == 0) {
		web_html(r, "<p>%s</p></section>", _("none"));
		return;
	}
	web_html(r, "<svg class=\"chart\" viewBox=\"0 0 %d %zu\" role=\"img\""
	    " aria-labelledby=\"s-%s\" aria-describedby=\"d-%s\"><desc id=\"d-%s\">",
	    CHART_W, rows * ROW_H + 4, report_section_key(sec), report_section_key(sec),
	    report_section_key(sec));
	for (i = 0; i < rep->nrows; i++)
		if (rep->rows[i].section == sec) {
			label_count(rep->rows[i].count, n, sizeof n);
			web_html(r, "%s: %s. ", rep->rows[i].label, n);
		}
	web_raw(r, "</desc>");
	y = 0;
	for (i = 0; i < rep->nrows; i++) {
		if (rep->rows[i].section != sec)
			continue;
		shorten(rep->rows[i].label, LABEL_CHARS, text, sizeof text);
		label_count(rep->rows[i].count, n, sizeof n);
		w = max > 0 ? (int)((long long)BAR_MAX * rep->rows[i].count / max) : 0;
		web_html(r, "<g><title>%s: %s</title><text x=\"0\" y=\"%d\">%s</text>"
		    "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\"/>"
		    "<text class=\"count\" x=\"%d\" y=\"%d\">%s</text></g>", rep->rows[i].label,
		    n, y + 19, text, BAR_X, y + 5, w, BAR_X + w + 6, y + 19, n);
		y += ROW_H;
	}
	label_count(report_total(rep, sec), n, sizeof n);
	web_html(r, "</svg><p class=\"total\">%s: <strong>%s</strong></p></section>", _("Total"),
	    n);
}

static void
picker(struct web_req *r, const char *kind, const char *day, const struct kt_err *e)
{
	const char *kinds[] = { "monthly", label(LABEL_REPORT, "monthly"), "daily",
		label(LABEL_REPORT, "daily"), NULL, NULL };

	web_raw(r, "<form method=\"get\" action=\"/laporan\" class=\"inline\">");
	web_select(r, "jenis", _("Report"), kinds, kind, e, NULL);
	web_input(r, "tanggal", _("A day of the period"), "date", day, e, " required");
	web_html(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("Show"));
}

static int
get_report(struct web_req *r)
{
	struct kt_err *e = web_err(r);
	struct report rep;
	struct kt_date d;
	const char *kind;
	char day[16], first[16], last[16], prev[16], next[16];
	long long opid;
	int rc, k;

	if ((rc = operator_require(web_store(r), NULL, "officer|admin", _("read the reports"),
	    &opid, e)) != 0)
		return rc;
	if ((rc = period(r, &kind, day, sizeof day, e)) != 0) {
		web_status(r, 422);
		web_page_begin(r, _("Report"));
		picker(r, kind, web_field(r, "tanggal"), e);
		web_problems(r, e);
		web_page_end(r);
		return 0;
	}
	if ((rc = report_make(web_store(r), kind, day, &rep, e)) != 0)
		return rc;
	web_page_begin(r, _("Report"));
	picker(r, kind, day, NULL);
	web_live_begin(r, "application member card handover replacement", 1, 0);
	label_date(rep.first, first, sizeof first);
	label_date(rep.last, last, sizeof last);
	web_html(r, "<p class=\"period\"><strong>%s</strong> ", rep.kind[0] == 'm' ?
	    _("Monthly report on the member-card service") :
	    _("Daily report on the member-card service"));
	if (strcmp(rep.first, rep.last) == 0)
		web_html(r, _("Period: %s (WIB)"), first);
	else
		web_html(r, _("Period: %s to %s (WIB)"), first, last);
	/* The periods before and after: the day before the first, the day
	 * after the last. */
	valid_date(rep.first, &d, NULL);
	date_from_days(date_days(&d) - 1, &d);
	date_format(&d, prev, sizeof prev);
	valid_date(rep.last, &d, NULL);
	date_from_days(date_days(&d) + 1, &d);
	date_format(&d, next, sizeof next);
	web_html(r, "</p><p class=\"pager\"><a href=\"/laporan?jenis=%s&amp;tanggal=%s\""
	    " rel=\"prev\">← %s</a><a href=\"/laporan?jenis=%s&amp;tanggal=%s\" rel=\"next\">"
	    "%s →</a>"
	    "<a class=\"button\" href=\"/laporan/pdf?jenis=%s&amp;tanggal=%s\" download>%s</a></p>",
	    rep.kind, prev, _("Previous"), rep.kind, next, _("Next"), rep.kind, rep.first,
	    _("Download the PDF"));
	for (k = 0; k < REPORT_NSECTIONS; k++)
		section(r, &rep, report_section_at(k));
	web_html(r, "<p class=\"hint\">%s</p>", _("The service is free of charge."));
	web_live_end(r);
	report_free(&rep);
	web_page_end(r);
	return 0;
}

static int
get_pdf(struct web_req *r)
{
	struct kt_err *e = web_err(r);
	struct report rep;
	const char *kind;
	char day[16], dir[512], path[600], name[80];
	long long opid;
	int rc;

	if ((rc = operator_require(web_store(r), NULL, "officer|admin", _("read the reports"),
	    &opid, e)) != 0)
		return rc;
	if ((rc = period(r, &kind, day, sizeof day, e)) != 0 ||
	    (rc = report_make(web_store(r), kind, day, &rep, e)) != 0)
		return rc;
	if ((rc = web_temp_dir(r, dir, sizeof dir, e)) != 0) {
		report_free(&rep);
		return rc;
	}
	snprintf(path, sizeof path, "%s/laporan.pdf", dir);
	snprintf(name, sizeof name, "%s-%s-%s.pdf", _("report"), label(LABEL_REPORT, rep.kind),
	    rep.first);
	if ((rc = report_pdf(&rep, path, e)) == 0)
		rc = web_send_file(r, path, "application/pdf", name, e);
	unlink(path);
	rmdir(dir);
	report_free(&rep);
	return rc;
}

const struct web_route web_routes_report[] = {
	{ "GET", "/laporan", "officer|admin", get_report, N_("Report") },
	{ "GET", "/laporan/pdf", "officer|admin", get_pdf, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
