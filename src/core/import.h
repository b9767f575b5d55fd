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
 * Dates are YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY.
 *
 * The whole file is one transaction: a bad row, or a row that is already a
 * member, leaves the database as it was, and the message names the line.
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
