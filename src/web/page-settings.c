/*
 * page-settings.c - Pengaturan (the admin's): the settings a rules file may
 * set (rulesfile.h's keys: the library's identity, the reports' letterhead
 * and signature block, the service's rules), shown and changed with the same
 * checks as kartu init --rules, every problem of the form at once
 * (setup_settings_check), in one audited transaction (setup_settings).
 */
#include <stdio.h>
#include <string.h>

#include "setup.h"
#include "web-int.h"

static const struct {
	const char *key, *label, *hint;
} labels[] = {
	{ "library_code", N_("Library code"), N_("2 to 8 digits, on every card: it cannot"
	    " change once cards are issued") },
	{ "library_name", N_("Library's name"), NULL },
	{ "library_address", N_("Address"), N_("under the name on the reports' letterhead") },
	{ "library_city", N_("Town where the reports are signed"), NULL },
	{ "head_name", N_("Head of the office"), N_("who signs the reports") },
	{ "head_title", N_("Head's title"), NULL },
	{ "head_nip", N_("Head's NIP"), N_("18 digits") },
	{ "member_no_format", N_("Member number format"), NULL },
	{ "regency", N_("Regency"), N_("whose residents and students are served") },
	{ "replacement_documents", N_("Documents for a replacement"),
	    N_("document codes, separated by commas") },
	{ "due_service_minutes", N_("Service minutes in one working day"),
	    N_("the due time of an application: one working day") },
	{ "card_media", N_("New cards are"), NULL },
};

#define NKEYS nitems(labels)

static void
page(struct web_req *r, const struct kt_err *e)
{
	static const char *const media[] = { "chip", N_("chip"), "printed", N_("printed"),
		"chip+printed", N_("chip and printed"), NULL, NULL };
	const char *opts[nitems(media)];
	char value[RULESFILE_VALUE], attrs[96];
	const char *v;
	size_t i;

	for (i = 0; i < nitems(media); i++)
		opts[i] = media[i] == NULL ? NULL : i % 2 == 1 ? _(media[i]) : media[i];
	web_page_begin(r, _("Settings"));
	web_html(r, "<p class=\"hint\">%s</p>", _("The library's details and the rules of the"
	    " service.  Details set in the station's kartu.conf are written over these by"
	    " the next kartu init."));
	web_problems(r, e);
	web_form_begin(r, "/pengaturan", 0);
	for (i = 0; i < NKEYS; i++) {
		if (e != NULL)
			v = web_field(r, labels[i].key);
		else if (store_setting(web_store(r), labels[i].key, value, sizeof value, NULL) ==
		    0)
			v = value;
		else
			v = "";
		if (strcmp(labels[i].key, "card_media") == 0) {
			web_select(r, labels[i].key, _(labels[i].label), opts, v, e, NULL);
			continue;
		}
		snprintf(attrs, sizeof attrs, "%s%s", labels[i].hint != NULL ?
		    " aria-describedby=\"h-" : "", labels[i].hint != NULL ? labels[i].key : "");
		if (labels[i].hint != NULL)
			snprintf(attrs + strlen(attrs), sizeof attrs - strlen(attrs), "\"");
		/* The hint goes under the label, inside the field's box. */
		web_input(r, labels[i].key, _(labels[i].label), "text", v, e,
		    web_problem(e, labels[i].key) == NULL ? attrs : NULL);
		if (labels[i].hint != NULL)
			web_html(r, "<p class=\"hint field-hint\" id=\"h-%s\">%s</p>", labels[i].key,
			    _(labels[i].hint));
	}
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Save"));
	web_form_end(r);
	web_page_end(r);
}

static int
get_settings(struct web_req *r)
{
	page(r, NULL);
	return 0;
}

static int
post_settings(struct web_req *r)
{
	struct setup_setting kv[NKEYS];
	struct kt_err fe;
	size_t i, n = 0;
	int rc;

	/* Only what the form sent: a field left out stays as it is. */
	for (i = 0; i < NKEYS; i++)
		if (web_field(r, labels[i].key) != NULL) {
			kv[n].key = labels[i].key;
			kv[n].value = web_field(r, labels[i].key);
			n++;
		}
	memset(&fe, 0, sizeof fe);
	if ((rc = setup_settings(web_store(r), NULL, kv, n, &fe)) != 0) {
		if (rc == KT_EFAIL) {
			*web_err(r) = fe;
			return rc;
		}
		web_status(r, web_err_status(&fe));
		page(r, &fe);
		return 0;
	}
	web_flash(r, "ok", "%s", _("The settings are saved."));
	web_redirect(r, "/pengaturan");
	return 0;
}

const struct web_route web_routes_settings[] = {
	{ "GET", "/pengaturan", "admin", get_settings, N_("Settings") },
	{ "POST", "/pengaturan", "admin", post_settings, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
