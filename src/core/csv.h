/*
 * csv.h - reading CSV files from other systems (RFC 4180: quoted fields with
 * "" inside, CRLF or LF line ends), as spreadsheets in Indonesia write them:
 * the separator is a comma, a semicolon or a tab, whichever the header line
 * uses; a UTF-8 byte order mark is skipped.
 *
 * Outside input: a record is at most CSV_MAX_RECORD bytes and CSV_MAX_FIELDS
 * fields, and every field must be valid UTF-8 without control characters.
 *
 * Other systems' dialects are flags (c->flags, set after csv_init): SLiMS's
 * export escapes with mysqli::escape_string and may end records with a bare
 * CR; a separator given by the caller is set in c->sep before the first read.
 */
#ifndef KARTU_CSV_H
#define KARTU_CSV_H

#include <stdio.h>

#include "err.h"

#define CSV_MAX_FIELDS 128
#define CSV_MAX_RECORD 16384

/* A backslash escapes the next character, quoted or not (mysqli::escape_string:
 * \" \' \\ \n \r, and \0 and \Z, which become the control character 0x1a
 * for the caller to refuse); "" inside quotes is a quote as well.  A backslash
 * before any other character is kept. */
#define CSV_BACKSLASH	0x1
/* A bare CR ends a record, as LF and CRLF do (SLiMS's "RETURN", old Macs). */
#define CSV_CR		0x2
/* A quoted field may hold line breaks (else they are control characters). */
#define CSV_LINEBREAKS	0x4

struct csv {
	FILE *f;
	char sep;
	int flags;		/* CSV_BACKSLASH | CSV_CR | CSV_LINEBREAKS, or 0: RFC 4180 */
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

/* Write one field as RFC 4180 has it: in double quotes, a quote doubled, when
 * it holds sep, a quote, a line break or a space at either end; else as it is.
 * The rejects files of kartu's CSV and Koha's. */
void csv_put(FILE *f, const char *s, char sep);

#endif
