/*
 * audit.c - the hash-chained audit trail (see audit.h): the triggers that
 * write it, the hash that links it, and the walk that checks it.
 *
 * On SQLite the entries are written by TEMP triggers calling this file's C
 * functions.  On PostgreSQL (store-pg.c) neither exists: the migration's
 * trigger function kartu_audit_pending() writes each change of an audited
 * table, as row_to_json of the row before and after, to the table
 * kartu_audit_pending, and audit_pg_flush makes the entries from those rows
 * in C before the transaction commits: the same columns left out, the same
 * digests and masks (col_kind, digest_hex, valid_mask, shared with the SQLite
 * triggers), JSON written as SQLite's json_object writes it, and the same
 * keyed chain, so that one audit_verify checks the log of either engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "store-pg.h"
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
	{ "handover_codes", "handover-code" },
	{ "settings", "setting" },
	{ "documents", "document" },
	{ "categories", "category" },
	{ "category_documents", "category-document" },
	{ "institutions", "institution" },
	{ "rules_loads", "rules-load" },
	{ "reprints", "reprint" },
};

/* What the log shows of a column of an audited table. */
enum col_kind {
	COL_PLAIN,	/* its value */
	COL_SKIP,	/* nothing: a BLOB (a photo) */
	COL_DIGEST,	/* a short keyed digest: hashes of numbers, codes and PINs */
	COL_PEPPER,	/* settings.value: a digest for the old hashing key only */
	COL_MASK,	/* a phone number, masked */
};

static enum col_kind
col_kind(const char *table, const char *col, int is_blob)
{
	size_t cl = strlen(col);

	if (is_blob)
		return COL_SKIP;
	if ((cl > 5 && strcmp(col + cl - 5, "_hash") == 0) || strcmp(col, "otp") == 0)
		return COL_DIGEST;
	if (strcmp(table, "settings") == 0 && strcmp(col, "value") == 0)
		return COL_PEPPER;
	if (strstr(col, "phone") != NULL)
		return COL_MASK;
	return COL_PLAIN;
}

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

/* The chain is keyed with a key derived from the register key (keys.h), so a
 * copy of the database is not enough to rewrite it, and neither is the
 * program without the key file. */
static int
hash_init(struct store *st, crypto_generichash_state *h, const char *purpose,
    size_t outlen)
{
	unsigned char key[32];

	if (store_subkey(st, purpose, key, sizeof key, NULL) != 0)
		return -1;
	crypto_generichash_init(h, key, sizeof key, outlen);
	sodium_memzero(key, sizeof key);
	return 0;
}

static void
no_key(sqlite3_context *ctx)
{
	sqlite3_result_error(ctx, _("this station has no register key (register.key beside"
	    " the library's keys): it cannot write to the register"), -1);
}

/* kartu_audit_hash(prev, id, at, operator, entity, entity_id, action, before,
 * after): the keyed hash of a row, in hex. */
static void
fn_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state h;
	char hex[AUDIT_HASH_HEX];
	int i;

	if (hash_init(sqlite3_user_data(ctx), &h, "kartu audit chain v1", 32) != 0) {
		no_key(ctx);
		return;
	}
	for (i = 0; i < argc; i++)
		hash_field(&h, (const char *)sqlite3_value_text(argv[i]),
		    sqlite3_value_type(argv[i]) == SQLITE_NULL);
	hash_finish(&h, hex);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

/* The seal of the head: a keyed hash of the last id and its hash, so that a
 * log cut at the end cannot be given a matching head without the key. */
static int
seal(struct store *st, long long last_id, const char *hash, char *hex)
{
	crypto_generichash_state h;
	char id[24];

	if (hash_init(st, &h, "kartu audit head v1", 32) != 0)
		return -1;
	snprintf(id, sizeof id, "%lld", last_id);
	hash_field(&h, id, 0);
	hash_field(&h, hash, 0);
	hash_finish(&h, hex);
	return 0;
}

/* kartu_audit_seal(last_id, hash) */
static void
fn_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[AUDIT_HASH_HEX];
	const char *hash = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (seal(sqlite3_user_data(ctx), sqlite3_value_int64(argv[0]),
	    hash != NULL ? hash : "", hex) != 0) {
		no_key(ctx);
		return;
	}
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

/* kartu_audit_digest(value): what the log shows of a secret (a PIN's hash, a
 * code's hash, a hashed identity number): 16 hex characters of a keyed hash,
 * which change when the value changes and say nothing of it. */
#define DIGEST_HEX 17
static int
digest_hex(struct store *st, const unsigned char *v, size_t n, char hex[DIGEST_HEX])
{
	crypto_generichash_state h;
	unsigned char md[8];

	if (hash_init(st, &h, "kartu audit digest v1", sizeof md) != 0)
		return -1;
	crypto_generichash_update(&h, v, n);
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(hex, DIGEST_HEX, md, sizeof md);
	return 0;
}

static void
fn_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[DIGEST_HEX];
	const unsigned char *v = sqlite3_value_text(argv[0]);

	(void)argc;
	if (v == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (digest_hex(sqlite3_user_data(ctx), v, (size_t)sqlite3_value_bytes(argv[0]),
	    hex) != 0) {
		no_key(ctx);
		return;
	}
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

/* kartu_audit_now(): the time of an entry.  The time the statement was
 * stepped, not the clock's now: SQLite flattens the trigger's subquery, so
 * the entry's at and the at its hash is taken over are two calls, and a
 * second ticking between them broke the chain (one entry in some 50 000 of
 * an import: "changed after it was written"). */
static void
fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char now[32];

	(void)argc;
	(void)argv;
	store_step_timestamp(sqlite3_user_data(ctx), now, sizeof now);
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
		enum col_kind k = col_kind(table, col, type != NULL &&
		    strcasecmp(type, "BLOB") == 0);

		if (k == COL_SKIP)
			continue;
		if (k == COL_DIGEST)
			n += snprintf(buf + n, len - n, "%s'%s', kartu_audit_digest(%s.\"%s\")",
			    first ? "" : ", ", col, which, col);
		else if (k == COL_PEPPER)
			/* the old hashing key, on its way out of the database */
			n += snprintf(buf + n, len - n, "%s'%s', CASE WHEN %s.key = 'pepper' THEN"
			    " kartu_audit_digest(%s.value) ELSE %s.value END", first ? "" : ", ",
			    col, which, which, which);
		else if (k == COL_MASK)
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

/* The integer answer of a one-row query with one text parameter (or none);
 * 0 when it fails. */
static long long
ask(struct store *st, const char *sql, const char *param)
{
	struct store_stmt *s;
	long long v = 0;

	if (store_prepare(st, sql, &s, NULL) != 0)
		return 0;
	if (param != NULL)
		store_bind_text(s, 1, param);
	if (store_step(s) == STORE_ROW)
		v = store_col_int(s, 0);
	store_finalize(s);
	return v;
}

static int
table_exists(struct store *st, const char *table)
{
	sqlite3_stmt *s;
	int found = 0;

	if (store_on_pg(st))
		return ask(st, "SELECT to_regclass(?1) IS NOT NULL", table) != 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM main.sqlite_master WHERE"
	    " type = 'table' AND name = ?", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/* Whether the log's head has its seal (migration 0014): an older schema,
 * met only while upgrading, is left alone. */
static int
keyed_schema(struct store *st)
{
	sqlite3_stmt *s;
	int ok;

	if (store_on_pg(st))
		return ask(st, "SELECT count(*) FROM information_schema.columns WHERE"
		    " table_schema = current_schema() AND table_name = 'audit_head' AND"
		    " column_name IN ('seal', 'keyed')", NULL) == 2;
	ok = sqlite3_prepare_v2(store_db(st), "SELECT seal, keyed FROM main.audit_head", -1, &s,
	    NULL) == SQLITE_OK;
	sqlite3_finalize(s);
	return ok;
}

static int
make_trigger(struct store *st, const char *table, const char *entity, const char *action,
    struct kt_err *e)
{
	/* On the stack, not static: the screens' threads open their own
	 * connections at the same time. */
	char sql[16384];
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
	    " WHERE h.one = 1 LIMIT 1) WHERE b IS NOT a;"
	    " UPDATE audit_head SET hash = (SELECT hash FROM audit WHERE id = last_id + 1),"
	    " seal = kartu_audit_seal(last_id + 1, (SELECT hash FROM audit WHERE"
	    " id = last_id + 1)), last_id = last_id + 1 WHERE one = 1 AND EXISTS (SELECT 1 FROM audit"
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

/* PostgreSQL: the trigger kartu_audit (the migration's function
 * kartu_audit_pending, given the entity and the column of its entity id) on
 * each audited table, made once for the database, not for each connection;
 * again when a table has none (one added by a later migration). */
static int
pg_install(struct store *st, struct kt_err *e)
{
	char sql[512], key[64];
	struct store_stmt *s;
	long long tables = 0, triggers;
	size_t i;
	int rc;

	for (i = 0; i < nitems(audited); i++)
		tables += table_exists(st, audited[i].table);
	triggers = ask(st, "SELECT count(*) FROM pg_trigger WHERE tgname = 'kartu_audit'"
	    " AND NOT tgisinternal", NULL);
	if (triggers == tables)
		return 0;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	for (i = 0; i < nitems(audited); i++) {
		if (!table_exists(st, audited[i].table))
			continue;
		/* The entity id is the row's integer key, as SQLite's rowid
		 * (NULL for a table keyed by text). */
		key[0] = '\0';
		if ((rc = store_prepare(st, "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
		    " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid ="
		    " to_regclass(?1) AND i.indisprimary AND i.indnatts = 1 AND a.atttypid IN"
		    " ('integer'::regtype, 'bigint'::regtype)", &s, e)) != 0)
			goto fail;
		store_bind_text(s, 1, audited[i].table);
		if (store_step(s) == STORE_ROW)
			snprintf(key, sizeof key, "%s", store_col_text(s, 0));
		store_finalize(s);
		snprintf(sql, sizeof sql, "CREATE OR REPLACE TRIGGER kartu_audit AFTER INSERT OR"
		    " UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION kartu_audit_pending('%s',"
		    " '%s')", audited[i].table, audited[i].entity, key);
		if ((rc = store_exec(st, sql, e)) != 0)
			goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return rc;
}

int
audit_install(struct store *st, struct kt_err *e)
{
	static const char *const actions[] = { "insert", "update", "delete" };
	sqlite3 *db = store_db(st);
	size_t i, j;
	int rc, f = SQLITE_UTF8;

	if (!table_exists(st, "audit") || !keyed_schema(st))
		return 0;
	if (store_on_pg(st))
		return pg_install(st, e);
	if (sqlite3_create_function(db, "kartu_audit_hash", 9, f, st, fn_hash, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "kartu_audit_seal", 2, f, st, fn_seal, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "kartu_audit_digest", 1, f, st, fn_digest, NULL,
	    NULL) != SQLITE_OK ||
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

/* Walk the log from the start and check ids, links and (keyed) hashes; with
 * keyed 0, the hashes of a log written before the chain had a key.  *last
 * and prev get where it ends. */
static int
walk(struct store *st, int keyed, struct audit_result *r, long long *last, char *prev,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	crypto_generichash_state h;
	char hex[AUDIT_HASH_HEX];
	long long id, want = 1;
	int rc, i;

	prev[0] = '\0';
	if ((rc = store_prepare(st, "SELECT prev_hash, id, at, operator_id, entity, entity_id,"
	    " action, before, after, hash FROM audit ORDER BY id", &s, e)) != 0)
		return rc;
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
		if (!keyed)
			crypto_generichash_init(&h, NULL, 0, 32);
		else if (hash_init(st, &h, "kartu audit chain v1", 32) != 0) {
			rc = store_subkey(st, "", (unsigned char *)hex, 32, e);
			break;
		}
		for (i = 0; i < 9; i++)
			hash_field(&h, store_col_text(s, i), store_col_null(s, i));
		hash_finish(&h, hex);
		if (store_col_null(s, 9) || strcmp(store_col_text(s, 9), hex) != 0) {
			rc = bad(r, id, e, _("changed after it was written"));
			break;
		}
		memcpy(prev, hex, AUDIT_HASH_HEX);
		want++;
	}
	store_finalize(s);
	*last = want - 1;
	return rc;
}

/* The head: last id, hash, seal and whether the chain is keyed. */
static int
head(struct store *st, long long *id, char *hash, char *sealed, int *keyed,
    struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	*id = -1;
	if ((rc = store_prepare(st, "SELECT last_id, hash, seal, keyed FROM audit_head"
	    " WHERE one = 1", &s, e)) != 0)
		return rc;
	if (store_step(s) == STORE_ROW) {
		*id = store_col_int(s, 0);
		snprintf(hash, AUDIT_HASH_HEX, "%s", store_col_text(s, 1));
		snprintf(sealed, AUDIT_HASH_HEX, "%s", store_col_null(s, 2) ? "" :
		    store_col_text(s, 2));
		*keyed = store_col_int(s, 3);
	}
	store_finalize(s);
	return 0;
}

static int
verify(struct store *st, struct audit_result *r, struct kt_err *e)
{
	char prev[AUDIT_HASH_HEX], head_hash[AUDIT_HASH_HEX], head_seal[AUDIT_HASH_HEX];
	char want[AUDIT_HASH_HEX];
	long long last, head_id;
	int rc, keyed = 0;

	memset(r, 0, sizeof *r);
	if ((rc = head(st, &head_id, head_hash, head_seal, &keyed, e)) != 0)
		return rc;
	if (head_id < 0)
		return bad(r, 0, e, _("the head of the log is missing"));
	if (!store_has_key(st))
		return store_subkey(st, "", (unsigned char *)want, 32, e);
	if (!keyed)
		return bad(r, 0, e, _("the log was never sealed with the register key"));
	if ((rc = walk(st, 1, r, &last, prev, e)) != 0)
		return rc;
	if (last != head_id || strcmp(prev, head_hash) != 0)
		return bad(r, last < head_id ? last + 1 : head_id, e,
		    last < head_id ? _("entries at the end are missing (deleted)") :
		    _("the log does not end where its head says"));
	if (seal(st, head_id, head_hash, want) != 0 || sodium_memcmp(want, head_seal,
	    AUDIT_HASH_HEX) != 0)
		return bad(r, head_id, e, _("the head of the log was not written by kartu"
		    " (its seal does not hold)"));
	return 0;
}

/* The head and the walk in one snapshot: a desk committing between them
 * would otherwise look like entries past the head. */
int
audit_verify(struct store *st, struct audit_result *r, struct kt_err *e)
{
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = store_begin_read(st, e)) != 0)
		return rc;
	rc = verify(st, r, e);
	store_end_read(st);
	return rc;
}

/* Append an event (action 'event') to the log, as a trigger would. */
int
audit_event(struct store *st, const char *entity, long long entity_id, const char *json,
    struct kt_err *e)
{
	int rc;

	/* PostgreSQL: in the order of the changes, made an entry at commit. */
	if (store_on_pg(st))
		return store_run(st, e, "INSERT INTO kartu_audit_pending (entity, action,"
		    " entity_id, payload) VALUES (?1, 'event', ?2, ?3)", "tit", entity,
		    entity_id, json);
	if ((rc = store_run(st, e, "INSERT INTO audit (id, at, operator_id, entity, entity_id,"
	    " action, before, after, prev_hash, hash) SELECT n, at, op, ?1, eid, 'event', NULL,"
	    " a, p, kartu_audit_hash(p, n, at, op, ?1, eid, 'event', NULL, a) FROM (SELECT"
	    " h.last_id + 1 AS n, kartu_audit_now() AS at, kartu_audit_actor() AS op,"
	    " h.hash AS p, ?2 AS eid, ?3 AS a FROM audit_head h WHERE h.one = 1)", "tit",
	    entity, entity_id, json)) != 0)
		return rc;
	return store_run(st, e, "UPDATE audit_head SET hash = (SELECT hash FROM audit WHERE"
	    " id = last_id + 1), seal = kartu_audit_seal(last_id + 1, (SELECT hash FROM audit"
	    " WHERE id = last_id + 1)), last_id = last_id + 1 WHERE one = 1", "");
}

int
audit_seal_chain(struct store *st, struct kt_err *e)
{
	struct audit_result r;
	struct store_stmt *s = NULL;
	crypto_generichash_state h;
	char prev[AUDIT_HASH_HEX] = "", hex[AUDIT_HASH_HEX], head_hash[AUDIT_HASH_HEX];
	char head_seal[AUDIT_HASH_HEX], json[300], sealed[AUDIT_HASH_HEX];
	long long last, head_id, n = 0, last_id = 0;
	int rc, keyed = 0, i;
	struct kt_err we = { 0 };

	if (!table_exists(st, "audit") || !keyed_schema(st) ||
	    head(st, &head_id, head_hash, head_seal, &keyed, e) != 0)
		return 0;
	if (keyed || head_id < 0)
		return 0;
	/* What the unkeyed log was, said in the first keyed entry. */
	memset(&r, 0, sizeof r);
	if (walk(st, 0, &r, &last, prev, &we) == 0 && (last != head_id ||
	    strcmp(prev, head_hash) != 0))
		bad(&r, last < head_id ? last + 1 : head_id, &we, _("its end was cut"));
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT prev_hash, id, at, operator_id, entity, entity_id,"
	    " action, before, after FROM audit ORDER BY id", &s, e)) != 0)
		goto out;
	prev[0] = '\0';
	while (store_step(s) == STORE_ROW) {
		if (hash_init(st, &h, "kartu audit chain v1", 32) != 0) {
			rc = store_subkey(st, "", (unsigned char *)hex, 32, e);
			goto out;
		}
		hash_field(&h, prev, 0);
		for (i = 1; i < 9; i++)
			hash_field(&h, store_col_text(s, i), store_col_null(s, i));
		hash_finish(&h, hex);
		if ((rc = store_run(st, e, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
		    "tti", prev, hex, store_col_int(s, 1))) != 0)
			goto out;
		memcpy(prev, hex, sizeof prev);
		last_id = store_col_int(s, 1);
		n++;
	}
	store_finalize(s);
	s = NULL;
	/* The seal made here rather than by SQL: the same on both engines. */
	if (seal(st, last_id, prev, sealed) != 0) {
		rc = store_subkey(st, "", (unsigned char *)hex, 32, e);
		goto out;
	}
	if ((rc = store_run(st, e, "UPDATE audit_head SET last_id = ?, hash = ?, keyed = 1,"
	    " seal = ? WHERE one = 1", "itt", last_id, prev, sealed)) != 0)
		goto out;
	if (n > 0) {
		if (r.bad_id == 0)
			snprintf(json, sizeof json, "{\"entries\":%lld,\"before\":\"whole\"}", n);
		else
			snprintf(json, sizeof json, "{\"entries\":%lld,\"before\":\"broken at"
			    " entry %lld\"}", n, r.bad_id);
		if ((rc = audit_event(st, "audit-sealed", 0, json, e)) != 0)
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
audit_list(struct store *st, const char *entity, long long entity_id, int limit,
    int (*cb)(const struct audit_entry *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct audit_entry a;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT * FROM (SELECT a.id, a.at, o.name, a.entity,"
	    " a.entity_id, a.action, a.before, a.after FROM audit a LEFT JOIN operators o"
	    " ON o.id = a.operator_id WHERE (?1 IS NULL OR a.entity = ?1) AND (?2 = 0 OR"
	    " a.entity_id = ?2) ORDER BY a.id DESC LIMIT ?3) AS last ORDER BY id", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, entity);
	store_bind_int(s, 2, entity_id);
	/* No limit: the largest, as PostgreSQL takes no negative LIMIT. */
	store_bind_int(s, 3, limit > 0 ? limit : 9223372036854775807LL);
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

/* An insert waiting for its entry. */
struct batch_row {
	long long rowid, op;
	char at[32];
	int table;
};

#define BATCH_ROWS 512

struct audit_batch {
	struct store *st;
	unsigned char key[32];		/* the chain's, derived once */
	sqlite3_stmt *json[2];		/* SELECT json_object(...) FROM ... AS NEW */
	sqlite3_stmt *ins;		/* INSERT INTO audit */
	struct batch_row v[BATCH_ROWS];
	int n;
	char *buf;			/* what one entry's hash is taken over */
	size_t size;
};

static const struct {
	const char *table, *entity;
} batched[] = {
	[AUDIT_MEMBER] = { "members", "member" },
	[AUDIT_CARD] = { "cards", "card" },
};

int
audit_batch_begin(struct store *st, struct audit_batch **out, struct kt_err *e)
{
	struct audit_batch *b;
	char sql[128], q[6144 + 128];
	size_t i;
	int rc;

	*out = NULL;
	/* PostgreSQL: the triggers stay, and write the entries at commit. */
	if (store_on_pg(st) || !table_exists(st, "audit") || !keyed_schema(st) ||
	    !store_has_key(st))
		return 0;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	b->st = st;
	if ((rc = store_subkey(st, "kartu audit chain v1", b->key, sizeof b->key, e)) != 0)
		goto fail;
	for (i = 0; i < nitems(batched); i++) {
		snprintf(sql, sizeof sql, "DROP TRIGGER IF EXISTS temp.kartu_audit_%s_insert",
		    batched[i].table);
		if (sqlite3_exec(store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = store_dberror(st, e);
			goto fail;
		}
	}
	/* The trigger's own expression of the row, over the row read back. */
	for (i = 0; i < nitems(batched); i++) {
		strcpy(q, "SELECT ");
		if ((rc = row_json(st, batched[i].table, "NEW", q, 6144, e)) != 0)
			goto fail;
		snprintf(q + strlen(q), 128, " FROM main.%s AS NEW WHERE NEW.rowid = ?1",
		    batched[i].table);
		if (sqlite3_prepare_v2(store_db(st), q, -1, &b->json[i], NULL) != SQLITE_OK) {
			rc = store_dberror(st, e);
			goto fail;
		}
	}
	if (sqlite3_prepare_v2(store_db(st), "INSERT INTO audit (id, at, operator_id, entity,"
	    " entity_id, action, before, after, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " 'insert', NULL, ?6, ?7, ?8)", -1, &b->ins, NULL) != SQLITE_OK) {
		rc = store_dberror(st, e);
		goto fail;
	}
	*out = b;
	return 0;
fail:
	audit_batch_end(b, NULL);
	return rc;
}

int
audit_batch_add(struct audit_batch *b, int table, long long rowid, struct kt_err *e)
{
	struct batch_row *r;
	int rc;

	if (b->n == BATCH_ROWS && (rc = audit_batch_flush(b, e)) != 0)
		return rc;
	r = &b->v[b->n++];
	r->table = table;
	r->rowid = rowid;
	r->op = store_actor(b->st);
	store_timestamp(b->st, r->at, sizeof r->at);
	return 0;
}

/* v in decimal at p (no NUL); its length.  snprintf costs more than the
 * rest of an entry's hash. */
static size_t
digits(char *p, unsigned long long v)
{
	char t[24];
	size_t n = 0, i;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

/* Append a field to b->buf as hash_field feeds it to the hash. */
static int
buf_field(struct audit_batch *b, size_t *n, const char *text, int isnull)
{
	size_t len = isnull ? 0 : strlen(text), need = *n + len + 24;
	char *p;

	if (need > b->size) {
		if ((p = realloc(b->buf, 2 * need)) == NULL)
			return -1;
		b->buf = p;
		b->size = 2 * need;
	}
	if (isnull) {
		memcpy(b->buf + *n, "N;", 2);
		*n += 2;
		return 0;
	}
	*n += digits(b->buf + *n, (unsigned long long)len);
	b->buf[(*n)++] = ':';
	memcpy(b->buf + *n, text, len);
	*n += len;
	b->buf[(*n)++] = ';';
	return 0;
}

static int
buf_int(struct audit_batch *b, size_t *n, long long v, int isnull)
{
	char num[24];
	size_t k = 0;

	if (v < 0)
		num[k++] = '-';
	k += digits(num + k, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	num[k] = '\0';
	return buf_field(b, n, num, isnull);
}

int
audit_batch_flush(struct audit_batch *b, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	sqlite3_stmt *js, *ins;
	crypto_generichash_state h;
	char prev[AUDIT_HASH_HEX], hex[AUDIT_HASH_HEX], sealed[AUDIT_HASH_HEX];
	long long id = -1;
	const char *after;
	size_t n;
	int rc = 0, i;

	if (b == NULL || b->n == 0)
		return 0;
	if ((rc = store_prepare(b->st, "SELECT last_id, hash FROM audit_head WHERE one = 1", &s,
	    e)) != 0)
		return rc;
	if (store_step(s) == STORE_ROW) {
		id = store_col_int(s, 0);
		snprintf(prev, sizeof prev, "%s", store_col_text(s, 1));
	}
	store_finalize(s);
	if (id < 0)
		return kt_error(e, KT_EFAIL, _("the head of the log is missing"));
	ins = b->ins;
	for (i = 0; i < b->n; i++) {
		const struct batch_row *r = &b->v[i];

		js = b->json[r->table];
		sqlite3_bind_int64(js, 1, r->rowid);
		if (sqlite3_step(js) != SQLITE_ROW ||
		    (after = (const char *)sqlite3_column_text(js, 0)) == NULL) {
			sqlite3_reset(js);
			return kt_error(e, KT_EFAIL, "audit: %s %lld is missing",
			    batched[r->table].table, r->rowid);
		}
		id++;
		/* As kartu_audit_hash(p, n, at, op, entity, eid, action, b, a). */
		n = 0;
		if (buf_field(b, &n, prev, 0) != 0 || buf_int(b, &n, id, 0) != 0 ||
		    buf_field(b, &n, r->at, 0) != 0 || buf_int(b, &n, r->op, r->op <= 0) != 0 ||
		    buf_field(b, &n, batched[r->table].entity, 0) != 0 ||
		    buf_int(b, &n, r->rowid, 0) != 0 || buf_field(b, &n, "insert", 0) != 0 ||
		    buf_field(b, &n, NULL, 1) != 0 || buf_field(b, &n, after, 0) != 0) {
			sqlite3_reset(js);
			return kt_error(e, KT_EFAIL, "out of memory");
		}
		crypto_generichash_init(&h, b->key, sizeof b->key, 32);
		crypto_generichash_update(&h, (const unsigned char *)b->buf, n);
		hash_finish(&h, hex);
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, r->at, -1, SQLITE_STATIC);
		if (r->op > 0)
			sqlite3_bind_int64(ins, 3, r->op);
		else
			sqlite3_bind_null(ins, 3);
		sqlite3_bind_text(ins, 4, batched[r->table].entity, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 5, r->rowid);
		sqlite3_bind_text(ins, 6, after, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, prev, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, hex, -1, SQLITE_STATIC);
		rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : store_dberror(b->st, e);
		sqlite3_reset(ins);
		sqlite3_reset(js);
		if (rc != 0)
			return rc;
		memcpy(prev, hex, sizeof prev);
	}
	if (seal(b->st, id, prev, sealed) != 0)
		return store_subkey(b->st, "", (unsigned char *)hex, 32, e);
	rc = store_run(b->st, e, "UPDATE audit_head SET last_id = ?1, hash = ?2, seal = ?3 WHERE"
	    " one = 1", "itt", id, prev, sealed);
	b->n = 0;
	return rc;
}

int
audit_batch_end(struct audit_batch *b, struct kt_err *e)
{
	size_t i;
	int rc = 0, r;

	if (b == NULL)
		return 0;
	/* Dropped in the transaction: back already after a ROLLBACK. */
	for (i = 0; i < nitems(batched); i++)
		if ((r = make_trigger(b->st, batched[i].table, batched[i].entity, "insert",
		    e)) != 0 && rc == 0)
			rc = r;
	for (i = 0; i < nitems(batched); i++)
		sqlite3_finalize(b->json[i]);
	sqlite3_finalize(b->ins);
	free(b->buf);
	sodium_memzero(b->key, sizeof b->key);
	free(b);
	return rc;
}

/* A growing string, for the JSON of a row. */
struct sbuf {
	char *p;
	size_t n, size;
	int failed;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *p;

	if (b->failed)
		return;
	if (b->n + n + 1 > b->size) {
		if ((p = realloc(b->p, 2 * (b->n + n + 1))) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->size = 2 * (b->n + n + 1);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* s as a JSON string, escaped as SQLite's json_object escapes it: \" \\,
 * \b \t \n \f \r, other control characters as \u00xx, the rest as it is. */
static void
sb_json(struct sbuf *b, const char *s)
{
	char esc[8];
	const char *run = s;

	sb_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		sb_add(b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r')
			snprintf(esc, sizeof esc, "\\%c", c == '\b' ? 'b' : c == '\t' ? 't' :
			    c == '\n' ? 'n' : c == '\f' ? 'f' : 'r');
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		sb_str(b, esc);
	}
	sb_add(b, run, (size_t)(s - run));
	sb_add(b, "\"", 1);
}

/* One pending change being made an entry. */
struct pending {
	long long id, op, eid;
	int has_op, has_eid, event;
	char at[32], entity[48], action[12], table[64];
	struct sbuf doc[2];	/* before, after: JSON, or NULL (p NULL) */
	int isnull[2], pepper[2];
	char *payload;
};

/* Append the column key (value v of JSON type type) of doc which. */
static int
pending_col(struct store *st, struct pending *p, int which, const char *key, const char *v,
    const char *type, int is_blob, struct kt_err *e)
{
	struct sbuf *b = &p->doc[which];
	char out[64];
	enum col_kind k = col_kind(p->table, key, is_blob);

	if (strcmp(p->table, "settings") == 0 && strcmp(key, "key") == 0)
		p->pepper[which] = v != NULL && strcmp(v, "pepper") == 0;
	if (k == COL_SKIP)
		return 0;
	sb_str(b, b->n > 1 ? "," : "");
	sb_json(b, key);
	sb_str(b, ":");
	if (v == NULL || strcmp(type, "null") == 0) {
		sb_str(b, "null");
		return 0;
	}
	if (k == COL_DIGEST || (k == COL_PEPPER && p->pepper[which])) {
		if (digest_hex(st, (const unsigned char *)v, strlen(v), out) != 0)
			return store_subkey(st, "", (unsigned char *)out, 32, e);
		sb_json(b, out);
	} else if (k == COL_MASK) {
		if (strlen(v) >= sizeof out)
			sb_str(b, "null");
		else {
			valid_mask(v, out, sizeof out);
			sb_json(b, out);
		}
	} else if (strcmp(type, "string") == 0)
		sb_json(b, v);
	else
		sb_str(b, v);	/* a number as the server writes it */
	return 0;
}

/* The entries of one flush, written AUDIT_ROWS at a time by one INSERT: an
 * import makes two entries a member, and a round trip for each was a third of
 * its time on PostgreSQL.  Fewer at the end (a desk's change makes one to
 * three) are written one INSERT each.  AUDIT_ROWS * 10 parameters must fit
 * the PostgreSQL store's limit (PG_MAXPARAM, 128). */
#define AUDIT_ROWS 12
#define AUDIT_COLS 10
struct audit_rows {
	char *v[AUDIT_ROWS][AUDIT_COLS];	/* id, at, operator_id, entity,
						 * entity_id, action, before, after,
						 * prev_hash, hash; NULL: NULL */
	int n;
	int failed;		/* out of memory */
};

static void
rows_clear(struct audit_rows *w)
{
	int i, j;

	for (i = 0; i < w->n; i++)
		for (j = 0; j < AUDIT_COLS; j++)
			free(w->v[i][j]);
	w->n = 0;
}

static int
rows_flush(struct store *st, struct audit_rows *w, struct kt_err *e)
{
	static const char head[] = "INSERT INTO audit (id, at, operator_id, entity, entity_id,"
	    " action, before, after, prev_hash, hash) VALUES ";
	char sql[sizeof head + AUDIT_ROWS * AUDIT_COLS * 6 + AUDIT_ROWS * 4];
	struct store_stmt *s;
	size_t n;
	int i, j, rc = 0;
	char **v;

	if (w->failed) {
		rows_clear(w);
		return kt_error(e, KT_EFAIL, "out of memory");
	}
	if (w->n == AUDIT_ROWS) {
		n = (size_t)snprintf(sql, sizeof sql, "%s", head);
		for (i = 0; i < AUDIT_ROWS; i++)
			for (j = 0; j < AUDIT_COLS; j++)
				n += (size_t)snprintf(sql + n, sizeof sql - n, "%s?%d%s",
				    j == 0 ? (i == 0 ? "(" : ", (") : ", ", i * AUDIT_COLS + j + 1,
				    j == AUDIT_COLS - 1 ? ")" : "");
		if ((rc = store_prepare(st, sql, &s, e)) == 0) {
			for (i = 0; i < AUDIT_ROWS; i++)
				for (j = 0; j < AUDIT_COLS; j++)
					store_bind_text(s, i * AUDIT_COLS + j + 1, w->v[i][j]);
			if (store_step(s) != STORE_DONE)
				rc = store_dberror(st, e);
			store_finalize(s);
		}
	} else
		for (i = 0; i < w->n && rc == 0; i++) {
			v = w->v[i];
			rc = store_run(st, e, "INSERT INTO audit (id, at, operator_id, entity,"
			    " entity_id, action, before, after, prev_hash, hash) VALUES (?1, ?2,"
			    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", "tttttttttt", v[0], v[1], v[2],
			    v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
		}
	rows_clear(w);
	return rc;
}

/* Make p the entry after *last (prev its hash; both updated), into w,
 * written when w is full. */
static int
pending_write(struct store *st, struct pending *p, struct audit_rows *w, long long *last,
    char *prev, struct kt_err *e)
{
	crypto_generichash_state h;
	char id[24], op[24], eid[24], hex[AUDIT_HASH_HEX];
	const char *before, *after;
	int i;

	for (i = 0; i < 2; i++)
		if (!p->isnull[i])
			sb_str(&p->doc[i], "}");
	before = p->isnull[0] ? NULL : p->doc[0].p;
	after = p->event ? p->payload : p->isnull[1] ? NULL : p->doc[1].p;
	if (p->doc[0].failed || p->doc[1].failed)
		return kt_error(e, KT_EFAIL, "out of memory");
	/* As the SQLite trigger: a change that changed nothing the log shows
	 * is no entry. */
	if (!p->event && (before == NULL) == (after == NULL) &&
	    (before == NULL || strcmp(before, after) == 0))
		return 0;
	if (hash_init(st, &h, "kartu audit chain v1", 32) != 0)
		return store_subkey(st, "", (unsigned char *)hex, 32, e);
	snprintf(id, sizeof id, "%lld", *last + 1);
	snprintf(op, sizeof op, "%lld", p->op);
	snprintf(eid, sizeof eid, "%lld", p->eid);
	hash_field(&h, prev, 0);
	hash_field(&h, id, 0);
	hash_field(&h, p->at, 0);
	hash_field(&h, op, !p->has_op);
	hash_field(&h, p->entity, 0);
	hash_field(&h, eid, !p->has_eid);
	hash_field(&h, p->action, 0);
	hash_field(&h, before, before == NULL);
	hash_field(&h, after, after == NULL);
	hash_finish(&h, hex);
	{
		const char *col[AUDIT_COLS] = { id, p->at, p->has_op ? op : NULL, p->entity,
		    p->has_eid ? eid : NULL, p->action, before, after, prev, hex };

		for (i = 0; i < AUDIT_COLS; i++)
			if ((w->v[w->n][i] = col[i] != NULL ? strdup(col[i]) : NULL) == NULL &&
			    col[i] != NULL)
				w->failed = 1;
		w->n++;
	}
	(*last)++;
	memcpy(prev, hex, AUDIT_HASH_HEX);
	/* The stations listening hear of it at the commit (store.h, notes). */
	store_pg_note(st, p->entity, p->has_eid ? p->eid : 0, p->action);
	return w->n == AUDIT_ROWS || w->failed ? rows_flush(st, w, e) : 0;
}

static void
pending_clear(struct pending *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(p->doc[i].p);
		memset(&p->doc[i], 0, sizeof p->doc[i]);
		p->isnull[i] = 1;
		p->pepper[i] = 0;
	}
	free(p->payload);
	p->payload = NULL;
}

/* How many pending changes are read at once: the result of one read holds a
 * row for each of their columns (an import's transaction has a pending
 * change for each row it writes). */
#define PENDING_CHUNK 256

int
audit_pg_flush(struct store *st, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct pending p;
	struct audit_rows w = { .n = 0 };
	char prev[AUDIT_HASH_HEX], sealed[AUDIT_HASH_HEX], now[32];
	long long last = -1, first = -1, max_id = 0, after;
	int rc = 0, have = 0, got, step;

	memset(&p, 0, sizeof p);
	pending_clear(&p);
	store_timestamp(st, now, sizeof now);
	do {
		after = max_id;
		got = 0;
		/* The changes of this transaction after the last one read, a
		 * chunk at a time, each document split into its columns by the
		 * server, in the order of the changes and of the table's columns.
		 * Only this transaction's rows (their xmin is its id): a row
		 * another client put there (psql, which may write any JSON and
		 * any operator) is never chained and signed with the key, and
		 * stays there to be seen.  The chunk's rows are read first, in
		 * a MATERIALIZED CTE, and only theirs are split: the cached
		 * statement's generic plan, made when the table's statistics
		 * say it is empty, otherwise walked every pending row for each
		 * row of the chunk (5 s a chunk with 20 000 pending: kartu
		 * import of 10 000 rows wrote 27 a second on PostgreSQL). */
		if ((rc = store_prepare(st, "WITH p AS MATERIALIZED (SELECT id, at, operator_id,"
		    " tbl, entity, action, entity_id, payload, before, after FROM"
		    " kartu_audit_pending WHERE xmin = pg_current_xact_id()::xid AND id > ?1"
		    " ORDER BY id LIMIT ?2) SELECT p.id, p.at, p.operator_id, p.tbl, p.entity,"
		    " p.action, p.entity_id, p.payload, w.which, w.doc IS NULL, j.key,"
		    " j.value #>> '{}', json_typeof(j.value), coalesce(a.atttypid ="
		    " 'bytea'::regtype, false) FROM p CROSS JOIN LATERAL"
		    " (VALUES (0, p.before), (1, p.after)) AS w (which, doc) LEFT JOIN LATERAL"
		    " json_each(w.doc) WITH ORDINALITY AS j (key, value, ord) ON true LEFT JOIN"
		    " pg_attribute a ON a.attrelid = to_regclass(p.tbl) AND a.attname = j.key"
		    " ORDER BY p.id, w.which, j.ord", &s, e)) != 0)
			goto out;
		store_bind_int(s, 1, after);
		store_bind_int(s, 2, PENDING_CHUNK);
		while ((step = store_step(s)) == STORE_ROW) {
			long long id = store_col_int(s, 0);
			int which = (int)store_col_int(s, 8);

			got = 1;
			if (last < 0) {
				struct store_stmt *h;

				if ((rc = store_prepare(st, "SELECT last_id, hash FROM audit_head"
				    " WHERE one = 1", &h, e)) != 0)
					goto out;
				if (store_step(h) == STORE_ROW) {
					last = store_col_int(h, 0);
					snprintf(prev, sizeof prev, "%s", store_col_text(h, 1));
				}
				store_finalize(h);
				if (last < 0) {
					rc = kt_error(e, KT_EFAIL,
					    _("the head of the log is missing"));
					goto out;
				}
				first = last;
			}
			if (!have || id != p.id) {
				if (have && (rc = pending_write(st, &p, &w, &last, prev, e)) != 0)
					goto out;
				pending_clear(&p);
				have = 1;
				p.id = id;
				max_id = id;
				snprintf(p.at, sizeof p.at, "%s", store_col_null(s, 1) ? now :
				    store_col_text(s, 1));
				p.has_op = !store_col_null(s, 2);
				p.op = store_col_int(s, 2);
				snprintf(p.table, sizeof p.table, "%s", store_col_null(s, 3) ? "" :
				    store_col_text(s, 3));
				snprintf(p.entity, sizeof p.entity, "%s", store_col_text(s, 4));
				snprintf(p.action, sizeof p.action, "%s", store_col_text(s, 5));
				p.has_eid = !store_col_null(s, 6);
				p.eid = store_col_int(s, 6);
				p.event = strcmp(p.action, "event") == 0;
				if (!store_col_null(s, 7) && (p.payload =
				    strdup(store_col_text(s, 7))) == NULL) {
					rc = kt_error(e, KT_EFAIL, "out of memory");
					goto out;
				}
			}
			if (which < 0 || which > 1 || store_col_int(s, 9))
				continue;	/* no row before (an insert) or after */
			if (p.isnull[which]) {
				p.isnull[which] = 0;
				sb_str(&p.doc[which], "{");
			}
			if (!store_col_null(s, 10) && (rc = pending_col(st, &p, which,
			    store_col_text(s, 10), store_col_text(s, 11), store_col_text(s, 12),
			    (int)store_col_int(s, 13), e)) != 0)
				goto out;
		}
		if (step != STORE_DONE) {
			rc = store_dberror(st, e);
			goto out;
		}
		store_finalize(s);
		s = NULL;
		/* A chunk ends with a whole change. */
		if (have && (rc = pending_write(st, &p, &w, &last, prev, e)) != 0)
			goto out;
		pending_clear(&p);
		have = 0;
	} while (got);
	if ((rc = rows_flush(st, &w, e)) != 0)
		goto out;
	if (last != first) {
		if (seal(st, last, prev, sealed) != 0) {
			rc = store_subkey(st, "", (unsigned char *)sealed, 32, e);
			goto out;
		}
		if ((rc = store_run(st, e, "UPDATE audit_head SET last_id = ?1, hash = ?2,"
		    " seal = ?3 WHERE one = 1", "itt", last, prev, sealed)) != 0)
			goto out;
	}
	if (max_id > 0)
		rc = store_run(st, e, "DELETE FROM kartu_audit_pending WHERE id <= ?1 AND xmin ="
		    " pg_current_xact_id()::xid", "i", max_id);
out:
	store_finalize(s);
	pending_clear(&p);
	rows_clear(&w);
	return rc;
}
