/*
 * json.c - the JSON writer (see json.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

void
json_init(struct json *js, FILE *f)
{
	memset(js, 0, sizeof *js);
	js->out = f;
	js->first[0] = 1;
}

/* The stream for the value being written, opened at its first byte.  Without
 * memory for it the value goes straight to the output, as before. */
static FILE *
stream(struct json *js)
{
	if (js->f == NULL) {
		js->buf = NULL;
		js->len = 0;
		js->f = open_memstream(&js->buf, &js->len);
		if (js->f == NULL)
			js->f = js->out;
	}
	return js->f;
}

static void
reset(struct json *js)
{
	if (js->f != NULL && js->f != js->out)
		fclose(js->f);
	free(js->buf);
	js->f = NULL;
	js->buf = NULL;
	js->len = 0;
	js->depth = 0;
	memset(js->first, 0, sizeof js->first);
	js->first[0] = 1;
}

/* A string, always valid JSON: a byte that is not UTF-8 becomes U+FFFD. */
static void
put_string(FILE *f, const char *s)
{
	const unsigned char *p;
	unsigned cp;
	int l;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x80) {
			l = text_utf8(p, strnlen((const char *)p, 4), &cp);
			if (l <= 0) {
				fputs("\\ufffd", f);
			} else {
				fwrite(p, 1, (size_t)l, f);
				p += l - 1;
			}
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void
member(struct json *js, const char *key)
{
	stream(js);
	if (!js->first[js->depth])
		fputc(',', js->f);
	js->first[js->depth] = 0;
	if (key != NULL) {
		put_string(js->f, key);
		fputc(':', js->f);
	}
}

static void
open_(struct json *js, const char *key, int c)
{
	member(js, key);
	fputc(c, js->f);
	if (js->depth + 1 < (int)(sizeof js->first / sizeof js->first[0]))
		js->depth++;
	js->first[js->depth] = 1;
}

void
json_object_begin(struct json *js, const char *key)
{
	open_(js, key, '{');
}

void
json_object_end(struct json *js)
{
	fputc('}', js->f);
	if (js->depth > 0)
		js->depth--;
}

void
json_array_begin(struct json *js, const char *key)
{
	open_(js, key, '[');
}

void
json_array_end(struct json *js)
{
	fputc(']', js->f);
	if (js->depth > 0)
		js->depth--;
}

void
json_str(struct json *js, const char *key, const char *v)
{
	member(js, key);
	if (v == NULL)
		fputs("null", js->f);
	else
		put_string(js->f, v);
}

void
json_int(struct json *js, const char *key, long long v)
{
	member(js, key);
	fprintf(js->f, "%lld", v);
}

void
json_num(struct json *js, const char *key, double v)
{
	member(js, key);
	fprintf(js->f, "%.3f", v);
}

void
json_bool(struct json *js, const char *key, int v)
{
	member(js, key);
	fputs(v ? "true" : "false", js->f);
}

void
json_finish(struct json *js)
{
	if (js->f == NULL)
		return;
	if (js->f != js->out) {
		fclose(js->f);
		js->f = NULL;
		fwrite(js->buf, 1, js->len, js->out);
	}
	fputc('\n', js->out);
	fflush(js->out);
	js->finished++;
	reset(js);
}

int
json_discard(struct json *js)
{
	int had = js->f != NULL;

	reset(js);
	return had;
}
