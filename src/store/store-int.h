/*
 * store-int.h - the struct store and struct store_stmt that store.c and the
 * SQLite backend (store-sqlite.c) share; nothing outside src/store sees them.
 * The PostgreSQL backend keeps its own (store-pg.c, behind pg and pq).  No
 * engine's header is included here: SQLite's types are named, not defined.
 */
#ifndef KARTU_STORE_INT_H
#define KARTU_STORE_INT_H

#include <time.h>

#include "store.h"

struct sqlite3;
struct sqlite3_stmt;
struct pgstore;
struct pgstmt;

/* Prepared statements kept for reuse (see store_prepare): the import
 * prepares the same dozen statements for every row, and preparing a
 * statement on an audited table compiles its triggers again each time. */
#define STMT_CACHE 64

struct store_stmt {
	struct store *st;
	struct sqlite3_stmt *q;	/* SQLite */
	struct pgstmt *pq;	/* PostgreSQL: the backend's statement */
	unsigned int hash;	/* of the SQL text, for a cached statement */
	int cached;		/* in st->cache: store_finalize resets it */
	int busy;		/* handed out and not yet finalized */
};

struct store {
	struct sqlite3 *db;	/* SQLite, or NULL */
	struct pgstore *pg;	/* PostgreSQL (store-pg.c), or NULL */
	struct store_stmt cache[STMT_CACHE];	/* SQLite's statements */
	int ncache;
	int evict;		/* the next slot to reuse when the cache is full */
	int bulk;		/* store_bulk: until the transaction ends */
	char *names_trigger;	/* the dropped member_names_insert, to restore */
	long long names_from;	/* members after this id are not yet indexed */
	struct deferred_index {
		char *name, *sql;	/* as sqlite_master held them */
	} *deferred;		/* the indexes a bulk load dropped (sqs_bulk) */
	int ndeferred;
	long long bulk_index_min;	/* store_set_bulk_index_min; 0: the default */
	struct {
		char key[32], value[128];
	} setting[8];		/* settings read during a bulk transaction */
	int nsetting;
	time_t fixed_now;
	time_t step_now;	/* when the statement running now was stepped */
	int in_tx;
	int reading;		/* store_begin_read depth */
	int read_own;		/* the outermost store_begin_read began it */
	unsigned char key[STORE_KEY_LEN];	/* the register key (keys.h) */
	int have_key;
	int audited;		/* audit_install ran */
	long long actor;
	char pin[64];
	int have_pin;
	char station[128];
	long long user;		/* the Unix uid, -1 for none */
	long long web_session;	/* the screens' session of this request, or 0 */
	long long data_version;	/* SQLite's, when store_listen ran (-1: not) */
};

/* As store_timestamp, but the time the running statement was stepped (or
 * run by store_exec): the same for every row a statement writes, so that a
 * trigger that reads it twice reads one value. */
void store_step_timestamp(struct store *st, char *buf, size_t len);

/* The SQLite backend (store-sqlite.c): each is the store_* call of its name
 * on an SQLite store. */
int sqs_open(struct store *st, const char *path, int flags, struct kt_err *e);
void sqs_close(struct store *st);
const char *sqs_path(struct store *st);
int sqs_dberror(struct store *st, struct kt_err *e);
int sqs_exec(struct store *st, const char *sql, struct kt_err *e);
int sqs_prepare(struct store *st, const char *sql, struct store_stmt **s, struct kt_err *e);
void sqs_bind_text(struct store_stmt *s, int i, const char *v);
void sqs_bind_int(struct store_stmt *s, int i, long long v);
void sqs_bind_blob(struct store_stmt *s, int i, const void *v, size_t n);
void sqs_bind_null(struct store_stmt *s, int i);
int sqs_step(struct store_stmt *s);
const char *sqs_col_text(struct store_stmt *s, int i);
long long sqs_col_int(struct store_stmt *s, int i);
int sqs_col_null(struct store_stmt *s, int i);
const void *sqs_col_blob(struct store_stmt *s, int i, size_t *n);
void sqs_reset(struct store_stmt *s);
void sqs_finalize(struct store_stmt *s);
long long sqs_last_id(struct store *st);
long long sqs_changes(struct store *st);
int sqs_conflict(struct store *st);
int sqs_version(struct store *st);
int sqs_begin(struct store *st, struct kt_err *e);
int sqs_commit(struct store *st, struct kt_err *e);
void sqs_rollback(struct store *st);
int sqs_bulk(struct store *st, long long rows, struct kt_err *e);
void sqs_end_bulk(struct store *st);
int sqs_migrate(struct store *st, int upto, struct kt_err *e);
/* SQLite's notes: data_version polled (store.h). */
int sqs_listen(struct store *st, struct kt_err *e);
int sqs_wait_note(struct store *st, int timeout_ms, struct store_note *out,
    struct kt_err *e);
int sqs_about(struct store *st, struct store_about *out, struct kt_err *e);
int sqs_backup(struct store *st, const char *path, long long *bytes, struct kt_err *e);
int sqs_backup_check(const char *file, int *version, struct kt_err *e);
int sqs_restore(const char *path, const char *file, struct kt_err *e);
int sqs_integrity(struct store *st, int (*problem)(const char *kind, const char *what,
    const char *detail, void *arg), void *arg, struct kt_err *e);

#endif
