/*
 * json.h - a small streaming JSON writer for the --json output.
 */
#ifndef KARTU_JSON_H
#define KARTU_JSON_H

#include <stdio.h>

struct json {
	FILE *f;
	int depth;
	int first[16];
	int want_key_sep;
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
/* End the top-level value with a newline. */
void json_finish(struct json *js);

#endif
