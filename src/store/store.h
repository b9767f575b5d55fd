/*
 * store.h - the SQLite store of the station.
 *
 * One struct store per open database.  Opening sets WAL, foreign keys and a
 * busy timeout (two stations on one file wait for each other instead of failing)
 * and upgrades an older database in place through the numbered migrations in
 * db/migrations/, each in its own transaction.  Every change to members, cards
 * and applications happens between store_begin() and store_commit().
 */
#ifndef KARTU_STORE_H
#define KARTU_STORE_H

#include <stddef.h>
#include <time.h>

#include <sqlite3.h>

#include "err.h"

struct store;

/* The SQL embedded at build time (tools/embed.sh): the migrations in order,
 * ended by { NULL, NULL }, and the default rules. */
struct store_sql {
	const char *name;
	const char *sql;
};
extern const struct store_sql store_migrations[];
extern const char store_default_rules[];

#define STORE_CREATE 0x1	/* create the file if it does not exist */

/* Open (and, with STORE_CREATE, create) the database at path and bring its
 * schema to the newest version.  *out is set on success; free with
 * store_close().  A missing file without STORE_CREATE is KT_ENOTFOUND. */
int store_open(const char *path, int flags, struct store **out, struct kt_err *e);
/* As store_open, but stop the migrations at version upto (tests of upgrades). */
int store_open_version(const char *path, int flags, int upto, struct store **out,
    struct kt_err *e);
void store_close(struct store *st);

/* The schema version of the open database, and the newest this build knows. */
int store_version(struct store *st);
int store_latest_version(void);

/* Load rules SQL (db/rules.sql or a library's copy) in one transaction, and
 * make the station's hashing key if there is none yet. */
int store_load_rules(struct store *st, const char *sql, struct kt_err *e);

/* Transactions: store_begin takes the write lock at once (BEGIN IMMEDIATE),
 * store_rollback is safe to call when no transaction is open. */
int store_begin(struct store *st, struct kt_err *e);
int store_commit(struct store *st, struct kt_err *e);
void store_rollback(struct store *st);

/* Prepare sql; on failure fill e with the database's message. */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt, struct kt_err *e);
/* Step through s, calling row(s, arg) for each row; a non-zero return from
 * row stops the walk and is returned.  With no row at all and notfound not
 * NULL, KT_ENOTFOUND with that message.  Finalizes s. */
int store_each(struct store *st, sqlite3_stmt *s, int (*row)(sqlite3_stmt *, void *),
    void *arg, const char *notfound, struct kt_err *e);
/* Fill e from the database's last error and return KT_EFAIL. */
int store_dberror(struct store *st, struct kt_err *e);
sqlite3 *store_db(struct store *st);

/* A setting from the settings table, copied into buf; KT_ENOTFOUND if unset. */
int store_setting(struct store *st, const char *key, char *buf, size_t len, struct kt_err *e);

/* The clock: real time unless store_set_clock fixed it (tests, demos). */
void store_set_clock(struct store *st, time_t fixed);
time_t store_now(struct store *st);
/* Now as '2026-11-28T08:00:00Z' into buf (at least 21 bytes). */
void store_timestamp(struct store *st, char *buf, size_t len);
/* Today's date where the service runs: Western Indonesia Time, UTC+7. */
struct kt_date;
void store_today(struct store *st, struct kt_date *d);

/* The operator to whom the following changes are attributed in the audit
 * trail (0: none).  operator_require sets it for each step. */
void store_set_actor(struct store *st, long long operator_id);
long long store_actor(struct store *st);

/* A PIN the front end was given for this run (KARTU_PIN), for operators with
 * a PIN who are not logged in; copied, and wiped by store_close.  NULL: none. */
void store_set_pin(struct store *st, const char *pin);
const char *store_pin(struct store *st);

/* The name of this station (the host name, or what the front end sets), for
 * its session; "" until set. */
void store_set_station(struct store *st, const char *name);
const char *store_station(struct store *st);

/* A keyed hash (hex, 32 characters + NUL) of an identity number, so the store
 * can find "the same NIK" without keeping the number.  kind separates the
 * kinds of number.  out must hold STORE_HASH_LEN bytes. */
#define STORE_HASH_LEN 33
int store_hash_id(struct store *st, const char *kind, const char *number, char *out,
    struct kt_err *e);

#endif
