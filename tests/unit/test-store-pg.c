/*
 * The PostgreSQL backend through store.h (src/store/store-pg.c), on a
 * database of the test run's cluster (tests/pg-cluster.sh, KARTU_PG_HOST):
 * parameters and literals, SQLite's index hints, parameters the server cannot
 * type, blobs, booleans, store_last_id and store_changes, conflicts,
 * transactions.  Skipped without a cluster.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "tap.h"
#include "scalar.h"
#include "snapshot.h"

#define COMPLAINT "INSERT INTO complaints (channel, text, created_at, created_by, updated_at)" \
	" VALUES ('email', 'x', 'now', (SELECT min(id) FROM operators), 'now')"

/* Notes (LISTEN/NOTIFY): a listener on a connection of its own hears each
 * committed change of the register once, with its kind, id and station;
 * nothing of a rollback, of a change of other tables, or before the commit. */
static void
notes(struct store *st, const char *uri)
{
	struct store *lis;
	struct store_note n;
	struct kt_err e = { 0 };
	char sql[96];
	long long id, pid;
	int i;

	if (!ok(store_open(uri, 0, &lis, &e) == 0 && store_listen(lis, &e) == 0,
	    "a listener of its own (%s)", e.msg))
		return;
	ok(store_note_fd(lis) >= 0, "with a socket to poll");
	store_set_station(st, "loket-1");
	is_int(store_wait_note(lis, 100, &n, &e), KT_ENOTFOUND, "nothing heard yet");

	ok(store_begin(st, &e) == 0 && store_run(st, &e, COMPLAINT, "") == 0, "a complaint in"
	    " a transaction (%s)", e.msg);
	is_int(store_wait_note(lis, 200, &n, &e), KT_ENOTFOUND, "not heard before the commit");
	store_rollback(st);
	is_int(store_wait_note(lis, 300, &n, &e), KT_ENOTFOUND, "nor after a rollback");
	is_int(scalar(st, "SELECT count(*) FROM complaints"), 0, "which left nothing");

	ok(store_begin(st, &e) == 0 && store_run(st, &e, COMPLAINT, "") == 0, "again (%s)",
	    e.msg);
	id = store_last_id(st);
	ok(store_commit(st, &e) == 0, "committed (%s)", e.msg);
	ok(store_wait_note(lis, 3000, &n, &e) == 0, "heard");
	is_str(n.kind, "complaint", "its kind");
	is_int(n.id, id, "its id");
	is_str(n.action, "insert", "its action");
	is_str(n.station, "loket-1", "the station that made it");
	is_int(store_wait_note(lis, 200, &n, &e), KT_ENOTFOUND, "once");

	ok(store_run(st, &e, "UPDATE complaints SET status = 'dianalisis' WHERE id = ?", "i",
	    id) == 0, "an update outside a transaction (%s)", e.msg);
	ok(store_wait_note(lis, 3000, &n, &e) == 0 && strcmp(n.kind, "complaint") == 0 &&
	    n.id == id && strcmp(n.action, "update") == 0, "is heard as an update");
	ok(store_run(st, &e, "UPDATE operators SET active = active", "") == 0 &&
	    store_run(st, &e, "UPDATE complaints SET status = status", "") == 0,
	    "a change of operators, and one that changes nothing");
	is_int(store_wait_note(lis, 300, &n, &e), KT_ENOTFOUND, "are not heard");

	ok(store_begin(st, &e) == 0, "a transaction of many changes");
	for (i = 0; i < STORE_NOTES_MAX + 4; i++)
		store_run(st, &e, COMPLAINT, "");
	ok(store_commit(st, &e) == 0, "committed (%s)", e.msg);
	ok(store_wait_note(lis, 3000, &n, &e) == 0 && strcmp(n.kind, "bulk") == 0 && n.id == 0,
	    "is heard as one bulk note");
	is_int(store_wait_note(lis, 200, &n, &e), KT_ENOTFOUND, "only");

	ok(store_exec(st, "SELECT pg_notify('kartu', 'not a note'),"
	    " pg_notify('kartu', 'card 1 insert \x01')", &e) == 0, "another client's junk");
	ok(store_notify(st, "tap", 42, "barcode", &e) == 0, "a tap, told outside a transaction");
	ok(store_wait_note(lis, 3000, &n, &e) == 0 && strcmp(n.kind, "tap") == 0 && n.id == 42 &&
	    strcmp(n.action, "barcode") == 0 && strcmp(n.station, "loket-1") == 0,
	    "is heard, the junk before it skipped");

	/* The server drops the listener: offline (KT_EOFFLINE), for the caller to open
	 * another store. */
	pid = scalar(lis, "SELECT pg_backend_pid()");
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", pid);
	ok(pid > 0 && store_exec(st, sql, &e) == 0, "the listener's connection ended (%s)",
	    e.msg);
	memset(&e, 0, sizeof e);
	is_int(store_wait_note(lis, 3000, &n, &e), KT_EOFFLINE, "is offline");
	ok(e.msg[0] != '\0', "that says why");
	store_close(lis);
}

int
main(void)
{
	const char *host = getenv("KARTU_PG_HOST");
	char uri[512], db[64], sql[160];
	struct store *st, *st2;
	struct store_stmt *s;
	struct kt_err e = { 0 };
	const unsigned char blob[6] = { 'a', 0, 'b', 0xff, '\\', 0 };
	unsigned char key[STORE_KEY_LEN];
	const void *got;
	size_t n;
	long long id;

	if (host == NULL || host[0] == '\0') {
		printf("1..0 # SKIP no PostgreSQL cluster (make test-run starts one)\n");
		return 0;
	}
	/* A database of its own, made from the run's template as the superuser
	 * (on the cluster's postgres database, whose kartu_schema is all this
	 * leaves there). */
	snprintf(db, sizeof db, "unit_store_%ld", (long)getpid());
	snprintf(uri, sizeof uri, "host=%s dbname=postgres user=postgres", host);
	if (!ok(store_open(uri, STORE_CREATE | STORE_NO_MIGRATE, &st, &e) == 0,
	    "a key=value string opens PostgreSQL (%s)", e.msg))
		return done_testing();
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE kartu_tpl OWNER kartu", db);
	ok(store_exec(st, sql, &e) == 0, "a database of its own (%s)", e.msg);
	store_close(st);
	snprintf(uri, sizeof uri, "postgresql:///%s?host=%s&user=kartu", db, host);
	ok(store_remote(uri) && store_remote("postgres://h/d") && store_remote("host=/tmp dbname=x") &&
	    !store_remote("kartu.db") && !store_remote("/var/lib/kartu/kartu.db"),
	    "postgresql://, postgres:// and key=value are PostgreSQL, paths SQLite");
	ok(store_open(uri, 0, &st, &e) == KT_ENOTFOUND, "an empty database is not found without"
	    " STORE_CREATE");
	if (!ok(store_open(uri, STORE_CREATE, &st, &e) == 0, "made and migrated (%s)", e.msg))
		return done_testing();
	is_int(store_version(st), store_latest_version(), "at the newest schema version");
	ok(store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES ('A', 'admin',"
	    " 'x')", "") != 0 && strstr(e.msg, "register key") != NULL,
	    "a write without the register key fails, saying so: its audit entry needs it");
	memset(key, 7, sizeof key);
	memset(&e, 0, sizeof e);
	ok(store_set_key(st, key, &e) == 0, "the register key (%s)", e.msg);

	/* ?NNN and ? become $N outside literals; a ? in a literal stays. */
	if (ok(store_prepare(st, "SELECT '?' || ?1 || '?2', ? || 'it''s ?'", &s, &e) == 0,
	    "a statement with ? in its literals prepares (%s)", e.msg)) {
		store_bind_text(s, 1, "a");
		store_bind_text(s, 2, "b");
		ok(store_step(s) == STORE_ROW, "steps to its row");
		is_str(store_col_text(s, 0), "?a?2", "?1 bound, the literals' ? kept");
		is_str(store_col_text(s, 1), "bit's ?", "a plain ? is the next number");
		ok(store_step(s) == STORE_DONE, "then done");
		store_finalize(s);
	}
	/* SQLite's index hints are left out. */
	is_int(scalar(st, "SELECT count(*) FROM members m INDEXED BY members_imported WHERE"
	    " m.id > 0"), 0, "INDEXED BY name is dropped");
	is_int(scalar(st, "SELECT count(*) FROM members NOT INDEXED"), 0, "NOT INDEXED too");
	is_int(scalar(st, "SELECT count(*) FROM settings WHERE key = 'not indexed by x'"), 0,
	    "but not inside a literal");
	/* Booleans read as integers. */
	is_int(scalar(st, "SELECT 1 = 1"), 1, "true reads 1");
	is_int(scalar(st, "SELECT 1 = 0"), 0, "false reads 0");

	/* Writes, their ids and counts, in a transaction. */
	ok(store_begin(st, &e) == 0, "begin (%s)", e.msg);
	ok(store_in_transaction(st), "in a transaction");
	ok(store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES (?1, ?2, ?3)",
	    "ttt", "Siti", "officer", "2026-11-28T01:30:00Z") == 0, "an insert (%s)", e.msg);
	id = store_last_id(st);
	ok(id > 0, "store_last_id gives its id (%lld)", id);
	ok(store_run(st, &e, "INSERT INTO settings (key, value) VALUES ('x', 'y')", "") == 0,
	    "an insert into a table without an id");
	is_int(store_last_id(st), id, "leaves store_last_id as it was");
	ok(store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES ('Eka',"
	    " 'desk', 'x');\n", "") == 0 && store_last_id(st) == id + 1,
	    "an insert ended by ';' gets its id too");
	ok(store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES (?1, ?2, ?3)",
	    "ttt", "SITI", "desk", "2026-11-28T01:30:00Z") != 0 && store_conflict(st),
	    "a name that differs only in case is a conflict (citext)");
	store_rollback(st);
	memset(&e, 0, sizeof e);
	ok(!store_in_transaction(st), "rolled back");
	is_int(scalar(st, "SELECT count(*) FROM operators"), 0, "nothing of it is left");
	ok(store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES (?1, ?2, ?3)",
	    "ttt", "Budi", "operator", "2026-11-28T01:30:00Z") == 0,
	    "an insert outside a transaction is one of its own (%s)", e.msg);
	ok(store_run(st, &e, "UPDATE operators SET active = active WHERE id > ?", "i", 0LL) == 0,
	    "an update outside a transaction");
	is_int(store_changes(st), 1, "store_changes counts its row, not the audit trail's");

	/* A parameter the server cannot type is text. */
	if (ok(store_prepare(st, "SELECT count(*) FROM operators WHERE ?1 IS NULL OR name = ?1",
	    &s, &e) == 0, "?1 IS NULL OR name = ?1 prepares (%s)", e.msg)) {
		store_bind_null(s, 1);
		ok(store_step(s) == STORE_ROW && store_col_int(s, 0) == 1, "NULL: every row");
		store_reset(s);
		store_bind_text(s, 1, "Budi");
		ok(store_step(s) == STORE_ROW && store_col_int(s, 0) == 1, "a name: its row");
		store_finalize(s);
	}
	/* Typed text, it compares as text; where the server infers the type,
	 * an operator's name is matched without regard to case (citext). */
	if (store_prepare(st, "SELECT count(*) FROM operators WHERE name = ?1", &s, &e) == 0) {
		store_bind_text(s, 1, "budi");
		ok(store_step(s) == STORE_ROW && store_col_int(s, 0) == 1,
		    "name = ?1 finds Budi as budi");
		store_finalize(s);
	}
	/* Blobs go and come back as bytes, NUL and all. */
	ok(store_exec(st, "CREATE TEMP TABLE b (x bytea)", &e) == 0, "a table of blobs");
	if (ok(store_prepare(st, "INSERT INTO b (x) VALUES (?)", &s, &e) == 0, "insert a blob")) {
		store_bind_blob(s, 1, blob, sizeof blob);
		ok(store_step(s) == STORE_DONE, "written");
		store_finalize(s);
	}
	if (store_prepare(st, "SELECT x, length(x) FROM b", &s, &e) == 0) {
		ok(store_step(s) == STORE_ROW, "read back");
		got = store_col_blob(s, 0, &n);
		ok(n == sizeof blob && got != NULL && memcmp(got, blob, n) == 0,
		    "the same %zu bytes", sizeof blob);
		is_int(store_col_int(s, 1), 6, "the server counts 6 too");
		store_finalize(s);
	}
	/* A failure names the server's message. */
	ok(store_prepare(st, "SELECT nope FROM nowhere", &s, &e) != 0 &&
	    strstr(e.msg, "nowhere") != NULL, "an error says the server's message");
	memset(&e, 0, sizeof e);
	notes(st, uri);
	/* A read transaction: REPEATABLE READ READ ONLY. */
	if (ok(store_open(uri, 0, &st2, &e) == 0 && store_set_key(st2, key, &e) == 0,
	    "a second connection (%s)", e.msg)) {
		snapshot_tests(st, st2);
		store_close(st2);
	}
	store_close(st);
	return done_testing();
}
