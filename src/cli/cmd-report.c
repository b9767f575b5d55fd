/*
 * cmd-report.c - kartu report daily|monthly: the figures for the head of the
 * office as CSV (stdout or --out) or as a PDF with charts.
 */
#include <stdio.h>
#include <string.h>

#include "label.h"
#include "operator.h"
#include "cli.h"
#include "report.h"
#include "rules.h"
#include "valid.h"

struct report_opts {
	const char *date, *format, *out;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct report_opts *o = arg;

	(void)cli;
	if (c == 'd')
		o->date = val;
	else if (c == 'f')
		o->format = val;
	else if (c == 'o')
		o->out = val;
	return 0;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int
write_csv(struct cli *cli, const struct report *r, const char *path)
{
	FILE *f = stdout;
	size_t i;

	if (path != NULL && (f = fopen(path, "w")) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("cannot write %s"), path);
	fprintf(f, "report,first,last,section,item,count\n");
	for (i = 0; i < r->nrows; i++) {
		fprintf(f, "%s,%s,%s,%s,", r->kind, r->first, r->last,
		    report_section_key(r->rows[i].section));
		csv_field(f, r->rows[i].item);
		fprintf(f, ",%lld\n", r->rows[i].count);
	}
	if (path != NULL && fclose(f) != 0)
		return kt_error(&cli->err, KT_EFAIL, _("cannot write %s"), path);
	return 0;
}

static int
cmd_report_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { NULL, "csv", NULL };
	struct report r;
	struct kt_date d;
	char day[11], path[4096], first[16], last[16];
	long long opid;
	size_t i;
	int rc, pdf;

	if ((rc = cli_getopt(cli, &cmd_report_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_report_entry, argc, 1)) != 0)
		return rc;
	if (strcmp(o.format, "csv") != 0 && strcmp(o.format, "pdf") != 0)
		return kt_error(&cli->err, KT_EUSAGE, _("the format is csv or pdf"));
	pdf = strcmp(o.format, "pdf") == 0;
	if ((rc = operator_require(cli->st, cli->op, "officer|admin", _("read the reports"),
	    &opid, &cli->err)) != 0)
		return rc;
	if (o.date == NULL) {
		store_today(cli->st, &d);
		date_format(&d, day, sizeof day);
		o.date = day;
	}
	if ((rc = report_make(cli->st, argv[optind], o.date, &r, &cli->err)) != 0)
		return rc;
	if (pdf) {
		if (o.out == NULL)
			snprintf(path, sizeof path, "report-%s-%s.pdf", r.kind, r.first);
		else
			snprintf(path, sizeof path, "%s", o.out);
		rc = report_pdf(&r, path, &cli->err);
	} else if (!cli->json)
		rc = write_csv(cli, &r, o.out);
	if (rc == 0 && cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "report", r.kind);
		json_str(&cli->js, "first", r.first);
		json_str(&cli->js, "last", r.last);
		if (pdf)
			json_str(&cli->js, "file", path);
		json_array_begin(&cli->js, "rows");
		for (i = 0; i < r.nrows; i++) {
			json_object_begin(&cli->js, NULL);
			json_str(&cli->js, "section", report_section_key(r.rows[i].section));
			json_str(&cli->js, "item", r.rows[i].item);
			json_int(&cli->js, "count", r.rows[i].count);
			json_object_end(&cli->js);
		}
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (rc == 0 && pdf) {
		label_date(r.first, first, sizeof first);
		label_date(r.last, last, sizeof last);
		printf(_("The %s report for %s to %s is in %s.\n"), label(LABEL_REPORT, r.kind),
		    first, last, path);
	}
	report_free(&r);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	"report", "daily|monthly [--date YYYY-MM-DD] [--format csv|pdf] [--out FILE]",
	N_("Reports for the head of the office: issued, replaced, refused, on time, complaints."),
	N_("  --date D       a day of the period (WIB; default today)\n"
	    "  --format F     csv (default; to standard output or --out) or pdf (charts)\n"
	    "  --out FILE     where to write (pdf default: report-KIND-FIRSTDAY.pdf)\n"),
	CMD_NEEDS_DB, cmd_report_exec,
};
