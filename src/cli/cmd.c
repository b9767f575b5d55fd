/*
 * cmd.c - the command table and what every command shares: option parsing,
 * usage, argument checks.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "barcode.h"
#include "reader.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_init_entry,
	&cmd_operator_entry,
	&cmd_login_entry,
	&cmd_logout_entry,
	&cmd_rules_entry,
	&cmd_calendar_entry,
	&cmd_keygen_entry,
	&cmd_apply_entry,
	&cmd_check_entry,
	&cmd_validate_entry,
	&cmd_issue_entry,
	&cmd_encode_entry,
	&cmd_print_entry,
	&cmd_handover_entry,
	&cmd_handover_book_entry,
	&cmd_reject_entry,
	&cmd_replace_entry,
	&cmd_queue_entry,
	&cmd_app_entry,
	&cmd_member_entry,
	&cmd_dupes_entry,
	&cmd_complaint_entry,
	&cmd_report_entry,
	&cmd_desk_entry,
	&cmd_read_entry,
	&cmd_scan_entry,
	&cmd_fsck_entry,
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_backup_entry,
	&cmd_restore_entry,
	&cmd_audit_entry,
	&cmd_devices_entry,
	&cmd_doctor_entry,
	&cmd_serve_entry,
	NULL,
};

void
cli_usage(const struct cmd_entry *cmd, int to_err)
{
	FILE *f = to_err ? stderr : stdout;

	fprintf(f, _("usage: kartu %s%s%s\n"), cmd->name, cmd->usage[0] != '\0' ? " " : "",
	    cmd->usage);
	if (!to_err) {
		fprintf(f, "\n%s\n", _(cmd->summary));
		if (cmd->options != NULL && cmd->options[0] != '\0')
			fprintf(f, "\n%s", _(cmd->options));
		fprintf(f, "\n%s\n", _("Every command also takes --db FILE, --as NAME, --json"
		    " and --help."));
	}
}

int
cli_getopt(struct cli *cli, const struct cmd_entry *cmd, int argc, char **argv,
    const struct option *longopts,
    int (*one)(struct cli *, int opt, const char *val, void *arg), void *arg)
{
	int c, rc;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_JSON:
			cli->json = 1;
			break;
		case CLI_OPT_AS:
			cli->op = optarg;
			break;
		case CLI_OPT_DB:
			return kt_error(&cli->err, KT_EUSAGE,
			    _("--db must come before the command name"));
		case CLI_OPT_HELP:
			cli_usage(cmd, 0);
			return CLI_HELP_SHOWN;
		case '?':
			return kt_error(&cli->err, KT_EUSAGE, _("kartu %s: unknown option %s"
			    " (see kartu %s --help)"), cmd->name, argv[optind - 1], cmd->name);
		case ':':
			return kt_error(&cli->err, KT_EUSAGE, _("kartu %s: %s needs a value"),
			    cmd->name, argv[optind - 1]);
		default:
			if (one == NULL)
				return kt_error(&cli->err, KT_EUSAGE, _("kartu %s: unknown option"),
				    cmd->name);
			if ((rc = one(cli, c, optarg, arg)) != 0)
				return rc;
		}
	}
	return 0;
}

int
cli_args(struct cli *cli, const struct cmd_entry *cmd, int argc, int n)
{
	if (argc - optind == n)
		return 0;
	return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu %s %s"), cmd->name, cmd->usage);
}

int
cli_app_id(struct cli *cli, const char *s, long long *id)
{
	const char *digits = s;
	char *end;

	if (digits[0] == 'A' || digits[0] == 'a')
		digits++;
	if (digits[0] < '1' || digits[0] > '9')
		goto bad;
	*id = strtoll(digits, &end, 10);
	if (*end == '\0' && *id > 0 && *id < 1000000000000LL)
		return 0;
bad:	/* the argument as given, not what is left after an 'A' */
	return kt_error(&cli->err, KT_EUSAGE, _("'%.40s' is not an application number"), s);
}

int
cli_count(struct cli *cli, const char *s, int *n)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000000)
		return kt_error(&cli->err, KT_EUSAGE, _("'%.40s' is not a count"), s);
	*n = (int)v;
	return 0;
}

int
cli_number(struct cli *cli, const char *arg, char *buf, size_t len)
{
	char line[256];
	size_t n;

	if (strcmp(arg, "-") != 0) {
		snprintf(buf, len, "%s", arg);
		return 0;
	}
	/* Typed, or sent by a keyboard-wedge scanner: the first line that is
	 * not blank. */
	while (fgets(line, sizeof line, stdin) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (line[strspn(line, " \t")] != '\0')
			return barcode_code(line, buf, len, &cli->err);
	}
	return kt_error(&cli->err, KT_EUSAGE, _("no number on standard input"));
}

int
cli_open_reader(struct cli *cli, const char *conn)
{
	if (cli->reader != NULL)
		return 0;
	if (conn == NULL && (conn = getenv("KARTU_READER")) != NULL && conn[0] == '\0')
		conn = NULL;
	if (conn == NULL && cli->cfg.reader[0] != '\0')
		conn = cli->cfg.reader;
	return reader_open(conn, &cli->reader, &cli->err);
}

int
cli_tap_opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct tap_opts *o = arg;

	(void)cli;
	if (c == 'r')
		o->reader = val;
	else if (c == 't')
		o->timeout = val;
	return 0;
}

int
cli_tap(struct cli *cli, const char *reader, const char *timeout, const char *prompt,
    struct tag *t)
{
	int rc, secs = 60;

	if (timeout != NULL && (rc = cli_count(cli, timeout, &secs)) != 0)
		return rc;
	if ((rc = cli_open_reader(cli, reader)) != 0)
		return rc;
	fprintf(stderr, "%s\n", prompt);
	return reader_wait(cli->reader, secs * 1000, t, &cli->err);
}

/* One line from standard input into buf, without its line end.  On a
 * terminal the echo is off first, then prompt is said: what is typed after the
 * prompt is neither shown nor flushed away.  -1 at the end of the input, -2
 * for a line longer than buf. */
static int
read_quiet(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	int tty = isatty(0) && tcgetattr(0, &old) == 0, rc = 0, ch;
	size_t n;
	char *got;

	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
		fprintf(stderr, "%s", prompt);
	}
	got = fgets(buf, (int)len, stdin);
	if (got == NULL)
		rc = -1;
	else if ((n = strcspn(buf, "\r\n")) == strlen(buf) && !feof(stdin) &&
	    (ch = getchar()) != EOF && ch != '\n') {
		rc = -2;	/* longer than buf: the rest is read and dropped */
		while ((ch = getchar()) != EOF && ch != '\n')
			;
	} else
		buf[n] = '\0';
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (rc != 0)
		buf[0] = '\0';
	return rc;
}

int
cli_read_pin(struct cli *cli, char *buf, size_t len)
{
	int rc = read_quiet(_("PIN: "), buf, len);

	if (rc == -1)
		return kt_error(&cli->err, KT_EUSAGE, _("no PIN on standard input"));
	if (rc == -2)
		return kt_error(&cli->err, KT_EUSAGE, _("the PIN on standard input is too long"));
	return 0;
}

int
cli_secret(struct cli *cli, const char *option, const char *prompt, const char **val,
    char *buf, size_t len)
{
	size_t a, b;
	int rc;

	if (*val == NULL || strcmp(*val, "-") != 0)
		return 0;
	if ((rc = read_quiet(prompt, buf, len)) == -2)
		return kt_error(&cli->err, KT_EUSAGE, _("%s -: the line on standard input is"
		    " too long"), option);
	a = strspn(buf, " \t");
	for (b = strlen(buf); b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t'); b--)
		;
	if (rc == -1 || a == b)
		return kt_error(&cli->err, KT_EUSAGE, _("%s -: no number on standard input"
		    " (type it at the prompt, or give it on a line of its own)"), option);
	memmove(buf, buf + a, b - a);
	buf[b - a] = '\0';
	*val = buf;
	return 0;
}
