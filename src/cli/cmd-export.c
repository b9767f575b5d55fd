/*
 * cmd-export.c - kartu export [--format kartu|slims] [--header] [--out FILE]:
 * the register as CSV for a circulation system (export.h), kartu's own or
 * SLiMS's member import, to standard output as it is read, or to FILE
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
	const char *format;
	int header;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct export_opts *o = arg;

	(void)cli;
	if (c == 'o')
		o->out = val;
	else if (c == 'f')
		o->format = val;
	else if (c == 'H')
		o->header = 1;
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
		{ "format", required_argument, NULL, 'f' },
		{ "header", no_argument, NULL, 'H' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts o = { NULL, "kartu", 0 };
	char tmp[4096];
	FILE *f = stdout;
	long long rows;
	int rc, fd = -1, tty = isatty(STDERR_FILENO), slims;

	if ((rc = cli_getopt(cli, &cmd_export_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_export_entry, argc, 0)) != 0)
		return rc;
	if (strcmp(o.format, "kartu") != 0 && strcmp(o.format, "slims") != 0)
		return kt_error_at(&cli->err, KT_EUSAGE, "format",
		    _("--format is kartu or slims, not '%s'"), o.format);
	slims = strcmp(o.format, "slims") == 0;
	if (o.header && !slims)
		return kt_error_at(&cli->err, KT_EUSAGE, "header",
		    _("--header is for --format slims (kartu's CSV always has one)"));
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
	if (slims)
		rc = export_slims(cli->st, cli->op, f, o.header, progress, &tty, &rows, &cli->err);
	else
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
	"export", "[--format kartu|slims] [--header] [--out FILE]",
	N_("Export the register as CSV for a circulation system (officer or admin)."),
	N_("  --out FILE       write FILE whole or not at all (else standard output)\n"
	    "  --format slims   what SLiMS's member import reads (else kartu's own CSV)\n"
	    "  --header         with --format slims: the column names first\n"
	    "kartu's CSV: one line per member: member_no, card_no, name, category,\n"
	    "institution, birth_date, address, phone, expires_on, status, legacy_no,\n"
	    "nik_masked.  A NIK is only ever masked; a field starting with = + - @\n"
	    "gets a ' in front, so that a spreadsheet never runs it as a formula.\n"
	    "SLiMS's: its 18 columns in their order, every value in \"\", member_id the\n"
	    "old number if the member had one, else the member number; gender 1 or 0;\n"
	    "the category's name; dates YYYY-MM-DD; pin empty (no NIK in clear).\n"),
	CMD_NEEDS_DB, cmd_export_exec,
};
