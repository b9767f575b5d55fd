/*
 * bench-tap.c - the desk check per tap, through the real libnfc and the
 * simulated PN532 (KARTU_READER), with a store of N members.
 *
 * Three figures per tap, median and 95th percentile over the taps:
 *   bare     the PN532 exchanges a check needs (select, GET_VERSION, the READs
 *            of the NDEF TLV, READ_SIG) sent with no kartu logic: the baseline;
 *   check    the same tap through reader_wait + card_check_tag: end to end;
 *   software the CPU time kartu's process spent on that tap (our code, SQLite,
 *            libsodium, OpenSSL and libnfc's framing; not the waiting);
 *   number   the CPU time of a check by typed card number (no reader at all).
 * Usage: bench-tap [MEMBERS [TAPS]]
 * With BENCH_DB (a postgresql:// URI of an empty database) the store is that
 * database instead of an SQLite file of its own: the register is loaded in
 * batches (bulk.h), and the check by number is also timed on the wall clock
 * (the server's work is not the process's CPU time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bulk.h"
#include "clock.h"
#include "card.h"
#include "keys.h"
#include "name.h"
#include "reader.h"
#include "rules.h"
#include "setup.h"
#include "store.h"
#include "tag.h"

static double
now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
row(const char *what, double *v, int n, double base)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("| %-34s | %9.3f | %9.3f |", what, v[n / 2], v[n * 95 / 100]);
	if (base > 0)
		printf(" %6.2fx |\n", v[n / 2] / base);
	else
		printf("        |\n");
}

static void
die(const char *what, const struct kt_err *e)
{
	fprintf(stderr, "bench-tap: %s: %s\n", what, e->msg);
	exit(1);
}

/* The same register on PostgreSQL, in batches: member i has id i. */
static void
load_pg(struct store *st, long members, char *last)
{
	struct bulk m, c;	/* each batch of members is sent before its cards */
	struct kt_err e = { 0 };
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX], key[NAME_KEY_MAX], name[64], uid[24];
	long i;

	if (bulk_triggers(st, "members", 0, &e) != 0 || bulk_triggers(st, "cards", 0, &e) != 0 ||
	    store_begin(st, &e) != 0)
		die("load", &e);
	bulk_init(&m, st, "members", "id, member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, expires_on, created_at, created_by", 2000);
	bulk_init(&c, st, "cards", "member_id, issue_no, card_no, uid, status, created_at,"
	    " created_by, status_at, status_by", 2000);
	for (i = 1; i <= members; i++) {
		memberno_make("{lib}{yy}{seq:7}", "6205", 2026, i, mno, MEMBERNO_MAX, NULL);
		cardno_make(mno, 1, cno, sizeof cno, NULL);
		snprintf(name, sizeof name, "Warga %ld", i);
		name_key(name, key, sizeof key);
		snprintf(uid, sizeof uid, "04%012lX", i);
		if (bulk_row(&m, &e) != 0)
			die("insert members", &e);
		bulk_int(&m, "id", i);
		bulk_text(&m, "member_no", mno);
		bulk_text(&m, "category", "umum");
		bulk_text(&m, "name", name);
		bulk_text(&m, "name_key", key);
		bulk_text(&m, "birth_place", "X");
		bulk_text(&m, "birth_date", "1990-01-01");
		bulk_text(&m, "sex", "L");
		bulk_text(&m, "address", "A");
		bulk_text(&m, "phone", "+6281200000000");
		bulk_text(&m, "expires_on", "2099-12-31");
		bulk_text(&m, "created_at", "now");
		bulk_int(&m, "created_by", 1);
		if (bulk_row(&c, &e) != 0)
			die("insert cards", &e);
		bulk_int(&c, "member_id", i);
		bulk_int(&c, "issue_no", 1);
		bulk_text(&c, "card_no", cno);
		/* The last one is the simulator's card's. */
		bulk_text(&c, "uid", i == members ? NULL : uid);
		bulk_text(&c, "status", i == members ? "new" : "active");
		bulk_text(&c, "created_at", "now");
		bulk_int(&c, "created_by", 1);
		bulk_text(&c, "status_at", "now");
		bulk_int(&c, "status_by", 1);
		snprintf(last, MEMBERNO_MAX, "%s", mno);
	}
	if (bulk_finish(&m, &e) != 0 || bulk_finish(&c, &e) != 0 ||
	    bulk_identity(st, "members", &e) != 0 || bulk_identity(st, "cards", &e) != 0 ||
	    store_commit(st, &e) != 0 || bulk_triggers(st, "members", 1, &e) != 0 ||
	    bulk_triggers(st, "cards", 1, &e) != 0 || store_exec(st, "ANALYZE", &e) != 0)
		die("load", &e);
}

int
main(int argc, char **argv)
{
	long members = argc > 1 ? atol(argv[1]) : 100000, i;
	int taps = argc > 2 ? atoi(argv[2]) : 200, t;
	char dir[] = "/tmp/kartu-bench-XXXXXX", path[128], kdir[160], mno[MEMBERNO_MAX];
	char cno[CARDNO_MAX], key[NAME_KEY_MAX], name[64], uid[24], last[MEMBERNO_MAX];
	const char *origin = getenv("KARTU_TRUST_ORIGINALITY_KEY");
	double *bare, *check, *soft, *num, *numw, t0, c0, median_bare;
	const char *db = getenv("BENCH_DB");
	int remote = db != NULL && store_remote(db);
	struct card_verdict v;
	struct kt_err e = { 0 };
	struct store *st;
	struct reader *r;
	struct keys k;
	struct tag tag;
	struct store_stmt *m, *c;
	unsigned char page[16], sig[32];

	if (members < 1 || taps < 10 || mkdtemp(dir) == NULL)
		return 2;
	bare = calloc((size_t)taps, sizeof *bare);
	check = calloc((size_t)taps, sizeof *check);
	soft = calloc((size_t)taps, sizeof *soft);
	num = calloc((size_t)taps, sizeof *num);
	numw = calloc((size_t)taps, sizeof *numw);
	snprintf(path, sizeof path, "%s/k.db", dir);
	if (remote)
		snprintf(path, sizeof path, "%s", db);
	snprintf(kdir, sizeof kdir, "%s/keys", dir);
	if (store_open(path, STORE_CREATE, &st, &e) != 0 ||
	    keys_generate(kdir, &e) != 0 || keys_load(kdir, 1, &k, &e) != 0 ||
	    keys_attach(st, kdir, 1, &e) != 0 || setup_builtin(st, &e) != 0)
		die("set-up", &e);
	store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('bench', 'operator', 'now')", NULL);

	fprintf(stderr, "bench-tap: %ld members...\n", members);
	if (remote) {
		load_pg(st, members, last);
		goto loaded;
	}
	fprintf(stderr, "bench-tap: %ld members...\n", members);
	store_begin(st, NULL);
	store_prepare(st, "INSERT INTO members (member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, expires_on, created_at, created_by) VALUES"
	    " (?, 'umum', ?, ?, 'X', '1990-01-01', 'L', 'A', '+6281200000000', '2099-12-31',"
	    " 'now', 1)", &m, NULL);
	store_prepare(st, "INSERT INTO cards (member_id, issue_no, card_no, uid, status,"
	    " created_at, created_by, status_at, status_by) VALUES (last_insert_rowid(), 1, ?,"
	    " ?, ?, 'now', 1, 'now', 1)", &c, NULL);
	for (i = 1; i <= members; i++) {
		memberno_make("{lib}{yy}{seq:7}", "6205", 2026, i, mno, sizeof mno, NULL);
		cardno_make(mno, 1, cno, sizeof cno, NULL);
		snprintf(name, sizeof name, "Warga %ld", i);
		name_key(name, key, sizeof key);
		snprintf(uid, sizeof uid, "04%012lX", i);
		store_bind_text(m, 1, mno);
		store_bind_text(m, 2, name);
		store_bind_text(m, 3, key);
		if (store_step(m) != STORE_DONE)
			die("insert member", &e);
		store_reset(m);
		store_bind_text(c, 1, cno);
		if (i == members)
			store_bind_null(c, 2);	/* the one the simulator's card gets */
		else
			store_bind_text(c, 2, uid);
		store_bind_text(c, 3, i == members ? "new" : "active");
		if (store_step(c) != STORE_DONE)
			die("insert card", &e);
		store_reset(c);
		snprintf(last, sizeof last, "%s", mno);
	}
	store_finalize(m);
	store_finalize(c);
	if (store_commit(st, &e) != 0)
		die("commit", &e);
loaded:

	if (reader_open(NULL, &r, &e) != 0 || reader_wait(r, 5000, &tag, &e) != 0 ||
	    card_encode(st, &k, r, &tag, last, "bench", cno, origin, &e) != 0)
		die("encode", &e);
	fprintf(stderr, "bench-tap: card %s encoded; %d taps...\n", cno, taps);

	for (t = 0; t < taps; t++) {
		t0 = now(CLOCK_MONOTONIC);
		if (reader_wait(r, 5000, &tag, &e) != 0)
			die("tap", &e);
		for (i = 0; i < 8; i++)	/* the READs of a 115-byte TLV */
			if (ntag_read(r, 4 + 4 * (int)i, page, &e) != 0)
				die("read", &e);
		if (ntag_read_sig(r, sig, &e) != 0)
			die("read_sig", &e);
		bare[t] = now(CLOCK_MONOTONIC) - t0;

		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (reader_wait(r, 5000, &tag, &e) != 0 ||
		    card_check_tag(st, &k, r, &tag, origin, &v, &e) != 0)
			die("check", &e);
		soft[t] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		check[t] = now(CLOCK_MONOTONIC) - t0;
		if (v.verdict != VERDICT_ACTIVE) {
			fprintf(stderr, "bench-tap: the card checks %s: %s\n",
			    verdict_code(v.verdict), v.detail);
			return 1;
		}
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (card_check_number(st, cno, &v, &e) != 0 || v.verdict != VERDICT_ACTIVE)
			die("check by number", &e);
		num[t] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		numw[t] = now(CLOCK_MONOTONIC) - t0;
	}
	qsort(bare, (size_t)taps, sizeof *bare, cmp);
	median_bare = bare[taps / 2];
	printf("\nDesk check per tap, %ld members, %d taps (milliseconds)%s:\n\n", members, taps,
	    remote ? ", PostgreSQL" : "");
	printf("| %-34s | %9s | %9s | %7s |\n", "", "median", "p95", "/ bare");
	printf("|------------------------------------|-----------|-----------|---------|\n");
	row("bare PN532 exchanges (baseline)", bare, taps, 0);
	row("kartu check, end to end", check, taps, median_bare);
	row("kartu software (CPU) per tap", soft, taps, median_bare);
	row("kartu check by number (CPU)", num, taps, 0);
	row("kartu check by number (wall)", numw, taps, 0);
	reader_close(r);
	keys_wipe(&k);
	store_close(st);
	free(bare);
	free(check);
	free(soft);
	free(num);
	free(numw);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
