/*
 * search.c - finding members by part of their name (see search.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "search.h"

#define WORDS 16
#define MATCH_MAX 4096

struct words {
	int n;
	char buf[NAME_KEY_MAX];
	const char *w[WORDS];
	unsigned char cut[WORDS];	/* the key folded the word's last letter */
	unsigned char joined[WORDS];	/* two typed words joined (words_join) */
};

/* Split a name key into its words, the '~' of a word that may be left out
 * dropped (a search names the person by any of them). */
static void
words_split(const char *key, struct words *ws)
{
	char *p, *save;

	ws->n = 0;
	snprintf(ws->buf, sizeof ws->buf, "%s", key);
	for (p = strtok_r(ws->buf, " ", &save); p != NULL && ws->n < WORDS;
	    p = strtok_r(NULL, " ", &save)) {
		while (*p == '~')
			p++;
		if (*p != '\0') {
			ws->cut[ws->n] = ws->joined[ws->n] = 0;
			ws->w[ws->n++] = p;
		}
	}
}

/* Mark the words of q whose last letter the key folded as typed (Peny ->
 * peni, Lenj -> leni, Rizky -> rizki): a word typed one letter further would
 * not start so (penya), so a word cut short there is looked up by its start
 * without that letter.  Each typed word is keyed alone, and with an a after
 * it. */
static void
words_mark_cut(const char *query, struct words *q)
{
	char copy[NAME_KEY_MAX], more[NAME_KEY_MAX + 2], k1[NAME_KEY_MAX], k2[NAME_KEY_MAX];
	char *p, *save;
	size_t l;
	int i;

	snprintf(copy, sizeof copy, "%s", query);
	for (p = strtok_r(copy, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save)) {
		snprintf(more, sizeof more, "%sa", p);
		if (name_key(p, k1, sizeof k1) != 1 || name_key(more, k2, sizeof k2) != 1)
			continue;
		l = strlen(k1);
		if (strncmp(k1, k2, l) == 0)
			continue;
		for (i = 0; i < q->n; i++)
			if (strcmp(q->w[i], k1) == 0)
				q->cut[i] = 1;
	}
}

/* How well the typed word q matches the name's words, 0 when not at all. */
static double
word_score(const char *q, int cut, const struct words *m)
{
	size_t lq = strlen(q), lm, l0;
	double best = 0, s;
	int j;

	for (j = 0; j < m->n; j++) {
		lm = strlen(m->w[j]);
		s = 0;
		if (strcmp(q, m->w[j]) == 0)
			s = 1;
		else if (j + 1 < m->n && lq == lm + strlen(m->w[j + 1]) &&
		    strncmp(q, m->w[j], lm) == 0 && strcmp(q + lm, m->w[j + 1]) == 0)
			s = 0.95;
		else if (lq >= 2 && lq < lm && strncmp(q, m->w[j], lq) == 0)
			s = 0.6 + 0.3 * (double)lq / (double)lm;
		else if (lq == 1 && q[0] == m->w[j][0])
			s = 0.5;
		/* A word cut short may end in a letter the key folds (Peny ->
		 * peni, Lenj -> leni): its start without that letter. */
		else if (cut && lq >= 4 && lq - 1 < lm && strncmp(q, m->w[j], lq - 1) == 0)
			s = 0.55 + 0.3 * (double)(lq - 1) / (double)lm;
		else if (lq >= 2 && j + 1 < m->n && lq > lm &&
		    strncmp(q, m->w[j], lm) == 0 &&
		    strncmp(q + lm, m->w[j + 1], lq - lm) == 0 &&
		    (l0 = strlen(m->w[j + 1])) > lq - lm)
			s = 0.6 + 0.3 * (double)lq / (double)(lm + l0);
		if (s > best)
			best = s;
	}
	return best;
}

static double
words_score(const struct words *q, const struct words *m)
{
	double sum = 0, s;
	int i;

	if (q->n == 0 || m->n == 0)
		return 0;
	for (i = 0; i < q->n; i++) {
		if ((s = word_score(q->w[i], q->cut[i], m)) == 0)
			return 0;
		sum += s;
	}
	/* Of two names that hold the words, the one with fewer others first. */
	return sum / q->n * (0.9 + 0.1 * (double)q->n / (double)(m->n > q->n ? m->n : q->n));
}

/* The query with words i and i + 1 joined into one ("nur haliza" for a
 * member written Nurhaliza). */
static int
words_join(const struct words *q, int i, struct words *out)
{
	int k;

	if (snprintf(out->buf, sizeof out->buf, "%s%s", q->w[i], q->w[i + 1]) >=
	    (int)sizeof out->buf)
		return -1;
	out->n = 0;
	for (k = 0; k < q->n; k++)
		if (k == i) {
			out->cut[out->n] = 0;
			out->joined[out->n] = 1;
			out->w[out->n++] = out->buf;
		} else if (k != i + 1) {
			out->cut[out->n] = q->cut[k];
			out->joined[out->n] = q->joined[k];
			out->w[out->n++] = q->w[k];
		}
	return 0;
}

/* search_score of the query's words against a member's name key. */
static double
score_key(const struct words *q, const char *mkey)
{
	struct words m, j;
	double best, s;
	int i;

	words_split(mkey, &m);
	best = words_score(q, &m);
	for (i = 0; i + 1 < q->n; i++)
		if (words_join(q, i, &j) == 0 && (s = 0.95 * words_score(&j, &m)) > best)
			best = s;
	return best;
}

/* The words of a query as typed: its key's, marked as words_mark_cut does. */
static void
words_query(const char *query, struct words *q)
{
	char key[NAME_KEY_MAX];

	name_key(query, key, sizeof key);
	words_split(key, q);
	words_mark_cut(query, q);
}

double
search_score(const char *query, const char *mkey)
{
	struct words q;

	words_query(query, &q);
	return score_key(&q, mkey);
}

/* Append the strings (up to a NULL) to the expression; -1 when they do not
 * fit. */
static int
cat(char *buf, size_t len, size_t *at, ...)
{
	va_list ap;
	const char *p;
	size_t l;
	int rc = 0;

	va_start(ap, at);
	while ((p = va_arg(ap, const char *)) != NULL) {
		if ((l = strlen(p)) >= len - *at) {
			rc = -1;
			break;
		}
		memcpy(buf + *at, p, l + 1);
		*at += l;
	}
	va_end(ap);
	return rc;
}

/* How each engine writes the same lookup: SQLite's FTS5 MATCH expression over
 * member_names, PostgreSQL's tsquery over to_tsvector('simple', name_key)
 * (db/migrations-pg/0017-member-search.sql).  Both mean the same: a word is
 * one token of the key, a prefix the start of one, a phrase two tokens next
 * to each other, so both engines find the same members. */
struct dialect {
	const char *quote;	/* around a word */
	const char *prefix;	/* after a quoted word: its start */
	const char *and, *or;
	const char *phrase;	/* between the two quoted words of a phrase */
	const char *sql;	/* ?1 the expression, ?2 the limit; rows by id */
};

static const struct dialect fts5 = {
	"\"", "*", " AND ", " OR ", " ",
	"SELECT m.id, m.name_key FROM member_names JOIN members m"
	" ON m.id = member_names.rowid WHERE member_names MATCH ?1 LIMIT ?2",
};

/* The words are quoted, so ' and \ are the only syntax inside them; the
 * phrase is 'a' <-> 'b' (the quotes close around each word).  The CTE is
 * materialised so that the planner reads the GIN index and does not walk
 * the primary key in order computing every member's tsvector; FTS5 gives
 * rows in rowid order, and ORDER BY id keeps the same first rows when more
 * than the limit match. */
static const struct dialect tsquery = {
	"'", ":*", " & ", " | ", "' <-> '",
	"WITH hit AS MATERIALIZED (SELECT id, name_key FROM members"
	" WHERE to_tsvector('simple', name_key) @@ to_tsquery('simple', ?1))"
	" SELECT id, name_key FROM hit ORDER BY id LIMIT ?2",
};

/* One condition per typed word of two letters or more (a single letter
 * is an initial, checked by search_score only): the word, or with prefix its
 * start; or the word split in two (Nurhaliza finding Nur Haliza).  The words
 * are quoted: a name key holds only letters, but a quote is never syntax
 * (a word with a quote or a backslash is left out, on both engines). */
static int
match_words(const struct words *q, int prefix, const struct dialect *d, char *buf,
    size_t len, size_t *at)
{
	char a[NAME_KEY_MAX], b[NAME_KEY_MAX];
	size_t l, k;
	int i, any = 0;

	if (cat(buf, len, at, "(", NULL) != 0)
		return -1;
	for (i = 0; i < q->n; i++) {
		if ((l = strlen(q->w[i])) < 2 || strpbrk(q->w[i], "\"'\\") != NULL)
			continue;
		if (cat(buf, len, at, any ? d->and : "", "(", d->quote, q->w[i], d->quote,
		    NULL) != 0 || (prefix && cat(buf, len, at, d->prefix, NULL) != 0))
			return -1;
		if (prefix && q->cut[i] && l >= 4) {
			snprintf(a, sizeof a, "%.*s", (int)(l - 1), q->w[i]);
			if (cat(buf, len, at, d->or, d->quote, a, d->quote, d->prefix,
			    NULL) != 0)
				return -1;
		}
		/* A joined pair needs no split: the words as typed are the
		 * expression's other choice. */
		for (k = 3; !q->joined[i] && l >= 6 && k + 3 <= l; k++) {
			snprintf(a, sizeof a, "%.*s", (int)k, q->w[i]);
			snprintf(b, sizeof b, "%s", q->w[i] + k);
			if (cat(buf, len, at, d->or, "(", d->quote, a, d->phrase, b, d->quote,
			    ")", NULL) != 0)
				return -1;
		}
		if (cat(buf, len, at, ")", NULL) != 0)
			return -1;
		any = 1;
	}
	if (cat(buf, len, at, ")", NULL) != 0)
		return -1;
	return any ? 0 : 1;
}

/* The whole expression: the words as typed, or with two neighbours joined. */
static int
match_expr(const struct words *q, int prefix, const struct dialect *d, char *buf,
    size_t len)
{
	struct words j;
	size_t at = 0;
	int i, rc;

	buf[0] = '\0';
	if ((rc = match_words(q, prefix, d, buf, len, &at)) != 0)
		return rc;
	for (i = 0; i + 1 < q->n; i++) {
		if (strlen(q->w[i]) < 2 || strlen(q->w[i + 1]) < 2 ||
		    words_join(q, i, &j) != 0)
			continue;
		if (cat(buf, len, &at, d->or, NULL) != 0 ||
		    match_words(&j, prefix, d, buf, len, &at) != 0)
			return -1;
	}
	return 0;
}

int
search_match(const char *query, int prefix, char *buf, size_t len)
{
	struct words q;

	words_query(query, &q);
	return match_expr(&q, prefix, &fts5, buf, len);
}

int
search_tsquery(const char *query, int prefix, char *buf, size_t len)
{
	struct words q;

	words_query(query, &q);
	return match_expr(&q, prefix, &tsquery, buf, len);
}

static int
by_score(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
by_id(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int
search_names(struct store *st, const char *query, int want, struct search_hit **hits,
    size_t *n, int *more, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct search_hit *v = NULL;
	struct words q;
	const struct dialect *d = store_engine(st) == STORE_POSTGRESQL ? &tsquery : &fts5;
	char expr[MATCH_MAX];
	size_t cap = 0, i, k;
	double sc;
	int rc = 0, pass, got;

	*hits = NULL;
	*n = 0;
	*more = 0;
	words_query(query, &q);
	for (i = 0, k = 0; i < (size_t)q.n; i++)
		if (strlen(q.w[i]) >= 2)
			k++;
	if (k == 0)
		return kt_error(e, KT_EUSAGE, _("type at least two letters of a name"));
	if ((rc = store_prepare(st, d->sql, &s, e)) != 0)
		return rc;
	/* The words as words first, then as the start of words: when more than
	 * SEARCH_CAP match, the whole words are among those ranked. */
	for (pass = 0; pass < 2 && *n < SEARCH_CAP && (want <= 0 || *n < (size_t)want);
	    pass++) {
		if (match_expr(&q, pass, d, expr, sizeof expr) != 0) {
			rc = kt_error(e, KT_EUSAGE, _("too long a name to search for"));
			goto out;
		}
		store_reset(s);
		store_bind_text(s, 1, expr);
		store_bind_int(s, 2, SEARCH_CAP + 1);
		got = 0;
		while ((rc = store_step(s)) == STORE_ROW) {
			if (++got > SEARCH_CAP) {
				*more = 1;
				break;
			}
			if ((sc = score_key(&q, store_col_text(s, 1))) <= 0)
				continue;
			if (*n == cap) {
				struct search_hit *nv;

				cap = cap == 0 ? 64 : cap * 2;
				if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
					rc = kt_error(e, KT_EFAIL, "out of memory");
					goto out;
				}
				v = nv;
			}
			v[*n].id = store_col_int(s, 0);
			v[(*n)++].score = sc;
		}
		if (rc != STORE_ROW && rc != STORE_DONE) {
			rc = store_dberror(st, e);
			goto out;
		}
		/* The second pass finds the first's members again: keep one. */
		if (*n > 0)
			qsort(v, *n, sizeof *v, by_id);
		for (i = 0, k = 0; i < *n; i++)
			if (k == 0 || v[k - 1].id != v[i].id)
				v[k++] = v[i];
		*n = k;
	}
	if (*n > 0)	/* v may be NULL: qsort's pointer must not be */
		qsort(v, *n, sizeof *v, by_score);
	if (*n > SEARCH_CAP)
		*n = SEARCH_CAP;
	rc = 0;
out:
	store_finalize(s);
	if (rc != 0) {
		free(v);
		v = NULL;
		*n = 0;
	}
	*hits = v;
	return rc;
}
