/*
 * search.h - finding members by part of their name (kartu member find).
 *
 * The typed words are folded as the already-a-member check folds names
 * (name_key: titles left out, Muhammad / Moh. / M., the old spelling, a final
 * y, ...), then looked up in the index of the words of the members' name keys
 * (db/migrations/0017-member-search.sql: FTS5 on SQLite, a GIN index of
 * the key's tsvector on PostgreSQL, which find the same members): each word as a word or the start of
 * one, in any order; a word that is two of the name's joined (Nurhaliza for
 * Nur Haliza), or two typed words that are one of the name's; a single letter
 * as an initial (M Rizki).  Every typed word must match.  The members found are
 * ranked by search_score.
 */
#ifndef KARTU_SEARCH_H
#define KARTU_SEARCH_H

#include <stddef.h>

#include "store.h"

/* At most this many members are read from the index for one query: a query
 * that matches more (a common first name alone at a million members) ranks
 * the first ones and says so, and the desk types one more word. */
#define SEARCH_CAP 250

struct search_hit {
	long long id;		/* members.id */
	double score;		/* search_score, 0..1 */
};

/* How well a query as typed matches a member's name key (name_key()):
 * 0 when a word of the query matches no word of the name; else the mean of the
 * words' matches (the same word 1, two joined 0.95, the start of a word 0.6 to
 * 0.9 by how much of it was typed, a little less when its last letter, which
 * the key may have folded (Peny -> peni), must be left out; an initial 0.5),
 * a little less the more words the name has beyond those typed. */
double search_score(const char *query, const char *mkey);

/* The FTS5 MATCH expression for a query as typed into buf: each word of its
 * key of two letters or more as a word (with prefix, or its start, and when
 * the key folded its last letter, its start without it), or split in two; with
 * two neighbouring words joined as another choice.  Returns 0, 1 when no word
 * has two letters, -1 when it does not fit in len. */
int search_match(const char *query, int prefix, char *buf, size_t len);
/* The same lookup as PostgreSQL's tsquery (to_tsquery('simple', ...) over
 * the words of the name key: db/migrations-pg/0017-member-search.sql): 'w',
 * 'w':*, 'a' <-> 'b', & and |.  Returns as search_match. */
int search_tsquery(const char *query, int prefix, char *buf, size_t len);

/* The members whose name matches query, best first (then oldest first).  The
 * words are looked up as whole words first; when that finds want members or
 * more (want > 0), the starts of words are not looked up (they would rank
 * below).  *hits is malloc'd (free it; NULL when *n is 0); *more is set when more than
 * SEARCH_CAP members matched.  KT_EUSAGE when the query has no word of two
 * letters or more.  None found is 0 with *n 0. */
int search_names(struct store *st, const char *query, int want, struct search_hit **hits,
    size_t *n, int *more, struct kt_err *e);

#endif
