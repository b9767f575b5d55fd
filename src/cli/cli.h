/*
 * cli.h - the command-line front end: one file per command (cmd-*.c), each
 * exporting one struct cmd_entry, listed in the table in cmd.c.
 */
#ifndef KARTU_CLI_H
#define KARTU_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "config.h"
#include "dupes.h"
#include "err.h"
#include "json.h"
#include "store.h"

struct cli {
	const char *db_path;
	char key_dir[4096];	/* the configuration's keys, else "keys" beside the
				   database */
	const char *op;		/* --as or KARTU_OPERATOR */
	int json;
	/* Set only by the test hooks of the test build (main.c); in the
	 * installed program they stay 0 and NULL. */
	int test_build;		/* this is the test build (kartu doctor says so) */
	time_t clock;		/* KARTU_NOW, fixed clock for tests and demos */
	const char *origin_key;	/* KARTU_TRUST_ORIGINALITY_KEY: trusted besides NXP's */
	const char *station;	/* KARTU_STATION, else the host name */
	const char *sysfs;	/* KARTU_SYSFS, else /sys */
	const char *web_dir;	/* KARTU_WEB: the screens' static files, else
				   PKGDATADIR/web */
	long long bulk_index_min;	/* KARTU_BULK_INDEX_ROWS (store.h), else 0 */
	struct store *st;
	struct reader *reader;	/* opened by cli_open_reader, closed by main */
	struct kt_err err;
	long long refused_app;	/* an application recorded as refused */
	int status;		/* an exit status other than 0 for a success
				   (kartu check --once: the verdict) */
	struct json js;
	struct config cfg;	/* the configuration file (config.h); fields
				   empty where the file says nothing */
	const char *cfg_path;	/* the file read, or NULL for none */
	const char *own_cfg_path;	/* the station's own file (main.c), which
					   alone sets sms_command */
	int offline;		/* a CMD_OFFLINE command whose register's server
				   could not be reached: st is NULL */
	char offline_why[512];	/* what the connection said then */
};

#define CMD_NEEDS_DB 0x1	/* open the database before exec */
#define CMD_CREATES_DB 0x2	/* open with STORE_CREATE */
#define CMD_UPGRADES_DB 0x4	/* open with STORE_NO_MIGRATE: exec upgrades */
#define CMD_OFFLINE 0x8		/* runs without the register's server (the
				   desk check): exec is called with st NULL
				   and offline set when it cannot be reached */

/* Open the database as main does for a command with flags CMD_* (the clock,
 * PIN, station, user and register key of this run): for a front end that
 * opens it again (a desk whose server came back, kartu restore).  KT_EOFFLINE
 * while it cannot.  cli->st is set even when the key fails; main closes it. */
int cli_open_store(struct cli *cli, int flags);

struct cmd_entry {
	const char *name;
	const char *usage;	/* after "kartu NAME " */
	const char *summary;	/* one line, translated when shown */
	const char *options;	/* option lines for --help, translated when shown */
	int flags;
	/* argv[0] is the command name.  Returns a KT_* code; on failure the
	 * message is in cli->err. */
	int (*exec)(struct cli *, int argc, char **argv);
};

extern const struct cmd_entry *const cmd_table[];

/* Options every command takes (see cli_common_opt). */
#define CLI_OPT_JSON 0x100
#define CLI_OPT_AS 0x101
#define CLI_OPT_DB 0x102
#define CLI_OPT_HELP 'h'
#define CLI_COMMON_OPTS \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "as", required_argument, NULL, CLI_OPT_AS }, \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "help", no_argument, NULL, CLI_OPT_HELP }

#define CLI_HELP_SHOWN 1

/* Parse argv with longopts (which must include CLI_COMMON_OPTS and end with a
 * zero entry), calling one(cli, opt, optarg, arg) for each option that is not
 * a common one.  Returns 0, KT_EUSAGE (message set) or CLI_HELP_SHOWN. */
int cli_getopt(struct cli *cli, const struct cmd_entry *cmd, int argc, char **argv,
    const struct option *longopts,
    int (*one)(struct cli *, int opt, const char *val, void *arg), void *arg);

/* Print a command's usage and options; to stderr when to_err. */
void cli_usage(const struct cmd_entry *cmd, int to_err);


/* Parse an application id (a positive number, "A12" also accepted). */
int cli_app_id(struct cli *cli, const char *s, long long *id);
/* Parse a positive count for --limit. */
int cli_count(struct cli *cli, const char *s, int *n);
/* Require exactly n positional arguments after the options. */
int cli_args(struct cli *cli, const struct cmd_entry *cmd, int argc, int n);

/* Output.  In text mode these print for people; in --json mode the command
 * prints one object on stdout through cli->js. */
void cli_print_dupes(struct cli *cli, const struct kt_dupes *d);
int cli_show_app(struct cli *cli, long long id, int events, int dupes);
/* A record's region lines (region.h): the KTP's region from its district code
 * ("Kab. Barito Utara, Kec. Teweh Tengah") and the village with the regions
 * above it and its code; "" for what is not kept. */
void cli_region_values(const char *nik_region, const char *village, char *ktp,
    size_t ktplen, char *vil, size_t villen);
int cli_list_apps(struct cli *cli, const char *state, int limit);
void cli_json_dupes(struct json *js, const struct kt_dupes *d);

/* '2026-11-28T01:30:00Z' as 'Sat 2026-11-28 08:30' in WIB ("-" for NULL). */
void cli_wib(const char *utc, char *buf, size_t len);

/* Read a PIN from standard input (one line; not echoed on a terminal). */
int cli_read_pin(struct cli *cli, char *buf, size_t len);
/* An identity number option (--document-no, --nik): when *val is "-", read
 * the number from standard input, after prompt and without echo on a
 * terminal, one line otherwise, into buf (len bytes) and point *val at it; so
 * the number need never be on the command line, where ps, /proc/PID/cmdline
 * and the shell's history keep it.  Nothing on standard input is KT_EUSAGE
 * naming option.  Any other *val is left as it is. */
int cli_secret(struct cli *cli, const char *option, const char *prompt, const char **val,
    char *buf, size_t len);

/* A card or member number argument; "-" reads one line from standard input
 * (typed, or a keyboard-wedge scanner), scanner prefixes dropped. */
int cli_number(struct cli *cli, const char *arg, char *buf, size_t len);
/* Open the NFC reader: conn, else $KARTU_READER, else the configuration's
 * reader, else libnfc's default. */
int cli_open_reader(struct cli *cli, const char *conn);
/* The options of a command that waits for a card: --reader, --timeout. */
struct tap_opts {
	const char *reader;
	const char *timeout;
};
#define CLI_TAP_OPTS \
	{ "reader", required_argument, NULL, 'r' }, \
	{ "timeout", required_argument, NULL, 't' }
/* cli_getopt's callback for them; arg is a struct tap_opts. */
int cli_tap_opt(struct cli *cli, int c, const char *val, void *arg);

/* Open the reader (as cli_open_reader), say prompt on stderr and wait for a
 * card: timeout is the option's text in seconds (default 60), or NULL. */
struct tag;
int cli_tap(struct cli *cli, const char *reader, const char *timeout, const char *prompt,
    struct tag *t);
/* Wait for a card on the reader and encode number on it (kartu encode, kartu
 * issue --encode); reader and timeout as the options give them, or NULL. */
int cli_encode(struct cli *cli, const char *number, const char *reader,
    const char *timeout);
/* The desk check (kartu desk; kartu check without an application for one
 * release): a card tapped, a number typed or scanned, a scanner's codes. */
struct desk_opts {
	int once;
	const char *number;	/* a card number, "-" for standard input */
	const char *reader;
	const char *timeout;
	const char *scanner;
};
#define CLI_DESK_OPTS \
	{ "once", no_argument, NULL, '1' }, \
	{ "number", required_argument, NULL, 'N' }, \
	{ "reader", required_argument, NULL, 'r' }, \
	{ "timeout", required_argument, NULL, 't' }, \
	{ "scanner", required_argument, NULL, 'S' }
int cli_desk(struct cli *cli, const struct desk_opts *o);

/* The CLI's words for the core's (err.h): a field as " (--option)", "" for
 * none; the next step as a command line ("kartu encode 62...13"), "" for none. */
void cli_option(const char *field, char *buf, size_t len);
void cli_command(const struct kt_err *e, char *buf, size_t len);

/* Say the error in cli->err (code rc) and go on: "kartu: error: ..." on
 * stderr, or with --json an error object as a line of its own.  The one way
 * errors are shown (main's final report uses it too). */
void cli_error_line(struct cli *cli, int rc);
/* The warnings in cli->err (err.h, kt_warn) on stderr, "kartu: warning: ...",
 * whatever the exit status. */
void cli_warnings(struct cli *cli);

/* Show the desk's answer for a card; chip is NULL for a typed number. */
struct card_verdict;
void cli_print_verdict(struct cli *cli, const struct card_verdict *v, const char *chip);

/* The commands. */
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_init_entry, cmd_apply_entry, cmd_check_entry;
extern const struct cmd_entry cmd_validate_entry, cmd_issue_entry, cmd_handover_entry;
extern const struct cmd_entry cmd_reject_entry, cmd_app_entry, cmd_member_entry;
extern const struct cmd_entry cmd_dupes_entry, cmd_operator_entry, cmd_rules_entry;
extern const struct cmd_entry cmd_keygen_entry, cmd_encode_entry, cmd_read_entry;
extern const struct cmd_entry cmd_replace_entry, cmd_print_entry, cmd_scan_entry;
extern const struct cmd_entry cmd_fsck_entry, cmd_import_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_audit_entry, cmd_handover_book_entry, cmd_queue_entry;
extern const struct cmd_entry cmd_calendar_entry, cmd_complaint_entry;
extern const struct cmd_entry cmd_login_entry, cmd_logout_entry, cmd_report_entry;
extern const struct cmd_entry cmd_backup_entry, cmd_restore_entry;
extern const struct cmd_entry cmd_devices_entry, cmd_doctor_entry, cmd_desk_entry;

#endif
