/* Codes, days, times and counts as people read them (label.c), in the
 * untranslated language: the codes themselves, ISO days, WIB times. */
#include "tap.h"
#include "label.h"

static void
count(long long n, const char *want)
{
	char buf[32];

	label_count(n, buf, sizeof buf);
	is_str(buf, want, "count %lld", n);
}

static void
time_(const char *utc, int wd, const char *want)
{
	char buf[40];

	label_time(utc, wd, buf, sizeof buf);
	is_str(buf, want, "time %s", utc != NULL ? utc : "NULL");
}

int
main(void)
{
	char buf[32];

	is_str(label(LABEL_STATE, "handed-over"), "handed-over", "a state untranslated is its code");
	is_str(label(LABEL_ROLE, "desk"), "desk", "a role");
	is_str(label(LABEL_HOLIDAY, "someday"), "someday", "an unknown code is shown as it is");
	is_str(label(LABEL_CARD, NULL), "-", "NULL is a dash");
	ok(label_width(LABEL_STATE, 0) == 11, "the widest state: handed-over");
	ok(label_width(LABEL_STATE, 20) == 20, "at least the minimum");
	label_date("2026-11-28", buf, sizeof buf);
	is_str(buf, "2026-11-28", "a day");
	label_date("2026-11-28T01:30:00Z", buf, sizeof buf);
	is_str(buf, "2026-11-28", "the day of a timestamp");
	label_date("", buf, sizeof buf);
	is_str(buf, "-", "no day");
	label_date("kemarin", buf, sizeof buf);
	is_str(buf, "kemarin", "anything else as it is");
	time_("2026-11-28T01:30:00Z", 1, "Sat 2026-11-28 08:30");
	time_("2026-11-28T01:30:00Z", 0, "2026-11-28 08:30");
	time_("2026-11-28T17:30:00Z", 1, "Sun 2026-11-29 00:30");
	time_("2026-11-28 01:30", 0, "-");
	time_(NULL, 0, "-");
	count(0, "0");
	count(999, "999");
	count(1234, "1,234");
	count(1234567, "1,234,567");
	count(-1234, "-1,234");
	return done_testing();
}
