/* The configuration file parser: keys, values, comments, and errors that name
 * the line. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "tap.h"

static int
parse(struct config *c, const char *text, struct kt_err *e)
{
	return config_parse(c, text, strlen(text), "kartu.conf", e);
}

int
main(void)
{
	struct config c;
	struct kt_err e = { 0 };
	char big[3000];

	config_defaults(&c);
	is_str(c.database, "", "defaults are empty: as without a file");
	ok(parse(&c, "", &e) == 0, "an empty file");
	ok(parse(&c, "# comment\n\n  ; another\nlibrary_code = 6205\n"
	    "library_name=  Perpustakaan Barito Utara  \r\n"
	    "reader = pn532_uart:/dev/ttyUSB0\n"
	    "database = /var/lib/kartu/kartu.db\n"
	    "sms_command = \"/usr/bin/sms-send --to {phone} # not a comment\"", &e) == 0,
	    "a file with comments, CRLF and no final newline (%s)", e.msg);
	is_str(c.library_code, "6205", "library_code");
	is_str(c.library_name, "Perpustakaan Barito Utara", "spaces around a value dropped");
	is_str(c.reader, "pn532_uart:/dev/ttyUSB0", "a value with a colon");
	is_str(c.database, "/var/lib/kartu/kartu.db", "database");
	is_str(c.sms_command, "/usr/bin/sms-send --to {phone} # not a comment",
	    "quotes keep a #");
	ok(parse(&c, "reader = acr122_usb\n", &e) == 0, "a second file over the first");
	is_str(c.reader, "acr122_usb", "the later value wins");
	is_str(c.library_code, "6205", "the earlier values stay");

	ok(parse(&c, "library_code = 6205\n\nlibary_name = X\n", &e) == KT_EUSAGE,
	    "a typo in a key is an error");
	is_str(e.msg, "kartu.conf:3: unknown key 'libary_name'", "names the file and line");
	ok(parse(&c, "# a\nreader\n", &e) == KT_EUSAGE, "a line without '='");
	ok(strstr(e.msg, "kartu.conf:2:") != NULL, "names line 2 (%s)", e.msg);
	ok(parse(&c, "sms_command = sms-send {phone}\n", &e) == KT_EUSAGE,
	    "an SMS command without its program's absolute path is an error");
	is_str(e.msg, "kartu.conf:1: bad value for sms_command: want a command starting with"
	    " the absolute path of its program (/usr/local/bin/...)", "naming the line");
	ok(parse(&c, "library_code = 62O5\n", &e) == KT_EUSAGE, "a letter O in the code");
	ok(strstr(e.msg, "kartu.conf:1: bad value for library_code") != NULL, "%s", e.msg);
	ok(parse(&c, "service_hours = 08:00-16:00\n", &e) == KT_EUSAGE,
	    "service_hours is refused: the calendar's hours are per weekday");
	ok(strstr(e.msg, "kartu.conf:1: service_hours is not a setting") != NULL &&
	    strstr(e.msg, "kartu calendar") != NULL, "saying where they are (%s)", e.msg);
	ok(parse(&c, "database =\n", &e) == KT_EUSAGE, "an empty path");
	ok(parse(&c, "library_name = a\tb\n", &e) == KT_EUSAGE, "a control character");
	ok(config_parse(&c, "reader = a\0b\n", 12, "x", &e) == KT_EUSAGE, "a NUL byte");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "printer = ", 10);
	ok(parse(&c, big, &e) == KT_EUSAGE, "a line too long (%s)", e.msg);
	big[200] = '\0';
	ok(parse(&c, big, &e) == KT_EUSAGE, "a value too long for its key (%s)", e.msg);
	is_str(c.printer, "", "a refused value is not kept");
	ok(config_load(&c, "/nonexistent/kartu.conf", &e) == KT_ENOTFOUND, "a missing file");

	/* Issue 13, finding 10: what the parser used to take. */
	config_defaults(&c);
	ok(parse(&c, "# Perpustakaan\nlibrary_name = Perpustakaan D\xe9sa\n", &e) ==
	    KT_EUSAGE, "a value in Latin-1 is refused");
	is_str(e.msg, "kartu.conf:2: not UTF-8 text (byte 30; save the file as UTF-8)",
	    "naming the line and the byte");
	is_str(c.library_name, "", "and not kept");
	ok(parse(&c, "# caf\xe9\n", &e) == KT_EUSAGE, "a comment in Latin-1 too (%s)",
	    e.msg);
	ok(parse(&c, "library_name = \xc0\xae\n", &e) == KT_EUSAGE, "an overlong form");
	ok(parse(&c, "library_name = Perpustakaan T\xc3\xa9st \xe2\x80\x94 ok\n", &e) == 0,
	    "UTF-8 is fine (%s)", e.msg);
	ok(parse(&c, "library_name = Perpustakaan \xe2\x80\xae\n", &e) == KT_EUSAGE,
	    "a right-to-left override in the library's name");
	ok(parse(&c, "\nsms_command = \"sms-send {phone} {message}\n", &e) == KT_EUSAGE,
	    "a quote not closed");
	is_str(e.msg, "kartu.conf:2: a quote is not closed", "names the line");
	ok(parse(&c, "sms_command = \"\n", &e) == KT_EUSAGE, "a lone quote");
	is_str(e.msg, "kartu.conf:1: a quote is not closed", "is not closed either");
	ok(parse(&c, "sms_command = \"sms-send\" {phone}\n", &e) == KT_EUSAGE,
	    "text after the closing quote");
	is_str(e.msg, "kartu.conf:1: text after the closing quote", "says so");
	ok(parse(&c, "library_name = \"\"\n", &e) == 0, "an empty quoted value (%s)", e.msg);
	ok(parse(&c, "sms_command = /usr/bin/sms-send --text \"{message}\"\n", &e) == 0,
	    "quotes inside an unquoted value stay (%s)", e.msg);
	is_str(c.sms_command, "/usr/bin/sms-send --text \"{message}\"", "as they are");
	config_defaults(&c);
	ok(parse(&c, "library_code = 6205\nreader = acr122_usb\nlibrary_code = 6299\n", &e) ==
	    KT_EUSAGE, "a key set twice");
	is_str(e.msg, "kartu.conf:3: library_code is set twice (first on line 1)",
	    "names both lines");
	ok(parse(&c, "library_code = 6205\n", &e) == 0 && parse(&c, "library_code = 6299\n",
	    &e) == 0, "but a second file may set it again");
	config_defaults(&c);
	ok(parse(&c, "card_media = chip+printed\n", &e) == 0, "card_media");
	is_str(c.card_media, "chip+printed", "is kept");
	ok(parse(&c, "card_media = kertas\n", &e) == KT_EUSAGE, "a medium that is none");
	is_str(e.msg, "kartu.conf:1: bad value for card_media: want chip, printed or chip+printed",
	    "says which there are");
	return done_testing();
}
