/*
 * legacy.h - the member files of other systems, read as rows of named fields.
 *
 * One reader a system, each in its own file and each pure (no database, no
 * printing, no exit):
 *   LG_CSV        kartu's own CSV (header names in English or Indonesian);
 *   LG_SLIMS      SLiMS 8/9 membership export: 18 columns by position, with
 *                 or without the header row, mysqli escaping (legacy-slims.c);
 *   LG_KOHA       Koha borrowers CSV, header row, dates in the library's
 *                 dateformat or ISO (legacy-koha.c);
 *   LG_INLISLITE  INLISLite's import template (.xlsx, sheet Sheet1, v3 and
 *                 3.3 headers) and its "Export Excel" member report (an HTML
 *                 table saved as .xls) (legacy-inlislite.c).
 * A reader turns its system's conventions into kartu's before the engine
 * (import.c) sees a row: dates become YYYY-MM-DD, sex L or P, an empty date
 * or 0000-00-00 missing (NULL), never a placeholder.  A value it cannot turn
 * (a date that is no date, a sex that is neither) it keeps as it came and
 * reports as a problem of the row naming the field (row->problems), and goes
 * on: the engine adds its own problems and rejects the row with all of them.
 * Member types stay names (LG_TYPE): the engine maps them to categories.
 *
 * A file that cannot be read on (not the format, a broken archive, a record
 * over the limits) is an error of lg_next naming the line: KT_EUSAGE.
 */
#ifndef KARTU_LEGACY_H
#define KARTU_LEGACY_H

#include <stdio.h>

#include "err.h"

enum lg_format { LG_CSV, LG_SLIMS, LG_KOHA, LG_INLISLITE, LG_NFORMATS };

/* The fields kartu takes from an old record.  LG_PHONE is the number as the
 * old system had it (mobile or landline: the engine tells them apart);
 * LG_PHONE2 a second number (INLISLite's NO. TELP RUMAH, SLiMS member_fax). */
enum lg_field {
	LG_NAME, LG_BIRTH_PLACE, LG_BIRTH_DATE, LG_SEX, LG_ADDRESS, LG_PHONE,
	LG_PHONE2, LG_EMAIL, LG_TYPE, LG_NIK, LG_INSTITUTION, LG_GUARDIAN,
	LG_LEGACY_NO, LG_REGISTERED_ON, LG_EXPIRES_ON, LG_NOTES, LG_COUNT
};

/* The name of a field in problems: kartu's form field where there is one
 * ("name", "birth_date", "category" for LG_TYPE, "legacy_no", ...). */
const char *lg_field_name(enum lg_field f);

/* Date orders for systems whose dates follow a setting (Koha's dateformat). */
enum lg_dates { LG_DATES_DEFAULT, LG_DATES_ISO, LG_DATES_US, LG_DATES_METRIC, LG_DATES_DMYDOT };

struct lg_opts {
	enum lg_format format;
	char sep;		/* field separator; 0: found from the file */
	enum lg_dates dates;	/* LG_DATES_DEFAULT: the system's known format */
};

struct lg_row {
	long line;		/* where the record starts: a line, a sheet's row */
	const char *v[LG_COUNT];	/* NULL when absent or empty; valid until lg_next */
	struct kt_err problems;	/* the reader's, kt_problem per field; nproblems 0 if none */
};

struct lg_reader;

/* Start reading path (a regular file: readers may map it, unzip it or read
 * it twice) as o->format.  The header, where the format has one, is read and
 * checked here: an unknown or missing required column is KT_EUSAGE naming it. */
int lg_open(const char *path, const struct lg_opts *o, struct lg_reader **out,
    struct kt_err *e);
/* The next record into row.  Returns 1 for a record, 0 at the end, or a
 * KT_E* code when the file cannot be read on.  Blank records are skipped. */
int lg_next(struct lg_reader *r, struct lg_row *row, struct kt_err *e);
/* Back to the first record (the engine reads a file twice: member types
 * first, then the members). */
int lg_rewind(struct lg_reader *r, struct kt_err *e);
/* The file's own name for the column a problem's field came from
 * ("member_name" in SLiMS, "NAMA" in INLISLite's template), so staff find it
 * in the file; field's own name (lg_field_name) when the file has none. */
const char *lg_column(const struct lg_reader *r, const char *field);
/* How far the reader is: bytes (or rows) done and the total, for progress. */
void lg_progress(const struct lg_reader *r, long long *done, long long *total);
void lg_close(struct lg_reader *r);

/* Rejects: a file in the format read (so staff fix it and import it again),
 * holding the records refused, each as it came, with two more columns: the
 * line it had and its problems.  The readers ignore those two columns when
 * the file is imported again. */
struct lg_rejects;
int lg_rejects_open(struct lg_reader *r, const char *path, struct lg_rejects **out,
    struct kt_err *e);
/* The record lg_next last returned, refused for problems ("; " between). */
int lg_reject(struct lg_rejects *rj, const struct lg_row *row, const char *problems,
    struct kt_err *e);
/* Finish the file (an archive is written here); 0 or KT_EFAIL. */
int lg_rejects_close(struct lg_rejects *rj, struct kt_err *e);

/* The names of the two columns added to a rejects file. */
#define LG_REJECT_LINE "kartu_baris"
#define LG_REJECT_PROBLEMS "kartu_masalah"

#endif
