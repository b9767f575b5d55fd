/*
 * bulk.c - loading a benchmark's register into PostgreSQL (bulk.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

static void
put(struct bulk *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((p = realloc(b->buf, cap)) == NULL) {
			fprintf(stderr, "bench: out of memory\n");
			exit(1);
		}
		b->buf = p;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static void
puts_(struct bulk *b, const char *s)
{
	put(b, s, strlen(s));
}

/* s as a JSON string. */
static void
put_json(struct bulk *b, const char *s)
{
	char esc[8];

	put(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put(b, esc, 6);
		} else
			put(b, (const char *)&c, 1);
	}
	put(b, "\"", 1);
}

void
bulk_init(struct bulk *b, struct store *st, const char *table, const char *cols, int batch)
{
	memset(b, 0, sizeof *b);
	b->st = st;
	b->batch = batch;
	snprintf(b->sql, sizeof b->sql, "INSERT INTO %s (%s) SELECT %s FROM"
	    " json_populate_recordset(NULL::%s, ?1::json)", table, cols, cols, table);
}

static int
send(struct bulk *b, struct kt_err *e)
{
	int rc;

	if (b->rows == 0)
		return 0;
	puts_(b, "}]");
	rc = store_run(b->st, e, b->sql, "t", b->buf);
	b->len = 0;
	b->rows = 0;
	return rc;
}

int
bulk_row(struct bulk *b, struct kt_err *e)
{
	int rc;

	if (b->rows >= b->batch && (rc = send(b, e)) != 0)
		return rc;
	puts_(b, b->rows == 0 ? "[{" : "},{");
	b->rows++;
	b->fields = 0;
	return 0;
}

static void
key(struct bulk *b, const char *col)
{
	if (b->fields++ > 0)
		put(b, ",", 1);
	put_json(b, col);
	put(b, ":", 1);
}

void
bulk_text(struct bulk *b, const char *col, const char *v)
{
	key(b, col);
	if (v == NULL)
		puts_(b, "null");
	else
		put_json(b, v);
}

void
bulk_int(struct bulk *b, const char *col, long long v)
{
	char n[24];

	key(b, col);
	snprintf(n, sizeof n, "%lld", v);
	puts_(b, n);
}

int
bulk_finish(struct bulk *b, struct kt_err *e)
{
	int rc = send(b, e);

	free(b->buf);
	b->buf = NULL;
	b->cap = 0;
	return rc;
}

int
bulk_triggers(struct store *st, const char *table, int on, struct kt_err *e)
{
	char sql[128];

	snprintf(sql, sizeof sql, "ALTER TABLE %s %s TRIGGER USER", table,
	    on ? "ENABLE" : "DISABLE");
	return store_exec(st, sql, e);
}

int
bulk_identity(struct store *st, const char *table, struct kt_err *e)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM %s), false)", table, table);
	return store_exec(st, sql, e);
}
