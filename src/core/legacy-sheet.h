/*
 * legacy-sheet.h - the rows of a spreadsheet as they come, streamed, and rows
 * written back: what the readers of spreadsheet files share (INLISLite's
 * legacy-inlislite.c).  Nothing else includes it.
 *
 * A sheet is read from either kind of file, told apart by its first bytes:
 *   - an .xlsx archive (a zip): the sheet of the given name, found through
 *     xl/workbook.xml and its rels, with xl/sharedStrings.xml (libzip);
 *   - an HTML file holding a table, such as the "Excel" exports of PHP
 *     systems: every <tr> a row, every <td> or <th> a cell.
 * libxml2 parses both as a stream (its push parsers, SAX callbacks), so a
 * sheet of a million rows takes the memory of a few: without network, DTD
 * loading or entity substitution, and quietly.  Limits against hostile files:
 * each archive member is capped in uncompressed bytes (declared and actually
 * inflated), a cell at SH_MAXCELL bytes, a sheet at Excel's SH_MAXROWS rows;
 * cells beyond column SH_MAXCOLS are not kept.
 */
#ifndef KARTU_LEGACY_SHEET_H
#define KARTU_LEGACY_SHEET_H

#include "err.h"

#define SH_MAXCOLS 128			/* cells kept per row */
#define SH_MAXCELL 32768		/* bytes in a cell (Excel: 32 767 characters) */
#define SH_MAXROWS 1048576L		/* Excel's last row */

/* One row as it came: cell c is buf + off[c] - 1 (off 0: no cell), trimmed
 * (in HTML, runs of blanks as one space); num[c] says a number cell of an
 * .xlsx (its text is the number as the sheet stores it: 32874, 1.5E+15). */
struct sh_row {
	long line;		/* the sheet's row number; HTML: the <tr>'s, from 1 */
	int ncols;
	int off[SH_MAXCOLS];
	unsigned char num[SH_MAXCOLS];
	char *buf;
	size_t len, cap;
};

/* Cell col of w, "" when there is none. */
const char *sh_cell(const struct sh_row *w, int col);
/* Whether every cell of w is empty. */
int sh_blank(const struct sh_row *w);
/* dst becomes a copy of src (dst's memory reused; sh_row_free frees it). */
int sh_row_copy(struct sh_row *dst, const struct sh_row *src);
void sh_row_free(struct sh_row *w);

struct sheet;

/* Open path and start reading: the sheet named name of an .xlsx, or the
 * table of an HTML file.  A file that is neither (an Excel 97 workbook, a
 * broken archive, an archive without that sheet, naming those it has) is
 * KT_EUSAGE with the message naming the file. */
int sh_open(const char *path, const char *name, struct sheet **out, struct kt_err *e);
/* Whether it is an .xlsx, and whether its dates count from 1904. */
int sh_is_xlsx(const struct sheet *s);
int sh_date1904(const struct sheet *s);
/* The next row into *row (valid until the next sh_next or sh_rewind): 1,
 * 0 at the end, or KT_EUSAGE naming the row when the file cannot be read on
 * (every row before it has been given). */
int sh_next(struct sheet *s, const struct sh_row **row, struct kt_err *e);
/* Back to the first row. */
int sh_rewind(struct sheet *s, struct kt_err *e);
/* The bytes parsed and their total (of the sheet, uncompressed), and the last
 * row the sheet's dimension names (0 when it names none). */
void sh_progress(const struct sheet *s, long long *done, long long *total, long *last_row);
void sh_close(struct sheet *s);

/* Rows written back: an .xlsx of one sheet named Sheet1 (inline strings,
 * number cells kept as numbers), or an HTML table. */
struct sh_writer;
int sh_writer_open(const char *path, int xlsx, int date1904, struct sh_writer **out,
    struct kt_err *e);
/* A row of cells: sh_write_cell for each, in order, then sh_write_end.
 * header: the cells are <th> (HTML); colspan > 1: the cell spans so many
 * columns (HTML title rows). */
void sh_write_cell(struct sh_writer *w, const char *s, int num, int header, int colspan);
void sh_write_end(struct sh_writer *w);
/* Finish the file (the archive is written here) and free w: 0 or KT_EFAIL. */
int sh_writer_close(struct sh_writer *w, struct kt_err *e);

#endif
