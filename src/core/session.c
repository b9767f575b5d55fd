/*
 * session.c - PINs and the station session (see session.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "label.h"
#include "session.h"

#define PIN_TAG "k1"	/* then the argon2id string, "$argon2id$..." */

/* The PIN keyed with the register key, in hex: what argon2id hashes. */
static int
pin_keyed(struct store *st, const char *pin, char *hex, struct kt_err *e)
{
	unsigned char key[32], md[32];
	int rc;

	if ((rc = store_subkey(st, "kartu pin v1", key, sizeof key, e)) != 0)
		return rc;
	crypto_generichash(md, sizeof md, (const unsigned char *)pin, strlen(pin), key,
	    sizeof key);
	sodium_bin2hex(hex, 2 * sizeof md + 1, md, sizeof md);
	sodium_memzero(key, sizeof key);
	sodium_memzero(md, sizeof md);
	return 0;
}

int
session_pin_hash(struct store *st, const char *pin, int admin, char *out, struct kt_err *e)
{
	size_t n = pin != NULL ? strlen(pin) : 0, min = admin ? SESSION_ADMIN_PIN_MIN :
	    SESSION_PIN_MIN;
	char keyed[65];
	int rc;

	if (n < min || n > 12 || strspn(pin, "0123456789") != n)
		return kt_error_at(e, KT_EUSAGE, "pin", admin ? _("an admin's PIN is %zu to 12"
		    " digits") : _("a PIN is %zu to 12 digits"), min);
	if ((rc = pin_keyed(st, pin, keyed, e)) != 0)
		return rc;
	memcpy(out, PIN_TAG, sizeof PIN_TAG);
	rc = crypto_pwhash_str(out + strlen(PIN_TAG), keyed, strlen(keyed),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sodium_memzero(keyed, sizeof keyed);
	if (rc != 0)
		return kt_error(e, KT_EFAIL, _("out of memory hashing the PIN"));
	return 0;
}

/* Whether pin is the one hash was made of. */
static int
pin_matches(struct store *st, const char *hash, const char *pin, int *legacy)
{
	char keyed[65];
	int ok;

	*legacy = 0;
	if (hash == NULL || pin == NULL)
		return 0;
	if (strncmp(hash, PIN_TAG, strlen(PIN_TAG)) != 0) {
		*legacy = 1;
		return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	}
	if (pin_keyed(st, pin, keyed, NULL) != 0)
		return 0;
	ok = crypto_pwhash_str_verify(hash + strlen(PIN_TAG), keyed, strlen(keyed)) == 0;
	sodium_memzero(keyed, sizeof keyed);
	return ok;
}

int
session_check_pin(struct store *st, long long id, const char *hash, const char *pin,
    struct kt_err *e)
{
	struct store_stmt *s;
	char now[32], until[32] = "", lock[32], shown[40], fresh[SESSION_PIN_HASH_LEN];
	time_t t;
	struct tm tm;
	int rc, failures = 0, ok, legacy, admin = 0;

	/* A count written inside a transaction would go with its rollback. */
	if (store_in_transaction(st))
		return kt_error(e, KT_EFAIL, "internal error: a PIN checked inside a transaction");
	if ((rc = store_prepare(st, "SELECT pin_failures, pin_locked_until, role FROM operators"
	    " WHERE id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, id);
	if (store_step(s) == STORE_ROW) {
		failures = store_col_int(s, 0);
		if (store_col_text(s, 1) != NULL)
			snprintf(until, sizeof until, "%s", store_col_text(s, 1));
		admin = strstr(store_col_text(s, 2), "admin") != NULL;
	}
	store_finalize(s);
	store_timestamp(st, now, sizeof now);
	if (until[0] != '\0' && strcmp(now, until) < 0) {
		label_time(until, 0, shown, sizeof shown);
		return kt_error(e, KT_EREFUSED, _("too many wrong PINs: the PIN is locked until %s"
		    " (WIB)"), shown);
	}
	ok = pin_matches(st, hash, pin, &legacy);
	/* An older PIN hash, checked right, is rewritten in the keyed form (an
	 * admin's short PIN stays as it is until it is changed). */
	if (ok && legacy && session_pin_hash(st, pin, admin, fresh, NULL) == 0) {
		rc = store_run(st, e, "UPDATE operators SET pin_hash = ? WHERE id = ?", "ti",
		    fresh, id);
		sodium_memzero(fresh, sizeof fresh);
		if (rc != 0)
			return rc;
	}
	if (ok && failures == 0)
		return 0;
	lock[0] = '\0';
	if (!ok && failures + 1 >= SESSION_PIN_TRIES) {
		t = store_now(st) + SESSION_PIN_LOCK * 60;
		gmtime_r(&t, &tm);
		strftime(lock, sizeof lock, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if ((rc = store_prepare(st, "UPDATE operators SET pin_failures = ?, pin_locked_until = ?"
	    " WHERE id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, ok || lock[0] != '\0' ? 0 : failures + 1);
	if (lock[0] != '\0')
		store_bind_text(s, 2, lock);
	store_bind_int(s, 3, id);
	rc = store_step(s) == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	if (rc != 0 || ok)
		return rc;
	if (lock[0] != '\0') {
		label_time(lock, 0, shown, sizeof shown);
		return kt_error(e, KT_EREFUSED, _("wrong PIN, %d times: the PIN is locked until %s"
		    " (WIB)"), SESSION_PIN_TRIES, shown);
	}
	return kt_error(e, KT_EREFUSED, _("wrong PIN"));
}

static int
minutes_setting(struct store *st)
{
	char buf[16];
	int v;

	if (store_setting(st, "session_minutes", buf, sizeof buf, NULL) != 0 ||
	    (v = atoi(buf)) <= 0)
		return 30;
	return v;
}

/* End the open sessions with reason; part of the caller's transaction or on
 * its own. */
static int
end_sessions(struct store *st, const char *reason, struct kt_err *e)
{
	char now[32];

	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "UPDATE sessions SET ended_at = ?, end_reason = ?"
	    " WHERE ended_at IS NULL AND station = ? AND uid = ?", "ttti", now, reason,
	    store_station(st), store_user(st));
}

/* The operator of the web session store_web_session names, if still open. */
static int
web_current(struct store *st, long long *id, char *name, size_t len, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT s.operator_id, o.name FROM sessions s JOIN"
	    " operators o ON o.id = s.operator_id WHERE s.id = ? AND s.ended_at IS NULL"
	    " AND s.token_hash IS NOT NULL AND o.active <> 0", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, store_web_session(st));
	if (store_step(s) == STORE_ROW) {
		*id = store_col_int(s, 0);
		snprintf(name, len, "%s", store_col_text(s, 1));
	}
	store_finalize(s);
	return 0;
}

int
session_current(struct store *st, long long *id, char *name, size_t len, struct kt_err *e)
{
	struct store_stmt *s;
	char now[32], last[32] = "";
	long long sid = 0;
	time_t t;
	struct tm tm;
	int rc;

	*id = 0;
	/* The screens: the session of the browser being answered, which
	 * session_web_resume found, checked and touched. */
	if (store_web_session(st) != 0)
		return web_current(st, id, name, len, e);
	if (store_user(st) < 0)	/* no Unix user: nobody's session */
		return 0;
	/* A schema older than this kartu's, while its admin upgrades it
	 * (setup.h), has no session that belongs to a Unix user: none. */
	if (store_version(st) < store_latest_version())
		return 0;
	if ((rc = store_prepare(st, "SELECT s.id, s.operator_id, o.name, s.last_seen_at"
	    " FROM sessions s JOIN operators o ON o.id = s.operator_id WHERE s.ended_at IS NULL"
	    " AND s.station = ? AND s.uid = ? AND o.active <> 0 ORDER BY s.id DESC LIMIT 1", &s,
	    e)) != 0)
		return rc;
	store_bind_text(s, 1, store_station(st));
	store_bind_int(s, 2, store_user(st));
	if (store_step(s) == STORE_ROW) {
		sid = store_col_int(s, 0);
		*id = store_col_int(s, 1);
		snprintf(name, len, "%s", store_col_text(s, 2));
		snprintf(last, sizeof last, "%s", store_col_text(s, 3));
	}
	store_finalize(s);
	if (sid == 0)
		return 0;
	/* Idle longer than session_minutes: the session is over. */
	t = store_now(st) - (time_t)minutes_setting(st) * 60;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (strcmp(last, now) < 0) {
		*id = 0;
		name[0] = '\0';
		return end_sessions(st, "timeout", e);
	}
	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ti", now,
	    sid);
}

int
session_login(struct store *st, const char *name, const char *pin, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char hash[SESSION_PIN_HASH_LEN] = "", now[32];
	long long id = 0;
	int rc, active = 0;

	if (name == NULL || name[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "operator", _("who logs in?"));
	if (store_user(st) < 0)
		return kt_error(e, KT_EFAIL, "session_login: no Unix user (store_set_user)");
	if ((rc = store_prepare(st, "SELECT id, active, pin_hash FROM operators WHERE name = ?",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW) {
		id = store_col_int(s, 0);
		active = store_col_int(s, 1);
		if (store_col_text(s, 2) != NULL)
			snprintf(hash, sizeof hash, "%s", store_col_text(s, 2));
	}
	store_finalize(s);
	s = NULL;
	if (id == 0)
		return kt_error(e, KT_ENOTFOUND, _("no operator named '%.60s'"), name);
	if (!active)
		return kt_error(e, KT_EREFUSED, _("operator %.60s is no longer active"), name);
	if (hash[0] == '\0') {
		kt_error(e, KT_EREFUSED, _("%.60s has no PIN: the admin sets one first"), name);
		return kt_next(e, KT_EREFUSED, "operator-pin", "%.60s", name);
	}
	if ((rc = session_check_pin(st, id, hash, pin, e)) != 0)
		return rc;
	store_set_actor(st, id);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = end_sessions(st, "replaced", e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO sessions (operator_id, started_at,"
	    " last_seen_at, station, uid) VALUES (?, ?, ?, ?, ?)", &s, e)) != 0)
		goto out;
	store_bind_int(s, 1, id);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, store_station(st));
	store_bind_int(s, 5, store_user(st));
	if (store_step(s) != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	rc = store_commit(st, e);
out:
	store_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
session_logout(struct store *st, char *name, size_t len, struct kt_err *e)
{
	long long id;
	int rc;

	if ((rc = session_current(st, &id, name, len, e)) != 0)
		return rc;
	if (id == 0)
		return kt_error(e, KT_ENOTFOUND, _("nobody is logged in at this station"));
	store_set_actor(st, id);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = end_sessions(st, "logout", e)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

/* ---- the screens' sessions ---- */

/* The keyed hash of a browser's token, as the database keeps it. */
static int
token_hash(struct store *st, const char *token, char *hex, struct kt_err *e)
{
	unsigned char key[32], md[32];
	int rc;

	if ((rc = store_subkey(st, "kartu web session v1", key, sizeof key, e)) != 0)
		return rc;
	crypto_generichash(md, sizeof md, (const unsigned char *)token, strlen(token), key,
	    sizeof key);
	sodium_bin2hex(hex, 2 * sizeof md + 1, md, sizeof md);
	sodium_memzero(key, sizeof key);
	return 0;
}

/* A token as the browser sends it back: base64url, SESSION_TOKEN_LEN - 1. */
static int
token_ok(const char *token)
{
	size_t n;

	if (token == NULL)
		return 0;
	n = strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	return n == SESSION_TOKEN_LEN - 1 && token[n] == '\0';
}

int
session_web_login(struct store *st, const char *name, const char *pin, const char *peer,
    char *token, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	unsigned char raw[32];
	char hash[SESSION_PIN_HASH_LEN] = "", th[65], now[32];
	long long id = 0;
	int rc, active = 0;

	token[0] = '\0';
	if (name == NULL || name[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "operator", _("who logs in?"));
	if (pin == NULL || pin[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "pin", _("the PIN is missing"));
	if ((rc = store_prepare(st, "SELECT id, active, pin_hash FROM operators WHERE name = ?",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW) {
		id = store_col_int(s, 0);
		active = store_col_int(s, 1);
		if (store_col_text(s, 2) != NULL)
			snprintf(hash, sizeof hash, "%s", store_col_text(s, 2));
	}
	store_finalize(s);
	s = NULL;
	/* Who exists is not told to a browser: an unknown name, a former
	 * operator and one without a PIN get the answer of a wrong PIN. */
	if (id == 0 || !active || hash[0] == '\0')
		return kt_error_at(e, KT_EREFUSED, "pin", _("wrong operator name or PIN"));
	if ((rc = session_check_pin(st, id, hash, pin, e)) != 0) {
		if (strcmp(e != NULL ? e->msg : "", _("wrong PIN")) == 0)
			return kt_error_at(e, KT_EREFUSED, "pin", _("wrong operator name or PIN"));
		if (e != NULL)
			snprintf(e->field, sizeof e->field, "pin");
		return rc;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, SESSION_TOKEN_LEN, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	if ((rc = token_hash(st, token, th, e)) != 0)
		goto fail;
	store_set_actor(st, id);
	if ((rc = store_begin(st, e)) != 0)
		goto fail;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_run(st, e, "INSERT INTO sessions (operator_id, started_at, last_seen_at,"
	    " station, uid, token_hash, peer) VALUES (?, ?, ?, 'web', ?, ?, ?)", "ittitt", id, now,
	    now, store_user(st), th, peer)) != 0 || (rc = store_commit(st, e)) != 0) {
		store_rollback(st);
		goto fail;
	}
	return 0;
fail:
	sodium_memzero(token, SESSION_TOKEN_LEN);
	return rc;
}

int
session_web_resume(struct store *st, const char *token, long long *id, char *name,
    size_t len, int *expired, struct kt_err *e)
{
	struct store_stmt *s;
	char th[65], now[32], last[32] = "", oldest[32];
	long long sid = 0;
	time_t t;
	struct tm tm;
	int rc;

	*id = 0;
	*expired = 0;
	name[0] = '\0';
	store_set_web_session(st, 0);
	if (!token_ok(token))
		return 0;
	if ((rc = token_hash(st, token, th, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT s.id, s.operator_id, o.name, s.last_seen_at"
	    " FROM sessions s JOIN operators o ON o.id = s.operator_id WHERE s.token_hash = ?"
	    " AND s.ended_at IS NULL AND o.active <> 0", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, th);
	if (store_step(s) == STORE_ROW) {
		sid = store_col_int(s, 0);
		*id = store_col_int(s, 1);
		snprintf(name, len, "%s", store_col_text(s, 2));
		snprintf(last, sizeof last, "%s", store_col_text(s, 3));
	}
	store_finalize(s);
	if (sid == 0)
		return 0;
	store_set_actor(st, *id);
	t = store_now(st) - (time_t)minutes_setting(st) * 60;
	gmtime_r(&t, &tm);
	strftime(oldest, sizeof oldest, "%Y-%m-%dT%H:%M:%SZ", &tm);
	store_timestamp(st, now, sizeof now);
	if (strcmp(last, oldest) < 0) {
		*id = 0;
		name[0] = '\0';
		*expired = 1;
		return store_run(st, e, "UPDATE sessions SET ended_at = ?, end_reason = 'timeout'"
		    " WHERE id = ?", "ti", now, sid);
	}
	/* last_seen_at is kept to the minute: a page a second does not write a
	 * row (and an audit entry) a second. */
	if (strncmp(last, now, 16) != 0 && (rc = store_run(st, e,
	    "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ti", now, sid)) != 0)
		return rc;
	store_set_web_session(st, sid);
	return 0;
}

int
session_web_logout(struct store *st, const char *token, struct kt_err *e)
{
	char th[65], now[32];
	int rc;

	if (!token_ok(token))
		return 0;
	if ((rc = token_hash(st, token, th, e)) != 0)
		return rc;
	store_timestamp(st, now, sizeof now);
	rc = store_run(st, e, "UPDATE sessions SET ended_at = ?, end_reason = 'logout'"
	    " WHERE token_hash = ? AND ended_at IS NULL", "tt", now, th);
	store_set_web_session(st, 0);
	return rc;
}

int
session_web_csrf(struct store *st, const char *token, char *out, struct kt_err *e)
{
	unsigned char key[32], md[32];
	int rc;

	out[0] = '\0';
	if ((rc = store_subkey(st, "kartu web csrf v1", key, sizeof key, e)) != 0)
		return rc;
	crypto_generichash(md, sizeof md, (const unsigned char *)token, strlen(token), key,
	    sizeof key);
	sodium_bin2hex(out, SESSION_CSRF_LEN, md, sizeof md);
	sodium_memzero(key, sizeof key);
	return 0;
}

int
session_web_refused(struct store *st, const char *why, const char *path, const char *peer,
    struct kt_err *e)
{
	char json[512], p[200];
	size_t i, o = 0;
	int rc;

	/* The path as a JSON string: printable ASCII only, quotes and
	 * backslashes dropped (it is the attacker's). */
	for (i = 0; path != NULL && path[i] != '\0' && o + 1 < sizeof p; i++)
		if (path[i] >= 0x20 && path[i] < 0x7f && path[i] != '"' && path[i] != '\\')
			p[o++] = path[i];
	p[o] = '\0';
	snprintf(json, sizeof json, "{\"via\":\"web\",\"refused\":\"%s\",\"path\":\"%s\","
	    "\"peer\":\"%s\"}", why, p, peer != NULL ? peer : "");
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = audit_event(st, "web-refused", 0, json, e)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}
