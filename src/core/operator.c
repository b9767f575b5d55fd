/*
 * operator.c - the station's operators, their roles and PINs (see operator.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "operator.h"
#include "session.h"
#include "valid.h"

static int
role_in(const char *role, const char *roles)
{
	size_t n = strlen(role);
	const char *p;

	for (p = roles; p != NULL; p = strchr(p, '|'), p = p != NULL ? p + 1 : NULL)
		if (strncmp(p, role, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
	return 0;
}

static int
valid_role(const char *role)
{
	return role_in(role, "officer|operator|desk|admin");
}

int
operator_require(struct store *st, const char *name, const char *roles,
    const char *what, long long *id, struct kt_err *e)
{
	struct store_stmt *s;
	char role[16] = "", hash[SESSION_PIN_HASH_LEN] = "", who[65];
	long long sid;
	int rc, active = 0;

	/* Not named: the operator logged in at this station, if any. */
	if ((rc = session_current(st, &sid, who, sizeof who, e)) != 0)
		return rc;
	if ((name == NULL || name[0] == '\0') && sid != 0)
		name = who;
	if (name == NULL || name[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "operator", _("who is acting? Name the operator"));
	if ((rc = store_prepare(st, "SELECT id, role, active, pin_hash FROM operators"
	    " WHERE name = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if ((rc = store_step(s)) == STORE_ROW) {
		*id = store_col_int(s, 0);
		snprintf(role, sizeof role, "%s", store_col_text(s, 1));
		active = store_col_int(s, 2);
		if (store_col_text(s, 3) != NULL)
			snprintf(hash, sizeof hash, "%s", store_col_text(s, 3));
		rc = 0;
	} else if (rc == STORE_DONE) {
		kt_error(e, KT_ENOTFOUND, _("no operator named '%.60s'"), name);
		rc = kt_next(e, KT_ENOTFOUND, "operator-add", "%s", "");
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	if (rc != 0)
		return rc;
	if (!active)
		return kt_error(e, KT_EREFUSED, _("operator %.60s is no longer active"), name);
	/* An admin is never a name alone: without a PIN, the admin may only set
	 * one (operator_set_pin). */
	if (hash[0] == '\0' && role_in(role, "admin")) {
		kt_error(e, KT_EREFUSED, _("%.60s is an admin without a PIN: set one first"), name);
		return kt_next(e, KT_EREFUSED, "operator-pin", "%.60s", name);
	}
	/* An operator with a PIN acts only when logged in here, or with the PIN. */
	if (hash[0] != '\0' && sid != *id) {
		if (store_pin(st) == NULL) {
			kt_error(e, KT_EREFUSED, _("%.60s has a PIN: log in first"), name);
			return kt_next(e, KT_EREFUSED, "login", "%.60s", name);
		}
		if ((rc = session_check_pin(st, *id, hash, store_pin(st), e)) != 0)
			return rc;
	}
	if (!role_in(role, roles)) {
		kt_error(e, KT_EREFUSED, _("%.60s is %s; only %s may %s"), name, role, roles,
		    what);
		return kt_next(e, KT_EREFUSED, "role", "%s", roles);
	}
	store_set_actor(st, *id);
	return 0;
}

int
operator_role(struct store *st, long long id, char *buf, size_t len, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	buf[0] = '\0';
	if ((rc = store_prepare(st, "SELECT role FROM operators WHERE id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, id);
	if ((rc = store_step(s)) == STORE_ROW) {
		snprintf(buf, len, "%s", store_col_text(s, 0));
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no such operator"));
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* Whether operator id has role. */
static int
has_role(struct store *st, long long id, const char *role)
{
	struct store_stmt *s;
	int yes = 0;

	if (store_prepare(st, "SELECT role FROM operators WHERE id = ?", &s, NULL) != 0)
		return 0;
	store_bind_int(s, 1, id);
	if (store_step(s) == STORE_ROW)
		yes = role_in(store_col_text(s, 0), role);
	store_finalize(s);
	return yes;
}

/* Whether name is an active admin without a PIN (*id set). */
static int
pinless_admin(struct store *st, const char *name, long long *id)
{
	struct store_stmt *s;
	int yes = 0;

	if (store_prepare(st, "SELECT id FROM operators WHERE name = ? AND active <> 0 AND"
	    " pin_hash IS NULL AND role = 'admin'", &s, NULL) != 0)
		return 0;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW) {
		*id = store_col_int(s, 0);
		yes = 1;
	}
	store_finalize(s);
	return yes;
}

int
operator_set_pin(struct store *st, const char *actor, const char *name, const char *pin,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char hash[SESSION_PIN_HASH_LEN];
	long long actor_id, id = 0;
	int rc, admin;

	/* Who acts is checked once (a wrong PIN counts once), before anything
	 * is written.  The admin sets anyone's PIN; an operator changes their
	 * own; an admin made before admins needed a PIN sets their own first. */
	if (actor != NULL && name != NULL && strcmp(actor, name) == 0 &&
	    pinless_admin(st, name, &actor_id))
		;
	else if ((rc = operator_require(st, actor, "officer|operator|desk|admin",
	    _("set PINs"), &actor_id, e)) != 0)
		return rc;
	admin = has_role(st, actor_id, "admin");
	if ((rc = store_prepare(st, "SELECT id FROM operators WHERE name = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW)
		id = store_col_int(s, 0);
	store_finalize(s);
	s = NULL;
	if (id == 0)
		return kt_error(e, KT_ENOTFOUND, _("no operator named '%.60s'"), name);
	if (!admin && id != actor_id)
		return kt_error(e, KT_EREFUSED, _("only the admin sets another operator's PIN"));
	if ((rc = session_pin_hash(st, pin, has_role(st, id, "admin"), hash, e)) != 0)
		return rc;
	rc = store_run(st, e, "UPDATE operators SET pin_hash = ?, pin_failures = 0,"
	    " pin_locked_until = NULL WHERE id = ?", "ti", hash, id);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* The active admins. */
static int
count_admins(struct store *st, int *n, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	*n = 0;
	if ((rc = store_prepare(st, "SELECT count(*) FROM operators WHERE role = 'admin'"
	    " AND active <> 0", &s, e)) != 0)
		return rc;
	if (store_step(s) == STORE_ROW)
		*n = store_col_int(s, 0);
	store_finalize(s);
	return 0;
}

int
operator_add(struct store *st, const char *name, const char *role, const char *pin,
    const char *actor, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	char now[32], clean[65], hash[SESSION_PIN_HASH_LEN] = "";
	long long actor_id = 0;
	int rc, admins = 0;

	if ((rc = valid_text(name, _("operator name"), 64, clean, e)) != 0)
		return rc;
	if (role == NULL || !valid_role(role))
		return kt_error(e, KT_EUSAGE,
		    _("role must be one of officer, operator, desk, admin"));
	/* The first admin may be added by anyone; after that only an admin
	 * adds, and is checked before the transaction (session_check_pin). */
	if ((rc = count_admins(st, &admins, e)) != 0)
		return rc;
	if (admins > 0 && (rc = operator_require(st, actor, "admin", _("add operators"),
	    &actor_id, e)) != 0)
		return rc;
	if (admins == 0 && strcmp(role, "admin") != 0)
		return kt_error_at(e, KT_EREFUSED, "role", _("the first operator must be an admin"));
	if (pin == NULL && strcmp(role, "admin") == 0)
		return kt_error_at(e, KT_EUSAGE, "pin", _("an admin needs a PIN of %d to 12 digits"),
		    SESSION_ADMIN_PIN_MIN);
	if (pin != NULL && (rc = session_pin_hash(st, pin, strcmp(role, "admin") == 0, hash,
	    e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	/* Another station may have added the first admin meanwhile. */
	if ((rc = count_admins(st, &admins, e)) != 0)
		goto out;
	if (admins > 0 && actor_id == 0) {
		rc = kt_error(e, KT_EREFUSED, _("an admin was added meanwhile: only an admin"
		    " adds operators now"));
		goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO operators (name, role, created_at, pin_hash)"
	    " VALUES (?, ?, ?, ?)", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, clean);
	store_bind_text(s, 2, role);
	store_bind_text(s, 3, now);
	if (hash[0] != '\0')
		store_bind_text(s, 4, hash);
	if (store_step(s) != STORE_DONE) {
		if (store_conflict(st))
			rc = kt_error(e, KT_EREFUSED, _("there is already an operator named %s"),
			    clean);
		else
			rc = store_dberror(st, e);
		goto out;
	}
	store_finalize(s);
	s = NULL;
	rc = store_commit(st, e);
out:
	store_finalize(s);
	sodium_memzero(hash, sizeof hash);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
operator_list(struct store *st, int (*cb)(const struct kt_operator *, void *),
    void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_operator op;
	int rc;

	if ((rc = store_prepare(st, "SELECT id, name, role, active, created_at,"
	    " pin_hash IS NOT NULL FROM operators ORDER BY name", &s, e)) != 0)
		return rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		int stop;

		op.id = store_col_int(s, 0);
		op.name = store_col_text(s, 1);
		op.role = store_col_text(s, 2);
		op.active = store_col_int(s, 3);
		op.created_at = store_col_text(s, 4);
		op.has_pin = store_col_int(s, 5);
		if ((stop = cb(&op, arg)) != 0) {
			store_finalize(s);
			return stop;
		}
	}
	rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}


int
operator_set_active(struct store *st, const char *actor, const char *name, int active,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	long long actor_id, id = 0;
	int rc, admins, was = 0, admin = 0;

	if ((rc = operator_require(st, actor, "admin", active ? _("reactivate operators") :
	    _("deactivate operators"), &actor_id, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT id, active, role = 'admin' FROM operators"
	    " WHERE name = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW) {
		id = store_col_int(s, 0);
		was = store_col_int(s, 1);
		admin = store_col_int(s, 2);
	}
	store_finalize(s);
	if (id == 0)
		return kt_error(e, KT_ENOTFOUND, _("no operator named '%.60s'"), name);
	if (!active && id == actor_id)
		return kt_error(e, KT_EREFUSED, _("an admin does not deactivate themself"));
	if ((rc = count_admins(st, &admins, e)) != 0)
		return rc;
	if (!active && admin && was && admins <= 1)
		return kt_error(e, KT_EREFUSED, _("%.60s is the last active admin"), name);
	if (!was == !active)
		return 0;
	return store_run(st, e, "UPDATE operators SET active = ? WHERE id = ?", "ii",
	    (long long)(active != 0), id);
}
