/*
 * dupes.c - the already-a-member check (see dupes.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupes.h"

/* How much each reason adds; the score is 1 - prod(1 - weight). */
#define W_NIK 0.99
#define W_PHONE 0.60
#define W_NAME_ALONE 0.30
#define W_NICKNAME 0.50		/* a nickname and the same birth date: at the line */
#define TYPO_FACTOR 0.50	/* a birth date typo halves the name's weight */
#define W_PLACE 0.20		/* the same birth place, beside a birth date typo */
#define MAXTYPO 48		/* birth dates one digit or one year off */

static const struct {
	int bit;
	const char *code;
	const char *text;
} reasons[] = {
	{ DUPE_NIK, "same-nik", N_("same NIK") },
	{ DUPE_PHONE, "same-phone", N_("same phone number") },
	{ DUPE_NAME_BIRTH, "similar-name-same-birth-date", N_("similar name, same birth date") },
	{ DUPE_NAME_SWAPPED, "similar-name-swapped-birth-date",
	    N_("similar name, birth day and month swapped") },
	{ DUPE_NAME, "similar-name", N_("similar name") },
	{ DUPE_NIK_DIFFERS, "different-nik", N_("but a different NIK") },
	{ DUPE_NICKNAME, "nickname", N_("through a nickname") },
	{ DUPE_BIRTH_TYPO, "similar-name-birth-date-typo",
	    N_("similar name, birth date one digit or one year off") },
	{ DUPE_PLACE, "same-birth-place", N_("same birth place") },
};

const char *
dupes_reason_code(int bit)
{
	size_t i;

	for (i = 0; i < nitems(reasons); i++)
		if (reasons[i].bit == bit)
			return reasons[i].code;
	return "?";
}

const char *
dupes_reason_text(int bit)
{
	size_t i;

	for (i = 0; i < nitems(reasons); i++)
		if (reasons[i].bit == bit)
			return _(reasons[i].text);
	return "?";
}

void
dupes_free(struct kt_dupes *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static int
push(struct kt_dupes *d, const struct kt_dupe *x)
{
	struct kt_dupe *v;

	if (d->n == d->cap) {
		size_t cap = d->cap == 0 ? 8 : d->cap * 2;

		if ((v = realloc(d->v, cap * sizeof *v)) == NULL)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = *x;
	return 0;
}

static int
by_score(const void *a, const void *b)
{
	const struct kt_dupe *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->is_member != y->is_member)
		return y->is_member - x->is_member;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const char *
text(struct store_stmt *s, int col)
{
	const char *t = store_col_text(s, col);

	return t != NULL ? t : "";
}

/* Letters of a place name, lower case, nothing else: Palangka Raya =
 * Palangkaraya = PALANGKA-RAYA. */
static void
place_key(const char *in, char *out, size_t len)
{
	size_t n = 0;

	for (; in != NULL && *in != '\0' && n + 1 < len; in++)
		if ((*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z'))
			out[n++] = (char)(*in | 0x20);
	out[n] = '\0';
}

struct dates {
	char birth[11], swapped[11];
	char typo[MAXTYPO][11];
	int ntypo;
	int birth_n, swapped_n, typo_n[MAXTYPO];	/* the same as yyyymmdd */
	char place[64];
};

/* A column of r, "" for NULL. */
static const char *
col(const char *v)
{
	return v != NULL ? v : "";
}

/* Score one row and keep it if any reason holds. */
static int
consider(const struct dupe_row *r, const struct dupe_query *q, const struct dates *dt,
    struct kt_dupes *out)
{
	struct kt_dupe d;
	double keep = 1.0, w;
	const char *born = col(r->birth_date);
	char place[64];
	int how = 0, i, typo = 0;

	memset(&d, 0, sizeof d);
	d.is_member = r->is_member;
	d.id = r->id;
	d.name_sim = name_compare(q->name_key, col(r->name_key), &how);
	if (q->nik_hash != NULL && strcmp(q->nik_hash, col(r->nik_hash)) == 0) {
		d.reasons |= DUPE_NIK;
		keep *= 1.0 - W_NIK;
	}
	if (q->phone != NULL && strcmp(q->phone, col(r->phone)) == 0) {
		d.reasons |= DUPE_PHONE;
		keep *= 1.0 - W_PHONE;
	}
	for (i = 0; i < dt->ntypo && !typo; i++)
		typo = strcmp(born, dt->typo[i]) == 0;
	if (d.name_sim >= DUPE_NAME_MIN) {
		/* 0.5 at the threshold up to 0.95 for the same name. */
		w = 0.5 + 0.45 * (d.name_sim - DUPE_NAME_MIN) / (1.0 - DUPE_NAME_MIN);
		if (how & NAME_NICKNAME) {
			d.reasons |= DUPE_NICKNAME;
			if (w > W_NICKNAME)
				w = W_NICKNAME;
		}
		if (strcmp(born, dt->birth) == 0)
			d.reasons |= DUPE_NAME_BIRTH;
		else if (dt->swapped[0] != '\0' && strcmp(born, dt->swapped) == 0) {
			d.reasons |= DUPE_NAME_SWAPPED;
			w *= 0.85;
		} else if (typo && !(how & NAME_NICKNAME)) {
			/* Only beside another signal: the same phone, the same
			 * birth place, or a name closer than most. */
			place_key(r->birth_place, place, sizeof place);
			if (dt->place[0] != '\0' && strcmp(place, dt->place) == 0) {
				d.reasons |= DUPE_PLACE;
				keep *= 1.0 - W_PLACE;
			}
			if (d.reasons != 0 || d.name_sim >= DUPE_NAME_CLOSE) {
				d.reasons |= DUPE_BIRTH_TYPO;
				w *= TYPO_FACTOR;
			} else
				w = 0.0;
		} else if (d.reasons != 0) {
			d.reasons |= DUPE_NAME;
			w = W_NAME_ALONE;
		} else
			w = 0.0;
		keep *= 1.0 - w;
	}
	if (d.reasons == 0 || d.reasons == DUPE_NICKNAME)
		return 0;
	d.score = 1.0 - keep;
	/* Two valid NIKs that differ are two people, whatever the names say
	 * (namesakes born the same day exist); the candidate is still shown. */
	if (q->nik_hash != NULL && col(r->nik_hash)[0] != '\0' && !(d.reasons & DUPE_NIK)) {
		d.reasons |= DUPE_NIK_DIFFERS;
		d.score *= 0.4;
	}
	snprintf(d.member_no, sizeof d.member_no, "%s", col(r->member_no));
	snprintf(d.name, sizeof d.name, "%s", col(r->name));
	snprintf(d.birth_date, sizeof d.birth_date, "%s", born);
	snprintf(d.state, sizeof d.state, "%s", col(r->status));
	return push(out, &d);
}

#define MEMBER_COLS "id, member_no, name, name_key, birth_date, status, phone, nik_hash," \
	" birth_place FROM members"
#define APP_COLS "id, '', name, name_key, birth_date, state, phone, nik_hash, birth_place" \
	" FROM applications"
#define OPEN_APP "state IN ('applied', 'checked', 'validated')"

/* The row a statement of MEMBER_COLS or APP_COLS stands on. */
static void
row_of(struct store_stmt *s, int is_member, struct dupe_row *r)
{
	r->id = store_col_int(s, 0);
	r->is_member = is_member;
	r->member_no = text(s, 1);
	r->name = text(s, 2);
	r->name_key = text(s, 3);
	r->birth_date = text(s, 4);
	r->status = text(s, 5);
	r->phone = text(s, 6);
	r->nik_hash = text(s, 7);
	r->birth_place = text(s, 8);
}

/* Ids already looked at by the first query, not to count twice. */
struct seen {
	long long id[256];
	int n, is_member;
};

static int
was_seen(const struct seen *sn, long long id)
{
	int i;

	for (i = 0; i < sn->n; i++)
		if (sn->id[i] == id)
			return 1;
	return 0;
}

/* Whether out already holds the row id of this kind (a row found by two of
 * the keys below, say its birth date and its phone, is scored once). */
static int
have(const struct kt_dupes *out, int is_member, long long id)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (out->v[i].id == id && out->v[i].is_member == is_member)
			return 1;
	return 0;
}

/* The rows of one key: sql's ?1 the value, ?2 the application to leave out.
 * Each key has its own index and its own cached statement: one query ORing
 * them with an IN list builds a temporary b-tree each time it runs. */
static int
by_key(struct store *st, const char *sql, const char *value, int is_member,
    const struct dupe_query *q, const struct dates *dt, struct seen *sn,
    struct kt_dupes *out, struct kt_err *e)
{
	struct store_stmt *s;
	struct dupe_row r;
	long long id;
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, value);
	store_bind_int(s, 2, q->exclude_app);
	while ((rc = store_step(s)) == STORE_ROW) {
		id = store_col_int(s, 0);
		if (was_seen(sn, id))
			continue;
		if (sn->n < (int)nitems(sn->id))
			sn->id[sn->n++] = id;
		else if (have(out, is_member, id))
			continue;
		row_of(s, is_member, &r);
		if (consider(&r, q, dt, out) != 0) {
			store_finalize(s);
			return kt_error(e, KT_EFAIL, "out of memory");
		}
	}
	rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* The same birth date, the swapped one, the same phone or NIK. */
static int
scan(struct store *st, int is_member, const struct dupe_query *q, const struct dates *dt,
    struct seen *sn, struct kt_dupes *out, struct kt_err *e)
{
	static const char *const member_sql[] = {
		"SELECT " MEMBER_COLS " WHERE birth_date = ?1 AND (?2 = 0 OR application_id"
		    " IS DISTINCT FROM ?2)",
		"SELECT " MEMBER_COLS " WHERE phone = ?1 AND (?2 = 0 OR application_id"
		    " IS DISTINCT FROM ?2)",
		"SELECT " MEMBER_COLS " WHERE nik_hash = ?1 AND (?2 = 0 OR application_id"
		    " IS DISTINCT FROM ?2)",
	};
	static const char *const app_sql[] = {
		"SELECT " APP_COLS " WHERE birth_date = ?1 AND " OPEN_APP " AND id <> ?2",
		"SELECT " APP_COLS " WHERE phone = ?1 AND " OPEN_APP " AND id <> ?2",
		"SELECT " APP_COLS " WHERE nik_hash = ?1 AND " OPEN_APP " AND id <> ?2",
	};
	const char *const *sql = is_member ? member_sql : app_sql;
	int rc;

	sn->n = 0;
	sn->is_member = is_member;
	if ((rc = by_key(st, sql[0], dt->birth, is_member, q, dt, sn, out, e)) != 0 ||
	    (dt->swapped[0] != '\0' && (rc = by_key(st, sql[0], dt->swapped, is_member, q, dt,
	    sn, out, e)) != 0) ||
	    (q->phone != NULL && (rc = by_key(st, sql[1], q->phone, is_member, q, dt, sn, out,
	    e)) != 0) ||
	    (q->nik_hash != NULL && (rc = by_key(st, sql[2], q->nik_hash, is_member, q, dt, sn,
	    out, e)) != 0))
		return rc;
	return 0;
}

/* The birth dates with a typo: names and places from the index
 * (members_birth_key), whole rows only for those that may count.  One
 * cached statement stepped once a date (an IN list of 48 dates built a
 * temporary b-tree on every call); the similarity of a name key is reused
 * for the namesakes that follow it in the index. */
static int
scan_typos(struct store *st, int is_member, const struct dupe_query *q,
    const struct dates *dt, const struct seen *sn, struct kt_dupes *out, struct kt_err *e)
{
	struct store_stmt *s = NULL, *row = NULL;
	struct dupe_row r;
	char place[64], last[NAME_KEY_MAX] = "";
	const char *key;
	double sim = 0.0;
	size_t n;
	int rc = 0, i;

	char sql[256 + MAXTYPO * 6];
	int batch = store_engine(st) == STORE_POSTGRESQL;
	size_t len;

	if (dt->ntypo == 0)
		return 0;
	/* On PostgreSQL each statement is a round trip to the server: all the
	 * typo dates go in one (an IN list of MAXTYPO, NULL where unused),
	 * about 100 round trips fewer a check.  In SQLite's process a statement
	 * a date is cheaper than an IN list's temporary b-tree.  The candidates
	 * are the same either way (sorted by by_score afterwards). */
	len = (size_t)snprintf(sql, sizeof sql, "%s", is_member ? "SELECT id, name_key,"
	    " birth_place FROM members WHERE ?1 = ?1 AND birth_date = ?2" : "SELECT id,"
	    " name_key, birth_place FROM applications WHERE " OPEN_APP " AND id <> ?1 AND"
	    " birth_date = ?2");
	if (batch) {
		len -= strlen("= ?2");
		len += (size_t)snprintf(sql + len, sizeof sql - len, "IN (?2");
		for (i = 1; i < MAXTYPO; i++)
			len += (size_t)snprintf(sql + len, sizeof sql - len, ", ?%d", i + 2);
		snprintf(sql + len, sizeof sql - len, ")");
	}
	if ((rc = store_prepare(st, sql, &s, e)) != 0 ||
	    (rc = store_prepare(st, is_member ? "SELECT " MEMBER_COLS " WHERE id = ?1 AND"
	    " (?2 = 0 OR application_id IS DISTINCT FROM ?2)" :
	    "SELECT " APP_COLS " WHERE id = ?1 AND ?2 = ?2", &row, e)) != 0)
		goto out;
	store_bind_int(row, 2, q->exclude_app);
	store_bind_int(s, 1, q->exclude_app);
	for (i = 0; i < dt->ntypo && rc == 0; i++) {
		if (!batch)
			store_bind_text(s, 2, dt->typo[i]);
		else {
			int j;

			for (j = 0; j < MAXTYPO; j++)
				if (j < dt->ntypo)
					store_bind_text(s, j + 2, dt->typo[j]);
				else
					store_bind_null(s, j + 2);
			i = dt->ntypo;	/* one statement for them all */
		}
		while ((rc = store_step(s)) == STORE_ROW) {
			if (was_seen(sn, store_col_int(s, 0)) || have(out, is_member,
			    store_col_int(s, 0)))
				continue;
			key = text(s, 1);
			if (strcmp(key, last) != 0) {
				/* Most of these names are far from the row's: their
				 * bound says so before the whole comparison. */
				sim = name_bound(q->name_key, key) < DUPE_NAME_MIN ? 0.0 :
				    name_similarity(q->name_key, key);
				n = strlen(key);
				if (n >= sizeof last)
					n = sizeof last - 1;
				memcpy(last, key, n);
				last[n] = '\0';
			}
			if (sim < DUPE_NAME_MIN)
				continue;
			place_key(text(s, 2), place, sizeof place);
			if (sim < DUPE_NAME_CLOSE && (dt->place[0] == '\0' ||
			    strcmp(place, dt->place) != 0))
				continue;
			store_bind_int(row, 1, store_col_int(s, 0));
			if (store_step(row) == STORE_ROW) {
				row_of(row, is_member, &r);
				if (consider(&r, q, dt, out) != 0) {
					rc = kt_error(e, KT_EFAIL, "out of memory");
					goto out;
				}
			}
			store_reset(row);
		}
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
		store_reset(s);
	}
out:
	store_finalize(s);
	store_finalize(row);
	return rc;
}

/* Add date y-m-d to the typos unless it is invalid, the date itself, the
 * swapped one or there already. */
static void
add_typo(struct dates *dt, int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct kt_date x;
	int i, v;

	if (dt->ntypo == MAXTYPO || y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return;		/* 31 April, 29 February 2001 */
	v = y * 10000 + m * 100 + d;
	if (v == dt->birth_n || v == dt->swapped_n)
		return;
	for (i = 0; i < dt->ntypo; i++)
		if (dt->typo_n[i] == v)
			return;
	x.y = y;
	x.m = m;
	x.d = d;
	dt->typo_n[dt->ntypo] = v;
	date_format(&x, dt->typo[dt->ntypo++], sizeof dt->typo[0]);
}

/* The birth dates one typed digit away in the day or the year, and a year
 * either side. */
static void
typos(const struct kt_date *b, struct dates *dt)
{
	static const int pow10[] = { 1, 10, 100, 1000 };
	int k, digit, old;

	for (k = 0; k < 2; k++) {
		old = b->d / pow10[k] % 10;
		for (digit = 0; digit < 10; digit++)
			if (digit != old)
				add_typo(dt, b->y, b->m, b->d + (digit - old) * pow10[k]);
	}
	add_typo(dt, b->y - 1, b->m, b->d);
	add_typo(dt, b->y + 1, b->m, b->d);
	for (k = 0; k < 4; k++) {
		old = b->y / pow10[k] % 10;
		for (digit = 0; digit < 10; digit++)
			if (digit != old)
				add_typo(dt, b->y + (digit - old) * pow10[k], b->m, b->d);
	}
}

/* Whether any application is open: every query of applications above asks
 * only for open ones, so with none (an import into a register with no
 * applications under way) their fifty index lookups can be left out. */
static int
open_apps(struct store *st, int *any, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	*any = 1;
	if ((rc = store_prepare(st, "SELECT CASE WHEN EXISTS (SELECT 1 FROM applications"
	    " WHERE state = 'applied') OR EXISTS (SELECT 1 FROM applications WHERE state ="
	    " 'checked') OR EXISTS (SELECT 1 FROM applications WHERE state = 'validated')"
	    " THEN 1 ELSE 0 END", &s, e)) != 0)
		return rc;
	if ((rc = store_step(s)) == STORE_ROW) {
		*any = store_col_int(s, 0) != 0;
		rc = 0;
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* What a query compares by date and place: its birth date, the date with day
 * and month swapped (when that is a date), the typos of it, the place's key. */
static void
query_dates(const struct dupe_query *q, struct dates *dt)
{
	struct kt_date sw;

	memset(dt, 0, sizeof *dt);
	date_format(&q->birth, dt->birth, sizeof dt->birth);
	if (q->birth.d <= 12 && q->birth.d != q->birth.m) {
		sw.y = q->birth.y;
		sw.m = q->birth.d;
		sw.d = q->birth.m;
		date_format(&sw, dt->swapped, sizeof dt->swapped);
		dt->swapped_n = sw.y * 10000 + sw.m * 100 + sw.d;
	}
	dt->birth_n = q->birth.y * 10000 + q->birth.m * 100 + q->birth.d;
	typos(&q->birth, dt);
	place_key(q->birth_place, dt->place, sizeof dt->place);
}

int
dupes_find(struct store *st, const struct dupe_query *q, struct kt_dupes *out,
    struct kt_err *e)
{
	struct dates dt;
	struct seen sn;
	int rc, apps = 0;

	memset(out, 0, sizeof *out);
	query_dates(q, &dt);
	if ((rc = scan(st, 1, q, &dt, &sn, out, e)) == 0 &&
	    (rc = scan_typos(st, 1, q, &dt, &sn, out, e)) == 0 &&
	    (rc = open_apps(st, &apps, e)) == 0 && apps &&
	    (rc = scan(st, 0, q, &dt, &sn, out, e)) == 0)
		rc = scan_typos(st, 0, q, &dt, &sn, out, e);
	if (rc != 0) {
		dupes_free(out);
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_score);
	return 0;
}

/*
 * The register in memory, for an import (dupes.h): what the look-ups of
 * dupes_find ask the indexes for, kept in arrays and chained hash tables,
 * and what consider() reads of a row, kept in an arena: the members and the
 * open applications, so that a check asks nothing of the store (an import
 * checks its rows on one core while the other writes them).
 */
struct dx_ent {
	long long id;
	unsigned long long phone, nik;	/* hashes of the texts, 0 for NULL */
	unsigned key, place;		/* offsets into the arena: name key, place key */
	unsigned text[6];		/* the row's texts in the arena, DX_NO... */
	unsigned tok;			/* the name's tokens: ids of memo, in toks */
	int ntok;
	int born;			/* yyyymmdd, 0 for none */
	int is_member;			/* 1 member, 0 open application */
};

/* The texts of dx_ent.text, as struct dupe_row names them. */
enum { DX_NO, DX_NAME, DX_BORN, DX_STATUS, DX_PHONE, DX_NIK };

struct dx_chain {
	unsigned *head;			/* of size mask + 1; entry + 1, 0 ends */
	unsigned *next;			/* one per entry */
};

/*
 * The members born on one day, for the walks over a query's birth date, the
 * swapped one and its typo dates: some fifty days a query, each holding a
 * thousandth to a hundredth of the register.  Their names' token ids are kept beside the entry, one after the
 * other, so the walk reads memory in order; through the chains above every
 * namesake cost a few cache misses (the entry, its mark, its tokens), and
 * the walk grew from a fifth of a row at 100 000 members to most of it at a
 * million.  Names of more than DX_INLINE tokens are read from toks.
 */
#define DX_INLINE 6
#define DX_YEAR0 1900		/* the days of 1900 to 2100: add_typo's range */
#define DX_DAYS (201 * 372)

struct dx_rec {
	unsigned i;			/* the entry */
	unsigned ntok;			/* in tok; more than DX_INLINE: in toks */
	unsigned tok[DX_INLINE];
};

struct dx_day {
	struct dx_rec *v;
	unsigned n, cap;
};

struct dupes_index {
	struct dx_ent *v;
	size_t n, cap;
	char *arena;
	size_t used, size;
	size_t mask;			/* the hash tables' size - 1 */
	struct dx_chain born, phone, nik;
	unsigned *mark;			/* per entry: the query that saw it */
	unsigned query;
	struct name_memo *memo;		/* the name bounds of the query */
	unsigned *toks;			/* the members' names as token ids */
	size_t ntoks, captoks;
	struct dx_day *day;		/* DX_DAYS of them, by dx_day_of */
};

/* The bucket of yyyymmdd born, or -1 outside DX_YEAR0 and the 200 years
 * after (no typo date is). */
static long
dx_day_of(int born)
{
	int y = born / 10000, m = born / 100 % 100, d = born % 100;

	if (y < DX_YEAR0 || y > DX_YEAR0 + 200 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return (long)(y - DX_YEAR0) * 372 + (m - 1) * 31 + (d - 1);
}

/* Entry i (its tokens already in toks) into its day's bucket. */
static int
dx_day_add(struct dupes_index *x, size_t i)
{
	const struct dx_ent *d = &x->v[i];
	struct dx_day *b;
	struct dx_rec *r;
	long k = dx_day_of(d->born);
	unsigned cap;

	if (k < 0)
		return 0;
	b = &x->day[k];
	if (b->n == b->cap) {
		cap = b->cap ? 2 * b->cap : 8;
		if ((r = realloc(b->v, cap * sizeof *r)) == NULL)
			return -1;
		b->v = r;
		b->cap = cap;
	}
	r = &b->v[b->n++];
	r->i = (unsigned)i;
	r->ntok = (unsigned)d->ntok;
	if (d->ntok <= DX_INLINE)
		memcpy(r->tok, x->toks + d->tok, (size_t)d->ntok * sizeof *r->tok);
	return 0;
}

/* FNV-1a, never 0 (0 is NULL). */
static unsigned long long
dx_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h != 0 ? h : 1;
}

/* "yyyy-mm-dd" as yyyymmdd; anything else 0: a date stored otherwise is
 * never equal to one dupes_find formats. */
static int
dx_born(const char *s)
{
	int i, v = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7) {
			if (s[i] < '0' || s[i] > '9')
				return 0;
			v = v * 10 + (s[i] - '0');
		}
	return v;
}

static size_t
dx_slot(const struct dupes_index *x, unsigned long long h)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (size_t)h & x->mask;
}

static void
dx_link(struct dupes_index *x, struct dx_chain *c, unsigned long long h, size_t i)
{
	size_t slot = dx_slot(x, h);

	c->next[i] = c->head[slot];
	c->head[slot] = (unsigned)i + 1;
}

static int
dx_string(struct dupes_index *x, const char *s, unsigned *off)
{
	size_t n = strlen(s) + 1, size;
	char *p;

	if (x->used + n > x->size) {
		size = x->size ? x->size : 1 << 16;
		while (x->used + n > size)
			size *= 2;
		if (size > 0xffffffffUL || (p = realloc(x->arena, size)) == NULL)
			return -1;
		x->arena = p;
		x->size = size;
	}
	memcpy(x->arena + x->used, s, n);
	*off = (unsigned)x->used;
	x->used += n;
	return 0;
}

/* (Re)build the hash tables for cap entries. */
static int
dx_grow(struct dupes_index *x, size_t cap)
{
	struct dx_chain *c[] = { &x->born, &x->phone, &x->nik };
	struct dx_ent *v;
	unsigned *p;
	size_t i, j, mask = 1023;

	while (mask + 1 < cap)
		mask = 2 * mask + 1;
	if (cap > 0xfffffff0UL || (v = realloc(x->v, cap * sizeof *v)) == NULL)
		return -1;
	x->v = v;
	if ((p = realloc(x->mark, cap * sizeof *p)) == NULL)
		return -1;
	x->mark = p;
	memset(x->mark + x->cap, 0, (cap - x->cap) * sizeof *p);
	for (j = 0; j < nitems(c); j++) {
		free(c[j]->head);
		if ((c[j]->head = calloc(mask + 1, sizeof *c[j]->head)) == NULL ||
		    (p = realloc(c[j]->next, cap * sizeof *p)) == NULL)
			return -1;
		c[j]->next = p;
	}
	x->mask = mask;
	x->cap = cap;
	for (i = 0; i < x->n; i++) {
		if (x->v[i].born != 0)
			dx_link(x, &x->born, (unsigned long long)x->v[i].born, i);
		if (x->v[i].phone != 0)
			dx_link(x, &x->phone, x->v[i].phone, i);
		if (x->v[i].nik != 0)
			dx_link(x, &x->nik, x->v[i].nik, i);
	}
	return 0;
}

int
dupes_index_add(struct dupes_index *x, const struct dupe_row *r, struct kt_err *e)
{
	const char *text[] = {
		[DX_NO] = r->member_no, [DX_NAME] = r->name, [DX_BORN] = r->birth_date,
		[DX_STATUS] = r->status, [DX_PHONE] = r->phone, [DX_NIK] = r->nik_hash,
	};
	struct dx_ent *d;
	char place[64];
	unsigned *p;
	size_t cap, i;

	if (x->n == x->cap && dx_grow(x, x->cap ? 2 * x->cap : 1024) != 0)
		return kt_error(e, KT_EFAIL, "out of memory");
	if (x->ntoks + NAME_MAXTOK > x->captoks) {
		cap = x->captoks ? 2 * x->captoks : 4 * x->cap;
		if (cap > 0xffffffffUL || (p = realloc(x->toks, cap * sizeof *p)) == NULL)
			return kt_error(e, KT_EFAIL, "out of memory");
		x->toks = p;
		x->captoks = cap;
	}
	d = &x->v[x->n];
	d->tok = (unsigned)x->ntoks;
	if ((d->ntok = name_memo_tokens(x->memo, r->name_key != NULL ? r->name_key : "",
	    x->toks + x->ntoks)) < 0)
		return kt_error(e, KT_EFAIL, "out of memory");
	x->ntoks += (size_t)d->ntok;
	d->id = r->id;
	d->is_member = r->is_member;
	d->born = dx_born(r->birth_date);
	d->phone = dx_hash(r->phone);
	d->nik = dx_hash(r->nik_hash);
	place_key(r->birth_place, place, sizeof place);
	if (dx_string(x, r->name_key != NULL ? r->name_key : "", &d->key) != 0 ||
	    dx_string(x, place, &d->place) != 0)
		return kt_error(e, KT_EFAIL, "out of memory");
	for (i = 0; i < nitems(text); i++)
		if (dx_string(x, text[i] != NULL ? text[i] : "", &d->text[i]) != 0)
			return kt_error(e, KT_EFAIL, "out of memory");
	if (dx_day_add(x, x->n) != 0)
		return kt_error(e, KT_EFAIL, "out of memory");
	if (d->born != 0)
		dx_link(x, &x->born, (unsigned long long)d->born, x->n);
	if (d->phone != 0)
		dx_link(x, &x->phone, d->phone, x->n);
	if (d->nik != 0)
		dx_link(x, &x->nik, d->nik, x->n);
	x->n++;
	return 0;
}

void
dupes_index_free(struct dupes_index *x)
{
	long k;

	if (x == NULL)
		return;
	free(x->v);
	free(x->arena);
	free(x->mark);
	free(x->born.head);
	free(x->born.next);
	free(x->phone.head);
	free(x->phone.next);
	free(x->nik.head);
	free(x->nik.next);
	name_memo_free(x->memo);
	free(x->toks);
	if (x->day != NULL)
		for (k = 0; k < DX_DAYS; k++)
			free(x->day[k].v);
	free(x->day);
	free(x);
}

/* The rows of sql (MEMBER_COLS or APP_COLS) into x. */
static int
dx_load(struct store *st, struct dupes_index *x, const char *sql, int is_member,
    struct kt_err *e)
{
	struct store_stmt *s;
	struct dupe_row r;
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		row_of(s, is_member, &r);
		if (dupes_index_add(x, &r, e) != 0) {
			store_finalize(s);
			return KT_EFAIL;
		}
	}
	rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
dupes_index_open(struct store *st, struct dupes_index **out, struct kt_err *e)
{
	struct dupes_index *x;
	struct store_stmt *s = NULL;
	long long n = 0;
	int rc;

	*out = NULL;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	if ((x->memo = name_memo_new()) == NULL ||
	    (x->day = calloc(DX_DAYS, sizeof *x->day)) == NULL) {
		rc = kt_error(e, KT_EFAIL, "out of memory");
		goto out;
	}
	if ((rc = store_prepare(st, "SELECT (SELECT count(*) FROM members) + (SELECT count(*)"
	    " FROM applications WHERE " OPEN_APP ")", &s, e)) != 0)
		goto out;
	if (store_step(s) == STORE_ROW)
		n = store_col_int(s, 0);
	store_finalize(s);
	if (dx_grow(x, (size_t)n + 1024) != 0) {
		rc = kt_error(e, KT_EFAIL, "out of memory");
		goto out;
	}
	if ((rc = dx_load(st, x, "SELECT " MEMBER_COLS, 1, e)) != 0 ||
	    (rc = dx_load(st, x, "SELECT " APP_COLS " WHERE " OPEN_APP, 0, e)) != 0)
		goto out;
out:
	if (rc != 0)
		dupes_index_free(x);
	else
		*out = x;
	return rc;
}

/* Score entry i of the index, from what the index keeps of its row. */
static int
dx_consider(struct dupes_index *x, size_t i, const struct dupe_query *q,
    const struct dates *dt, struct kt_dupes *out, struct kt_err *e)
{
	const struct dx_ent *d = &x->v[i];
	struct dupe_row r;

	r.id = d->id;
	r.is_member = d->is_member;
	r.member_no = x->arena + d->text[DX_NO];
	r.name = x->arena + d->text[DX_NAME];
	r.name_key = x->arena + d->key;
	r.birth_date = x->arena + d->text[DX_BORN];
	r.status = x->arena + d->text[DX_STATUS];
	r.phone = x->arena + d->text[DX_PHONE];
	r.nik_hash = x->arena + d->text[DX_NIK];
	r.birth_place = x->arena + d->place;	/* its key: place_key of it is itself */
	return consider(&r, q, dt, out) != 0 ? kt_error(e, KT_EFAIL, "out of memory") : 0;
}

/* The members of one key's chain that may count: the same phone or NIK
 * (their texts compared by consider()), or a name whose bound reaches the
 * similar-name threshold; consider() gives no reason to the others. */
static int
dx_key(struct dupes_index *x, const struct dx_chain *c,
    unsigned long long h, int born, const struct dupe_query *q, const struct dates *dt,
    unsigned long long ph, unsigned long long nh, struct kt_dupes *out, struct kt_err *e)
{
	unsigned k;
	size_t i;
	int rc;

	for (k = c->head[dx_slot(x, h)]; k != 0; k = c->next[k - 1]) {
		i = k - 1;
		if (x->mark[i] == x->query)
			continue;
		if (c == &x->born ? x->v[i].born != born : c == &x->phone ?
		    x->v[i].phone != h : x->v[i].nik != h)
			continue;
		x->mark[i] = x->query;
		if (!(ph != 0 && x->v[i].phone == ph) && !(nh != 0 && x->v[i].nik == nh) &&
		    !name_memo_reaches(x->memo, x->toks + x->v[i].tok, x->v[i].ntok,
		    DUPE_NAME_MIN))
			continue;
		if ((rc = dx_consider(x, i, q, dt, out, e)) != 0)
			return rc;
	}
	return 0;
}

/* The members born on yyyymmdd born whose names may count, as dx_key's
 * walk of the date's chain finds them (from the day's bucket when there is
 * one).  Those of the query's phone or NIK that the name does not reach are
 * left to the walks of those chains: the candidates are the same, and their
 * order is by_score's. */
static int
dx_born_key(struct dupes_index *x, int born, const struct dupe_query *q,
    const struct dates *dt, unsigned long long ph, unsigned long long nh,
    struct kt_dupes *out, struct kt_err *e)
{
	const struct dx_rec *r;
	long day = dx_day_of(born);
	unsigned k;
	int rc;

	if (day < 0)
		return dx_key(x, &x->born, (unsigned long long)born, born, q, dt, ph, nh,
		    out, e);
	for (k = x->day[day].n; k-- > 0;) {
		r = &x->day[day].v[k];
		if (!name_memo_reaches(x->memo, r->ntok <= DX_INLINE ? r->tok :
		    x->toks + x->v[r->i].tok, (int)r->ntok, DUPE_NAME_MIN) ||
		    x->mark[r->i] == x->query)
			continue;
		x->mark[r->i] = x->query;
		if ((rc = dx_consider(x, r->i, q, dt, out, e)) != 0)
			return rc;
	}
	return 0;
}

int
dupes_find_indexed(struct dupes_index *x, const struct dupe_query *q, struct kt_dupes *out,
    struct kt_err *e)
{
	struct dates dt;
	unsigned long long ph = dx_hash(q->phone), nh = dx_hash(q->nik_hash);
	const struct dx_rec *r;
	const char *key;
	double sim;
	size_t i;
	long day;
	unsigned k;
	int rc, t;

	memset(out, 0, sizeof *out);
	if (q->exclude_app != 0)	/* an application's own check: dupes_find */
		return kt_error(e, KT_EFAIL, "dupes_find_indexed: exclude_app is not kept");
	query_dates(q, &dt);
	name_memo_query(x->memo, q->name_key);
	if (++x->query == 0) {		/* the marks wrapped: start them again */
		memset(x->mark, 0, x->cap * sizeof *x->mark);
		x->query = 1;
	}
	/* As scan(): the same birth date, the swapped one, phone, NIK. */
	if ((rc = dx_born_key(x, dt.birth_n, q, &dt, ph, nh, out, e)) != 0 ||
	    (dt.swapped[0] != '\0' &&
	    (rc = dx_born_key(x, dt.swapped_n, q, &dt, ph, nh, out, e)) != 0))
		goto out;
	if ((ph != 0 && (rc = dx_key(x, &x->phone, ph, 0, q, &dt, ph, nh, out, e)) != 0) ||
	    (nh != 0 && (rc = dx_key(x, &x->nik, nh, 0, q, &dt, ph, nh, out, e)) != 0))
		goto out;
	/* As scan_typos(): names first, whole rows for those that may count.
	 * A day's bucket is walked newest first, the order of the chains (the
	 * order candidates are pushed in, which ties of score keep).  Every
	 * member of a typo date is new to this query but for those of its phone
	 * or NIK, marked above: the mark is read only past the name's bound. */
	for (t = 0; t < dt.ntypo; t++) {
		if ((day = dx_day_of(dt.typo_n[t])) < 0)
			continue;
		for (k = x->day[day].n; k-- > 0;) {
			r = &x->day[day].v[k];
			if (!name_memo_reaches(x->memo, r->ntok <= DX_INLINE ? r->tok :
			    x->toks + x->v[r->i].tok, (int)r->ntok, DUPE_NAME_MIN))
				continue;
			i = r->i;
			if (x->mark[i] == x->query)
				continue;
			x->mark[i] = x->query;
			key = x->arena + x->v[i].key;
			sim = name_similarity(q->name_key, key);
			if (sim < DUPE_NAME_MIN)
				continue;
			if (sim < DUPE_NAME_CLOSE && (dt.place[0] == '\0' ||
			    strcmp(x->arena + x->v[i].place, dt.place) != 0))
				continue;
			if ((rc = dx_consider(x, i, q, &dt, out, e)) != 0)
				goto out;
		}
	}
out:
	if (rc != 0) {
		dupes_free(out);
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_score);
	return 0;
}
