/* The rules file parser (rulesfile.h): the built-in rules, the format, and
 * errors that name the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulesfile.h"
#include "tap.h"

static struct rulesfile *rf;
static struct kt_err e;

static int
parse(const char *text)
{
	memset(&e, 0, sizeof e);
	return rulesfile_parse(rf, text, strlen(text), "r.conf", &e);
}

/* text is refused with a message starting with want. */
static void
refused(const char *text, const char *want, const char *desc)
{
	ok(parse(text) == KT_EUSAGE && strncmp(e.msg, want, strlen(want)) == 0, "%s: %s",
	    desc, e.msg);
}

int
main(void)
{
	char big[40 * 64 + 1];
	size_t n = 0;
	int i;

	if ((rf = calloc(1, sizeof *rf)) == NULL)
		return 1;
	ok(parse(rulesfile_builtin) == 0, "the built-in rules parse (%s)", e.msg);
	is_int(rf->nsettings, 9, "nine settings (with library_city, head_title, card_media)");
	is_str(rulesfile_setting(rf, "card_media"), "chip",
	    "new cards are chip cards unless the library says");
	is_int(rf->ndocuments, 7, "seven documents");
	is_int(rf->ncategories, 5, "five categories");
	is_int(rf->ninstitutions, 6, "six institutions");
	is_str(rulesfile_setting(rf, "library_code"), "6205", "the library code");
	ok(rulesfile_setting(rf, "sms_command") == NULL, "no SMS command");
	is_str(rf->institutions[3].aliases, "UPR|Univ. Palangka Raya", "aliases joined by |");
	is_int(rf->categories[3].ndocuments, 3, "pegawai takes three documents");
	is_str(rf->categories[3].documents[2], "kartu-pegawai", "in the file's order");
	is_int(rf->categories[0].guardian, 1, "paud-tk needs a guardian");

	ok(parse("# only a comment\r\n\r\n[settings]\r\nlibrary_code = 62050001\r\n"
	    "library_name = \"  Perpustakaan # 1 \"\n") == 0, "CRLF, quotes (%s)", e.msg);
	is_str(rulesfile_setting(rf, "library_code"), "62050001", "an 8-digit code");
	is_str(rulesfile_setting(rf, "library_name"), "  Perpustakaan # 1 ",
	    "quotes keep spaces and a #");
	ok(parse("") == 0 && rf->nsettings == 0, "an empty file says nothing");

	refused("library_code = 1\n", "r.conf:1: a key before the first record",
	    "a key outside a record");
	refused("[settings]\nlibrary_code = 620500001\n", "r.conf:2: the value of", "9 digits");
	refused("[settings]\nlibrary_code = 6a\n", "r.conf:2: bad value for library_code",
	    "letters in the code");
	refused("[settings]\nsms_command = x\n", "r.conf:2: 'sms_command' cannot be set",
	    "the SMS command");
	refused("[document]\ncode = KTP\nname = x\nformat = nik\n", "r.conf:2: bad value",
	    "an upper-case code");
	refused("[document]\ncode = ktp\nname = x\nformat = pass\n", "r.conf:4: bad value",
	    "an unknown format");
	refused("[institution]\nname = A\nkind = university\nlocal = yes\nalias = B|C\n",
	    "r.conf:5: bad value for alias", "a | in an alias");
	refused("[institution]\nname = A\nkind = university\nlocal = yes\n[institution]\n"
	    "name = a\nkind = school\nlocal = no\n", "r.conf:5: this [institution] is already"
	    " given at line 1", "the same institution twice, in another case");
	refused("[document]\ncode = ktp\nname = x\nformat = nik\ncode = kk\n",
	    "r.conf:5: code is given twice", "a key twice");
	refused("[category]\ncode = a\nname = A\ninstitution = none\nguardian = no\n"
	    "valid_months = 0\ndocuments = x\n", "r.conf:6: bad value for valid_months",
	    "zero months");
	refused("[document\n", "r.conf:1: expected [kind]", "an unclosed [");
	refused("[settings]\nregency = a\001b\n", "r.conf:2: a control character", "a C0 control");
	refused("[settings]\nregency = a\xe2\x80\xae b\n", "r.conf:2: a control character",
	    "a bidirectional override");
	refused("[settings]\nregency = \xc0\xaf\n", "r.conf:2: not valid UTF-8", "an overlong form");
	ok(rulesfile_parse(rf, "[settings]\nregency = a\0b\n", 24, "r.conf", &e) == KT_EUSAGE &&
	    strcmp(e.msg, "r.conf:2: a NUL byte") == 0, "a NUL: %s", e.msg);
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(big + n, sizeof big - n,
		    "[document]\ncode = d%d\nname = D\nformat = text\n", i);
	ok(rulesfile_parse(rf, big, n, "r.conf", &e) == KT_EUSAGE &&
	    strstr(e.msg, "more than 32 [document] records") != NULL, "too many: %s", e.msg);
	free(rf);

	/* One setting checked as a form's field: each problem kept, named by
	 * its key, and the checking goes on. */
	memset(&e, 0, sizeof e);
	ok(rulesfile_check_setting("head_nip", "196801011990031001", &e) == 0 && e.nproblems == 0,
	    "a good NIP");
	ok(rulesfile_check_setting("library_code", "62x", &e) == KT_EUSAGE &&
	    rulesfile_check_setting("due_service_minutes", "0", &e) == KT_EUSAGE &&
	    rulesfile_check_setting("regency", "a\001b", &e) == KT_EUSAGE &&
	    rulesfile_check_setting("sms_command", "/bin/sh", &e) == KT_EUSAGE, "four refused");
	ok(e.nproblems == 4 && strcmp(e.problems[0].field, "library_code") == 0 &&
	    strcmp(e.problems[1].field, "due_service_minutes") == 0 &&
	    strcmp(e.problems[2].field, "regency") == 0 && e.problems[3].field[0] == '\0' &&
	    strcmp(e.field, "library_code") == 0, "each named by its key: %s", e.msg);
	ok(rulesfile_setting_key(0) != NULL && strcmp(rulesfile_setting_key(0), "library_code") ==
	    0 && rulesfile_setting_key(64) == NULL, "the keys, in order");
	return done_testing();
}
