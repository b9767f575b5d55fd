/*
 * bulk.h - loading a benchmark's register into PostgreSQL fast: rows
 * gathered as one JSON array and inserted a few thousand at a time with
 * json_populate_recordset (one round trip a batch instead of one a row; the
 * store has no COPY).  The audit trail's triggers are off while the bench
 * loads (bulk_triggers): a generated register is no change anyone made, and
 * chaining a million entries is not what the bench measures.  SQLite keeps
 * its row-by-row inserts, the fastest there.
 */
#ifndef KARTU_BENCH_BULK_H
#define KARTU_BENCH_BULK_H

#include <stddef.h>

#include "store.h"

struct bulk {
	struct store *st;
	char sql[512];
	char *buf;
	size_t len, cap;
	int rows, batch, fields;
};

/* Rows for table's columns cols ("id, member_no, name"), batch rows a
 * statement. */
void bulk_init(struct bulk *b, struct store *st, const char *table, const char *cols,
    int batch);
/* A new row, then its columns by name (text NULL: NULL); the batch is sent
 * when full (0, or KT_EFAIL with e filled). */
int bulk_row(struct bulk *b, struct kt_err *e);
void bulk_text(struct bulk *b, const char *col, const char *v);
void bulk_int(struct bulk *b, const char *col, long long v);
/* Send what is left and free the buffer. */
int bulk_finish(struct bulk *b, struct kt_err *e);
/* The audit triggers of table off (on = 0) or on again, and its identity
 * sequence set past its largest id after explicit ids were loaded. */
int bulk_triggers(struct store *st, const char *table, int on, struct kt_err *e);
int bulk_identity(struct store *st, const char *table, struct kt_err *e);

#endif
