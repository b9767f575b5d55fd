/*
 * fuzz-scanner.c - libFuzzer target for what a keyboard-wedge scanner sends
 * through evdev: (code, value) pairs into lines, each line into a card number;
 * and the same bytes as HID POS reports of a scanner in that mode.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "memberno.h"
#include "barcode.h"
#include "scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scanner_keys k;
	struct scanner_hidpos h;
	char card[CARDNO_MAX];
	struct kt_err e;
	size_t i;

	memset(&k, 0, sizeof k);
	for (i = 0; i + 3 <= size; i += 3)
		if (scanner_key(&k, (unsigned)data[i] | (unsigned)data[i + 1] << 8,
		    (int)(data[i + 2] % 4) - 1))
			barcode_normalise(k.line, card, sizeof card, &e);
	memset(&h, 0, sizeof h);
	for (i = 0; i < size; i += SCANNER_HIDPOS_REPORT)
		if (scanner_hidpos(&h, data + i, size - i < SCANNER_HIDPOS_REPORT ? size - i :
		    SCANNER_HIDPOS_REPORT))
			barcode_normalise(h.line, card, sizeof card, &e);
	return 0;
}
