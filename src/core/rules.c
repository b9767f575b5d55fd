/*
 * rules.c - categories, documents, institutions and roles (see rules.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "rules.h"
#include "session.h"

/* Collect column 0 of a query with one text parameter into buf, ", "-separated. */
static void
join_column(struct store *st, const char *sql, const char *param, char *buf, size_t len)
{
	sqlite3_stmt *s;
	size_t n = 0;

	buf[0] = '\0';
	if (store_prepare(st, sql, &s, NULL) != 0)
		return;
	if (param != NULL)
		sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW && n < len) {
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
		    (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
}

int
rules_category(struct store *st, const char *code, struct kt_category *out,
    struct kt_err *e)
{
	sqlite3_stmt *s;
	char known[256];
	int rc;

	if ((rc = store_prepare(st, "SELECT code, name, institution, guardian, valid_months"
	    " FROM categories WHERE code = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->code, sizeof out->code, "%s", sqlite3_column_text(s, 0));
		snprintf(out->name, sizeof out->name, "%s", sqlite3_column_text(s, 1));
		snprintf(out->institution, sizeof out->institution, "%s",
		    sqlite3_column_text(s, 2));
		out->guardian = sqlite3_column_int(s, 3);
		out->valid_months = sqlite3_column_int(s, 4);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		join_column(st, "SELECT code FROM categories ORDER BY position", NULL,
		    known, sizeof known);
		rc = kt_error(e, KT_EUSAGE, _("unknown category '%.40s' (known: %s)"),
		    code, known);
	} else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
rules_document(struct store *st, const char *category, const char *document,
    const char *number, const struct kt_date *birth, char sex, struct kt_err *e)
{
	sqlite3_stmt *s;
	char format[16] = "", accepted[256];
	int rc, allowed = 0;

	if ((rc = store_prepare(st, "SELECT d.format, EXISTS (SELECT 1 FROM"
	    " category_documents c WHERE c.category = ?1 AND c.document = d.code)"
	    " FROM documents d WHERE d.code = ?2", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, document, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(format, sizeof format, "%s", sqlite3_column_text(s, 0));
		allowed = sqlite3_column_int(s, 1);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	if (rc != 0)
		return rc;
	if (format[0] == '\0') {
		join_column(st, "SELECT code FROM documents ORDER BY code", NULL,
		    accepted, sizeof accepted);
		return kt_error(e, KT_EUSAGE, _("unknown document kind '%.40s' (known: %s)"),
		    document, accepted);
	}
	if (!allowed) {
		join_column(st, "SELECT document FROM category_documents WHERE category = ?"
		    " ORDER BY document", category, accepted, sizeof accepted);
		return kt_error(e, KT_EREFUSED,
		    _("category %s does not accept a %s; it needs: %s"), category, document,
		    accepted);
	}
	if (number == NULL || number[0] == '\0')
		return kt_error(e, KT_EUSAGE, _("the document's number is missing (--document-no)"));
	if (strcmp(format, "nik") == 0)
		return valid_nik(number, birth, sex, e);
	if (strcmp(format, "kk") == 0)
		return valid_kk(number, e);
	if (strcmp(format, "nisn") == 0)
		return valid_nisn(number, e);
	if (strcmp(format, "sim") == 0)
		return valid_sim(number, e);
	return valid_docno(number, e);
}

/* Lower-case letters and digits of s, words separated by one space. */
static void
inst_key(const char *s, char *out, size_t len)
{
	size_t n = 0;
	int space = 0;

	for (; *s != '\0' && n + 2 < len; s++) {
		if (isalnum((unsigned char)*s)) {
			if (space && n > 0)
				out[n++] = ' ';
			out[n++] = (char)tolower((unsigned char)*s);
			space = 0;
		} else if (*s != '.')
			space = 1;
	}
	out[n] = '\0';
}

int
rules_institution(struct store *st, const char *text, long long *id, int *local,
    char *name, size_t len, struct kt_err *e)
{
	sqlite3_stmt *s;
	char want[256], have[256], alias[256];
	const char *aliases, *p, *q;
	int rc, found = 0;

	inst_key(text, want, sizeof want);
	if ((rc = store_prepare(st, "SELECT id, name, local, aliases FROM institutions"
	    " WHERE kind = 'university'", &s, e)) != 0)
		return rc;
	while (!found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		inst_key((const char *)sqlite3_column_text(s, 1), have, sizeof have);
		found = strcmp(want, have) == 0;
		aliases = (const char *)sqlite3_column_text(s, 3);
		for (p = aliases; !found && p != NULL && *p != '\0'; p = q) {
			q = strchr(p, '|');
			snprintf(alias, sizeof alias, "%.*s",
			    (int)(q != NULL ? (size_t)(q - p) : strlen(p)), p);
			inst_key(alias, have, sizeof have);
			found = strcmp(want, have) == 0;
			q = q != NULL ? q + 1 : NULL;
		}
		if (found) {
			*id = sqlite3_column_int64(s, 0);
			*local = sqlite3_column_int(s, 2);
			snprintf(name, len, "%s", sqlite3_column_text(s, 1));
		}
	}
	if (found)
		rc = 0;
	else if (rc == SQLITE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("university '%.80s' is not on the list"), text);
	else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

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
	sqlite3_stmt *s;
	char role[16] = "", hash[crypto_pwhash_STRBYTES] = "", who[65];
	long long sid;
	int rc, active = 0;

	/* Not named: the operator logged in at this station, if any. */
	if ((rc = session_current(st, &sid, who, sizeof who, e)) != 0)
		return rc;
	if ((name == NULL || name[0] == '\0') && sid != 0)
		name = who;
	if (name == NULL || name[0] == '\0')
		return kt_error(e, KT_EUSAGE,
		    _("who is acting? Give --as NAME or set KARTU_OPERATOR"));
	if ((rc = store_prepare(st, "SELECT id, role, active, pin_hash FROM operators"
	    " WHERE name = ?", &s, e)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(role, sizeof role, "%s", sqlite3_column_text(s, 1));
		active = sqlite3_column_int(s, 2);
		if (sqlite3_column_text(s, 3) != NULL)
			snprintf(hash, sizeof hash, "%s", sqlite3_column_text(s, 3));
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = kt_error(e, KT_ENOTFOUND,
		    _("no operator named '%.60s' (add one with: kartu operator add)"), name);
	else
		rc = store_dberror(st, e);
	sqlite3_finalize(s);
	if (rc != 0)
		return rc;
	if (!active)
		return kt_error(e, KT_EREFUSED, _("operator %.60s is no longer active"), name);
	/* An operator with a PIN acts only when logged in here, or with the PIN. */
	if (hash[0] != '\0' && sid != *id) {
		if (store_pin(st) == NULL)
			return kt_error(e, KT_EREFUSED, _("%.60s has a PIN: log in first (kartu login"
			    " %.60s)"), name, name);
		if ((rc = session_check_pin(st, *id, hash, store_pin(st), e)) != 0)
			return rc;
	}
	if (!role_in(role, roles))
		return kt_error(e, KT_EREFUSED, _("%.60s is %s; only %s may %s"), name, role,
		    roles, what);
	store_set_actor(st, *id);
	return 0;
}

/* The argon2id hash of pin (4 to 12 digits) into out (crypto_pwhash_STRBYTES). */
static int
pin_hash(const char *pin, char *out, struct kt_err *e)
{
	size_t n = pin != NULL ? strlen(pin) : 0;

	if (n < 4 || n > 12 || strspn(pin, "0123456789") != n)
		return kt_error(e, KT_EUSAGE, _("a PIN is 4 to 12 digits"));
	if (crypto_pwhash_str(out, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return kt_error(e, KT_EFAIL, _("out of memory hashing the PIN"));
	return 0;
}

int
operator_set_pin(struct store *st, const char *actor, const char *name, const char *pin,
    struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	char hash[crypto_pwhash_STRBYTES];
	long long actor_id, id = 0;
	int rc, admin;

	if ((rc = pin_hash(pin, hash, e)) != 0)
		return rc;
	/* The admin sets anyone's PIN; an operator changes their own. */
	admin = operator_require(st, actor, "admin", _("set PINs"), &actor_id, NULL) == 0;
	if (!admin && (rc = operator_require(st, actor, "officer|operator|desk|admin",
	    _("set PINs"), &actor_id, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT id FROM operators WHERE name = ?", &s, e)) != 0)
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (id == 0) {
		rc = kt_error(e, KT_ENOTFOUND, _("no operator named '%.60s'"), name);
		goto out;
	}
	if (!admin && id != actor_id) {
		rc = kt_error(e, KT_EREFUSED, _("only the admin sets another operator's PIN"));
		goto out;
	}
	if ((rc = store_prepare(st, "UPDATE operators SET pin_hash = ? WHERE id = ?", &s,
	    e)) != 0)
		goto out;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	rc = store_commit(st, e);
out:
	sqlite3_finalize(s);
	sodium_memzero(hash, sizeof hash);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
operator_add(struct store *st, const char *name, const char *role, const char *pin,
    const char *actor, struct kt_err *e)
{
	sqlite3_stmt *s = NULL;
	char now[32], clean[65], hash[crypto_pwhash_STRBYTES] = "";
	long long actor_id;
	int rc, admins = 0;

	if ((rc = valid_text(name, _("operator name"), 64, clean, e)) != 0)
		return rc;
	if (role == NULL || !valid_role(role))
		return kt_error(e, KT_EUSAGE,
		    _("role must be one of officer, operator, desk, admin"));
	if (pin != NULL && (rc = pin_hash(pin, hash, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	/* The first admin may be added by anyone; after that only an admin adds. */
	if ((rc = store_prepare(st, "SELECT count(*) FROM operators WHERE role = 'admin'"
	    " AND active", &s, e)) != 0)
		goto out;
	if (sqlite3_step(s) == SQLITE_ROW)
		admins = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (admins > 0 && (rc = operator_require(st, actor, "admin",
	    _("add operators"), &actor_id, e)) != 0)
		goto out;
	if (admins == 0 && strcmp(role, "admin") != 0) {
		rc = kt_error(e, KT_EREFUSED,
		    _("add an admin first: kartu operator add NAME --role admin"));
		goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO operators (name, role, created_at, pin_hash)"
	    " VALUES (?, ?, ?, ?)", &s, e)) != 0)
		goto out;
	sqlite3_bind_text(s, 1, clean, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	if (hash[0] != '\0')
		sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(store_db(st)) & 0xff) == SQLITE_CONSTRAINT)
			rc = kt_error(e, KT_EREFUSED, _("there is already an operator named %s"),
			    clean);
		else
			rc = store_dberror(st, e);
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	rc = store_commit(st, e);
out:
	sqlite3_finalize(s);
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
operator_list(struct store *st, int (*cb)(const struct kt_operator *, void *),
    void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct kt_operator op;
	int rc;

	if ((rc = store_prepare(st, "SELECT id, name, role, active, created_at"
	    " FROM operators ORDER BY name", &s, e)) != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop;

		op.id = sqlite3_column_int64(s, 0);
		op.name = (const char *)sqlite3_column_text(s, 1);
		op.role = (const char *)sqlite3_column_text(s, 2);
		op.active = sqlite3_column_int(s, 3);
		op.created_at = (const char *)sqlite3_column_text(s, 4);
		if ((stop = cb(&op, arg)) != 0) {
			sqlite3_finalize(s);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
rules_list_categories(struct store *st,
    int (*cb)(const struct kt_category_row *, void *), void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct kt_category_row r;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT c.code, c.name, c.institution, c.guardian,"
	    " c.valid_months, (SELECT group_concat(document, ', ') FROM (SELECT document FROM"
	    " category_documents d WHERE d.category = c.code ORDER BY document))"
	    " FROM categories c ORDER BY c.position, c.code", &s, e)) != 0)
		return rc;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.code = (const char *)sqlite3_column_text(s, 0);
		r.name = (const char *)sqlite3_column_text(s, 1);
		r.institution = (const char *)sqlite3_column_text(s, 2);
		r.guardian = sqlite3_column_int(s, 3);
		r.valid_months = sqlite3_column_int(s, 4);
		r.documents = (const char *)sqlite3_column_text(s, 5);
		stop = cb(&r, arg);
	}
	rc = stop != 0 ? stop : rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}

int
rules_list_institutions(struct store *st,
    int (*cb)(const struct kt_institution_row *, void *), void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct kt_institution_row r;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT name, kind, local, aliases FROM institutions"
	    " ORDER BY local DESC, name", &s, e)) != 0)
		return rc;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.name = (const char *)sqlite3_column_text(s, 0);
		r.kind = (const char *)sqlite3_column_text(s, 1);
		r.local = sqlite3_column_int(s, 2);
		r.aliases = (const char *)sqlite3_column_text(s, 3);
		stop = cb(&r, arg);
	}
	rc = stop != 0 ? stop : rc == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	return rc;
}
