/*
 * store-pg.h - what the PostgreSQL backend (store-pg.c) offers store.c and
 * audit.c, and nothing else sees.  No libpq type shows here: store.c keeps a
 * struct pgstore per connection and a struct pgstmt per statement handed out,
 * and forwards each store_* call of store.h to the pgs_* call of that name.
 */
#ifndef KARTU_STORE_PG_H
#define KARTU_STORE_PG_H

#include "store.h"

struct pgstore;
struct pgstmt;

/* Connect to conninfo (a postgresql:// URI or key=value string) for st, and
 * make the schema version's table when flags has STORE_CREATE; a database
 * without it and without STORE_CREATE is KT_ENOTFOUND. */
int pgs_open(struct store *st, const char *conninfo, int flags, struct pgstore **out,
    struct kt_err *e);
void pgs_close(struct pgstore *pg);
/* Whether the connection is lost (the server went away under it). */
int pgs_lost(struct pgstore *pg);
/* Connect again on the same conninfo (PQreset): 0, or KT_EOFFLINE while the
 * server cannot be reached.  The statement cache is emptied (the server's
 * prepared statements went with the old session); none may be held. */
int pgs_reconnect(struct pgstore *pg, struct kt_err *e);

int pgs_prepare(struct pgstore *pg, const char *sql, struct pgstmt **out, struct kt_err *e);
/* Back to the cache (its result freed, its parameters NULL). */
void pgs_release(struct pgstmt *q);
void pgs_bind_text(struct pgstmt *q, int i, const char *v);
void pgs_bind_int(struct pgstmt *q, int i, long long v);
void pgs_bind_blob(struct pgstmt *q, int i, const void *v, size_t n);
void pgs_bind_null(struct pgstmt *q, int i);
int pgs_step(struct pgstmt *q);
const char *pgs_col_text(struct pgstmt *q, int i);
long long pgs_col_int(struct pgstmt *q, int i);
int pgs_col_null(struct pgstmt *q, int i);
const void *pgs_col_blob(struct pgstmt *q, int i, size_t *n);
void pgs_reset(struct pgstmt *q);

int pgs_exec(struct pgstore *pg, const char *sql, struct kt_err *e);
int pgs_begin(struct pgstore *pg, struct kt_err *e);
int pgs_commit(struct pgstore *pg, struct kt_err *e);
void pgs_rollback(struct pgstore *pg);
long long pgs_last_id(struct pgstore *pg);
long long pgs_changes(struct pgstore *pg);
int pgs_conflict(struct pgstore *pg);
int pgs_dberror(struct pgstore *pg, struct kt_err *e);
int pgs_version(struct pgstore *pg);
/* Run the migrations of db/migrations-pg (store_pg_migrations) up to upto
 * (-1: all), each in its own transaction. */
int pgs_migrate(struct pgstore *pg, int upto, struct kt_err *e);

/* The PostgreSQL backend's migrations (tools/embed.sh): the same numbers as
 * store_migrations, from db/migrations-pg/ where the dialects differ. */
extern const struct store_sql store_pg_migrations[];

/* Notes (store.h): pgs_notify queues a note of the register's kinds for
 * the open transaction's COMMIT (audit entities of other kinds are left
 * out), or sends it at once outside one; audit_pg_flush calls store_pg_note
 * for each entry it writes. */
int pgs_notify(struct pgstore *pg, const char *kind, long long id, const char *action,
    struct kt_err *e);
void store_pg_note(struct store *st, const char *entity, long long id, const char *action);
int pgs_listen(struct pgstore *pg, struct kt_err *e);
int pgs_wait_note(struct pgstore *pg, int timeout_ms, struct store_note *out,
    struct kt_err *e);
int pgs_note_fd(struct pgstore *pg);
int pgs_about(struct pgstore *pg, struct store_about *out, struct kt_err *e);
/* Backups (store.h): pg_dump -Fc and pg_restore --single-transaction. */
int pgs_backup(struct pgstore *pg, const char *path, long long *bytes, struct kt_err *e);
int pgs_backup_check(const char *file, int *version, struct kt_err *e);
int pgs_restore(const char *conninfo, const char *file, struct kt_err *e);

/* Whether st is on PostgreSQL (audit.c writes its log from C there). */
int store_on_pg(struct store *st);

#endif
