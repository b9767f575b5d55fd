/*
 * fuzz-holidays.c - libFuzzer target for files of holidays (kartu calendar
 * import): the CSV reader and every row's checks, to the end of the input or
 * the first error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
row(const struct holiday *h, void *arg)
{
	size_t *total = arg;

	/* Touch what a row gives: it must be terminated text. */
	*total += strlen(h->date) + strlen(h->name) + strlen(h->kind);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kt_err e;
	size_t total = 0;
	FILE *f;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	(void)calendar_read_holidays(f, row, &total, &e);
	fclose(f);
	return 0;
}
