/*
 * cmd-validate.c - kartu validate: step 4, the officer's initial.
 */
#include <stdio.h>

#include "cli.h"
#include "proc.h"

static int
cmd_validate_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_validate_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_validate_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((rc = proc_validate(cli->st, id, cli->op, &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld validated. Next: kartu issue %lld\n"), id, id);
	return 0;
}

const struct cmd_entry cmd_validate_entry = {
	"validate", "APP",
	N_("Step 4: the officer initials (validates) the checked application."),
	"",
	CMD_NEEDS_DB, cmd_validate_exec,
};
