/*
 * json.h - a small JSON writer for the --json output.
 *
 * A value is written to memory and reaches the output only when json_finish
 * ends it, so a command that fails half-way leaves nothing behind: its front
 * end discards the value (json_discard) and writes one error object instead.
 * Output is therefore always whole values, one a line.
 */
#ifndef KARTU_JSON_H
#define KARTU_JSON_H

#include <stdio.h>

struct json {
	FILE *out;	/* where finished values go */
	FILE *f;	/* the value being written (a memory stream), or NULL */
	char *buf;
	size_t len;
	int depth;
	int first[16];
	int finished;	/* values written to out so far */
};

void json_init(struct json *js, FILE *f);
void json_object_begin(struct json *js, const char *key);
void json_object_end(struct json *js);
void json_array_begin(struct json *js, const char *key);
void json_array_end(struct json *js);
/* Members: key is NULL inside an array.  A NULL string is written as null. */
void json_str(struct json *js, const char *key, const char *v);
void json_int(struct json *js, const char *key, long long v);
void json_num(struct json *js, const char *key, double v);
void json_bool(struct json *js, const char *key, int v);
/* End the top-level value: write it to the output with a newline. */
void json_finish(struct json *js);
/* Drop a value begun and not finished; returns 1 if there was one. */
int json_discard(struct json *js);

#endif
