/*
 * fuzz-csv.c - libFuzzer target for CSV files from other systems (kartu
 * import): the record reader, to the end of the input or the first error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct csv c;
	struct kt_err e;
	FILE *f;
	int i, n = 0;
	size_t total;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	csv_init(&c, f);
	while (csv_read(&c, &e) == 1 && n++ < 100000) {
		/* Touch every field: the pointers must stay inside the record. */
		for (i = 0, total = 0; i < c.nfields; i++)
			for (const char *p = c.field[i]; *p != '\0'; p++)
				total += (unsigned char)*p;
		(void)total;
	}
	fclose(f);
	return 0;
}
