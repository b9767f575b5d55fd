/*
 * import.h - bringing the members of a library's old system (SLiMS,
 * INLISLite, a spreadsheet) into the station from a CSV file.
 *
 * The header line names the columns, in any order, in English or in
 * Indonesian:
 *   name/nama, birth_place/tempat_lahir, birth_date/tanggal_lahir,
 *   sex/jenis_kelamin, address/alamat, phone/telepon, category/kategori
 * (required) and nik, institution/instansi, guardian/wali,
 * legacy_no/nomor_lama, expires_on/berlaku_sampai (optional).
 * Dates are YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY.  A row with more fields
 * than the header is an error (a field would be lost).
 *
 * Each row is checked as kartu apply checks a form (form_check, the one check
 * of both): the category's requirements (a guardian for paud-tk, the school
 * for sd-sma, a university of the regency for mahasiswa), the NIK, the names
 * and the lengths (legacy_no at most KT_LEGACY_NO_MAX).  What an old record
 * lacks refuses it, naming the line and the column: nothing is let through.
 *
 * The whole file is one transaction: a bad row (KT_EUSAGE), a row the rules
 * do not serve or one that is already a member (KT_EREFUSED) leaves the
 * database as it was, and the message names the line.  skip_dupes skips only
 * the rows already members.
 */
#ifndef KARTU_IMPORT_H
#define KARTU_IMPORT_H

#include <stdio.h>

#include "memberno.h"
#include "store.h"

struct import_stats {
	long rows;		/* data rows read */
	long imported;		/* members made (0 after a failure or a dry run) */
	long skipped;		/* rows already members, with skip_dupes */
	char first_member[MEMBERNO_MAX], last_member[MEMBERNO_MAX];
};

struct import_opts {
	int dry_run;		/* check everything, keep nothing */
	int skip_dupes;		/* a row already a member is skipped, not fatal */
	void (*progress)(long rows, void *arg);		/* every 10 000 rows */
	void (*skipped)(long line, const char *why, void *arg);
	void *arg;
};

/* Import the CSV on f as operator op (an admin). */
int import_members(struct store *st, FILE *f, const char *op, const struct import_opts *o,
    struct import_stats *out, struct kt_err *e);

#endif
