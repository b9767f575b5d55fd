/*
 * label.h - what people see for what the register stores.  The store keeps
 * codes (application states, roles, holiday kinds, ...) and UTC timestamps;
 * --json and CSV give them as they are.  A screen or a printed page shows
 * them through these functions: the code's label in the desk's language, a
 * day as the desk writes it (DD-MM-YYYY in Indonesian), a time in WIB.
 */
#ifndef KARTU_LABEL_H
#define KARTU_LABEL_H

#include <stddef.h>

enum label_kind {
	LABEL_STATE,		/* an application's state: applied, ..., refused */
	LABEL_STEP,		/* a step of the procedure: apply, ..., handover, reject */
	LABEL_MEMBER,		/* a member's status: active, blocked */
	LABEL_CARD,		/* a card's status: new, encoding, active, lost, ... */
	LABEL_ROLE,		/* an operator's role: admin, officer, operator, desk */
	LABEL_HOLIDAY,		/* a holiday's kind: national, cuti-bersama, local */
	LABEL_CHANNEL,		/* a complaint's channel: kotak-saran, ... */
	LABEL_REPORT,		/* a report's kind: daily, monthly */
	LABEL_NEED,		/* a category's need of an institution: none, optional, ... */
	LABEL_WEEKDAY,		/* a short weekday: Sun .. Sat */
};

/* The label of code, translated; the code itself when it has none (or in a
 * language that writes it the same), "-" for NULL.  Static or the
 * catalogue's: never freed. */
const char *label(enum label_kind kind, const char *code);

/* The width of the widest label of kind in this language, at least min:
 * for columns. */
int label_width(enum label_kind kind, int min);

/* A day "YYYY-MM-DD" (or the first 10 characters of a timestamp) as the
 * desk writes it: "28-11-2026" in Indonesian, as it is in English.  Anything
 * else is copied as it is; NULL or "" gives "-".  buf holds at least 11. */
void label_date(const char *iso, char *buf, size_t len);

/* A stored UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" as a WIB day and time
 * ("28-11-2026 08:30"); with weekday, its short name first ("Sab 28-11-2026
 * 08:30").  Anything else gives "-".  buf holds at least 24. */
void label_time(const char *utc, int weekday, char *buf, size_t len);

/* n with the thousands grouped as the desk writes them: 1.234 in
 * Indonesian, 1,234 in English.  buf holds at least 32. */
void label_count(long long n, char *buf, size_t len);

#endif
