/*
 * fuzz-layout.c - libFuzzer target for the card layout format.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout *l;
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (layout_parse(text, "fuzz", &l, NULL) == 0)
		layout_free(l);
	free(text);
	return 0;
}
