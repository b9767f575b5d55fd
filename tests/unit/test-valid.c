/* Validation of typed input: dates, sex, NIK, KK, NISN, SIM, phones, text. */
#include "tap.h"
#include "valid.h"

static void
phone(const char *in, const char *want)
{
	char out[20];
	struct kt_err e = { 0 };
	int rc = valid_phone(in, out, sizeof out, &e);

	if (want == NULL)
		ok(rc == KT_EUSAGE, "phone '%s' refused (%s)", in, e.msg);
	else {
		ok(rc == 0, "phone '%s' accepted", in);
		is_str(rc == 0 ? out : "", want, "phone '%s' normalised", in);
	}
}

/* A landline (kartu import keeps it as the second phone). */
static void
landline(const char *in, const char *want)
{
	char out[20];
	struct kt_err e = { 0 };
	int rc = valid_landline(in, out, sizeof out, &e);

	if (want == NULL)
		ok(rc == KT_EUSAGE, "landline '%s' refused (%s)", in, e.msg);
	else {
		ok(rc == 0, "landline '%s' accepted", in);
		is_str(rc == 0 ? out : "", want, "landline '%s' normalised", in);
	}
}

int
main(void)
{
	struct kt_date d, birth = { 1990, 5, 14 }, w = { 1992, 8, 3 };
	struct kt_err e = { 0 };
	char sex, buf[64];
	int i;

	ok(valid_date("2024-02-29", &d, NULL) == 0 && d.d == 29, "leap day accepted");
	ok(valid_date("2023-02-29", &d, &e) == KT_EUSAGE, "2023-02-29 refused");
	ok(valid_date("2023-13-01", &d, NULL) == KT_EUSAGE, "month 13 refused");
	ok(valid_date("14-05-1990", &d, NULL) == KT_EUSAGE, "DD-MM-YYYY refused");
	ok(valid_date("1990-5-14", &d, NULL) == KT_EUSAGE, "unpadded refused");
	ok(valid_date("1899-12-31", &d, NULL) == KT_EUSAGE, "before 1900 refused");
	ok(valid_date("", &d, NULL) == KT_EUSAGE, "empty date refused");
	d.y = 2026; d.m = 11; d.d = 28;
	is_int(date_days(&d), 20785, "days since epoch of 2026-11-28");
	date_from_days(date_days(&d) + 3, &d);
	ok(d.y == 2026 && d.m == 12 && d.d == 1, "date_from_days inverts date_days");
	/* A term of months, as SQLite's date(x, '+N months') gave it (the
	 * results below are SQLite 3.40's). */
	{
		static const struct { const char *from; int months; const char *want; } t[] = {
			{ "2026-11-28", 12, "2027-11-28" },
			{ "2026-01-31", 1, "2026-03-03" },
			{ "2024-02-29", 12, "2025-03-01" },
			{ "2026-12-15", 13, "2028-01-15" },
			{ "2026-03-31", 11, "2027-03-03" },
			{ "2027-01-31", 1, "2027-03-03" },
			{ "2026-02-30", 1, "2026-03-30" },
			{ "2026-05-31", 60, "2031-05-31" },
			{ "9999-01-01", 0, "9999-01-01" },
			{ "2026-13-01", 1, "" },
			{ "2026-1-01", 1, "" },
		};
		char out[11];
		size_t k;

		for (k = 0; k < sizeof t / sizeof t[0]; k++) {
			int rc = date_text_add_months(t[k].from, t[k].months, out, sizeof out);

			is_str(out, t[k].want, "%s + %d months", t[k].from, t[k].months);
			ok((rc == 0) == (t[k].want[0] != '\0'), "%s + %d months: %s", t[k].from,
			    t[k].months, rc == 0 ? "a date" : "not a date");
		}
	}

	ok(valid_sex("L", &sex, NULL) == 0 && sex == 'L', "L is L");
	ok(valid_sex("f", &sex, NULL) == 0 && sex == 'P', "f is P");
	ok(valid_sex("X", &sex, NULL) == KT_EUSAGE, "X refused");
	ok(valid_sex("LP", &sex, NULL) == KT_EUSAGE, "LP refused");

	ok(valid_nik("6205031405900001", &birth, 'L', NULL) == 0, "man's NIK accepted");
	ok(valid_nik("6205034308920002", &w, 'P', NULL) == 0, "woman's NIK (+40) accepted");
	ok(valid_nik("6205030308920002", &w, 'P', &e) == KT_EUSAGE,
	    "woman with a man's day refused (%s)", e.msg);
	ok(valid_nik("6205035405900001", &birth, 'L', NULL) == KT_EUSAGE,
	    "man with a woman's day refused");
	ok(valid_nik("6205031505900001", &birth, 'L', NULL) == KT_EUSAGE,
	    "birth date other than the form refused");
	ok(valid_nik("6205031405910001", &birth, 'L', NULL) == KT_EUSAGE,
	    "birth year other than the form refused");
	ok(valid_nik("0005031405900001", NULL, 0, NULL) == KT_EUSAGE, "province 00 refused");
	ok(valid_nik("2005031405900001", NULL, 0, NULL) == KT_EUSAGE, "province 20 refused");
	ok(valid_nik("6200031405900001", NULL, 0, NULL) == KT_EUSAGE, "regency 00 refused");
	ok(valid_nik("6205001405900001", NULL, 0, NULL) == KT_EUSAGE, "district 00 refused");
	ok(valid_nik("6205033505900001", NULL, 0, NULL) == KT_EUSAGE, "day 35 refused");
	ok(valid_nik("6205031413900001", NULL, 0, NULL) == KT_EUSAGE, "month 13 refused");
	ok(valid_nik("6205031405900000", NULL, 0, NULL) == KT_EUSAGE, "serial 0000 refused");
	ok(valid_nik("620503140590001", NULL, 0, NULL) == KT_EUSAGE, "15 digits refused");
	ok(valid_nik("62050314059000011", NULL, 0, NULL) == KT_EUSAGE, "17 digits refused");
	ok(valid_nik("62050314059O0001", NULL, 0, NULL) == KT_EUSAGE, "a letter O refused");
	valid_nik("6205031505900001", &birth, 'L', &e);
	ok(strstr(e.msg, "6205") == NULL, "the message does not repeat the NIK");

	ok(valid_kk("6205030101200003", NULL) == 0, "KK accepted");
	ok(valid_kk("620503010120000", NULL) == KT_EUSAGE, "15-digit KK refused");
	ok(valid_kk("9905030101200003", NULL) == KT_EUSAGE, "KK with no province refused");
	ok(valid_nisn("0012345678", NULL) == 0, "NISN accepted");
	ok(valid_nisn("001234567", NULL) == KT_EUSAGE, "9-digit NISN refused");
	ok(valid_nisn("00123456789", NULL) == KT_EUSAGE, "11-digit NISN refused");
	ok(valid_sim("123456789012", NULL) == 0, "12-digit SIM accepted");
	ok(valid_sim("12345678901", NULL) == KT_EUSAGE, "11-digit SIM refused");
	ok(valid_docno("KTM-2021/001", NULL) == 0, "student card number accepted");
	ok(valid_docno("'; DROP TABLE x;--", NULL) == KT_EUSAGE, "SQL in a number refused");

	landline("0519 21234", "+6251921234");
	landline("(021) 5555-1234", "+622155551234");
	landline("+62 536 322 1234", "+625363221234");
	landline("081234567890", NULL);	/* a mobile */
	landline("0519", NULL);		/* too short */
	landline("021 1234 5678 9012", NULL);	/* too long */
	landline("519 21234", NULL);	/* no 0 or 62 */
	landline("+1 519 21234", NULL);
	landline("0519 2123x", NULL);
	phone("081234567890", "+6281234567890");
	phone("0812-3456-7890", "+6281234567890");
	phone("+62 812 3456 7890", "+6281234567890");
	phone("62812 3456 7890", "+6281234567890");
	phone("(0812) 3456.7890", "+6281234567890");
	phone("0895 1234 5678", "+6289512345678");
	phone("0812345678", "+62812345678");
	phone("0519 21234", NULL);	/* Muara Teweh landline */
	phone("021-5551234", NULL);
	phone("+62 21 5551234", NULL);
	phone("+1 202 555 0100", NULL);
	phone("0800 1234 5678", NULL);	/* toll-free, not a mobile prefix */
	phone("0812", NULL);
	phone("0812345678901234", NULL);
	phone("08123456789a", NULL);
	phone("", NULL);
	phone("812345678", NULL);

	ok(valid_text("  Siti Aminah ", "name", 100, buf, NULL) == 0 &&
	    strcmp(buf, "Siti Aminah") == 0, "text trimmed");
	ok(valid_text("Zoë Ñúñez", "name", 100, buf, NULL) == 0, "UTF-8 accepted");
	ok(valid_text("a\nb", "name", 100, buf, NULL) == KT_EUSAGE, "newline refused");
	ok(valid_text("bad \xc3\x28", "name", 100, buf, NULL) == KT_EUSAGE, "broken UTF-8 refused");
	ok(valid_text("\xc0\xaf", "name", 100, buf, NULL) == KT_EUSAGE, "overlong UTF-8 refused");
	ok(valid_text("   ", "name", 100, buf, NULL) == KT_EUSAGE, "blank refused");
	for (i = 0; i < 63; i++)
		buf[i] = 'a';
	buf[i] = '\0';
	ok(valid_text(buf, "name", 60, buf, &e) == KT_EUSAGE, "too long refused (%s)", e.msg);

	ok(valid_name("Dr. Siti Aminah, S.Pd.", "name", 100, buf, NULL) == 0, "titles accepted");
	ok(valid_name("Ma'ruf Nu'man-Hadi", "name", 100, buf, NULL) == 0, "' and - accepted");
	ok(valid_name("Robert'); DROP TABLE members;--", "name", 100, buf, &e) == KT_EUSAGE,
	    "SQL in a name refused (%s)", e.msg);
	ok(valid_name("Agus 2", "name", 100, buf, NULL) == KT_EUSAGE, "digits refused");

	valid_mask("6205031405900001", buf, sizeof buf);
	is_str(buf, "6205**********01", "NIK masked");
	valid_mask("123456789012", buf, sizeof buf);
	is_str(buf, "1234******12", "SIM masked");
	valid_mask("KTM1", buf, sizeof buf);
	is_str(buf, "**M1", "short number masked");
	return done_testing();
}
