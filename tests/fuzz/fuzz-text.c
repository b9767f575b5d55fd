/*
 * fuzz-text.c - libFuzzer target for text.c, which every byte of outside text
 * shown by the CLI passes: whatever comes in, what text_escape gives out is
 * valid UTF-8 without a control character, and text_utf8 never reads past n.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[512];
	unsigned cp;
	size_t i, n;
	int l;

	for (i = 0; i < size; i += l > 0 ? (size_t)l : 1)
		l = text_utf8(data + i, size - i, &cp);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = text_escape(s, out, sizeof out);
	if (n >= sizeof out || out[n] != '\0')
		abort();
	for (i = 0; i < n; i += (size_t)l) {
		l = text_utf8((const unsigned char *)out + i, n - i, &cp);
		if (l <= 0 || text_is_control(cp) || cp == '\n' || cp == '\t')
			abort();
	}
	free(s);
	return 0;
}
