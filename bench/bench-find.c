/*
 * bench-find.c - the member search (kartu member find, member_find) at scale,
 * against the baseline a clerk's search box would be: a LIKE scan of the
 * name for each typed word.
 * N members are generated (bench/gen.c), then Q queries, each for a member
 * picked at random, of six kinds in turn:
 *   first     the first word of the name alone (many members share it: only
 *             the time counts, not whether this member is among the first 50)
 *   last      the last word alone (the same)
 *   swapped   the last word, then the first
 *   variant   the name typed again (gen_variant: Moh./M., initials, the old
 *             spelling, a doubled letter, y/i, word order, case)
 *   prefix    the first word and the first four letters of the last
 *   phone     the mobile number as people write it
 * "top 50" counts, over the kinds but first and last, the queries whose member
 * is among the first 50 answers; "best" those whose member is among the
 * answers ranked first (generated names repeat: at 100 000 members many share
 * a first and a last name, and all of them rank alike).
 * Usage: bench-find [MEMBERS [QUERIES]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "gen.h"
#include "keys.h"
#include "member.h"
#include "name.h"
#include "search.h"
#include "setup.h"

#define KINDS 6
#define TOP 50

static const char *const kinds[KINDS] = { "first", "last", "swapped", "variant", "prefix",
    "phone" };

/* This thread's CPU time: the search's own work, whatever else the machine
 * runs (the wall time waits for the CPU on a shared machine). */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct query {
	char text[160];
	char words[2][40];	/* for the LIKE baseline: the words typed */
	int nwords, kind;
	long truth;
};

struct seen {
	long truth;
	int found;
};

static int
seen(const struct kt_member *m, void *arg)
{
	struct seen *s = arg;

	if (m->id == s->truth)
		s->found = 1;
	return 0;
}

/* Whether the member is among those the name search ranks first. */
static int
best(struct store *st, const char *text, long truth)
{
	struct search_hit *v;
	size_t n, i;
	int more, r = 0;

	if (search_names(st, text, 0, &v, &n, &more, NULL) != 0)
		return 0;
	for (i = 0; i < n && v[i].score == v[0].score; i++)
		if (v[i].id == truth)
			r = 1;
	free(v);
	return r;
}

static void
row(const char *label, double *lat, int n, long found, long top, long asked)
{
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	if (asked > 0 && top >= 0)
		printf("| %-34s | %9.3f | %9.3f | %5ld / %-5ld | %5ld / %-5ld |\n", label,
		    lat[n / 2], lat[n * 95 / 100], found, asked, top, asked);
	else if (asked > 0)
		printf("| %-34s | %9.3f | %9.3f | %5ld / %-5ld | %13s |\n", label,
		    lat[n / 2], lat[n * 95 / 100], found, asked, "-");
	else
		printf("| %-34s | %9.3f | %9.3f | %13s | %13s |\n", label, lat[n / 2],
		    lat[n * 95 / 100], "-", "-");
}

int
main(int argc, char **argv)
{
	long members = argc > 1 ? atol(argv[1]) : 100000, i, found[2] = { 0 }, asked = 0;
	long kfound[KINDS] = { 0 }, kasked[KINDS] = { 0 }, kbest[KINDS] = { 0 }, nbest = 0;
	int nq = argc > 2 ? atoi(argv[2]) : 1200, q, likeq, k, kn[KINDS] = { 0 };
	char dir[] = "/tmp/kartu-bench-find-XXXXXX", path[128], key[NAME_KEY_MAX];
	char phone[20], no[24];
	struct store *st;
	struct kt_err e = { 0 };
	struct query *qs;
	struct store_stmt *s, *lk;
	double *lat[2], *klat[KINDS], *cpu, t0, c0;
	long *pick;
	int reuse;

	/* BENCH_REUSE=DIR: the database a run with BENCH_KEEP left there, of
	 * the same size (the same seed generates the same members again). */
	if (getenv("BENCH_REUSE") != NULL)
		snprintf(dir, sizeof dir, "%.28s", getenv("BENCH_REUSE"));
	else if (mkdtemp(dir) == NULL)
		return 2;
	if (members < 100 || nq < KINDS)
		return 2;
	srandom(1414);
	snprintf(path, sizeof path, "%s/k.db", dir);
	reuse = getenv("BENCH_REUSE") != NULL;
	if (store_open(path, STORE_CREATE, &st, &e) != 0 ||
	    keys_attach(st, dir, 1, &e) != 0 || (!reuse && setup_builtin(st, &e) != 0)) {
		fprintf(stderr, "bench-find: %s\n", e.msg);
		return 1;
	}
	if (!reuse)
		store_exec(st, "INSERT INTO operators (name, role, created_at) VALUES"
		    " ('bench', 'operator', 'now')", NULL);
	qs = calloc((size_t)nq, sizeof *qs);
	pick = calloc((size_t)nq, sizeof *pick);
	for (q = 0; q < nq; q++)
		pick[q] = 1 + random() % members;
	fprintf(stderr, "bench-find: %ld members...\n", members);
	store_begin(st, NULL);
	/* The FTS5 index is kept by the migration's trigger, as at the desk. */
	store_prepare(st, "INSERT INTO members (member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, nik_masked, expires_on, created_at,"
	    " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '6205**********00', '2030-01-01',"
	    " 'now', 1)", &s, NULL);
	for (i = 1; i <= members; i++) {
		struct gen_person p;

		gen_person(&p);
		name_key(p.name, key, sizeof key);
		valid_phone(p.phone, phone, sizeof phone, NULL);
		snprintf(no, sizeof no, "M%ld", i);
		store_bind_text(s, 1, no);
		store_bind_text(s, 2, p.category);
		store_bind_text(s, 3, p.name);
		store_bind_text(s, 4, key);
		store_bind_text(s, 5, p.birth_place);
		store_bind_text(s, 6, p.birth_date);
		store_bind_text(s, 7, p.sex == 'P' ? "P" : "L");
		store_bind_text(s, 8, p.address);
		store_bind_text(s, 9, phone);
		if (!reuse)
			store_step(s);
		store_reset(s);
		for (q = 0; q < nq; q++) {
			struct query *x = &qs[q];
			struct gen_person v;
			char first[40] = "", last[40] = "";
			const char *sp;

			if (pick[q] != i)
				continue;
			x->truth = i;
			x->kind = q % KINDS;
			sscanf(p.name, "%39s", first);
			sp = strrchr(p.name, ' ');
			sscanf(sp != NULL ? sp + 1 : p.name, "%39s", last);
			switch (x->kind) {
			case 0:
				snprintf(x->text, sizeof x->text, "%s", first);
				break;
			case 1:
				snprintf(x->text, sizeof x->text, "%s", last);
				break;
			case 2:
				snprintf(x->text, sizeof x->text, "%s %s", last, first);
				break;
			case 3:
				gen_variant(&p, &v);
				snprintf(x->text, sizeof x->text, "%s", v.name);
				break;
			case 4:
				snprintf(x->text, sizeof x->text, "%s %.4s", first, last);
				break;
			default:
				snprintf(x->text, sizeof x->text, "%s", p.phone);
			}
			x->nwords = sscanf(x->text, "%39s %39s", x->words[0], x->words[1]);
		}
	}
	store_finalize(s);
	store_commit(st, NULL);
	free(pick);

	for (k = 0; k < 2; k++)
		lat[k] = calloc((size_t)nq, sizeof *lat[k]);
	for (k = 0; k < KINDS; k++)
		klat[k] = calloc((size_t)nq, sizeof *klat[k]);
	cpu = calloc((size_t)nq, sizeof *cpu);
	/* Each typed word anywhere in the name, case aside (LIKE is), the phone
	 * as typed: a full scan per query, so fewer of them at scale. */
	store_prepare(st, "SELECT id FROM members WHERE (name LIKE ?1 AND name LIKE ?2) OR"
	    " phone LIKE ?1 LIMIT 50", &lk, NULL);
	likeq = members > 200000 ? 120 : members > 20000 ? 300 : nq;
	if (likeq > nq)
		likeq = nq;
	fprintf(stderr, "bench-find: %d queries...\n", nq);
	for (q = 0; q < nq; q++) {
		struct query *x = &qs[q];
		struct seen sn = { x->truth, 0 };
		char p1[48], p2[48];
		int rc, counts = x->kind >= 2;

		t0 = ms();
		c0 = cpu_ms();
		rc = member_find(st, x->text, TOP, seen, &sn, &e);
		cpu[q] = cpu_ms() - c0;
		lat[0][q] = ms() - t0;
		klat[x->kind][kn[x->kind]++] = lat[0][q];
		if (rc != 0 && rc != KT_ENOTFOUND) {
			fprintf(stderr, "bench-find: '%s': %s\n", x->text, e.msg);
			return 1;
		}
		if (counts) {
			asked++;
			found[0] += sn.found;
			kasked[x->kind]++;
			kfound[x->kind] += sn.found;
			if (x->kind == 5)
				kbest[x->kind] += sn.found;
			else
				kbest[x->kind] += best(st, x->text, x->truth);
		}
		if (getenv("BENCH_MISSES") != NULL && counts && !sn.found)
			printf("# missed (%s): '%s'\n", kinds[x->kind], x->text);
		if (q < likeq) {
			snprintf(p1, sizeof p1, "%%%s%%", x->words[0]);
			snprintf(p2, sizeof p2, "%%%s%%", x->nwords > 1 ? x->words[1] : "");
			t0 = ms();
			store_bind_text(lk, 1, p1);
			store_bind_text(lk, 2, p2);
			sn.found = 0;
			while (store_step(lk) == STORE_ROW)
				if (store_col_int(lk, 0) == x->truth)
					sn.found = 1;
			store_reset(lk);
			lat[1][q] = ms() - t0;
			if (counts)
				found[1] += sn.found;
		}
	}
	store_finalize(lk);
	printf("\nMember search (member find), %ld members, %d queries:\n\n", members, nq);
	for (k = 0; k < KINDS; k++)
		nbest += kbest[k];
	printf("| %-34s | %9s | %9s | %13s | %13s |\n", "method", "p50 ms", "p95 ms",
	    "found, top 50", "ranked first");
	printf("|------------------------------------|-----------|-----------|---------------|---------------|\n");
	row("kartu (FTS5 over name keys)", lat[0], nq, found[0], nbest, asked);
	{
		char label[64];
		long la = 0;

		for (q = 0; q < likeq; q++)
			la += qs[q].kind >= 2;
		snprintf(label, sizeof label, "LIKE scan per word (%d queries)", likeq);
		row(label, lat[1], likeq, found[1], -1, la);
	}
	qsort(cpu, (size_t)nq, sizeof *cpu, cmp);
	printf("\nkartu's CPU time per search: p50 %.3f ms, p95 %.3f ms\n", cpu[nq / 2],
	    cpu[nq * 95 / 100]);
	free(cpu);
	printf("\nkartu by kind of query:\n\n");
	printf("| %-34s | %9s | %9s | %13s | %13s |\n", "kind", "p50 ms", "p95 ms",
	    "found, top 50", "ranked first");
	printf("|------------------------------------|-----------|-----------|---------------|---------------|\n");
	for (k = 0; k < KINDS; k++)
		row(kinds[k], klat[k], kn[k], kfound[k], kbest[k], kasked[k]);
	for (k = 0; k < 2; k++)
		free(lat[k]);
	for (k = 0; k < KINDS; k++)
		free(klat[k]);
	free(qs);
	store_close(st);
	if (getenv("BENCH_KEEP") != NULL || reuse) {
		fprintf(stderr, "bench-find: kept %s\n", dir);
		return 0;
	}
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
