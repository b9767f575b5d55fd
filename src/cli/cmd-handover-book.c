/*
 * cmd-handover-book.c - kartu handover-book: the day's handovers as PDF pages
 * for the paper handover book.
 */
#include <stdio.h>

#include "operator.h"
#include "book.h"
#include "cli.h"
#include "label.h"
#include "rules.h"
#include "valid.h"

struct book_opts {
	const char *date, *out;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct book_opts *o = arg;

	(void)cli;
	if (c == 'd')
		o->date = val;
	else if (c == 'o')
		o->out = val;
	return 0;
}

static int
json_entry(const struct book_entry *b, void *arg)
{
	struct json *js = arg;

	json_object_begin(js, NULL);
	json_int(js, "no", b->no);
	json_str(js, "time", b->time);
	json_str(js, "signed_name", b->signed_name);
	json_str(js, "member_no", b->member_no);
	json_str(js, "card_no", b->card_no);
	json_str(js, "phone", b->phone_masked);
	json_bool(js, "phone_verified", 1);
	json_str(js, "verified_via", b->via);
	json_bool(js, "phone_changed", b->phone_changed);
	json_str(js, "officer", b->officer);
	json_object_end(js);
	return 0;
}

static int
cmd_handover_book_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct book_opts o = { NULL, NULL };
	struct kt_date d;
	char day[11], path[4096], shown[16];
	long long opid;
	int rc, n;

	if ((rc = cli_getopt(cli, &cmd_handover_book_entry, argc, argv, longopts, opt,
	    &o)) != 0 || (rc = cli_args(cli, &cmd_handover_book_entry, argc, 0)) != 0)
		return rc;
	if ((rc = operator_require(cli->st, cli->op, "officer|admin",
	    _("print the handover book"), &opid, &cli->err)) != 0)
		return rc;
	if (o.date == NULL) {
		store_today(cli->st, &d);
		date_format(&d, day, sizeof day);
	} else {
		if ((rc = valid_date(o.date, &d, &cli->err)) != 0)
			return rc;
		date_format(&d, day, sizeof day);
	}
	if (o.out == NULL)
		snprintf(path, sizeof path, "handover-book-%s.pdf", day);
	else
		snprintf(path, sizeof path, "%s", o.out);
	if ((rc = book_render(cli->st, day, path, &n, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "date", day);
		json_str(&cli->js, "file", path);
		json_array_begin(&cli->js, "handovers");
		if ((rc = book_entries(cli->st, day, json_entry, &cli->js, &cli->err)) != 0)
			return rc;
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else {
		label_date(day, shown, sizeof shown);
		printf(_("The handover book of %s (%d handovers) is in %s.\n"), shown, n, path);
	}
	return 0;
}

const struct cmd_entry cmd_handover_book_entry = {
	"handover-book", "[--date YYYY-MM-DD] [--out FILE]",
	N_("The day's handovers as PDF pages for the paper handover book, to sign."),
	N_("  --date D       the day (WIB; default today)\n"
	    "  --out FILE     the PDF (default handover-book-DATE.pdf)\n"),
	CMD_NEEDS_DB, cmd_handover_book_exec,
};
