/*
 * cmd-reject.c - kartu reject: close an application before issue, with the
 * reason.
 */
#include <stdio.h>

#include "cli.h"
#include "proc.h"

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	(void)cli;
	if (c == 'r')
		*(const char **)arg = val;
	return 0;
}

static int
cmd_reject_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_reject_entry, argc, argv, longopts, opt, &reason)) != 0 ||
	    (rc = cli_args(cli, &cmd_reject_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((rc = proc_reject(cli->st, id, cli->op, reason, &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld rejected.\n"), id);
	return 0;
}

const struct cmd_entry cmd_reject_entry = {
	"reject", "APP --reason TEXT",
	N_("Close an application before its card is issued, saying why."),
	N_("  --reason TEXT   why (recorded in the application's history)\n"),
	CMD_NEEDS_DB, cmd_reject_exec,
};
