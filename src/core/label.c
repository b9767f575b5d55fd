/*
 * label.c - codes, days and times as people read them (see label.h).
 *
 * The msgids carry their kind before a '|' ("state|issued"), so that one
 * code of two kinds (a card "active", a member "active") or a code that is
 * also a word elsewhere gets its own translation; without a translation the
 * code is shown.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "label.h"
#include "wib.h"

static const struct {
	enum label_kind kind;
	const char *code, *msgid;
} labels[] = {
	{ LABEL_STATE, "applied", N_("state|applied") },
	{ LABEL_STATE, "checked", N_("state|checked") },
	{ LABEL_STATE, "validated", N_("state|validated") },
	{ LABEL_STATE, "issued", N_("state|issued") },
	{ LABEL_STATE, "handed-over", N_("state|handed-over") },
	{ LABEL_STATE, "rejected", N_("state|rejected") },
	{ LABEL_STATE, "refused", N_("state|refused") },
	{ LABEL_STEP, "apply", N_("step|apply") },
	{ LABEL_STEP, "check", N_("step|check") },
	{ LABEL_STEP, "validate", N_("step|validate") },
	{ LABEL_STEP, "issue", N_("step|issue") },
	{ LABEL_STEP, "handover", N_("step|handover") },
	{ LABEL_STEP, "reject", N_("step|reject") },
	{ LABEL_STEP, "import", N_("step|import") },
	{ LABEL_MEMBER, "active", N_("member|active") },
	{ LABEL_MEMBER, "blocked", N_("member|blocked") },
	{ LABEL_MEMBER, "expired", N_("member|expired") },
	{ LABEL_CARD, "new", N_("card|new") },
	{ LABEL_CARD, "encoding", N_("card|encoding") },
	{ LABEL_CARD, "active", N_("card|active") },
	{ LABEL_CARD, "lost", N_("card|lost") },
	{ LABEL_CARD, "damaged", N_("card|damaged") },
	{ LABEL_CARD, "replaced", N_("card|replaced") },
	{ LABEL_CARD, "revoked", N_("card|revoked") },
	{ LABEL_ROLE, "admin", N_("role|admin") },
	{ LABEL_ROLE, "officer", N_("role|officer") },
	{ LABEL_ROLE, "operator", N_("role|operator") },
	{ LABEL_ROLE, "desk", N_("role|desk") },
	{ LABEL_HOLIDAY, "national", N_("holiday|national") },
	{ LABEL_HOLIDAY, "cuti-bersama", N_("holiday|cuti-bersama") },
	{ LABEL_HOLIDAY, "local", N_("holiday|local") },
	{ LABEL_CHANNEL, "kotak-saran", N_("channel|kotak-saran") },
	{ LABEL_CHANNEL, "website", N_("channel|website") },
	{ LABEL_CHANNEL, "email", N_("channel|email") },
	{ LABEL_CHANNEL, "facebook", N_("channel|facebook") },
	{ LABEL_CHANNEL, "instagram", N_("channel|instagram") },
	{ LABEL_REPORT, "daily", N_("report|daily") },
	{ LABEL_REPORT, "monthly", N_("report|monthly") },
	{ LABEL_WEEKDAY, "Sun", N_("weekday|Sun") },
	{ LABEL_WEEKDAY, "Mon", N_("weekday|Mon") },
	{ LABEL_WEEKDAY, "Tue", N_("weekday|Tue") },
	{ LABEL_WEEKDAY, "Wed", N_("weekday|Wed") },
	{ LABEL_WEEKDAY, "Thu", N_("weekday|Thu") },
	{ LABEL_WEEKDAY, "Fri", N_("weekday|Fri") },
	{ LABEL_WEEKDAY, "Sat", N_("weekday|Sat") },
	{ LABEL_NEED, "none", N_("need|none") },
	{ LABEL_NEED, "optional", N_("need|optional") },
	{ LABEL_NEED, "required", N_("need|required") },
	{ LABEL_NEED, "local", N_("need|local") },
};

const char *
label(enum label_kind kind, const char *code)
{
	const char *t;
	size_t i;

	if (code == NULL)
		return "-";
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (labels[i].kind == kind && strcmp(labels[i].code, code) == 0) {
			t = _(labels[i].msgid);
			return t != labels[i].msgid && strchr(t, '|') == NULL ? t : code;
		}
	return code;
}

int
label_width(enum label_kind kind, int min)
{
	size_t i, w = min > 0 ? (size_t)min : 0;
	const char *t;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (labels[i].kind == kind && strlen(t = label(kind, labels[i].code)) > w)
			w = strlen(t);
	return (int)w;
}

/* The order of a day's parts in this language: "YMD" (the msgid) or "DMY". */
static int
day_first(void)
{
	/* TRANSLATORS: how a day is written on screen: YMD for 2026-11-28, DMY
	   for 28-11-2026. */
	return strcmp(_("date-order|YMD"), "DMY") == 0;
}

void
label_date(const char *iso, char *buf, size_t len)
{
	if (iso == NULL || iso[0] == '\0') {
		snprintf(buf, len, "-");
		return;
	}
	if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-' && day_first())
		snprintf(buf, len, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
	else if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(buf, len, "%.10s", iso);
	else
		snprintf(buf, len, "%s", iso);
}

static const char *const weekdays[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

void
label_time(const char *utc, int weekday, char *buf, size_t len)
{
	struct tm tm;
	char day[16], wd[16] = "";

	if (wib_parse(utc, &tm) != 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (day_first())
		strftime(day, sizeof day, "%d-%m-%Y", &tm);
	else
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (weekday && tm.tm_wday >= 0 && tm.tm_wday < 7)
		snprintf(wd, sizeof wd, "%s ", label(LABEL_WEEKDAY, weekdays[tm.tm_wday]));
	snprintf(buf, len, "%s%s %02d:%02d", wd, day, tm.tm_hour, tm.tm_min);
}

void
label_count(long long n, char *buf, size_t len)
{
	/* TRANSLATORS: the thousands separator of counts in reports (1.234). */
	const char *sep = _("thousands|,");
	char digits[32], out[48];
	size_t nd, i, o = 0;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	if (strcmp(sep, "thousands|,") == 0)
		sep = ",";
	snprintf(digits, sizeof digits, "%llu", u);
	nd = strlen(digits);
	if (n < 0)
		out[o++] = '-';
	for (i = 0; i < nd && o + 2 < sizeof out; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = sep[0];
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}
