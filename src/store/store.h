/*
 * store.h - the station's store: the interface the library reads and writes
 * its records through.  No engine shows through it: statements are prepared,
 * bound, stepped and read with the store_* calls below, so that no file but
 * the backend's includes an engine's header (tests/cli/layers.t checks).  Two
 * backends: SQLite, a file (store-sqlite.c), and PostgreSQL, a database named
 * by a connection string (store-pg.c, store_remote); SQL is written once where
 * engines agree (RETURNING, substr, wib(ts)), per backend where they do not.
 * Parameters are written ?1 or ?, as SQLite's; the PostgreSQL backend makes
 * them $1 and types a parameter the server cannot infer as text (which then
 * compares as text: "?1 IS NULL OR name = ?1" matches an operator's name with
 * regard to case there, "name = ?1" without, as SQLite's NOCASE does).
 *
 * One struct store per open database.  Opening SQLite sets WAL, foreign keys
 * and a busy timeout (two stations on one file wait for each other instead of
 * failing); PostgreSQL keeps one connection for the struct's life.  Both
 * upgrade an older database in place through the numbered migrations
 * (db/migrations/, and db/migrations-pg/ where PostgreSQL's differ), each in
 * its own transaction.  Every change to members, cards and applications
 * happens between store_begin() and store_commit().
 */
#ifndef KARTU_STORE_H
#define KARTU_STORE_H

#include <stddef.h>
#include <time.h>

#include "err.h"

struct store;
struct store_stmt;	/* a prepared statement */

/* The SQL embedded at build time (tools/embed.sh): the migrations in order,
 * ended by { NULL, NULL }.  (The built-in rules are data: rulesfile.h.) */
struct store_sql {
	const char *name;
	const char *sql;
};
extern const struct store_sql store_migrations[];

#define STORE_CREATE 0x1	/* create the file if it does not exist */
#define STORE_NO_MIGRATE 0x2	/* open at the version it is (store_upgrade) */

/* Open (and, with STORE_CREATE, create) the database at path and bring its
 * schema to the newest version.  *out is set on success; free with
 * store_close().  A missing file without STORE_CREATE is KT_ENOTFOUND.
 *
 * Upgrading a database is the admin's: a database with an active admin and
 * an older schema is not migrated here but refused (KT_EREFUSED, the next
 * step "init-admin" with an admin's name), so that a new kartu does not change
 * a database behind its admin's back.  Without an admin (a new database, or
 * one not yet given its staff) it is migrated at once.  With STORE_NO_MIGRATE
 * it is opened at the version it is, for kartu init to see who acts first and
 * then call store_upgrade; the audit triggers are then installed only once
 * the schema is the newest. */
int store_open(const char *path, int flags, struct store **out, struct kt_err *e);
/* KT_EOFFLINE (err.h), from store_open or any call after it: a PostgreSQL
 * server that cannot be reached, or a connection that dropped (the
 * statement's result is lost; a transaction was rolled back by the server).
 * store_lost then says so: store_reconnect, or close it and open it again. */
/* Whether the store's connection is lost (PostgreSQL: the server went away
 * under it; SQLite: never). */
int store_lost(struct store *st);
/* Connect again to the same database, keeping what the store was given (key,
 * clock, station, user, actor): 0, or KT_EOFFLINE while the server cannot be
 * reached.  No statement may be held across it; a transaction in progress is
 * gone, and so is a store_listen (a listener opens a new store).  SQLite:
 * nothing to do. */
int store_reconnect(struct store *st, struct kt_err *e);
/* Whether db names a PostgreSQL database (a postgresql:// or postgres:// URI,
 * or a libpq key=value string such as "host=/run/postgresql dbname=kartu")
 * rather than an SQLite file.  store_open opens either. */
int store_remote(const char *db);
/* The engine of the open database, for the rare statement the core must
 * write per engine (the member search: FTS5 on SQLite, a tsquery on
 * PostgreSQL; src/core/search.c keeps both side by side). */
enum store_engine { STORE_SQLITE, STORE_POSTGRESQL };
enum store_engine store_engine(struct store *st);
/* Bring a database opened with STORE_NO_MIGRATE to the newest schema (each
 * migration in its own transaction) and install the audit trail. */
int store_upgrade(struct store *st, struct kt_err *e);
/* As store_open, but stop the migrations at version upto (tests of upgrades). */
int store_open_version(const char *path, int flags, int upto, struct store **out,
    struct kt_err *e);
void store_close(struct store *st);

/* The schema version of the open database, and the newest this build knows. */
int store_version(struct store *st);
int store_latest_version(void);

/* Transactions: store_begin takes the write lock at once, so that writers
 * run one after the other and every check-then-write of the core (a member
 * number from its counter, the already-a-member check, the audit chain's
 * head) holds across stations: SQLite's BEGIN IMMEDIATE; on PostgreSQL, BEGIN
 * and pg_advisory_xact_lock of one key for the whole register (READ
 * COMMITTED alone would let two desks read the same counter), released at
 * COMMIT or ROLLBACK.  On PostgreSQL a write outside a transaction is made
 * one the same way.  store_rollback is safe to call when no transaction is
 * open. */
int store_begin(struct store *st, struct kt_err *e);
int store_commit(struct store *st, struct kt_err *e);
void store_rollback(struct store *st);
/* A read transaction: the statements until store_end_read see the register
 * as it was at one moment (an export's count and its rows, fsck's checks, a
 * report's sections), without the writers' lock.  SQLite: BEGIN, deferred
 * (the snapshot of its first read, held to its end; WAL lets writers go on).
 * PostgreSQL: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY (READ COMMITTED
 * would give each statement a snapshot of its own); a write in it fails.
 * Nested, or inside an open transaction, it begins nothing and the matching
 * store_end_read ends nothing.  store_end_read ends it (nothing was written:
 * a rollback); safe to call without one. */
int store_begin_read(struct store *st, struct kt_err *e);
void store_end_read(struct store *st);
/* A second connection to st's SQLite database, for reading on another
 * thread while st writes in its transaction (an import checks its rows on
 * one core while the other writes them): the same register key and clock,
 * in a read transaction of its own that never sees what st has not
 * committed (st's BEGIN IMMEDIATE holds the writers' lock, so it sees the
 * register as st's transaction found it), settings read once.  *out is NULL,
 * and 0 returned, where there is no second connection to make (PostgreSQL,
 * a database in memory): the caller reads through st.  Closed with
 * store_close (which ends the read). */
int store_open_reader(struct store *st, struct store **out, struct kt_err *e);
/* Rows of table were inserted with the ids given to them (an import numbers
 * its members as it checks them): the engine's own next id moved past the
 * largest, so that a row inserted without one does not take an id in use.
 * PostgreSQL: the identity's sequence set (outside the transaction: a
 * rollback leaves a gap in the ids, as any does); SQLite takes the largest
 * rowid + 1 by itself. */
int store_ids_given(struct store *st, const char *table, struct kt_err *e);
/* Mark the open transaction as a bulk load (kartu import: thousands of rows
 * in one transaction): a larger page cache, and settings read once and kept
 * (store_setting) until the transaction ends, so the caller changes none in
 * it.  Outside a transaction, or again in the same one, it does nothing;
 * commit and rollback end it. */
int store_bulk(struct store *st, struct kt_err *e);
/* As store_bulk, for a load that will add about rows members (kartu import
 * counts its rows first).  On SQLite, when rows is large against the
 * register (at least 10 000, or what store_set_bulk_index_min set, and
 * half the members already there), the secondary indexes of members
 * and cards that no statement of an import reads are also dropped now and
 * made again, each from its own SQL and at its own place in the schema,
 * just before COMMIT: SQLite builds an index from sorted keys several times
 * faster than it keeps it row by row.  The schema is the same afterwards,
 * and a rollback leaves every index as it was; in between, a query by one
 * of those keys (a birth date, a phone, a card's member) scans its table,
 * so the transaction runs the import's own statements only.  rows 0 (or
 * small against the register) is store_bulk.  After a failure the caller
 * rolls the transaction back (which gives back whatever was dropped).
 * PostgreSQL: store_bulk. */
int store_bulk_rows(struct store *st, long long rows, struct kt_err *e);
/* The fewest rows for which store_bulk_rows defers the indexes (0: the
 * default, 10 000): the test build's hook (KARTU_BULK_INDEX_ROWS), so that a
 * test need not import ten thousand rows to go that way. */
void store_set_bulk_index_min(struct store *st, long long rows);

/* Statements.  Parameters are ?1, ?2, ... (or ?), numbered from 1; columns
 * from 0.  Prepare sql; on failure fill e with the database's message.
 * Statements are cached by their text: preparing the same SQL again after
 * store_finalize hands back the same compiled statement, reset and with
 * every parameter NULL, so a loop over rows pays for compiling once. */
int store_prepare(struct store *st, const char *sql, struct store_stmt **s,
    struct kt_err *e);
/* Bind a value (copied): text NULL binds NULL. */
void store_bind_text(struct store_stmt *s, int i, const char *v);
void store_bind_int(struct store_stmt *s, int i, long long v);
void store_bind_blob(struct store_stmt *s, int i, const void *v, size_t n);
void store_bind_null(struct store_stmt *s, int i);
/* Run s to its next row: STORE_ROW (columns readable), STORE_DONE, or any
 * other value for a failure (then store_dberror says what). */
#define STORE_ROW 100
#define STORE_DONE 101
int store_step(struct store_stmt *s);
/* Columns of the current row: text NULL for NULL; valid until the next step. */
const char *store_col_text(struct store_stmt *s, int i);
long long store_col_int(struct store_stmt *s, int i);
int store_col_null(struct store_stmt *s, int i);
const void *store_col_blob(struct store_stmt *s, int i, size_t *n);
/* Start s again from its first row, keeping its bindings. */
void store_reset(struct store_stmt *s);
/* Done with s (reset and back to the cache, or freed); NULL is fine. */
void store_finalize(struct store_stmt *s);
/* Step through s, calling row(s, arg) for each row; a non-zero return from
 * row stops the walk and is returned.  With no row at all and notfound not
 * NULL, KT_ENOTFOUND with that message.  Finalizes s. */
int store_each(struct store *st, struct store_stmt *s,
    int (*row)(struct store_stmt *, void *), void *arg, const char *notfound,
    struct kt_err *e);
/* Run one statement that returns no rows, its parameters given by types, one
 * letter each: 't' a const char * (NULL binds NULL), 'i' a long long (cast
 * ints: the arguments are read as long long), 'n' NULL (no argument).
 * store_run(st, e, "UPDATE members SET phone = ?1 WHERE id = ?2", "ti", phone,
 * (long long)id). */
int store_run(struct store *st, struct kt_err *e, const char *sql, const char *types, ...);
/* Run sql, which takes no parameters and returns no rows (several statements
 * separated by ';' are fine). */
int store_exec(struct store *st, const char *sql, struct kt_err *e);
/* The id (rowid) of the row the last INSERT made, not counting the rows its
 * triggers made: for hot paths, where RETURNING costs a temporary table.  On
 * PostgreSQL, an INSERT into a table with an identity column id that has no
 * RETURNING of its own is sent with RETURNING id, whose value (of its last
 * row) this is; other INSERTs leave it as it was. */
long long store_last_id(struct store *st);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
long long store_changes(struct store *st);
/* Whether a transaction is open. */
int store_in_transaction(struct store *st);
/* Whether the last failure was a constraint (a unique key, a check). */
int store_conflict(struct store *st);
/* Fill e from the database's last error and return KT_EFAIL. */
int store_dberror(struct store *st, struct kt_err *e);

/* The engine's own check of the database, each problem given to problem
 * (kind "integrity": the file, detail says what; "foreign-keys": what, a
 * table and row id, refers to a missing row, detail says of which table),
 * whose non-zero return stops the check and is returned.  SQLite: PRAGMA
 * integrity_check and foreign_key_check.  PostgreSQL: nothing to check here
 * (the server keeps its files and enforces every foreign key). */
int store_integrity(struct store *st, int (*problem)(const char *kind, const char *what,
    const char *detail, void *arg), void *arg, struct kt_err *e);

/*
 * Backups (kartu backup, kartu restore).  A backup holds the database, never
 * the keys (keys.h: they live outside the data they protect).
 *
 * store_backup writes a consistent copy of st's database to path while other
 * stations go on writing: on SQLite through the online backup API (one read
 * snapshot), a self-contained file checked with integrity_check; on
 * PostgreSQL pg_dump's custom format.  Either is written to a temporary file
 * beside path (mode 0600) and renamed over it only when whole: after a
 * failure nothing is at path that was not there before.  *bytes is its size.
 *
 * store_backup_check says whether file is a whole backup of a kartu register
 * for db's engine (db as store_open takes it), and its schema version:
 * KT_EDAMAGED (with why) for a truncated, damaged or foreign file, KT_EFAIL
 * for one that cannot be read.
 *
 * store_restore replaces the database db with the backup file, all or
 * nothing: one transaction (SQLite's backup API into db; pg_restore
 * --single-transaction), so that a failure leaves db as it was.  The caller
 * checks first that it may (store_backup_check, and that db's register is
 * empty or the admin said so) and opens db afterwards to check it.  On
 * PostgreSQL, pg_dump and pg_restore are run from PG_BINDIR with the
 * connection's parameters in their environment alone, never in their argv.
 */
int store_backup(struct store *st, const char *path, long long *bytes, struct kt_err *e);
int store_backup_check(const char *db, const char *file, int *version, struct kt_err *e);
int store_restore(const char *db, const char *file, struct kt_err *e);

/* What the engine says of itself, for kartu doctor: its version ("PostgreSQL
 * 15.20", "SQLite 3.40.1") and, on PostgreSQL, the rights of the connected
 * role beyond what kartu needs (it needs only to own its database): 1 for
 * each it has.  Always 0 on SQLite. */
struct store_about {
	char version[64];
	int superuser, createdb, createrole;
};
int store_about(struct store *st, struct store_about *out, struct kt_err *e);

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

/* The screens (src/web) answer many browsers through one store: the session
 * of the request being answered (session_web_resume sets it; 0 after), which
 * session_current then gives instead of the station's.  0: none. */
void store_set_web_session(struct store *st, long long session_id);
long long store_web_session(struct store *st);

/* A PIN the front end was given for this run (KARTU_PIN), for operators with
 * a PIN who are not logged in; copied, and wiped by store_close.  NULL or "":
 * none. */
void store_set_pin(struct store *st, const char *pin);
const char *store_pin(struct store *st);

/* The name of this station (the host name, or what the front end sets), for
 * its session; "" until set. */
void store_set_station(struct store *st, const char *name);
const char *store_station(struct store *st);

/* The register key (keys.h): the key of the hashes below, of the audit
 * chain and of PIN hashes.  store_set_key copies it (wiped by store_close)
 * and checks it against the key id the database keeps, or records that id:
 * KT_EREFUSED for another database's key. */
#define STORE_KEY_LEN 32
int store_set_key(struct store *st, const unsigned char *key, struct kt_err *e);
int store_has_key(struct store *st);
/* Whether the database has recorded a key id (a key was given to it once). */
int store_key_known(struct store *st, int *known, struct kt_err *e);
/* A database made before the register key left the database: its hashing
 * key, from its settings (*found 0 when there is none). */
int store_legacy_key(struct store *st, unsigned char *key, int *found, struct kt_err *e);
/* Remove that key from the database, once it is safe in its file. */
int store_forget_legacy_key(struct store *st, struct kt_err *e);
/* A key of outlen (16 to 64) bytes for purpose, derived from the register
 * key; KT_EFAIL when the station has none. */
int store_subkey(struct store *st, const char *purpose, unsigned char *out, size_t outlen,
    struct kt_err *e);

/* The Unix user this run acts for (the front end gives the kernel's real
 * uid): a session belongs to the user who logged in, never to whoever names
 * the same station.  -1 until set: no session is found or made then. */
void store_set_user(struct store *st, long long uid);
long long store_user(struct store *st);

/* A keyed hash (hex, 32 characters + NUL) of an identity number, so the store
 * can find "the same NIK" without keeping the number.  kind separates the
 * kinds of number.  out must hold STORE_HASH_LEN bytes. */
#define STORE_HASH_LEN 33
int store_hash_id(struct store *st, const char *kind, const char *number, char *out,
    struct kt_err *e);

/* ---- notes: what other stations did, as it happens (issue 17) ----
 *
 * On PostgreSQL every transaction that changes the register tells the
 * stations listening, inside the transaction (so a rollback tells nothing,
 * and a listener hears it only once it is committed): one NOTIFY on the
 * channel "kartu" for each row its audit entries name (an application, a
 * member, a card, a handover, a replacement, a reprint mark, a photo, a
 * complaint), at most STORE_NOTES_MAX of them; a transaction that changed
 * more (an import) sends one note of kind "bulk" instead.  Changes to
 * sessions, operators, settings and the calendar send none.  The payload is
 * one line, "kind id action station" ("application 12 insert loket-1"): no
 * NIK, no name, nothing but the row's kind and id and who changed it.
 *
 * On SQLite (one file, the stations on one computer) there is no such
 * channel: a listener polls the file's data_version and hears one note of
 * kind "change" (id 0, no station) after any commit by another connection;
 * store_notify sends nothing. */
#define STORE_NOTES_MAX 16
#define STORE_NOTE_CHANNEL "kartu"
struct store_note {
	char kind[24];		/* "application", "member", "card", "handover",
				   "replacement", "reprint", "photo", "complaint",
				   "tap" (store_notify), "bulk", "change" (SQLite) */
	char action[12];	/* "insert", "update", "delete", "event" */
	long long id;		/* the row's id; 0 when there is no one row */
	char station[64];	/* the station that made it ("" when unknown) */
};
/* Send a note that is no change of the register (kind "tap": a card checked
 * at this desk, id the card's id, action "chip" or "barcode") to the
 * stations listening, at once when no transaction is open, else with its
 * commit.  Nothing on SQLite. */
int store_notify(struct store *st, const char *kind, long long id, const char *action,
    struct kt_err *e);
/* Start listening on st (a store of its own, for one thread: it is used for
 * nothing else while it listens).  Notes committed after this are heard.
 * On PostgreSQL the connection's application_name becomes "kartu
 * listener". */
int store_listen(struct store *st, struct kt_err *e);
/* The next note heard, waiting at most timeout_ms (0: only what is already
 * there): 0 and *out filled, KT_ENOTFOUND when none came in time, KT_EOFFLINE
 * when the connection is lost (the caller opens a new store and listens
 * again: notes of the time between are lost).  A payload that does not
 * parse (another client's NOTIFY kartu) is skipped. */
int store_wait_note(struct store *st, int timeout_ms, struct store_note *out,
    struct kt_err *e);
/* The descriptor to poll for readable between waits (the connection's
 * socket), or -1 on SQLite (poll by calling store_wait_note). */
int store_note_fd(struct store *st);
/* A payload "kind id action station" as a note: 0, or -1 for one that is
 * not such a line (kind and action lowercase letters and '-', id digits
 * without a leading zero, the station printable and not empty when its
 * space is there, each within its field): what parses is what
 * store_note_format writes. */
int store_note_parse(const char *payload, struct store_note *out);
/* n as a payload into buf: 0, or -1 if it does not fit or a field is not
 * as store_note_parse takes it. */
int store_note_format(const struct store_note *n, char *buf, size_t len);

#endif
