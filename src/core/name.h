/*
 * name.h - comparing Indonesian personal names.
 *
 * name_key() turns a name as typed into a canonical key: lower case ASCII
 * tokens in their original order, with spelling variants folded together
 * (Muhammad / Moh. / Moch. / M., Siti / Sitti, Nur / Noor, the pre-1972 spelling
 * oe dj tj j ch, doubled letters, a final y).  The key is what the store keeps
 * beside each member; name_similarity() compares two keys without regard to word
 * order, letting a one-letter token stand for a word with that initial.
 */
#ifndef KARTU_NAME_H
#define KARTU_NAME_H

#include <stddef.h>

#define NAME_KEY_MAX 256

/* Write the canonical key of name into out (NAME_KEY_MAX bytes).  Returns the
 * number of tokens (0 when the name has no letters). */
int name_key(const char *name, char *out, size_t len);

/* Similarity of two keys from name_key(), from 0 (nothing shared) to 1 (the same
 * tokens, in any order). */
double name_similarity(const char *a, const char *b);

/* Jaro-Winkler similarity of two strings, 0..1. */
double name_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);

#endif
