/*
 * fuzz-web-form.c - libFuzzer target for what a browser sends the screens:
 * a form body under each content type (the first line of the input is the
 * Content-Type header, the rest the body), and a Cookie header.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_form f = { 0 };
	struct kt_err e;
	const uint8_t *nl = memchr(data, '\n', size);
	char ctype[256], cookie[1024], out[64];
	size_t cl = nl != NULL ? (size_t)(nl - data) : size;
	int i;

	if (cl >= sizeof ctype)
		cl = sizeof ctype - 1;
	memcpy(ctype, data, cl);
	ctype[cl] = '\0';
	if (strlen(ctype) != cl)
		return 0;
	if (nl != NULL) {
		web_form_parse(&f, ctype, nl + 1, size - (size_t)(nl + 1 - data), &e);
		for (i = 0; i < f.n; i++)
			if (strlen(f.v[i].name) == 0 || (f.v[i].filename == NULL &&
			    strlen(f.v[i].value) != f.v[i].len))
				abort();	/* a NUL got through into a field */
		web_form_free(&f);
	}
	/* The same bytes as a Cookie header. */
	cl = size < sizeof cookie - 1 ? size : sizeof cookie - 1;
	memcpy(cookie, data, cl);
	cookie[cl] = '\0';
	web_cookie(cookie, "kartu_sesi", out, sizeof out);
	return 0;
}
