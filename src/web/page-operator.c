/*
 * page-operator.c - Operator (the admin's): the operators of the station,
 * adding one with a role and a PIN, deactivating and reactivating, and
 * setting a new PIN, as kartu operator add|pin|list (operator.h).  PINs are
 * only ever typed into password fields: never shown, never sent back in a
 * form, never logged.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "label.h"
#include "operator.h"
#include "web-int.h"

static int
row(const struct kt_operator *op, void *arg)
{
	struct web_req *r = arg;

	web_html(r, "<tr%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"actions\">",
	    op->active ? "" : " class=\"inactive\"", op->name, label(LABEL_ROLE, op->role),
	    op->has_pin ? _("yes") : _("no PIN"), op->active ? _("active") : _("inactive"));
	/* Each action names its operator in a hidden field, not in the URL.  The
	 * admin does not deactivate themself: no button for it (the core
	 * refuses it too). */
	if (op->id != web_operator_id(r)) {
		web_form_begin(r, op->active ? "/operator/nonaktif" : "/operator/aktif", 0);
		web_input(r, "name", "", "hidden", op->name, NULL, NULL);
		web_html(r, "<button type=\"submit\" class=\"%s\" aria-label=\"%s %s\">%s"
		    "</button>", op->active ? "danger" : "secondary", op->active ?
		    _("Deactivate") : _("Reactivate"), op->name, op->active ? _("Deactivate") :
		    _("Reactivate"));
		web_form_end(r);
	}
	web_html(r, " <a class=\"button secondary\" href=\"/operator?pinbaru=");
	web_url_part(r, op->name);
	web_html(r, "#pin\" aria-label=\"%s %s\">%s</a></td></tr>", _("New PIN for"), op->name,
	    _("New PIN"));
	return 0;
}

static const char *const role_codes[] = { "officer", "operator", "desk", "admin" };

/* The page: the list, the form for a new PIN (when ?pin=NAME or its form
 * came back with a problem) and the form for a new operator.  which says
 * which form e is for ("add", "pin"), NULL for none. */
static void
page(struct web_req *r, const char *which, const struct kt_err *e)
{
	const struct kt_err *add_e = which != NULL && strcmp(which, "add") == 0 ? e : NULL;
	const struct kt_err *pin_e = which != NULL && strcmp(which, "pin") == 0 ? e : NULL;
	/* Whom the form for a new PIN is for: the list's link (a GET), or the
	 * form itself sent back.  Never a field of another form: that may be
	 * a PIN. */
	const char *pin_for = pin_e != NULL ? web_field(r, "name") : !web_is_post(r) ?
	    web_field(r, "pinbaru") : NULL;
	const char *roles[10];
	struct kt_err le;
	size_t i;

	for (i = 0; i < nitems(role_codes); i++) {
		roles[2 * i] = role_codes[i];
		roles[2 * i + 1] = label(LABEL_ROLE, role_codes[i]);
	}
	roles[8] = roles[9] = NULL;
	web_page_begin(r, _("Operators"));
	if (which != NULL && add_e == NULL && pin_e == NULL)
		web_problems(r, e);
	web_html(r, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead><tbody>", _("Name"), _("Role"), _("PIN"), _("Status"), _("Actions"));
	memset(&le, 0, sizeof le);
	if (operator_list(web_store(r), row, r, &le) != 0)
		web_problems(r, &le);
	web_raw(r, "</tbody></table>");
	if (pin_for != NULL && pin_for[0] != '\0') {
		web_html(r, "<h2 id=\"pin\">%s %s</h2>", _("New PIN for"), pin_for);
		web_problems(r, pin_e);
		web_form_begin(r, "/operator/pin", 0);
		web_input(r, "name", "", "hidden", pin_for, NULL, NULL);
		web_input(r, "newpin", _("New PIN (4 to 12 digits; an admin's 8 to 12)"),
		    "password", NULL, pin_e,
		    " required inputmode=\"numeric\" autocomplete=\"new-password\"");
		web_input(r, "newpin2", _("The new PIN again"), "password", NULL, pin_e,
		    " required inputmode=\"numeric\" autocomplete=\"new-password\"");
		web_html(r, "<p><button type=\"submit\">%s</button> <a href=\"/operator\">%s</a></p>",
		    _("Set the PIN"), _("Cancel"));
		web_form_end(r);
	}
	web_html(r, "<h2 id=\"tambah\">%s</h2>", _("Add an operator"));
	web_problems(r, add_e);
	web_form_begin(r, "/operator", 0);
	web_input(r, "name", _("Name"), "text", add_e != NULL ? web_field(r, "name") : NULL,
	    add_e, " required maxlength=\"64\" autocomplete=\"off\"");
	web_select(r, "role", _("Role"), roles, add_e != NULL ? web_field(r, "role") :
	    "officer", add_e, NULL);
	web_input(r, "pin", _("PIN (4 to 12 digits; an admin's 8 to 12)"), "password", NULL,
	    add_e, " required inputmode=\"numeric\" autocomplete=\"new-password\"");
	web_input(r, "pin2", _("The PIN again"), "password", NULL, add_e,
	    " required inputmode=\"numeric\" autocomplete=\"new-password\"");
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Add the operator"));
	web_form_end(r);
	web_page_end(r);
}

static int
get_operators(struct web_req *r)
{
	page(r, NULL, NULL);
	return 0;
}

/* The two PIN fields agree (a typing slip would lock the operator out). */
static int
pins_agree(struct web_req *r, const char *field, struct kt_err *e)
{
	char again[16];
	const char *a, *b;

	snprintf(again, sizeof again, "%s2", field);
	a = web_field(r, field);
	b = web_field(r, again);
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		return kt_error_at(e, KT_EUSAGE, again, _("the two PINs differ"));
	return 0;
}

/* A problem of a PIN (the core's PIN check names no field) belongs beside
 * the form's PIN field. */
static void
on_pin_field(struct kt_err *e, const char *field)
{
	char msg[sizeof e->msg];

	if ((e->field[0] == '\0' || strcmp(e->field, "pin") == 0) && e->nproblems <= 1 &&
	    strstr(e->msg, "PIN") != NULL) {
		snprintf(msg, sizeof msg, "%s", e->msg);
		kt_error_at(e, e->code, field, "%s", msg);
	}
}

static int
answer(struct web_req *r, const char *which, int rc, struct kt_err *fe)
{
	if (rc == KT_EFAIL) {
		*web_err(r) = *fe;
		return rc;
	}
	on_pin_field(fe, strcmp(which, "pin") == 0 ? "newpin" : "pin");
	web_status(r, web_err_status(fe));
	page(r, which, fe);
	return 0;
}

static int
post_add(struct web_req *r)
{
	const char *name = web_field(r, "name"), *role = web_field(r, "role");
	const char *pin = web_field(r, "pin");
	struct kt_err fe;
	int rc;

	memset(&fe, 0, sizeof fe);
	if ((rc = pins_agree(r, "pin", &fe)) == 0)
		rc = operator_add(web_store(r), name, role, pin != NULL && pin[0] != '\0' ? pin :
		    NULL, NULL, &fe);
	if (rc != 0)
		return answer(r, "add", rc, &fe);
	web_flash(r, "ok", _("Operator %s added as %s."), name, label(LABEL_ROLE, role));
	web_redirect(r, "/operator");
	return 0;
}

static int
post_pin(struct web_req *r)
{
	const char *name = web_field(r, "name");
	struct kt_err fe;
	int rc;

	memset(&fe, 0, sizeof fe);
	if ((rc = pins_agree(r, "newpin", &fe)) == 0)
		rc = operator_set_pin(web_store(r), NULL, name, web_field(r, "newpin"), &fe);
	if (rc != 0)
		return answer(r, "pin", rc, &fe);
	web_flash(r, "ok", _("The PIN of %s is set."), name);
	web_redirect(r, "/operator");
	return 0;
}

static int
set_active(struct web_req *r, int active)
{
	const char *name = web_field(r, "name");
	struct kt_err fe;
	int rc;

	memset(&fe, 0, sizeof fe);
	if ((rc = operator_set_active(web_store(r), NULL, name, active, &fe)) != 0)
		return answer(r, "active", rc, &fe);
	web_flash(r, "ok", active ? _("%s is active again.") : _("%s is deactivated: they can"
	    " no longer log in."), name);
	web_redirect(r, "/operator");
	return 0;
}

static int
post_deactivate(struct web_req *r)
{
	return set_active(r, 0);
}

static int
post_reactivate(struct web_req *r)
{
	return set_active(r, 1);
}

const struct web_route web_routes_operator[] = {
	{ "GET", "/operator", "admin", get_operators, N_("Operators") },
	{ "POST", "/operator", "admin", post_add, NULL },
	{ "POST", "/operator/pin", "admin", post_pin, NULL },
	{ "POST", "/operator/nonaktif", "admin", post_deactivate, NULL },
	{ "POST", "/operator/aktif", "admin", post_reactivate, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
