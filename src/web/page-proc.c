/*
 * page-proc.c - the procedure's screens: Formulir pendaftaran (steps 1-2,
 * /daftar), Antrean (/antrian, the open applications by step) and one
 * application (/permohonan/ID) with its history and the next step for the
 * operator's role: check, validate, issue and write the chip, hand over
 * with the phone's code, reject.  Each step calls the core function its
 * command calls (proc.h, card.h): the same checks, roles and audit trail.
 *
 * No NIK or document number is ever written back into a page: the form
 * sent back with problems leaves those fields empty ("ketik lagi"), and the
 * form waiting for the officer's confirmation of the already-a-member
 * candidates stays in the server's memory (pending below), not in the page.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "card.h"
#include "keys.h"
#include "label.h"
#include "layout.h"
#include "member.h"
#include "memberno.h"
#include "printer.h"
#include "proc.h"
#include "reader.h"
#include "region.h"
#include "rules.h"
#include "tag.h"
#include "web-int.h"

/* The fields of the registration form: the core's names (kt_form), so the
 * core's problems land beside their inputs. */
enum {
	F_NAME, F_PLACE, F_BIRTH, F_SEX, F_ADDRESS, F_PHONE, F_CATEGORY, F_DOC, F_DOCNO,
	F_NIK, F_INST, F_GUARDIAN, F_KEC, F_VILLAGE, F_N
};
static const char *const fname[F_N] = {
	"name", "birth_place", "birth_date", "sex", "address", "phone", "category",
	"document", "document_no", "nik", "institution", "guardian", "kecamatan", "village",
};
#define FIELD_MAX 256

struct form {
	char v[F_N][FIELD_MAX];
	int set[F_N];
};

/* A field as sent: NULL when absent or only spaces (the core then says it is
 * missing). */
static void
form_read(struct web_req *r, struct form *f)
{
	const char *v;
	int i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < F_N; i++) {
		v = web_field(r, fname[i]);
		if (v == NULL || v[strspn(v, " \t\r\n")] == '\0')
			continue;
		snprintf(f->v[i], FIELD_MAX, "%s", v);
		f->set[i] = 1;
	}
}

static const char *
fv(const struct form *f, int i)
{
	return f->set[i] ? f->v[i] : NULL;
}

static void
form_core(const struct form *f, struct kt_form *k)
{
	memset(k, 0, sizeof *k);
	k->name = fv(f, F_NAME);
	k->birth_place = fv(f, F_PLACE);
	k->birth_date = fv(f, F_BIRTH);
	k->sex = fv(f, F_SEX);
	k->address = fv(f, F_ADDRESS);
	k->phone = fv(f, F_PHONE);
	k->category = fv(f, F_CATEGORY);
	k->document = fv(f, F_DOC);
	k->document_no = fv(f, F_DOCNO);
	k->nik = fv(f, F_NIK);
	k->institution = fv(f, F_INST);
	k->guardian = fv(f, F_GUARDIAN);
	k->village = fv(f, F_VILLAGE);
}

/* ---- the form waiting for the officer's confirmation ---- */

#define PENDING_MAX 16
#define PENDING_SECONDS (30 * 60)

static struct pending {
	long long opid;
	char id[33];		/* random, hex: the page names it, nothing else */
	time_t at;
	struct form f;
} pending[PENDING_MAX];

static void
pending_drop(struct pending *p)
{
	sodium_memzero(p, sizeof *p);
}

/* Keep f for operator opid; the id to name it by. */
static const char *
pending_put(long long opid, const struct form *f)
{
	unsigned char rnd[16];
	struct pending *p = NULL;
	time_t now = time(NULL);
	int i;

	for (i = 0; i < PENDING_MAX; i++) {
		if (pending[i].opid != 0 && now - pending[i].at > PENDING_SECONDS)
			pending_drop(&pending[i]);
		if (p == NULL && pending[i].opid == 0)
			p = &pending[i];
	}
	if (p == NULL) {	/* full: the oldest goes */
		p = &pending[0];
		for (i = 1; i < PENDING_MAX; i++)
			if (pending[i].at < p->at)
				p = &pending[i];
		pending_drop(p);
	}
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(p->id, sizeof p->id, rnd, sizeof rnd);
	p->opid = opid;
	p->at = now;
	p->f = *f;
	return p->id;
}

/* The form kept under id for opid, or NULL (expired, another operator's). */
static struct pending *
pending_get(long long opid, const char *id)
{
	time_t now = time(NULL);
	int i;

	if (id == NULL || strlen(id) != 32)
		return NULL;
	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i].opid == opid && sodium_memcmp(pending[i].id, id, 32) == 0) {
			if (now - pending[i].at > PENDING_SECONDS) {
				pending_drop(&pending[i]);
				return NULL;
			}
			return &pending[i];
		}
	return NULL;
}

/* ---- Formulir pendaftaran ---- */

struct opts {
	struct web_req *r;
	const char *value;
};

static int
category_option(const struct kt_category_row *c, void *arg)
{
	struct opts *o = arg;

	/* kartu.js shows the fields the category asks for and the documents it
	 * accepts; the server checks them whatever the browser did. */
	web_html(o->r, "<option value=\"%s\" data-guardian=\"%d\" data-institution=\"%s\""
	    " data-documents=\"%s\"%s>%s</option>", c->code, c->guardian, c->institution,
	    c->documents != NULL ? c->documents : "", o->value != NULL &&
	    strcmp(o->value, c->code) == 0 ? " selected" : "", c->name);
	return 0;
}

static int
document_option(const struct kt_document_row *d, void *arg)
{
	struct opts *o = arg;

	web_html(o->r, "<option value=\"%s\"%s>%s</option>", d->code, o->value != NULL &&
	    strcmp(o->value, d->code) == 0 ? " selected" : "", d->name);
	return 0;
}

static int
university_option(const struct kt_institution_row *i, void *arg)
{
	struct opts *o = arg;

	if (i->local)
		web_html(o->r, "<option value=\"%s\">", i->name);
	return 0;
}

/* A number the page never shows back: its field is empty, with a note when
 * one had been typed. */
static void
secret_input(struct web_req *r, const char *field, const char *lbl, int typed,
    const struct kt_err *e, const char *hint)
{
	web_input(r, field, lbl, "text", NULL, e, " autocomplete=\"off\" inputmode=\"numeric\""
	    " spellcheck=\"false\"");
	if (typed)
		web_html(r, "<p class=\"hint retype\" id=\"h-%s\">%s</p>", field,
		    _("Not shown again: type it again."));
	else if (hint != NULL)
		web_html(r, "<p class=\"hint\">%s</p>", hint);
}

static void
apply_form(struct web_req *r, const struct form *f, const struct kt_err *e)
{
	struct store *st = web_store(r);
	struct opts o = { r, NULL };
	const char *sexes[] = {
		"", _("(choose)"), "L", _("Male (L)"), "P", _("Female (P)"), NULL,
	};

	web_page_begin(r, _("Registration form"));
	web_problems(r, e);
	web_form_begin(r, "/daftar", 0);
	web_raw(r, "<div class=\"form-grid\" id=\"daftar\">");
	web_html(r, "<fieldset><legend>%s</legend>", _("Category and document"));
	o.value = fv(f, F_CATEGORY);
	web_select_begin(r, "category", _("Category"), e, " required autofocus");
	web_html(r, "<option value=\"\">%s</option>", _("(choose)"));
	rules_list_categories(st, category_option, &o, NULL);
	web_select_end(r, "category", e);
	o.value = fv(f, F_DOC);
	web_select_begin(r, "document", _("Document shown"), e, " required");
	web_html(r, "<option value=\"\">%s</option>", _("(choose)"));
	rules_list_documents(st, document_option, &o, NULL);
	web_select_end(r, "document", e);
	secret_input(r, "document_no", _("Document number"), fv(f, F_DOCNO) != NULL, e, NULL);
	web_raw(r, "<div class=\"dep\" data-need=\"nik\">");
	secret_input(r, "nik", _("NIK (when the document is not the KTP)"),
	    fv(f, F_NIK) != NULL, e, _("16 digits; kept only hashed and masked."));
	web_raw(r, "</div>");
	web_raw(r, "<div class=\"dep\" data-need=\"institution\">");
	web_input(r, "institution", _("School, university or employer"), "text",
	    fv(f, F_INST), e, " list=\"pt-lokal\" autocomplete=\"off\"");
	web_html(r, "<p class=\"hint\">%s</p>", _("Students (mahasiswa): only universities in"
	    " the regency are served."));
	web_raw(r, "<datalist id=\"pt-lokal\">");
	rules_list_institutions(st, university_option, &o, NULL);
	web_raw(r, "</datalist></div>");
	web_raw(r, "<div class=\"dep\" data-need=\"guardian\">");
	web_input(r, "guardian", _("Parent or guardian"), "text", fv(f, F_GUARDIAN), e,
	    " autocomplete=\"off\"");
	web_raw(r, "</div></fieldset>");

	web_html(r, "<fieldset><legend>%s</legend>", _("Applicant"));
	web_input(r, "name", _("Full name"), "text", fv(f, F_NAME), e,
	    " required autocomplete=\"off\" maxlength=\"100\"");
	web_input(r, "birth_place", _("Birth place"), "text", fv(f, F_PLACE), e,
	    " required autocomplete=\"off\" maxlength=\"60\"");
	web_input(r, "birth_date", _("Birth date"), "date", fv(f, F_BIRTH), e, " required");
	web_select(r, "sex", _("Sex"), sexes, fv(f, F_SEX), e, " required");
	web_input(r, "address", _("Address"), "textarea", fv(f, F_ADDRESS), e,
	    " required maxlength=\"200\"");
	web_address_pickers(r, fv(f, F_KEC), fv(f, F_VILLAGE), e);
	web_input(r, "phone", _("Mobile phone number"), "tel", fv(f, F_PHONE), e,
	    " required autocomplete=\"off\" inputmode=\"tel\"");
	web_raw(r, "</fieldset></div>");
	web_html(r, "<p class=\"actions\"><button type=\"submit\">%s</button></p>",
	    _("Check and save"));
	web_form_end(r);
	web_page_end(r);
}

static int
get_apply(struct web_req *r)
{
	struct form f;

	memset(&f, 0, sizeof f);
	apply_form(r, &f, NULL);
	return 0;
}

/* The form sent back: every problem beside its field, the numbers not
 * echoed. */
static int
apply_again(struct web_req *r, struct form *f, const struct kt_err *e, int status)
{
	struct form shown = *f;

	sodium_memzero(shown.v[F_DOCNO], FIELD_MAX);
	sodium_memzero(shown.v[F_NIK], FIELD_MAX);
	web_status(r, status);
	apply_form(r, &shown, e);
	sodium_memzero(&shown, sizeof shown);
	return 0;
}

static void
reasons(struct web_req *r, int bits)
{
	int bit, first = 1;

	web_raw(r, "<ul class=\"reasons\">");
	for (bit = 1; bit <= DUPE_LAST; bit <<= 1)
		if (bits & bit) {
			web_html(r, "<li>%s</li>", dupes_reason_text(bit));
			first = 0;
		}
	if (first)
		web_raw(r, "<li>-</li>");
	web_raw(r, "</ul>");
}

/* The best candidates a page shows (the core gives them best first). */
#define CANDIDATES_SHOWN 10

/* The candidates beside the applicant, one column each. */
static void
candidates_table(struct web_req *r, const char *name, const char *birth, const char *place,
    const struct kt_dupes *all)
{
	struct kt_dupes shown = *all, *d = &shown;
	size_t i;

	if (shown.n > CANDIDATES_SHOWN)
		shown.n = CANDIDATES_SHOWN;

	web_raw(r, "<div class=\"scroll\"><table class=\"side\"><thead><tr><th></th>");
	web_html(r, "<th scope=\"col\">%s</th>", _("Applicant"));
	for (i = 0; i < d->n; i++) {
		if (d->v[i].is_member)
			web_html(r, "<th scope=\"col\">%s %s</th>", _("Member no."),
			    d->v[i].member_no);
		else
			web_html(r, "<th scope=\"col\"><a href=\"/permohonan/%lld\">%s %lld</a></th>",
			    d->v[i].id, _("Application"), d->v[i].id);
	}
	web_html(r, "</tr></thead><tbody><tr><th scope=\"row\">%s</th><td>%s</td>", _("Name"),
	    name != NULL ? name : "");
	for (i = 0; i < d->n; i++)
		web_html(r, "<td>%s</td>", d->v[i].name);
	web_html(r, "</tr><tr><th scope=\"row\">%s</th><td>", _("Birth date"));
	web_date(r, birth);
	if (place != NULL)
		web_html(r, " (%s)", place);
	web_raw(r, "</td>");
	for (i = 0; i < d->n; i++) {
		web_raw(r, "<td>");
		web_date(r, d->v[i].birth_date);
		web_raw(r, "</td>");
	}
	web_html(r, "</tr><tr><th scope=\"row\">%s</th><td>-</td>", _("Status now"));
	for (i = 0; i < d->n; i++)
		web_html(r, "<td>%s</td>", label(d->v[i].is_member ? LABEL_MEMBER : LABEL_STATE,
		    d->v[i].state));
	web_html(r, "</tr><tr><th scope=\"row\">%s</th><td>-</td>", _("Similarity"));
	for (i = 0; i < d->n; i++)
		web_html(r, "<td><span class=\"badge%s\">%d%%</span></td>",
		    d->v[i].score >= DUPE_DECIDE ? " bad" : "", (int)(d->v[i].score * 100 + 0.5));
	web_html(r, "</tr><tr><th scope=\"row\">%s</th><td>-</td>", _("Why"));
	for (i = 0; i < d->n; i++) {
		web_raw(r, "<td>");
		reasons(r, d->v[i].reasons);
		web_raw(r, "</td>");
	}
	web_raw(r, "</tr></tbody></table></div>");
	if (all->n > shown.n)
		web_html(r, "<p class=\"hint\">%s %zu</p>", _("Other candidates, less alike:"),
		    all->n - shown.n);
}

static void
confirm_page(struct web_req *r, const struct form *f, const char *id,
    const struct kt_dupes *d)
{
	web_page_begin(r, _("Already a member?"));
	web_html(r, "<p class=\"flash warn\" role=\"status\">%s</p>", _("The applicant looks"
	    " like someone already registered. Compare them; save the application only if"
	    " the applicant is another person."));
	candidates_table(r, fv(f, F_NAME), fv(f, F_BIRTH), fv(f, F_PLACE), d);
	web_form_begin(r, "/daftar", 0);
	web_input(r, "tunda", "", "hidden", id, NULL, NULL);
	web_html(r, "<p class=\"actions\"><button type=\"submit\" name=\"aksi\" value=\"simpan\">"
	    "%s</button> <button type=\"submit\" name=\"aksi\" value=\"ubah\" class=\"secondary\">"
	    "%s</button></p>", _("Save: another person"), _("Back to the form"));
	web_form_end(r);
	web_page_end(r);
}

/* The rules do not serve the applicant (a university outside the
 * regency): said before anything is recorded, so that a mistyped name can be
 * corrected; confirmed, the refusal is recorded with its reason. */
static void
refusal_page(struct web_req *r, const char *id, const char *why)
{
	web_page_begin(r, _("Not served"));
	web_html(r, "<p class=\"flash error\" role=\"status\">%s</p>", why);
	web_html(r, "<p>%s</p>", _("If the name of the university was mistyped, go back to"
	    " the form and correct it. Otherwise record the refusal: the applicant is told"
	    " why."));
	web_form_begin(r, "/daftar", 0);
	web_input(r, "tunda", "", "hidden", id, NULL, NULL);
	web_html(r, "<p class=\"actions\"><button type=\"submit\" name=\"aksi\" value=\"simpan\""
	    " class=\"danger\">%s</button> <button type=\"submit\" name=\"aksi\" value=\"ubah\""
	    " class=\"secondary\">%s</button></p>", _("Record the refusal"),
	    _("Back to the form"));
	web_form_end(r);
	web_page_end(r);
}

/* e's warnings joined by "; ", each once (the check before saving and the
 * save itself may both have found it). */
static void
warnings_text(const struct kt_err *e, char *buf, size_t len)
{
	size_t n = 0;
	int i, j, seen;

	buf[0] = '\0';
	for (i = 0; i < e->nwarnings && i < KT_WARNINGS; i++) {
		for (seen = 0, j = 0; j < i && !seen; j++)
			seen = strcmp(e->warnings[j].msg, e->warnings[i].msg) == 0;
		if (seen)
			continue;
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n > 0 ? "; " : "",
		    e->warnings[i].msg);
		if (n >= len)
			break;
	}
}

/* Record the application (proc_apply) and go to it. */
static int
apply_save(struct web_req *r, const struct form *f)
{
	struct kt_err *e = web_err(r);
	struct kt_form k;
	struct kt_dupes d = { 0 };
	long long id = 0;
	int rc;

	form_core(f, &k);
	rc = proc_apply(web_store(r), &k, NULL, &id, &d, e);
	dupes_free(&d);
	if (rc != 0 && id != 0) {
		/* Not served by the rules: recorded as refused, with the reason. */
		web_flash(r, "error", _("Application %lld recorded as not served: %s"), id, e->msg);
		web_redirect(r, "/permohonan/%lld", id);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (e->nwarnings > 0) {
		/* Accepted, but worth a look (the NIK's district not in the
		 * list): said with the result, as the CLI says it on stderr. */
		char notes[600] = "";

		warnings_text(e, notes, sizeof notes);
		web_flash(r, "warn", _("Application %lld recorded (%s). Please check: %s"), id,
		    label(LABEL_STATE, "applied"), notes);
	} else {
		web_flash(r, "ok", _("Application %lld recorded (%s). Next: the officer checks"
		    " it."), id, label(LABEL_STATE, "applied"));
	}
	web_redirect(r, "/permohonan/%lld", id);
	return 0;
}

static int
post_apply(struct web_req *r)
{
	struct kt_err *e = web_err(r);
	struct form f;
	struct kt_form k;
	struct kt_dupes d = { 0 };
	struct pending *p;
	const char *aksi = web_field(r, "aksi");
	struct kt_err pick = { 0 };
	char refusal[256];
	int rc, i;

	/* The officer's answer to the candidates: the form kept in memory. */
	if (web_field(r, "tunda") != NULL) {
		if ((p = pending_get(web_operator_id(r), web_field(r, "tunda"))) == NULL) {
			web_flash(r, "warn", "%s", _("The form waited too long: fill it in"
			    " again."));
			web_redirect(r, "/daftar");
			return 0;
		}
		f = p->f;
		pending_drop(p);
		if (aksi != NULL && strcmp(aksi, "simpan") == 0)
			rc = apply_save(r, &f);
		else
			rc = apply_again(r, &f, NULL, 200);
		sodium_memzero(&f, sizeof f);
		return rc;
	}
	form_read(r, &f);
	form_core(&f, &k);
	web_address_check(f.set[F_KEC] ? f.v[F_KEC] : NULL, f.set[F_VILLAGE] ?
	    f.v[F_VILLAGE] : NULL, &pick);
	rc = proc_apply_check(web_store(r), &k, NULL, &d, refusal, sizeof refusal, e);
	/* The pickers' problems beside the core's (form_check starts afresh). */
	for (i = 0; i < pick.nproblems && (rc == 0 || rc == KT_EUSAGE || rc == KT_EREFUSED); i++) {
		kt_problem(e, KT_EUSAGE, pick.problems[i].field, "%s", pick.problems[i].msg);
		if (rc == 0)
			rc = KT_EUSAGE;
	}
	if (rc == KT_EUSAGE || rc == KT_EREFUSED) {
		rc = apply_again(r, &f, e, 422);
		goto out;
	}
	if (rc != 0)
		goto out;
	if (refusal[0] != '\0') {
		refusal_page(r, pending_put(web_operator_id(r), &f), refusal);
		goto out;
	}
	if (d.n > 0) {
		confirm_page(r, &f, pending_put(web_operator_id(r), &f), &d);
		goto out;
	}
	rc = apply_save(r, &f);
out:
	dupes_free(&d);
	sodium_memzero(&f, sizeof f);
	return rc;
}

/* A category's name ("PAUD / TK") for its code, else the code. */
static const char *
category_name(struct web_req *r, const char *code, struct kt_category *c)
{
	if (code == NULL || rules_category(web_store(r), code, c, NULL) != 0)
		return code;
	return c->name;
}

struct doc_find {
	const char *code;
	char name[64];
};

static int
doc_match(const struct kt_document_row *d, void *arg)
{
	struct doc_find *f = arg;

	if (strcmp(d->code, f->code) != 0)
		return 0;
	snprintf(f->name, sizeof f->name, "%s", d->name);
	return 1;
}

/* A document's name ("Surat Izin Mengemudi") for its code, else the code. */
static void
document_name(struct web_req *r, const char *code, char *buf, size_t len)
{
	struct doc_find f = { code, "" };

	if (code != NULL && rules_list_documents(web_store(r), doc_match, &f, NULL) == 1)
		snprintf(buf, len, "%s", f.name);
	else
		snprintf(buf, len, "%s", code != NULL ? code : "");
}

/* ---- Antrean ---- */

struct queue_walk {
	struct web_req *r;
	char state[16];
	int n, overdue;
	struct kt_category cats[8];	/* the names read so far: a few categories,
					   many rows */
	int ncats;
};

static const char *
queue_category(struct queue_walk *w, const char *code)
{
	int i;

	for (i = 0; i < w->ncats; i++)
		if (strcmp(w->cats[i].code, code) == 0)
			return w->cats[i].name;
	if (w->ncats == (int)nitems(w->cats) ||
	    rules_category(web_store(w->r), code, &w->cats[w->ncats], NULL) != 0)
		return code;
	return w->cats[w->ncats++].name;
}

static void
queue_head(struct web_req *r)
{
	web_html(r, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead><tbody>", _("No."), _("Name"), _("Category"),
	    _("Submitted"), _("Due (WIB)"));
}

static int
queue_item(const struct kt_queue_item *q, void *arg)
{
	struct queue_walk *w = arg;
	struct web_req *r = w->r;

	if (strcmp(w->state, q->state) != 0) {
		if (w->n > 0)
			web_raw(r, "</tbody></table></div>");
		web_html(r, "<h2 class=\"state\">%s</h2>", label(LABEL_STATE, q->state));
		queue_head(r);
		snprintf(w->state, sizeof w->state, "%s", q->state);
	}
	w->n++;
	w->overdue += q->overdue;
	web_html(r, "<tr%s><td><a href=\"/permohonan/%lld\">%lld</a></td><td><a"
	    " href=\"/permohonan/%lld\">%s</a></td><td>%s</td><td>", q->overdue ?
	    " class=\"overdue\"" : "", q->id, q->id, q->id, q->name,
	    q->category != NULL ? queue_category(w, q->category) : "-");
	web_date(r, q->created_at);
	web_raw(r, "</td><td>");
	if (q->due_at != NULL)
		web_date(r, q->due_at);
	else
		web_raw(r, "-");
	if (q->overdue)
		web_html(r, " <span class=\"badge bad\">%s</span>", _("OVERDUE"));
	web_raw(r, "</td></tr>");
	return 0;
}

static int
get_queue(struct web_req *r)
{
	struct queue_walk w;
	int rc;

	memset(&w, 0, sizeof w);
	w.r = r;
	web_page_begin(r, _("Queue"));
	web_live_begin(r, "application", 1, 0);
	if ((rc = proc_queue(web_store(r), queue_item, &w, web_err(r))) != 0)
		return rc;
	if (w.n > 0)
		web_raw(r, "</tbody></table></div>");
	web_html(r, "<p class=\"summary\" id=\"jumlah\">%d %s, %d %s</p>", w.n,
	    _("open"), w.overdue, _("overdue"));
	if (w.n == 0)
		web_html(r, "<p>%s</p>", _("No open applications."));
	else
		web_html(r, "<p class=\"summary\">%s</p>", _("Due: 1 working day after submission,"
		    " in service hours (WIB)."));
	web_live_end(r);
	web_page_end(r);
	return 0;
}

/* ---- Permohonan ---- */

struct app_view {
	struct web_req *r;
	long long id;
	char state[16], category[32], member_no[MEMBERNO_MAX], name[128], birth[11];
	char place[64];
};


/* What the page needs of the application beyond its rows. */
static int
app_details_probe(const struct kt_app *a, void *arg)
{
	struct app_view *v = arg;

	snprintf(v->state, sizeof v->state, "%s", a->state);
	snprintf(v->category, sizeof v->category, "%s", a->category);
	snprintf(v->member_no, sizeof v->member_no, "%s", a->member_no != NULL ?
	    a->member_no : "");
	snprintf(v->name, sizeof v->name, "%s", a->name);
	snprintf(v->birth, sizeof v->birth, "%s", a->birth_date != NULL ? a->birth_date : "");
	snprintf(v->place, sizeof v->place, "%s", a->birth_place != NULL ? a->birth_place : "");
	return 0;
}

static int
app_details(const struct kt_app *a, void *arg)
{
	struct app_view *v = arg;
	struct web_req *r = v->r;
	struct kt_category c;
	char doc[160], dname[64];

	app_details_probe(a, arg);
	web_html(r, "<p class=\"state\">%s <span class=\"badge state-%s\">%s</span></p>",
	    _("Application state:"), a->state, label(LABEL_STATE, a->state));
	web_raw(r, "<table class=\"details\"><tbody>");
	web_row(r, _("Name"), a->name);
	web_html(r, "<tr><th scope=\"row\">%s</th><td>%s, ", _("Born"), a->birth_place);
	web_date(r, a->birth_date);
	web_html(r, " (%s)</td></tr>", a->sex);
	web_row(r, _("Address"), a->address);
	web_row(r, _("Phone"), a->phone);
	web_row(r, _("Category"), category_name(r, a->category, &c));
	document_name(r, a->document, dname, sizeof dname);
	snprintf(doc, sizeof doc, "%s %s", dname, a->document_masked != NULL ?
	    a->document_masked : "");
	web_row(r, _("Document"), doc);
	web_row(r, _("NIK"), a->nik_masked);
	web_region_rows(r, a->nik_region, a->village);
	web_row(r, _("Institution"), a->institution);
	if (a->guardian != NULL)
		web_row(r, _("Guardian"), a->guardian);
	if (a->member_no != NULL)
		web_row(r, _("Member no."), a->member_no);
	if (a->reason != NULL)
		web_row(r, _("Reason"), a->reason);
	if (a->due_at != NULL) {
		web_html(r, "<tr><th scope=\"row\">%s</th><td>", _("Due (WIB)"));
		web_date(r, a->due_at);
		web_raw(r, "</td></tr>");
	}
	web_raw(r, "</tbody></table>");
	return 0;
}

static int
app_event(const struct kt_event *ev, void *arg)
{
	struct web_req *r = arg;

	web_raw(r, "<tr><td>");
	web_date(r, ev->at);
	if (ev->outside_hours)
		web_html(r, " <span class=\"badge warn\">%s</span>", _("outside service hours"));
	web_html(r, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
	    label(LABEL_STEP, ev->step), ev->operator,
	    label(LABEL_STATE, ev->to_state), ev->note != NULL ? ev->note : "");
	return 0;
}

static int
is_open(const char *state)
{
	return strcmp(state, "applied") == 0 || strcmp(state, "checked") == 0 ||
	    strcmp(state, "validated") == 0;
}

/* The check (step 3): with candidates the officer says whether the
 * applicant is one of them. */
static void
action_check(struct web_req *r, const struct kt_dupes *d, const struct kt_err *e)
{
	const char *bad = web_problem(e, "decision");
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].score >= DUPE_DECIDE;
	web_html(r, "<section class=\"step\"><h2>%s</h2>", _("Check the requirements"));
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", "periksa", NULL, NULL);
	if (n > 0) {
		web_html(r, "<fieldset class=\"field%s\"%s><legend>%s</legend>",
		    bad != NULL ? " invalid" : "", bad != NULL ?
		    " aria-describedby=\"e-decision\"" : "", _("Is the applicant one of the"
		    " candidates?"));
		web_html(r, "<label class=\"choice\"><input type=\"radio\" name=\"decision\""
		    " value=\"new\" id=\"f-decision\"> %s</label>", _("No: another person"));
		for (i = 0; i < d->n && i < CANDIDATES_SHOWN; i++)
			if (d->v[i].is_member && d->v[i].score >= DUPE_DECIDE)
				web_html(r, "<label class=\"choice\"><input type=\"radio\""
				    " name=\"decision\" value=\"%s\"> %s %s (%s)</label>",
				    d->v[i].member_no, _("Yes: already member"), d->v[i].member_no,
				    d->v[i].name);
		if (bad != NULL)
			web_html(r, "<p class=\"error\" id=\"e-decision\">%s</p>", bad);
		web_raw(r, "</fieldset>");
	}
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Requirements complete:"
	    " checked"));
	web_form_end(r);
	web_raw(r, "</section>");
}

static void
action_button(struct web_req *r, const char *title, const char *aksi, const char *button,
    const char *note)
{
	web_html(r, "<section class=\"step\"><h2>%s</h2>", title);
	if (note != NULL)
		web_html(r, "<p>%s</p>", note);
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", aksi, NULL, NULL);
	web_html(r, "<p><button type=\"submit\">%s</button></p>", button);
	web_form_end(r);
	web_raw(r, "</section>");
}

static void
action_issue(struct web_req *r, const struct kt_err *e)
{
	const struct config *c = web_config(r);
	char media[16] = "";
	const char *opts[] = {
		"chip", _("chip"), "printed", _("printed (barcode)"), "chip+printed",
		_("chip and printed"), NULL,
	};

	if (c != NULL && c->card_media[0] != '\0')
		snprintf(media, sizeof media, "%s", c->card_media);
	else if (store_setting(web_store(r), "card_media", media, sizeof media, NULL) != 0)
		snprintf(media, sizeof media, "%s", CARD_MEDIA_DEFAULT);
	web_html(r, "<section class=\"step\"><h2>%s</h2>", _("Issue the card"));
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", "terbitkan", NULL, NULL);
	web_select(r, "media", _("Card media"), opts, media, e, NULL);
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Issue: give the member"
	    " number"));
	web_form_end(r);
	web_raw(r, "</section>");
}

/* Step 5's chip, and step 6 once the card is ready. */
static void
action_issued(struct web_req *r, struct app_view *v, const struct kt_err *e)
{
	const struct config *c = web_config(r);
	struct kt_err why = { 0 };
	char cno[CARDNO_MAX];

	if (cardno_make(v->member_no, 1, cno, sizeof cno, NULL) != 0)
		return;
	if (web_has_role(r, "operator") && card_encodable(web_store(r), v->member_no,
	    NULL) == 0 && card_ready(web_store(r), cno, NULL) != 0)
		action_button(r, _("Write the chip"), "tulis", _("Write the card"),
		    _("Put the new card on the station's reader and keep it there, then press"
		    " the button."));
	if (web_has_role(r, "operator") && card_ready(web_store(r), cno, &why) != 0 &&
	    strcmp(why.next, "print") == 0)
		action_button(r, _("Print the card"), "cetak", _("Print the card"),
		    c != NULL && c->printer[0] != '\0' ? _("The card goes to the station's"
		    " printer; its barcodes are read back first.") : _("No printer is set up"
		    " for this station: the card comes as a PDF to print from the browser; its"
		    " barcodes are read back first."));
	memset(&why, 0, sizeof why);
	if (!web_has_role(r, "officer"))
		return;
	web_html(r, "<section class=\"step\"><h2>%s</h2>", _("Hand over the card"));
	if (card_ready(web_store(r), cno, &why) != 0) {
		web_html(r, "<p class=\"flash warn\">%s</p></section>", why.msg);
		return;
	}
	web_html(r, "<p>%s</p>", _("First a one-time code to the applicant's phone; then the"
	    " code the applicant received."));
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", "kode", NULL, NULL);
	web_input(r, "phone", _("Number on the applicant's phone"), "tel", NULL, e,
	    " autocomplete=\"off\" inputmode=\"tel\"");
	web_html(r, "<div class=\"field\"><label class=\"choice\"><input type=\"checkbox\""
	    " name=\"new_phone\" value=\"1\" id=\"f-new_phone\"> %s</label></div>",
	    _("The applicant has a new number: verify and record it"));
	web_html(r, "<p><button type=\"submit\" class=\"secondary\">%s</button></p>",
	    _("Send the code"));
	web_form_end(r);
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", "serahkan", NULL, NULL);
	web_input(r, "code", _("Code the applicant received"), "text", NULL, e,
	    " autocomplete=\"one-time-code\" inputmode=\"numeric\" maxlength=\"6\"");
	web_input(r, "signed_name", _("Name as signed in the handover book"), "text", v->name,
	    e, " autocomplete=\"off\"");
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Hand over"));
	web_form_end(r);
	web_raw(r, "</section>");
}

static void
action_reject(struct web_req *r, const struct kt_err *e)
{
	web_html(r, "<section class=\"step reject\"><h2>%s</h2>", _("Reject the application"));
	web_form_begin(r, web_path(r), 0);
	web_input(r, "aksi", "", "hidden", "tolak", NULL, NULL);
	web_input(r, "reason", _("Reason"), "text", NULL, e, " maxlength=\"200\"");
	web_html(r, "<p><button type=\"submit\" class=\"danger\">%s</button></p>",
	    _("Reject"));
	web_form_end(r);
	web_raw(r, "</section>");
}

static int
app_id(struct web_req *r, long long *id)
{
	const char *a = web_arg(r);
	char *end;

	if (a[0] < '1' || a[0] > '9' || strlen(a) > 12 || (*id = strtoll(a, &end, 10),
	    *end != '\0'))
		return kt_error(web_err(r), KT_ENOTFOUND, _("no application %s"), a);
	return 0;
}

/* One application: what it holds, its candidates, its history and what
 * the operator's role may do next.  e: the problem of a step just tried. */
static int
app_page(struct web_req *r, long long id, const struct kt_err *e)
{
	struct store *st = web_store(r);
	struct app_view v;
	struct kt_dupes d = { 0 };
	struct kt_err err = { 0 };
	char title[64];
	int rc;

	memset(&v, 0, sizeof v);
	v.r = r;
	v.id = id;
	/* Found before the page starts: a missing one is the error page. */
	if ((rc = proc_app_get(st, id, app_details_probe, &v, &err)) != 0) {
		*web_err(r) = err;
		return rc;
	}
	snprintf(title, sizeof title, _("Application %lld"), id);
	web_page_begin(r, title);
	web_problems(r, e);
	/* Its forms stay as they are: another desk's step offers a refresh. */
	web_live_begin(r, "application", 0, id);
	if ((rc = proc_app_get(st, id, app_details, &v, web_err(r))) != 0)
		return rc;
	if (strcmp(v.state, "applied") == 0 || strcmp(v.state, "checked") == 0) {
		if ((rc = proc_app_dupes(st, id, &d, web_err(r))) != 0)
			return rc;
		web_html(r, "<h2>%s</h2>", _("Already a member?"));
		if (d.n == 0)
			web_html(r, "<p>%s</p>", _("No candidates found."));
		else
			candidates_table(r, v.name, v.birth, v.place[0] != '\0' ? v.place : NULL,
			    &d);
	}
	if (strcmp(v.state, "applied") == 0 && web_has_role(r, "officer"))
		action_check(r, &d, e);
	else if (strcmp(v.state, "checked") == 0 && web_has_role(r, "officer"))
		action_button(r, _("Validate"), "validasi", _("Validate (initial)"),
		    _("The requirements are complete: initial the application for the"
		    " operator."));
	else if (strcmp(v.state, "validated") == 0 && web_has_role(r, "operator"))
		action_issue(r, e);
	else if (strcmp(v.state, "issued") == 0)
		action_issued(r, &v, e);
	if (is_open(v.state) && web_has_role(r, "officer|operator"))
		action_reject(r, e);
	dupes_free(&d);
	web_html(r, "<h2>%s</h2><div class=\"scroll\"><table class=\"history\"><thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	    _("History"), _("When (WIB)"), _("Step"), _("Operator"), _("Became"), _("Note"));
	if ((rc = proc_app_events(st, id, app_event, r, web_err(r))) != 0)
		return rc;
	web_raw(r, "</tbody></table></div>");
	web_live_end(r);
	web_html(r, "<p><a href=\"/antrian\">%s</a></p>", _("Back to the queue"));
	web_page_end(r);
	return 0;
}

static int
get_app(struct web_req *r)
{
	long long id;
	int rc;

	if ((rc = app_id(r, &id)) != 0)
		return rc;
	return app_page(r, id, NULL);
}

/* Step 5's chip: the card tapped on the station's reader, written, read
 * back and protected (card_encode, as kartu encode). */
static int
encode(struct web_req *r, const char *mno, char *card_no, struct kt_err *e)
{
	const struct web_options *o = r->w->o;
	struct reader *rd;
	struct keys k;
	struct tag t;
	int rc;

	if ((rc = card_encodable(web_store(r), mno, e)) != 0)
		return rc;
	if ((rc = keys_load(o->key_dir, 1, &k, e)) != 0)
		return rc;
	if ((rd = web_reader_claim(r, e)) == NULL) {
		rc = e->code != 0 ? e->code : KT_EFAIL;
		goto out;
	}
	/* The card lies on the reader when the button is pressed. */
	if ((rc = reader_wait(rd, 3000, &t, e)) == KT_ENOTFOUND)
		rc = kt_error(e, KT_EREFUSED, _("no card on the reader: put the new card on it"
		    " and press the button again"));
	if (rc == 0)
		rc = card_encode(web_store(r), &k, rd, &t, mno, NULL, card_no, o->origin_key, e);
	web_reader_release(r);
out:
	keys_wipe(&k);
	return rc;
}

/* Step 5's print, as kartu print: the barcodes read back, the PDF to the
 * station's printer, or else to the browser (a download); then the card is
 * printed (active when it has no chip waiting). *sent: the answer is the
 * PDF. */
static int
print_card(struct web_req *r, const char *mno, char *card_no, int *sent, struct kt_err *e)
{
	const struct config *c = web_config(r);
	struct card_print p;
	struct card_fields f;
	struct layout *l = NULL;
	char dir[512] = "", path[600] = "", job[128] = "", *pdf = NULL;
	size_t len = 0;
	int rc, codes, activated;

	*sent = 0;
	memset(&p, 0, sizeof p);
	if ((rc = card_print_fields(web_store(r), mno, &p, e)) != 0)
		goto out;
	snprintf(card_no, CARDNO_MAX, "%s", p.card_no);
	card_fields_of(&p, &f);
	if ((rc = web_layout(r, &l, e)) != 0 || (rc = render_selfcheck(l, &f, &codes, e)) != 0 ||
	    (rc = web_temp_dir(r, dir, sizeof dir, e)) != 0)
		goto out;
	snprintf(path, sizeof path, "%s/%s.pdf", dir, p.card_no);
	if ((rc = render_card(l, &f, path, RENDER_PDF, 0, 0, e)) != 0)
		goto out;
	/* To the printer, or read whole before the card is called printed. */
	if (c != NULL && c->printer[0] != '\0')
		rc = printer_send(c->printer, path, p.card_no, job, sizeof job, e);
	else
		rc = web_read_file(path, &pdf, &len, e);
	if (rc != 0)
		goto out;
	if ((rc = card_printed(web_store(r), p.card_no, NULL, &activated, e)) != 0 ||
	    (rc = member_reprinted(web_store(r), p.card_no, e)) != 0)
		goto out;
	if (pdf != NULL) {
		char name[CARDNO_MAX + 8];

		snprintf(name, sizeof name, "%s.pdf", p.card_no);
		web_send(r, "application/pdf", pdf, len, name);
		*sent = 1;
	}
out:
	if (path[0] != '\0')
		unlink(path);
	if (dir[0] != '\0')
		rmdir(dir);
	free(pdf);
	layout_free(l);
	card_print_free(&p);
	return rc;
}

static int
post_app(struct web_req *r)
{
	struct store *st = web_store(r);
	struct kt_err *e = web_err(r);
	struct kt_handover_code hc;
	struct app_view av;
	const char *aksi = web_field(r, "aksi"), *v;
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX];
	long long id;
	int rc, left = -1;

	if ((rc = app_id(r, &id)) != 0)
		return rc;
	/* A missing application is the error page, whatever the step. */
	memset(&av, 0, sizeof av);
	av.r = r;
	if ((rc = proc_app_get(st, id, app_details_probe, &av, e)) != 0)
		return rc;
	if (aksi == NULL)
		aksi = "";
	if (strcmp(aksi, "periksa") == 0) {
		v = web_field(r, "decision");
		if (v != NULL && v[0] == '\0')
			v = NULL;
		if ((rc = proc_check(st, id, NULL, v, e)) != 0)
			;
		else if (v != NULL && strcmp(v, "new") != 0)
			web_flash(r, "ok", _("Application %lld closed: the applicant is already"
			    " member %s."), id, v);
		else
			web_flash(r, "ok", _("Application %lld checked. Next: the officer validates"
			    " it."), id);
	} else if (strcmp(aksi, "validasi") == 0) {
		if ((rc = proc_validate(st, id, NULL, e)) == 0)
			web_flash(r, "ok", _("Application %lld validated. Next: the operator issues"
			    " the card."), id);
	} else if (strcmp(aksi, "terbitkan") == 0) {
		if ((rc = proc_issue(st, id, NULL, web_field(r, "media"), mno, cno, e)) == 0)
			web_flash(r, "ok", _("Application %lld issued: member number %s, card %s."),
			    id, mno, cno);
	} else if (strcmp(aksi, "tulis") == 0) {
		if ((rc = encode(r, av.member_no, cno, e)) == 0)
			web_flash(r, "ok", _("Card %s written to the chip, read back and"
			    " protected."), cno);
	} else if (strcmp(aksi, "cetak") == 0) {
		int sent;

		if ((rc = print_card(r, av.member_no, cno, &sent, e)) == 0 && sent)
			return 0;	/* the PDF is the answer */
		if (rc == 0)
			web_flash(r, "ok", _("Card %s sent to the printer; its barcodes were read"
			    " back."), cno);
	} else if (strcmp(aksi, "kode") == 0) {
		const struct config *c = web_config(r);

		v = web_field(r, "phone");
		if (v != NULL && v[0] == '\0')
			v = NULL;
		if (v == NULL)
			rc = kt_error_at(e, KT_EUSAGE, "phone", _("type the number on the"
			    " applicant's phone"));
		else if ((rc = proc_handover_start(st, id, NULL, v, web_field(r, "new_phone") !=
		    NULL, c != NULL && c->sms_command[0] != '\0' ? c->sms_command : NULL, &hc,
		    e)) == 0) {
			if (hc.code[0] != '\0')
				web_flash(r, "warn", _("No SMS gateway is set up. Call %s and read out"
				    " this code: %s (it holds for %d minutes)."), hc.phone, hc.code,
				    hc.minutes);
			else
				web_flash(r, "ok", _("A code was sent by SMS to %s; it holds for %d"
				    " minutes. Ask the applicant for it."), hc.phone, hc.minutes);
			sodium_memzero(&hc, sizeof hc);
		}
	} else if (strcmp(aksi, "serahkan") == 0) {
		v = web_field(r, "signed_name");
		if ((rc = proc_handover(st, id, NULL, web_field(r, "code"), v != NULL &&
		    v[0] != '\0' ? v : NULL, &left, e)) == 0)
			web_flash(r, "ok", _("Application %lld: card handed over, phone verified,"
			    " book signed."), id);
		else if (e->field[0] == '\0' && e->nproblems == 0)
			snprintf(e->field, sizeof e->field, "code");
	} else if (strcmp(aksi, "tolak") == 0) {
		v = web_field(r, "reason");
		if ((rc = proc_reject(st, id, NULL, v != NULL && v[0] != '\0' ? v : NULL, e)) == 0)
			web_flash(r, "ok", _("Application %lld rejected."), id);
	} else
		rc = kt_error(e, KT_EUSAGE, _("no such step"));
	if (rc == 0) {
		web_redirect(r, "/permohonan/%lld", id);
		return 0;
	}
	/* The step's problem on the application's page, beside its field. */
	{
		struct kt_err shown = *e;

		memset(e, 0, sizeof *e);
		web_status(r, web_err_status(&shown));
		rc = app_page(r, id, &shown);
		if (rc != 0)
			*e = shown;
		return rc;
	}
}

const struct web_route web_routes_proc[] = {
	{ "GET", "/daftar", "officer|operator", get_apply, N_("Registration form") },
	{ "POST", "/daftar", "officer|operator", post_apply, NULL },
	{ "GET", "/antrian", NULL, get_queue, N_("Queue") },
	{ "GET", "/permohonan/", NULL, get_app, NULL },
	{ "POST", "/permohonan/", NULL, post_app, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
