/* Member and card numbers: format, Damm check digit, parsing. */
#include <stdio.h>
#include <string.h>

#include "memberno.h"
#include "tap.h"

int
main(void)
{
	char no[MEMBERNO_MAX], card[CARDNO_MAX], back[MEMBERNO_MAX], typo[64];
	struct kt_err e = { 0 };
	int issue, i, caught = 0, tried = 0;
	char d;

	ok(memberno_damm("572") == '4', "Damm check digit of 572 is 4");
	ok(memberno_damm("5724") == '0', "a number with its check digit checks to 0");
	ok(memberno_make("{lib}{yy}{seq:6}", "6205", 2026, 123, no, sizeof no, NULL) == 0,
	    "default format");
	is_str(no, "620526000123" "9", "6205 26 000123 + check digit");
	ok(memberno_make("{lib}{yyyy}{seq:4}", "6205", 2026, 7, no, sizeof no, NULL) == 0,
	    "four-digit year format");
	is_str(no, "620520260007" "2", "6205 2026 0007 + check digit");
	ok(memberno_make("{lib}{yy}{seq:2}", "6205", 2026, 100, no, sizeof no, &e) == KT_EREFUSED,
	    "a full sequence is refused (%s)", e.msg);
	ok(memberno_make("{lib}-{seq:4}", "6205", 2026, 1, no, sizeof no, NULL) == KT_EUSAGE,
	    "a format giving a dash is refused");
	ok(memberno_make("{lib}{what}", "6205", 2026, 1, no, sizeof no, NULL) == KT_EUSAGE,
	    "an unknown placeholder is refused");
	ok(memberno_make("{lib}{seq:4", "6205", 2026, 1, no, sizeof no, NULL) == KT_EUSAGE,
	    "an unclosed brace is refused");

	memberno_make("{lib}{yy}{seq:6}", "6205", 2026, 123, no, sizeof no, NULL);
	ok(memberno_parse(no, back, sizeof back, NULL) == 0, "own number parses");
	snprintf(typo, sizeof typo, "%.4s-%.2s-%.6s-%s", no, no + 4, no + 6, no + 12);
	ok(memberno_parse(typo, back, sizeof back, NULL) == 0, "dashes are allowed: %s", typo);
	is_str(back, no, "dashes dropped");
	/* Every single wrong digit and every swap of neighbours is caught. */
	for (i = 0; no[i] != '\0'; i++) {
		for (d = '0'; d <= '9'; d++) {
			if (d == no[i])
				continue;
			snprintf(typo, sizeof typo, "%s", no);
			typo[i] = d;
			tried++;
			caught += memberno_parse(typo, back, sizeof back, NULL) == KT_EUSAGE;
		}
		if (no[i + 1] != '\0' && no[i] != no[i + 1]) {
			snprintf(typo, sizeof typo, "%s", no);
			typo[i] = no[i + 1];
			typo[i + 1] = no[i];
			tried++;
			caught += memberno_parse(typo, back, sizeof back, NULL) == KT_EUSAGE;
		}
	}
	is_int(caught, tried, "all %d single-digit errors and swaps caught", tried);
	ok(memberno_parse("12a456", back, sizeof back, NULL) == KT_EUSAGE, "letters refused");
	ok(memberno_parse("123", back, sizeof back, NULL) == KT_EUSAGE, "too short refused");

	ok(cardno_make(no, 1, card, sizeof card, NULL) == 0, "card number made");
	is_int((long long)strlen(card), 16, "a card number is 16 digits");
	ok(cardno_parse(card, card, sizeof card, back, sizeof back, &issue, NULL) == 0,
	    "card number parses");
	is_str(back, no, "card number holds the member number");
	is_int(issue, 1, "and the issue number");
	cardno_make(no, 2, card, sizeof card, NULL);
	card[5] = card[5] == '9' ? '0' : card[5] + 1;
	ok(cardno_parse(card, card, sizeof card, NULL, 0, NULL, NULL) == KT_EUSAGE,
	    "a mistyped card number is refused");
	ok(cardno_make(no, 100, card, sizeof card, NULL) == KT_EREFUSED, "issue 100 refused");
	return done_testing();
}
