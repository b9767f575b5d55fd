/*
 * memberno.h - member and card numbers with a check digit.
 *
 * A member number is made from a format (configurable per library, kept in the
 * store's settings) and ends with a Damm check digit over all its digits, which
 * catches every single wrong digit and every swap of two neighbouring digits.
 * The default format "{lib}{yy}{seq:6}" gives 13 digits, 6205 26 000123 and the
 * check digit.
 *
 * A card number is the member number, the two-digit issue number of the card
 * (01 for the first card, 02 for its first replacement, ...) and a second Damm
 * digit: 16 digits, an even count, so Code 128 set C prints it compactly.
 */
#ifndef KARTU_MEMBERNO_H
#define KARTU_MEMBERNO_H

#include <stddef.h>

#include "err.h"

#define MEMBERNO_MAX 32
#define CARDNO_MAX 40

/* The Damm check digit ('0'..'9') of the digits in s (other characters are
 * skipped). */
char memberno_damm(const char *s);

/* Expand fmt with the library code, the year and the sequence number, and
 * append the check digit.  Placeholders: {lib}, {yyyy}, {yy}, {seq:N} (the
 * sequence zero-padded to N digits, 1..12).  The result must be all digits.
 * Returns 0, or KT_EUSAGE for a bad format or a sequence that does not fit. */
int memberno_make(const char *fmt, const char *lib, int year, long seq,
    char *out, size_t len, struct kt_err *e);

/* Normalise a typed or scanned member number into out: spaces and dashes are
 * dropped; it must be 6..24 digits and its check digit must be right. */
int memberno_parse(const char *s, char *out, size_t len, struct kt_err *e);

/* Card number of issue (1..99) of member number mno. */
int cardno_make(const char *mno, int issue, char *out, size_t len, struct kt_err *e);

/* Normalise and check a typed or scanned card number; the member number and
 * issue go to mno (may be NULL) and *issue (may be NULL). */
int cardno_parse(const char *s, char *out, size_t len, char *mno, size_t mlen,
    int *issue, struct kt_err *e);

#endif
