/*
 * setup.c - kartu init's core (see setup.h): who may set up the database, and
 * the rules file written into it through the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "operator.h"
#include "setup.h"

/* The schema version that gave operators PINs and sessions (0010): before it
 * operator_require cannot run, and a name was all an operator had. */
#define SETUP_PIN_VERSION 10

static int
count(struct store *st, const char *sql, long long *n, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	*n = store_step(s) == STORE_ROW ? store_col_int(s, 0) : 0;
	store_finalize(s);
	return 0;
}

/* Whether name is an active admin without a PIN. */
static int
pinless_admin(struct store *st, const char *name)
{
	struct store_stmt *s;
	int yes = 0;

	if (name == NULL || store_prepare(st, "SELECT 1 FROM operators WHERE name = ?1 AND"
	    " role = 'admin' AND active <> 0 AND pin_hash IS NULL", &s, NULL) != 0)
		return 0;
	store_bind_text(s, 1, name);
	yes = store_step(s) == STORE_ROW;
	store_finalize(s);
	return yes;
}

int
setup_authorize(struct store *st, const char *name, struct kt_err *e)
{
	struct store_stmt *s;
	long long admins = 0, id = 0;
	int rc;

	store_set_actor(st, 0);
	if (store_version(st) < 1)
		return 0;	/* a new database */
	if ((rc = count(st, "SELECT count(*) FROM operators WHERE role = 'admin'"
	    " AND active <> 0", &admins, e)) != 0)
		return rc;
	if (admins == 0) {
		/* The first set-up: anyone; attributed to name if it is an operator. */
		if (name != NULL && name[0] != '\0' && store_prepare(st, "SELECT id FROM"
		    " operators WHERE name = ?1 AND active <> 0", &s, NULL) == 0) {
			store_bind_text(s, 1, name);
			if (store_step(s) == STORE_ROW)
				store_set_actor(st, store_col_int(s, 0));
			store_finalize(s);
		}
		return 0;
	}
	/* An admin without a PIN, from before admins needed one, upgrades by
	 * name (and must then set a PIN before acting again: operator.h). */
	if (store_version(st) >= SETUP_PIN_VERSION && !(store_version(st) <
	    store_latest_version() && pinless_admin(st, name))) {
		rc = operator_require(st, name, "admin",
		    _("upgrade the database or load the rules"), &id, e);
		if (rc == KT_EUSAGE)	/* no one named and no one logged in */
			rc = kt_error_at(e, KT_EREFUSED, "operator", _("the database has an"
			    " admin: only an admin may upgrade it or load the rules"));
		return rc;
	}
	/* An older schema, no PINs yet, or an admin without one: the name of an
	 * active admin. */
	if (name == NULL || name[0] == '\0')
		return kt_error_at(e, KT_EREFUSED, "operator", _("the database has an admin:"
		    " only an admin may upgrade it or load the rules"));
	if ((rc = store_prepare(st, "SELECT id FROM operators WHERE name = ?1 AND"
	    " role = 'admin' AND active <> 0", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if (store_step(s) == STORE_ROW)
		id = store_col_int(s, 0);
	store_finalize(s);
	if (id == 0)
		return kt_error(e, KT_EREFUSED, _("%.60s is not an active admin; only an admin"
		    " may upgrade the database or load the rules"), name);
	store_set_actor(st, id);
	return 0;
}

/* One setting: replaced, or with defaults only filled in where unset. */
static int
put_setting(struct store *st, const char *key, const char *value, int defaults,
    struct kt_err *e)
{
	if (defaults)
		return store_run(st, e, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
		    " ON CONFLICT (key) DO NOTHING", "tt", key, value);
	return store_run(st, e, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
	    " WHERE settings.value IS DISTINCT FROM excluded.value", "tt", key, value);
}

/* A library code other than the one the issued cards carry is refused. */
static int
check_code(struct store *st, const char *code, struct kt_err *e)
{
	char old[64];
	long long issued = 0;
	int rc;

	if (code == NULL || code[0] == '\0')
		return 0;
	if (store_setting(st, "library_code", old, sizeof old, NULL) != 0 ||
	    strcmp(old, code) == 0)
		return 0;
	if ((rc = count(st, "SELECT (SELECT count(*) FROM cards) + (SELECT count(*) FROM"
	    " members)", &issued, e)) != 0)
		return rc;
	if (issued == 0)
		return 0;
	return kt_error_at(e, KT_EREFUSED, "library_code", _("the database has issued cards"
	    " with library code %s: every card carries that code, and changing it to %.20s"
	    " would make all of them UNKNOWN at the desk; nothing was changed"), old, code);
}

static int
put_category(struct store *st, const struct rulesfile_category *c, int position,
    int defaults, struct kt_err *e)
{
	struct store_stmt *s;
	char gone[RULESFILE_MAX_DOCUMENTS * 2][RULESFILE_CODE];
	long long have = 0;
	int rc, i, ngone = 0;

	if (defaults) {	/* a category the database has stays as it is */
		if ((rc = store_prepare(st, "SELECT count(*) FROM categories WHERE code = ?1",
		    &s, e)) != 0)
			return rc;
		store_bind_text(s, 1, c->code);
		if (store_step(s) == STORE_ROW)
			have = store_col_int(s, 0);
		store_finalize(s);
		if (have > 0)
			return 0;
	}
	if ((rc = store_run(st, e, "INSERT INTO categories (code, name, institution, guardian,"
	    " valid_months, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code)"
	    " DO UPDATE SET name = excluded.name, institution = excluded.institution,"
	    " guardian = excluded.guardian, valid_months = excluded.valid_months,"
	    " position = excluded.position WHERE (categories.name, categories.institution,"
	    " categories.guardian, categories.valid_months, categories.position)"
	    " IS DISTINCT FROM (excluded.name, excluded.institution, excluded.guardian,"
	    " excluded.valid_months, excluded.position)", "tttiii", c->code, c->name,
	    c->institution, (long long)c->guardian, (long long)c->valid_months,
	    (long long)position)) != 0)
		return rc;
	/* Its documents become those of the file: the others go, the new come. */
	if ((rc = store_prepare(st, "SELECT document FROM category_documents WHERE"
	    " category = ?1", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, c->code);
	while (store_step(s) == STORE_ROW && ngone < (int)nitems(gone)) {
		const char *d = store_col_text(s, 0);

		for (i = 0; i < c->ndocuments; i++)
			if (strcmp(c->documents[i], d) == 0)
				break;
		if (i == c->ndocuments)
			snprintf(gone[ngone++], sizeof gone[0], "%s", d);
	}
	store_finalize(s);
	for (i = 0; i < ngone; i++)
		if ((rc = store_run(st, e, "DELETE FROM category_documents WHERE category = ?1"
		    " AND document = ?2", "tt", c->code, gone[i])) != 0)
			return rc;
	for (i = 0; i < c->ndocuments; i++)
		if ((rc = store_run(st, e, "INSERT INTO category_documents (category, document)"
		    " VALUES (?1, ?2) ON CONFLICT DO NOTHING", "tt", c->code,
		    c->documents[i])) != 0)
			return rc;
	return 0;
}

static int
load(struct store *st, const struct rulesfile *rf, int flags,
    const struct setup_library *lib, const char *source, struct kt_err *e)
{
	const struct { const char *key, *val; } mine[] = {
		{ "library_name", lib != NULL ? lib->name : NULL },
		{ "library_code", lib != NULL ? lib->code : NULL },
		{ "library_address", lib != NULL ? lib->address : NULL },
		{ "library_logo", lib != NULL ? lib->logo : NULL },
		{ "library_city", lib != NULL ? lib->city : NULL },
		{ "head_name", lib != NULL ? lib->head_name : NULL },
		{ "head_title", lib != NULL ? lib->head_title : NULL },
		{ "head_nip", lib != NULL ? lib->head_nip : NULL },
		{ "card_media", lib != NULL ? lib->card_media : NULL },
	};
	const char *code = NULL;
	char now[32], have[64];
	int rc, i, defaults = (flags & SETUP_DEFAULTS) != 0;
	size_t j;

	/* The code this load would leave: the configuration's, else the file's
	 * (the built-in file's only where none is set). */
	if (lib != NULL && lib->code != NULL && lib->code[0] != '\0')
		code = lib->code;
	else if (!defaults || store_setting(st, "library_code", have, sizeof have, NULL) != 0)
		code = rulesfile_setting(rf, "library_code");
	if ((rc = check_code(st, code, e)) != 0)
		return rc;
	for (i = 0; i < rf->nsettings; i++)
		if ((rc = put_setting(st, rf->settings[i].key, rf->settings[i].value, defaults,
		    e)) != 0)
			return rc;
	for (i = 0; i < rf->ndocuments; i++)
		if ((rc = store_run(st, e, defaults ? "INSERT INTO documents (code, name,"
		    " format) VALUES (?1, ?2, ?3) ON CONFLICT (code) DO NOTHING" :
		    "INSERT INTO documents (code, name, format) VALUES"
		    " (?1, ?2, ?3) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
		    " format = excluded.format WHERE (documents.name, documents.format)"
		    " IS DISTINCT FROM (excluded.name, excluded.format)", "ttt",
		    rf->documents[i].code, rf->documents[i].name, rf->documents[i].format)) != 0)
			return rc;
	for (i = 0; i < rf->ncategories; i++)
		if ((rc = put_category(st, &rf->categories[i], i + 1, defaults, e)) != 0)
			return rc;
	for (i = 0; i < rf->ninstitutions; i++)
		if ((rc = store_run(st, e, defaults ? "INSERT INTO institutions (name, kind,"
		    " local, aliases) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING" :
		    "INSERT INTO institutions (name, kind, local, aliases)"
		    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
		    " kind = excluded.kind, local = excluded.local, aliases = excluded.aliases"
		    " WHERE (institutions.kind, institutions.local, institutions.aliases)"
		    " IS DISTINCT FROM (excluded.kind, excluded.local, excluded.aliases)",
		    "ttit", rf->institutions[i].name, rf->institutions[i].kind,
		    (long long)rf->institutions[i].local, rf->institutions[i].aliases)) != 0)
			return rc;
	/* The configuration file's library details, over the rules'. */
	for (j = 0; j < nitems(mine); j++)
		if (mine[j].val != NULL && mine[j].val[0] != '\0' &&
		    (rc = put_setting(st, mine[j].key, mine[j].val, 0, e)) != 0)
			return rc;
	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "INSERT INTO rules_loads (at, operator_id, source)"
	    " VALUES (?1, nullif(?2, 0), ?3)", "tit", now, store_actor(st), source);
}

int
setup_load(struct store *st, const struct rulesfile *rf, int flags,
    const struct setup_library *lib, const char *source, struct kt_err *e)
{
	int rc;

	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = load(st, rf, flags, lib, source, e)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

int
setup_builtin(struct store *st, struct kt_err *e)
{
	struct rulesfile *rf;
	int rc;

	if ((rf = calloc(1, sizeof *rf)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	rc = rulesfile_parse(rf, rulesfile_builtin, strlen(rulesfile_builtin), "db/rules.conf",
	    e);
	if (rc == 0)
		rc = setup_load(st, rf, SETUP_DEFAULTS, NULL, "built-in", e);
	free(rf);
	return rc;
}

/* The settings that may be left unset (the reports leave a blank to write
 * in): the letterhead's address and the signature block. */
static int
optional_setting(const char *key)
{
	return strcmp(key, "library_address") == 0 || strcmp(key, "library_city") == 0 ||
	    strcmp(key, "head_name") == 0 || strcmp(key, "head_title") == 0 ||
	    strcmp(key, "head_nip") == 0;
}

int
setup_settings_check(struct store *st, const struct setup_setting *kv, size_t n,
    struct kt_err *e)
{
	struct kt_err t;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if ((kv[i].value == NULL || kv[i].value[0] == '\0') &&
		    optional_setting(kv[i].key))
			continue;
		if (rulesfile_check_setting(kv[i].key, kv[i].value, e) != 0)
			rc = KT_EUSAGE;
		else if (strcmp(kv[i].key, "library_code") == 0) {
			memset(&t, 0, sizeof t);
			if (check_code(st, kv[i].value, &t) != 0) {
				kt_problem_from(e, "library_code", &t);
				if (rc == 0)
					rc = t.code;
			}
		}
	}
	return rc;
}

int
setup_settings(struct store *st, const char *op, const struct setup_setting *kv, size_t n,
    struct kt_err *e)
{
	long long id;
	size_t i;
	int rc;

	if ((rc = operator_require(st, op, "admin", _("change the settings"), &id, e)) != 0)
		return rc;
	if ((rc = setup_settings_check(st, kv, n, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	/* Checked again inside: a card may have been issued meanwhile. */
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(kv[i].key, "library_code") == 0)
			rc = check_code(st, kv[i].value, e);
		if (rc == 0 && (kv[i].value == NULL || kv[i].value[0] == '\0'))
			rc = store_run(st, e, "DELETE FROM settings WHERE key = ?1", "t",
			    kv[i].key);
		else if (rc == 0)
			rc = put_setting(st, kv[i].key, kv[i].value, 0, e);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}
