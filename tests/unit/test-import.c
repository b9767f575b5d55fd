/* An import's two halves (proc_import_check, proc_import_write) as
 * import.c runs them on two threads: the checks read through a second
 * connection that never sees the rows written since the import began, the
 * register in memory and the old numbers catch the import's own rows, and a
 * year that turns during the import writes the old year's counter with the
 * row that takes the new year's first number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupes.h"
#include "proc-int.h"
#include "setup.h"
#include "store.h"
#include "tap.h"
#include "scalar.h"

static void
form(struct kt_form *f, const char *name, const char *born, const char *phone,
    const char *legacy)
{
	memset(f, 0, sizeof *f);
	f->name = name;
	f->birth_place = "Palangka Raya";
	f->birth_date = born;
	f->sex = "P";
	f->address = "Jl. Tjilik Riwut 12";
	f->phone = phone;
	f->category = "umum";
	f->legacy_no = legacy;
}

int
main(void)
{
	char dir[] = "/tmp/kartu-test-import-XXXXXX", path[128];
	struct store *st, *rs;
	struct proc_bulk b;
	struct proc_pending counter, tally;
	struct proc_import_row *r;
	struct kt_form f;
	struct kt_err e = { 0 };
	long long opid;
	int dup;

	if (mkdtemp(dir) == NULL || (r = calloc(1, sizeof *r)) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/k.db", dir);
	if (store_open(path, STORE_CREATE, &st, NULL) != 0 ||
	    store_set_key(st, (const unsigned char *)"0123456789abcdef0123456789abcdef",
	    NULL) != 0 || setup_builtin(st, NULL) != 0 ||
	    store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('Admin', 'admin', 'now')", NULL) != 0)
		return 1;
	opid = scalar(st, "SELECT id FROM operators WHERE name = 'Admin'");
	/* 23:59:30 WIB on the last day of 2026. */
	store_set_clock(st, 1798736370);

	memset(&b, 0, sizeof b);
	memset(&counter, 0, sizeof counter);
	memset(&tally, 0, sizeof tally);
	b.counter = &counter;
	b.tally = &tally;
	ok(store_begin(st, &e) == 0 && store_bulk_rows(st, 4, &e) == 0 &&
	    dupes_index_open(st, &b.dupes, &e) == 0 && proc_bulk_start(st, &b, &e) == 0,
	    "the import's transaction, the register in memory");
	ok(store_open_reader(st, &rs, &e) == 0 && rs != NULL, "a second connection to read");
	if (rs == NULL)
		return 1;
	is_int(b.next_id, 1, "the first member's id");

	form(&f, "Rina Marlina", "1988-08-08", "081234560001", "OLD-1");
	ok(proc_import_check(rs, &b, &f, NULL, r, &dup, &e) == 0, "a row checked");
	ok(strncmp(r->mno, "620526", 6) == 0, "numbered in 2026 (%s)", r->mno);
	is_int(r->id, 1, "given id 1");
	ok(r->counter.name[0] == '\0', "no counter to write yet");
	ok(proc_import_write(st, &b, r, opid, &e) == 0, "and written");
	is_int(scalar(st, "SELECT count(*) FROM members"), 1, "the writer sees it");
	is_int(scalar(rs, "SELECT count(*) FROM members"), 0,
	    "the reader does not: it sees the register as the import found it");

	/* The same person again, and another with the same old number: both
	 * caught against the import's own row, which the reader cannot see. */
	form(&f, "Rina Marlina", "1988-08-08", "081234560001", "OLD-9");
	is_int(proc_import_check(rs, &b, &f, NULL, r, &dup, &e), KT_EREFUSED,
	    "already a member: the row just imported");
	ok(dup, "as a duplicate");
	form(&f, "Yohanes Silalahi", "1979-02-11", "081234560002", "OLD-1");
	memset(&e, 0, sizeof e);
	is_int(proc_import_check(rs, &b, &f, NULL, r, &dup, &e), KT_EREFUSED,
	    "an old number the import already took");
	is_str(e.field, "legacy_no", "named as the old number");

	/* Midnight passes: 00:00:30 WIB on 1 January 2027. */
	store_set_clock(st, 1798736430);
	store_set_clock(rs, 1798736430);
	memset(&e, 0, sizeof e);
	form(&f, "Yohanes Silalahi", "1979-02-11", "081234560002", "OLD-2");
	ok(proc_import_check(rs, &b, &f, NULL, r, &dup, &e) == 0, "a row after midnight");
	ok(strncmp(r->mno, "620527", 6) == 0, "numbered in 2027 (%s)", r->mno);
	is_str(r->counter.name, "member:2026", "2026's counter handed to the writer");
	is_int(r->counter.seq, 1, "at 1");
	is_int(r->id, 2, "given id 2");
	ok(proc_import_write(st, &b, r, opid, &e) == 0, "written, with the counter");
	is_int(scalar(st, "SELECT value FROM counters WHERE name = 'member:2026'"), 1,
	    "2026's counter is written before the row");
	store_close(rs);
	ok(proc_pending_flush(st, &counter, &e) == 0 && proc_pending_flush(st, &tally, &e) == 0 &&
	    store_commit(st, &e) == 0, "committed");
	is_int(scalar(st, "SELECT value FROM counters WHERE name = 'member:2027'"), 1,
	    "2027's counter at 1");
	is_int(scalar(st, "SELECT count(*) FROM members"), 2, "two members");
	is_int(scalar(st, "SELECT count(*) FROM cards"), 2, "each with a card");
	ok(b.cats.n == 1 && strcmp(b.cats.v[0].given, "umum") == 0,
	    "the category the rows named is kept, once");
	dupes_index_free(b.dupes);
	proc_bulk_free(&b);

	/* A second import: the register's old numbers, and the categories,
	 * from memory, not asked for each row. */
	memset(&b, 0, sizeof b);
	memset(&counter, 0, sizeof counter);
	b.counter = &counter;
	b.tally = &tally;
	ok(store_begin(st, &e) == 0 && dupes_index_open(st, &b.dupes, &e) == 0 &&
	    proc_bulk_start(st, &b, &e) == 0, "a second import");
	is_int((long long)b.legacy.n, 2, "the register's two old numbers read at the start");
	memset(&e, 0, sizeof e);
	form(&f, "Dewi Lestari", "1990-03-03", "081234560003", "OLD-2");
	is_int(proc_import_check(st, &b, &f, NULL, r, &dup, &e), KT_EREFUSED,
	    "an old number of the register is refused");
	is_str(e.field, "legacy_no", "named as the old number");
	form(&f, "Dewi Lestari", "1990-03-03", "081234560003", "OLD-3");
	ok(proc_import_check(st, &b, &f, NULL, r, &dup, &e) == 0, "a new one is taken");
	ok(store_exec(st, "UPDATE categories SET valid_months = 7 WHERE code = 'umum'", &e) == 0,
	    "(the category changed behind the import's back)");
	form(&f, "Fajar Nugroho", "1991-04-04", "081234560004", "OLD-4");
	ok(proc_import_check(st, &b, &f, NULL, r, &dup, &e) == 0 && r->c.cat.valid_months != 7,
	    "the category as the import first read it (%d months)", r->c.cat.valid_months);
	form(&f, "Fajar Nugroho", "1991-04-04", "081234560004", "OLD-4");
	f.category = "xyz";
	memset(&e, 0, sizeof e);
	ok(proc_import_check(st, &b, &f, NULL, r, &dup, &e) != 0 &&
	    strstr(e.msg, "umum") != NULL, "an unknown category still lists the known (%s)", e.msg);
	is_int(b.cats.n, 1, "and is not kept");
	store_rollback(st);
	dupes_index_free(b.dupes);
	proc_bulk_free(&b);
	free(r);
	store_close(st);
	{
		char cmd[160];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return done_testing();
}
