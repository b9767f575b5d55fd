/*
 * page-member.c - Anggota: find members (/anggota) and a member's page
 * (/anggota/NOMOR): the status, the photo, the cards and, for an admin, the
 * audit trail of the record; and the register's work on it, each a POST to
 * /anggota/NOMOR/ACTION calling the core as kartu member and kartu replace
 * do: perpanjang (renew), ubah (edit), foto (a file or the webcam's
 * picture), blokir and buka-blokir (block, unblock), ganti (replace a lost or
 * damaged card), tulis (write a new card's chip on the station's reader).  A
 * step that fails shows the member's page again with the
 * core's problems beside the fields of its form (422); one that succeeds
 * goes back to the page with a message (303).
 *
 * The search is a POST: what is typed may be a NIK, which must not go into a
 * URL.  The NIK is shown masked, as the CLI shows it; a NIK or document
 * number typed into a form is never written back into the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "card.h"
#include "keys.h"
#include "label.h"
#include "member.h"
#include "reader.h"
#include "region.h"
#include "rules.h"
#include "web-int.h"

/* How long writing a chip waits for the card on the reader: the server
 * answers one request at a time, so the card is put there first. */
#define ENCODE_WAIT_MS 3000

/* A member as the page shows it (member_get's strings live in its
 * callback). */
struct mview {
	long long id;
	char member_no[MEMBERNO_MAX], status[16], category[32], name[128];
	char birth_place[64], birth_date[11], sex[4], address[208], phone[24];
	char phone2[64], institution[128], guardian[128], nik_masked[24], expires_on[11];
	char created_at[32], block_reason[208], blocked_at[32], legacy_no[64];
	char incomplete[64], village[REGION_CODE_MAX], nik_region[REGION_CODE_MAX];
	int found;
};

#define COPY(f) snprintf(v->f, sizeof v->f, "%s", m->f != NULL ? m->f : "")

static int
take_member(const struct kt_member *m, void *arg)
{
	struct mview *v = arg;

	v->id = m->id;
	COPY(member_no);
	COPY(status);
	COPY(category);
	COPY(name);
	COPY(birth_place);
	COPY(birth_date);
	COPY(sex);
	COPY(address);
	COPY(phone);
	COPY(phone2);
	COPY(institution);
	COPY(guardian);
	COPY(nik_masked);
	COPY(village);
	COPY(nik_region);
	COPY(expires_on);
	COPY(created_at);
	COPY(block_reason);
	COPY(blocked_at);
	COPY(legacy_no);
	COPY(incomplete);
	v->found = 1;
	return 0;
}
#undef COPY

static const char *
status_class(const char *status)
{
	return strcmp(status, "active") == 0 ? "ok" : strcmp(status, "blocked") == 0 ? "bad" :
	    strcmp(status, "new") == 0 || strcmp(status, "encoding") == 0 ? "warn" : "";
}

/* ---- finding members ---- */

struct found {
	struct web_req *r;
	int n;
};

static int
found_row(const struct kt_member *m, void *arg)
{
	struct found *f = arg;
	struct web_req *r = f->r;

	if (f->n++ == 0)
		web_html(r, "<table class=\"members\"><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    _("Member number"), _("Name"), _("Status"), _("Category"), _("Born"),
		    _("Valid until"));
	web_raw(r, "<tr><td><a href=\"/anggota/");
	web_url_part(r, m->member_no);
	web_html(r, "\">%s</a></td><td>%s</td><td><span class=\"badge %s\">%s</span></td>"
	    "<td>%s</td><td>", m->member_no, m->name, status_class(m->status),
	    label(LABEL_MEMBER, m->status), m->category);
	if (m->birth_date != NULL)
		web_date(r, m->birth_date);
	web_raw(r, "</td><td>");
	if (m->expires_on != NULL)
		web_date(r, m->expires_on);
	web_raw(r, "</td></tr>");
	return 0;
}

/* The query is not written back into the page: it may be a NIK. */
static void
search_form(struct web_req *r, const struct kt_err *e)
{
	web_form_begin(r, "/anggota", 0);
	web_raw(r, "<div class=\"search\">");
	web_input(r, "q", _("Name, member or card number, old number or phone"), "search",
	    NULL, e, " required autocomplete=\"off\" autofocus");
	web_html(r, "<p><button type=\"submit\">%s</button></p></div>", _("Find"));
	web_form_end(r);
}

static int
get_members(struct web_req *r)
{
	struct found f = { r, 0 };
	int rc;

	web_page_begin(r, _("Members"));
	search_form(r, NULL);
	web_html(r, "<h2>%s</h2>", _("Newest members"));
	rc = member_list(web_store(r), NULL, 20, found_row, &f, web_err(r));
	if (rc != 0 && rc != KT_ENOTFOUND)
		return rc;
	if (f.n > 0)
		web_raw(r, "</tbody></table>");
	else
		web_html(r, "<p>%s</p>", _("No members yet."));
	web_page_end(r);
	return 0;
}

static int
post_members(struct web_req *r)
{
	const char *q = web_field(r, "q");
	struct found f = { r, 0 };
	struct kt_err *e = web_err(r);
	int rc;

	if (q == NULL || q[strspn(q, " \t")] == '\0') {
		kt_error_at(e, KT_EUSAGE, "q", _("type a name or a number to find"));
		web_status(r, 422);
		web_page_begin(r, _("Members"));
		web_problems(r, e);
		search_form(r, e);
		web_page_end(r);
		return 0;
	}
	web_page_begin(r, _("Members"));
	search_form(r, NULL);
	web_html(r, "<h2>%s</h2>", _("Found"));
	rc = member_find(web_store(r), q, 50, found_row, &f, e);
	if (rc == KT_EFAIL)
		return rc;
	if (f.n > 0)
		web_raw(r, "</tbody></table>");
	else
		web_html(r, "<p class=\"flash warn\" role=\"status\">%s</p>", rc == 0 ||
		    rc == KT_ENOTFOUND ? _("No member matches.") : e->msg);
	web_page_end(r);
	return 0;
}

/* ---- the member's page ---- */


/* A card's media in words. */
static const char *
media_words(const char *media)
{
	return strcmp(media, "chip") == 0 ? _("chip only") : strcmp(media, "printed") == 0 ?
	    _("printed only") : strcmp(media, "chip+printed") == 0 ? _("chip and print") :
	    media;
}

static int
card_row(const struct kt_card *c, void *arg)
{
	struct web_req *r = arg;

	web_html(r, "<tr><td>%s</td><td>%d</td><td><span class=\"badge %s\">%s</span></td>"
	    "<td>%s</td><td>", c->card_no, c->issue_no, status_class(c->status),
	    label(LABEL_CARD, c->status), media_words(c->media));
	web_date(r, c->created_at);
	web_raw(r, "</td><td>");
	if (c->status_at != NULL && strcmp(c->status, "new") != 0)
		web_date(r, c->status_at);
	web_html(r, "</td><td>%s</td></tr>", c->reprint != NULL ? _("to print again") : "");
	return 0;
}

static int
audit_row(const struct audit_entry *a, void *arg)
{
	struct web_req *r = arg;

	web_raw(r, "<tr><td>");
	web_date(r, a->at);
	web_html(r, "</td><td>%s</td><td>%s</td><td>%s</td></tr>",
	    a->operator != NULL ? a->operator : "-", a->entity, a->action);
	return 0;
}

/* Which step's form failed: its problems are shown beside its fields. */
enum step { S_NONE, S_RENEW, S_EDIT, S_PHOTO, S_BLOCK, S_REPLACE, S_ENCODE };

static const struct kt_err *
of(enum step failed, enum step s, const struct kt_err *e)
{
	return failed == s ? e : NULL;
}

static void
action_begin(struct web_req *r, const struct mview *m, const char *id, const char *title,
    const char *action, int multipart)
{
	char path[96];

	web_html(r, "<section class=\"action\" id=\"%s\" aria-labelledby=\"h-%s\">"
	    "<h2 id=\"h-%s\">%s</h2>", id, id, id, title);
	snprintf(path, sizeof path, "/anggota/%s/%s", m->member_no, action);
	web_form_begin(r, path, multipart);
}

static void
action_end(struct web_req *r, const char *button, const char *cls)
{
	web_html(r, "<p><button type=\"submit\" class=\"%s\">%s</button></p>",
	    cls != NULL ? cls : "", button);
	web_form_end(r);
	web_raw(r, "</section>");
}

static void
photo_form(struct web_req *r, const struct mview *m, const struct kt_err *e)
{
	const char *bad = web_problem(e, "foto");

	action_begin(r, m, "foto", _("Photo"), "foto", 1);
	web_problems(r, e);
	web_html(r, "<div class=\"field%s\"><label for=\"f-foto\">%s</label><input id=\"f-foto\""
	    " name=\"foto\" type=\"file\" accept=\"image/jpeg,image/png\"%s>",
	    bad != NULL ? " invalid" : "", _("A photo file (JPEG or PNG, at least 60 x 80"
	    " pixels, at most 2 MiB)"), bad != NULL ? " aria-invalid=\"true\""
	    " aria-describedby=\"e-foto\"" : "");
	if (bad != NULL)
		web_html(r, "<p class=\"error\" id=\"e-foto\">%s</p>", bad);
	web_raw(r, "</div>");
	/* The webcam: shown by kartu.js where the browser has one. */
	web_html(r, "<div class=\"webcam\" id=\"kamera\" hidden data-no-camera=\"%s\""
	    " data-taken=\"%s\"><p>%s</p>"
	    "<p><button type=\"button\" class=\"secondary\" id=\"kamera-nyala\">%s</button> "
	    "<button type=\"button\" class=\"secondary\" id=\"kamera-ambil\" disabled>%s</button>"
	    "</p><div class=\"webcam-views\"><video id=\"kamera-video\" autoplay muted"
	    " playsinline aria-label=\"%s\"></video><canvas id=\"kamera-kanvas\" width=\"300\""
	    " height=\"400\" aria-label=\"%s\"></canvas></div><p id=\"kamera-status\""
	    " role=\"status\"></p></div>",
	    _("No camera could be opened."), _("Picture taken: keep it with the button"
	    " below."), _("Or take the photo with the webcam: the picture is cut to the card's portrait"
	    " shape and sent with this form."), _("Turn on the camera"), _("Take the picture"),
	    _("The camera"), _("The picture taken"));
	action_end(r, _("Keep the photo"), NULL);
}

/* The categories of the rules, for the edit form's choice. */
#define CATS_MAX 32
struct cats {
	int n;
	char code[CATS_MAX][32];
	char label[CATS_MAX][128];
};

static int
take_category(const struct kt_category_row *c, void *arg)
{
	struct cats *k = arg;

	if (k->n >= CATS_MAX)
		return 0;
	snprintf(k->code[k->n], sizeof k->code[k->n], "%s", c->code);
	snprintf(k->label[k->n], sizeof k->label[k->n], "%s (%s)", c->name != NULL ? c->name :
	    c->code, c->code);
	k->n++;
	return 0;
}

static void
category_field(struct web_req *r, const char *value, const struct kt_err *e)
{
	struct cats k;
	const char *opts[2 * CATS_MAX + 3];
	int i, n = 0, have = 0;

	k.n = 0;
	if (rules_list_categories(web_store(r), take_category, &k, NULL) != 0 || k.n == 0) {
		web_input(r, "category", _("Category"), "text", value, e, NULL);
		return;
	}
	for (i = 0; i < k.n; i++) {
		opts[n++] = k.code[i];
		opts[n++] = k.label[i];
		have |= strcmp(k.code[i], value) == 0;
	}
	if (!have) {	/* a category the rules no longer have: kept as it is */
		opts[n++] = value;
		opts[n++] = value;
	}
	opts[n] = NULL;
	web_select(r, "category", _("Category"), opts, value, e, NULL);
}

static void
edit_form(struct web_req *r, const struct mview *m, const struct kt_err *e)
{
	static const char *const docs[] = {
		"", N_("(none: no birth date or NIK changed)"), "ktp", N_("KTP (identity card)"),
		"sim", N_("SIM (driving licence)"), "kartu-pelajar", N_("student card"), NULL,
	};
	const char *opts[nitems(docs)];
	const char *posted = e != NULL ? "" : NULL;
	size_t i;

	for (i = 0; docs[i] != NULL; i += 2) {
		opts[i] = docs[i];
		opts[i + 1] = _(docs[i + 1]);
	}
	opts[i] = NULL;
#define VAL(f, cur) (posted != NULL && web_field(r, f) != NULL ? web_field(r, f) : (cur))
	action_begin(r, m, "ubah", _("Correct the record"), "ubah", 0);
	web_problems(r, e);
	web_input(r, "name", _("Name"), "text", VAL("name", m->name), e,
	    " autocomplete=\"off\"");
	web_input(r, "birth_place", _("Birth place"), "text", VAL("birth_place",
	    m->birth_place), e, NULL);
	web_input(r, "birth_date", _("Birth date"), "date", VAL("birth_date", m->birth_date),
	    e, NULL);
	web_input(r, "address", _("Address"), "text", VAL("address", m->address), e, NULL);
	/* The kecamatan shown is the village's, until another is sent. */
	{
		const struct region *vil = region_find(m->village);
		const struct region *kec = vil != NULL ? region_parent(vil) : NULL;

		web_address_pickers(r, VAL("kecamatan", kec != NULL ? kec->code : NULL),
		    VAL("village", m->village[0] != '\0' ? m->village : NULL), e);
	}
	web_input(r, "phone", _("Phone"), "tel", VAL("phone", m->phone), e, NULL);
	category_field(r, VAL("category", m->category), e);
	web_input(r, "institution", _("Institution"), "text", VAL("institution",
	    m->institution), e, NULL);
	web_input(r, "guardian", _("Guardian"), "text", VAL("guardian", m->guardian), e, NULL);
	web_html(r, "<p class=\"hint\">%s</p>", _("A new birth date or NIK needs the document"
	    " shown again, with its number."));
	web_select(r, "document", _("Document shown"), opts, VAL("document", ""), e, NULL);
	/* Identity numbers typed are never written back into the page. */
	web_input(r, "document_no", _("Document number"), "text", NULL, e,
	    " autocomplete=\"off\" spellcheck=\"false\"");
	web_input(r, "nik", _("New NIK"), "text", NULL, e,
	    " autocomplete=\"off\" inputmode=\"numeric\" spellcheck=\"false\"");
#undef VAL
	action_end(r, _("Save the correction"), NULL);
}

static void
replace_form(struct web_req *r, const struct mview *m, const struct kt_err *e)
{
	static const char *const reasons[] = {
		"lost", N_("lost"), "damaged", N_("damaged"), NULL,
	};
	static const char *const docs[] = {
		"ktp", N_("KTP (identity card)"), "sim", N_("SIM (driving licence)"),
		"kartu-pelajar", N_("student card"), "kartu-anggota-lama",
		N_("the old card itself"), NULL,
	};
	const char *ro[nitems(reasons)], *dopts[nitems(docs)];
	size_t i;

	for (i = 0; reasons[i] != NULL; i += 2) {
		ro[i] = reasons[i];
		ro[i + 1] = _(reasons[i + 1]);
	}
	ro[i] = NULL;
	for (i = 0; docs[i] != NULL; i += 2) {
		dopts[i] = docs[i];
		dopts[i + 1] = _(docs[i + 1]);
	}
	dopts[i] = NULL;
	action_begin(r, m, "ganti", _("Replace the card"), "ganti", 0);
	web_html(r, "<p class=\"hint\">%s</p>", _("The member's current card stops working at"
	    " once; a new card is made, to be encoded or printed."));
	web_problems(r, e);
	web_select(r, "ganti_reason", _("Why"), ro, web_field(r, "ganti_reason"), e, NULL);
	web_select(r, "ganti_document", _("Document shown"), dopts,
	    web_field(r, "ganti_document"), e, NULL);
	web_input(r, "ganti_document_no", _("Document number"), "text", NULL, e,
	    " autocomplete=\"off\" spellcheck=\"false\"");
	action_end(r, _("Replace the card"), "danger");
}

static void
member_page(struct web_req *r, const struct mview *m, enum step failed,
    const struct kt_err *e)
{
	char title[200], born[160], day[16];
	int photo, rc;

	snprintf(title, sizeof title, _("Member %s"), m->member_no);
	web_page_begin(r, title);
	/* Its forms stay as they are: another desk's change offers a refresh. */
	web_live_begin(r, "member", 0, m->id);
	photo = member_photo(web_store(r), m->member_no, NULL, NULL, NULL, 0, NULL) == 0;
	web_raw(r, "<div class=\"member-head\">");
	if (photo) {
		web_raw(r, "<img class=\"member-photo\" src=\"/foto/");
		web_url_part(r, m->member_no);
		web_html(r, "\" alt=\"%s\">", _("The member's photo"));
	} else
		web_html(r, "<div class=\"member-photo none\">%s</div>", _("No photo"));
	web_html(r, "<div><p class=\"member-name\">%s <span class=\"badge %s\">%s</span></p>",
	    m->name, status_class(m->status), label(LABEL_MEMBER, m->status));
	if (m->block_reason[0] != '\0') {
		web_html(r, "<p class=\"flash error\">%s: %s (", _("Blocked"), m->block_reason);
		web_date(r, m->blocked_at);
		web_raw(r, ")</p>");
	}
	if (m->incomplete[0] != '\0')
		web_html(r, "<p class=\"flash warn\">%s</p>", _("Data incomplete: complete at the"
		    " next visit."));
	web_raw(r, "<table class=\"facts\"><tbody>");
	label_date(m->birth_date, day, sizeof day);
	snprintf(born, sizeof born, "%s, %s (%s)", m->birth_place[0] != '\0' ? m->birth_place :
	    "-", day, m->sex);
	web_row(r, _("Born"), born);
	web_row(r, _("Address"), m->address);
	web_region_rows(r, m->nik_region[0] != '\0' ? m->nik_region : NULL,
	    m->village[0] != '\0' ? m->village : NULL);
	web_row(r, _("Phone"), m->phone);
	if (m->phone2[0] != '\0')
		web_row(r, _("Phone 2"), m->phone2);
	web_row(r, _("Category"), m->category);
	web_row(r, _("NIK"), m->nik_masked);
	web_row(r, _("Institution"), m->institution);
	if (m->guardian[0] != '\0')
		web_row(r, _("Guardian"), m->guardian);
	if (m->legacy_no[0] != '\0')
		web_row(r, _("Old number"), m->legacy_no);
	label_date(m->expires_on, day, sizeof day);
	web_row(r, _("Valid until"), day);
	web_raw(r, "</tbody></table></div></div>");

	web_html(r, "<h2>%s</h2><table class=\"cards\"><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead><tbody>", _("Cards"), _("Card number"), _("Issue"), _("Status"), _("Media"),
	    _("Made"), _("Since"), _("Note"));
	rc = member_cards(web_store(r), m->id, card_row, r, NULL);
	(void)rc;
	web_raw(r, "</tbody></table>");

	/* The register's work, each for the roles the core allows it. */
	if (web_has_role(r, "officer|operator")) {
		action_begin(r, m, "perpanjang", _("Renew"), "perpanjang", 0);
		web_problems(r, of(failed, S_RENEW, e));
		web_input(r, "until", _("Until (empty: the category's full term)"), "date",
		    NULL, of(failed, S_RENEW, e), NULL);
		action_end(r, _("Renew"), NULL);
		photo_form(r, m, of(failed, S_PHOTO, e));
		edit_form(r, m, of(failed, S_EDIT, e));
	}
	if (web_has_role(r, "officer")) {
		int blocked = strcmp(m->status, "blocked") == 0;

		action_begin(r, m, "blokir", blocked ? _("Unblock") : _("Block"), blocked ?
		    "buka-blokir" : "blokir", 0);
		web_problems(r, of(failed, S_BLOCK, e));
		web_input(r, "blokir_reason", blocked ? _("Reason (optional)") : _("Reason"
		    " (the desk shows it to staff)"), "text", NULL, of(failed, S_BLOCK, e),
		    blocked ? NULL : " required");
		action_end(r, blocked ? _("Unblock") : _("Block"), blocked ? NULL : "danger");
	}
	if (web_has_role(r, "operator") && (failed == S_ENCODE ||
	    card_encodable(web_store(r), m->member_no, NULL) == 0)) {
		action_begin(r, m, "tulis", _("Write the new card's chip"), "tulis", 0);
		web_html(r, "<p class=\"hint\">%s</p>", _("Put the new card on the station's"
		    " reader and leave it there, then press the button."));
		web_problems(r, of(failed, S_ENCODE, e));
		action_end(r, _("Write to the chip"), NULL);
	}
	if (web_has_role(r, "operator"))
		replace_form(r, m, of(failed, S_REPLACE, e));
	if (web_has_role(r, "admin")) {
		web_html(r, "<h2>%s</h2><table class=\"history\"><thead><tr><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th></tr></thead><tbody>", _("History"), _("When"), _("Operator"),
		    _("Record"), _("Change"));
		audit_list(web_store(r), "member", m->id, 30, audit_row, r, NULL);
		web_raw(r, "</tbody></table>");
	}
	web_live_end(r);
	web_page_end(r);
}

/* The member the path names ("6205...", or "6205.../ACTION"): its number
 * into number, the action into *action ("" for none). */
static int
load(struct web_req *r, struct mview *m, const char **action)
{
	char number[MEMBERNO_MAX + 8];
	const char *arg = web_arg(r), *slash = strchr(arg, '/');
	size_t n = slash != NULL ? (size_t)(slash - arg) : strlen(arg);
	int rc;

	memset(m, 0, sizeof *m);
	if (action != NULL)
		*action = slash != NULL ? slash + 1 : "";
	if (n == 0 || n >= sizeof number)
		return kt_error(web_err(r), KT_ENOTFOUND, _("no such page"));
	memcpy(number, arg, n);
	number[n] = '\0';
	if ((rc = member_get(web_store(r), number, take_member, m, web_err(r))) != 0)
		return rc == KT_EUSAGE ? kt_error(web_err(r), KT_ENOTFOUND, "%s",
		    web_err(r)->msg) : rc;
	return 0;
}

static int
get_member(struct web_req *r)
{
	struct mview m;
	const char *action;
	int rc;

	if ((rc = load(r, &m, &action)) != 0)
		return rc;
	if (action[0] != '\0')
		return kt_error(web_err(r), KT_ENOTFOUND, _("no such page"));
	member_page(r, &m, S_NONE, NULL);
	return 0;
}

/* The core's fields of a form shown with a prefix ("reason" ->
 * "ganti_reason"), and a problem with no field given to the form's first. */
static void
name_fields(struct kt_err *e, const char *prefix, const char *first)
{
	char f[24];
	int i;

	for (i = -1; i < e->nproblems; i++) {
		char *field = i < 0 ? e->field : e->problems[i].field;

		if (field[0] == '\0' && first != NULL)
			snprintf(field, sizeof e->field, "%s", first);
		else if (field[0] == '\0')
			continue;
		else if (prefix != NULL && strncmp(field, prefix, strlen(prefix)) != 0) {
			snprintf(f, sizeof f, "%s%s", prefix, field);
			snprintf(field, sizeof e->field, "%s", f);
		}
	}
}

/* The value of an edit field when it differs from the record's, else NULL
 * (the core changes only what it is given; an imported member's landline
 * sent back as it is must not be checked as a new mobile). */
static const char *
changed(struct web_req *r, const char *field, const char *cur)
{
	const char *v = web_field(r, field);

	return v != NULL && strcmp(v, cur) != 0 ? v : NULL;
}

static int
do_edit(struct web_req *r, const struct mview *m, char *msg, size_t len)
{
	struct member_edit ed;
	struct member_edited out;
	const char *doc = web_field(r, "document"), *kec, *vil;
	int rc;

	memset(&ed, 0, sizeof ed);
	ed.name = changed(r, "name", m->name);
	ed.birth_place = changed(r, "birth_place", m->birth_place);
	ed.birth_date = changed(r, "birth_date", m->birth_date);
	ed.address = changed(r, "address", m->address);
	ed.phone = changed(r, "phone", m->phone);
	ed.category = changed(r, "category", m->category);
	ed.institution = changed(r, "institution", m->institution);
	ed.guardian = changed(r, "guardian", m->guardian);
	ed.document = doc != NULL && doc[0] != '\0' ? doc : NULL;
	ed.document_no = web_field(r, "document_no");
	if (ed.document_no != NULL && ed.document_no[0] == '\0')
		ed.document_no = NULL;
	ed.nik = web_field(r, "nik");
	if (ed.nik != NULL && ed.nik[0] == '\0')
		ed.nik = NULL;
	/* A village chosen (none chosen keeps the one there is), of its
	 * kecamatan: the pickers' check, then the core's. */
	kec = web_field(r, "kecamatan");
	vil = web_field(r, "village");
	if (kec != NULL && kec[0] != '\0') {
		struct kt_err *pe = web_err(r);

		memset(pe, 0, sizeof *pe);
		web_address_check(kec, vil != NULL && vil[0] != '\0' ? vil : NULL, pe);
		if (pe->nproblems > 0)
			return pe->code;
		ed.village = changed(r, "village", m->village);
	}
	if ((rc = member_edit(web_store(r), m->member_no, &ed, NULL, &out, web_err(r))) != 0)
		return rc;
	if (out.changed[0] == '\0')
		snprintf(msg, len, _("Member %s: nothing changed."), out.member_no);
	else if (out.reprint[0] != '\0')
		snprintf(msg, len, _("Member %s corrected; the card shows the old data: print it"
		    " again."), out.member_no);
	else
		snprintf(msg, len, _("Member %s corrected."), out.member_no);
	dupes_free(&out.dupes);
	return 0;
}

/* Write the member's new card (the newest not yet encoded) on the chip lying
 * on the station's reader, borrowed from the desk view's thread, as kartu
 * encode does. */
static int
encode_new(struct web_req *r, const struct mview *m, char *msg, size_t len)
{
	struct kt_err *e = web_err(r);
	const struct web_options *o = web_server(r)->o;
	struct reader *rd;
	struct keys k;
	struct tag t;
	char card_no[CARDNO_MAX];
	int rc;

	if ((rc = card_encodable(web_store(r), m->member_no, e)) != 0)
		return rc;
	if ((rc = keys_load(o->key_dir, 1, &k, e)) != 0)
		return rc;
	if ((rd = web_reader_claim(r, e)) == NULL) {
		rc = e->code != 0 ? e->code : KT_EFAIL;
		goto out;
	}
	if ((rc = reader_wait(rd, ENCODE_WAIT_MS, &t, e)) == KT_ENOTFOUND)
		rc = kt_error(e, KT_EREFUSED, _("no card on the reader: put the new card on"
		    " the reader first, then press the button"));
	else if (rc == 0)
		rc = card_encode(web_store(r), &k, rd, &t, m->member_no, NULL, card_no,
		    o->origin_key, e);
	web_reader_release(r);
	if (rc == 0)
		snprintf(msg, len, _("Card %s written to its chip: take it off the reader."),
		    card_no);
out:
	sodium_memzero(&k, sizeof k);
	return rc;
}

static int
post_member(struct web_req *r)
{
	struct kt_err *e = web_err(r);
	struct mview m;
	const char *action, *v;
	char msg[400], mno[MEMBERNO_MAX], was[11], now[11], d1[16], d2[16];
	char new_card[CARDNO_MAX], old_card[CARDNO_MAX], media[16];
	enum step step;
	int rc;

	if ((rc = load(r, &m, &action)) != 0)
		return rc;
	if (strcmp(action, "perpanjang") == 0) {
		step = S_RENEW;
		v = web_field(r, "until");
		rc = member_renew(web_store(r), m.member_no, v != NULL && v[0] != '\0' ? v : NULL,
		    NULL, mno, was, now, e);
		if (rc == 0) {
			label_date(now, d1, sizeof d1);
			label_date(was, d2, sizeof d2);
			snprintf(msg, sizeof msg, _("Member %s renewed: valid until %s (was %s)."),
			    mno, d1, d2);
		} else
			name_fields(e, NULL, "until");
	} else if (strcmp(action, "ubah") == 0) {
		step = S_EDIT;
		if ((rc = do_edit(r, &m, msg, sizeof msg)) != 0)
			name_fields(e, NULL, NULL);
	} else if (strcmp(action, "foto") == 0) {
		const unsigned char *data;
		size_t len;

		step = S_PHOTO;
		if (web_file(r, "foto", &data, &len, NULL) != 0)
			rc = kt_error_at(e, KT_EUSAGE, "foto", _("choose a photo file or take a"
			    " picture with the webcam"));
		else
			rc = member_set_photo(web_store(r), m.member_no, data, len, NULL, e);
		if (rc == 0)
			snprintf(msg, sizeof msg, _("Photo of member %s kept (%zu KiB)."),
			    m.member_no, (len + 1023) / 1024);
		else
			name_fields(e, NULL, "foto");
	} else if (strcmp(action, "blokir") == 0 || strcmp(action, "buka-blokir") == 0) {
		int on = action[0] == 'b' && action[1] == 'l';

		step = S_BLOCK;
		v = web_field(r, "blokir_reason");
		if (v != NULL && v[0] == '\0')
			v = NULL;
		rc = on ? member_block(web_store(r), m.member_no, v, NULL, mno, e) :
		    member_unblock(web_store(r), m.member_no, v, NULL, mno, e);
		if (rc == 0)
			snprintf(msg, sizeof msg, on ? _("Member %s blocked: the desk answers"
			    " BLOCKED for its cards.") : _("Member %s unblocked."), mno);
		else
			name_fields(e, "blokir_", "blokir_reason");
	} else if (strcmp(action, "ganti") == 0) {
		struct replace_req q;

		step = S_REPLACE;
		memset(&q, 0, sizeof q);
		q.member_no = m.member_no;
		q.reason = web_field(r, "ganti_reason");
		q.document = web_field(r, "ganti_document");
		q.document_no = web_field(r, "ganti_document_no");
		if (q.document_no != NULL && q.document_no[0] == '\0')
			q.document_no = NULL;
		rc = card_replace(web_store(r), &q, NULL, new_card, old_card, media, e);
		if (rc == 0)
			snprintf(msg, sizeof msg, _("Card %s is now %s and no longer works; new card"
			    " %s is waiting to be %s."), old_card, label(LABEL_CARD, q.reason),
			    new_card, strcmp(media, "printed") == 0 ? _("printed") :
			    strcmp(media, "chip") == 0 ? _("encoded") : _("encoded and printed"));
		else
			name_fields(e, "ganti_", "ganti_reason");
	} else if (strcmp(action, "tulis") == 0) {
		step = S_ENCODE;
		rc = encode_new(r, &m, msg, sizeof msg);
	} else
		return kt_error(e, KT_ENOTFOUND, _("no such page"));
	/* A reader that fails is said beside its button; the database's
	 * failures are the server's error page. */
	if (rc == KT_EFAIL && step != S_ENCODE)
		return rc;
	if (rc != 0) {
		/* The record as it is now, the failed form with its problems. */
		struct kt_err keep = *e;
		int status = rc == KT_EFAIL ? 503 : web_err_status(e);

		if ((rc = load(r, &m, NULL)) != 0)
			return rc;
		web_status(r, status);
		member_page(r, &m, step, &keep);
		return 0;
	}
	web_flash(r, "ok", "%s", msg);
	web_redirect(r, "/anggota/%s", m.member_no);
	return 0;
}

const struct web_route web_routes_member[] = {
	{ "GET", "/anggota", NULL, get_members, N_("Members") },
	{ "POST", "/anggota", NULL, post_members, NULL },
	{ "GET", "/anggota/", NULL, get_member, NULL },
	{ "POST", "/anggota/", NULL, post_member, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
