/*
 * doctor.h - what stands between the station and working hardware: each
 * check looks at one thing (the kernel's NFC modules, device permissions, the
 * database, the signing key, the printer, the layout, the SMS command, the
 * station's own configuration file, the reader, the calendar's holidays) and
 * says how to fix it.  Nothing is changed.
 */
#ifndef KARTU_DOCTOR_H
#define KARTU_DOCTOR_H

#include "err.h"

enum doctor_status { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_result {
	enum doctor_status status;
	const char *check;	/* "modules", "devices", "database", "key", ... */
	char msg[512];		/* what was found */
	char fix[512];		/* how to fix it; empty when ok */
};

#define DOCTOR_MAX_YEARS 64
#define DOCTOR_CALENDAR_DAYS 60	/* how far ahead the holidays must be known */

/* Where to look.  Paths the front end takes from the configuration and the
 * environment; sysfs is "/sys" at the desk, a fake tree in tests. */
struct doctor_env {
	const char *sysfs;
	const char *db;
	const char *key_dir;
	const char *reader;	/* a libnfc connection string, or NULL */
	const char *scanner;	/* a device path, or NULL */
	const char *printer;	/* a CUPS queue, or NULL */
	const char *layout;	/* a name or a file */
	const char *layout_dirs[4];	/* NULL-ended; searched for NAME.layout */
	const char *sms_command;	/* or NULL */
	const char *station_config;	/* the station's own kartu.conf, which
					   alone sets sms_command */
	int scan_nfc;		/* look for readers through libnfc when none is named */
	/* The service calendar, read from the database by the front end (the
	 * doctor opens no store): calendar_known when it could be read, today
	 * as days since 1970-01-01 (WIB), the years that have holidays. */
	int calendar_known;
	/* The database is a PostgreSQL server's (store_remote), and it could
	 * be opened: its files are the server's, not checked here. */
	int db_remote, db_opened;
	/* When it was opened: the engine's version, how long opening took, and
	 * the PostgreSQL role's rights beyond what kartu needs (store_engine). */
	char db_version[64];
	long db_open_ms;
	int db_superuser, db_createdb, db_createrole;
	long today;
	int holiday_years[DOCTOR_MAX_YEARS];
	int nholiday_years;
};

#define DOCTOR_MAX 16

/* Run every check into out (DOCTOR_MAX entries); returns how many. */
int doctor_run(const struct doctor_env *env, struct doctor_result *out);

/* The checks, one result each. */
void doctor_modules(const struct doctor_env *env, struct doctor_result *r);
void doctor_devices(const struct doctor_env *env, struct doctor_result *r);
void doctor_database(const struct doctor_env *env, struct doctor_result *r);
void doctor_key(const struct doctor_env *env, struct doctor_result *r);
void doctor_register(const struct doctor_env *env, struct doctor_result *r);
void doctor_printer(const struct doctor_env *env, struct doctor_result *r);
void doctor_layout(const struct doctor_env *env, struct doctor_result *r);
void doctor_sms(const struct doctor_env *env, struct doctor_result *r);
void doctor_config(const struct doctor_env *env, struct doctor_result *r);
void doctor_reader(const struct doctor_env *env, struct doctor_result *r);
/* Warns when the next DOCTOR_CALENDAR_DAYS days reach a year without a
 * holiday: the due times would count its holidays as working days. */
void doctor_calendar(const struct doctor_env *env, struct doctor_result *r);

/* The name of a status: "ok", "warn", "fail". */
const char *doctor_status_name(enum doctor_status s);

#endif
