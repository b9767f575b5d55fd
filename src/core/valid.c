/*
 * valid.c - validation of typed input (see valid.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"
#include "text.h"
#include "valid.h"

/* Second and third digits of mobile numbers after the leading 8 (Telkomsel,
 * Indosat, XL, Axis, Tri, Smartfren and the satellite 0868). */
static const char *const mobile_prefixes[] = {
	"11", "12", "13", "14", "15", "16", "17", "18", "19",
	"21", "22", "23", "28", "31", "32", "33", "38",
	"51", "52", "53", "55", "56", "57", "58", "59",
	"68", "77", "78", "81", "82", "83", "84", "85", "86", "87", "88", "89",
	"95", "96", "97", "98", "99",
};

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int
valid_date(const char *s, struct kt_date *out, struct kt_err *e)
{
	struct kt_date d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6]) ||
	    !isdigit((unsigned char)s[8]) || !isdigit((unsigned char)s[9]))
		return kt_error(e, KT_EUSAGE, _("date must be written YYYY-MM-DD"));
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (d.y < 1900 || d.y > 2199 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > month_days(d.y, d.m))
		return kt_error(e, KT_EUSAGE, _("%s is not a date in the calendar"), s);
	if (out != NULL)
		*out = d;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
long
date_days(const struct kt_date *d)
{
	long y = d->y - (d->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d->m + (d->m > 2 ? -3 : 9)) + 2) / 5 + d->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_from_days(long z, struct kt_date *out)
{
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(y + (out->m <= 2));
}

void
date_add_months(const struct kt_date *from, int months, struct kt_date *out)
{
	struct kt_date d = *from;
	long m = (long)d.y * 12 + (d.m - 1) + months;

	d.y = (int)(m >= 0 ? m / 12 : (m - 11) / 12);
	d.m = (int)(m - (long)d.y * 12) + 1;
	/* date_days counts a day past the month's end on into the next. */
	date_from_days(date_days(&d), out);
}

int
date_text_add_months(const char *from, int months, char *out, size_t len)
{
	struct kt_date d;

	int i;

	if (len > 0)
		out[0] = '\0';
	/* As SQLite reads a date: any year, a month 1-12, a day 1-31. */
	if (from == NULL || strlen(from) != 10 || from[4] != '-' || from[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)from[i]))
			return -1;
	d.y = atoi(from);
	d.m = atoi(from + 5);
	d.d = atoi(from + 8);
	if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31)
		return -1;
	date_add_months(&d, months, &d);
	date_format(&d, out, len);
	return 0;
}

void
date_format(const struct kt_date *d, char *buf, size_t len)
{
	/* Without snprintf: the already-a-member check formats some fifty
	 * dates a query. */
	if (len >= 11 && d->y >= 0 && d->y <= 9999 && d->m >= 0 && d->m <= 99 && d->d >= 0 &&
	    d->d <= 99) {
		buf[0] = (char)('0' + d->y / 1000);
		buf[1] = (char)('0' + d->y / 100 % 10);
		buf[2] = (char)('0' + d->y / 10 % 10);
		buf[3] = (char)('0' + d->y % 10);
		buf[4] = '-';
		buf[5] = (char)('0' + d->m / 10);
		buf[6] = (char)('0' + d->m % 10);
		buf[7] = '-';
		buf[8] = (char)('0' + d->d / 10);
		buf[9] = (char)('0' + d->d % 10);
		buf[10] = '\0';
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02d", d->y, d->m, d->d);
}

int
valid_sex(const char *s, char *out, struct kt_err *e)
{
	if (s != NULL && s[0] != '\0' && s[1] == '\0') {
		switch (toupper((unsigned char)s[0])) {
		case 'L':
		case 'M':
			*out = 'L';
			return 0;
		case 'P':
		case 'F':
			*out = 'P';
			return 0;
		}
	}
	return kt_error(e, KT_EUSAGE, _("sex must be L (laki-laki) or P (perempuan)"));
}

/* A NIK or KK number begins with a province's code (region.h: the provinces
 * of idn-area-data, the Papua provinces of 2022 among them). */
static int
known_province(const char *two)
{
	char code[3];

	snprintf(code, sizeof code, "%.2s", two);
	return region_find(code) != NULL;
}

int
valid_nik(const char *nik, const struct kt_date *birth, char sex, struct kt_err *e)
{
	int dd, mm, yy;

	if (nik == NULL || !all_digits(nik, 16))
		return kt_error(e, KT_EUSAGE, _("NIK must be 16 digits"));
	if (!known_province(nik))
		return kt_error(e, KT_EUSAGE, _("NIK does not start with a province code:"
		    " %.2s is no province of Indonesia"), nik);
	if (strncmp(nik + 2, "00", 2) == 0 || strncmp(nik + 4, "00", 2) == 0)
		return kt_error(e, KT_EUSAGE, _("NIK has no regency or district code"));
	dd = (nik[6] - '0') * 10 + (nik[7] - '0');
	mm = (nik[8] - '0') * 10 + (nik[9] - '0');
	yy = (nik[10] - '0') * 10 + (nik[11] - '0');
	if (mm < 1 || mm > 12 || dd < 1 || (dd > 31 && dd < 41) || dd > 71)
		return kt_error(e, KT_EUSAGE, _("NIK does not hold a birth date"));
	if (strcmp(nik + 12, "0000") == 0)
		return kt_error(e, KT_EUSAGE, _("NIK serial number is zero"));
	if (birth != NULL) {
		if ((dd > 40 ? dd - 40 : dd) != birth->d || mm != birth->m ||
		    yy != birth->y % 100)
			return kt_error(e, KT_EUSAGE,
			    _("the birth date in the NIK does not match the birth date on the form"));
	}
	if (sex == 'P' && dd < 41)
		return kt_error(e, KT_EUSAGE,
		    _("the NIK is a man's (day under 40) but the form says P"));
	if (sex == 'L' && dd > 40)
		return kt_error(e, KT_EUSAGE,
		    _("the NIK is a woman's (day plus 40) but the form says L"));
	return 0;
}

int
valid_kk(const char *kk, struct kt_err *e)
{
	if (kk == NULL || !all_digits(kk, 16))
		return kt_error(e, KT_EUSAGE, _("KK number must be 16 digits"));
	if (!known_province(kk))
		return kt_error(e, KT_EUSAGE, _("KK number does not start with a province code"));
	return 0;
}

int
valid_nisn(const char *nisn, struct kt_err *e)
{
	if (nisn == NULL || !all_digits(nisn, 10))
		return kt_error(e, KT_EUSAGE, _("NISN must be 10 digits"));
	return 0;
}

int
valid_sim(const char *sim, struct kt_err *e)
{
	size_t n = sim != NULL ? strlen(sim) : 0;

	if (n < 12 || n > 14 || !all_digits(sim, n))
		return kt_error(e, KT_EUSAGE, _("SIM number must be 12 to 14 digits"));
	return 0;
}

int
valid_docno(const char *s, struct kt_err *e)
{
	size_t i, n = s != NULL ? strlen(s) : 0;
	int alnum = 0;

	if (n < 3 || n > 40)
		return kt_error(e, KT_EUSAGE, _("document number must be 3 to 40 characters"));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c))
			alnum++;
		else if (c != '-' && c != '/' && c != '.' && c != ' ')
			return kt_error(e, KT_EUSAGE,
			    _("document number may hold only letters, digits, '-', '/', '.' and spaces"));
	}
	if (alnum < 3)
		return kt_error(e, KT_EUSAGE, _("document number must be 3 to 40 characters"));
	return 0;
}

/* The digits of a phone number as people write it (spaces, dashes, dots and
 * parentheses between them; one '+' first) into digits (32 bytes), their
 * count to *n, and whether it began with '+'. */
static int
phone_digits(const char *s, char digits[32], size_t *n, int *plus, struct kt_err *e)
{
	size_t i;

	*n = 0;
	*plus = 0;
	if (s == NULL)
		return kt_error(e, KT_EUSAGE, _("phone number is missing"));
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c)) {
			if (*n + 1 >= 32)
				return kt_error(e, KT_EUSAGE, _("phone number is too long"));
			digits[(*n)++] = (char)c;
		} else if (c == '+' && *n == 0 && !*plus)
			*plus = 1;
		else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
			return kt_error(e, KT_EUSAGE,
			    _("phone number may hold only digits, '+', spaces and dashes"));
	}
	digits[*n] = '\0';
	return 0;
}

int
valid_phone(const char *s, char *out, size_t len, struct kt_err *e)
{
	char digits[32];
	const char *nsn;
	size_t n, i, nl;
	int plus, country, rc;

	if ((rc = phone_digits(s, digits, &n, &plus, e)) != 0)
		return rc;
	country = n >= 2 && digits[0] == '6' && digits[1] == '2';
	if (plus && !country)
		return kt_error(e, KT_EUSAGE, _("only Indonesian (+62) phone numbers are accepted"));
	if (country)
		nsn = digits + 2;
	else if (digits[0] == '0')
		nsn = digits + 1;
	else
		return kt_error(e, KT_EUSAGE,
		    _("phone number must start with 08, +62 or 62"));
	nl = strlen(nsn);
	if (nl > 0 && nsn[0] != '8')
		return kt_error(e, KT_EUSAGE,
		    _("that is a landline number; a mobile number (08...) is needed"));
	if (nl < 9 || nl > 12)
		return kt_error(e, KT_EUSAGE, _("a mobile number has 10 to 13 digits (08...)"));
	for (i = 0; i < nitems(mobile_prefixes); i++)
		if (strncmp(nsn + 1, mobile_prefixes[i], 2) == 0)
			break;
	if (i == nitems(mobile_prefixes))
		return kt_error(e, KT_EUSAGE, _("08%c%c is not a mobile operator's prefix"),
		    nsn[1], nsn[2]);
	if (len < nl + 4)
		return kt_error(e, KT_EFAIL, "phone buffer too small");
	snprintf(out, len, "+62%s", nsn);
	return 0;
}

int
valid_landline(const char *s, char *out, size_t len, struct kt_err *e)
{
	char digits[32];
	const char *nsn;
	size_t n, nl;
	int plus, rc;

	if ((rc = phone_digits(s, digits, &n, &plus, e)) != 0)
		return rc;
	if (n >= 2 && digits[0] == '6' && digits[1] == '2')
		nsn = digits + 2;
	else if (!plus && n >= 1 && digits[0] == '0')
		nsn = digits + 1;
	else
		return kt_error(e, KT_EUSAGE, _("phone number must start with 0, +62 or 62"));
	nl = strlen(nsn);
	if (nl > 0 && (nsn[0] == '8' || nsn[0] == '0'))
		return kt_error(e, KT_EUSAGE, _("that is no landline number"));
	if (nl < 7 || nl > 11)
		return kt_error(e, KT_EUSAGE, _("a landline number has 8 to 12 digits (0...)"));
	if (len < nl + 4)
		return kt_error(e, KT_EFAIL, "phone buffer too small");
	snprintf(out, len, "+62%s", nsn);
	return 0;
}

int
valid_text(const char *s, const char *label, size_t maxlen, char *out, struct kt_err *e)
{
	const unsigned char *p;
	unsigned cp;
	size_t n;
	int k;

	if (s == NULL)
		return kt_error(e, KT_EUSAGE, _("%s is missing"), label);
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return kt_error(e, KT_EUSAGE, _("%s is empty"), label);
	if (n > maxlen)
		return kt_error(e, KT_EUSAGE, _("%s is longer than %zu characters"), label, maxlen);
	for (p = (const unsigned char *)s; p < (const unsigned char *)s + n; p += k) {
		if ((k = text_utf8(p, (size_t)((const unsigned char *)s + n - p), &cp)) <= 0)
			return kt_error(e, KT_EUSAGE, _("%s is not valid UTF-8 text"), label);
		/* Invisible, but it changes what the text is or how it shows:
		 * "Siti\u200dAminah" is not found as Siti Aminah, and U+202E
		 * shows what follows reversed. */
		if (text_is_format(cp))
			return kt_error(e, KT_EUSAGE, _("%s holds an invisible formatting character"
			    " (U+%04X)"), label, cp);
		if (cp == '\t' || cp == '\n' || text_is_control(cp))
			return kt_error(e, KT_EUSAGE, _("%s holds a control character"), label);
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int
valid_name(const char *s, const char *label, size_t maxlen, char *out, struct kt_err *e)
{
	const unsigned char *p;
	int rc;

	if ((rc = valid_text(s, label, maxlen, out, e)) != 0)
		return rc;
	for (p = (const unsigned char *)out; *p != '\0'; p++) {
		if (*p >= 0x80 || isalpha(*p) || *p == ' ' || *p == '.' || *p == ',' ||
		    *p == '\'' || *p == '-')
			continue;
		return kt_error(e, KT_EUSAGE,
		    _("%s may hold only letters, spaces and . , ' - (not '%c')"), label, *p);
	}
	return 0;
}

void
valid_mask(const char *s, char *out, size_t len)
{
	size_t n = strlen(s), i, keep_head = n >= 10 ? 4 : 0;

	if (len == 0)
		return;
	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = (i < keep_head || i + 2 >= n) ? s[i] : '*';
	out[i] = '\0';
}
