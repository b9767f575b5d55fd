/*
 * handover.c - step 6: the one-time code to the applicant's phone, then the
 * signed handover (see proc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "card.h"
#include "operator.h"
#include "otp.h"
#include "proc-int.h"
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
	struct store_stmt *s;
	int rc;

	*mid = 0;
	if ((rc = store_prepare(st, "SELECT m.id, m.phone, m.name, (SELECT card_no FROM cards"
	    " WHERE member_id = m.id ORDER BY issue_no DESC LIMIT 1) FROM members m"
	    " JOIN applications a ON a.member_id = m.id WHERE a.id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	if (store_step(s) == STORE_ROW) {
		*mid = store_col_int(s, 0);
		/* No mobile on record (a member of the old system): "" matches
		 * no number, so the code goes only to a mobile given as new. */
		snprintf(phone, 20, "%s", proc_col(s, 1) != NULL ? proc_col(s, 1) : "");
		snprintf(name, 101, "%s", proc_col(s, 2));
		if (card != NULL)
			snprintf(card, CARDNO_MAX, "%s", proc_col(s, 3) != NULL ? proc_col(s, 3) : "");
	}
	store_finalize(s);
	if (*mid == 0)
		return kt_error(e, KT_EFAIL, _("application %lld is issued but has no member"), app);
	return 0;
}

int
proc_handover_start(struct store *st, long long app, const char *op, const char *phone,
    int new_phone, const char *gateway, struct kt_handover_code *out, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char state[16], had[20], name[101], now[32], hash[STORE_HASH_LEN], cmd[1024];
	char code[OTP_LEN], msg[200], card[CARDNO_MAX];
	long long opid, mid;
	time_t exp;
	struct tm tm;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = operator_require(st, op, "officer", _("hand cards over"), &opid, e)) != 0)
		return rc;
	if (phone == NULL)
		return kt_error_at(e, KT_EUSAGE, "phone",
		    _("give the phone number the applicant shows"));
	if ((rc = valid_phone(phone, out->phone, sizeof out->phone, e)) != 0)
		return rc;
	if ((rc = otp_sms_command(st, gateway, cmd, sizeof cmd, e)) != 0)
		return rc;
	out->minutes = setting_int(st, "otp_minutes", 10, 1, 24 * 60);
	out->tries = setting_int(st, "otp_tries", 3, 1, 10);
	snprintf(out->via, sizeof out->via, "%s", cmd[0] != '\0' ? "sms" : "shown");
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = proc_need_state(st, app, "issued", state, e)) != 0 ||
	    (rc = app_member(st, app, &mid, had, name, card, e)) != 0 ||
	    (rc = card_ready(st, card, e)) != 0)	/* only a card that works */
		goto out;
	if (strcmp(had, out->phone) != 0 && !new_phone) {
		rc = kt_error_at(e, KT_EREFUSED, "new_phone", _("the phone number does not match"
		    " the one on the form; if the applicant has a new number, say so"));
		goto out;
	}
	otp_make(code);
	if ((rc = otp_hash(st, app, code, hash, e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	exp = store_now(st) + (time_t)out->minutes * 60;
	gmtime_r(&exp, &tm);
	strftime(out->expires_at, sizeof out->expires_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* A new code replaces the old one (audited as a change of its row). */
	if ((rc = store_prepare(st, "INSERT INTO handover_codes (application_id,"
	    " phone, phone_changed, code_hash, expires_at, tries, via, created_at,"
	    " operator_id) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (application_id)"
	    " DO UPDATE SET phone = excluded.phone, phone_changed = excluded.phone_changed,"
	    " code_hash = excluded.code_hash, expires_at = excluded.expires_at, tries = 0,"
	    " via = excluded.via, created_at = excluded.created_at,"
	    " operator_id = excluded.operator_id", &s, e)) != 0)
		goto out;
	store_bind_int(s, 1, app);
	store_bind_text(s, 2, out->phone);
	store_bind_int(s, 3, strcmp(had, out->phone) != 0);
	store_bind_text(s, 4, hash);
	store_bind_text(s, 5, out->expires_at);
	store_bind_text(s, 6, out->via);
	store_bind_text(s, 7, now);
	store_bind_int(s, 8, opid);
	if (store_step(s) != STORE_DONE) {
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
	store_finalize(s);
	if (rc != 0) {
		store_rollback(st);
		sodium_memzero(out->code, sizeof out->code);
	}
	return rc;
}

/* The code sent for an application, as handover_codes keeps it. */
struct sent_code {
	char phone[20], hash[STORE_HASH_LEN], expires[32], via[8];
	int changed, tries;
};

/* Read the code sent for app: KT_EREFUSED (with the step that helps) when
 * none was sent, it was tried too often, or it has expired. */
static int
sent_code(struct store *st, long long app, int max, struct sent_code *c, struct kt_err *e)
{
	struct store_stmt *s;
	char now[32];
	int rc, found = 0;

	memset(c, 0, sizeof *c);
	if ((rc = store_prepare(st, "SELECT phone, phone_changed, code_hash, expires_at, tries,"
	    " via FROM handover_codes WHERE application_id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, app);
	if ((rc = store_step(s)) == STORE_ROW) {
		found = 1;
		snprintf(c->phone, sizeof c->phone, "%s", proc_col(s, 0));
		c->changed = store_col_int(s, 1);
		snprintf(c->hash, sizeof c->hash, "%s", proc_col(s, 2));
		snprintf(c->expires, sizeof c->expires, "%s", proc_col(s, 3));
		c->tries = store_col_int(s, 4);
		snprintf(c->via, sizeof c->via, "%s", proc_col(s, 5));
	}
	store_finalize(s);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return store_dberror(st, e);
	store_timestamp(st, now, sizeof now);
	if (!found)
		kt_error(e, KT_EREFUSED, _("no code was sent for application %lld: send one"
		    " first"), app);
	else if (c->tries >= max)
		kt_error(e, KT_EREFUSED, _("too many wrong codes: send a new code"));
	else if (strcmp(now, c->expires) >= 0)
		kt_error(e, KT_EREFUSED, _("the code has expired: send a new one"));
	else
		return 0;
	return kt_next(e, KT_EREFUSED, "handover", "%lld", app);
}

/* A wrong code: the try counts, committed even though the step is refused. */
static int
wrong_code(struct store *st, long long app, int max, int tries, int *tries_left,
    struct kt_err *e)
{
	int rc, left = max - tries - 1;

	if ((rc = store_run(st, e, "UPDATE handover_codes SET tries = tries + 1"
	    " WHERE application_id = ?", "i", app)) != 0 || (rc = store_commit(st, e)) != 0)
		return rc;
	if (tries_left != NULL)
		*tries_left = left;
	return left > 0 ? kt_error(e, KT_EREFUSED, _("wrong code: %d tries left"), left) :
	    kt_error(e, KT_EREFUSED, _("wrong code, and no tries left: send a new code"));
}

int
proc_handover(struct store *st, long long app, const char *op, const char *code,
    const char *signed_name, int *tries_left, struct kt_err *e)
{
	struct sent_code c;
	char state[16], had[20], name[101], now[32], hash[STORE_HASH_LEN], note[300];
	char card[CARDNO_MAX];
	long long opid, mid;
	int rc, max;

	if (tries_left != NULL)
		*tries_left = 0;
	if ((rc = operator_require(st, op, "officer", _("hand cards over"), &opid, e)) != 0)
		return rc;
	if (code == NULL)
		return kt_error_at(e, KT_EUSAGE, "code", _("give the code the applicant received"));
	if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return kt_error_at(e, KT_EUSAGE, "code", _("the code has six digits"));
	if (signed_name != NULL &&
	    (rc = valid_name(signed_name, _("signed name"), 100, name, e)) != 0)
		return rc;
	max = setting_int(st, "otp_tries", 3, 1, 10);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = proc_need_state(st, app, "issued", state, e)) != 0 ||
	    (rc = app_member(st, app, &mid, had, signed_name == NULL ? name : note, card,
	    e)) != 0 || (rc = card_ready(st, card, e)) != 0 ||
	    (rc = sent_code(st, app, max, &c, e)) != 0 ||
	    (rc = otp_hash(st, app, code, hash, e)) != 0)
		goto out;
	if (sodium_memcmp(hash, c.hash, STORE_HASH_LEN) != 0) {
		rc = wrong_code(st, app, max, c.tries, tries_left, e);
		goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((c.changed && (rc = store_run(st, e, "UPDATE members SET phone = ? WHERE id = ?",
	    "ti", c.phone, mid)) != 0) ||
	    (rc = store_run(st, e, "INSERT INTO handovers (application_id, member_id, card_no,"
	    " phone, phone_verified, phone_changed, verified_via, signed_name, at, operator_id)"
	    " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)", "iittittti", app, mid, card, c.phone,
	    (long long)c.changed, c.via, name, now, opid)) != 0 ||
	    (rc = store_run(st, e, "DELETE FROM handover_codes WHERE application_id = ?", "i",
	    app)) != 0)
		goto out;
	if (c.changed)
		snprintf(note, sizeof note, _("signed by %s; phone changed to %s and verified"),
		    name, c.phone);
	else
		snprintf(note, sizeof note, _("signed by %s; phone verified"), name);
	if ((rc = proc_set_state(st, app, "handed-over", NULL, e)) != 0 ||
	    (rc = proc_event(st, app, opid, "handover", state, "handed-over", note, e)) != 0)
		goto out;
	rc = store_commit(st, e);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}
