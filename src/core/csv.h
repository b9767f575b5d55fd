/*
 * csv.h - reading CSV files from other systems (RFC 4180: quoted fields with
 * "" inside, CRLF or LF line ends), as spreadsheets in Indonesia write them:
 * the separator is a comma, a semicolon or a tab, whichever the header line
 * uses; a UTF-8 byte order mark is skipped.
 *
 * Outside input: a record is at most CSV_MAX_RECORD bytes and CSV_MAX_FIELDS
 * fields, and every field must be valid UTF-8 without control characters.
 */
#ifndef KARTU_CSV_H
#define KARTU_CSV_H

#include <stdio.h>

#include "err.h"

#define CSV_MAX_FIELDS 32
#define CSV_MAX_RECORD 16384

struct csv {
	FILE *f;
	char sep;
	long line;		/* the line the last record started on */
	long next_line;
	int nfields;
	char *field[CSV_MAX_FIELDS];
	char buf[CSV_MAX_RECORD + 1];
};

/* Start reading f; the separator is found from the first record (the header)
 * when csv_read first runs. */
void csv_init(struct csv *c, FILE *f);
/* Read the next record into c->field[0 .. c->nfields - 1].  Returns 1 for a
 * record, 0 at the end, or KT_EUSAGE (the message names the line).  Blank
 * lines are skipped. */
int csv_read(struct csv *c, struct kt_err *e);

#endif
