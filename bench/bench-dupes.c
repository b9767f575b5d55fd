/*
 * bench-dupes.c - the already-a-member check at scale, against two baselines:
 *   exact   the same name (case aside) and the same birth date, as Koha and
 *           INLISLite check;
 *   like    a LIKE scan for two words of the name (what a clerk types in a
 *           search box), no date.
 * N members are generated (bench/gen.c: names of several traditions, NIKs
 * that fit the birth date, real mobile prefixes); then Q queries: half are
 * planted duplicates (an existing member typed again with Indonesian spelling
 * variants, word order, initials, the old spelling, day and month swapped, a
 * new phone; a quarter of them with their KTP, so with the NIK), half new
 * people (a quarter with a NIK).  The truth is kept per query.  A query "finds" a member when the top candidate scores at least
 * DUPE_DECIDE (kartu) or when any row matches (baselines).
 * With PAIRS (tests/data/name-pairs.tsv: hand-written pairs, independent of
 * gen.c), each pair's recorded name is planted as one more member and its typed
 * name asked for with the same birth date and a new phone: the figures of a set
 * the generator's rules did not make.  BENCH_MISSES=1 lists what it got wrong.
 * Usage: bench-dupes [MEMBERS [QUERIES [PAIRS...]]]
 * With BENCH_DB (a postgresql:// URI of an empty database) the register is
 * that database, loaded in batches (bulk.h); the baselines are written for
 * it (lower() for NOCASE, ILIKE for SQLite's LIKE).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulk.h"
#include "clock.h"
#include "dupes.h"
#include "gen.h"
#include "keys.h"
#include "name.h"
#include "proc.h"
#include "setup.h"

struct query {
	char name[128], phone[20], birth[11], surname[32], nik[24];
	const char *place;
	long truth;	/* the member's id, or 0 for a new person */
};

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* This thread's CPU time: the check's own work, whatever else the machine
 * runs (the wall time waits for the CPU on a shared machine). */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One hand-written pair: the member on record, the name typed again. */
struct pair {
	char rec[128], typed[128], cls[24];
	int same;
	long id;		/* the planted member */
	struct gen_person p;
};

static struct pair *
read_pairs(const char *path, int *n)
{
	FILE *f = fopen(path, "r");
	char line[512], expect[8];
	struct pair *v = NULL, *nv;
	int cap = 0;

	*n = 0;
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL) {
		struct pair x;

		memset(&x, 0, sizeof x);
		if (line[0] == '#' || line[0] == '\n' ||
		    sscanf(line, "%7[^\t]\t%127[^\t]\t%127[^\t]\t%23[^\t\n]", expect, x.rec,
		    x.typed, x.cls) != 4)
			continue;
		x.same = strcmp(expect, "same") == 0;
		if (*n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if ((nv = realloc(v, (size_t)cap * sizeof *v)) == NULL)
				break;
			v = nv;
		}
		v[(*n)++] = x;
	}
	fclose(f);
	return v;
}

/* Plant the recorded names as members, then ask for the typed ones. */
static int
eval_pairs(struct store *st, const char *path, long members)
{
	struct pair *v;
	struct kt_err e = { 0 };
	struct store_stmt *s, *ex;
	double *lat, t0;
	long tp = 0, fp = 0, xtp = 0, xfp = 0, nsame = 0, dfp = 0;
	static int planted;	/* member numbers P1.. across all the files */
	int n, i, j, misses = getenv("BENCH_MISSES") != NULL, ncls = 0;
	const char *cls[32];
	long cls_n[32] = { 0 }, cls_hit[32] = { 0 };
	char key[NAME_KEY_MAX], phone[20], no[24], hash[STORE_HASH_LEN];

	if ((v = read_pairs(path, &n)) == NULL || n == 0) {
		fprintf(stderr, "bench-dupes: no pairs in %s\n", path);
		return 1;
	}
	store_begin(st, NULL);
	store_prepare(st, "INSERT INTO members (member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, nik_hash, nik_masked, expires_on, created_at,"
	    " created_by) VALUES (?, 'umum', ?, ?, ?, ?, ?, 'Jl. Durian', ?, ?,"
	    " '6205**********00', '2030-01-01', 'now', 1) RETURNING id", &s, NULL);
	for (i = 0; i < n; i++) {
		gen_person(&v[i].p);
		name_key(v[i].rec, key, sizeof key);
		valid_phone(v[i].p.phone, phone, sizeof phone, NULL);
		store_hash_id(st, "nik", v[i].p.nik, hash, NULL);
		snprintf(no, sizeof no, "P%d", ++planted);
		store_bind_text(s, 1, no);
		store_bind_text(s, 2, v[i].rec);
		store_bind_text(s, 3, key);
		store_bind_text(s, 4, v[i].p.birth_place);
		store_bind_text(s, 5, v[i].p.birth_date);
		store_bind_text(s, 6, v[i].p.sex == 'P' ? "P" : "L");
		store_bind_text(s, 7, phone);
		store_bind_text(s, 8, hash);
		if (store_step(s) != STORE_ROW) {
			fprintf(stderr, "bench-dupes: '%s' not planted\n", v[i].rec);
			return 1;
		}
		v[i].id = (long)store_col_int(s, 0);
		store_reset(s);
	}
	store_finalize(s);
	store_commit(st, NULL);
	store_prepare(st, "SELECT id FROM members WHERE name = ? COLLATE NOCASE"
	    " AND birth_date = ?", &ex, NULL);
	lat = calloc((size_t)n, sizeof *lat);
	for (i = 0; i < n; i++) {
		struct gen_person np;
		struct dupe_input in;
		struct kt_dupes d;
		long found, found_k, truth = v[i].same ? v[i].id : 0;

		gen_person(&np);	/* only for a new phone */
		t0 = ms();
		if (proc_dupe_input(st, v[i].typed, v[i].p.birth_date, NULL, np.phone, NULL, &in,
		    &e) != 0 ||
		    dupes_find(st, &in.q, &d, &e) != 0) {
			fprintf(stderr, "bench-dupes: '%s': %s\n", v[i].typed, e.msg);
			return 1;
		}
		lat[i] = ms() - t0;
		found = found_k = d.n > 0 && d.v[0].score >= DUPE_DECIDE && d.v[0].is_member ? d.v[0].id : 0;
		if (found != 0 && found == truth)
			tp++;
		else if (found != 0) {
			fp++;
			dfp += !v[i].same;
		}
		if (misses && (found != truth))
			printf("# %s %s: '%s' / '%s': %s (top %.2f, name %.2f)\n",
			    v[i].same ? "missed" : "false match", v[i].cls, v[i].rec, v[i].typed,
			    found == 0 ? "not found" : found == v[i].id ? "the planted member" :
			    "another member", d.n > 0 ? d.v[0].score : 0.0,
			    d.n > 0 ? d.v[0].name_sim : 0.0);
		dupes_free(&d);
		store_bind_text(ex, 1, v[i].typed);
		store_bind_text(ex, 2, v[i].p.birth_date);
		found = store_step(ex) == STORE_ROW ? store_col_int(ex, 0) : 0;
		store_reset(ex);
		xtp += found != 0 && found == truth;
		xfp += found != 0 && found != truth;
		if (!v[i].same)
			continue;
		nsame++;
		for (j = 0; j < ncls && strcmp(cls[j], v[i].cls) != 0; j++)
			;
		if (j == ncls && ncls < 32)
			cls[ncls++] = v[i].cls;
		if (j < 32) {
			cls_n[j]++;
			cls_hit[j] += found_k == truth;
		}
	}
	store_finalize(ex);
	printf("\nHand-written pairs (%s), %ld members: %ld the same person, %ld different"
	    " people:\n\n", strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path,
	    members + planted, nsame, n - nsame);
	printf("| %-30s | %9s | %9s | %9s | %6s |\n", "method", "p50 ms", "p95 ms",
	    "precision", "recall");
	printf("|--------------------------------|-----------|-----------|-----------|--------|\n");
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	printf("| %-30s | %9.3f | %9.3f | %9.3f | %6.3f |\n", "kartu (indexes + name keys)",
	    lat[n / 2], lat[n * 95 / 100], tp + fp > 0 ? (double)tp / (tp + fp) : 0,
	    (double)tp / nsame);
	printf("| %-30s | %9s | %9s | %9.3f | %6.3f |\n", "exact name + birth date", "", "",
	    xtp + xfp > 0 ? (double)xtp / (xtp + xfp) : 0, (double)xtp / nsame);
	printf("\nRecall by class:");
	for (j = 0; j < ncls; j++)
		printf(" %s %ld/%ld%s", cls[j], cls_hit[j], cls_n[j], j + 1 < ncls ? "," : "\n");
	printf("(%ld of %ld different people taken for the same)\n", dfp, n - nsame);
	free(lat);
	free(v);
	return 0;
}

int
main(int argc, char **argv)
{
	long members = argc > 1 ? atol(argv[1]) : 100000, i;
	int nq = argc > 2 ? atoi(argv[2]) : 2000, q, likeq;
	char dir[] = "/tmp/kartu-bench-dupes-XXXXXX", path[128], key[NAME_KEY_MAX];
	char phone[20], no[24];
	struct store *st;
	struct kt_err e = { 0 };
	struct query *qs;
	struct store_stmt *s, *ex, *lk;
	double *lat[3], *cpu, t0, c0;
	long tp[3] = { 0 }, fp[3] = { 0 }, planted = 0, *truth, k;
	long fp_twin = 0, fp_typo = 0;	/* kartu's false matches: why */
	const char *label[3] = { "kartu (indexes + name keys)", "exact name + birth date",
	    "LIKE scan, two words of name" };
	const char *db = getenv("BENCH_DB");
	int m, remote = db != NULL && store_remote(db);
	struct bulk b;

	if (members < 100 || nq < 10 || mkdtemp(dir) == NULL)
		return 2;
	srandom(42);
	snprintf(path, sizeof path, "%s/k.db", dir);
	if (remote)
		snprintf(path, sizeof path, "%s", db);
	if (store_open(path, STORE_CREATE, &st, &e) != 0 ||
	    keys_attach(st, dir, 1, &e) != 0 || setup_builtin(st, &e) != 0) {
		fprintf(stderr, "bench-dupes: %s\n", e.msg);
		return 1;
	}
	store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('bench', 'operator', 'now')", NULL);
	/* Which members the planted duplicates copy: chosen first, so that each
	 * is kept as it is generated. */
	qs = calloc((size_t)nq, sizeof *qs);
	truth = calloc((size_t)nq, sizeof *truth);
	for (q = 0; q < nq; q += 2)
		truth[q / 2] = 1 + random() % members;
	qsort(truth, (size_t)(nq + 1) / 2, sizeof *truth, cmp_long);
	fprintf(stderr, "bench-dupes: %ld members...\n", members);
	if (remote && bulk_triggers(st, "members", 0, &e) != 0) {
		fprintf(stderr, "bench-dupes: %s\n", e.msg);
		return 1;
	}
	store_begin(st, NULL);
	store_prepare(st, "INSERT INTO members (member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, nik_hash, nik_masked, expires_on, created_at,"
	    " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '6205**********00', '2030-01-01',"
	    " 'now', 1)", &s, NULL);
	bulk_init(&b, st, "members", "id, member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, nik_hash, nik_masked, expires_on, created_at,"
	    " created_by", 2000);
	for (i = 1, k = 0; i <= members; i++) {
		struct gen_person p;
		char hash[STORE_HASH_LEN];

		gen_person(&p);
		name_key(p.name, key, sizeof key);
		valid_phone(p.phone, phone, sizeof phone, NULL);
		store_hash_id(st, "nik", p.nik, hash, NULL);
		snprintf(no, sizeof no, "M%ld", i);
		if (remote) {	/* member i has id i, as SQLite's rowid */
			if (bulk_row(&b, &e) != 0) {
				fprintf(stderr, "bench-dupes: %s\n", e.msg);
				return 1;
			}
			bulk_int(&b, "id", i);
			bulk_text(&b, "member_no", no);
			bulk_text(&b, "category", p.category);
			bulk_text(&b, "name", p.name);
			bulk_text(&b, "name_key", key);
			bulk_text(&b, "birth_place", p.birth_place);
			bulk_text(&b, "birth_date", p.birth_date);
			bulk_text(&b, "sex", p.sex == 'P' ? "P" : "L");
			bulk_text(&b, "address", p.address);
			bulk_text(&b, "phone", phone);
			bulk_text(&b, "nik_hash", hash);
			bulk_text(&b, "nik_masked", "6205**********00");
			bulk_text(&b, "expires_on", "2030-01-01");
			bulk_text(&b, "created_at", "now");
			bulk_int(&b, "created_by", 1);
			goto planted;
		}
		store_bind_text(s, 1, no);
		store_bind_text(s, 2, p.category);
		store_bind_text(s, 3, p.name);
		store_bind_text(s, 4, key);
		store_bind_text(s, 5, p.birth_place);
		store_bind_text(s, 6, p.birth_date);
		store_bind_text(s, 7, p.sex == 'P' ? "P" : "L");
		store_bind_text(s, 8, p.address);
		store_bind_text(s, 9, phone);
		store_bind_text(s, 10, hash);
		store_step(s);
		store_reset(s);
planted:
		/* The planted duplicates of this member: it typed again. */
		for (; k < (nq + 1) / 2 && truth[k] == i; k++) {
			struct query *x = &qs[2 * k];
			struct gen_person v;

			gen_variant(&p, &v);
			x->truth = i;
			snprintf(x->name, sizeof x->name, "%s", v.name);
			snprintf(x->birth, sizeof x->birth, "%s", v.birth_date);
			x->place = v.birth_place;
			valid_phone(v.phone, x->phone, sizeof x->phone, NULL);
			/* With the KTP (so the NIK) a quarter of the time; the
			 * form would not take a swapped date with it. */
			if (random() % 4 == 0 && strcmp(v.birth_date, p.birth_date) == 0)
				snprintf(x->nik, sizeof x->nik, "%s", p.nik);
			planted++;
		}
	}
	store_finalize(s);
	if (remote && (bulk_finish(&b, &e) != 0 || bulk_identity(st, "members", &e) != 0)) {
		fprintf(stderr, "bench-dupes: %s\n", e.msg);
		return 1;
	}
	bulk_finish(&b, NULL);
	if (store_commit(st, &e) != 0 || (remote && (bulk_triggers(st, "members", 1, &e) != 0 ||
	    store_exec(st, "ANALYZE members", &e) != 0))) {
		fprintf(stderr, "bench-dupes: %s\n", e.msg);
		return 1;
	}

	/* New people. */
	for (q = 1; q < nq; q += 2) {
		struct query *x = &qs[q];
		struct gen_person p;

		gen_person(&p);
		snprintf(x->name, sizeof x->name, "%s", p.name);
		snprintf(x->birth, sizeof x->birth, "%s", p.birth_date);
		x->place = p.birth_place;
		valid_phone(p.phone, x->phone, sizeof x->phone, NULL);
		if (random() % 4 == 0)
			snprintf(x->nik, sizeof x->nik, "%s", p.nik);
	}
	for (q = 0; q < nq; q++) {
		struct query *x = &qs[q];
		const char *sp = strrchr(x->name, ' ');

		sscanf(sp != NULL && sp[1] != '\0' ? sp + 1 : x->name, "%31s", x->surname);
	}

	for (m = 0; m < 3; m++)
		lat[m] = calloc((size_t)nq, sizeof *lat[m]);
	cpu = calloc((size_t)nq, sizeof *cpu);
	store_prepare(st, remote ? "SELECT id FROM members WHERE lower(name) = lower(?)"
	    " AND birth_date = ?" : "SELECT id FROM members WHERE name = ? COLLATE NOCASE"
	    " AND birth_date = ?", &ex, NULL);
	/* What a clerk types in a search box: two words of the name, no date. */
	store_prepare(st, remote ? "SELECT id FROM members WHERE name ILIKE ?1 AND name ILIKE ?2" :
	    "SELECT id FROM members WHERE name LIKE ?1 AND name LIKE ?2", &lk, NULL);
	likeq = members > 20000 ? 200 : nq;	/* a full scan per query: fewer of them */
	fprintf(stderr, "bench-dupes: %d queries (%ld planted)...\n", nq, planted);
	for (q = 0; q < nq; q++) {
		struct query *x = &qs[q];
		struct dupe_input in;
		struct kt_dupes d;
		long found;

		t0 = ms();
		c0 = cpu_ms();
		if (proc_dupe_input(st, x->name, x->birth, x->place, x->phone, x->nik[0] != '\0' ? x->nik :
		    NULL, &in, &e) != 0 ||
		    dupes_find(st, &in.q, &d, &e) != 0) {
			fprintf(stderr, "bench-dupes: '%s' %s: %s\n", x->name, x->birth, e.msg);
			return 1;
		}
		lat[0][q] = ms() - t0;
		cpu[q] = cpu_ms() - c0;
		found = d.n > 0 && d.v[0].score >= DUPE_DECIDE && d.v[0].is_member ? d.v[0].id : 0;
		if (found != 0 && found == x->truth)
			tp[0]++;
		else if (found != 0) {
			fp[0]++;
			/* A namesake born the same day: no rule on names and
			 * dates can tell them apart. */
			fp_twin += d.v[0].name_sim >= 1.0 && strcmp(d.v[0].birth_date, x->birth) == 0;
			fp_typo += (d.v[0].reasons & DUPE_BIRTH_TYPO) != 0;
		}
		if (getenv("BENCH_MISSES") != NULL && found != x->truth)
			printf("# generated %s: '%s' %s: top %.2f, reasons 0x%x, '%s' %s\n",
			    x->truth != 0 ? "missed" : "false match", x->name, x->birth,
			    d.n > 0 ? d.v[0].score : 0.0, d.n > 0 ? (unsigned)d.v[0].reasons : 0u,
			    d.n > 0 ? d.v[0].name : "", d.n > 0 ? d.v[0].birth_date : "");
		dupes_free(&d);

		t0 = ms();
		store_bind_text(ex, 1, x->name);
		store_bind_text(ex, 2, x->birth);
		found = store_step(ex) == STORE_ROW ? store_col_int(ex, 0) : 0;
		store_reset(ex);
		lat[1][q] = ms() - t0;
		tp[1] += found != 0 && found == x->truth;
		fp[1] += found != 0 && found != x->truth;

		if (q < likeq) {
			char pat[40], pat2[40], firstw[32];

			sscanf(x->name, "%31s", firstw);
			snprintf(pat, sizeof pat, "%%%s%%", x->surname);
			snprintf(pat2, sizeof pat2, "%%%s%%", firstw);
			t0 = ms();
			store_bind_text(lk, 1, pat);
			store_bind_text(lk, 2, pat2);
			found = store_step(lk) == STORE_ROW ? store_col_int(lk, 0) : 0;
			store_reset(lk);
			lat[2][q] = ms() - t0;
			tp[2] += found != 0 && found == x->truth;
			fp[2] += found != 0 && found != x->truth;
		}
	}
	store_finalize(ex);
	store_finalize(lk);
	printf("\nAlready a member?  %ld members, %d queries, %ld planted duplicates%s:\n\n",
	    members, nq, planted, remote ? ", PostgreSQL" : "");
	printf("| %-30s | %9s | %9s | %9s | %6s |\n", "method", "p50 ms", "p95 ms",
	    "precision", "recall");
	printf("|--------------------------------|-----------|-----------|-----------|--------|\n");
	for (m = 0; m < 3; m++) {
		int n = m == 2 ? likeq : nq;
		long pl = m == 2 ? (likeq + 1) / 2 : planted;

		qsort(lat[m], (size_t)n, sizeof *lat[m], cmp);
		printf("| %-30s | %9.3f | %9.3f | %9.3f | %6.3f |\n", label[m], lat[m][n / 2],
		    lat[m][n * 95 / 100], tp[m] + fp[m] > 0 ? (double)tp[m] / (tp[m] + fp[m]) : 0,
		    (double)tp[m] / pl);
		free(lat[m]);
	}
	qsort(cpu, (size_t)nq, sizeof *cpu, cmp);
	printf("\nkartu's CPU time per check: p50 %.3f ms, p95 %.3f ms\n", cpu[nq / 2],
	    cpu[nq * 95 / 100]);
	free(cpu);
	printf("kartu's %ld false matches: %ld a name of the same key born the same day"
	    " (a namesake: nothing in a name or date tells them apart), %ld through a"
	    " birth date typo\n", fp[0], fp_twin, fp_typo);
	free(qs);
	free(truth);
	for (m = 3; m < argc; m++)
		if (eval_pairs(st, argv[m], members) != 0)
			return 1;
	store_close(st);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
