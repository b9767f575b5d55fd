/*
 * cmd-issue.c - kartu issue: step 5, the operator assigns the member number
 * and makes the card record.
 */
#include <stdio.h>

#include "cli.h"
#include "memberno.h"
#include "proc.h"

static int
cmd_issue_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX];
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_issue_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_issue_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((rc = proc_issue(cli->st, id, cli->op, mno, cno, &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld issued: member number %s, card %s.\n"
	    "Next, when the applicant collects the card: kartu handover %lld --phone NUMBER\n"),
	    id, mno, cno, id);
	return 0;
}

const struct cmd_entry cmd_issue_entry = {
	"issue", "APP",
	N_("Step 5: the operator assigns the member number and records the card."),
	"",
	CMD_NEEDS_DB, cmd_issue_exec,
};
