/*
 * app.c - reading applications: one, a list, the history, the queue by step
 * with its due times (see proc.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "proc-int.h"

#define APP_COLUMNS "a.id, a.state, a.category, a.name, a.birth_place, a.birth_date," \
	" a.sex, a.address, a.phone, a.institution, a.guardian, a.document," \
	" a.document_masked, a.nik_masked, a.reason, m.member_no, a.created_at, a.updated_at," \
	" a.due_at, a.village, a.nik_region" \
	" FROM applications a LEFT JOIN members m ON m.id = a.member_id"

static void
app_row(struct store_stmt *s, struct kt_app *a)
{
	a->id = store_col_int(s, 0);
	a->state = proc_col(s, 1);
	a->category = proc_col(s, 2);
	a->name = proc_col(s, 3);
	a->birth_place = proc_col(s, 4);
	a->birth_date = proc_col(s, 5);
	a->sex = proc_col(s, 6);
	a->address = proc_col(s, 7);
	a->phone = proc_col(s, 8);
	a->institution = proc_col(s, 9);
	a->guardian = proc_col(s, 10);
	a->document = proc_col(s, 11);
	a->document_masked = proc_col(s, 12);
	a->nik_masked = proc_col(s, 13);
	a->reason = proc_col(s, 14);
	a->member_no = proc_col(s, 15);
	a->created_at = proc_col(s, 16);
	a->updated_at = proc_col(s, 17);
	a->due_at = proc_col(s, 18);
	a->village = proc_col(s, 19);
	a->nik_region = proc_col(s, 20);
}

struct app_walk {
	int (*cb)(const struct kt_app *, void *);
	void *arg;
};

static int
app_step(struct store_stmt *s, void *arg)
{
	struct app_walk *w = arg;
	struct kt_app a;

	app_row(s, &a);
	return w->cb(&a, w->arg);
}

/* Call cb on each application s yields (s is finalized here). */
static int
each_app(struct store *st, struct store_stmt *s, int (*cb)(const struct kt_app *, void *),
    void *arg, const char *notfound, struct kt_err *e)
{
	struct app_walk w = { cb, arg };

	return store_each(st, s, app_step, &w, notfound, e);
}

int
proc_app_get(struct store *st, long long app, int (*cb)(const struct kt_app *, void *),
    void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	char msg[64];
	int rc;

	if ((rc = store_prepare(st, "SELECT " APP_COLUMNS " WHERE a.id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	snprintf(msg, sizeof msg, _("no application %lld"), app);
	return each_app(st, s, cb, arg, msg, e);
}

int
proc_app_list(struct store *st, const char *state, int limit,
    int (*cb)(const struct kt_app *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if (state != NULL && proc_state_index(state) < 0 && strcmp(state, "rejected") != 0 &&
	    strcmp(state, "refused") != 0)
		return kt_error(e, KT_EUSAGE, _("unknown state '%.40s' (applied, checked,"
		    " validated, issued, handed-over, rejected, refused)"), state);
	/* The parameters typed where PostgreSQL cannot infer them; no limit is
	 * the largest (LIMIT -1 is SQLite's). */
	if ((rc = store_prepare(st, "SELECT " APP_COLUMNS " WHERE CAST(?1 AS TEXT) IS NULL"
	    " OR a.state = ?1 ORDER BY a.id DESC LIMIT ?2", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, state);
	store_bind_int(s, 2, limit > 0 ? limit : LLONG_MAX);
	return each_app(st, s, cb, arg, NULL, e);
}

int
proc_app_events(struct store *st, long long app,
    int (*cb)(const struct kt_event *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_event ev;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT e.at, o.name, e.step, e.from_state, e.to_state,"
	    " e.note, e.outside_hours FROM app_events e JOIN operators o ON o.id = e.operator_id"
	    " WHERE e.application_id = ? ORDER BY e.id", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		ev.at = proc_col(s, 0);
		ev.operator = proc_col(s, 1);
		ev.step = proc_col(s, 2);
		ev.from_state = proc_col(s, 3);
		ev.to_state = proc_col(s, 4);
		ev.note = proc_col(s, 5);
		ev.outside_hours = store_col_int(s, 6);
		stop = cb(&ev, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}


int
proc_queue(struct store *st, int (*cb)(const struct kt_queue_item *, void *), void *arg,
    struct kt_err *e)
{
	struct kt_queue_item q;
	struct store_stmt *s;
	char now[32];
	int rc, stop = 0;

	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "SELECT a.id, a.state, a.name, a.category, a.created_at,"
	    " a.due_at, a.due_at IS NOT NULL AND a.due_at < ?1, (SELECT count(*) FROM app_events"
	    " e WHERE e.application_id = a.id AND e.outside_hours <> 0) FROM applications a"
	    " WHERE a.state IN ('applied', 'checked', 'validated', 'issued')"
	    " ORDER BY CASE a.state WHEN 'applied' THEN 0 WHEN 'checked' THEN 1"
	    " WHEN 'validated' THEN 2 ELSE 3 END, a.due_at IS NULL, a.due_at, a.id", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, now);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		q.id = store_col_int(s, 0);
		q.state = proc_col(s, 1);
		q.name = proc_col(s, 2);
		q.category = proc_col(s, 3);
		q.created_at = proc_col(s, 4);
		q.due_at = proc_col(s, 5);
		q.overdue = store_col_int(s, 6);
		q.outside_hours = store_col_int(s, 7);
		stop = cb(&q, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
