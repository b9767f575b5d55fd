/* Keyboard-wedge scanners through evdev: key codes into lines. */
#include <string.h>

#include <linux/input.h>

#include "barcode.h"
#include "scanner.h"
#include "tap.h"

static int
press(struct scanner_keys *k, unsigned code)
{
	int r = scanner_key(k, code, 1);

	return r + scanner_key(k, code, 0);
}

int
main(void)
{
	static const unsigned digits[] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6,
		KEY_7, KEY_8, KEY_9 };
	const char *num = "6205260000010017";
	struct scanner_keys k;
	size_t i;
	int lines = 0;

	memset(&k, 0, sizeof k);
	/* "]C1" (an AIM prefix: Shift for C), the number, Enter */
	press(&k, KEY_RIGHTBRACE);
	scanner_key(&k, KEY_LEFTSHIFT, 1);
	press(&k, KEY_C);
	scanner_key(&k, KEY_LEFTSHIFT, 0);
	press(&k, KEY_1);
	for (i = 0; num[i] != '\0'; i++)
		lines += press(&k, digits[num[i] - '0']);
	ok(lines == 0, "no line before Enter");
	ok(scanner_key(&k, KEY_ENTER, 1) == 1, "Enter ends the line");
	is_str(k.line, "]C16205260000010017", "the AIM prefix and the digits");
	ok(scanner_key(&k, KEY_ENTER, 0) == 0, "releasing Enter is nothing");
	ok(scanner_key(&k, KEY_5, 2) == 0 && k.len == 0, "auto-repeat is ignored");
	press(&k, KEY_KP4);
	press(&k, KEY_TAB);
	press(&k, KEY_F1);
	press(&k, KEY_MINUS);
	ok(scanner_key(&k, KEY_KPENTER, 1) == 1, "keypad Enter ends a line too");
	is_str(k.line, "4-", "keypad digits count, Tab and F1 do not");
	ok(scanner_key(&k, 0xffff, 1) == 0 && scanner_key(&k, KEY_MAX + 1, 1) == 0,
	    "codes beyond the table are ignored");
	for (i = 0; i < 500; i++)
		press(&k, KEY_7);
	ok(scanner_key(&k, KEY_ENTER, 1) == 1, "a very long line ends");
	is_str(k.line, "", "and is given back empty, not cut");
	press(&k, KEY_8);
	scanner_key(&k, KEY_ENTER, 1);
	is_str(k.line, "8", "the next line is whole again");

	/* HID POS reports: id 2, length, AIM id, data, bit 0 of byte 63. */
	{
		struct scanner_hidpos h;
		unsigned char r[SCANNER_HIDPOS_REPORT];

		memset(&h, 0, sizeof h);
		memset(r, 0, sizeof r);
		r[0] = 2;
		r[1] = 16;
		memcpy(r + 2, "]C0", 3);
		memcpy(r + 5, "6205260000010013", 16);
		ok(scanner_hidpos(&h, r, sizeof r) == 1, "a HID POS report with a whole code");
		is_str(h.line, "]C06205260000010013", "the AIM identifier, then the data");
		r[0] = 1;
		ok(scanner_hidpos(&h, r, sizeof r) == 0, "another report id is no code");
		r[0] = 2;
		r[1] = 56;
		memset(r + 5, '7', 56);
		r[63] = 1;
		ok(scanner_hidpos(&h, r, sizeof r) == 0, "a report with more to follow");
		r[1] = 4;
		memcpy(r + 5, "1234", 4);
		r[63] = 0;
		ok(scanner_hidpos(&h, r, sizeof r) == 1, "the last report ends the code");
		ok(strlen(h.line) == 3 + 56 + 4 && strcmp(h.line + 59, "1234") == 0,
		    "the data of both reports, the identifier once");
		r[1] = 56;
		r[63] = 1;
		for (i = 0; i < 3; i++)
			scanner_hidpos(&h, r, sizeof r);
		r[63] = 0;
		ok(scanner_hidpos(&h, r, sizeof r) == 1, "a code longer than a line ends");
		is_str(h.line, "", "and is given back empty, not cut");
		r[1] = 200;
		ok(scanner_hidpos(&h, r, 20) == 1 && strlen(h.line) == 3 + 15,
		    "a length beyond the report is cut to the report");
		ok(scanner_hidpos(&h, r, 4) == 0, "a report too short is nothing");
	}
	{
		/* What a scanner sends, as the code the desk looks up. */
		char out[64];

		ok(barcode_code("]C16205260000010013\r", out, sizeof out, NULL) == 0,
		    "a card number with its AIM identifier");
		is_str(out, "6205260000010013", "is the card number");
		ok(barcode_code("6205 2600 0001 0", out, sizeof out, NULL) == 0,
		    "a member number typed with spaces");
		is_str(out, "6205260000010", "is the member number");
		ok(barcode_code("]A0*M0001*", out, sizeof out, NULL) == 0,
		    "an old card's Code 39 with its start and stop");
		is_str(out, "M0001", "is the old number, as scanned");
		ok(barcode_code("  LIB-ABC-123 ", out, sizeof out, NULL) == 0,
		    "another system's number");
		is_str(out, "LIB-ABC-123", "is kept for the look-up");
		ok(barcode_code("*", out, sizeof out, NULL) == KT_EUSAGE, "nothing but a stop");
		ok(barcode_code("M\x1b[2J", out, sizeof out, NULL) == KT_EUSAGE,
		    "an escape sequence is no number");
		ok(barcode_code("M\xc3\xa9", out, sizeof out, NULL) == KT_EUSAGE,
		    "nor is what is not ASCII");
		ok(barcode_code("M000000001", out, 5, NULL) == KT_EUSAGE, "nor what does not fit");
	}
	return done_testing();
}
