/*
 * cmd-print.c - kartu print: render member cards from a layout to PDF or PNG,
 * and read their barcodes back before calling them printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "card.h"
#include "cli.h"
#include "layout.h"
#include "member.h"
#include "printer.h"
#include "printq.h"
#include "barcode.h"

struct print_opts {
	struct cli *cli;
	const char *layout, *out, *out_dir, *format, *offset, *sheet, *printer;
	struct card_print *batch;	/* --sheet: the cards, printed at the end */
	int nbatch, capbatch;
	int today, reprint, queue;
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
	case 'R':
		o->reprint = 1;
		break;
	case 'Q':
		o->queue = 1;
		break;
	case 'S':
		o->sheet = val;
		break;
	case 'P':
		o->printer = val;
		break;
	}
	return 0;
}

/* A private temporary file for a card on its way to the printer. */
static int
temp_pdf(struct cli *cli, const char *card_no, char *path, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/kartu-%s-XXXXXX.pdf", tmp != NULL && tmp[0] != '\0' ? tmp :
	    "/tmp", card_no);
	if ((fd = mkstemps(path, 4)) < 0)
		return kt_error(&cli->err, KT_EFAIL, _("cannot make a temporary file %s: %s"),
		    path, strerror(errno));
	close(fd);
	return 0;
}

/* The print of card_no is verified (its barcodes read back, the file or the
 * job made): a printed card becomes active. */
static int
printed(struct print_opts *o, const char *card_no, int *activated)
{
	return card_printed(o->cli->st, card_no, o->cli->op, activated, &o->cli->err);
}

static void
report(struct print_opts *o, const char *card_no, const char *path, const char *job,
    int codes, int activated)
{
	struct cli *cli = o->cli;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "card_no", card_no);
		if (o->printer != NULL) {
			json_str(&cli->js, "printer", o->printer);
			json_str(&cli->js, "job", job);
		} else
			json_str(&cli->js, "file", path);
		json_int(&cli->js, "barcodes_checked", codes);
		json_bool(&cli->js, "activated", activated);
		json_object_end(&cli->js);
		return;
	} else if (o->printer != NULL)
		printf(_("Card %s sent to printer %s as %s (%d barcode(s) read back).\n"),
		    card_no, o->printer, job[0] != '\0' ? job : "-", codes);
	else
		printf(_("Card %s printed to %s (%d barcode(s) read back).\n"), card_no, path,
		    codes);
	if (activated)
		printf(_("Card %s is active: its print was verified.\n"), card_no);
}

/* A layout by file name, or by name in $KARTU_LAYOUTS, the installed
 * layouts, or ./layouts. */
static int
find_layout(struct cli *cli, const char *name, struct layout **l)
{
	const char *dirs[] = { getenv("KARTU_LAYOUTS"), PKGDATADIR "/layouts", "layouts" };

	return layout_find(dirs, nitems(dirs), name, l, &cli->err);
}

static int print_card(struct print_opts *, const struct card_print *,
    const struct card_fields *);

static int
print_one(const char *number, void *arg)
{
	struct print_opts *o = arg;
	struct cli *cli = o->cli;
	struct card_print p;
	struct card_fields f;
	int rc, codes;

	if ((rc = card_print_fields(cli->st, number, &p, &cli->err)) != 0) {
		card_print_free(&p);
		return rc;
	}
	card_fields_of(&p, &f);
	if (o->sheet != NULL) {		/* checked now, printed with the others */
		struct card_print *nb;

		if ((rc = render_selfcheck(o->l, &f, &codes, &cli->err)) != 0) {
			card_print_free(&p);
			return rc;
		}
		if (o->nbatch == o->capbatch) {
			o->capbatch = o->capbatch == 0 ? 16 : o->capbatch * 2;
			if ((nb = realloc(o->batch, (size_t)o->capbatch * sizeof *nb)) == NULL) {
				card_print_free(&p);
				return kt_error(&cli->err, KT_EFAIL, "out of memory");
			}
			o->batch = nb;
		}
		o->batch[o->nbatch++] = p;	/* the batch owns the photo now */
		return 0;
	}
	rc = print_card(o, &p, &f);
	card_print_free(&p);
	return rc;
}

static int
print_card(struct print_opts *o, const struct card_print *p, const struct card_fields *f)
{
	struct cli *cli = o->cli;
	char path[4096], job[128] = "";
	int rc, codes, activated;

	if (o->printer != NULL) {
		if ((rc = render_selfcheck(o->l, f, &codes, &cli->err)) != 0 ||
		    (rc = temp_pdf(cli, p->card_no, path, sizeof path)) != 0)
			return rc;
		if ((rc = render_card(o->l, f, path, RENDER_PDF, o->dx, o->dy, &cli->err)) == 0)
			rc = printer_send(o->printer, path, p->card_no, job, sizeof job,
			    &cli->err);
		unlink(path);
		if (rc != 0 || (rc = printed(o, p->card_no, &activated)) != 0 ||
		    (rc = member_reprinted(cli->st, p->card_no, &cli->err)) != 0)
			return rc;
		o->printed++;
		report(o, p->card_no, path, job, codes, activated);
		return 0;
	}
	if (o->out != NULL)
		snprintf(path, sizeof path, "%s", o->out);
	else
		snprintf(path, sizeof path, "%s/%s.%s", o->out_dir != NULL ? o->out_dir : ".",
		    p->card_no, o->fmt == RENDER_PNG ? "png" : "pdf");
	/* Read the barcodes back first: a card that does not scan is not printed. */
	if ((rc = render_selfcheck(o->l, f, &codes, &cli->err)) != 0 ||
	    (rc = render_card(o->l, f, path, o->fmt, o->dx, o->dy, &cli->err)) != 0 ||
	    (rc = printed(o, p->card_no, &activated)) != 0 ||
	    (rc = member_reprinted(cli->st, p->card_no, &cli->err)) != 0)
		return rc;
	o->printed++;
	report(o, p->card_no, path, job, codes, activated);
	return 0;
}

/* "-": numbers typed or scanned, one per line, until the end of the input. */
static int
print_stdin(struct print_opts *o)
{
	char line[256], number[64];
	int rc;

	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if ((rc = barcode_digits(line, number, sizeof number, &o->cli->err)) != 0 ||
		    (rc = print_one(number, o)) != 0)
			return rc;
	}
	return 0;
}

static int
print_sheet(struct print_opts *o)
{
	struct cli *cli = o->cli;
	struct card_fields *f;
	char job[128] = "";
	int i, rc, activated, nactive = 0;

	if ((f = calloc((size_t)o->nbatch, sizeof *f)) == NULL)
		return kt_error(&cli->err, KT_EFAIL, "out of memory");
	for (i = 0; i < o->nbatch; i++)
		card_fields_of(&o->batch[i], &f[i]);
	rc = render_sheet(o->l, f, o->nbatch, o->sheet, o->dx, o->dy, &cli->err);
	free(f);
	if (rc == 0 && o->printer != NULL)
		rc = printer_send(o->printer, o->sheet, o->sheet, job, sizeof job, &cli->err);
	/* The cards are printed: a printed card becomes active, and the
	 * cards show the register again: their reprint marks go. */
	for (i = 0; rc == 0 && i < o->nbatch; i++)
		if ((rc = printed(o, o->batch[i].card_no, &activated)) == 0 &&
		    (rc = member_reprinted(cli->st, o->batch[i].card_no, &cli->err)) == 0)
			nactive += activated;
	if (rc != 0)
		return rc;
	o->printed = o->nbatch;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "sheet", o->sheet);
		json_int(&cli->js, "cards", o->nbatch);
		json_int(&cli->js, "pages", (o->nbatch + 9) / 10);
		json_int(&cli->js, "activated", nactive);
		if (o->printer != NULL) {
			json_str(&cli->js, "printer", o->printer);
			json_str(&cli->js, "job", job);
		}
		json_object_end(&cli->js);
	} else {
		printf(_("%d card(s) printed on %d A4 sheet(s) in %s, barcodes read back.\n"),
		    o->nbatch, (o->nbatch + 9) / 10, o->sheet);
		if (o->printer != NULL)
			printf(_("Sent to printer %s as %s.\n"), o->printer,
			    job[0] != '\0' ? job : "-");
		if (nactive > 0)
			printf(_("%d printed card(s) active: their print was verified.\n"), nactive);
	}
	return 0;
}

/* The queue's card numbers, copied (printq_list's strings live only in its
 * callback). */
struct queued {
	char **v;
	int n, cap;
};

static int
queue_add(const struct printq_item *it, void *arg)
{
	struct queued *q = arg;
	char **nv;

	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 16 : q->cap * 2;
		if ((nv = realloc(q->v, (size_t)q->cap * sizeof *nv)) == NULL)
			return KT_EFAIL;
		q->v = nv;
	}
	if ((q->v[q->n] = strdup(it->card_no)) == NULL)
		return KT_EFAIL;
	q->n++;
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
		{ "reprint", no_argument, NULL, 'R' },
		{ "queue", no_argument, NULL, 'Q' },
		{ "sheet", required_argument, NULL, 'S' },
		{ "printer", required_argument, NULL, 'P' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct print_opts o;
	struct stat sb;
	struct kt_date d;
	char date[11], *end;
	int rc, i, n;

	memset(&o, 0, sizeof o);
	o.cli = cli;
	if ((rc = cli_getopt(cli, &cmd_print_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	n = argc - optind;
	if ((n > 0) + o.today + o.reprint + o.queue != 1)
		return kt_error(&cli->err, KT_EUSAGE, _("give card or member numbers, --today,"
		    " --reprint or --queue"));
	if (o.sheet != NULL && (o.out != NULL || o.out_dir != NULL || o.format != NULL))
		return kt_error(&cli->err, KT_EUSAGE, _("--sheet makes one PDF: no --out,"
		    " --out-dir or --format with it"));
	/* The station's printer (kartu.conf) when no file is asked for. */
	if (o.printer == NULL && cli->cfg.printer[0] != '\0' && o.out == NULL &&
	    o.out_dir == NULL && o.sheet == NULL && o.format == NULL)
		o.printer = cli->cfg.printer;
	if (o.printer != NULL && (o.out != NULL || o.out_dir != NULL ||
	    (o.format != NULL && strcmp(o.format, "pdf") != 0)))
		return kt_error(&cli->err, KT_EUSAGE, _("--printer sends PDF to the printer: no"
		    " --out, --out-dir or --format png with it"));
	if (o.out != NULL && (n > 1 || o.today || o.reprint || o.queue))
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
	if (o.out_dir != NULL && (stat(o.out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return kt_error(&cli->err, KT_EUSAGE, _("--out-dir %s is not a directory"),
		    o.out_dir);
	if ((rc = find_layout(cli, o.layout != NULL ? o.layout :
	    cli->cfg.layout[0] != '\0' ? cli->cfg.layout : "cr80-front", &o.l)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "printed");
	}
	if (o.today) {
		store_today(cli->st, &d);
		date_format(&d, date, sizeof date);
		rc = card_made_on(cli->st, date, print_one, &o, &cli->err);
	} else if (o.queue) {
		struct queued q = { NULL, 0, 0 };

		/* Read whole first: printing a card takes it out of the queue. */
		if ((rc = printq_list(cli->st, queue_add, &q, &cli->err)) == KT_EFAIL &&
		    cli->err.msg[0] == '\0')
			kt_error(&cli->err, KT_EFAIL, _("out of memory"));
		if (rc == 0)
			for (i = 0; i < q.n && rc == 0; i++)
				rc = print_one(q.v[i], &o);
		for (i = 0; i < q.n; i++)
			free(q.v[i]);
		free(q.v);
	} else if (o.reprint) {
		char **cards;

		/* Read whole first: printing a card clears its mark. */
		if ((rc = member_reprints(cli->st, &cards, &cli->err)) == 0) {
			for (i = 0; cards[i] != NULL && rc == 0; i++)
				rc = print_one(cards[i], &o);
			member_reprints_free(cards);
		}
	} else
		for (i = optind, rc = 0; i < argc && rc == 0; i++)
			rc = strcmp(argv[i], "-") == 0 ? print_stdin(&o) : print_one(argv[i], &o);
	if (rc == 0 && o.sheet != NULL && o.nbatch > 0)
		rc = print_sheet(&o);
	for (i = 0; i < o.nbatch; i++)
		card_print_free(&o.batch[i]);
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
	"print", "NUMBER... | --today | --reprint | --queue [--layout NAME] [--out FILE | --out-dir DIR |"
	" --sheet FILE] [--printer QUEUE] [--format pdf|png] [--offset DX,DY]",
	N_("Render member cards to PDF or PNG (300 dpi); their barcodes are read back first."),
	N_("  NUMBER           a card number, or a member number (its newest card);\n"
	    "                   - reads numbers typed or scanned, one per line\n"
	    "  --today          every card made today\n"
	    "  --reprint        every card marked to be printed again (a corrected name\n"
	    "                   or category: kartu member edit)\n"
	    "  --queue          every card waiting to be printed: printed cards whose\n"
	    "                   print was never verified, and the --reprint ones\n"
	    "  --layout NAME    cr80-front (default, or the configuration's layout),\n"
	    "                   cr80-front-photo, cr80-back, or a layout file\n"
	    "  --out FILE       the file for one card (.pdf or .png)\n"
	    "  --out-dir DIR    where CARD.pdf files go (default: here)\n"
	    "  --sheet FILE     all the cards on A4 sheets (10 a page, cut marks), one PDF\n"
	    "  --printer QUEUE  send the cards (or the --sheet) to a CUPS printer\n"
	    "  --offset DX,DY   the printer's calibration, in millimetres\n"),
	CMD_NEEDS_DB, cmd_print_exec,
};
