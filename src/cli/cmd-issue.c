/*
 * cmd-issue.c - kartu issue: step 5, the operator assigns the member number
 * and makes the card record.
 */
#include <stdio.h>

#include "cli.h"
#include "memberno.h"
#include "proc.h"

struct issue_opts {
	int encode;
	const char *reader, *timeout;
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
	return 0;
}

static int
cmd_issue_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encode", no_argument, NULL, 'e' },
		{ "reader", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct issue_opts o = { 0, NULL, NULL };
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX];
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_issue_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_issue_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((rc = proc_issue(cli->st, id, cli->op, mno, cno, &cli->err)) != 0)
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
	printf(_("Application %lld issued: member number %s, card %s.\n"
	    "Next, when the applicant collects the card: kartu handover %lld --phone NUMBER\n"),
	    id, mno, cno, id);
	return 0;
}

const struct cmd_entry cmd_issue_entry = {
	"issue", "APP [--encode [--reader CONN] [--timeout SECONDS]]",
	N_("Step 5: the operator assigns the member number and records the card."),
	N_("  --encode         then write the card to the chip tapped (as kartu encode)\n"
	    "  --reader CONN    the libnfc connection string\n"
	    "  --timeout SECS   how long to wait for the card (default 60)\n"),
	CMD_NEEDS_DB, cmd_issue_exec,
};
