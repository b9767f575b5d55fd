/*
 * store.c - the store (see store.h): opening and migrating the database,
 * statements, transactions, settings, the clock.  The SQLite backend is here;
 * a database named by a PostgreSQL connection string (store_remote) is
 * served by store-pg.c, to which each call below hands over when st->pg is
 * set (a switch on the engine rather than a table of operations: two
 * engines, and the SQLite calls stay as they were).  What does not depend on
 * the engine (settings, keys, the clock, the actor, store_run, store_each)
 * is written once, over the store_* calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "name.h"
#include "store-pg.h"
#include "store-sqlite.h"
#include "valid.h"
#include "wib.h"

/* Prepared statements kept for reuse (see store_prepare): the import
 * prepares the same dozen statements for every row, and preparing a
 * statement on an audited table compiles its triggers again each time. */
#define STMT_CACHE 64

struct store_stmt {
	struct store *st;
	sqlite3_stmt *q;
	struct pgstmt *pq;	/* PostgreSQL: the backend's statement */
	unsigned int hash;	/* of the SQL text, for a cached statement */
	int cached;		/* in st->cache: store_finalize resets it */
	int busy;		/* handed out and not yet finalized */
};

struct store {
	sqlite3 *db;
	struct pgstore *pg;	/* PostgreSQL (store-pg.c): db is NULL */
	struct store_stmt cache[STMT_CACHE];
	int ncache;
	int evict;		/* the next slot to reuse when the cache is full */
	int bulk;		/* store_bulk: until the transaction ends */
	char *names_trigger;	/* the dropped member_names_insert, to restore */
	long long names_from;	/* members after this id are not yet indexed */
	struct {
		char key[32], value[128];
	} setting[8];		/* settings read during a bulk transaction */
	int nsetting;
	time_t fixed_now;
	time_t step_now;	/* when the statement running now was stepped */
	int in_tx;
	unsigned char key[STORE_KEY_LEN];	/* the register key (keys.h) */
	int have_key;
	int audited;		/* audit_install ran */
	long long actor;
	char pin[64];
	int have_pin;
	char station[128];
	long long user;		/* the Unix uid, -1 for none */
	long long web_session;	/* the screens' session of this request, or 0 */
};

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

int
store_on_pg(struct store *st)
{
	return st->pg != NULL;
}

int
store_remote(const char *db)
{
	const char *p = db;

	if (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0)
		return 1;
	/* A libpq key=value string: a keyword, then '=' ("host=... dbname=..."). */
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	return p != db && *p == '=';
}

int
store_dberror(struct store *st, struct kt_err *e)
{
	int rc;

	if (st->pg != NULL)
		return pgs_dberror(st->pg, e);
	rc = sqlite3_extended_errcode(st->db);

	if (rc == SQLITE_BUSY || (rc & 0xff) == SQLITE_BUSY)
		return kt_error(e, KT_EFAIL,
		    _("the database is busy (another station holds it): %s"),
		    sqlite3_errmsg(st->db));
	return kt_error(e, KT_EFAIL, _("database error: %s"), sqlite3_errmsg(st->db));
}

static int
exec(struct store *st, const char *sql, struct kt_err *e)
{
	char *msg = NULL;

	st->step_now = time(NULL);
	if (st->pg != NULL)
		return pgs_exec(st->pg, sql, e);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kt_error(e, KT_EFAIL, _("database error: %s"), msg != NULL ? msg : "?");
		sqlite3_free(msg);
		return KT_EFAIL;
	}
	return 0;
}

int
store_run(struct store *st, struct kt_err *e, const char *sql, const char *types, ...)
{
	struct store_stmt *s;
	va_list ap;
	int rc, i;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	va_start(ap, types);
	for (i = 0; types[i] != '\0'; i++)
		switch (types[i]) {
		case 't':
			store_bind_text(s, i + 1, va_arg(ap, const char *));
			break;
		case 'i':
			store_bind_int(s, i + 1, va_arg(ap, long long));
			break;
		default:
			store_bind_null(s, i + 1);
			break;
		}
	va_end(ap);
	rc = store_step(s) == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
store_exec(struct store *st, const char *sql, struct kt_err *e)
{
	return exec(st, sql, e);
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
store_prepare(struct store *st, const char *sql, struct store_stmt **s, struct kt_err *e)
{
	struct store_stmt *n;
	unsigned int h = sql_hash(sql);
	int i;

	*s = NULL;
	if (st->pg != NULL) {
		struct pgstmt *pq;

		if ((n = calloc(1, sizeof *n)) == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(errno));
		if (pgs_prepare(st->pg, sql, &pq, e) != 0) {
			free(n);
			return KT_EFAIL;
		}
		n->st = st;
		n->pq = pq;
		*s = n;
		return 0;
	}
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
store_bind_text(struct store_stmt *s, int i, const char *v)
{
	if (s->pq != NULL)
		pgs_bind_text(s->pq, i, v);
	else if (v == NULL)
		sqlite3_bind_null(s->q, i);
	else
		sqlite3_bind_text(s->q, i, v, -1, SQLITE_TRANSIENT);
}

void
store_bind_int(struct store_stmt *s, int i, long long v)
{
	if (s->pq != NULL)
		pgs_bind_int(s->pq, i, v);
	else
		sqlite3_bind_int64(s->q, i, v);
}

void
store_bind_blob(struct store_stmt *s, int i, const void *v, size_t n)
{
	if (s->pq != NULL)
		pgs_bind_blob(s->pq, i, v, n);
	else
		sqlite3_bind_blob64(s->q, i, v, n, SQLITE_TRANSIENT);
}

void
store_bind_null(struct store_stmt *s, int i)
{
	if (s->pq != NULL)
		pgs_bind_null(s->pq, i);
	else
		sqlite3_bind_null(s->q, i);
}

int
store_step(struct store_stmt *s)
{
	int rc;

	s->st->step_now = time(NULL);
	if (s->pq != NULL)
		return pgs_step(s->pq);
	rc = sqlite3_step(s->q);

	return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : rc;
}

const char *
store_col_text(struct store_stmt *s, int i)
{
	if (s->pq != NULL)
		return pgs_col_text(s->pq, i);
	return (const char *)sqlite3_column_text(s->q, i);
}

long long
store_col_int(struct store_stmt *s, int i)
{
	if (s->pq != NULL)
		return pgs_col_int(s->pq, i);
	return sqlite3_column_int64(s->q, i);
}

int
store_col_null(struct store_stmt *s, int i)
{
	if (s->pq != NULL)
		return pgs_col_null(s->pq, i);
	return sqlite3_column_type(s->q, i) == SQLITE_NULL;
}

const void *
store_col_blob(struct store_stmt *s, int i, size_t *n)
{
	const void *p;

	if (s->pq != NULL)
		return pgs_col_blob(s->pq, i, n);
	p = sqlite3_column_blob(s->q, i);

	*n = (size_t)sqlite3_column_bytes(s->q, i);
	return p;
}

void
store_reset(struct store_stmt *s)
{
	if (s->pq != NULL)
		pgs_reset(s->pq);
	else
		sqlite3_reset(s->q);
}

void
store_finalize(struct store_stmt *s)
{
	if (s == NULL)
		return;
	if (s->pq != NULL) {
		pgs_release(s->pq);
		free(s);
		return;
	}
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
store_last_id(struct store *st)
{
	if (st->pg != NULL)
		return pgs_last_id(st->pg);
	return sqlite3_last_insert_rowid(st->db);
}

long long
store_changes(struct store *st)
{
	if (st->pg != NULL)
		return pgs_changes(st->pg);
	return sqlite3_changes(st->db);
}

int
store_conflict(struct store *st)
{
	if (st->pg != NULL)
		return pgs_conflict(st->pg);
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT;
}

int
store_each(struct store *st, struct store_stmt *s, int (*row)(struct store_stmt *, void *),
    void *arg, const char *notfound, struct kt_err *e)
{
	int rc, rows = 0, stop = 0;

	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		rows++;
		stop = row(s, arg);
	}
	if (stop)
		rc = stop;
	else if (rc != STORE_DONE)
		rc = store_dberror(st, e);
	else if (rows == 0 && notfound != NULL)
		rc = kt_error(e, KT_ENOTFOUND, "%s", notfound);
	else
		rc = 0;
	store_finalize(s);
	return rc;
}

int
store_latest_version(void)
{
	int n = 0;

	while (store_migrations[n].name != NULL)
		n++;
	return n;
}

int
store_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (st->pg != NULL)
		return pgs_version(st->pg);
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The end of a bulk transaction: the default page cache again, and the
 * settings read again from the database. */
static void
end_bulk(struct store *st)
{
	if (!st->bulk)
		return;
	st->bulk = 0;
	st->nsetting = 0;
	free(st->names_trigger);
	st->names_trigger = NULL;
	if (st->db != NULL)
		sqlite3_exec(st->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
}

int
store_begin(struct store *st, struct kt_err *e)
{
	if (st->pg != NULL) {
		if (pgs_begin(st->pg, e) != 0)
			return KT_EFAIL;
		st->in_tx = 1;
		return 0;
	}
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_dberror(st, e);
	st->in_tx = 1;
	return 0;
}

static int names_catch_up(struct store *st, struct kt_err *e);

int
store_commit(struct store *st, struct kt_err *e)
{
	if (st->pg != NULL) {
		int rc = pgs_commit(st->pg, e);

		st->in_tx = 0;
		end_bulk(st);
		return rc;
	}
	if (st->bulk && st->names_trigger != NULL && names_catch_up(st, e) != 0) {
		store_rollback(st);
		return KT_EFAIL;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = store_dberror(st, e);

		store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	end_bulk(st);
	return 0;
}

void
store_rollback(struct store *st)
{
	if (st->pg != NULL)
		pgs_rollback(st->pg);
	else if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	end_bulk(st);
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
	    exec(st, "DROP TRIGGER main.member_names_insert", e) != 0) {
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
		rc = exec(st, st->names_trigger, e);
	free(st->names_trigger);
	st->names_trigger = NULL;
	return rc;
}

int
store_bulk(struct store *st, struct kt_err *e)
{
	char sql[64];

	if (st->bulk || !st->in_tx)
		return 0;
	if (st->pg != NULL) {
		/* The settings kept; the server's cache is the server's. */
		st->bulk = 1;
		st->nsetting = 0;
		return 0;
	}
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	if (exec(st, sql, e) != 0 || names_defer(st, e) != 0)
		return KT_EFAIL;
	st->bulk = 1;
	st->nsetting = 0;
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

static int
migrate(struct store *st, int upto, struct kt_err *e)
{
	char sql[64];
	int v, latest = store_latest_version();

	if (st->pg != NULL)
		return pgs_migrate(st->pg, upto, e);
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
	if (v < upto && exec(st, "PRAGMA foreign_keys = OFF", e) != 0)
		return KT_EFAIL;
	for (; v < upto; v++) {
		if (store_begin(st, e) != 0)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (exec(st, store_migrations[v].sql, e) != 0 || exec(st, sql, e) != 0 ||
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
	return exec(st, "PRAGMA foreign_keys = ON", e);
fail:
	exec(st, "PRAGMA foreign_keys = ON", NULL);
	return KT_EFAIL;
}

/* Whether migrations are pending (a database older than this kartu). */
static int
pending(struct store *st)
{
	int v = store_version(st);

	return v >= 0 && v < store_latest_version();
}

/* A database with an older schema and an active admin: upgrading it is the
 * admin's (kartu init as the admin), not a side effect of any command. */
static int
refuse_upgrade(struct store *st, struct kt_err *e)
{
	struct store_stmt *s;
	char admin[128] = "";

	if (store_prepare(st, "SELECT name FROM operators WHERE role = 'admin'"
	    " AND active <> 0 ORDER BY id LIMIT 1", &s, NULL) != 0)
		return 0;	/* no operators yet: the first set-up */
	if (store_step(s) == STORE_ROW)
		snprintf(admin, sizeof admin, "%s", store_col_text(s, 0));
	store_finalize(s);
	if (admin[0] == '\0')
		return 0;
	kt_error(e, KT_EREFUSED, _("the database is at schema version %d and this kartu"
	    " needs version %d: the admin must upgrade it first"), store_version(st),
	    store_latest_version());
	return kt_next(e, KT_EREFUSED, "init-admin", "%s", admin);
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

/* store_open_version of a PostgreSQL database: connect, then as for SQLite,
 * the upgrade refused to others than the admin, the migrations and the
 * audit trail. */
static int
open_pg(const char *conninfo, int flags, int upto, struct store **out, struct kt_err *e)
{
	struct store *st;
	int rc;

	if ((st = calloc(1, sizeof *st)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	st->user = -1;
	if ((rc = pgs_open(st, conninfo, flags, &st->pg, e)) != 0) {
		free(st);
		return rc;
	}
	if ((flags & STORE_NO_MIGRATE) == 0 && upto < 0 && pending(st) &&
	    (rc = refuse_upgrade(st, e)) != 0)
		goto fail;
	if ((flags & STORE_NO_MIGRATE) == 0 && migrate(st, upto, e) != 0)
		goto fail;
	if (!pending(st) || (flags & STORE_NO_MIGRATE) == 0) {
		if (audit_install(st, e) != 0)
			goto fail;
		st->audited = 1;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return e != NULL && e->code != 0 ? e->code : KT_EFAIL;
}

int
store_open_version(const char *path, int flags, int upto, struct store **out,
    struct kt_err *e)
{
	struct store *st;
	int fd, rc, oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	if (store_remote(path))
		return open_pg(path, flags, upto, out, e);
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
	if ((st = calloc(1, sizeof *st)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	st->user = -1;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		kt_error(e, KT_EFAIL, _("cannot open database %s: %s"), path,
		    st->db != NULL ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_create_function(st->db, "wib", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	    sql_wib, NULL, NULL) != SQLITE_OK) {
		kt_error(e, KT_EFAIL, "%s", sqlite3_errmsg(st->db));
		goto fail;
	}
	if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", e) != 0)
		goto fail;
	if (sqlite3_create_function(st->db, "kartu_name_key", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_name_key, NULL, NULL) != SQLITE_OK) {
		store_dberror(st, e);
		goto fail;
	}
	if ((flags & STORE_NO_MIGRATE) == 0 && upto < 0 && pending(st) &&
	    (rc = refuse_upgrade(st, e)) != 0)
		goto fail;
	if ((flags & STORE_NO_MIGRATE) == 0 && migrate(st, upto, e) != 0)
		goto fail;
	if (!pending(st) || (flags & STORE_NO_MIGRATE) == 0) {
		if (audit_install(st, e) != 0)
			goto fail;
		st->audited = 1;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return e != NULL && e->code != 0 ? e->code : KT_EFAIL;
}

int
store_upgrade(struct store *st, struct kt_err *e)
{
	if (migrate(st, -1, e) != 0)
		return KT_EFAIL;
	if (!st->audited) {
		if (audit_install(st, e) != 0)
			return KT_EFAIL;
		st->audited = 1;
	}
	/* A log from before the key, met with the key (keys_attach), is
	 * sealed now that its schema can hold the seal. */
	return st->have_key ? audit_seal_chain(st, e) : 0;
}

int
store_open(const char *path, int flags, struct store **out, struct kt_err *e)
{
	return store_open_version(path, flags, -1, out, e);
}

void
store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	store_rollback(st);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].q);
	if (st->pg != NULL)
		pgs_close(st->pg);
	else
		sqlite3_close(st->db);
	sodium_memzero(st->key, sizeof st->key);
	sodium_memzero(st->pin, sizeof st->pin);
	free(st);
}

/* The id by which a database knows its register key: a hash of the key that
 * says nothing of it. */
static void
key_id(const unsigned char *key, char *hex)
{
	unsigned char id[16];

	crypto_generichash(id, sizeof id, (const unsigned char *)"kartu register key id", 21,
	    key, STORE_KEY_LEN);
	sodium_bin2hex(hex, 2 * sizeof id + 1, id, sizeof id);
}

int
store_key_known(struct store *st, int *known, struct kt_err *e)
{
	char buf[40];
	int rc;

	*known = 0;
	rc = store_setting(st, "register_key_id", buf, sizeof buf, e);
	if (rc == 0)
		*known = 1;
	return rc == KT_ENOTFOUND ? 0 : rc;
}

int
store_set_key(struct store *st, const unsigned char *key, struct kt_err *e)
{
	char want[33], have[40];
	int rc, known;

	key_id(key, want);
	rc = store_setting(st, "register_key_id", have, sizeof have, e);
	if (rc == 0 && strcmp(have, want) != 0)
		return kt_error(e, KT_EREFUSED, _("this is not the database's register key"));
	if (rc != 0 && rc != KT_ENOTFOUND)
		return rc;
	known = rc == 0;
	memcpy(st->key, key, sizeof st->key);
	st->have_key = 1;
	/* A log written before the key is sealed with it, then the key's id is
	 * recorded, so that no other key is taken for this database. */
	if ((rc = audit_seal_chain(st, e)) == 0 && !known)
		rc = store_run(st, e, "INSERT INTO settings (key, value) VALUES"
		    " ('register_key_id', ?)", "t", want);
	if (rc != 0) {
		sodium_memzero(st->key, sizeof st->key);
		st->have_key = 0;
	}
	return rc;
}

int
store_in_transaction(struct store *st)
{
	return st->in_tx;
}

int
store_has_key(struct store *st)
{
	return st->have_key;
}

int
store_legacy_key(struct store *st, unsigned char *key, int *found, struct kt_err *e)
{
	char hex[2 * STORE_KEY_LEN + 8];
	size_t n = 0;
	int rc;

	*found = 0;
	rc = store_setting(st, "pepper", hex, sizeof hex, e);
	if (rc == KT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (sodium_hex2bin(key, STORE_KEY_LEN, hex, strlen(hex), NULL, &n, NULL) != 0 ||
	    n != STORE_KEY_LEN)
		rc = kt_error(e, KT_EFAIL, _("the database's old hashing key is damaged"));
	else
		*found = 1;
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int
store_forget_legacy_key(struct store *st, struct kt_err *e)
{
	return store_run(st, e, "DELETE FROM settings WHERE key = 'pepper'", "");
}

int
store_subkey(struct store *st, const char *purpose, unsigned char *out, size_t outlen,
    struct kt_err *e)
{
	if (!st->have_key) {
		kt_error(e, KT_EFAIL, _("this station has no register key (register.key beside"
		    " the library's keys)"));
		return kt_next(e, KT_EFAIL, "init", "%s", "");
	}
	crypto_generichash(out, outlen, (const unsigned char *)purpose, strlen(purpose),
	    st->key, sizeof st->key);
	return 0;
}

int
store_setting(struct store *st, const char *key, char *buf, size_t len, struct kt_err *e)
{
	struct store_stmt *s;
	const char *v;
	int rc, i;

	/* A bulk transaction changes no settings (store_bulk): each is read
	 * once, not once a row. */
	for (i = 0; st->bulk && i < st->nsetting; i++)
		if (strcmp(st->setting[i].key, key) == 0) {
			snprintf(buf, len, "%s", st->setting[i].value);
			return 0;
		}
	if ((rc = store_prepare(st, "SELECT value FROM settings WHERE key = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, key);
	if ((rc = store_step(s)) == STORE_ROW) {
		v = store_col_text(s, 0);
		snprintf(buf, len, "%s", v);
		if (st->bulk && st->nsetting < (int)nitems(st->setting) && strlen(key) <
		    sizeof st->setting[0].key && strlen(v) < sizeof st->setting[0].value) {
			snprintf(st->setting[st->nsetting].key, sizeof st->setting[0].key, "%s",
			    key);
			snprintf(st->setting[st->nsetting++].value, sizeof st->setting[0].value,
			    "%s", v);
		}
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("setting %s is not set"), key);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

void
store_set_actor(struct store *st, long long operator_id)
{
	st->actor = operator_id;
}

long long
store_actor(struct store *st)
{
	return st->actor;
}

void
store_set_web_session(struct store *st, long long session_id)
{
	st->web_session = session_id;
}

long long
store_web_session(struct store *st)
{
	return st->web_session;
}

void
store_set_pin(struct store *st, const char *pin)
{
	sodium_memzero(st->pin, sizeof st->pin);
	st->have_pin = pin != NULL && pin[0] != '\0' && strlen(pin) < sizeof st->pin;
	if (st->have_pin)
		memcpy(st->pin, pin, strlen(pin) + 1);
}

void
store_set_station(struct store *st, const char *name)
{
	snprintf(st->station, sizeof st->station, "%s", name != NULL ? name : "");
}

const char *
store_station(struct store *st)
{
	return st->station;
}

void
store_set_user(struct store *st, long long uid)
{
	st->user = uid;
}

long long
store_user(struct store *st)
{
	return st->user;
}

const char *
store_pin(struct store *st)
{
	return st->have_pin ? st->pin : NULL;
}

void
store_set_clock(struct store *st, time_t fixed)
{
	st->fixed_now = fixed;
}

time_t
store_now(struct store *st)
{
	return st->fixed_now != 0 ? st->fixed_now : time(NULL);
}

void
store_step_timestamp(struct store *st, char *buf, size_t len)
{
	time_t t = st->fixed_now != 0 ? st->fixed_now : st->step_now != 0 ? st->step_now :
	    time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_timestamp(struct store *st, char *buf, size_t len)
{
	time_t t = store_now(st);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_today(struct store *st, struct kt_date *d)
{
	wib_day(store_now(st), d);
}

int
store_hash_id(struct store *st, const char *kind, const char *number, char *out,
    struct kt_err *e)
{
	unsigned char h[16];
	crypto_generichash_state gs;

	if (!st->have_key) {
		kt_error(e, KT_EFAIL, _("this station has no register key (register.key beside"
		    " the library's keys)"));
		return kt_next(e, KT_EFAIL, "init", "%s", "");
	}
	crypto_generichash_init(&gs, st->key, sizeof st->key, sizeof h);
	crypto_generichash_update(&gs, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&gs, (const unsigned char *)number, strlen(number));
	crypto_generichash_final(&gs, h, sizeof h);
	sodium_bin2hex(out, STORE_HASH_LEN, h, sizeof h);
	return 0;
}
