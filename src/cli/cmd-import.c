/*
 * cmd-import.c - kartu import: the members of the library's old system from a
 * CSV file, in one transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "import.h"

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct import_opts *o = arg;

	(void)cli;
	(void)val;
	if (c == 'n')
		o->dry_run = 1;
	else if (c == 's')
		o->skip_dupes = 1;
	return 0;
}

static void
skipped(long line, const char *why, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "line", line);
		json_str(&cli->js, "reason", why);
		json_object_end(&cli->js);
	} else
		printf(_("Skipped: line %ld: %s\n"), line, why);
}

static void
progress(long rows, void *arg)
{
	(void)arg;
	fprintf(stderr, _("kartu: %ld rows read...\n"), rows);
}

static int
cmd_import_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "skip-duplicates", no_argument, NULL, 's' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { 0, 0, NULL, skipped, NULL };
	struct import_stats st;
	const char *path;
	FILE *f;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_import_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_import_entry, argc, 1)) != 0)
		return rc;
	path = argv[optind];
	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("cannot read %s: %s"), path,
		    strerror(errno));
	o.progress = cli->json ? NULL : progress;
	o.arg = cli;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "skipped");
	}
	rc = import_members(cli->st, f, cli->op, &o, &st, &cli->err);
	if (f != stdin)
		fclose(f);
	if (rc != 0) {
		if (st.rows > 0) {
			char msg[sizeof cli->err.msg];

			snprintf(msg, sizeof msg, "%s", cli->err.msg);
			kt_error(&cli->err, rc, _("%s; nothing was imported"), msg);
		}
		return rc;
	}
	if (cli->json) {
		json_array_end(&cli->js);
		json_int(&cli->js, "rows", st.rows);
		json_int(&cli->js, "imported", st.imported);
		json_int(&cli->js, "skipped_count", st.skipped);
		json_bool(&cli->js, "dry_run", o.dry_run);
		if (st.imported > 0) {
			json_str(&cli->js, "first_member", st.first_member);
			json_str(&cli->js, "last_member", st.last_member);
		}
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (o.dry_run)
		printf(_("%ld rows checked: %ld could be imported, %ld are already members"
		    " (nothing was kept).\n"), st.rows, st.rows - st.skipped, st.skipped);
	else {
		if (st.imported > 0)
			printf(_("%ld members imported: %s to %s, each with a card waiting for"
			    " its chip (kartu encode, kartu print).\n"), st.imported,
			    st.first_member, st.last_member);
		if (st.skipped > 0)
			printf(_("%ld rows skipped as already members.\n"), st.skipped);
	}
	return 0;
}

const struct cmd_entry cmd_import_entry = {
	"import", "FILE|- [--dry-run] [--skip-duplicates]",
	N_("Import the members of the library's old system from a CSV file (admin)."),
	N_("The header names the columns, in English or Indonesian: name/nama,\n"
	    "birth_place/tempat_lahir, birth_date/tanggal_lahir, sex/jenis_kelamin,\n"
	    "address/alamat, phone/telepon, category/kategori; optional nik,\n"
	    "institution/instansi, guardian/wali, legacy_no/nomor_lama (at most 50\n"
	    "characters), expires_on/berlaku_sampai.  Separated by commas, semicolons\n"
	    "or tabs; a row may not have more fields than the header.\n"
	    "Each row is checked as kartu apply checks a form: a paud-tk member needs\n"
	    "a guardian, sd-sma a school, mahasiswa a university of the regency.\n"
	    "One transaction: a bad row, a row the rules refuse or a row that is\n"
	    "already a member imports nothing, and the message names its line and\n"
	    "column.\n"
	    "  --dry-run        check every row, keep nothing\n"
	    "  --skip-duplicates  import the rest, listing the rows that are already\n"
	    "                   members, instead of importing nothing\n"),
	CMD_NEEDS_DB, cmd_import_exec,
};
