/* The service calendar: due times of one working day in service hours, across
 * a Friday afternoon, a Saturday, a Sunday and public holidays. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "tap.h"
#include "valid.h"

/* "YYYY-MM-DD HH:MM" in WIB as time_t. */
static time_t
wib(const char *s)
{
	struct kt_date d;
	char day[11];
	int h, m;

	snprintf(day, sizeof day, "%.10s", s);
	if (valid_date(day, &d, NULL) != 0 || sscanf(s + 11, "%d:%d", &h, &m) != 2)
		return 0;
	return (time_t)(date_days(&d) * 86400L + h * 3600L + m * 60L - 7 * 3600L);
}

static void
holiday(struct calendar *cal, const char *date)
{
	struct kt_date d;

	valid_date(date, &d, NULL);
	cal->holidays[cal->nholidays++] = date_days(&d);
}

/* The procedure's hours: Mon-Thu 07:00-15:30, Fri 07:30-16:00, Sat 07:30-12:00. */
static void
standard(struct calendar *cal)
{
	int wd;

	memset(cal, 0, sizeof *cal);
	cal->opens[0] = cal->closes[0] = -1;
	for (wd = 1; wd <= 4; wd++) {
		cal->opens[wd] = 7 * 60;
		cal->closes[wd] = 15 * 60 + 30;
	}
	cal->opens[5] = 7 * 60 + 30;
	cal->closes[5] = 16 * 60;
	cal->opens[6] = 7 * 60 + 30;
	cal->closes[6] = 12 * 60;
	cal->due_minutes = 510;
	holiday(cal, "2026-08-17");
	holiday(cal, "2026-12-24");
	holiday(cal, "2026-12-25");
}

static void
due(const struct calendar *cal, const char *from, const char *want, const char *why)
{
	time_t t = 0;
	int rc = calendar_due(cal, wib(from), &t);

	ok(rc == 0 && t == wib(want), "%s: %s is due %s", why, from, want);
	if (t != wib(want))
		printf("#   got %lld s after the wanted time\n", (long long)(t - wib(want)));
}

int
main(void)
{
	struct calendar cal, shut;
	time_t t;
	int wd;

	standard(&cal);
	ok(wib("2026-11-28 08:30") == 1795829400, "the clock of the CLI tests is Saturday 08:30 WIB");
	/* Wednesday 09:00: 390 minutes left that day, 120 on Thursday. */
	due(&cal, "2026-11-25 09:00", "2026-11-26 09:00", "a weekday morning");
	/* Monday 07:00 sharp: the whole day, ending at its closing. */
	due(&cal, "2026-11-23 07:00", "2026-11-23 15:30", "at opening");
	/* Friday 14:00: 120 on Friday, 270 on Saturday, 120 on Monday. */
	due(&cal, "2026-11-27 14:00", "2026-11-30 09:00", "a Friday afternoon");
	/* Saturday 08:30: 210 on Saturday, Sunday closed, 300 on Monday. */
	due(&cal, "2026-11-28 08:30", "2026-11-30 12:00", "a Saturday");
	/* Saturday after closing: counted from Monday's opening. */
	due(&cal, "2026-11-28 13:00", "2026-11-30 15:30", "a Saturday afternoon");
	due(&cal, "2026-11-29 10:00", "2026-11-30 15:30", "a Sunday");
	/* Before opening and in the evening: from the next opening. */
	due(&cal, "2026-11-25 05:00", "2026-11-25 15:30", "before opening");
	due(&cal, "2026-11-25 20:00", "2026-11-26 15:30", "in the evening");
	/* Saturday 10:00 before Independence Day: 120 on Saturday, Sunday and
	 * Monday closed, 390 on Tuesday. */
	due(&cal, "2026-08-15 10:00", "2026-08-18 13:30", "before a Monday holiday");
	/* Wednesday 14:00 before Christmas: 90 on Wednesday, Thursday (cuti
	 * bersama) and Friday closed, 270 on Saturday, 150 on Monday. */
	due(&cal, "2026-12-23 14:00", "2026-12-28 09:30", "before Christmas");
	due(&cal, "2026-12-24 10:00", "2026-12-28 11:00", "on a holiday");

	ok(calendar_open_at(&cal, wib("2026-11-28 11:59")), "open on Saturday at 11:59");
	ok(!calendar_open_at(&cal, wib("2026-11-28 12:00")), "closed on Saturday at 12:00");
	ok(!calendar_open_at(&cal, wib("2026-11-29 10:00")), "closed on Sunday");
	ok(!calendar_open_at(&cal, wib("2026-11-27 07:15")), "Friday opens at 07:30");
	ok(calendar_open_at(&cal, wib("2026-11-30 07:15")), "Monday opens at 07:00");
	ok(!calendar_open_at(&cal, wib("2026-08-17 09:00")), "closed on Independence Day");
	ok(calendar_open_at(&cal, wib("2026-08-18 09:00")), "open the day after");

	cal.due_minutes = 60;
	ok(calendar_due(&cal, wib("2026-11-28 11:30"), &t) == 0 && t == wib("2026-11-30 07:30"),
	    "a shorter working day (60 minutes) carries over Sunday");
	shut = cal;
	for (wd = 0; wd < 7; wd++)
		shut.opens[wd] = shut.closes[wd] = -1;
	ok(calendar_due(&shut, wib("2026-11-28 08:30"), &t) == KT_EFAIL,
	    "a calendar that never opens gives no due time");
	return done_testing();
}
