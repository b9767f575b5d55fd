/*
 * page-complaint.c - Pengaduan: complaints and suggestions from the five
 * channels, recorded by any operator and followed up by the officers and the
 * admin, as kartu complaint add|list|show|update (complaint.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "label.h"
#include "web-int.h"

static const char *const statuses[] = { "diterima", "dianalisis", "ditindaklanjuti",
	"selesai" };

static int
status_rank(const char *s)
{
	size_t i;

	for (i = 0; i < nitems(statuses); i++)
		if (s != NULL && strcmp(s, statuses[i]) == 0)
			return (int)i;
	return -1;
}

static const char *
status_badge(const char *s)
{
	return strcmp(s, "selesai") == 0 ? "ok" : strcmp(s, "diterima") == 0 ? "warn" : "";
}

/* "K12", "k12" or "12": the complaint's id, 0 when it is none. */
static long long
complaint_arg(const char *s)
{
	char *end;
	long long id;

	if (s[0] == 'K' || s[0] == 'k')
		s++;
	id = strtoll(s, &end, 10);
	return *s == '\0' || *end != '\0' || id <= 0 ? 0 : id;
}

static int
row(const struct kt_complaint *c, void *arg)
{
	struct web_req *r = arg;

	web_html(r, "<tr><td><a href=\"/pengaduan/%lld\">K%lld</a></td><td class=\"nowrap\">", c->id,
	    c->id);
	web_date(r, c->created_at);
	web_html(r, "</td><td>%s</td><td><span class=\"badge %s\">%s</span></td>"
	    "<td class=\"clip\">%.120s%s</td></tr>", label(LABEL_CHANNEL, c->channel),
	    status_badge(c->status), c->status, c->text, strlen(c->text) > 120 ? "…" : "");
	return 0;
}

static void
channel_options(const char *opts[12])
{
	static const char *const codes[] = { "kotak-saran", "website", "email", "facebook",
		"instagram" };
	size_t i;

	for (i = 0; i < nitems(codes); i++) {
		opts[2 * i] = codes[i];
		opts[2 * i + 1] = label(LABEL_CHANNEL, codes[i]);
	}
	opts[10] = opts[11] = NULL;
}

static void
new_form(struct web_req *r, const struct kt_err *e)
{
	const char *opts[12];

	channel_options(opts);
	web_html(r, "<h2 id=\"baru\">%s</h2>", _("New complaint"));
	web_problems(r, e);
	web_form_begin(r, "/pengaduan", 0);
	web_select(r, "channel", _("Channel"), opts, web_field(r, "channel"), e, " required");
	web_input(r, "text", _("What it says"), "textarea", web_field(r, "text"), e,
	    " required maxlength=\"2000\"");
	web_input(r, "member", _("Member number (if it concerns one)"), "text",
	    web_field(r, "member"), e, " inputmode=\"numeric\" autocomplete=\"off\"");
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Record the complaint"));
	web_form_end(r);
}

static void
list_page(struct web_req *r, const struct kt_err *form_err)
{
	const char *status = web_field(r, "status");
	const char *filter[12] = { "", NULL };
	struct kt_err le;
	size_t i;
	int rc;

	if (status != NULL && status_rank(status) < 0)
		status = NULL;
	web_page_begin(r, _("Complaints"));
	filter[1] = _("all");
	for (i = 0; i < nitems(statuses); i++) {
		filter[2 + 2 * i] = statuses[i];
		filter[3 + 2 * i] = statuses[i];
	}
	web_raw(r, "<form method=\"get\" action=\"/pengaduan\" class=\"inline\">");
	web_select(r, "status", _("Status"), filter, status, NULL, NULL);
	web_html(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
	    _("Show"));
	web_html(r, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead><tbody>", _("Complaints, oldest first"),
	    _("Number"), _("Received"), _("Channel"), _("Status"), _("What it says"));
	memset(&le, 0, sizeof le);
	rc = complaint_list(web_store(r), 0, status, NULL, row, r, &le);
	web_raw(r, "</tbody></table>");
	if (rc != 0)
		web_problems(r, &le);
	new_form(r, form_err);
	web_page_end(r);
}

static int
get_list(struct web_req *r)
{
	list_page(r, NULL);
	return 0;
}

static int
post_add(struct web_req *r)
{
	struct kt_err *e = web_err(r);
	const char *member = web_field(r, "member");
	char msg[sizeof e->msg];
	long long id;
	int rc;

	if (member != NULL && member[0] == '\0')
		member = NULL;
	rc = complaint_add(web_store(r), NULL, web_field(r, "channel"), web_field(r, "text"),
	    member, 0, &id, e);
	if (rc == KT_EFAIL)
		return rc;
	if (rc != 0) {
		/* The core's text check names no field: the text is the only
		 * one it checks so, and a member not found is the member's. */
		if (e->field[0] == '\0' && e->nproblems == 0) {
			snprintf(msg, sizeof msg, "%s", e->msg);
			kt_error_at(e, rc, rc == KT_ENOTFOUND ? "member" : "text", "%s", msg);
		}
		web_status(r, 422);
		list_page(r, e);
		return 0;
	}
	web_flash(r, "ok", _("Complaint K%lld recorded (diterima)."), id);
	web_redirect(r, "/pengaduan/%lld", id);
	return 0;
}

struct shown {
	struct web_req *r;
	char status[24];	/* the complaint's, for what may follow it */
};

static int
detail(const struct kt_complaint *c, void *arg)
{
	struct shown *sh = arg;
	struct web_req *r = sh->r;

	web_html(r, "<dl class=\"facts\"><dt>%s</dt><dd><span class=\"badge %s\">%s</span></dd>"
	    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", _("Status"), status_badge(c->status),
	    c->status, _("Channel"), label(LABEL_CHANNEL, c->channel), _("Received"));
	web_date(r, c->created_at);
	web_html(r, " (%s)</dd>", c->created_by != NULL ? c->created_by : "-");
	if (c->member_no != NULL)
		web_html(r, "<dt>%s</dt><dd>%s</dd>", _("Member"), c->member_no);
	if (c->application_id != 0)
		web_html(r, "<dt>%s</dt><dd>%lld</dd>", _("Application"), c->application_id);
	web_html(r, "<dt>%s</dt><dd class=\"text\">%s</dd></dl>", _("What it says"), c->text);
	snprintf(sh->status, sizeof sh->status, "%s", c->status);
	return 0;
}

static int
event(const struct kt_complaint_event *ev, void *arg)
{
	struct web_req *r = arg;

	web_raw(r, "<tr><td class=\"nowrap\">");
	web_date(r, ev->at);
	web_html(r, "</td><td>%s</td><td>%s</td><td>%s</td></tr>", ev->operator,
	    ev->to_status, ev->note != NULL ? ev->note : "");
	return 0;
}

static int
show(struct web_req *r, long long id, const struct kt_err *form_err)
{
	struct kt_err *e = web_err(r);
	struct shown sh = { r, "" };
	char title[64];
	const char *next[10];
	int rc, k, n = 0;
	size_t i;

	snprintf(title, sizeof title, _("Complaint K%lld"), id);
	web_page_begin(r, title);
	if ((rc = complaint_list(web_store(r), id, NULL, NULL, detail, &sh, e)) != 0)
		return rc;
	web_html(r, "<h2>%s</h2><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">"
	    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	    _("History"), _("When"), _("Operator"), _("Status"), _("Note"));
	if ((rc = complaint_history(web_store(r), id, event, r, e)) != 0)
		return rc;
	web_raw(r, "</tbody></table>");
	k = status_rank(sh.status);
	for (i = (size_t)(k + 1); k >= 0 && i < nitems(statuses); i++) {
		next[n++] = statuses[i];
		next[n++] = statuses[i];
	}
	next[n] = next[n + 1] = NULL;
	if (n > 0 && web_has_role(r, "officer|admin")) {
		web_html(r, "<h2>%s</h2>", _("Follow up"));
		web_problems(r, form_err);
		web_html(r, "<form method=\"post\" action=\"/pengaduan/%lld\">", id);
		web_csrf_field(r);
		web_select(r, "status", _("New status"), next, web_field(r, "status"), form_err,
		    " required");
		web_input(r, "note", _("What was found or done"), "textarea",
		    form_err != NULL ? web_field(r, "note") : NULL, form_err,
		    " required maxlength=\"2000\"");
		web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Save"));
		web_form_end(r);
	}
	web_html(r, "<p><a href=\"/pengaduan\">%s</a></p>", _("All complaints"));
	web_page_end(r);
	return 0;
}

static int
get_one(struct web_req *r)
{
	long long id = complaint_arg(web_arg(r));

	if (id == 0)
		return kt_error(web_err(r), KT_ENOTFOUND, _("no such page"));
	return show(r, id, NULL);
}

static int
post_update(struct web_req *r)
{
	struct kt_err fe;
	long long id = complaint_arg(web_arg(r));
	const char *status = web_field(r, "status");
	int rc;

	if (id == 0)
		return kt_error(web_err(r), KT_ENOTFOUND, _("no such page"));
	memset(&fe, 0, sizeof fe);
	rc = complaint_update(web_store(r), NULL, id, status, web_field(r, "note"), &fe);
	if (rc == KT_EFAIL || rc == KT_ENOTFOUND) {
		*web_err(r) = fe;
		return rc;
	}
	if (rc != 0) {
		web_status(r, web_err_status(&fe));
		return show(r, id, &fe);
	}
	web_flash(r, "ok", _("Complaint K%lld is now %s."), id, status);
	web_redirect(r, "/pengaduan/%lld", id);
	return 0;
}

const struct web_route web_routes_complaint[] = {
	{ "GET", "/pengaduan", NULL, get_list, N_("Complaints") },
	{ "POST", "/pengaduan", NULL, post_add, NULL },
	{ "GET", "/pengaduan/", NULL, get_one, NULL },
	{ "POST", "/pengaduan/", "officer|admin", post_update, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
