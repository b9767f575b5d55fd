/*
 * fuzz-config.c - libFuzzer target for the configuration file parser.
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct kt_err e;

	config_defaults(&c);
	config_parse(&c, (const char *)data, size, "fuzz", &e);
	return 0;
}
