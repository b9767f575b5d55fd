/*
 * memberno.c - member and card numbers (see memberno.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memberno.h"

/* The Damm quasigroup of order 10 (weakly totally anti-symmetric). */
static const unsigned char damm[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

char
memberno_damm(const char *s)
{
	unsigned int i = 0;

	for (; *s != '\0'; s++)
		if (isdigit((unsigned char)*s))
			i = damm[i][*s - '0'];
	return (char)('0' + i);
}

static int
append(char *out, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n + 1 > len)
		return -1;
	memcpy(out + *pos, s, n + 1);
	*pos += n;
	return 0;
}

int
memberno_make(const char *fmt, const char *lib, int year, long seq,
    char *out, size_t len, struct kt_err *e)
{
	char buf[32];
	const char *p, *end;
	size_t pos = 0, i;
	int width;

	if (len < 2)
		return kt_error(e, KT_EFAIL, "member number buffer too small");
	out[0] = '\0';
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '{') {
			buf[0] = *p;
			buf[1] = '\0';
		} else if ((end = strchr(p, '}')) == NULL) {
			return kt_error(e, KT_EUSAGE, _("member number format: '{' without '}'"));
		} else if (strncmp(p, "{lib}", 5) == 0) {
			snprintf(buf, sizeof buf, "%s", lib);
		} else if (strncmp(p, "{yyyy}", 6) == 0) {
			snprintf(buf, sizeof buf, "%04d", year);
		} else if (strncmp(p, "{yy}", 4) == 0) {
			snprintf(buf, sizeof buf, "%02d", year % 100);
		} else if (strncmp(p, "{seq:", 5) == 0 && end - p <= 7 &&
		    (width = atoi(p + 5)) >= 1 && width <= 12) {
			snprintf(buf, sizeof buf, "%0*ld", width, seq);
			if (strlen(buf) > (size_t)width)
				return kt_error(e, KT_EREFUSED,
				    _("the member number sequence is full (%d digits)"), width);
		} else {
			return kt_error(e, KT_EUSAGE,
			    _("member number format: unknown placeholder %.*s"),
			    (int)(end - p + 1), p);
		}
		if (*p == '{')
			p = strchr(p, '}');
		if (append(out, len, &pos, buf) != 0)
			return kt_error(e, KT_EUSAGE, _("member number format gives too long a number"));
	}
	for (i = 0; i < pos; i++)
		if (!isdigit((unsigned char)out[i]))
			return kt_error(e, KT_EUSAGE,
			    _("member number format must give digits only"));
	if (pos < 5 || pos + 2 > len || pos + 1 > 24)
		return kt_error(e, KT_EUSAGE, _("member number format gives a bad length"));
	out[pos] = memberno_damm(out);
	out[pos + 1] = '\0';
	return 0;
}

/* Copy the digits of s into out, dropping spaces and dashes. */
static int
digits_only(const char *s, char *out, size_t len, size_t *n)
{
	*n = 0;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (!isdigit((unsigned char)*s) || *n + 1 >= len)
			return -1;
		out[(*n)++] = *s;
	}
	out[*n] = '\0';
	return 0;
}

int
memberno_parse(const char *s, char *out, size_t len, struct kt_err *e)
{
	size_t n;

	if (s == NULL || digits_only(s, out, len, &n) != 0 || n < 6 || n > 24)
		return kt_error(e, KT_EUSAGE, _("a member number is 6 to 24 digits"));
	if (memberno_damm(out) != '0')
		return kt_error(e, KT_EUSAGE,
		    _("member number %s has a wrong check digit (mistyped?)"), out);
	return 0;
}

int
cardno_make(const char *mno, int issue, char *out, size_t len, struct kt_err *e)
{
	size_t n = strlen(mno);

	if (issue < 1 || issue > 99)
		return kt_error(e, KT_EREFUSED, _("a member can have at most 99 cards"));
	if (n + 4 > len)
		return kt_error(e, KT_EFAIL, "card number buffer too small");
	snprintf(out, len, "%s%02d", mno, issue);
	out[n + 2] = memberno_damm(out);
	out[n + 3] = '\0';
	return 0;
}

int
cardno_parse(const char *s, char *out, size_t len, char *mno, size_t mlen,
    int *issue, struct kt_err *e)
{
	size_t n;

	if (s == NULL || digits_only(s, out, len, &n) != 0 || n < 9 || n > 27)
		return kt_error(e, KT_EUSAGE, _("a card number is 9 to 27 digits"));
	if (memberno_damm(out) != '0')
		return kt_error(e, KT_EUSAGE,
		    _("card number %s has a wrong check digit (mistyped?)"), out);
	if (mno != NULL) {
		if (n - 3 + 1 > mlen)
			return kt_error(e, KT_EFAIL, "member number buffer too small");
		memcpy(mno, out, n - 3);
		mno[n - 3] = '\0';
		if (memberno_damm(mno) != '0')
			return kt_error(e, KT_EUSAGE, _("card number %s holds no member number"), out);
	}
	if (issue != NULL)
		*issue = (out[n - 3] - '0') * 10 + (out[n - 2] - '0');
	return 0;
}
