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

/* Write the register to f as SLiMS's member import reads it
 * (admin/modules/membership/import.php: columns by position): the 18 columns
 * of SLiMS's export in their order, every value in "" with a quote doubled,
 * LF line ends, with the names first when header is set (as SLiMS's
 * "Download Sample", without mpasswd).  member_id is the old system's number
 * when the member has one, else the member number; gender 1 (L) or 0 (P);
 * member_type_name the category's name; dates YYYY-MM-DD, member_since_date
 * and register_date the day the member was registered (WIB); the phone as
 * people write it; pin empty (the register never has a NIK in clear);
 * member_email, postal_code, member_image, member_fax and member_notes empty,
 * is_new 0.  No formula guard: the file is for SLiMS, not a spreadsheet.  The
 * rest as export_register. */
int export_slims(struct store *st, const char *op, FILE *f, int header,
    export_progress cb, void *arg, long long *rows, struct kt_err *e);

#endif
