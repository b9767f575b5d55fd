/*
 * proc.c - the procedure: applications, their steps and their history (see
 * proc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "operator.h"
#include "calendar.h"
#include "card.h"
#include "label.h"
#include "memberno.h"
#include "proc-int.h"
#include "report.h"


static const char *const order[] = {
	"applied", "checked", "validated", "issued", "handed-over",
};
/* The step that moves an application out of order[i]. */
static const char *const next_step[] = {
	"check", "validate", "issue", "handover", NULL,
};

int
proc_state_index(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(order); i++)
		if (strcmp(order[i], state) == 0)
			return (int)i;
	return -1;
}

const char *
proc_col(struct store_stmt *s, int i)
{
	return store_col_text(s, i);
}

/* Append to the history of app.  Part of the caller's transaction. */
int
proc_event(struct store *st, long long app, long long op, const char *step, const char *from,
    const char *to, const char *note, struct kt_err *e)
{
	struct calendar cal;
	char now[32];
	int rc;

	store_timestamp(st, now, sizeof now);
	/* Work outside service hours is allowed, and marked. */
	if ((rc = calendar_load(st, &cal, e)) != 0)
		return rc;
	return store_run(st, e, "INSERT INTO app_events (application_id, at, operator_id,"
	    " step, from_state, to_state, note, outside_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "ititttti", app, now, op, step, from, to, note,
	    (long long)!calendar_open_at(&cal, store_now(st)));
}

/* Move app from state from to state to, with the reason (may be NULL). */
int
proc_set_state(struct store *st, long long app, const char *to, const char *reason,
    struct kt_err *e)
{
	char now[32];

	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "UPDATE applications SET state = ?, updated_at = ?,"
	    " reason = coalesce(?, reason) WHERE id = ?", "ttti", to, now, reason, app);
}

/* Read the state of app into state (16 bytes) and, if wanted is not NULL,
 * check that it is wanted: otherwise say what must come first. */
int
proc_need_state(struct store *st, long long app, const char *wanted, char *state,
    struct kt_err *e)
{
	struct store_stmt *s;
	char reason[256] = "";
	int rc, have, want;

	if ((rc = store_prepare(st, "SELECT state, reason FROM applications WHERE id = ?",
	    &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	if ((rc = store_step(s)) == STORE_ROW) {
		snprintf(state, 16, "%s", proc_col(s, 0));
		if (proc_col(s, 1) != NULL)
			snprintf(reason, sizeof reason, "%s", proc_col(s, 1));
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no application %lld"), app);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	if (rc != 0 || wanted == NULL || strcmp(state, wanted) == 0)
		return rc;
	if (strcmp(state, "rejected") == 0 || strcmp(state, "refused") == 0)
		return kt_error(e, KT_EREFUSED, _("application %lld was %s: %s"), app,
		    label(LABEL_STATE, state),
		    reason);
	have = proc_state_index(state);
	want = proc_state_index(wanted);
	if (have > want)
		return kt_error(e, KT_EREFUSED, _("application %lld is already %s"), app,
		    label(LABEL_STATE, state));
	kt_error(e, KT_EREFUSED, _("application %lld is %s: it must be %s first"), app,
	    label(LABEL_STATE, state), label(LABEL_STATE, order[have + 1]));
	return kt_next(e, KT_EREFUSED, next_step[have], "%lld", app);
}

static int
insert_application(struct store *st, const struct form_clean *c, const char *document,
    const char *state, long long *app, struct kt_err *e)
{
	struct calendar cal;
	struct store_stmt *s;
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
	    " nik_masked, reason, created_at, updated_at, due_at, village, nik_region) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", &s, e)) != 0)
		return rc;
	if (c->village[0] != '\0')
		store_bind_text(s, 22, c->village);
	if (c->nik_region[0] != '\0')
		store_bind_text(s, 23, c->nik_region);
	if (due_at[0] != '\0')
		store_bind_text(s, 21, due_at);
	store_bind_text(s, 1, state);
	store_bind_text(s, 2, c->cat.code);
	store_bind_text(s, 3, c->name);
	store_bind_text(s, 4, c->key);
	store_bind_text(s, 5, c->birth_place);
	store_bind_text(s, 6, c->birth_date);
	store_bind_text(s, 7, c->sex == 'P' ? "P" : "L");
	store_bind_text(s, 8, c->address);
	store_bind_text(s, 9, c->phone);
	if (c->has_inst)
		store_bind_text(s, 10, c->institution);
	if (c->has_inst == 2)
		store_bind_int(s, 11, c->inst_id);
	if (c->has_guardian)
		store_bind_text(s, 12, c->guardian);
	store_bind_text(s, 13, document);
	store_bind_text(s, 14, c->doc_hash);
	store_bind_text(s, 15, c->doc_masked);
	if (c->has_nik) {
		store_bind_text(s, 16, c->nik_hash);
		store_bind_text(s, 17, c->nik_masked);
	}
	if (c->refusal[0] != '\0')
		store_bind_text(s, 18, c->refusal);
	store_bind_text(s, 19, now);
	store_bind_text(s, 20, now);
	if (store_step(s) == STORE_ROW) {
		*app = store_col_int(s, 0);
		rc = 0;
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
proc_apply_check(struct store *st, const struct kt_form *f, const char *op,
    struct kt_dupes *dupes, char *refusal, size_t rlen, struct kt_err *e)
{
	struct form_clean c;
	struct dupe_query q;
	long long opid;
	int rc;

	memset(dupes, 0, sizeof *dupes);
	if (refusal != NULL && rlen > 0)
		refusal[0] = '\0';
	if ((rc = operator_require(st, op, "officer|operator", _("take applications"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = form_check(st, f, &c, 0, NULL, e)) != 0)
		goto out;
	if (c.refusal[0] != '\0') {
		if (refusal != NULL && rlen > 0)
			snprintf(refusal, rlen, "%s", c.refusal);
		goto out;
	}
	form_query(&c, &q);
	rc = dupes_find(st, &q, dupes, e);
out:
	sodium_memzero(&c, sizeof c);
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
	if ((rc = form_check(st, f, &c, 0, NULL, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if (c.refusal[0] != '\0') {
		if ((rc = insert_application(st, &c, f->document, "refused", &app, e)) != 0 ||
		    (rc = proc_event(st, app, opid, "apply", NULL, "refused", c.refusal, e)) != 0 ||
		    (rc = store_commit(st, e)) != 0)
			goto fail;
		*app_id = app;
		return kt_error(e, KT_EREFUSED, "%s", c.refusal);
	}
	form_query(&c, &q);
	if ((rc = dupes_find(st, &q, &found, e)) != 0)
		goto fail;
	if ((rc = insert_application(st, &c, f->document, "applied", &app, e)) != 0 ||
	    (rc = proc_event(st, app, opid, "apply", NULL, "applied", NULL, e)) != 0 ||
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
	struct store_stmt *s;
	struct dupe_query q;
	char key[NAME_KEY_MAX], phone[20], nik[STORE_HASH_LEN], place[64];
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_prepare(st, "SELECT name_key, birth_date, phone, nik_hash, birth_place"
	    " FROM applications WHERE id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? kt_error(e, KT_ENOTFOUND, _("no application %lld"), app)
		    : store_dberror(st, e);
		store_finalize(s);
		return rc;
	}
	memset(&q, 0, sizeof q);
	snprintf(key, sizeof key, "%s", proc_col(s, 0));
	valid_date(proc_col(s, 1), &q.birth, NULL);
	snprintf(phone, sizeof phone, "%s", proc_col(s, 2));
	if (proc_col(s, 3) != NULL) {
		snprintf(nik, sizeof nik, "%s", proc_col(s, 3));
		q.nik_hash = nik;
	}
	snprintf(place, sizeof place, "%s", proc_col(s, 4) != NULL ? proc_col(s, 4) : "");
	store_finalize(s);
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
		return kt_error_at(e, KT_EUSAGE, "birth_date",
		    _("the birth date is missing (YYYY-MM-DD)"));
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
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT id FROM members WHERE member_no = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, mno);
	if ((rc = store_step(s)) == STORE_ROW) {
		*id = store_col_int(s, 0);
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no member %s"), mno);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
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
	if ((rc = proc_need_state(st, app, "applied", state, e)) != 0)
		goto out;
	if (decision != NULL && strcmp(decision, "new") != 0) {
		if ((rc = member_id(st, mno, &mid, e)) != 0)
			goto out;
		snprintf(note, sizeof note, _("already a member: %s"), mno);
		if ((rc = proc_set_state(st, app, "rejected", note, e)) != 0 ||
		    (rc = proc_event(st, app, opid, "check", state, "rejected", note, e)) != 0)
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
			/* An open application has no member number: its own. */
			if (d.v[i].is_member)
				rc = kt_error(e, KT_EREFUSED, _("the same NIK belongs to member %s:"
				    " the applicant is already registered"), d.v[i].member_no);
			else {
				kt_error(e, KT_EREFUSED, _("the same NIK belongs to application"
				    " %lld: the applicant has already applied"), d.v[i].id);
				rc = kt_next(e, KT_EREFUSED, "app-show", "%lld", d.v[i].id);
			}
			goto out;
		}
		n++;
		if (len < sizeof note) {
			if (d.v[i].is_member)
				len += (size_t)snprintf(note + len, sizeof note - len, "%s%s",
				    len > 0 ? ", " : "", d.v[i].member_no);
			else
				len += (size_t)snprintf(note + len, sizeof note - len,
				    _("%sapplication %lld"), len > 0 ? ", " : "", d.v[i].id);
		}
	}
	if (n > 0 && decision == NULL) {
		kt_error_at(e, KT_EREFUSED, "decision", _("application %lld has %zu possible"
		    " duplicate(s) (%s): look at them, then check again saying whether the"
		    " applicant is one of them"), app, n, note);
		rc = kt_next(e, KT_EREFUSED, "app-show", "%lld", app);
		goto out;
	}
	if (n > 0) {
		char why[600];

		snprintf(why, sizeof why, _("requirements complete; not the same person as %s"),
		    note);
		rc = proc_event(st, app, opid, "check", state, "checked", why, e);
	} else
		rc = proc_event(st, app, opid, "check", state, "checked",
		    _("requirements complete; not yet a member"), e);
	if (rc != 0 || (rc = proc_set_state(st, app, "checked", NULL, e)) != 0)
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
	if ((rc = proc_need_state(st, app, "checked", state, e)) != 0 ||
	    (rc = proc_set_state(st, app, "validated", NULL, e)) != 0 ||
	    (rc = proc_event(st, app, opid, "validate", state, "validated", NULL, e)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		store_rollback(st);
	return rc;
}

/* The next value of counter name, inside the caller's transaction, and
 * whether the counter exists; the caller writes it (new_member_number).  A
 * read and an UPDATE rather than an upsert with RETURNING: RETURNING fills a
 * temporary table, once a member in an import. */
static int
next_counter(struct store *st, const char *name, long *value, int *exists, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT value FROM counters WHERE name = ?1", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	*exists = 0;
	*value = 1;
	if ((rc = store_step(s)) == STORE_ROW) {
		*exists = 1;
		*value = (long)store_col_int(s, 0) + 1;
		rc = 0;
	} else
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* Counter's value seq, its row made when it does not exist. */
static int
write_counter(struct store *st, const char *counter, long seq, int exists, struct kt_err *e)
{
	return exists ? store_run(st, e, "UPDATE counters SET value = ?2 WHERE name = ?1", "ti",
	    counter, (long long)seq) : store_run(st, e, "INSERT INTO counters (name, value)"
	    " VALUES (?1, ?2)", "ti", counter, (long long)seq);
}

/* The next member number of this year (the library's format and code, the
 * year's counter: gapless, inside the caller's transaction) and its first
 * card's number, for kartu issue; an import's are import_number's, of the
 * same format and counter.  The counter is written last: a number the
 * format refuses writes nothing. */
static int
new_member_number(struct store *st, char mno[MEMBERNO_MAX], char card[CARDNO_MAX],
    struct kt_err *e)
{
	char fmt[64], lib[32], counter[32];
	struct kt_date d;
	long seq = 0;
	int rc, exists;

	if ((rc = store_setting(st, "member_no_format", fmt, sizeof fmt, e)) != 0 ||
	    (rc = store_setting(st, "library_code", lib, sizeof lib, e)) != 0)
		return rc;
	store_today(st, &d);
	snprintf(counter, sizeof counter, "member:%04d", d.y);
	if ((rc = next_counter(st, counter, &seq, &exists, e)) != 0 ||
	    (rc = memberno_make(fmt, lib, d.y, seq, mno, MEMBERNO_MAX, e)) != 0 ||
	    (rc = cardno_make(mno, 1, card, CARDNO_MAX, e)) != 0)
		return rc;
	return write_counter(st, counter, seq, exists, e);
}

int
proc_pending_flush(struct store *st, struct proc_pending *p, struct kt_err *e)
{
	int i, rc;

	if (p->dirty) {
		if ((rc = write_counter(st, p->counter, p->seq, p->exists, e)) != 0)
			return rc;
		p->exists = 1;
		p->dirty = 0;
	}
	for (i = 0; i < p->ntally; i++)
		if ((rc = report_tally_hour(st, p->tally[i].hour, p->tally[i].category,
		    p->tally[i].n, e)) != 0)
			return rc;
	p->ntally = 0;
	return 0;
}

/* A member moved in at now, counted in p (report_tally_hour at the flush). */
static int
pending_tally(struct store *st, struct proc_pending *p, const char *now, const char *category,
    struct kt_err *e)
{
	int i, rc;

	for (i = 0; i < p->ntally; i++)
		if (strncmp(p->tally[i].hour, now, 13) == 0 &&
		    strcmp(p->tally[i].category, category) == 0) {
			p->tally[i].n++;
			return 0;
		}
	if (p->ntally == PROC_PENDING_TALLY && (rc = proc_pending_flush(st, p, e)) != 0)
		return rc;
	i = p->ntally++;
	snprintf(p->tally[i].hour, sizeof p->tally[i].hour, "%.13s", now);
	snprintf(p->tally[i].category, sizeof p->tally[i].category, "%s", category);
	p->tally[i].n = 1;
	return 0;
}

int
proc_issue(struct store *st, long long app, const char *op, const char *media,
    char *mno, char *cno, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char state[16], now[32], expires[11], card[CARDNO_MAX];
	struct kt_date d;
	long long opid, mid;
	int rc;

	if ((rc = operator_require(st, op, "operator", _("issue cards"), &opid, e)) != 0)
		return rc;
	if (media != NULL && !card_media_valid(media))
		return kt_error_at(e, KT_EUSAGE, "media",
		    _("a card's media are chip, printed or chip+printed"));
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = proc_need_state(st, app, "validated", state, e)) != 0 ||
	    (rc = new_member_number(st, mno, card, e)) != 0)
		goto out;
	/* The expiry: the category's term from today. */
	if ((rc = store_prepare(st, "SELECT c.valid_months FROM applications a JOIN categories c"
	    " ON c.code = a.category WHERE a.id = ?1", &s, e)) != 0)
		goto out;
	store_bind_int(s, 1, app);
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? kt_error(e, KT_EFAIL, "application %lld has no category",
		    app) : store_dberror(st, e);
		goto out;
	}
	store_today(st, &d);
	date_add_months(&d, (int)store_col_int(s, 0), &d);
	date_format(&d, expires, sizeof expires);
	store_finalize(s);
	s = NULL;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO members (member_no, application_id, category,"
	    " name, name_key, birth_place, birth_date, sex, address, phone, institution,"
	    " guardian, nik_hash, nik_masked, expires_on, created_at, created_by, village,"
	    " nik_region)"
	    " SELECT ?1, a.id, a.category, a.name, a.name_key, a.birth_place, a.birth_date,"
	    " a.sex, a.address, a.phone, a.institution, a.guardian, a.nik_hash, a.nik_masked,"
	    " ?2, ?3, ?4, a.village, a.nik_region FROM applications a WHERE a.id = ?5"
	    " RETURNING id", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, mno);
	store_bind_text(s, 2, expires);
	store_bind_text(s, 3, now);
	store_bind_int(s, 4, opid);
	store_bind_int(s, 5, app);
	if (store_step(s) != STORE_ROW) {
		rc = store_dberror(st, e);
		goto out;
	}
	mid = store_col_int(s, 0);
	store_finalize(s);
	if ((rc = card_insert(st, mid, 1, card, NULL, media, opid, NULL, e)) != 0)
		goto out;
	if ((rc = store_prepare(st, "UPDATE applications SET member_id = ? WHERE id = ?",
	    &s, e)) != 0)
		goto out;
	store_bind_int(s, 1, mid);
	store_bind_int(s, 2, app);
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	if ((rc = proc_set_state(st, app, "issued", NULL, e)) != 0 ||
	    (rc = proc_event(st, app, opid, "issue", state, "issued", mno, e)) != 0)
		goto out;
	rc = store_commit(st, e);
	if (rc == 0 && cno != NULL)
		snprintf(cno, CARDNO_MAX, "%s", card);
out:
	store_finalize(s);
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
		return kt_error_at(e, KT_EUSAGE, "reason", _("say why"));
	if ((rc = valid_text(reason, _("reason"), 200, why, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = proc_need_state(st, app, NULL, state, e)) != 0)
		goto out;
	at = proc_state_index(state);
	if (at < 0) {
		rc = kt_error(e, KT_EREFUSED, _("application %lld is already %s"), app,
		    label(LABEL_STATE, state));
		goto out;
	}
	if (at >= 3) {
		rc = kt_error(e, KT_EREFUSED, _("application %lld is already %s: its member"
		    " number is given"), app, label(LABEL_STATE, state));
		goto out;
	}
	if ((rc = proc_set_state(st, app, "rejected", why, e)) != 0 ||
	    (rc = proc_event(st, app, opid, "reject", state, "rejected", why, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

/* FNV-1a of an old number, for b->legacy. */
static size_t
oldno_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ h >> 32);
}

/* Whether no is in the set; with add, put it there (0, or -1 out of memory). */
static int
oldno_seen(struct proc_oldnos *o, const char *no, int add)
{
	char **v;
	size_t i, j, cap;

	for (i = o->cap ? oldno_hash(no) & (o->cap - 1) : 0; o->cap && o->v[i] != NULL;
	    i = (i + 1) & (o->cap - 1))
		if (strcmp(o->v[i], no) == 0)
			return 1;
	if (!add)
		return 0;
	if (2 * (o->n + 1) > o->cap) {
		cap = o->cap ? 2 * o->cap : 1024;
		if ((v = calloc(cap, sizeof *v)) == NULL)
			return -1;
		for (j = 0; j < o->cap; j++)
			if (o->v[j] != NULL) {
				for (i = oldno_hash(o->v[j]) & (cap - 1); v[i] != NULL;
				    i = (i + 1) & (cap - 1))
					;
				v[i] = o->v[j];
			}
		free(o->v);
		o->v = v;
		o->cap = cap;
		for (i = oldno_hash(no) & (cap - 1); v[i] != NULL; i = (i + 1) & (cap - 1))
			;
	}
	if ((o->v[i] = strdup(no)) == NULL)
		return -1;
	o->n++;
	return 0;
}

int
proc_bulk_start(struct store *st, struct proc_bulk *b, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT coalesce(max(id), 0) FROM members", &s, e)) != 0)
		return rc;
	if ((rc = store_step(s)) == STORE_ROW) {
		b->next_id = store_col_int(s, 0) + 1;
		rc = 0;
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	if (rc != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT legacy_no FROM members WHERE legacy_no IS NOT NULL",
	    &s, e)) != 0)
		return rc;
	while ((rc = store_step(s)) == STORE_ROW)
		if (oldno_seen(&b->legacy, store_col_text(s, 0), 1) != 0) {
			store_finalize(s);
			return kt_error(e, KT_EFAIL, "out of memory");
		}
	rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

void
proc_bulk_free(struct proc_bulk *b)
{
	size_t i;

	for (i = 0; i < b->legacy.cap; i++)
		free(b->legacy.v[i]);
	free(b->legacy.v);
	memset(&b->legacy, 0, sizeof b->legacy);
}

/* The next member number of this year for an import: as new_member_number
 * with p, but nothing written here (rs may be a reader): a year that turns
 * during the import hands the old year's counter to r, to be written
 * before r's member. */
static int
import_number(struct store *rs, struct proc_pending *p, struct proc_import_row *r,
    struct kt_err *e)
{
	char fmt[64], lib[32], counter[32];
	struct kt_date d;
	long seq = 0;
	int rc, exists;

	r->counter.name[0] = '\0';
	if ((rc = store_setting(rs, "member_no_format", fmt, sizeof fmt, e)) != 0 ||
	    (rc = store_setting(rs, "library_code", lib, sizeof lib, e)) != 0)
		return rc;
	store_today(rs, &d);
	snprintf(counter, sizeof counter, "member:%04d", d.y);
	if (strcmp(p->counter, counter) == 0) {
		seq = p->seq + 1;
		exists = p->exists;
	} else if ((rc = next_counter(rs, counter, &seq, &exists, e)) != 0)
		return rc;
	if ((rc = memberno_make(fmt, lib, d.y, seq, r->mno, MEMBERNO_MAX, e)) != 0 ||
	    (rc = cardno_make(r->mno, 1, r->card, CARDNO_MAX, e)) != 0)
		return rc;
	if (p->counter[0] != '\0' && strcmp(p->counter, counter) != 0 && p->dirty) {
		snprintf(r->counter.name, sizeof r->counter.name, "%s", p->counter);
		r->counter.seq = p->seq;
		r->counter.exists = p->exists;
	}
	snprintf(p->counter, sizeof p->counter, "%s", counter);
	p->seq = seq;
	p->exists = exists;
	p->dirty = 1;
	return 0;
}

int
proc_import_check(struct store *rs, struct proc_bulk *b, const struct kt_form *f,
    const char *expires_on, struct proc_import_row *r, int *duplicate, struct kt_err *e)
{
	struct form_clean *c = &r->c;
	struct dupe_query q;
	struct kt_dupes found = { 0 };
	struct dupe_row dr;
	struct kt_date d, exp, reg;
	int rc;

	*duplicate = 0;
	if ((rc = form_check(rs, f, c, 1, &b->cats, e)) != 0)
		return rc;
	if (c->refusal[0] != '\0')
		return kt_error_at(e, KT_EREFUSED, "institution", "%s", c->refusal);
	if (expires_on != NULL) {
		if ((rc = valid_date(expires_on, &exp, e)) != 0)
			return rc;
		date_format(&exp, r->expires, sizeof r->expires);
	} else {
		/* The category's term from today (form_check read its months). */
		store_today(rs, &d);
		date_add_months(&d, c->cat.valid_months, &d);
		date_format(&d, r->expires, sizeof r->expires);
	}
	r->registered[0] = '\0';
	if (f->registered_on != NULL) {
		if ((rc = valid_date(f->registered_on, &reg, e)) != 0)
			return rc;
		date_format(&reg, r->registered, sizeof r->registered);
	}
	/* Already a member?  Also against the rows imported before this one. */
	form_query(c, &q);
	if ((rc = dupes_find_indexed(b->dupes, &q, &found, e)) != 0)
		return rc;
	if (found.n > 0 && found.v[0].is_member && found.v[0].score >= DUPE_DECIDE) {
		*duplicate = 1;
		rc = kt_error(e, KT_EREFUSED, _("%s looks like member %s, %s (%s)"), c->name,
		    found.v[0].member_no, found.v[0].name, dupes_reason_text(found.v[0].reasons &
		    -found.v[0].reasons));
		dupes_free(&found);
		return rc;
	}
	dupes_free(&found);
	/* The old number: the register's (proc_bulk_start) and the import's
	 * own. */
	if (c->has_legacy && oldno_seen(&b->legacy, c->legacy_no, 0)) {
		*duplicate = 1;
		return kt_error_at(e, KT_EREFUSED, "legacy_no",
		    _("old member number %s is already imported"), c->legacy_no);
	}
	/* From here on a failure is the whole import's (KT_EFAIL, rolled
	 * back), so a row needs no savepoint of its own. */
	if ((rc = import_number(rs, b->counter, r, e)) != 0)
		return rc;
	r->id = b->next_id++;
	if (c->has_legacy && oldno_seen(&b->legacy, c->legacy_no, 1) != 0)
		return kt_error(e, KT_EFAIL, "out of memory");
	memset(&dr, 0, sizeof dr);
	dr.id = r->id;
	dr.is_member = 1;
	dr.member_no = r->mno;
	dr.name = c->name;
	dr.name_key = c->key;
	dr.birth_date = c->birth_date;
	dr.status = "active";
	dr.phone = c->phone;
	dr.nik_hash = c->has_nik ? c->nik_hash : NULL;
	dr.birth_place = c->birth_place;
	return dupes_index_add(b->dupes, &dr, e);
}

int
proc_import_write(struct store *st, struct proc_bulk *b, const struct proc_import_row *r,
    long long opid, struct kt_err *e)
{
	const struct form_clean *c = &r->c;
	struct store_stmt *s = NULL;
	char now[32];
	long long cid;
	int rc;

	/* One row of many in the caller's transaction. */
	if ((rc = store_bulk(st, e)) != 0)
		return rc;
	if (r->counter.name[0] != '\0' && (rc = write_counter(st, r->counter.name,
	    r->counter.seq, r->counter.exists, e)) != 0)
		return rc;
	store_timestamp(st, now, sizeof now);
	/* VALUES and the id given: INSERT ... SELECT into a table with
	 * triggers, and RETURNING, each fill a temporary table every row. */
	if ((rc = store_prepare(st, "INSERT INTO members (member_no, category, name, name_key,"
	    " birth_place, birth_date, sex, address, phone, institution, guardian, nik_hash,"
	    " nik_masked, expires_on, created_at, created_by, legacy_no, phone2, registered_on,"
	    " incomplete, email, notes, nik_region, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?15, ?24)",
	    &s, e)) != 0)
		return rc;
	if (c->nik_region[0] != '\0')
		store_bind_text(s, 15, c->nik_region);
	store_bind_text(s, 1, r->mno);
	store_bind_text(s, 2, c->cat.code);
	store_bind_text(s, 3, c->name);
	store_bind_text(s, 4, c->key);
	/* What the old record lacks stays missing (NULL), never a placeholder. */
	if (c->birth_place[0] != '\0')
		store_bind_text(s, 5, c->birth_place);
	if (c->birth_date[0] != '\0')
		store_bind_text(s, 6, c->birth_date);
	store_bind_text(s, 7, c->sex == 'P' ? "P" : "L");
	if (c->address[0] != '\0')
		store_bind_text(s, 8, c->address);
	if (c->phone[0] != '\0')
		store_bind_text(s, 9, c->phone);
	if (c->phone2[0] != '\0')
		store_bind_text(s, 19, c->phone2);
	if (r->registered[0] != '\0')
		store_bind_text(s, 20, r->registered);
	if (c->incomplete[0] != '\0')
		store_bind_text(s, 21, c->incomplete);
	if (c->email[0] != '\0')
		store_bind_text(s, 22, c->email);
	if (c->notes[0] != '\0')
		store_bind_text(s, 23, c->notes);
	if (c->has_inst)
		store_bind_text(s, 10, c->institution);
	if (c->has_guardian)
		store_bind_text(s, 11, c->guardian);
	if (c->has_nik) {
		store_bind_text(s, 12, c->nik_hash);
		store_bind_text(s, 13, c->nik_masked);
	}
	store_bind_text(s, 14, r->expires);
	store_bind_text(s, 16, now);
	store_bind_int(s, 17, opid);
	if (c->has_legacy)
		store_bind_text(s, 18, c->legacy_no);
	store_bind_int(s, 24, r->id);
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		store_finalize(s);
		return rc;
	}
	store_finalize(s);
	if ((rc = pending_tally(st, b->tally, now, c->cat.code, e)) != 0 ||
	    (rc = card_insert(st, r->id, 1, r->card, NULL, NULL, opid, &cid, e)) != 0)
		return rc;
	if (b->audit != NULL && ((rc = audit_batch_add(b->audit, AUDIT_MEMBER, r->id, e)) != 0 ||
	    (rc = audit_batch_add(b->audit, AUDIT_CARD, cid, e)) != 0))
		return rc;
	return 0;
}
