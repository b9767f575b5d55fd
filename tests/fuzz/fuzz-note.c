/*
 * fuzz-note.c - libFuzzer target for the payload of a store note (store.h:
 * store_note_parse), which any client of the PostgreSQL database can send
 * on the channel the screens listen to; what parses formats back to the
 * same line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_note n;
	char line[8001], out[256];

	if (size >= sizeof line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (store_note_parse(line, &n) == 0 &&
	    (store_note_format(&n, out, sizeof out) != 0 || strcmp(out, line) != 0))
		abort();
	return 0;
}
