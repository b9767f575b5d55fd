/*
 * name.h - comparing Indonesian personal names.
 *
 * name_key() turns a name as typed into a canonical key: lower case ASCII
 * tokens in their original order, with what does not tell people apart left out
 * (titles and degrees: H., Hj., Dr., Ir., S.Pd., M.Pd., A.Md., ...; boru / br.;
 * the Arabic article al-, an-, ar-, as-, ... standing alone) and spelling variants
 * folded together: Muhammad / Moh. / Moch. / M.; Abd / Abdul / Abdur / Abdi
 * joined or split (Abdurrahman = Abdul Rahman = abd rahman); the pre-1972
 * spelling oe dj tj j nj sj ch; kh, gh, dh, dl, th, ph, sy, sh, ts, dz, q; ie, ae,
 * ao, oi (Arief, Zaenal, Taopik, Khoirul); -iy- before a vowel; doubled letters;
 * a final h after a vowel (Hanifah = Hanifa); a final y.  Tokens that may be
 * left out without changing the person are kept with a leading '~': the father's
 * name after bin / binti, and Balinese birth-order and caste names (I Made, Ni
 * Luh, I Gusti Ngurah, Ida Bagus; Gst., Ngr., Md., Kt. written out).
 *
 * name_compare() matches the tokens of two keys in any order: the same token;
 * an initial; a known variant (one or two letters of the pairs o/u and e/i inside
 * a word, a/o, f/p/v, s/z, d/z, z/j, h/k, c/k/h, i/y, t/d at the end: Sodirman,
 * Nugroho / Nugraha, Pitri, Jaenal, Muklis); one letter dropped or doubled, or two
 * swapped, inside a word of five letters or more; the attached article
 * (Alamin = Amin, Azzahra = Zahra); two words joined (Nurhaliza, Lumbantobing);
 * and, as a weaker reason, a nickname of db/nicknames.tsv (Udin for Samsudin).
 */
#ifndef KARTU_NAME_H
#define KARTU_NAME_H

#include <stddef.h>

#define NAME_KEY_MAX 256

/* Bits of name_compare()'s *how. */
#define NAME_NICKNAME 0x1	/* a token matched only through a nickname */

/* The nickname table, db/nicknames.tsv embedded by tools/embed.sh. */
extern const char name_nicknames[];

/* Write the canonical key of name into out (NAME_KEY_MAX bytes).  Returns the
 * number of tokens (0 when the name has no letters). */
int name_key(const char *name, char *out, size_t len);

/* Similarity of two keys from name_key(), from 0 (nothing shared) to 1 (the same
 * tokens, in any order).  With how not NULL, *how gets NAME_* bits saying which
 * weaker rules the score rests on. */
double name_compare(const char *a, const char *b, int *how);
double name_similarity(const char *a, const char *b);
/* A bound of name_compare(a, b), cheaper to reach: never below it, so that a
 * pair whose bound is under a threshold need not be compared. */
double name_bound(const char *a, const char *b);

/* name_bound(query, key) for many keys against one query, the same values
 * sooner: the tokens' texts interned, and which tokens match remembered by
 * the pair of tokens.  name_memo_new returns NULL when out of memory; free
 * with name_memo_free.  name_memo_query sets the query (a key from
 * name_key(), copied).  name_memo_tokens writes the tokens of key as ids of
 * this memo into ids (NAME_MAXTOK of them), for name_memo_bound_tokens;
 * returns how many, or -1 when out of memory. */
#define NAME_MAXTOK 16
struct name_memo;
struct name_memo *name_memo_new(void);
void name_memo_query(struct name_memo *m, const char *query);
double name_memo_bound(struct name_memo *m, const char *key);
int name_memo_tokens(struct name_memo *m, const char *key, unsigned *ids);
double name_memo_bound_tokens(struct name_memo *m, const unsigned *ids, int n);
/* Whether name_memo_bound_tokens(m, ids, n) >= min, sooner: most keys far
 * from the query are told by which first letters and tokens they share. */
int name_memo_reaches(struct name_memo *m, const unsigned *ids, int n, double min);
void name_memo_free(struct name_memo *m);

/* Jaro-Winkler similarity of two strings, 0..1. */
double name_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);

#endif
