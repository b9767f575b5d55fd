/*
 * export.h - the register as CSV for circulation systems (kartu export).
 *
 * One record per member, oldest first, after a header: member_no, card_no (the
 * newest card), name, category, institution, birth_date, address, phone (as
 * people write it, 08...), expires_on, status (active, blocked, or expired
 * for an active member past the expiry), legacy_no (the old system's number)
 * and nik_masked.  A NIK is never in it in full: the register keeps only its
 * mask and a keyed hash.  Quoted as RFC 4180 says (CRLF line ends, a field
 * with a comma, a quote or a line break in quotes, a quote doubled), and safe
 * to open in a spreadsheet: a field that starts with = + - @, a tab or a
 * carriage return gets a ' in front, so that it is never read as a formula.
 */
#ifndef KARTU_EXPORT_H
#define KARTU_EXPORT_H

#include <stdio.h>

#include "store.h"

/* Called every EXPORT_STEP records and after the last: done of total. */
typedef void (*export_progress)(long long done, long long total, void *arg);
#define EXPORT_STEP 10000

/* Write one CSV field (no separator) to f, quoted and formula-safe. */
void export_field(FILE *f, const char *s);

/* Write the register to f as CSV; an officer or admin (op) exports, and the
 * export is in the audit trail with its number of records.  *rows gets the
 * number of members written.  KT_EFAIL when f fails (the caller discards
 * what was written). */
int export_register(struct store *st, const char *op, FILE *f, export_progress cb,
    void *arg, long long *rows, struct kt_err *e);

#endif
