/*
 * wib.c - the service's time zone (see wib.h).
 */
#include <stdio.h>
#include <string.h>

#include "wib.h"

void
wib_tm(time_t t, struct tm *out)
{
	time_t local = t + WIB_OFFSET;

	gmtime_r(&local, out);
}

void
wib_day(time_t t, struct kt_date *out)
{
	date_from_days((long)((t + WIB_OFFSET) / 86400), out);
}

int
wib_parse(const char *utc, struct tm *out)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	if (utc == NULL || (end = strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
	    *end != '\0')
		return -1;
	wib_tm(timegm(&tm), out);
	return 0;
}

int
wib_text(const char *utc, char out[20])
{
	struct tm tm;

	if (wib_parse(utc, &tm) != 0)
		return -1;
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
	return 0;
}

void
wib_bounds(const struct kt_date *first, const struct kt_date *last, char lo[WIB_STAMP],
    char hi[WIB_STAMP])
{
	struct kt_date d;

	/* Midnight WIB is 17:00 UTC the day before. */
	date_from_days(date_days(first) - 1, &d);
	snprintf(lo, WIB_STAMP, "%04u-%02u-%02uT17:00:00Z", (unsigned)d.y % 10000u,
	    (unsigned)d.m % 100u, (unsigned)d.d % 100u);
	snprintf(hi, WIB_STAMP, "%04u-%02u-%02uT17:00:00Z", (unsigned)last->y % 10000u,
	    (unsigned)last->m % 100u, (unsigned)last->d % 100u);
}
