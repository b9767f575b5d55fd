/*
 * fuzz-rules.c - libFuzzer target for the rules file parser (rulesfile.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rulesfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rulesfile *rf;
	struct kt_err e;

	if (rf == NULL && (rf = malloc(sizeof *rf)) == NULL)
		return 0;
	rulesfile_parse(rf, (const char *)data, size, "fuzz", &e);
	return 0;
}
