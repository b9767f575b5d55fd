/*
 * audit.c - the hash-chained audit trail (see audit.h): the triggers that
 * write it, the hash that links it, and the walk that checks it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "store-sqlite.h"
#include "valid.h"

/* The audited tables and the entity name their rows get in the log. */
static const struct {
	const char *table, *entity;
} audited[] = {
	{ "applications", "application" },
	{ "members", "member" },
	{ "cards", "card" },
	{ "operators", "operator" },
	{ "replacements", "replacement" },
	{ "photos", "photo" },
	{ "complaints", "complaint" },
	{ "handovers", "handover" },
	{ "holidays", "holiday" },
	{ "service_hours", "service-hours" },
	{ "complaint_events", "complaint-event" },
	{ "sessions", "session" },
	{ "settings", "setting" },
	{ "documents", "document" },
	{ "categories", "category" },
	{ "category_documents", "category-document" },
	{ "institutions", "institution" },
	{ "rules_loads", "rules-load" },
};

/* Feed one field to the hash: "N;" for NULL, else "LENGTH:TEXT;", so that no
 * two different rows give the same byte string. */
static void
hash_field(crypto_generichash_state *h, const char *text, int isnull)
{
	char pre[24];
	size_t n;

	if (isnull) {
		crypto_generichash_update(h, (const unsigned char *)"N;", 2);
		return;
	}
	n = strlen(text);
	snprintf(pre, sizeof pre, "%zu:", n);
	crypto_generichash_update(h, (const unsigned char *)pre, strlen(pre));
	crypto_generichash_update(h, (const unsigned char *)text, n);
	crypto_generichash_update(h, (const unsigned char *)";", 1);
}

static void
hash_finish(crypto_generichash_state *h, char *hex)
{
	unsigned char md[32];

	crypto_generichash_final(h, md, sizeof md);
	sodium_bin2hex(hex, AUDIT_HASH_HEX, md, sizeof md);
}

/* kartu_audit_hash(prev, id, at, operator, entity, entity_id, action, before,
 * after): the hash of a row, in hex. */
static void
fn_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state h;
	char hex[AUDIT_HASH_HEX];
	int i;

	crypto_generichash_init(&h, NULL, 0, 32);
	for (i = 0; i < argc; i++)
		hash_field(&h, (const char *)sqlite3_value_text(argv[i]),
		    sqlite3_value_type(argv[i]) == SQLITE_NULL);
	hash_finish(&h, hex);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

static void
fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char now[32];

	(void)argc;
	(void)argv;
	store_timestamp(sqlite3_user_data(ctx), now, sizeof now);
	sqlite3_result_text(ctx, now, -1, SQLITE_TRANSIENT);
}

static void
fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long id = store_actor(sqlite3_user_data(ctx));

	(void)argc;
	(void)argv;
	if (id > 0)
		sqlite3_result_int64(ctx, id);
	else
		sqlite3_result_null(ctx);
}

/* A phone number in the log: +6281****67. */
static void
fn_mask(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[64];

	(void)argc;
	if (s == NULL || strlen(s) >= sizeof out) {
		sqlite3_result_null(ctx);
		return;
	}
	valid_mask(s, out, sizeof out);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* Append to buf (of len) the json_object(...) of the row which ('NEW' or
 * 'OLD') of table: every column but hashes of numbers and PINs and BLOBs,
 * phone numbers masked. */
static int
row_json(struct store *st, const char *table, const char *which, char *buf, size_t len,
    struct kt_err *e)
{
	struct store_stmt *s;
	char sql[128];
	size_t n;
	int rc, first = 1;

	snprintf(sql, sizeof sql, "PRAGMA main.table_info(%s)", table);
	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	n = strlen(buf);
	n += snprintf(buf + n, len - n, "json_object(");
	while (store_step(s) == STORE_ROW && n < len) {
		const char *col = store_col_text(s, 1);
		const char *type = store_col_text(s, 2);
		size_t cl = strlen(col);

		if ((cl > 5 && strcmp(col + cl - 5, "_hash") == 0) || strstr(col, "pin") ||
		    strcmp(col, "otp") == 0 || (type != NULL && strcasecmp(type, "BLOB") == 0))
			continue;
		if (strcmp(table, "settings") == 0 && strcmp(col, "value") == 0)
			/* the pepper hashes identity numbers: its value stays out */
			n += snprintf(buf + n, len - n, "%s'%s', CASE WHEN %s.key = 'pepper'"
			    " THEN '(secret)' ELSE %s.value END", first ? "" : ", ", col, which,
			    which);
		else if (strstr(col, "phone") != NULL)
			n += snprintf(buf + n, len - n, "%s'%s', kartu_audit_mask(%s.\"%s\")",
			    first ? "" : ", ", col, which, col);
		else
			n += snprintf(buf + n, len - n, "%s'%s', %s.\"%s\"", first ? "" : ", ",
			    col, which, col);
		first = 0;
	}
	store_finalize(s);
	if (n + 2 >= len)
		return kt_error(e, KT_EFAIL, "audit: table %s has too many columns", table);
	snprintf(buf + n, len - n, ")");
	return 0;
}

static int
table_exists(struct store *st, const char *table)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM main.sqlite_master WHERE"
	    " type = 'table' AND name = ?", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

static int
make_trigger(struct store *st, const char *table, const char *entity, const char *action,
    struct kt_err *e)
{
	static char sql[16384];
	char before[6144] = "NULL", after[6144] = "NULL", *msg = NULL;
	const char *ev = strcmp(action, "insert") == 0 ? "INSERT" :
	    strcmp(action, "update") == 0 ? "UPDATE" : "DELETE";
	const char *row = strcmp(action, "delete") == 0 ? "OLD" : "NEW";
	int rc;

	if (strcmp(action, "insert") != 0) {
		before[0] = '\0';
		if ((rc = row_json(st, table, "OLD", before, sizeof before, e)) != 0)
			return rc;
	}
	if (strcmp(action, "delete") != 0) {
		after[0] = '\0';
		if ((rc = row_json(st, table, "NEW", after, sizeof after, e)) != 0)
			return rc;
	}
	/* The next id and the link come from audit_head, not from the last row:
	 * rows deleted at the end leave a gap the next entry cannot close. */
	snprintf(sql, sizeof sql,
	    "CREATE TEMP TRIGGER IF NOT EXISTS kartu_audit_%s_%s AFTER %s ON main.%s BEGIN"
	    " INSERT INTO audit (id, at, operator_id, entity, entity_id, action, before,"
	    " after, prev_hash, hash) SELECT n, at, op, '%s', eid, '%s', b, a, p,"
	    " kartu_audit_hash(p, n, at, op, '%s', eid, '%s', b, a) FROM (SELECT"
	    " h.last_id + 1 AS n, kartu_audit_now() AS at, kartu_audit_actor() AS op,"
	    " h.hash AS p, %s.rowid AS eid, %s AS b, %s AS a FROM audit_head h"
	    " WHERE h.one = 1) WHERE b IS NOT a;"
	    " UPDATE audit_head SET hash = (SELECT hash FROM audit WHERE id = last_id + 1),"
	    " last_id = last_id + 1 WHERE one = 1 AND EXISTS (SELECT 1 FROM audit"
	    " WHERE id = audit_head.last_id + 1);"
	    " END;",
	    table, action, ev, table, entity, action, entity, action, row, before, after);
	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		rc = kt_error(e, KT_EFAIL, _("cannot install the audit trail: %s"),
		    msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int
audit_install(struct store *st, struct kt_err *e)
{
	static const char *const actions[] = { "insert", "update", "delete" };
	sqlite3 *db = store_db(st);
	size_t i, j;
	int rc, f = SQLITE_UTF8;

	if (!table_exists(st, "audit"))
		return 0;
	if (sqlite3_create_function(db, "kartu_audit_hash", 9, f | SQLITE_DETERMINISTIC, NULL,
	    fn_hash, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "kartu_audit_now", 0, f, st, fn_now, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "kartu_audit_actor", 0, f, st, fn_actor, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "kartu_audit_mask", 1, f | SQLITE_DETERMINISTIC, NULL,
	    fn_mask, NULL, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	for (i = 0; i < nitems(audited); i++) {
		if (!table_exists(st, audited[i].table))
			continue;
		for (j = 0; j < nitems(actions); j++)
			if ((rc = make_trigger(st, audited[i].table, audited[i].entity,
			    actions[j], e)) != 0)
				return rc;
	}
	return 0;
}

static int
bad(struct audit_result *r, long long id, struct kt_err *e, const char *why)
{
	r->bad_id = id;
	snprintf(r->reason, sizeof r->reason, "%s", why);
	return kt_error(e, KT_EREFUSED, _("the audit trail is broken at entry %lld: %s"), id,
	    why);
}

int
audit_verify(struct store *st, struct audit_result *r, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	crypto_generichash_state h;
	char prev[AUDIT_HASH_HEX] = "", hex[AUDIT_HASH_HEX];
	long long id, want = 1, head_id = -1;
	char head_hash[AUDIT_HASH_HEX] = "";
	int rc, i;

	memset(r, 0, sizeof *r);
	if ((rc = store_prepare(st, "SELECT last_id, hash FROM audit_head WHERE one = 1", &s,
	    e)) != 0)
		return rc;
	if (store_step(s) == STORE_ROW) {
		head_id = store_col_int(s, 0);
		snprintf(head_hash, sizeof head_hash, "%s", store_col_text(s, 1));
	}
	store_finalize(s);
	if (head_id < 0)
		return bad(r, 0, e, _("the head of the log is missing"));
	if ((rc = store_prepare(st, "SELECT prev_hash, id, at, operator_id, entity, entity_id,"
	    " action, before, after, hash FROM audit ORDER BY id", &s, e)) != 0)
		return rc;
	rc = 0;
	while (store_step(s) == STORE_ROW) {
		id = store_col_int(s, 1);
		r->entries++;
		if (id != want) {
			rc = bad(r, want, e, id > want ? _("entry missing (deleted)") :
			    _("entry out of order"));
			break;
		}
		if (strcmp(store_col_text(s, 0), prev) != 0) {
			rc = bad(r, id, e, _("does not link to the entry before it"));
			break;
		}
		crypto_generichash_init(&h, NULL, 0, 32);
		for (i = 0; i < 9; i++)
			hash_field(&h, store_col_text(s, i), store_col_null(s, i));
		hash_finish(&h, hex);
		if (store_col_null(s, 9) || strcmp(store_col_text(s, 9), hex) != 0) {
			rc = bad(r, id, e, _("changed after it was written"));
			break;
		}
		memcpy(prev, hex, sizeof prev);
		want++;
	}
	store_finalize(s);
	if (rc != 0)
		return rc;
	if (want - 1 != head_id || strcmp(prev, head_hash) != 0)
		return bad(r, want - 1 < head_id ? want : head_id, e,
		    want - 1 < head_id ? _("entries at the end are missing (deleted)") :
		    _("the log does not end where its head says"));
	return 0;
}

int
audit_list(struct store *st, const char *entity, long long entity_id, int limit,
    int (*cb)(const struct audit_entry *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct audit_entry a;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT * FROM (SELECT a.id, a.at, o.name, a.entity,"
	    " a.entity_id, a.action, a.before, a.after FROM audit a LEFT JOIN operators o"
	    " ON o.id = a.operator_id WHERE (?1 IS NULL OR a.entity = ?1) AND (?2 = 0 OR"
	    " a.entity_id = ?2) ORDER BY a.id DESC LIMIT ?3) ORDER BY id", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, entity);
	store_bind_int(s, 2, entity_id);
	store_bind_int(s, 3, limit > 0 ? limit : -1);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		a.id = store_col_int(s, 0);
		a.at = store_col_text(s, 1);
		a.operator = store_col_text(s, 2);
		a.entity = store_col_text(s, 3);
		a.entity_id = store_col_int(s, 4);
		a.action = store_col_text(s, 5);
		a.before = store_col_text(s, 6);
		a.after = store_col_text(s, 7);
		stop = cb(&a, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}
