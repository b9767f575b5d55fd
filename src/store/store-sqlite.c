/*
 * store-sqlite.c - the SQLite backend of the store (store.h): the connection,
 * statements and their cache, transactions, bulk transactions, migrations.
 * store.c hands each call to the sqs_* function here, or to store-pg.c's
 * pgs_* for a PostgreSQL database; what both engines share (settings, keys,
 * the clock, store_run, store_each) is written once there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "name.h"
#include "store-int.h"
#include "store-sqlite.h"
#include "wib.h"

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

int
sqs_dberror(struct store *st, struct kt_err *e)
{
	int rc = sqlite3_extended_errcode(st->db);

	if (rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY)
		return kt_error(e, KT_EFAIL,
		    _("the database is busy (another station holds it): %s"),
		    sqlite3_errmsg(st->db));
	return kt_error(e, KT_EFAIL, _("database error: %s"), sqlite3_errmsg(st->db));
}

int
sqs_exec(struct store *st, const char *sql, struct kt_err *e)
{
	char *msg = NULL;

	st->step_now = time(NULL);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kt_error(e, KT_EFAIL, _("database error: %s"), msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return KT_EFAIL;
	}
	return 0;
}

static unsigned int
sql_hash(const char *sql)
{
	unsigned int h = 2166136261u;	/* FNV-1a */

	for (; *sql != '\0'; sql++)
		h = (h ^ (unsigned char)*sql) * 16777619u;
	return h;
}

/* A free slot of the cache: an empty one, else an idle one whose statement
 * is finalized to make room; NULL when every one is handed out. */
static struct store_stmt *
cache_slot(struct store *st)
{
	struct store_stmt *c;
	int i;

	if (st->ncache < STMT_CACHE)
		return &st->cache[st->ncache++];
	for (i = 0; i < STMT_CACHE; i++) {
		c = &st->cache[st->evict];
		st->evict = (st->evict + 1) % STMT_CACHE;
		if (!c->busy) {
			sqlite3_finalize(c->q);
			c->q = NULL;
			return c;
		}
	}
	return NULL;
}

int
sqs_prepare(struct store *st, const char *sql, struct store_stmt **s, struct kt_err *e)
{
	struct store_stmt *n;
	unsigned int h = sql_hash(sql);
	int i;

	*s = NULL;
	for (i = 0; i < st->ncache; i++) {
		n = &st->cache[i];
		if (!n->busy && n->q != NULL && n->hash == h &&
		    strcmp(sqlite3_sql(n->q), sql) == 0) {
			n->busy = 1;
			*s = n;
			return 0;
		}
	}
	if ((n = cache_slot(st)) != NULL) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &n->q,
		    NULL) != SQLITE_OK) {
			sqlite3_finalize(n->q);
			n->q = NULL;
			return store_dberror(st, e);
		}
		n->st = st;
		n->hash = h;
		n->cached = n->busy = 1;
		*s = n;
		return 0;
	}
	if ((n = calloc(1, sizeof *n)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	n->st = st;
	if (sqlite3_prepare_v2(st->db, sql, -1, &n->q, NULL) != SQLITE_OK) {
		free(n);
		return store_dberror(st, e);
	}
	*s = n;
	return 0;
}

void
sqs_bind_text(struct store_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s->q, i);
	else
		sqlite3_bind_text(s->q, i, v, -1, SQLITE_TRANSIENT);
}

void
sqs_bind_int(struct store_stmt *s, int i, long long v)
{
	sqlite3_bind_int64(s->q, i, v);
}

void
sqs_bind_blob(struct store_stmt *s, int i, const void *v, size_t n)
{
	sqlite3_bind_blob64(s->q, i, v, n, SQLITE_TRANSIENT);
}

void
sqs_bind_null(struct store_stmt *s, int i)
{
	sqlite3_bind_null(s->q, i);
}

int
sqs_step(struct store_stmt *s)
{
	int rc = sqlite3_step(s->q);

	return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : rc;
}

const char *
sqs_col_text(struct store_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->q, i);
}

long long
sqs_col_int(struct store_stmt *s, int i)
{
	return sqlite3_column_int64(s->q, i);
}

int
sqs_col_null(struct store_stmt *s, int i)
{
	return sqlite3_column_type(s->q, i) == SQLITE_NULL;
}

const void *
sqs_col_blob(struct store_stmt *s, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(s->q, i);

	*n = (size_t)sqlite3_column_bytes(s->q, i);
	return p;
}

void
sqs_reset(struct store_stmt *s)
{
	sqlite3_reset(s->q);
}

void
sqs_finalize(struct store_stmt *s)
{
	if (s == NULL)
		return;
	if (s->cached) {
		/* Kept for the next store_prepare of the same SQL: reset (its
		 * read of the database ends) and its parameters NULL again. */
		sqlite3_reset(s->q);
		sqlite3_clear_bindings(s->q);
		s->busy = 0;
		return;
	}
	sqlite3_finalize(s->q);
	free(s);
}

long long
sqs_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

long long
sqs_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

int
sqs_conflict(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT;
}

int
sqs_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void indexes_forget(struct store *st);

/* The end of a bulk transaction: the default page cache again. */
void
sqs_end_bulk(struct store *st)
{
	free(st->names_trigger);
	st->names_trigger = NULL;
	indexes_forget(st);
	sqlite3_exec(st->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
}

int
sqs_begin(struct store *st, struct kt_err *e)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	return 0;
}

static int names_catch_up(struct store *st, struct kt_err *e);
static int indexes_catch_up(struct store *st, struct kt_err *e);

/* COMMIT, the members' search index and the deferred indexes caught up
 * first in a bulk transaction; on failure the transaction is rolled back. */
int
sqs_commit(struct store *st, struct kt_err *e)
{
	if (st->bulk && ((st->names_trigger != NULL && names_catch_up(st, e) != 0) ||
	    (st->ndeferred > 0 && indexes_catch_up(st, e) != 0))) {
		store_rollback(st);
		return KT_EFAIL;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = store_dberror(st, e);

		store_rollback(st);
		return rc;
	}
	return 0;
}

void
sqs_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The page cache of a bulk transaction: a million members with their cards
 * and audit entries touch about 2 GiB of pages; what does not fit is spilled
 * to the WAL and read back.  SQLite takes the memory only as pages are used. */
#define BULK_CACHE_KIB 262144

/* The member search's index (member_names, FTS5, migration 0017) of a bulk
 * transaction: its trigger is dropped at store_bulk and the members added
 * since are indexed in one statement before COMMIT, the trigger made again
 * from its own SQL.  Indexed row by row, each statement that follows makes
 * FTS5 write out what it holds (its savepoint): about a tenth of an import's
 * time.  Nobody sees the difference: the drop, the rows and the catch-up are
 * one transaction, and rolled back together; nothing in a bulk transaction
 * searches by name or changes a member's name (the update and delete
 * triggers, which would need the index in step, stay). */
static int
names_defer(struct store *st, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT sql FROM main.sqlite_master WHERE"
	    " type = 'trigger' AND name = 'member_names_insert'), (SELECT coalesce(max(id), 0)"
	    " FROM members)", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		if ((st->names_trigger = strdup((const char *)sqlite3_column_text(s, 0))) == NULL)
			rc = kt_error(e, KT_EFAIL, "%s", strerror(errno));
		st->names_from = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc == 0 && st->names_trigger != NULL &&
	    sqs_exec(st, "DROP TRIGGER main.member_names_insert", e) != 0) {
		free(st->names_trigger);
		st->names_trigger = NULL;
		rc = KT_EFAIL;
	}
	return rc;
}

static int
names_catch_up(struct store *st, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc, back = 0;

	/* The drop may have been undone since, with the savepoint it was made in
	 * (an import's first row, rolled back): the trigger then indexed every
	 * row that stayed, and there is nothing to catch up. */
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM main.sqlite_master WHERE type = 'trigger'"
	    " AND name = 'member_names_insert'", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	back = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	if (back) {
		free(st->names_trigger);
		st->names_trigger = NULL;
		return 0;
	}
	if (sqlite3_prepare_v2(st->db, "INSERT INTO member_names (rowid, name_key) SELECT id,"
	    " name_key FROM members WHERE id > ?1 ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	sqlite3_bind_int64(s, 1, st->names_from);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_dberror(st, e);
	sqlite3_finalize(s);
	if (rc == 0)
		rc = sqs_exec(st, st->names_trigger, e);
	free(st->names_trigger);
	st->names_trigger = NULL;
	return rc;
}

/*
 * The secondary indexes of a large bulk load (store_bulk_rows): dropped at
 * its start and made again before COMMIT, where names_catch_up runs, each
 * from its own SQL as sqlite_master held it.  SQLite builds an index from
 * the sorted keys of the table; kept row by row, each member and card
 * imported is a dozen inserts at random places of a dozen B-trees.
 *
 * Only indexes that no statement of an import reads, and none that enforces
 * a constraint.  An import's statements of each row (their plans on a
 * register without these indexes: tests/cli/import-indexes.t asks them):
 *   form_check: categories, documents, institutions, villages by their keys
 *     (through the checking thread's own connection, store_open_reader);
 *   the already-a-member check (dupes_find_indexed): the register in memory,
 *     asking the store nothing;
 *   the old number: members_legacy_no, UNIQUE, kept (so are member_no's and
 *     application_id's, and every UNIQUE of cards);
 *   INSERT INTO members and INTO cards: their UNIQUE indexes, and foreign
 *     keys checked in the parent's primary key (categories, operators,
 *     members); nothing deletes a member, which would look up cards_member;
 *   the audit batch (audit.c): the rows read back by rowid, the audit table.
 * Once an import (dupes_index_open) reads members whole, in rowid order, and
 * the open applications by their own indexes.
 * What the indexes serve (the desk by card, search, reports, renewals, the
 * print queue) runs in other transactions, after COMMIT has made them again.
 */
static const char *const bulk_indexes[] = {
	"members_birth", "members_phone", "members_nik", "members_birth_key",
	"members_legacy_upper", "members_expires", "members_incomplete", "members_issued",
	"members_imported", "cards_member", "cards_to_print", "cards_reissued",
};

/* The fewest rows, and the share of the register, worth rebuilding for:
 * making an index again reads all the register's rows, not only the new.
 * Measured (user + sys, two runs each, into a register of 100 000): 25 000
 * and 35 000 rows took 10 % longer with the indexes made again, 50 000 rows
 * 15 % less; a first import of 100 000, 13 % less (median of six runs,
 * 10.8 s to 9.4 s). */
#define BULK_INDEX_MIN 10000
#define BULK_INDEX_SHARE 2	/* rows >= members / BULK_INDEX_SHARE */

static void
indexes_forget(struct store *st)
{
	int i;

	for (i = 0; i < st->ndeferred; i++) {
		free(st->deferred[i].name);
		free(st->deferred[i].sql);
	}
	free(st->deferred);
	st->deferred = NULL;
	st->ndeferred = 0;
}

/* Drop the indexes of bulk_indexes when rows is worth it; each kept in
 * st->deferred with its SQL.  Made again, an index takes a new row of
 * sqlite_master (the sqlite3 shell's .schema lists it later; the schema is
 * the same set of objects, each from the SQL it had).  Giving it its old
 * row back would take PRAGMA writable_schema, which SQLite's defensive
 * mode forbids and which can corrupt a database: not worth an order. */
static int
indexes_defer(struct store *st, long long rows, struct kt_err *e)
{
	sqlite3_stmt *s;
	struct deferred_index *d;
	char sql[96];
	long long members = 0;
	size_t i;
	int rc = 0;

	if (rows < (st->bulk_index_min > 0 ? st->bulk_index_min : BULK_INDEX_MIN))
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM members", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_dberror(st, e);
	if (sqlite3_step(s) == SQLITE_ROW)
		members = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rows < members / BULK_INDEX_SHARE)
		return 0;
	if ((st->deferred = calloc(nitems(bulk_indexes), sizeof *st->deferred)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	if (sqlite3_prepare_v2(st->db, "SELECT sql FROM main.sqlite_master WHERE"
	    " type = 'index' AND name = ?1 AND tbl_name IN ('members', 'cards') AND sql NOT"
	    " LIKE 'CREATE UNIQUE %'", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	for (i = 0; i < nitems(bulk_indexes) && rc == 0; i++) {
		sqlite3_bind_text(s, 1, bulk_indexes[i], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			d = &st->deferred[st->ndeferred];
			if ((d->name = strdup(bulk_indexes[i])) == NULL ||
			    (d->sql = strdup((const char *)sqlite3_column_text(s, 0))) == NULL) {
				st->ndeferred++;
				rc = kt_error(e, KT_EFAIL, "%s", strerror(errno));
				break;
			}
			st->ndeferred++;
			rc = 0;
		} else
			rc = rc == SQLITE_DONE ? 0 : store_dberror(st, e);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	for (i = 0; rc == 0 && i < (size_t)st->ndeferred; i++) {
		snprintf(sql, sizeof sql, "DROP INDEX main.\"%s\"", st->deferred[i].name);
		rc = sqs_exec(st, sql, e);
	}
	return rc;
}

/* Make the deferred indexes again.  One that is there
 * already came back with a savepoint rolled back (the drop's, as in
 * names_catch_up) and is left as it is. */
static int
indexes_catch_up(struct store *st, struct kt_err *e)
{
	sqlite3_stmt *s;
	int i, rc = 0, back;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM main.sqlite_master WHERE type = 'index'"
	    " AND name = ?1", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	for (i = 0; i < st->ndeferred && rc == 0; i++) {
		sqlite3_bind_text(s, 1, st->deferred[i].name, -1, SQLITE_STATIC);
		back = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_reset(s);
		if (back)
			continue;
		rc = sqs_exec(st, st->deferred[i].sql, e);
	}
	sqlite3_finalize(s);
	indexes_forget(st);
	return rc;
}

/* Make the open transaction a bulk one: the large page cache, the search
 * index's insert trigger deferred (names_defer), and for a load of rows
 * large against the register its secondary indexes (indexes_defer).  On
 * failure the caller rolls back, which undoes any drop. */
int
sqs_bulk(struct store *st, long long rows, struct kt_err *e)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	if (sqs_exec(st, sql, e) != 0 || names_defer(st, e) != 0 ||
	    indexes_defer(st, rows, e) != 0) {
		sqs_end_bulk(st);
		return KT_EFAIL;
	}
	return 0;
}

/* kartu_name_key(name): name_key() in SQL, for the migrations that recompute
 * the stored keys when the rules of name.c change. */
static void
sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *name = sqlite3_value_text(argv[0]);
	char key[NAME_KEY_MAX];

	(void)argc;
	if (name == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	name_key((const char *)name, key, sizeof key);
	sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

/* Whether every foreign key of the database holds (PRAGMA foreign_key_check
 * finds no row): KT_EFAIL naming the first table that breaks one. */
static int
foreign_keys_hold(struct store *st, struct kt_err *e)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = kt_error(e, KT_EFAIL, _("a row of %s refers to a row of %s that is not"
		    " there"), (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	return rc;
}

int
sqs_migrate(struct store *st, int upto, struct kt_err *e)
{
	char sql[64];
	int v, latest = store_latest_version();

	if (upto < 0 || upto > latest)
		upto = latest;
	if ((v = store_version(st)) < 0)
		return store_dberror(st, e);
	if (v > latest)
		return kt_error(e, KT_EFAIL,
		    _("the database is at schema version %d, newer than this kartu (%d)"),
		    v, latest);
	/* Foreign keys off while migrating, as SQLite's procedure for changing
	 * a table's schema asks (a migration may make a table again, 0018), and
	 * checked whole before each commit instead. */
	if (v < upto && sqs_exec(st, "PRAGMA foreign_keys = OFF", e) != 0)
		return KT_EFAIL;
	for (; v < upto; v++) {
		if (store_begin(st, e) != 0)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (sqs_exec(st, store_migrations[v].sql, e) != 0 || sqs_exec(st, sql, e) != 0 ||
		    foreign_keys_hold(st, e) != 0) {
			/* The message is formatted into e->msg: its cause is
			 * copied out first (source and target must not overlap). */
			char why[sizeof e->msg];

			snprintf(why, sizeof why, "%s", e != NULL ? e->msg : "");
			store_rollback(st);
			kt_error(e, KT_EFAIL, _("migration %s failed: %s"),
			    store_migrations[v].name, why);
			goto fail;
		}
		if (store_commit(st, e) != 0)
			goto fail;
	}
	return sqs_exec(st, "PRAGMA foreign_keys = ON", e);
fail:
	sqs_exec(st, "PRAGMA foreign_keys = ON", NULL);
	return KT_EFAIL;
}

/* SQL's wib(ts): a stored UTC timestamp as WIB text, "YYYY-MM-DD HH:MM:SS"
 * (wib.h); NULL for NULL or anything else.  Days, hours and years of the desk
 * are substrings of it, so no query spells the offset. */
static void
sql_wib(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[20];

	(void)argc;
	if (wib_text((const char *)sqlite3_value_text(argv[0]), out) != 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static int configured;

/* Open (or make, with STORE_CREATE) the SQLite file at path for st: WAL,
 * foreign keys, a busy timeout and the SQL functions wib() and
 * kartu_name_key().  On failure st->db may be set: sqs_close closes it. */
int
sqs_open(struct store *st, const char *path, int flags, struct kt_err *e)
{
	int fd, oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	/* No memory statistics (kartu reads none): with them every allocation
	 * of SQLite's takes a global mutex, 3 % of an import's instructions.
	 * Only before SQLite is initialised, by the first open; later calls
	 * are refused by SQLite and change nothing. */
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	if (flags & STORE_CREATE) {
		/* Made without access for others: it holds the register.  SQLite
		 * gives its -wal and -shm files the same mode. */
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
			close(fd);
		else if (errno != EEXIST)
			return kt_error(e, KT_EFAIL, _("cannot make database %s: %s"), path,
			    strerror(errno));
		oflags |= SQLITE_OPEN_CREATE;
	} else if (access(path, F_OK) != 0) {
		kt_error(e, KT_ENOTFOUND, _("no database at %s"), path);
		return kt_next(e, KT_ENOTFOUND, "init", "%s", "");
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK)
		return kt_error(e, KT_EFAIL, _("cannot open database %s: %s"), path,
		    st->db != NULL ? sqlite3_errmsg(st->db) : "out of memory");
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_create_function(st->db, "wib", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	    sql_wib, NULL, NULL) != SQLITE_OK)
		return kt_error(e, KT_EFAIL, "%s", sqlite3_errmsg(st->db));
	if (sqs_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", e) != 0)
		return KT_EFAIL;
	if (sqlite3_create_function(st->db, "kartu_name_key", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_name_key, NULL, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	return 0;
}

/* The file of st's database, or NULL for one in memory. */
const char *
sqs_path(struct store *st)
{
	const char *p = sqlite3_db_filename(st->db, "main");

	return p != NULL && p[0] != '\0' ? p : NULL;
}

void
sqs_close(struct store *st)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].q);
	sqlite3_close(st->db);
}

int
sqs_integrity(struct store *st, int (*problem)(const char *kind, const char *what,
    const char *detail, void *arg), void *arg, struct kt_err *e)
{
	sqlite3_stmt *s;
	char what[128], detail[256];
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(s, 0);

		if (msg == NULL || strcmp(msg, "ok") == 0)
			continue;
		snprintf(detail, sizeof detail, "%s", msg);
		rc = problem("integrity", "", detail, arg);
	}
	sqlite3_finalize(s);
	if (rc != 0)
		return rc;
	if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(what, sizeof what, "%s %lld", (const char *)sqlite3_column_text(s, 0),
		    (long long)sqlite3_column_int64(s, 1));
		snprintf(detail, sizeof detail, _("refers to a missing %s row"),
		    (const char *)sqlite3_column_text(s, 2));
		rc = problem("foreign-keys", what, detail, arg);
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- notes (store.h): the file's data_version, polled ---- */

/* How often a listener on SQLite looks at the file: a change shows within
 * about this long. */
#define NOTE_POLL_MS 100

static long long
data_version(struct store *st)
{
	sqlite3_stmt *q;
	long long v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

int
sqs_listen(struct store *st, struct kt_err *e)
{
	if ((st->data_version = data_version(st)) < 0)
		return store_dberror(st, e);
	return 0;
}

int
sqs_wait_note(struct store *st, int timeout_ms, struct store_note *out, struct kt_err *e)
{
	struct timespec slice = { 0, NOTE_POLL_MS * 1000000L };
	long long v;

	if (st->data_version < 0 && sqs_listen(st, e) != 0)
		return KT_EFAIL;
	for (;;) {
		if ((v = data_version(st)) < 0)
			return store_dberror(st, e);
		if (v != st->data_version) {
			st->data_version = v;
			memset(out, 0, sizeof *out);
			snprintf(out->kind, sizeof out->kind, "change");
			snprintf(out->action, sizeof out->action, "update");
			return 0;
		}
		if (timeout_ms <= 0)
			return KT_ENOTFOUND;
		if (timeout_ms < NOTE_POLL_MS)
			slice.tv_nsec = timeout_ms * 1000000L;
		nanosleep(&slice, NULL);
		timeout_ms -= NOTE_POLL_MS;
	}
}

/* Backups (store_backup, store_backup_check, store_restore on SQLite). */

/* Whether paths a and b name the same file. */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

/* Copy the whole of from's main database into to's in one step: a read
 * transaction on from (a snapshot: desks writing in WAL mode go on) and one
 * write transaction on to, so to holds all of it or none. */
static int
copy_db(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc, tries = 0;

	if (b == NULL)
		return sqlite3_errcode(to);
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (++tries > 1000)	/* 10 s, the store's busy timeout */
			break;
		sqlite3_sleep(10);
	}
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* PRAGMA integrity_check on db: 0 when "ok", else its first line in why. */
static int
check_whole(sqlite3 *db, char *why, size_t len)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK) {
		snprintf(why, len, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(s, 0);

		if (msg != NULL && strcmp(msg, "ok") == 0)
			rc = 0;
		else
			snprintf(why, len, "%s", msg != NULL ? msg : "?");
	} else
		snprintf(why, len, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

int
sqs_backup(struct store *st, const char *path, long long *bytes, struct kt_err *e)
{
	const char *live = sqlite3_db_filename(st->db, "main");
	char tmp[4096], why[256] = "", *slash, dir[4096];
	sqlite3 *to = NULL;
	struct stat sb;
	int fd = -1, rc = KT_EFAIL;

	*bytes = 0;
	if (live != NULL && live[0] != '\0' && same_file(live, path))
		return kt_error(e, KT_EUSAGE, _("%s is the database itself: name another file"),
		    path);
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
		return kt_error(e, KT_EUSAGE, _("too long a file name"));
	/* mkstemp makes it 0600: the backup holds the register. */
	if ((fd = mkstemp(tmp)) < 0)
		return kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
	close(fd);
	fd = -1;
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", to != NULL ? sqlite3_errmsg(to) : "out of memory");
		goto out;
	}
	if (copy_db(to, st->db) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(to));
		goto out;
	}
	/* One self-contained file: the copy's header says WAL as the live
	 * database's does; a rollback journal needs no -wal beside it. */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(to));
		goto out;
	}
	if (check_whole(to, why, sizeof why) != 0)
		goto out;
	if (sqlite3_close(to) != SQLITE_OK) {
		to = NULL;
		snprintf(why, sizeof why, "close");
		goto out;
	}
	to = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0 ||
	    fstat(fd, &sb) != 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		goto out;
	}
	*bytes = (long long)sb.st_size;
	/* The rename itself to the disk: the directory's entry. */
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	close(fd);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
		fsync(fd);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (to != NULL)
		sqlite3_close(to);
	if (rc != 0) {
		unlink(tmp);
		kt_error(e, KT_EFAIL, _("cannot write the backup %s: %s"), path, why);
	}
	return rc;
}

/* Open file read-only as a backup: KT_EDAMAGED when it is no whole kartu
 * database (not SQLite, truncated, damaged), its schema version in *version. */
static int
open_backup(const char *file, sqlite3 **out, int *version, struct kt_err *e)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s;
	char why[256] = "";
	int rc = KT_EDAMAGED, tables = 0;

	*out = NULL;
	if (access(file, R_OK) != 0)
		return kt_error(e, KT_EFAIL, _("cannot read %s: %s"), file, strerror(errno));
	if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", db != NULL ? sqlite3_errmsg(db) : "?");
		goto out;
	}
	if (check_whole(db, why, sizeof why) != 0)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM sqlite_schema WHERE type ="
	    " 'table' AND name IN ('applications', 'members', 'cards', 'audit', 'audit_head',"
	    " 'operators')), user_version FROM pragma_user_version", -1, &s, NULL) !=
	    SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		tables = sqlite3_column_int(s, 0);
		*version = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	if (tables != 6 || *version <= 0) {
		snprintf(why, sizeof why, "%s", _("it is an SQLite file but no kartu register"));
		goto out;
	}
	*out = db;
	db = NULL;
	rc = 0;
out:
	sqlite3_close(db);
	if (rc != 0)
		kt_error(e, rc, _("%s is not a whole backup made by kartu: %s"), file, why);
	return rc;
}

int
sqs_backup_check(const char *file, int *version, struct kt_err *e)
{
	sqlite3 *db;
	int rc;

	if ((rc = open_backup(file, &db, version, e)) == 0)
		sqlite3_close(db);
	return rc;
}

int
sqs_restore(const char *path, const char *file, struct kt_err *e)
{
	sqlite3 *from = NULL, *to = NULL;
	int version, fd, rc, made = 0;

	if (same_file(path, file))
		return kt_error(e, KT_EUSAGE, _("%s is the database itself"), file);
	if ((rc = open_backup(file, &from, &version, e)) != 0)
		return rc;
	/* A new database is made without access for others, as store_open
	 * makes one, and removed again if the restore fails. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0) {
		made = 1;
		close(fd);
	}
	rc = KT_EFAIL;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		kt_error(e, KT_EFAIL, _("cannot open database %s: %s"), path,
		    to != NULL ? sqlite3_errmsg(to) : "out of memory");
	else if (sqlite3_busy_timeout(to, 10000), copy_db(to, from) != SQLITE_OK)
		kt_error(e, KT_EFAIL, _("the restore failed, the database is as it was: %s"),
		    sqlite3_errmsg(to));
	else
		rc = 0;
	sqlite3_close(to);
	sqlite3_close(from);
	if (rc != 0 && made)
		unlink(path);
	return rc;
}

int
sqs_about(struct store *st, struct store_about *out, struct kt_err *e)
{
	(void)st;
	(void)e;
	snprintf(out->version, sizeof out->version, "SQLite %s", sqlite3_libversion());
	return 0;
}
