/*
 * rules.c - categories, documents and institutions: who may apply with what
 * (see rules.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "rules.h"

/* Collect column 0 of a query with one text parameter into buf, ", "-separated. */
void
rules_join(struct store *st, const char *sql, const char *param, char *buf, size_t len)
{
	struct store_stmt *s;
	size_t n = 0;

	buf[0] = '\0';
	if (store_prepare(st, sql, &s, NULL) != 0)
		return;
	if (param != NULL)
		store_bind_text(s, 1, param);
	while (store_step(s) == STORE_ROW && n < len) {
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
		    store_col_text(s, 0));
	}
	store_finalize(s);
}

int
rules_category(struct store *st, const char *code, struct kt_category *out,
    struct kt_err *e)
{
	struct store_stmt *s;
	char known[256];
	int rc;

	if ((rc = store_prepare(st, "SELECT code, name, institution, guardian, valid_months"
	    " FROM categories WHERE code = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, code);
	rc = store_step(s);
	if (rc == STORE_ROW) {
		snprintf(out->code, sizeof out->code, "%s", store_col_text(s, 0));
		snprintf(out->name, sizeof out->name, "%s", store_col_text(s, 1));
		snprintf(out->institution, sizeof out->institution, "%s",
		    store_col_text(s, 2));
		out->guardian = store_col_int(s, 3);
		out->valid_months = store_col_int(s, 4);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rules_join(st, "SELECT code FROM categories ORDER BY position", NULL,
		    known, sizeof known);
		rc = kt_error(e, KT_EUSAGE, _("unknown category '%.40s' (known: %s)"),
		    code, known);
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
rules_category_memo(struct store *st, struct kt_categories *memo, const char *code,
    struct kt_category *out, struct kt_err *e)
{
	int i, rc;

	for (i = 0; memo != NULL && i < memo->n; i++)
		if (strcmp(memo->v[i].given, code) == 0) {
			*out = memo->v[i].cat;
			return 0;
		}
	if ((rc = rules_category(st, code, out, e)) == 0 && memo != NULL &&
	    memo->n < (int)nitems(memo->v) && strlen(code) < sizeof memo->v[0].given) {
		snprintf(memo->v[memo->n].given, sizeof memo->v[0].given, "%s", code);
		memo->v[memo->n++].cat = *out;
	}
	return rc;
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
	struct store_stmt *s;
	char want[256], have[256], alias[256];
	const char *aliases, *p, *q;
	int rc, found = 0;

	inst_key(text, want, sizeof want);
	if ((rc = store_prepare(st, "SELECT id, name, local, aliases FROM institutions"
	    " WHERE kind = 'university'", &s, e)) != 0)
		return rc;
	while (!found && (rc = store_step(s)) == STORE_ROW) {
		inst_key(store_col_text(s, 1), have, sizeof have);
		found = strcmp(want, have) == 0;
		aliases = store_col_text(s, 3);
		for (p = aliases; !found && p != NULL && *p != '\0'; p = q) {
			q = strchr(p, '|');
			snprintf(alias, sizeof alias, "%.*s",
			    (int)(q != NULL ? (size_t)(q - p) : strlen(p)), p);
			inst_key(alias, have, sizeof have);
			found = strcmp(want, have) == 0;
			q = q != NULL ? q + 1 : NULL;
		}
		if (found) {
			*id = store_col_int(s, 0);
			*local = store_col_int(s, 2);
			snprintf(name, len, "%s", store_col_text(s, 1));
		}
	}
	if (found)
		rc = 0;
	else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("university '%.80s' is not on the list"), text);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
rules_list_categories(struct store *st,
    int (*cb)(const struct kt_category_row *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_category_row r;
	char docs[512];
	int rc, stop = 0;

	/* The documents joined here, not by the engine (group_concat and
	 * string_agg are each one engine's). */
	if ((rc = store_prepare(st, "SELECT code, name, institution, guardian, valid_months"
	    " FROM categories ORDER BY position, code", &s, e)) != 0)
		return rc;
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		r.code = store_col_text(s, 0);
		r.name = store_col_text(s, 1);
		r.institution = store_col_text(s, 2);
		r.guardian = store_col_int(s, 3);
		r.valid_months = store_col_int(s, 4);
		rules_join(st, "SELECT document FROM category_documents WHERE category = ?1"
		    " ORDER BY document", r.code, docs, sizeof docs);
		r.documents = docs[0] != '\0' ? docs : NULL;
		stop = cb(&r, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
rules_list_institutions(struct store *st,
    int (*cb)(const struct kt_institution_row *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_institution_row r;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT name, kind, local, aliases FROM institutions"
	    " ORDER BY local DESC, name", &s, e)) != 0)
		return rc;
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		r.name = store_col_text(s, 0);
		r.kind = store_col_text(s, 1);
		r.local = store_col_int(s, 2);
		r.aliases = store_col_text(s, 3);
		stop = cb(&r, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
rules_list_documents(struct store *st,
    int (*cb)(const struct kt_document_row *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_document_row r;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT code, name, format FROM documents ORDER BY code",
	    &s, e)) != 0)
		return rc;
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		r.code = store_col_text(s, 0);
		r.name = store_col_text(s, 1);
		r.format = store_col_text(s, 2);
		stop = cb(&r, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
