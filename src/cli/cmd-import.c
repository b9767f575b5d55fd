/*
 * cmd-import.c - kartu import: the members of the library's old system (kartu's
 * CSV, SLiMS, Koha, INLISLite), every good row kept, every bad one written
 * with its problems to a rejects file (import.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "term.h"
#include "import.h"

/* The status when some rows were rejected and the rest imported: not an
 * error (the output is the summary, not an error object), so 10 or more, as
 * the desk's verdicts are, and apart from them. */
#define IMPORT_STATUS_REJECTED 20

enum {
	O_FROM = 0x200, O_MAP, O_MAP_FILE, O_DATES, O_SEP, O_REJECTS, O_ALL, O_DRY, O_SKIP,
};

struct import_cli {
	struct import_opts o;
	struct import_map map;
	struct cli *cli;
	int tty;
	double last;		/* when the last plain progress line was printed */
};

static const char *const formats[LG_NFORMATS] = {
	[LG_CSV] = "csv", [LG_SLIMS] = "slims", [LG_KOHA] = "koha", [LG_INLISLITE] = "inlislite",
};
static const char *const date_orders[] = {
	[LG_DATES_ISO] = "iso", [LG_DATES_US] = "us", [LG_DATES_METRIC] = "metric",
	[LG_DATES_DMYDOT] = "dmydot",
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct import_cli *ic = arg;
	struct import_opts *o = &ic->o;
	struct kt_err t = { 0 };
	FILE *f;
	size_t i;
	int rc;

	switch (c) {
	case O_FROM:
		for (i = 0; i < nitems(formats); i++)
			if (strcmp(val, formats[i]) == 0) {
				o->lg.format = (enum lg_format)i;
				return 0;
			}
		return kt_error_at(&cli->err, KT_EUSAGE, "from", _("--from is csv, slims, koha"
		    " or inlislite"));
	case O_MAP:
		return import_map_add(&ic->map, val, &cli->err);
	case O_MAP_FILE:
		if ((f = fopen(val, "r")) == NULL)
			return kt_error_at(&cli->err, KT_EUSAGE, "map", _("cannot read %s: %s"),
			    val, strerror(errno));
		rc = import_map_read(&ic->map, f, &t);
		fclose(f);
		if (rc != 0)
			return kt_error_at(&cli->err, rc, "map", "%s: %s", val, t.msg);
		return 0;
	case O_DATES:
		for (i = 1; i < nitems(date_orders); i++)
			if (strcmp(val, date_orders[i]) == 0) {
				o->lg.dates = (enum lg_dates)i;
				return 0;
			}
		return kt_error_at(&cli->err, KT_EUSAGE, "date_format", _("--date-format is iso,"
		    " us, metric or dmydot"));
	case O_SEP:
		if (strcmp(val, "tab") == 0 || strcmp(val, "\\t") == 0)
			o->lg.sep = '\t';
		else if (strlen(val) == 1 && val[0] != '"' && val[0] != '\n' && val[0] != '\r')
			o->lg.sep = val[0];
		else
			return kt_error_at(&cli->err, KT_EUSAGE, "separator", _("--separator is"
			    " one character (or tab)"));
		return 0;
	case O_REJECTS:
		o->rejects = val;
		return 0;
	case O_ALL:
		o->all_or_nothing = 1;
		return 0;
	case O_DRY:
		o->dry_run = 1;
		return 0;
	case O_SKIP:
		o->skip_dupes = 1;
		return 0;
	}
	return 0;
}

static void
unmapped(const char *name, long rows, void *arg)
{
	struct import_cli *ic = arg;

	/* In JSON the error's message names them. */
	if (!ic->cli->json)
		fprintf(stderr, _("kartu: member type '%s' (%ld rows) has no category\n"), name,
		    rows);
}

/* A row in the JSON array "problems": rejected, a candidate or skipped. */
static void
json_row(struct json *js, long line, const char *kind, const char *text)
{
	json_object_begin(js, NULL);
	json_int(js, "line", line);
	json_str(js, "kind", kind);
	json_str(js, "text", text);
	json_object_end(js);
}

static void
rejected(long line, const char *problems, void *arg)
{
	struct import_cli *ic = arg;

	if (ic->cli->json)
		json_row(&ic->cli->js, line, "rejected", problems);
	else
		printf(_("Line %ld: %s\n"), line, problems);
}

static void
candidate(long line, const char *why, int skipped, void *arg)
{
	struct import_cli *ic = arg;

	if (ic->cli->json)
		json_row(&ic->cli->js, line, skipped ? "skipped" : "candidate", why);
	else
		printf(skipped ? _("Skipped: line %ld: %s\n") :
		    _("Already a member? line %ld: %s\n"), line, why);
}

static void
progress(const struct import_progress *p, void *arg)
{
	struct import_cli *ic = arg;
	double rate = p->seconds > 0 ? (double)p->rows / p->seconds : 0, left = 0;
	long total = p->total;

	if (ic->cli->json)
		return;
	if (p->bytes_total > 0 && p->bytes > 0 && p->rows < total)
		left = p->seconds * (double)(p->bytes_total - p->bytes) / (double)p->bytes;
	else if (rate > 0)
		left = (double)(total - p->rows) / rate;
	if (ic->tty) {
		term_return();
		fprintf(stderr, _("%ld of about %ld rows, %.0f rows/s, %.0f s left"), p->rows,
		    total, rate, left);
		fputs("   ", stderr);
		if (p->rows >= total)
			fputc('\n', stderr);
	} else if (p->rows >= total || p->seconds - ic->last >= 5) {
		fprintf(stderr, _("kartu: %ld of about %ld rows, %.0f rows/s, %.0f s left\n"),
		    p->rows, total, rate, left);
		ic->last = p->seconds;
	}
	fflush(stderr);
}

/* Standard input copied to an unnamed file: the import reads it twice. */
static int
spool_stdin(struct cli *cli, FILE **tmp, char *path, size_t len)
{
	char buf[65536];
	size_t n;

	if ((*tmp = tmpfile()) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("cannot make a temporary file: %s"),
		    strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		if (fwrite(buf, 1, n, *tmp) != n)
			return kt_error(&cli->err, KT_EFAIL, _("cannot make a temporary file: %s"),
			    strerror(errno));
	if (ferror(stdin) || fflush(*tmp) != 0)
		return kt_error(&cli->err, KT_EFAIL, _("cannot read standard input"));
	snprintf(path, len, "/dev/fd/%d", fileno(*tmp));
	return 0;
}

static int
cmd_import_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "map", required_argument, NULL, O_MAP },
		{ "map-file", required_argument, NULL, O_MAP_FILE },
		{ "date-format", required_argument, NULL, O_DATES },
		{ "separator", required_argument, NULL, O_SEP },
		{ "rejects", required_argument, NULL, O_REJECTS },
		{ "all-or-nothing", no_argument, NULL, O_ALL },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "skip-duplicates", no_argument, NULL, O_SKIP },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	static struct import_cli ic;	/* the mapping is large */
	struct import_stats st;
	char rejects[4096], spooled[64];
	const char *path;
	FILE *tmp = NULL;
	int rc;

	memset(&ic, 0, sizeof ic);
	ic.cli = cli;
	if ((rc = cli_getopt(cli, &cmd_import_entry, argc, argv, longopts, opt, &ic)) != 0 ||
	    (rc = cli_args(cli, &cmd_import_entry, argc, 1)) != 0)
		return rc;
	path = argv[optind];
	if (ic.o.rejects == NULL && strcmp(path, "-") != 0) {
		import_rejects_path(path, rejects, sizeof rejects);
		ic.o.rejects = rejects;
	}
	if (strcmp(path, "-") == 0) {
		if ((rc = spool_stdin(cli, &tmp, spooled, sizeof spooled)) != 0)
			goto out;
		path = spooled;
	} else if (access(path, R_OK) != 0) {
		rc = kt_error(&cli->err, KT_EFAIL, _("cannot read %s: %s"), path,
		    strerror(errno));
		goto out;
	}
	ic.o.map = &ic.map;
	ic.o.unmapped = unmapped;
	ic.o.rejected = rejected;
	ic.o.candidate = candidate;
	ic.o.progress = progress;
	ic.o.arg = &ic;
	ic.tty = isatty(STDERR_FILENO);
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "problems");
	}
	rc = import_members(cli->st, path, cli->op, &ic.o, &st, &cli->err);
	if (rc != 0)
		goto out;
	if (cli->json)
		json_array_end(&cli->js);
	if (st.rejected > 0)
		cli->status = IMPORT_STATUS_REJECTED;
	if (cli->json) {
		json_int(&cli->js, "rows", st.rows);
		json_int(&cli->js, "imported", st.imported);
		json_int(&cli->js, "rejected", st.rejected);
		json_int(&cli->js, "skipped", st.skipped);
		json_int(&cli->js, "incomplete", st.incomplete);
		json_int(&cli->js, "candidates", st.candidates);
		json_bool(&cli->js, "dry_run", ic.o.dry_run);
		if (st.rejected > 0 && !ic.o.dry_run && ic.o.rejects != NULL)
			json_str(&cli->js, "rejects_file", ic.o.rejects);
		if (st.imported > 0 && !ic.o.dry_run) {
			json_str(&cli->js, "first_member", st.first_member);
			json_str(&cli->js, "last_member", st.last_member);
		}
		json_int(&cli->js, "milliseconds", (long long)(st.seconds * 1000));
		json_object_end(&cli->js);
		json_finish(&cli->js);
		goto out;
	}
	if (ic.o.dry_run) {
		printf(_("%ld rows checked: %ld could be imported, %ld have problems, %ld are"
		    " already members (nothing was kept).\n"), st.rows, st.imported, st.rejected,
		    st.candidates);
		goto out;
	}
	if (st.imported > 0)
		printf(_("%ld members imported: %s to %s, each with a card waiting for its chip"
		    " (kartu encode, kartu print).\n"), st.imported, st.first_member,
		    st.last_member);
	if (st.incomplete > 0)
		printf(_("%ld of them incomplete: to be completed at the next visit (kartu member"
		    " edit).\n"), st.incomplete);
	if (st.skipped > 0)
		printf(_("%ld rows skipped as already members.\n"), st.skipped);
	if (st.rejected > 0 && ic.o.rejects != NULL)
		printf(_("%ld rows rejected, written with their problems to %s: correct them"
		    " there and import that file again.\n"), st.rejected, ic.o.rejects);
	else if (st.rejected > 0)
		printf(_("%ld rows rejected (give --rejects FILE to keep them).\n"), st.rejected);
out:
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	"import", "[--from FORMAT] FILE|- [--map NAME=CATEGORY]... [--map-file FILE]"
	    " [--date-format ORDER] [--separator C] [--rejects FILE] [--all-or-nothing]"
	    " [--dry-run] [--skip-duplicates]",
	N_("Import the members of the library's old system (admin)."),
	N_("Reads the file twice: first every member type, each of which must map to a\n"
	    "category (a type named as a category's code or name maps to it); all\n"
	    "unmapped types are listed and nothing is written.  Then each row is\n"
	    "checked as kartu apply checks a form, except that birth place, birth\n"
	    "date, address and phone may be missing (the member is marked incomplete)\n"
	    "and a landline is kept as the second phone.  Every good row is imported;\n"
	    "every bad one is listed with all its problems and written to the rejects\n"
	    "file, to be corrected and imported again.\n"
	    "kartu's CSV: a header naming the columns, in English or Indonesian:\n"
	    "name/nama, sex/jenis_kelamin, category/kategori (required),\n"
	    "birth_place/tempat_lahir, birth_date/tanggal_lahir, address/alamat,\n"
	    "phone/telepon, phone2/telepon_rumah, email, nik, institution/instansi,\n"
	    "guardian/wali, legacy_no/nomor_lama, registered_on/tanggal_daftar,\n"
	    "expires_on/berlaku_sampai, notes/catatan; dates YYYY-MM-DD, DD-MM-YYYY or\n"
	    "DD/MM/YYYY.\n"
	    "  --from FORMAT     csv (the default), slims, koha or inlislite\n"
	    "  --map NAME=CATEGORY  the old system's member type NAME is CATEGORY\n"
	    "                    (repeatable)\n"
	    "  --map-file FILE   lines NAME = CATEGORY; # starts a comment\n"
	    "  --date-format ORDER  iso, us (MM/DD/YYYY), metric (DD/MM/YYYY) or\n"
	    "                    dmydot (DD.MM.YYYY): the order of the file's dates\n"
	    "  --separator C     the field separator (default: found from the file)\n"
	    "  --rejects FILE    where the rejected rows go (default: beside the\n"
	    "                    file, NAME.ditolak.EXT)\n"
	    "  --all-or-nothing  check every row; if any is bad, import nothing\n"
	    "  --dry-run         check every row and list every problem, keep nothing\n"
	    "  --skip-duplicates  skip the rows that are already members instead of\n"
	    "                    rejecting them\n"
	    "Exit status: 0 every row imported (or skipped), 20 some rows rejected and\n"
	    "the rest imported, 3 --all-or-nothing found a bad row, 2 a file that\n"
	    "cannot be read or member types without a category.\n"),
	CMD_NEEDS_DB, cmd_import_exec,
};
