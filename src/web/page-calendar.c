/*
 * page-calendar.c - Kalender: the service hours and the closed days that due
 * times count in, as kartu calendar shows them; the admin adds, changes and
 * removes holidays (calendar_holiday_set / _remove, audited as at the CLI).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "label.h"
#include "valid.h"
#include "web-int.h"

static const char *const days[] = {
	N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"),
};

static int
hours_row(int wd, const char *opens, const char *closes, void *arg)
{
	struct web_req *r = arg;

	if (opens != NULL)
		web_html(r, "<tr><th scope=\"row\">%s</th><td>%s–%s</td></tr>", _(days[wd]), opens,
		    closes);
	else
		web_html(r, "<tr><th scope=\"row\">%s</th><td><span class=\"badge\">%s</span>"
		    "</td></tr>", _(days[wd]), _("closed"));
	return 0;
}

struct holidays {
	struct web_req *r;
	int admin, n;
};

static int
holiday_row(const char *date, const char *name, const char *kind, void *arg)
{
	struct holidays *h = arg;
	struct web_req *r = h->r;

	h->n++;
	web_raw(r, "<tr><td class=\"nowrap\">");
	web_date(r, date);
	web_html(r, "</td><td>%s</td><td>%s</td>", name, label(LABEL_HOLIDAY, kind));
	if (h->admin) {
		web_raw(r, "<td>");
		web_form_begin(r, "/kalender/hapus", 0);
		web_input(r, "date", "", "hidden", date, NULL, NULL);
		web_html(r, "<button type=\"submit\" class=\"secondary\" aria-label=\"%s %s\">%s"
		    "</button>", _("Remove"), name, _("Remove"));
		web_form_end(r);
		web_raw(r, "</td>");
	}
	web_raw(r, "</tr>");
	return 0;
}

static void
page(struct web_req *r, const struct kt_err *form_err)
{
	const char *ys = web_field(r, "tahun");
	struct holidays h = { r, web_has_role(r, "admin"), 0 };
	const char *kinds[8];
	struct kt_date today;
	struct kt_err le;
	char *end;
	long year = 0;
	/* The problems are the import's (its file) or the form's above it. */
	int import_err = form_err != NULL && strcmp(form_err->field, "berkas") == 0;

	store_today(web_store(r), &today);
	if (ys != NULL)
		year = strtol(ys, &end, 10);
	if (ys == NULL || *end != '\0' || year < 1900 || year > 2199)
		year = today.y;
	web_page_begin(r, _("Calendar"));
	memset(&le, 0, sizeof le);
	web_html(r, "<div class=\"cols\"><section><h2>%s</h2><table class=\"narrow\"><tbody>",
	    _("Service hours (WIB)"));
	if (calendar_list_hours(web_store(r), hours_row, r, &le) != 0)
		web_problems(r, &le);
	web_raw(r, "</tbody></table></section><section>");
	web_html(r, "<h2>%s %ld</h2>", _("Closed days"), year);
	web_html(r, "<p class=\"pager\"><a href=\"/kalender?tahun=%ld\" rel=\"prev\">← %ld</a> "
	    "<a href=\"/kalender?tahun=%ld\" rel=\"next\">%ld →</a></p>", year - 1, year - 1, year + 1,
	    year + 1);
	web_html(r, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th>", _("Date"), _("Name"), _("Kind"));
	if (h.admin)
		web_html(r, "<th scope=\"col\"><span class=\"sr\">%s</span></th>", _("Remove"));
	web_raw(r, "</tr></thead><tbody>");
	if (calendar_list_holidays(web_store(r), (int)year, holiday_row, &h, &le) != 0)
		web_problems(r, &le);
	web_raw(r, "</tbody></table>");
	if (h.n == 0)
		web_html(r, "<p>%s</p>", _("No closed days are recorded for this year."));
	web_html(r, "<p class=\"hint\">%s</p></section></div>",
	    _("The library keeps this list up to date each year: due times count only"
	    " service hours of open days."));
	if (h.admin) {
		kinds[0] = "national";
		kinds[1] = label(LABEL_HOLIDAY, "national");
		kinds[2] = "cuti-bersama";
		kinds[3] = label(LABEL_HOLIDAY, "cuti-bersama");
		kinds[4] = "local";
		kinds[5] = label(LABEL_HOLIDAY, "local");
		kinds[6] = kinds[7] = NULL;
		web_html(r, "<h2 id=\"tambah\">%s</h2>", _("Add or change a closed day"));
		if (!import_err)
			web_problems(r, form_err);
		web_form_begin(r, "/kalender", 0);
		web_input(r, "date", _("Date"), "date", form_err != NULL ? web_field(r, "date") :
		    NULL, form_err, " required");
		web_input(r, "name", _("Name"), "text", form_err != NULL ? web_field(r, "name") :
		    NULL, form_err, " required maxlength=\"120\"");
		web_select(r, "kind", _("Kind"), kinds, form_err != NULL ? web_field(r, "kind") :
		    "national", form_err, NULL);
		web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Save"));
		web_form_end(r);
		web_html(r, "<h2 id=\"impor\">%s</h2><p class=\"hint\">%s</p>",
		    _("Import a year's closed days"), _("A CSV file with the columns tanggal,"
		    " nama and jenis (date, name, kind), as kartu calendar import reads it:"
		    " every day added or changed at once, or nothing when a row is wrong."));
		if (import_err)
			web_problems(r, form_err);
		web_form_begin(r, "/kalender/impor", 1);
		web_input(r, "berkas", _("CSV file"), "file", NULL, form_err,
		    " required accept=\".csv,text/csv\"");
		web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Import"));
		web_form_end(r);
	}
	web_page_end(r);
}

/* The year of a day the core took (so a valid one), for the way back. */
static int
year_of(const char *date)
{
	struct kt_date d;

	return valid_date(date, &d, NULL) == 0 ? d.y : 0;
}

static int
get_calendar(struct web_req *r)
{
	page(r, NULL);
	return 0;
}

static int
post_holiday(struct web_req *r)
{
	struct kt_err fe;
	const char *date = web_field(r, "date");
	char day[16], msg[sizeof fe.msg];
	int rc;

	memset(&fe, 0, sizeof fe);
	rc = calendar_holiday_set(web_store(r), NULL, date, web_field(r, "name"),
	    web_field(r, "kind"), &fe);
	if (rc == KT_EFAIL) {
		*web_err(r) = fe;
		return rc;
	}
	if (rc != 0) {
		/* The core's checks of the day and the name name no field. */
		if (fe.field[0] == '\0' && fe.nproblems == 0) {
			snprintf(msg, sizeof msg, "%s", fe.msg);
			kt_error_at(&fe, rc, year_of(date) == 0 ? "date" : "name", "%s", msg);
		}
		web_status(r, web_err_status(&fe));
		page(r, &fe);
		return 0;
	}
	label_date(date, day, sizeof day);
	web_flash(r, "ok", _("%s is a closed day: %s."), day, web_field(r, "name"));
	web_redirect(r, "/kalender?tahun=%d", year_of(date));
	return 0;
}

static int
post_remove(struct web_req *r)
{
	const char *date = web_field(r, "date");
	char day[16];
	int rc;

	if ((rc = calendar_holiday_remove(web_store(r), NULL, date, web_err(r))) != 0)
		return rc;
	label_date(date, day, sizeof day);
	web_flash(r, "ok", _("%s is no longer a closed day."), day);
	web_redirect(r, "/kalender?tahun=%d", year_of(date));
	return 0;
}

/* kartu calendar import, from an uploaded file: one transaction. */
static int
post_import(struct web_req *r)
{
	const unsigned char *data;
	const char *type;
	struct kt_err fe;
	long added = 0, changed = 0;
	size_t len;
	FILE *f;
	int rc;

	memset(&fe, 0, sizeof fe);
	if (web_file(r, "berkas", &data, &len, &type) != 0 || len == 0)
		rc = kt_error_at(&fe, KT_EUSAGE, "berkas", _("choose a CSV file"));
	else if ((f = fmemopen((void *)(uintptr_t)data, len, "r")) == NULL)
		rc = kt_error(&fe, KT_EFAIL, _("out of memory"));
	else {
		rc = calendar_import(web_store(r), NULL, f, &added, &changed, &fe);
		fclose(f);
	}
	if (rc == KT_EFAIL) {
		*web_err(r) = fe;
		return rc;
	}
	if (rc != 0) {
		if (fe.field[0] == '\0' || strcmp(fe.field, "berkas") != 0) {
			char msg[sizeof fe.msg];

			snprintf(msg, sizeof msg, "%s", fe.msg);
			kt_error_at(&fe, rc, "berkas", "%s", msg);
		}
		web_status(r, web_err_status(&fe));
		page(r, &fe);
		return 0;
	}
	web_flash(r, "ok", _("Holidays imported: %ld new, %ld changed."), added, changed);
	web_redirect(r, "/kalender");
	return 0;
}

const struct web_route web_routes_calendar[] = {
	{ "GET", "/kalender", NULL, get_calendar, N_("Calendar") },
	{ "POST", "/kalender", "admin", post_holiday, NULL },
	{ "POST", "/kalender/hapus", "admin", post_remove, NULL },
	{ "POST", "/kalender/impor", "admin", post_import, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
