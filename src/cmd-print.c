/*
 * cmd-print.c - kartu print: render member cards from a layout to PDF or PNG,
 * and read their barcodes back before calling them printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "cli.h"
#include "layout.h"

struct print_opts {
	struct cli *cli;
	const char *layout, *out, *out_dir, *format, *offset, *sheet;
	struct card_print *batch;	/* --sheet: the cards, printed at the end */
	int nbatch, capbatch;
	int today;
	double dx, dy;
	enum render_format fmt;
	struct layout *l;
	int printed;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct print_opts *o = arg;

	(void)cli;
	switch (c) {
	case 'l':
		o->layout = val;
		break;
	case 'o':
		o->out = val;
		break;
	case 'O':
		o->out_dir = val;
		break;
	case 'f':
		o->format = val;
		break;
	case 'x':
		o->offset = val;
		break;
	case 'T':
		o->today = 1;
		break;
	case 'S':
		o->sheet = val;
		break;
	}
	return 0;
}

static void
fields_of(const struct card_print *p, struct card_fields *f)
{
	f->name = p->name;
	f->member_no = p->member_no;
	f->card_no = p->card_no;
	f->card_display = p->display;
	f->category = p->category;
	f->category_name = p->category_name;
	f->expires = p->expires;
	f->library_name = p->library_name;
	f->library_address = p->library_address;
}

/* A layout by file name, or by name in $KARTU_LAYOUTS, the installed
 * layouts, or ./layouts. */
static int
find_layout(struct cli *cli, const char *name, struct layout **l)
{
	const char *dirs[3] = { getenv("KARTU_LAYOUTS"), PKGDATADIR "/layouts", "layouts" };
	char path[4096];
	size_t i;
	int rc;

	if (strchr(name, '/') != NULL)
		return layout_load(name, l, &cli->err);
	for (i = 0; i < nitems(dirs); i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		snprintf(path, sizeof path, "%s/%s.layout", dirs[i], name);
		if ((rc = layout_load(path, l, &cli->err)) != KT_ENOTFOUND)
			return rc;
	}
	return kt_error(&cli->err, KT_ENOTFOUND, _("no layout named %s"), name);
}

static int
print_one(const char *number, void *arg)
{
	struct print_opts *o = arg;
	struct cli *cli = o->cli;
	struct card_print p;
	struct card_fields f;
	char path[4096];
	int rc, codes;

	if ((rc = card_print_fields(cli->st, number, &p, &cli->err)) != 0)
		return rc;
	fields_of(&p, &f);
	if (o->sheet != NULL) {		/* checked now, printed with the others */
		struct card_print *nb;

		if ((rc = render_selfcheck(o->l, &f, &codes, &cli->err)) != 0)
			return rc;
		if (o->nbatch == o->capbatch) {
			o->capbatch = o->capbatch == 0 ? 16 : o->capbatch * 2;
			if ((nb = realloc(o->batch, (size_t)o->capbatch * sizeof *nb)) == NULL)
				return kt_error(&cli->err, KT_EFAIL, "out of memory");
			o->batch = nb;
		}
		o->batch[o->nbatch++] = p;
		return 0;
	}
	if (o->out != NULL)
		snprintf(path, sizeof path, "%s", o->out);
	else
		snprintf(path, sizeof path, "%s/%s.%s", o->out_dir != NULL ? o->out_dir : ".",
		    p.card_no, o->fmt == RENDER_PNG ? "png" : "pdf");
	/* Read the barcodes back first: a card that does not scan is not printed. */
	if ((rc = render_selfcheck(o->l, &f, &codes, &cli->err)) != 0 ||
	    (rc = render_card(o->l, &f, path, o->fmt, o->dx, o->dy, &cli->err)) != 0)
		return rc;
	o->printed++;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "card_no", p.card_no);
		json_str(&cli->js, "file", path);
		json_int(&cli->js, "barcodes_checked", codes);
		json_object_end(&cli->js);
	} else
		printf(_("Card %s printed to %s (%d barcode(s) read back).\n"), p.card_no, path,
		    codes);
	return 0;
}

static int
print_sheet(struct print_opts *o)
{
	struct cli *cli = o->cli;
	struct card_fields *f;
	int i, rc;

	if ((f = calloc((size_t)o->nbatch, sizeof *f)) == NULL)
		return kt_error(&cli->err, KT_EFAIL, "out of memory");
	for (i = 0; i < o->nbatch; i++)
		fields_of(&o->batch[i], &f[i]);
	rc = render_sheet(o->l, f, o->nbatch, o->sheet, o->dx, o->dy, &cli->err);
	free(f);
	if (rc != 0)
		return rc;
	o->printed = o->nbatch;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "sheet", o->sheet);
		json_int(&cli->js, "cards", o->nbatch);
		json_int(&cli->js, "pages", (o->nbatch + 9) / 10);
		json_object_end(&cli->js);
	} else
		printf(_("%d card(s) printed on %d A4 sheet(s) in %s, barcodes read back.\n"),
		    o->nbatch, (o->nbatch + 9) / 10, o->sheet);
	return 0;
}

static int
cmd_print_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "out-dir", required_argument, NULL, 'O' },
		{ "format", required_argument, NULL, 'f' },
		{ "offset", required_argument, NULL, 'x' },
		{ "today", no_argument, NULL, 'T' },
		{ "sheet", required_argument, NULL, 'S' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct print_opts o;
	struct kt_date d;
	char date[11], *end;
	int rc, i, n;

	memset(&o, 0, sizeof o);
	o.cli = cli;
	if ((rc = cli_getopt(cli, &cmd_print_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	n = argc - optind;
	if ((n == 0) == !o.today)
		return kt_error(&cli->err, KT_EUSAGE, _("give card or member numbers, or --today"));
	if (o.sheet != NULL && (o.out != NULL || o.out_dir != NULL || o.format != NULL))
		return kt_error(&cli->err, KT_EUSAGE, _("--sheet makes one PDF: no --out,"
		    " --out-dir or --format with it"));
	if (o.out != NULL && (n > 1 || o.today))
		return kt_error(&cli->err, KT_EUSAGE, _("--out names one file: use --out-dir"
		    " for several cards"));
	if (o.format == NULL)
		o.fmt = o.out != NULL && strlen(o.out) > 4 &&
		    strcmp(o.out + strlen(o.out) - 4, ".png") == 0 ? RENDER_PNG : RENDER_PDF;
	else if (strcmp(o.format, "pdf") == 0 || strcmp(o.format, "png") == 0)
		o.fmt = o.format[1] == 'n' ? RENDER_PNG : RENDER_PDF;
	else
		return kt_error(&cli->err, KT_EUSAGE, _("--format is pdf or png"));
	if (o.offset != NULL) {
		errno = 0;
		o.dx = strtod(o.offset, &end);
		if (errno != 0 || *end != ',' || o.dx < -10 || o.dx > 10)
			goto bad_offset;
		o.dy = strtod(end + 1, &end);
		if (errno != 0 || *end != '\0' || o.dy < -10 || o.dy > 10)
			goto bad_offset;
	}
	if ((rc = find_layout(cli, o.layout != NULL ? o.layout : "cr80-front", &o.l)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "printed");
	}
	if (o.today) {
		store_today(cli->st, &d);
		date_format(&d, date, sizeof date);
		rc = card_made_on(cli->st, date, print_one, &o, &cli->err);
	} else
		for (i = optind, rc = 0; i < argc && rc == 0; i++)
			rc = print_one(argv[i], &o);
	if (rc == 0 && o.sheet != NULL && o.nbatch > 0)
		rc = print_sheet(&o);
	free(o.batch);
	if (cli->json && rc == 0) {
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	if (rc == 0 && o.printed == 0 && !cli->json)
		printf("%s\n", _("No cards to print."));
	layout_free(o.l);
	return rc;
bad_offset:
	return kt_error(&cli->err, KT_EUSAGE, _("--offset is DX,DY in millimetres (-10 to 10)"));
}

const struct cmd_entry cmd_print_entry = {
	"print", "NUMBER... | --today [--layout NAME] [--out FILE | --out-dir DIR |"
	" --sheet FILE] [--format pdf|png] [--offset DX,DY]",
	N_("Render member cards to PDF or PNG (300 dpi); their barcodes are read back first."),
	N_("  NUMBER           a card number, or a member number (its newest card)\n"
	    "  --today          every card made today\n"
	    "  --layout NAME    cr80-front (default), cr80-back, or a layout file\n"
	    "  --out FILE       the file for one card (.pdf or .png)\n"
	    "  --out-dir DIR    where CARD.pdf files go (default: here)\n"
	    "  --sheet FILE     all the cards on A4 sheets (10 a page, cut marks), one PDF\n"
	    "  --offset DX,DY   the printer's calibration, in millimetres\n"),
	CMD_NEEDS_DB, cmd_print_exec,
};
