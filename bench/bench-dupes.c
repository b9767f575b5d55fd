/*
 * bench-dupes.c - the already-a-member check at scale, against two baselines:
 *   exact   the same name (case aside) and the same birth date, as Koha and
 *           INLISLite check;
 *   like    a LIKE scan for two words of the name (what a clerk types in a
 *           search box), no date.
 * N members are generated; then Q queries: half are planted duplicates (an
 * existing member typed again with Indonesian spelling variants, word order,
 * initials, the old spelling, day and month swapped, a new phone), half new
 * people.  A query "finds" a member when the top candidate scores at least
 * DUPE_DECIDE (kartu) or when any row matches (baselines).
 * Usage: bench-dupes [MEMBERS [QUERIES]]
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dupes.h"
#include "proc.h"

static const char *const first[] = {
	"Muhammad", "Siti", "Nur", "Agus", "Budi", "Dewi", "Rina", "Ahmad", "Rizky", "Putri",
	"Andi", "Sri", "Eko", "Joko", "Wahyu", "Indah", "Fajar", "Yusuf", "Dian", "Ayu",
	"Hendra", "Rahmat", "Fitri", "Bayu", "Citra", "Gilang", "Hasan", "Irfan", "Kartika",
	"Lukman", "Maya", "Nanda", "Oktavia", "Pandu", "Qori", "Reza", "Sinta", "Taufik",
	"Umar", "Vina", "Wulan", "Yoga", "Zainal", "Abdul", "Bambang", "Cahyo", "Dedi",
	"Endang", "Fauzi", "Galih", "Hadi", "Intan", "Jaya", "Khairul", "Lina", "Mulyadi",
};
static const char *const last[] = {
	"Pratama", "Saputra", "Wijaya", "Santoso", "Hidayat", "Lestari", "Kurniawan",
	"Rahmawati", "Setiawan", "Susanti", "Nugroho", "Hartono", "Permata", "Anwar", "Halim",
	"Siregar", "Nasution", "Harahap", "Gunawan", "Utami", "Wulandari", "Maharani",
	"Ramadhan", "Firmansyah", "Kusuma", "Purnomo", "Sulistyo", "Yulianti", "Andriani",
	"Syahputra", "Hakim", "Rosadi", "Suryadi", "Fadillah", "Sembiring", "Ginting",
	"Tarigan", "Marpaung", "Hutapea", "Lubis", "Daulay", "Tanjung", "Pohan", "Batubara",
};

static double
ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
person(char *name, size_t len)
{
	snprintf(name, len, "%s %s %s", first[random() % nitems(first)],
	    first[random() % nitems(first)], last[random() % nitems(last)]);
}

/* Type a name again the way another clerk, or the applicant, might. */
static void
variant(const char *in, char *out, size_t len)
{
	char w[3][32], tmp[32];
	int n, k, i, j;

	n = sscanf(in, "%31s %31s %31s", w[0], w[1], w[2]);
	for (k = 0; k < 2; k++) {
		i = (int)(random() % n);
		switch (random() % 8) {
		case 0:
			if (strcmp(w[i], "Muhammad") == 0)
				snprintf(w[i], sizeof w[i], "%s", random() % 2 ? "Moh." : "M.");
			else
				snprintf(w[i] + 1, sizeof w[i] - 1, ".");	/* an initial */
			break;
		case 1:	/* old spelling */
			for (j = 0; w[i][j] != '\0'; j++)
				if (w[i][j] == 'u' && strlen(w[i]) < 30) {
					memmove(w[i] + j + 2, w[i] + j + 1, strlen(w[i] + j + 1) + 1);
					w[i][j] = 'o';
					w[i][j + 1] = 'e';
					break;
				}
			break;
		case 2:	/* a doubled letter */
			if (strlen(w[i]) > 3 && strlen(w[i]) < 30) {
				j = 1 + (int)(random() % (strlen(w[i]) - 2));
				memmove(w[i] + j + 1, w[i] + j, strlen(w[i] + j) + 1);
			}
			break;
		case 3:	/* word order */
			if (n > 1) {
				memcpy(tmp, w[0], sizeof tmp);
				memcpy(w[0], w[n - 1], sizeof tmp);
				memcpy(w[n - 1], tmp, sizeof tmp);
			}
			break;
		case 4:	/* y / i at the end */
			j = (int)strlen(w[i]) - 1;
			if (w[i][j] == 'i')
				w[i][j] = 'y';
			else if (w[i][j] == 'y')
				w[i][j] = 'i';
			break;
		case 5:	/* lower case */
			for (j = 0; w[i][j] != '\0'; j++)
				w[i][j] = (char)tolower((unsigned char)w[i][j]);
			break;
		default:
			break;
		}
	}
	snprintf(out, len, "%s %s %s", w[0], w[1], n > 2 ? w[2] : "");
}

struct query {
	char name[128], phone[20], birth[11], surname[32];
	long truth;	/* the member's id, or 0 for a new person */
};

int
main(int argc, char **argv)
{
	long members = argc > 1 ? atol(argv[1]) : 100000, i;
	int nq = argc > 2 ? atoi(argv[2]) : 2000, q, likeq;
	char dir[] = "/tmp/kartu-bench-dupes-XXXXXX", path[128], name[128], key[NAME_KEY_MAX];
	char phone[20], birth[11], no[24];
	struct store *st;
	struct kt_err e = { 0 };
	struct query *qs;
	sqlite3_stmt *s, *ex, *lk;
	double *lat[3], t0;
	long tp[3] = { 0 }, fp[3] = { 0 }, planted = 0;
	const char *label[3] = { "kartu (indexes + name keys)", "exact name + birth date",
	    "LIKE scan, two words of name" };
	int m;

	if (members < 100 || nq < 10 || mkdtemp(dir) == NULL)
		return 2;
	srandom(42);
	snprintf(path, sizeof path, "%s/k.db", dir);
	if (store_open(path, STORE_CREATE, &st, &e) != 0 ||
	    store_load_rules(st, store_default_rules, &e) != 0) {
		fprintf(stderr, "bench-dupes: %s\n", e.msg);
		return 1;
	}
	sqlite3_exec(store_db(st), "INSERT INTO operators (name, role, created_at) VALUES"
	    " ('bench', 'operator', 'now')", NULL, NULL, NULL);
	fprintf(stderr, "bench-dupes: %ld members...\n", members);
	store_begin(st, NULL);
	store_prepare(st, "INSERT INTO members (member_no, category, name, name_key, birth_place,"
	    " birth_date, sex, address, phone, expires_on, created_at, created_by) VALUES"
	    " (?, 'umum', ?, ?, 'X', ?, 'L', 'A', ?, '2030-01-01', 'now', 1)", &s, NULL);
	for (i = 1; i <= members; i++) {
		struct kt_date d;

		person(name, sizeof name);
		name_key(name, key, sizeof key);
		date_from_days(-7300 + random() % 25000, &d);
		date_format(&d, birth, sizeof birth);
		snprintf(phone, sizeof phone, "+62812%08ld", random() % 100000000L);
		snprintf(no, sizeof no, "M%ld", i);
		sqlite3_bind_text(s, 1, no, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, birth, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 5, phone, -1, SQLITE_TRANSIENT);
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	store_commit(st, NULL);

	/* The queries: planted duplicates and new people. */
	qs = calloc((size_t)nq, sizeof *qs);
	store_prepare(st, "SELECT name, birth_date FROM members WHERE id = ?", &s, NULL);
	for (q = 0; q < nq; q++) {
		struct query *x = &qs[q];
		struct kt_date d;

		snprintf(x->phone, sizeof x->phone, "+62812%08ld", random() % 100000000L);
		if (q % 2 == 0) {
			x->truth = 1 + random() % members;
			sqlite3_bind_int64(s, 1, x->truth);
			sqlite3_step(s);
			variant((const char *)sqlite3_column_text(s, 0), x->name, sizeof x->name);
			valid_date((const char *)sqlite3_column_text(s, 1), &d, NULL);
			sqlite3_reset(s);
			if (random() % 4 == 0 && d.d <= 12 && d.d != d.m) {
				int t = d.d;

				d.d = d.m;
				d.m = t;
			}
			planted++;
		} else {
			person(x->name, sizeof x->name);
			date_from_days(-7300 + random() % 25000, &d);
		}
		date_format(&d, x->birth, sizeof x->birth);
		sscanf(strrchr(x->name, ' ') != NULL && strrchr(x->name, ' ')[1] != '\0' ?
		    strrchr(x->name, ' ') + 1 : x->name, "%31s", x->surname);
	}
	sqlite3_finalize(s);

	for (m = 0; m < 3; m++)
		lat[m] = calloc((size_t)nq, sizeof *lat[m]);
	store_prepare(st, "SELECT id FROM members WHERE name = ? COLLATE NOCASE"
	    " AND birth_date = ?", &ex, NULL);
	/* What a clerk types in a search box: two words of the name, no date. */
	store_prepare(st, "SELECT id FROM members WHERE name LIKE ?1 AND name LIKE ?2", &lk, NULL);
	likeq = members > 20000 ? 200 : nq;	/* a full scan per query: fewer of them */
	fprintf(stderr, "bench-dupes: %d queries (%ld planted)...\n", nq, planted);
	for (q = 0; q < nq; q++) {
		struct query *x = &qs[q];
		struct dupe_input in;
		struct kt_dupes d;
		long found;

		t0 = ms();
		if (proc_dupe_input(st, x->name, x->birth, x->phone, NULL, &in, &e) != 0 ||
		    dupes_find(st, &in.q, &d, &e) != 0) {
			fprintf(stderr, "bench-dupes: '%s' %s: %s\n", x->name, x->birth, e.msg);
			return 1;
		}
		lat[0][q] = ms() - t0;
		found = d.n > 0 && d.v[0].score >= DUPE_DECIDE && d.v[0].is_member ? d.v[0].id : 0;
		if (found != 0 && found == x->truth)
			tp[0]++;
		else if (found != 0)
			fp[0]++;
		dupes_free(&d);

		t0 = ms();
		sqlite3_bind_text(ex, 1, x->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ex, 2, x->birth, -1, SQLITE_STATIC);
		found = sqlite3_step(ex) == SQLITE_ROW ? sqlite3_column_int64(ex, 0) : 0;
		sqlite3_reset(ex);
		lat[1][q] = ms() - t0;
		tp[1] += found != 0 && found == x->truth;
		fp[1] += found != 0 && found != x->truth;

		if (q < likeq) {
			char pat[40], pat2[40], firstw[32];

			sscanf(x->name, "%31s", firstw);
			snprintf(pat, sizeof pat, "%%%s%%", x->surname);
			snprintf(pat2, sizeof pat2, "%%%s%%", firstw);
			t0 = ms();
			sqlite3_bind_text(lk, 1, pat, -1, SQLITE_STATIC);
			sqlite3_bind_text(lk, 2, pat2, -1, SQLITE_STATIC);
			found = sqlite3_step(lk) == SQLITE_ROW ? sqlite3_column_int64(lk, 0) : 0;
			sqlite3_reset(lk);
			lat[2][q] = ms() - t0;
			tp[2] += found != 0 && found == x->truth;
			fp[2] += found != 0 && found != x->truth;
		}
	}
	sqlite3_finalize(ex);
	sqlite3_finalize(lk);
	printf("\nAlready a member?  %ld members, %d queries, %ld planted duplicates:\n\n",
	    members, nq, planted);
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
	free(qs);
	store_close(st);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
