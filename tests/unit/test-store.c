/* The store: creation, pragmas, migrations in place, busy waiting, hashing. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "rulesfile.h"
#include "setup.h"
#include "store.h"
#include "tap.h"
#include "scalar.h"
#include "snapshot.h"

int
main(void)
{
	char dir[] = "/tmp/kartu-test-store-XXXXXX", path[128], h1[STORE_HASH_LEN];
	char h2[STORE_HASH_LEN], h3[STORE_HASH_LEN], buf[64];
	struct store *st, *st2;
	struct store_stmt *s2;
	struct audit_result ar;
	time_t t0;
	int i;
	unsigned char key[STORE_KEY_LEN];
	struct rulesfile *rf;
	struct kt_err e = { 0 };
	struct store_stmt *s;
	pid_t pid;
	int status;

	if (mkdtemp(dir) == NULL)
		return 1;
	memset(key, 0x5a, sizeof key);
	snprintf(path, sizeof path, "%s/k.db", dir);

	ok(store_open(path, 0, &st, &e) == KT_ENOTFOUND, "a missing database is not found: %s",
	    e.msg);
	ok(access(path, F_OK) != 0, "and no file was made");

	/* An old database: only the first migration. */
	ok(store_open_version(path, STORE_CREATE, 1, &st, &e) == 0, "made at version 1");
	is_int(store_version(st), 1, "schema version 1");
	ok(store_hash_id(st, "nik", "6205031405900001", h1, &e) == KT_EFAIL,
	    "no hash without the register key: %s", e.msg);
	ok(store_set_key(st, key, &e) == 0, "the register key is taken: %s", e.msg);
	ok(store_prepare(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('Sari', 'officer', '2026-01-01T00:00:00Z')", &s, NULL) == 0 &&
	    store_step(s) == STORE_DONE, "a row written at version 1");
	store_finalize(s);
	store_hash_id(st, "nik", "6205031405900001", h1, NULL);
	store_close(st);

	ok(store_open(path, 0, &st, &e) == 0, "reopened: %s", e.msg);
	key[0] ^= 1;
	ok(store_set_key(st, key, &e) == KT_EREFUSED, "another database's key is refused: %s",
	    e.msg);
	key[0] ^= 1;
	ok(store_set_key(st, key, &e) == 0, "its own key is taken again: %s", e.msg);
	is_int(store_version(st), store_latest_version(), "upgraded in place to the newest");
	ok(store_latest_version() >= 2, "there are at least two migrations");
	is_int(scalar(st, "SELECT count(*) FROM operators WHERE name = 'Sari'"), 1,
	    "the row survived the upgrade");
	is_int(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name = 'members_birth'"), 1,
	    "the second migration's index exists");
	is_int(scalar(st, "PRAGMA foreign_keys"), 1, "foreign keys on");
	ok(store_prepare(st, "PRAGMA journal_mode", &s, NULL) == 0 &&
	    store_step(s) == STORE_ROW &&
	    strcmp(store_col_text(s, 0), "wal") == 0, "WAL journal");
	store_finalize(s);
	ok(store_prepare(st, "INSERT INTO cards (member_id, issue_no, card_no, status,"
	    " created_at, created_by, status_at, status_by) VALUES (999, 1, 'x', 'new', 'a',"
	    " 1, 'a', 1)", &s, NULL) == 0 && store_step(s) != STORE_DONE,
	    "a card of no member is refused by the foreign key");
	store_finalize(s);

	store_hash_id(st, "nik", "6205031405900001", h2, NULL);
	store_hash_id(st, "nik", "6205031405900002", h3, NULL);
	is_str(h1, h2, "the same key hashes the same after reopening");
	ok(strcmp(h2, h3) != 0, "different numbers hash differently");
	ok(strstr(h2, "6205031405900001") == NULL && strlen(h2) == 32, "a 32-hex hash");
	ok(setup_builtin(st, &e) == 0, "the built-in rules load: %s", e.msg);
	ok(store_setting(st, "library_code", buf, sizeof buf, NULL) == 0 &&
	    strcmp(buf, "6205") == 0, "library code from the rules");
	ok(store_setting(st, "nothing", buf, sizeof buf, NULL) == KT_ENOTFOUND, "unset setting");
	ok(setup_builtin(st, NULL) == 0, "rules load twice");
	is_int(scalar(st, "SELECT count(*) FROM categories"), 5, "still five categories");
	/* A load the store refuses halfway (a document it does not know) is undone. */
	if ((rf = calloc(1, sizeof *rf)) == NULL)
		return 1;
	ok(rulesfile_parse(rf, rulesfile_builtin, strlen(rulesfile_builtin), "built-in",
	    &e) == 0, "the built-in rules parse: %s", e.msg);
	snprintf(rf->categories[4].documents[1], RULESFILE_CODE, "paspor");
	snprintf(rf->categories[0].name, sizeof rf->categories[0].name, "Changed");
	ok(setup_load(st, rf, 0, NULL, "test", &e) == KT_EFAIL, "a failing load fails: %s",
	    e.msg);
	is_int(scalar(st, "SELECT count(*) FROM categories WHERE name = 'Changed'"), 0,
	    "and changes nothing");
	free(rf);

	/* Two stations on one file: the second waits for the first's lock.  The
	 * child opens its own connection after the fork (SQLite connections must
	 * not cross a fork). */
	store_close(st);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct store *c;
		struct kt_err ce = { 0 };
		int rc;

		usleep(100 * 1000);	/* let the parent take the lock first */
		rc = store_open(path, 0, &c, &ce);
		if (rc == 0)
			rc = store_begin(c, &ce);
		if (rc == 0)
			rc = store_commit(c, &ce);
		if (rc != 0)
			printf("# child: %s\n", ce.msg);
		store_close(c);
		fflush(stdout);
		_exit(rc == 0 ? 0 : 1);
	}
	ok(store_open(path, 0, &st, NULL) == 0 && store_begin(st, NULL) == 0,
	    "first station takes the write lock");
	usleep(400 * 1000);
	ok(store_commit(st, NULL) == 0, "first station commits after 400 ms");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the second station waited instead of failing with 'database is locked'");
	store_close(st);

	/* A database from a newer kartu is not touched. */
	ok(store_open(path, 0, &st, NULL) == 0, "reopen");
	store_exec(st, "PRAGMA user_version = 99", NULL);
	store_close(st);
	ok(store_open(path, 0, &st2, &e) == KT_EFAIL, "a newer schema is refused: %s", e.msg);

	/* Name keys made by an older kartu are recomputed by migration 0011. */
	snprintf(path, sizeof path, "%s/old-keys.db", dir);
	ok(store_open_version(path, STORE_CREATE, 10, &st, &e) == 0 &&
	    store_exec(st, "INSERT INTO categories (code, name, institution, valid_months)"
	    " VALUES ('umum', 'Umum', 'none', 60); INSERT INTO documents (code, name, format)"
	    " VALUES ('ktp', 'KTP', 'nik')", &e) == 0, "a database at version 10");
	ok(store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('x', 'operator', 'now'); INSERT INTO members (member_no, category, name,"
	    " name_key, birth_place, birth_date, sex, address, phone, expires_on, created_at,"
	    " created_by) VALUES ('M1', 'umum', 'Drs. Abdurrahman Wahid', 'drs abdurahman wahid',"
	    " 'X', '1940-09-07', 'L', 'A', '+628', '2030-01-01', 'now', 1);"
	    " INSERT INTO applications (state, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, document, document_hash, document_masked,"
	    " created_at, updated_at) VALUES ('applied', 'umum', 'Hj. Siti Hanifah',"
	    " 'hj siti hanifah', 'X', '1980-01-01', 'P', 'A', '+628', 'ktp', 'h', 'm', 'now',"
	    " 'now')", NULL) == 0, "a member and an application with old keys");
	store_close(st);
	ok(store_open(path, 0, &st, &e) == 0, "opened by this kartu: %s", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM members WHERE name_key = 'abd rahman wahid'"), 1,
	    "the member's name key is recomputed");
	is_int(scalar(st, "SELECT count(*) FROM applications WHERE name_key = 'siti hanifa'"), 1,
	    "and the application's");
	store_close(st);

	/* And again by migration 0019, the second round of issue 18 (the
	 * member search index follows). */
	snprintf(path, sizeof path, "%s/old-keys-2.db", dir);
	ok(store_open_version(path, STORE_CREATE, 17, &st, &e) == 0 &&
	    store_set_key(st, key, &e) == 0 && store_exec(st, "INSERT INTO categories (code, name, institution, valid_months)"
	    " VALUES ('umum', 'Umum', 'none', 60); INSERT INTO documents (code, name, format)"
	    " VALUES ('ktp', 'KTP', 'nik')", &e) == 0, "a database at version 17: %s", e.msg);
	ok(store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('x', 'operator', 'now'); INSERT INTO members (member_no, category, name,"
	    " name_key, birth_place, birth_date, sex, address, phone, expires_on, created_at,"
	    " created_by) VALUES ('M1', 'umum', 'R.A. Kartini', 'a kartini',"
	    " 'X', '1979-04-21', 'P', 'A', '+628', '2030-01-01', 'now', 1);"
	    " INSERT INTO applications (state, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, document, document_hash, document_masked,"
	    " created_at, updated_at) VALUES ('applied', 'umum', 'Gouw Swie Tjiang',"
	    " 'gouw swi ciang', 'X', '1980-01-01', 'L', 'A', '+628', 'ktp', 'h', 'm', 'now',"
	    " 'now')", NULL) == 0, "a member and an application with keys of the first round");
	store_close(st);
	ok(store_open(path, 0, &st, &e) == 0, "opened by this kartu: %s", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM members WHERE name_key = 'kartini'"), 1,
	    "the member's name key is recomputed");
	is_int(scalar(st, "SELECT count(*) FROM member_names WHERE member_names MATCH 'kartini'"),
	    1, "and the search index follows");
	is_int(scalar(st, "SELECT count(*) FROM member_names WHERE member_names MATCH 'a'"), 0,
	    "the old key's words are gone from it");
	is_int(scalar(st, "SELECT count(*) FROM applications WHERE name_key = 'go swi ciang'"),
	    1, "and the application's key");
	store_close(st);

	/* With an admin, an older database is upgraded only by kartu init. */
	snprintf(path, sizeof path, "%s/admin.db", dir);
	ok(store_open_version(path, STORE_CREATE, 10, &st, &e) == 0 &&
	    store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('Admin', 'admin', 'now')", &e) == 0, "a database at version 10 with an admin");
	store_close(st);
	ok(store_open(path, 0, &st, &e) == KT_EREFUSED && strcmp(e.next, "init-admin") == 0 &&
	    strcmp(e.next_arg, "Admin") == 0, "is not upgraded by any command: %s", e.msg);
	ok(store_open(path, STORE_NO_MIGRATE, &st, &e) == 0 && store_version(st) == 10,
	    "opens at its version for kartu init");
	ok(store_upgrade(st, &e) == 0 && store_version(st) == store_latest_version(),
	    "which upgrades it: %s", e.msg);
	store_close(st);

	/* The statement cache: the same SQL in use twice is two statements, and
	 * one prepared again has none of its parameters left. */
	snprintf(path, sizeof path, "%s/cache.db", dir);
	ok(store_open(path, STORE_CREATE, &st, &e) == 0 && store_set_key(st, key, &e) == 0,
	    "a new database: %s", e.msg);
	ok(store_prepare(st, "SELECT ?1", &s, NULL) == 0, "prepared");
	store_bind_int(s, 1, 7);
	ok(store_prepare(st, "SELECT ?1", &s2, NULL) == 0 && s2 != s,
	    "the same SQL while it is in use: another statement");
	ok(store_step(s) == STORE_ROW && store_col_int(s, 0) == 7 && store_step(s2) ==
	    STORE_ROW && store_col_null(s2, 0), "each with its own parameters");
	store_finalize(s);
	store_finalize(s2);
	ok(store_prepare(st, "SELECT ?1", &s, NULL) == 0 && store_step(s) == STORE_ROW &&
	    store_col_null(s, 0), "prepared again from the cache: no parameter left");
	store_finalize(s);
	for (i = 0; i < 100; i++) {
		snprintf(buf, sizeof buf, "SELECT %d", i);
		if (store_prepare(st, buf, &s, NULL) != 0 || store_step(s) != STORE_ROW ||
		    store_col_int(s, 0) != i)
			break;
		store_finalize(s);
	}
	is_int(i, 100, "more statements than the cache holds: the idle ones make room");

	/* The time of an audit entry is read twice by its trigger (the entry's at,
	 * and the at its hash covers): one statement, one time, even across the
	 * tick of a second. */
	is_int(scalar(st, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
	    " WHERE x < 3000000) SELECT count(DISTINCT kartu_audit_now()) FROM c"), 1,
	    "kartu_audit_now() is the same throughout a statement");
	ok(store_begin(st, &e) == 0 && store_bulk(st, &e) == 0, "a bulk transaction: %s",
	    e.msg);
	t0 = time(NULL);
	for (i = 0; time(NULL) < t0 + 2 && i < 1000000; i++) {
		snprintf(buf, sizeof buf, "op%d", i);
		if (store_run(st, &e, "INSERT INTO operators (name, role, created_at) VALUES"
		    " (?1, 'operator', 'now')", "t", buf) != 0)
			break;
	}
	ok(time(NULL) >= t0 + 2 && store_commit(st, &e) == 0,
	    "%d audited rows written across two ticks of the clock: %s", i, e.msg);
	ok(audit_verify(st, &ar, &e) == 0, "and the chain holds: %s", e.msg);

	/* A bulk transaction whose first savepoint, the one the name index's
	 * trigger was dropped in, is rolled back: the trigger is back and indexes
	 * the rows that follow, and nothing is indexed twice at commit. */
	ok(setup_builtin(st, &e) == 0 && store_exec(st, "INSERT INTO operators (name, role,"
	    " created_at) VALUES ('Imp', 'admin', 'now')", &e) == 0, "rules and an operator: %s",
	    e.msg);
	ok(store_begin(st, &e) == 0 && store_exec(st, "SAVEPOINT r1", &e) == 0 &&
	    store_bulk(st, &e) == 0 && store_exec(st, "ROLLBACK TO r1; RELEASE r1", &e) == 0,
	    "store_bulk inside a savepoint rolled back: %s", e.msg);
	ok(store_exec(st, "INSERT INTO members (member_no, category, name, name_key,"
	    " birth_place, birth_date, sex, address, phone, expires_on, created_at, created_by)"
	    " VALUES ('M1', 'umum', 'Budi Santoso', 'budi santoso', 'X', '1980-01-01', 'L', 'A',"
	    " '+628', '2030-01-01', 'now', (SELECT id FROM operators WHERE name = 'Imp'))", &e) ==
	    0 && store_commit(st, &e) == 0, "a member, committed: %s", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM member_names_docsize"), 1,
	    "indexed once");
	ok(store_exec(st, "INSERT INTO member_names (member_names, rank) VALUES"
	    " ('integrity-check', 1)", &e) == 0, "the index agrees with members: %s", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name = 'member_names_insert'"),
	    1, "the trigger is there");

	/* A bulk load large against the register (store_bulk_rows): the
	 * secondary indexes of members and cards are gone until COMMIT makes
	 * them again, each from its own SQL; the UNIQUE ones stay;
	 * a rollback, or a savepoint rolled back, gives them back as they were. */
#define DEFERRABLE "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN" \
	" ('members', 'cards') AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'"
	{
		long long v0 = scalar(st, "PRAGMA schema_version");

		is_int(scalar(st, DEFERRABLE), 12, "twelve secondary indexes of members and cards");
		store_set_bulk_index_min(st, 2);
		ok(store_begin(st, &e) == 0 && store_bulk_rows(st, 1, &e) == 0,
		    "a bulk load of 1 row: %s", e.msg);
		is_int(scalar(st, DEFERRABLE), 12, "below the minimum: the indexes stay");
		store_rollback(st);
		ok(store_begin(st, &e) == 0 && store_bulk_rows(st, 2, &e) == 0,
		    "a bulk load of 2 rows: %s", e.msg);
		is_int(scalar(st, DEFERRABLE), 0, "the indexes are dropped");
		is_int(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name IN"
		    " ('members_legacy_no', 'sqlite_autoindex_cards_1')"), 2, "the UNIQUE ones stay");
		store_rollback(st);
		is_int(scalar(st, DEFERRABLE), 12, "a rollback gives them back");
		is_int(scalar(st, "PRAGMA schema_version"), v0, "the schema as it was");
		ok(store_begin(st, &e) == 0 && store_bulk_rows(st, 2, &e) == 0 &&
		    store_exec(st, "INSERT INTO members (member_no, category, name, name_key,"
		    " birth_place, birth_date, sex, address, phone, expires_on, created_at,"
		    " created_by) VALUES ('M2', 'umum', 'Sri Wahyuni', 'sri wahyuni', 'X',"
		    " '1981-01-01', 'P', 'A', '+628', '2030-01-01', 'now', (SELECT id FROM operators"
		    " WHERE name = 'Imp'))", &e) == 0 && store_commit(st, &e) == 0,
		    "a member in a bulk load, committed: %s", e.msg);
		is_int(scalar(st, DEFERRABLE), 12, "the indexes are made again");
		is_int(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name = 'cards_member'"
		    " AND sql = 'CREATE INDEX cards_member ON cards (member_id)'"), 1,
		    "each from its own SQL");
		is_int(scalar(st, "SELECT count(*) FROM members INDEXED BY members_birth WHERE"
		    " birth_date = '1981-01-01'"), 1, "holding the member added");
		is_int(scalar(st, "SELECT count(*) FROM pragma_integrity_check WHERE"
		    " integrity_check <> 'ok'"), 0, "the integrity check passes");
		ok(store_begin(st, &e) == 0 && store_exec(st, "SAVEPOINT r2", &e) == 0 &&
		    store_bulk_rows(st, 2, &e) == 0 && store_exec(st, "ROLLBACK TO r2; RELEASE r2",
		    &e) == 0 && store_commit(st, &e) == 0,
		    "a bulk load whose savepoint is rolled back: %s", e.msg);
		is_int(scalar(st, DEFERRABLE), 12, "the indexes are there, once");
		is_int(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name = 'cards_member'"),
		    1, "in the schema");
		store_set_bulk_index_min(st, 0);
	}
#undef DEFERRABLE

	/* Notes on SQLite: another connection's commit is heard as one
	 * "change", a rollback is not. */
	{
		struct store *lis;
		struct store_note n;

		ok(store_open(path, 0, &lis, &e) == 0 && store_listen(lis, &e) == 0,
		    "a listener on the file: %s", e.msg);
		is_int(store_note_fd(lis), -1, "no descriptor to poll on SQLite");
		is_int(store_wait_note(lis, 150, &n, &e), KT_ENOTFOUND, "nothing yet");
		ok(store_begin(st, &e) == 0 && store_exec(st, "UPDATE members SET phone = '+629'",
		    &e) == 0, "a change: %s", e.msg);
		store_rollback(st);
		is_int(store_wait_note(lis, 250, &n, &e), KT_ENOTFOUND, "a rollback is not heard");
		ok(store_exec(st, "UPDATE members SET phone = '+629'", &e) == 0, "committed: %s",
		    e.msg);
		ok(store_wait_note(lis, 2000, &n, &e) == 0 && strcmp(n.kind, "change") == 0 &&
		    n.id == 0, "heard as a change (%s)", n.kind);
		is_int(store_wait_note(lis, 0, &n, &e), KT_ENOTFOUND, "once");
		ok(store_notify(st, "tap", 3, "chip", &e) == 0, "store_notify does nothing on SQLite");
		is_int(store_wait_note(lis, 150, &n, &e), KT_ENOTFOUND, "and is not heard");
		store_close(lis);
	}
	store_close(st);

	/* The notes' payload. */
	{
		struct store_note n, m;
		char pay[160];

		ok(store_note_parse("application 12 insert loket 1", &n) == 0 &&
		    strcmp(n.kind, "application") == 0 && n.id == 12 &&
		    strcmp(n.action, "insert") == 0 && strcmp(n.station, "loket 1") == 0,
		    "a payload parses, the station the rest of the line");
		ok(store_note_parse("bulk 0 update", &n) == 0 && n.station[0] == '\0',
		    "a station may be missing");
		ok(store_note_format(&n, pay, sizeof pay) == 0 && strcmp(pay, "bulk 0 update") == 0,
		    "and is formatted so");
		memset(&m, 0, sizeof m);
		snprintf(m.kind, sizeof m.kind, "card");
		snprintf(m.action, sizeof m.action, "update");
		m.id = 9007199254740993LL;
		snprintf(m.station, sizeof m.station, "desk-b");
		ok(store_note_format(&m, pay, sizeof pay) == 0 && store_note_parse(pay, &n) == 0 &&
		    memcmp(&m, &n, sizeof m) == 0, "format and parse agree (%s)", pay);
		ok(store_note_format(&m, pay, 10) != 0, "too small a payfer is refused");
		ok(store_note_parse("", &n) != 0 && store_note_parse("card", &n) != 0 &&
		    store_note_parse("card 1", &n) != 0 && store_note_parse("Card 1 insert", &n) != 0 &&
		    store_note_parse("card x insert", &n) != 0 &&
		    store_note_parse("card -1 insert", &n) != 0 &&
		    store_note_parse("card 07 insert", &n) != 0 &&
		    store_note_parse("card 7 insert ", &n) != 0 &&
		    store_note_parse("card 1 insert\nx", &n) != 0 &&
		    store_note_parse("card 99999999999999999999 insert", &n) != 0 &&
		    store_note_parse("card 1 ins\x01ert", &n) != 0 &&
		    store_note_parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1 insert", &n) != 0,
		    "malformed payloads are refused");
	}

	/* A read transaction: one snapshot (WAL), and no write in it. */
	snprintf(path, sizeof path, "%s/snap.db", dir);
	if (ok(store_open(path, STORE_CREATE, &st, &e) == 0 && store_open(path, 0, &st2, &e) == 0,
	    "two connections to one file: %s", e.msg)) {
		snapshot_tests(st, st2);
		store_close(st2);
		store_close(st);
	}

	snprintf(buf, sizeof buf, "rm -rf %s", dir);
	if (system(buf) != 0)
		return 1;
	return done_testing();
}
