/*
 * cmd-issue.c - kartu issue: step 5, the operator assigns the member number
 * and makes the card record.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "memberno.h"
#include "proc.h"

struct issue_opts {
	int encode;
	const char *reader, *timeout, *media;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct issue_opts *o = arg;

	(void)cli;
	if (c == 'e')
		o->encode = 1;
	else if (c == 'r')
		o->reader = val;
	else if (c == 't')
		o->timeout = val;
	else if (c == 'm')
		o->media = val;
	return 0;
}

static int
cmd_issue_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encode", no_argument, NULL, 'e' },
		{ "reader", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "media", required_argument, NULL, 'm' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct issue_opts o = { 0, NULL, NULL, NULL };
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX], media[16] = "";
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_issue_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_issue_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	/* The card's media: the option, else this station's kartu.conf, else
	 * the library's setting (proc_issue). */
	if (o.media == NULL && cli->cfg.card_media[0] != '\0')
		o.media = cli->cfg.card_media;
	if (o.media != NULL)
		snprintf(media, sizeof media, "%s", o.media);
	else if (store_setting(cli->st, "card_media", media, sizeof media, NULL) != 0)
		snprintf(media, sizeof media, "%s", "chip");
	if (o.encode && strcmp(media, "printed") == 0)
		return kt_error_at(&cli->err, KT_EUSAGE, "media", _("a printed card has no"
		    " chip to encode: no --encode"));
	if ((rc = proc_issue(cli->st, id, cli->op, o.media, mno, cno, &cli->err)) != 0)
		return rc;
	if (o.encode) {
		/* The number is given whatever happens to the chip: a failed
		 * encode is finished later with kartu encode. */
		if (!cli->json)
			printf(_("Application %lld issued: member number %s.\n"), id, mno);
		return cli_encode(cli, cno, o.reader, o.timeout);
	}
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld issued: member number %s, card %s.\n"), id, mno, cno);
	if (strcmp(media, "printed") == 0)
		printf(_("Next, print the card (kartu print %s), then hand it over: kartu"
		    " handover %lld --phone NUMBER\n"), cno, id);
	else if (strcmp(media, "chip+printed") == 0)
		printf(_("Next, encode its chip (kartu encode %s) and print it (kartu print %s),"
		    " then hand it over: kartu handover %lld --phone NUMBER\n"), cno, cno, id);
	else
		printf(_("Next, encode its chip (kartu encode %s), then hand it over: kartu"
		    " handover %lld --phone NUMBER\n"), cno, id);
	return 0;
}

const struct cmd_entry cmd_issue_entry = {
	"issue", "APP [--media chip|printed|chip+printed] [--encode [--reader CONN]"
	" [--timeout SECONDS]]",
	N_("Step 5: the operator assigns the member number and records the card."),
	N_("  --media MEDIA    the card's media: chip, printed (a barcode card, active\n"
	    "                   once printed) or chip+printed (both); default: the\n"
	    "                   configuration's card_media, else the library's setting\n"
	    "  --encode         then write the card to the chip tapped (as kartu encode)\n"
	    "  --reader CONN    the libnfc connection string\n"
	    "  --timeout SECS   how long to wait for the card (default 60)\n"),
	CMD_NEEDS_DB, cmd_issue_exec,
};
