/*
 * page-login.c - Masuk (log in with name and PIN), Keluar, the start page and
 * the About page.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "web-int.h"

#ifndef KARTU_VERSION
#define KARTU_VERSION "0.1.0"
#endif

/* Where to go after logging in: a local path only. */
static const char *
next_path(const struct web_req *r)
{
	const char *n = web_field(r, "lanjut");

	if (n == NULL || n[0] != '/' || n[1] == '/' || n[1] == '\\' || strlen(n) > 200 ||
	    strpbrk(n, "\r\n") != NULL)
		return "/";
	return n;
}

static void
login_form(struct web_req *r, const char *name, const struct kt_err *e)
{
	web_page_begin(r, _("Log in"));
	if (web_field(r, "habis") != NULL)
		web_html(r, "<p class=\"flash warn\" role=\"status\">%s</p>",
		    _("Your session ended after a while without use: log in again."));
	if (web_field(r, "keluar") != NULL)
		web_html(r, "<p class=\"flash ok\" role=\"status\">%s</p>", _("You have logged out."));
	web_problems(r, e);
	web_form_begin(r, "/masuk", 0);
	web_input(r, "lanjut", "", "hidden", next_path(r), NULL, NULL);
	web_input(r, "operator", _("Operator"), "text", name, e,
	    " required autocomplete=\"username\" autocapitalize=\"none\" autofocus");
	web_input(r, "pin", _("PIN"), "password", NULL, e,
	    " required inputmode=\"numeric\" autocomplete=\"current-password\"");
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Log in"));
	web_form_end(r);
	web_page_end(r);
}

static int
get_login(struct web_req *r)
{
	if (web_operator_id(r) != 0) {
		web_redirect(r, "%s", next_path(r));
		return 0;
	}
	login_form(r, NULL, NULL);
	return 0;
}

static int
post_login(struct web_req *r)
{
	char token[SESSION_TOKEN_LEN];
	const char *name = web_field(r, "operator"), *pin = web_field(r, "pin");
	struct kt_err *e = web_err(r);
	int rc;

	rc = session_web_login(web_store(r), name, pin, r->peer, token, e);
	if (rc == KT_EFAIL)
		return rc;
	if (rc != 0) {
		web_status(r, rc == KT_EUSAGE ? 422 : 401);
		login_form(r, name, e);
		return 0;
	}
	web_set_session_cookie(r, token);
	sodium_memzero(token, sizeof token);
	web_redirect(r, "%s", next_path(r));
	return 0;
}

static int
post_logout(struct web_req *r)
{
	int rc;

	if ((rc = session_web_logout(web_store(r), r->token, web_err(r))) != 0)
		return rc;
	web_set_session_cookie(r, NULL);
	web_redirect(r, "/masuk?keluar=1");
	return 0;
}

/* The start page: what the operator's roles open, as large buttons. */
static int
get_home(struct web_req *r)
{
	const struct web_route *const *t;
	const struct web_route *rt;

	web_page_begin(r, _("Start"));
	web_html(r, "<p>%s</p><ul class=\"tiles\">", _("Choose a task:"));
	for (t = web_route_tables; *t != NULL; t++)
		for (rt = *t; rt->method != NULL; rt++)
			if (rt->menu != NULL && strcmp(rt->method, "GET") == 0 &&
			    web_has_role(r, rt->roles))
				web_html(r, "<li><a href=\"%s\">%s</a></li>", rt->path, _(rt->menu));
	web_raw(r, "</ul>");
	web_page_end(r);
	return 0;
}

static int
get_about(struct web_req *r)
{
	web_page_begin(r, _("About kartu"));
	web_html(r, "<p>kartu %s: %s</p>", KARTU_VERSION,
	    _("member-card issuance and check station for public libraries."));
	web_html(r, "<h2>%s</h2><p>%s</p>", _("Data from others"),
	    _("Indonesia's administrative region codes: idn-area-data by Fityan Ali, under the"
	    " Open Database License (ODbL) 1.0."));
	web_page_end(r);
	return 0;
}

const struct web_route web_routes_login[] = {
	{ "GET", "/masuk", "", get_login, NULL },
	{ "POST", "/masuk", "", post_login, NULL },
	{ "POST", "/keluar", NULL, post_logout, NULL },
	{ "GET", "/", NULL, get_home, NULL },
	{ "GET", "/tentang", "", get_about, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
