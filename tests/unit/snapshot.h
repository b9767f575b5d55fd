/*
 * snapshot.h - the read transaction (store_begin_read), tested the same way
 * on each engine by test-store.c (SQLite) and test-store-pg.c (PostgreSQL):
 * st and other are two connections to one database that has the register
 * key.  Included once per test program.
 */
#ifndef KARTU_TEST_SNAPSHOT_H
#define KARTU_TEST_SNAPSHOT_H

#include "scalar.h"

static void
snapshot_tests(struct store *st, struct store *other)
{
	struct kt_err e = { 0 };

	ok(store_exec(st, "CREATE TABLE snap (x integer)", &e) == 0, "a table (%s)", e.msg);
	ok(store_begin_read(st, &e) == 0, "a read transaction (%s)", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM snap"), 0, "reads no row");
	ok(store_exec(other, "INSERT INTO snap (x) VALUES (1)", &e) == 0,
	    "another station writes one meanwhile and commits (%s)", e.msg);
	is_int(scalar(st, "SELECT count(*) FROM snap"), 0,
	    "the read transaction still sees none: one snapshot for all its statements");
	ok(store_begin_read(st, &e) == 0, "nested, it begins nothing");
	store_end_read(st);
	is_int(scalar(st, "SELECT count(*) FROM snap"), 0, "and its end ends nothing");
	ok(store_exec(st, "INSERT INTO snap (x) VALUES (2)", &e) != 0,
	    "a write in it fails: %s", e.msg);
	store_end_read(st);
	is_int(scalar(st, "SELECT count(*) FROM snap"), 1, "after it, the row is seen");
	ok(store_exec(st, "INSERT INTO snap (x) VALUES (3)", &e) == 0 &&
	    scalar(st, "SELECT count(*) FROM snap") == 2, "and writes work again (%s)", e.msg);
	store_end_read(st);	/* without one: nothing */
	ok(store_begin(st, &e) == 0 && store_begin_read(st, &e) == 0, "inside a write"
	    " transaction (%s)", e.msg);
	store_end_read(st);
	ok(store_in_transaction(st) && store_exec(st, "DELETE FROM snap", &e) == 0 &&
	    store_commit(st, &e) == 0 && scalar(other, "SELECT count(*) FROM snap") == 0,
	    "it leaves the write transaction open and writing (%s)", e.msg);
}

#endif
