/*
 * proc.c - the procedure: applications, their steps and their history (see
 * proc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "calendar.h"
#include "card.h"
#include "memberno.h"
#include "otp.h"
#include "proc.h"
#include "rules.h"


static const char *const order[] = {
	"applied", "checked", "validated", "issued", "handed-over",
};
/* The command that moves an application out of order[i]. */
static const char *const next_step[] = {
	"check", "validate", "issue", "handover", NULL,
};

static int
state_index(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(order); i++)
		if (strcmp(order[i], state) == 0)
			return (int)i;
	return -1;
}

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Append to the history of app.  Part of the caller's transaction. */
static int
event(struct store *st, long long app, long long op, const char *step, const char *from,
    const char *to, const char *note, struct kt_err *e)
{
	struct calendar cal;
	sqlite3_stmt *s;
	char now[32];
	int rc;

	store_timestamp(st, now, sizeof now);
	/* Work outside service hours is allowed, and marked. */
	if ((rc = calendar_load(st, &cal, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "INSERT INTO app_events (application_id, at, operator_id,"
	    " step, from_state, to_state, note, outside_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    &s, e)) != 0)
		return rc;
	sqlite3_bind_int(s, 8, !calendar_open_at(&cal, store_now(st)));
	sqlite3_bind_int64(s, 1, app);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, op);
	sqlite3_bind_text(s, 4, step, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

/* Move app from state from to state to, with the reason (may be NULL). */
static int
set_state(struct store *st, long long app, const char *to, const char *reason,
    struct kt_err *e)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "UPDATE applications SET state = ?, updated_at = ?,"
	    " reason = coalesce(?, reason) WHERE id = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, app);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

/* Read the state of app into state (16 bytes) and, if wanted is not NULL,
 * check that it is wanted: otherwise say what must come first. */
static int
need_state(struct store *st, long long app, const char *wanted, char *state,
    struct kt_err *e)
{
	sqlite3_stmt *s;
	char reason[256] = "";
	int rc, have, want;

	if ((rc = store_prepare(st, "SELECT state, reason FROM applications WHERE id = ?",
	    &s, e)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, app);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(state, 16, "%s", col(s, 0));
		if (col(s, 1) != NULL)
			snprintf(reason, sizeof reason, "%s", col(s, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no application %lld"), app);
	else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	if (rc != 0 || wanted == NULL || strcmp(state, wanted) == 0)
		return rc;
	if (strcmp(state, "rejected") == 0 || strcmp(state, "refused") == 0)
		return kt_error(e, KT_EREFUSED, _("application %lld was %s: %s"), app, state,
		    reason);
	have = state_index(state);
	want = state_index(wanted);
	if (have > want)
		return kt_error(e, KT_EREFUSED, _("application %lld is already %s"), app, state);
	return kt_error(e, KT_EREFUSED,
	    _("application %lld is %s: it must be %s first (kartu %s %lld)"), app, state,
	    order[have + 1], next_step[have], app);
}

/* Run the checks of the form; fill the normalised values. */
struct form_clean {
	char name[101], key[NAME_KEY_MAX], birth_place[61], birth_date[11], sex;
	char address[201], phone[20], institution[121], guardian[101];
	char doc_hash[STORE_HASH_LEN], doc_masked[48], nik_hash[STORE_HASH_LEN];
	char nik_masked[20];
	struct kt_date birth;
	struct kt_category cat;
	long long inst_id;
	int has_inst, has_guardian, has_nik;
	char refusal[256];	/* set when the rules do not serve the applicant */
};

/* imported: a member of the library's old system, not an applicant: no
 * document is shown and the rules of eligibility are not applied again. */
static int
clean_form(struct store *st, const struct kt_form *f, struct form_clean *c, int imported,
    struct kt_err *e)
{
	struct kt_date now;
	const char *nik = f->nik;
	char instname[121];
	int rc, local = 0;
	long age;

	memset(c, 0, sizeof *c);
	if ((rc = valid_name(f->name, _("name"), 100, c->name, e)) != 0)
		return rc;
	if (name_key(c->name, c->key, sizeof c->key) == 0)
		return kt_error(e, KT_EUSAGE, _("the name has no letters"));
	if ((rc = valid_text(f->birth_place, _("birth place"), 60, c->birth_place, e)) != 0)
		return rc;
	if (f->birth_date == NULL)
		return kt_error(e, KT_EUSAGE, _("birth date is missing (--birth-date YYYY-MM-DD)"));
	if ((rc = valid_date(f->birth_date, &c->birth, e)) != 0)
		return rc;
	date_format(&c->birth, c->birth_date, sizeof c->birth_date);
	store_today(st, &now);
	age = date_days(&now) - date_days(&c->birth);
	if (age < 0)
		return kt_error(e, KT_EUSAGE, _("the birth date %s is in the future"),
		    c->birth_date);
	if (age > 120L * 366)
		return kt_error(e, KT_EUSAGE, _("the birth date %s is too long ago"),
		    c->birth_date);
	if ((rc = valid_sex(f->sex, &c->sex, e)) != 0)
		return rc;
	if ((rc = valid_text(f->address, _("address"), 200, c->address, e)) != 0)
		return rc;
	if ((rc = valid_phone(f->phone, c->phone, sizeof c->phone, e)) != 0)
		return rc;
	if (f->category == NULL)
		return kt_error(e, KT_EUSAGE, _("category is missing (--category)"));
	if ((rc = rules_category(st, f->category, &c->cat, e)) != 0)
		return rc;
	if (imported) {
		if (nik != NULL && ((rc = valid_nik(nik, &c->birth, c->sex, e)) != 0 ||
		    (rc = store_hash_id(st, "nik", nik, c->nik_hash, e)) != 0))
			return rc;
		if (nik != NULL) {
			valid_mask(nik, c->nik_masked, sizeof c->nik_masked);
			c->has_nik = 1;
		}
		if (f->guardian != NULL && (rc = valid_name(f->guardian, _("guardian"), 100,
		    c->guardian, e)) != 0)
			return rc;
		c->has_guardian = f->guardian != NULL;
		if (f->institution != NULL && (rc = valid_text(f->institution,
		    _("institution"), 120, c->institution, e)) != 0)
			return rc;
		c->has_inst = f->institution != NULL;
		return 0;
	}
	if (f->document == NULL)
		return kt_error(e, KT_EREFUSED,
		    _("the applicant must bring a document (--document KIND --document-no NO)"));
	if ((rc = rules_document(st, c->cat.code, f->document, f->document_no, &c->birth,
	    c->sex, e)) != 0)
		return rc;
	if (strcmp(f->document, "ktp") == 0) {
		if (nik != NULL && strcmp(nik, f->document_no) != 0)
			return kt_error(e, KT_EUSAGE,
			    _("--nik differs from the KTP's number given with --document-no"));
		nik = f->document_no;
	} else if (nik != NULL && (rc = valid_nik(nik, &c->birth, c->sex, e)) != 0)
		return rc;
	if (c->cat.guardian) {
		if (f->guardian == NULL)
			return kt_error(e, KT_EUSAGE,
			    _("category %s needs the name of a parent or guardian (--guardian)"),
			    c->cat.code);
	}
	if (f->guardian != NULL) {
		if ((rc = valid_name(f->guardian, _("guardian"), 100, c->guardian, e)) != 0)
			return rc;
		c->has_guardian = 1;
	}
	if (f->institution != NULL) {
		if ((rc = valid_text(f->institution, _("institution"), 120, c->institution,
		    e)) != 0)
			return rc;
		c->has_inst = 1;
	} else if (strcmp(c->cat.institution, "required") == 0 ||
	    strcmp(c->cat.institution, "local") == 0)
		return kt_error(e, KT_EUSAGE,
		    _("category %s needs the school or university (--institution)"),
		    c->cat.code);
	if (strcmp(c->cat.institution, "local") == 0) {
		rc = rules_institution(st, c->institution, &c->inst_id, &local, instname,
		    sizeof instname, e);
		if (rc != 0 && rc != KT_ENOTFOUND)
			return rc;
		if (rc == KT_ENOTFOUND || !local)
			snprintf(c->refusal, sizeof c->refusal,
			    _("%s is not a university in the regency: only students of"
			    " universities in Barito Utara are served"), c->institution);
		else
			snprintf(c->institution, sizeof c->institution, "%s", instname);
		if (rc == 0)
			c->has_inst = 2;	/* with an id */
	}
	/* The numbers themselves are kept only as a keyed hash and a mask. */
	if ((rc = store_hash_id(st, f->document, f->document_no, c->doc_hash, e)) != 0)
		return rc;
	valid_mask(f->document_no, c->doc_masked, sizeof c->doc_masked);
	if (nik != NULL) {
		if ((rc = store_hash_id(st, "nik", nik, c->nik_hash, e)) != 0)
			return rc;
		valid_mask(nik, c->nik_masked, sizeof c->nik_masked);
		c->has_nik = 1;
	}
	return 0;
}

static int
insert_application(struct store *st, const struct form_clean *c, const char *document,
    const char *state, long long *app, struct kt_err *e)
{
	struct calendar cal;
	sqlite3_stmt *s;
	char now[32], due_at[32] = "";
	time_t due;
	struct tm tm;
	int rc;

	store_timestamp(st, now, sizeof now);
	/* The service promise: ready one working day after submission. */
	if ((rc = calendar_load(st, &cal, e)) != 0)
		return rc;
	if (strcmp(state, "applied") == 0 && calendar_due(&cal, store_now(st), &due) == 0) {
		gmtime_r(&due, &tm);
		strftime(due_at, sizeof due_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if ((rc = store_prepare(st, "INSERT INTO applications (state, category, name,"
	    " name_key, birth_place, birth_date, sex, address, phone, institution,"
	    " institution_id, guardian, document, document_hash, document_masked, nik_hash,"
	    " nik_masked, reason, created_at, updated_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &s, e)) != 0)
		return rc;
	if (due_at[0] != '\0')
		sqlite3_bind_text(s, 21, due_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->cat.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->birth_place, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, c->birth_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, c->sex == 'P' ? "P" : "L", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, c->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, c->phone, -1, SQLITE_STATIC);
	if (c->has_inst)
		sqlite3_bind_text(s, 10, c->institution, -1, SQLITE_STATIC);
	if (c->has_inst == 2)
		sqlite3_bind_int64(s, 11, c->inst_id);
	if (c->has_guardian)
		sqlite3_bind_text(s, 12, c->guardian, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, document, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, c->doc_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, c->doc_masked, -1, SQLITE_STATIC);
	if (c->has_nik) {
		sqlite3_bind_text(s, 16, c->nik_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 17, c->nik_masked, -1, SQLITE_STATIC);
	}
	if (c->refusal[0] != '\0')
		sqlite3_bind_text(s, 18, c->refusal, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 19, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 20, now, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_DONE) {
		*app = sqlite3_last_insert_rowid(store_db(st));
		rc = 0;
	} else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
proc_apply(struct store *st, const struct kt_form *f, const char *op, long long *app_id,
    struct kt_dupes *dupes, struct kt_err *e)
{
	struct form_clean c;
	struct dupe_query q;
	struct kt_dupes found = { 0 };
	long long opid, app = 0;
	int rc;

	*app_id = 0;
	if (dupes != NULL)
		memset(dupes, 0, sizeof *dupes);
	if ((rc = operator_require(st, op, "officer|operator", _("take applications"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = clean_form(st, f, &c, 0, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if (c.refusal[0] != '\0') {
		if ((rc = insert_application(st, &c, f->document, "refused", &app, e)) != 0 ||
		    (rc = event(st, app, opid, "apply", NULL, "refused", c.refusal, e)) != 0 ||
		    (rc = store_commit(st, e)) != 0)
			goto fail;
		*app_id = app;
		return kt_error(e, KT_EREFUSED, "%s", c.refusal);
	}
	memset(&q, 0, sizeof q);
	q.name_key = c.key;
	q.birth = c.birth;
	q.birth_place = c.birth_place;
	q.phone = c.phone;
	q.nik_hash = c.has_nik ? c.nik_hash : NULL;
	if ((rc = dupes_find(st, &q, &found, e)) != 0)
		goto fail;
	if ((rc = insert_application(st, &c, f->document, "applied", &app, e)) != 0 ||
	    (rc = event(st, app, opid, "apply", NULL, "applied", NULL, e)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		goto fail;
	*app_id = app;
	if (dupes != NULL)
		*dupes = found;
	else
		dupes_free(&found);
	return 0;
fail:
	dupes_free(&found);
	store_rollback(st);
	return rc;
}

int
proc_app_dupes(struct store *st, long long app, struct kt_dupes *out, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct dupe_query q;
	char key[NAME_KEY_MAX], phone[20], nik[STORE_HASH_LEN], place[64];
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_prepare(st, "SELECT name_key, birth_date, phone, nik_hash, birth_place"
	    " FROM applications WHERE id = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, app);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? kt_error(e, KT_ENOTFOUND, _("no application %lld"), app)
		    : store_dberror(st, e);
		sqlite3_finalize(s);
		return rc;
	}
	memset(&q, 0, sizeof q);
	snprintf(key, sizeof key, "%s", col(s, 0));
	valid_date(col(s, 1), &q.birth, NULL);
	snprintf(phone, sizeof phone, "%s", col(s, 2));
	if (col(s, 3) != NULL) {
		snprintf(nik, sizeof nik, "%s", col(s, 3));
		q.nik_hash = nik;
	}
	snprintf(place, sizeof place, "%s", col(s, 4) != NULL ? col(s, 4) : "");
	sqlite3_finalize(s);
	q.birth_place = place;
	q.name_key = key;
	q.phone = phone;
	q.exclude_app = app;
	return dupes_find(st, &q, out, e);
}

int
proc_dupe_input(struct store *st, const char *name, const char *birth, const char *place,
    const char *phone, const char *nik, struct dupe_input *in, struct kt_err *e)
{
	char clean[101];
	int rc;

	memset(in, 0, sizeof *in);
	if ((rc = valid_name(name, _("name"), 100, clean, e)) != 0)
		return rc;
	if (name_key(clean, in->key, sizeof in->key) == 0)
		return kt_error(e, KT_EUSAGE, _("the name has no letters"));
	if (birth == NULL)
		return kt_error(e, KT_EUSAGE, _("birth date is missing (--birth-date YYYY-MM-DD)"));
	if ((rc = valid_date(birth, &in->q.birth, e)) != 0)
		return rc;
	if (phone != NULL) {
		if ((rc = valid_phone(phone, in->phone, sizeof in->phone, e)) != 0)
			return rc;
		in->q.phone = in->phone;
	}
	if (nik != NULL) {
		if ((rc = valid_nik(nik, &in->q.birth, 0, e)) != 0 ||
		    (rc = store_hash_id(st, "nik", nik, in->nik_hash, e)) != 0)
			return rc;
		in->q.nik_hash = in->nik_hash;
	}
	if (place != NULL) {
		if ((rc = valid_text(place, _("birth place"), 60, in->place, e)) != 0)
			return rc;
		in->q.birth_place = in->place;
	}
	in->q.name_key = in->key;
	return 0;
}

/* The member id of a member number, or KT_ENOTFOUND. */
static int
member_id(struct store *st, const char *mno, long long *id, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT id FROM members WHERE member_no = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, mno, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no member %s"), mno);
	else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
proc_check(struct store *st, long long app, const char *op, const char *decision,
    struct kt_err *e)
{
	struct kt_dupes d = { 0 };
	char state[16], note[512], mno[MEMBERNO_MAX];
	long long opid, mid;
	size_t i, n = 0, len = 0;
	int rc;

	if ((rc = operator_require(st, op, "officer", _("check applications"), &opid, e)) != 0)
		return rc;
	if (decision != NULL && strcmp(decision, "new") != 0 &&
	    (rc = memberno_parse(decision, mno, sizeof mno, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, "applied", state, e)) != 0)
		goto out;
	if (decision != NULL && strcmp(decision, "new") != 0) {
		if ((rc = member_id(st, mno, &mid, e)) != 0)
			goto out;
		snprintf(note, sizeof note, _("already a member: %s"), mno);
		if ((rc = set_state(st, app, "rejected", note, e)) != 0 ||
		    (rc = event(st, app, opid, "check", state, "rejected", note, e)) != 0)
			goto out;
		rc = store_commit(st, e);
		goto out;
	}
	if ((rc = proc_app_dupes(st, app, &d, e)) != 0)
		goto out;
	note[0] = '\0';
	for (i = 0; i < d.n; i++) {
		if (d.v[i].score < DUPE_DECIDE)
			continue;
		if ((d.v[i].reasons & DUPE_NIK) && decision != NULL) {
			rc = kt_error(e, KT_EREFUSED, _("the same NIK belongs to %s %s: the"
			    " applicant is already registered"),
			    d.v[i].is_member ? _("member") : _("application"),
			    d.v[i].is_member ? d.v[i].member_no : "");
			goto out;
		}
		n++;
		if (len < sizeof note)
			len += (size_t)snprintf(note + len, sizeof note - len, "%s%s",
			    len > 0 ? ", " : "", d.v[i].is_member ? d.v[i].member_no :
			    _("an open application"));
	}
	if (n > 0 && decision == NULL) {
		rc = kt_error(e, KT_EREFUSED, _("application %lld has %zu possible duplicate(s)"
		    " (%s): look at them (kartu app show %lld), then check again with"
		    " --not-duplicate or --duplicate-of NUMBER"), app, n, note, app);
		goto out;
	}
	if (n > 0) {
		char why[600];

		snprintf(why, sizeof why, _("requirements complete; not the same person as %s"),
		    note);
		rc = event(st, app, opid, "check", state, "checked", why, e);
	} else
		rc = event(st, app, opid, "check", state, "checked",
		    _("requirements complete; not yet a member"), e);
	if (rc != 0 || (rc = set_state(st, app, "checked", NULL, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	dupes_free(&d);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
proc_validate(struct store *st, long long app, const char *op, struct kt_err *e)
{
	char state[16];
	long long opid;
	int rc;

	if ((rc = operator_require(st, op, "officer", _("validate applications"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, "checked", state, e)) != 0 ||
	    (rc = set_state(st, app, "validated", NULL, e)) != 0 ||
	    (rc = event(st, app, opid, "validate", state, "validated", NULL, e)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		store_rollback(st);
	return rc;
}

/* Next value of counter name, inside the caller's transaction. */
static int
next_counter(struct store *st, const char *name, long *value, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "INSERT INTO counters (name, value) VALUES (?, 1)"
	    " ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
	    &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*value = (long)sqlite3_column_int64(s, 0);
		rc = 0;
	} else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
proc_issue(struct store *st, long long app, const char *op, char *mno, char *cno,
    struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	char state[16], fmt[64], lib[32], counter[32], now[32], expires[11], card[CARDNO_MAX];
	struct kt_date d;
	long long opid, mid;
	long seq = 0;
	int rc;

	if ((rc = operator_require(st, op, "operator", _("issue cards"), &opid, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, "validated", state, e)) != 0 ||
	    (rc = store_setting(st, "member_no_format", fmt, sizeof fmt, e)) != 0 ||
	    (rc = store_setting(st, "library_code", lib, sizeof lib, e)) != 0)
		goto out;
	store_today(st, &d);
	snprintf(counter, sizeof counter, "member:%04d", d.y);
	if ((rc = next_counter(st, counter, &seq, e)) != 0 ||
	    (rc = memberno_make(fmt, lib, d.y, seq, mno, MEMBERNO_MAX, e)) != 0 ||
	    (rc = cardno_make(mno, 1, card, sizeof card, e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO members (member_no, application_id, category,"
	    " name, name_key, birth_place, birth_date, sex, address, phone, institution,"
	    " guardian, nik_hash, nik_masked, expires_on, created_at, created_by)"
	    " SELECT ?1, a.id, a.category, a.name, a.name_key, a.birth_place, a.birth_date,"
	    " a.sex, a.address, a.phone, a.institution, a.guardian, a.nik_hash, a.nik_masked,"
	    " date(?2, '+' || c.valid_months || ' months'), ?3, ?4 FROM applications a"
	    " JOIN categories c ON c.code = a.category WHERE a.id = ?5", &s, e)) != 0)
		goto out;
	date_format(&d, expires, sizeof expires);
	sqlite3_bind_text(s, 1, mno, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, expires, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, opid);
	sqlite3_bind_int64(s, 5, app);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	mid = sqlite3_last_insert_rowid(store_db(st));
	sqlite3_finalize(s);
	if ((rc = card_insert(st, mid, 1, card, NULL, opid, NULL, e)) != 0)
		goto out;
	if ((rc = store_prepare(st, "UPDATE applications SET member_id = ? WHERE id = ?",
	    &s, e)) != 0)
		goto out;
	sqlite3_bind_int64(s, 1, mid);
	sqlite3_bind_int64(s, 2, app);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	if ((rc = set_state(st, app, "issued", NULL, e)) != 0 ||
	    (rc = event(st, app, opid, "issue", state, "issued", mno, e)) != 0)
		goto out;
	rc = store_commit(st, e);
	if (rc == 0 && cno != NULL)
		snprintf(cno, CARDNO_MAX, "%s", card);
out:
	sqlite3_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/* An integer setting, def when unset or malformed. */
static int
setting_int(struct store *st, const char *key, int def, int lo, int hi)
{
	char buf[32], *end;
	long v;

	if (store_setting(st, key, buf, sizeof buf, NULL) != 0)
		return def;
	v = strtol(buf, &end, 10);
	return buf[0] != '\0' && *end == '\0' && v >= lo && v <= hi ? (int)v : def;
}

/* The member of an issued application: id, phone, name (101 bytes), and the
 * number of its newest card (CARDNO_MAX bytes, may be NULL). */
static int
app_member(struct store *st, long long app, long long *mid, char *phone, char *name,
    char *card, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc;

	*mid = 0;
	if ((rc = store_prepare(st, "SELECT m.id, m.phone, m.name, (SELECT card_no FROM cards"
	    " WHERE member_id = m.id ORDER BY issue_no DESC LIMIT 1) FROM members m"
	    " JOIN applications a ON a.member_id = m.id WHERE a.id = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, app);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*mid = sqlite3_column_int64(s, 0);
		snprintf(phone, 20, "%s", col(s, 1));
		snprintf(name, 101, "%s", col(s, 2));
		if (card != NULL)
			snprintf(card, CARDNO_MAX, "%s", col(s, 3) != NULL ? col(s, 3) : "");
	}
	sqlite3_finalize(s);
	if (*mid == 0)
		return kt_error(e, KT_EFAIL, _("application %lld is issued but has no member"), app);
	return 0;
}

int
proc_handover_start(struct store *st, long long app, const char *op, const char *phone,
    int new_phone, struct kt_handover_code *out, struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	char state[16], had[20], name[101], now[32], hash[STORE_HASH_LEN], cmd[1024];
	char code[OTP_LEN], msg[200];
	long long opid, mid;
	time_t exp;
	struct tm tm;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = operator_require(st, op, "officer", _("hand cards over"), &opid, e)) != 0)
		return rc;
	if (phone == NULL)
		return kt_error(e, KT_EUSAGE,
		    _("give the phone number the applicant shows (--phone)"));
	if ((rc = valid_phone(phone, out->phone, sizeof out->phone, e)) != 0)
		return rc;
	if ((rc = otp_sms_command(st, cmd, sizeof cmd, e)) != 0)
		return rc;
	out->minutes = setting_int(st, "otp_minutes", 10, 1, 24 * 60);
	out->tries = setting_int(st, "otp_tries", 3, 1, 10);
	snprintf(out->via, sizeof out->via, "%s", cmd[0] != '\0' ? "sms" : "shown");
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, "issued", state, e)) != 0 ||
	    (rc = app_member(st, app, &mid, had, name, NULL, e)) != 0)
		goto out;
	if (strcmp(had, out->phone) != 0 && !new_phone) {
		rc = kt_error(e, KT_EREFUSED, _("the phone number does not match the one on the"
		    " form; if the applicant has a new number, give --new-phone"));
		goto out;
	}
	otp_make(code);
	if ((rc = otp_hash(st, app, code, hash, e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	exp = store_now(st) + (time_t)out->minutes * 60;
	gmtime_r(&exp, &tm);
	strftime(out->expires_at, sizeof out->expires_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = store_prepare(st, "INSERT OR REPLACE INTO handover_codes (application_id,"
	    " phone, phone_changed, code_hash, expires_at, tries, via, created_at,"
	    " operator_id) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)", &s, e)) != 0)
		goto out;
	sqlite3_bind_int64(s, 1, app);
	sqlite3_bind_text(s, 2, out->phone, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, strcmp(had, out->phone) != 0);
	sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, out->expires_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, out->via, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, opid);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	/* Sent inside the transaction: a code that did not go out is not kept. */
	if (cmd[0] != '\0') {
		snprintf(msg, sizeof msg, _("Library card handover code: %s. Valid for %d"
		    " minutes. Show it only to the officer at the desk."), code, out->minutes);
		rc = otp_send(cmd, out->phone, msg, e);
		sodium_memzero(msg, sizeof msg);
		if (rc != 0)
			goto out;
	} else
		snprintf(out->code, sizeof out->code, "%s", code);
	rc = store_commit(st, e);
out:
	sodium_memzero(code, sizeof code);
	sqlite3_finalize(s);
	if (rc != 0) {
		store_rollback(st);
		sodium_memzero(out->code, sizeof out->code);
	}
	return rc;
}

int
proc_handover(struct store *st, long long app, const char *op, const char *code,
    const char *signed_name, int *tries_left, struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	char state[16], had[20], name[101], now[32], hash[STORE_HASH_LEN], note[300];
	char card[CARDNO_MAX], phone[20] = "", want[STORE_HASH_LEN] = "", expires[32] = "";
	char via[8] = "";
	long long opid, mid;
	int rc, tries = 0, max, changed = 0, found = 0;

	if (tries_left != NULL)
		*tries_left = 0;
	if ((rc = operator_require(st, op, "officer", _("hand cards over"), &opid, e)) != 0)
		return rc;
	if (code == NULL)
		return kt_error(e, KT_EUSAGE, _("give the code the applicant received (--code)"));
	if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return kt_error(e, KT_EUSAGE, _("the code has six digits"));
	if (signed_name != NULL &&
	    (rc = valid_name(signed_name, _("signed name"), 100, name, e)) != 0)
		return rc;
	max = setting_int(st, "otp_tries", 3, 1, 10);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, "issued", state, e)) != 0 ||
	    (rc = app_member(st, app, &mid, had, signed_name == NULL ? name : note, card,
	    e)) != 0)
		goto out;
	if ((rc = store_prepare(st, "SELECT phone, phone_changed, code_hash, expires_at, tries,"
	    " via FROM handover_codes WHERE application_id = ?", &s, e)) != 0)
		goto out;
	sqlite3_bind_int64(s, 1, app);
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = 1;
		snprintf(phone, sizeof phone, "%s", col(s, 0));
		changed = sqlite3_column_int(s, 1);
		snprintf(want, sizeof want, "%s", col(s, 2));
		snprintf(expires, sizeof expires, "%s", col(s, 3));
		tries = sqlite3_column_int(s, 4);
		snprintf(via, sizeof via, "%s", col(s, 5));
	}
	sqlite3_finalize(s);
	s = NULL;
	store_timestamp(st, now, sizeof now);
	if (!found) {
		rc = kt_error(e, KT_EREFUSED, _("no code was sent for application %lld: send one"
		    " first (kartu handover %lld --phone NUMBER)"), app, app);
		goto out;
	}
	if (tries >= max) {
		rc = kt_error(e, KT_EREFUSED, _("too many wrong codes: send a new code"
		    " (kartu handover %lld --phone NUMBER)"), app);
		goto out;
	}
	if (strcmp(now, expires) >= 0) {
		rc = kt_error(e, KT_EREFUSED, _("the code has expired: send a new one"
		    " (kartu handover %lld --phone NUMBER)"), app);
		goto out;
	}
	if ((rc = otp_hash(st, app, code, hash, e)) != 0)
		goto out;
	if (sodium_memcmp(hash, want, STORE_HASH_LEN) != 0) {
		/* The try counts: kept even though the step is refused. */
		if ((rc = store_prepare(st, "UPDATE handover_codes SET tries = tries + 1"
		    " WHERE application_id = ?", &s, e)) != 0)
			goto out;
		sqlite3_bind_int64(s, 1, app);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = store_dberror(st, e);
			goto out;
		}
		if ((rc = store_commit(st, e)) != 0)
			goto out;
		if (tries_left != NULL)
			*tries_left = max - tries - 1;
		rc = max - tries - 1 > 0 ? kt_error(e, KT_EREFUSED,
		    _("wrong code: %d tries left"), max - tries - 1) : kt_error(e, KT_EREFUSED,
		    _("wrong code, and no tries left: send a new code"));
		goto out;
	}
	if (changed) {
		if ((rc = store_prepare(st, "UPDATE members SET phone = ? WHERE id = ?", &s,
		    e)) != 0)
			goto out;
		sqlite3_bind_text(s, 1, phone, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, mid);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = store_dberror(st, e);
			goto out;
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	if ((rc = store_prepare(st, "INSERT INTO handovers (application_id, member_id, card_no,"
	    " phone, phone_verified, phone_changed, verified_via, signed_name, at, operator_id)"
	    " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)", &s, e)) != 0)
		goto out;
	sqlite3_bind_int64(s, 1, app);
	sqlite3_bind_int64(s, 2, mid);
	sqlite3_bind_text(s, 3, card, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, phone, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, changed);
	sqlite3_bind_text(s, 6, via, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, opid);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = store_prepare(st, "DELETE FROM handover_codes WHERE application_id = ?", &s,
	    e)) != 0)
		goto out;
	sqlite3_bind_int64(s, 1, app);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	if (changed)
		snprintf(note, sizeof note, _("signed by %s; phone changed to %s and verified"),
		    name, phone);
	else
		snprintf(note, sizeof note, _("signed by %s; phone verified"), name);
	if ((rc = set_state(st, app, "handed-over", NULL, e)) != 0 ||
	    (rc = event(st, app, opid, "handover", state, "handed-over", note, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	sqlite3_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
proc_reject(struct store *st, long long app, const char *op, const char *reason,
    struct kt_err *e)
{
	char state[16], why[201];
	long long opid;
	int rc, at;

	if ((rc = operator_require(st, op, "officer|operator", _("reject applications"),
	    &opid, e)) != 0)
		return rc;
	if (reason == NULL)
		return kt_error(e, KT_EUSAGE, _("say why (--reason TEXT)"));
	if ((rc = valid_text(reason, _("reason"), 200, why, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = need_state(st, app, NULL, state, e)) != 0)
		goto out;
	at = state_index(state);
	if (at < 0) {
		rc = kt_error(e, KT_EREFUSED, _("application %lld is already %s"), app, state);
		goto out;
	}
	if (at >= 3) {
		rc = kt_error(e, KT_EREFUSED, _("application %lld is already %s: its member"
		    " number is given"), app, state);
		goto out;
	}
	if ((rc = set_state(st, app, "rejected", why, e)) != 0 ||
	    (rc = event(st, app, opid, "reject", state, "rejected", why, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

#define APP_COLUMNS "a.id, a.state, a.category, a.name, a.birth_place, a.birth_date," \
	" a.sex, a.address, a.phone, a.institution, a.guardian, a.document," \
	" a.document_masked, a.nik_masked, a.reason, m.member_no, a.created_at, a.updated_at," \
	" a.due_at" \
	" FROM applications a LEFT JOIN members m ON m.id = a.member_id"

static void
app_row(sqlite3_stmt *s, struct kt_app *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->state = col(s, 1);
	a->category = col(s, 2);
	a->name = col(s, 3);
	a->birth_place = col(s, 4);
	a->birth_date = col(s, 5);
	a->sex = col(s, 6);
	a->address = col(s, 7);
	a->phone = col(s, 8);
	a->institution = col(s, 9);
	a->guardian = col(s, 10);
	a->document = col(s, 11);
	a->document_masked = col(s, 12);
	a->nik_masked = col(s, 13);
	a->reason = col(s, 14);
	a->member_no = col(s, 15);
	a->created_at = col(s, 16);
	a->updated_at = col(s, 17);
	a->due_at = col(s, 18);
}

struct app_walk {
	int (*cb)(const struct kt_app *, void *);
	void *arg;
};

static int
app_step(sqlite3_stmt *s, void *arg)
{
	struct app_walk *w = arg;
	struct kt_app a;

	app_row(s, &a);
	return w->cb(&a, w->arg);
}

/* Call cb on each application s yields (s is finalized here). */
static int
each_app(struct store *st, sqlite3_stmt *s, int (*cb)(const struct kt_app *, void *),
    void *arg, const char *notfound, struct kt_err *e)
{
	struct app_walk w = { cb, arg };

	return store_each(st, s, app_step, &w, notfound, e);
}

int
proc_app_get(struct store *st, long long app, int (*cb)(const struct kt_app *, void *),
    void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	char msg[64];
	int rc;

	if ((rc = store_prepare(st, "SELECT " APP_COLUMNS " WHERE a.id = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, app);
	snprintf(msg, sizeof msg, _("no application %lld"), app);
	return each_app(st, s, cb, arg, msg, e);
}

int
proc_app_list(struct store *st, const char *state, int limit,
    int (*cb)(const struct kt_app *, void *), void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (state != NULL && state_index(state) < 0 && strcmp(state, "rejected") != 0 &&
	    strcmp(state, "refused") != 0)
		return kt_error(e, KT_EUSAGE, _("unknown state '%.40s' (applied, checked,"
		    " validated, issued, handed-over, rejected, refused)"), state);
	if ((rc = store_prepare(st, "SELECT " APP_COLUMNS " WHERE ?1 IS NULL OR a.state = ?1"
	    " ORDER BY a.id DESC LIMIT ?2", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit > 0 ? limit : -1);
	return each_app(st, s, cb, arg, NULL, e);
}

int
proc_app_events(struct store *st, long long app,
    int (*cb)(const struct kt_event *, void *), void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct kt_event ev;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT e.at, o.name, e.step, e.from_state, e.to_state,"
	    " e.note, e.outside_hours FROM app_events e JOIN operators o ON o.id = e.operator_id"
	    " WHERE e.application_id = ? ORDER BY e.id", &s, e)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, app);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ev.at = col(s, 0);
		ev.operator = col(s, 1);
		ev.step = col(s, 2);
		ev.from_state = col(s, 3);
		ev.to_state = col(s, 4);
		ev.note = col(s, 5);
		ev.outside_hours = sqlite3_column_int(s, 6);
		stop = cb(&ev, arg);
	}
	rc = stop != 0 ? stop : rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
proc_import(struct store *st, const struct kt_form *f, const char *legacy_no,
    const char *expires_on, long long opid, char *mno, struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	struct form_clean c;
	struct dupe_query q;
	struct kt_dupes found = { 0 };
	struct kt_date d, exp;
	char fmt[64], lib[32], counter[32], now[32], expires[11], card[CARDNO_MAX];
	long long mid;
	long seq;
	int rc;

	if ((rc = clean_form(st, f, &c, 1, e)) != 0)
		return rc;
	if (expires_on != NULL) {
		if ((rc = valid_date(expires_on, &exp, e)) != 0)
			return rc;
		date_format(&exp, expires, sizeof expires);
	} else {
		store_today(st, &d);
		date_format(&d, expires, sizeof expires);
	}
	/* Already a member?  Also against the rows imported before this one. */
	memset(&q, 0, sizeof q);
	q.name_key = c.key;
	q.birth = c.birth;
	q.birth_place = c.birth_place;
	q.phone = c.phone;
	q.nik_hash = c.has_nik ? c.nik_hash : NULL;
	if ((rc = dupes_find(st, &q, &found, e)) != 0)
		return rc;
	if (found.n > 0 && found.v[0].is_member && found.v[0].score >= DUPE_DECIDE) {
		rc = kt_error(e, KT_EREFUSED, _("%s looks like member %s, %s (%s)"), c.name,
		    found.v[0].member_no, found.v[0].name, dupes_reason_text(found.v[0].reasons &
		    -found.v[0].reasons));
		dupes_free(&found);
		return rc;
	}
	dupes_free(&found);
	if ((rc = store_setting(st, "member_no_format", fmt, sizeof fmt, e)) != 0 ||
	    (rc = store_setting(st, "library_code", lib, sizeof lib, e)) != 0)
		return rc;
	store_today(st, &d);
	snprintf(counter, sizeof counter, "member:%04d", d.y);
	if ((rc = next_counter(st, counter, &seq, e)) != 0 ||
	    (rc = memberno_make(fmt, lib, d.y, seq, mno, MEMBERNO_MAX, e)) != 0 ||
	    (rc = cardno_make(mno, 1, card, sizeof card, e)) != 0)
		return rc;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO members (member_no, category, name, name_key,"
	    " birth_place, birth_date, sex, address, phone, institution, guardian, nik_hash,"
	    " nik_masked, expires_on, created_at, created_by, legacy_no) SELECT ?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, coalesce(?14, date(?15, '+' ||"
	    " valid_months || ' months')), ?16, ?17, ?18 FROM categories WHERE code = ?2",
	    &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, mno, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c.cat.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c.key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c.birth_place, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, c.birth_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, c.sex == 'P' ? "P" : "L", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, c.address, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, c.phone, -1, SQLITE_STATIC);
	if (c.has_inst)
		sqlite3_bind_text(s, 10, c.institution, -1, SQLITE_STATIC);
	if (c.has_guardian)
		sqlite3_bind_text(s, 11, c.guardian, -1, SQLITE_STATIC);
	if (c.has_nik) {
		sqlite3_bind_text(s, 12, c.nik_hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 13, c.nik_masked, -1, SQLITE_STATIC);
	}
	if (expires_on != NULL)
		sqlite3_bind_text(s, 14, expires, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, expires, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 16, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, opid);
	if (legacy_no != NULL && legacy_no[0] != '\0')
		sqlite3_bind_text(s, 18, legacy_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		rc = (rc & 0xff) == SQLITE_CONSTRAINT ? kt_error(e, KT_EREFUSED,
		    _("old member number %s is already imported"), legacy_no) :
		    store_dberror(st, e);
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	mid = sqlite3_last_insert_rowid(store_db(st));
	return card_insert(st, mid, 1, card, NULL, opid, NULL, e);
}

int
proc_queue(struct store *st, int (*cb)(const struct kt_queue_item *, void *), void *arg,
    struct kt_err *e)
{
	struct kt_queue_item q;
	sqlite3_stmt *s;
	char now[32];
	int rc, stop = 0;

	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "SELECT a.id, a.state, a.name, a.category, a.created_at,"
	    " a.due_at, a.due_at IS NOT NULL AND a.due_at < ?1, (SELECT count(*) FROM app_events"
	    " e WHERE e.application_id = a.id AND e.outside_hours) FROM applications a"
	    " WHERE a.state IN ('applied', 'checked', 'validated', 'issued')"
	    " ORDER BY CASE a.state WHEN 'applied' THEN 0 WHEN 'checked' THEN 1"
	    " WHEN 'validated' THEN 2 ELSE 3 END, a.due_at IS NULL, a.due_at, a.id", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		q.id = sqlite3_column_int64(s, 0);
		q.state = col(s, 1);
		q.name = col(s, 2);
		q.category = col(s, 3);
		q.created_at = col(s, 4);
		q.due_at = col(s, 5);
		q.overdue = sqlite3_column_int(s, 6);
		q.outside_hours = sqlite3_column_int(s, 7);
		stop = cb(&q, arg);
	}
	rc = stop != 0 ? stop : rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}
