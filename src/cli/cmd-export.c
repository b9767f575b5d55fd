/*
 * cmd-export.c - kartu export [--out FILE]: the register as CSV for a
 * circulation system (export.h), to standard output as it is read, or to FILE
 * whole or not at all: written to a temporary file beside it (mode 0600: it
 * holds the register's personal data), synced, then renamed over FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"

struct export_opts {
	const char *out;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct export_opts *o = arg;

	(void)cli;
	if (c == 'o')
		o->out = val;
	return 0;
}

/* Progress on stderr for a register of more than one step: on a terminal one
 * line rewritten, else a line per step. */
static void
progress(long long done, long long total, void *arg)
{
	int tty = *(int *)arg;

	if (total < EXPORT_STEP)
		return;
	fprintf(stderr, _("%s%lld of %lld members exported%s"), tty ? "\r" : "", done, total,
	    tty && done < total ? "" : "\n");
	fflush(stderr);
}

static int
cmd_export_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts o = { NULL };
	char tmp[4096];
	FILE *f = stdout;
	long long rows;
	int rc, fd = -1, tty = isatty(STDERR_FILENO);

	if ((rc = cli_getopt(cli, &cmd_export_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_export_entry, argc, 0)) != 0)
		return rc;
	if (o.out == NULL && cli->json)
		return kt_error(&cli->err, KT_EUSAGE,
		    _("with --json the register goes to a file: --out FILE"));
	/* To a pipe or a file the CSV goes as it is, its CRLF line ends too; to a
	 * terminal through the guard of term.h, as everything shown. */
	if (o.out == NULL && !isatty(STDOUT_FILENO)) {
		fflush(stdout);
		if ((fd = dup(STDOUT_FILENO)) < 0 || (f = fdopen(fd, "w")) == NULL) {
			if (fd >= 0)
				close(fd);
			return kt_error(&cli->err, KT_EFAIL, _("cannot write the export: %s"),
			    strerror(errno));
		}
	}
	if (o.out != NULL) {
		if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", o.out) >= (int)sizeof tmp)
			return kt_error(&cli->err, KT_EUSAGE, _("too long a file name"));
		if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL) {
			rc = kt_error(&cli->err, KT_EFAIL, _("cannot write %s: %s"), o.out,
			    strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			return rc;
		}
	}
	rc = export_register(cli->st, cli->op, f, progress, &tty, &rows, &cli->err);
	if (o.out == NULL) {
		if (rc == 0 && fflush(f) != 0)
			rc = kt_error(&cli->err, KT_EFAIL, _("cannot write the export: %s"),
			    strerror(errno));
		if (f != stdout && fclose(f) != 0 && rc == 0)
			rc = kt_error(&cli->err, KT_EFAIL, _("cannot write the export: %s"),
			    strerror(errno));
		return rc;
	}
	if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = kt_error(&cli->err, KT_EFAIL, _("cannot write %s: %s"), o.out,
		    strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = kt_error(&cli->err, KT_EFAIL, _("cannot write %s: %s"), o.out,
		    strerror(errno));
	if (rc == 0 && rename(tmp, o.out) != 0)
		rc = kt_error(&cli->err, KT_EFAIL, _("cannot write %s: %s"), o.out,
		    strerror(errno));
	if (rc != 0) {
		unlink(tmp);
		return rc;
	}
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "file", o.out);
		json_int(&cli->js, "members", rows);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("%lld members exported to %s.\n"), rows, o.out);
	return 0;
}

const struct cmd_entry cmd_export_entry = {
	"export", "[--out FILE]",
	N_("Export the register as CSV for a circulation system (officer or admin)."),
	N_("  --out FILE   write FILE whole or not at all (else standard output)\n"
	    "One line per member: member_no, card_no, name, category, institution,\n"
	    "birth_date, address, phone, expires_on, status, legacy_no, nik_masked.\n"
	    "A NIK is only ever masked; a field starting with = + - @ gets a ' in\n"
	    "front, so that a spreadsheet never runs it as a formula.\n"),
	CMD_NEEDS_DB, cmd_export_exec,
};
