/*
 * complaint.c - complaints and their follow-up (see complaint.h).
 */
#include <stdio.h>
#include <string.h>

#include "operator.h"
#include "complaint.h"
#include "memberno.h"
#include "rules.h"
#include "valid.h"

static const char *const channels[] = {
	"kotak-saran", "website", "email", "facebook", "instagram",
};
static const char *const statuses[] = {
	"diterima", "dianalisis", "ditindaklanjuti", "selesai",
};

static int
index_of(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (int)i;
	return -1;
}

static int
history(struct store *st, long long id, long long opid, const char *from, const char *to,
    const char *note, struct kt_err *e)
{
	char now[32];

	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "INSERT INTO complaint_events (complaint_id, at,"
	    " operator_id, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)", "itittt",
	    id, now, opid, from, to, note);
}

int
complaint_add(struct store *st, const char *op, const char *channel, const char *text,
    const char *member_no, long long app, long long *id, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char clean[2001], now[32], digits[32];
	long long opid, mid = 0;
	int rc;

	if ((rc = operator_require(st, op, "officer|operator|desk|admin",
	    _("record complaints"), &opid, e)) != 0)
		return rc;
	if (index_of(channels, nitems(channels), channel) < 0)
		return kt_error_at(e, KT_EUSAGE, "channel", _("the channel is kotak-saran,"
		    " website, email, facebook or instagram"));
	if (text == NULL)
		return kt_error_at(e, KT_EUSAGE, "text", _("what does it say?"));
	if ((rc = valid_text(text, _("complaint"), 2000, clean, e)) != 0)
		return rc;
	if (member_no != NULL && app != 0)
		return kt_error_at(e, KT_EUSAGE, "member", _("give the member or the"
		    " application, not both"));
	/* A mistyped number is told as such, before it is looked for. */
	if (member_no != NULL && (rc = memberno_parse(member_no, digits, sizeof digits,
	    e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if (member_no != NULL) {
		if ((rc = store_prepare(st, "SELECT id FROM members WHERE member_no = ?", &s,
		    e)) != 0)
			goto out;
		store_bind_text(s, 1, digits);
		if (store_step(s) == STORE_ROW)
			mid = store_col_int(s, 0);
		store_finalize(s);
		s = NULL;
		if (mid == 0) {
			rc = kt_error(e, KT_ENOTFOUND, _("no member %.40s"), member_no);
			goto out;
		}
	}
	if (app != 0) {
		if ((rc = store_prepare(st, "SELECT 1 FROM applications WHERE id = ?", &s,
		    e)) != 0)
			goto out;
		store_bind_int(s, 1, app);
		rc = store_step(s) == STORE_ROW ? 0 :
		    kt_error(e, KT_ENOTFOUND, _("no application %lld"), app);
		store_finalize(s);
		s = NULL;
		if (rc != 0)
			goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO complaints (channel, text, member_id,"
	    " application_id, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, channel);
	store_bind_text(s, 2, clean);
	if (mid != 0)
		store_bind_int(s, 3, mid);
	if (app != 0)
		store_bind_int(s, 4, app);
	store_bind_text(s, 5, now);
	store_bind_int(s, 6, opid);
	store_bind_text(s, 7, now);
	if (store_step(s) != STORE_ROW) {
		rc = store_dberror(st, e);
		goto out;
	}
	*id = store_col_int(s, 0);
	store_finalize(s);	/* a RETURNING statement stays open until then */
	s = NULL;
	if ((rc = history(st, *id, opid, NULL, "diterima", NULL, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	store_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
complaint_update(struct store *st, const char *op, long long id, const char *status,
    const char *note, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char clean[1001], now[32], had[20] = "";
	long long opid;
	int rc, to, from;

	if ((rc = operator_require(st, op, "officer|admin", _("follow complaints up"), &opid,
	    e)) != 0)
		return rc;
	if ((to = index_of(statuses, nitems(statuses), status)) < 0)
		return kt_error_at(e, KT_EUSAGE, "status", _("the status is diterima,"
		    " dianalisis, ditindaklanjuti or selesai"));
	if (note == NULL)
		return kt_error_at(e, KT_EUSAGE, "note", _("say what was done"));
	if ((rc = valid_text(note, _("note"), 1000, clean, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT status FROM complaints WHERE id = ?", &s, e)) != 0)
		goto out;
	store_bind_int(s, 1, id);
	if (store_step(s) == STORE_ROW)
		snprintf(had, sizeof had, "%s", store_col_text(s, 0));
	store_finalize(s);
	s = NULL;
	if (had[0] == '\0') {
		rc = kt_error(e, KT_ENOTFOUND, _("no complaint %lld"), id);
		goto out;
	}
	from = index_of(statuses, nitems(statuses), had);
	if (to <= from) {
		rc = kt_error(e, KT_EREFUSED, _("complaint %lld is already %s: it can only move"
		    " on (diterima, dianalisis, ditindaklanjuti, selesai)"), id, had);
		goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "UPDATE complaints SET status = ?, updated_at = ?"
	    " WHERE id = ?", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, statuses[to]);
	store_bind_text(s, 2, now);
	store_bind_int(s, 3, id);
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	if ((rc = history(st, id, opid, had, statuses[to], clean, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	store_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
complaint_list(struct store *st, long long id, const char *status, const char *channel,
    int (*cb)(const struct kt_complaint *, void *), void *arg, struct kt_err *e)
{
	struct kt_complaint c;
	struct store_stmt *s;
	int rc, stop = 0, rows = 0;

	if (status != NULL && index_of(statuses, nitems(statuses), status) < 0)
		return kt_error_at(e, KT_EUSAGE, "status", _("the status is diterima,"
		    " dianalisis, ditindaklanjuti or selesai"));
	if (channel != NULL && index_of(channels, nitems(channels), channel) < 0)
		return kt_error_at(e, KT_EUSAGE, "channel", _("the channel is kotak-saran,"
		    " website, email, facebook or instagram"));
	if ((rc = store_prepare(st, "SELECT c.id, c.channel, c.text, m.member_no,"
	    " c.application_id, c.status, c.created_at, c.updated_at, o.name FROM complaints c"
	    " LEFT JOIN members m ON m.id = c.member_id JOIN operators o ON o.id = c.created_by"
	    " WHERE (?1 = 0 OR c.id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR c.status = ?2)"
	    " AND (CAST(?3 AS TEXT) IS NULL OR c.channel = ?3) ORDER BY c.id", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, id);
	store_bind_text(s, 2, status);
	store_bind_text(s, 3, channel);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		rows++;
		c.id = store_col_int(s, 0);
		c.channel = store_col_text(s, 1);
		c.text = store_col_text(s, 2);
		c.member_no = store_col_text(s, 3);
		c.application_id = store_col_int(s, 4);
		c.status = store_col_text(s, 5);
		c.created_at = store_col_text(s, 6);
		c.updated_at = store_col_text(s, 7);
		c.created_by = store_col_text(s, 8);
		stop = cb(&c, arg);
	}
	rc = stop != 0 ? stop : rc != STORE_DONE ? store_dberror(st, e) :
	    id > 0 && rows == 0 ? kt_error(e, KT_ENOTFOUND, _("no complaint %lld"), id) : 0;
	store_finalize(s);
	return rc;
}

int
complaint_history(struct store *st, long long id,
    int (*cb)(const struct kt_complaint_event *, void *), void *arg, struct kt_err *e)
{
	struct kt_complaint_event ev;
	struct store_stmt *s;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT e.at, o.name, e.from_status, e.to_status, e.note"
	    " FROM complaint_events e JOIN operators o ON o.id = e.operator_id"
	    " WHERE e.complaint_id = ? ORDER BY e.id", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, id);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		ev.at = store_col_text(s, 0);
		ev.operator = store_col_text(s, 1);
		ev.from_status = store_col_text(s, 2);
		ev.to_status = store_col_text(s, 3);
		ev.note = store_col_text(s, 4);
		stop = cb(&ev, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
