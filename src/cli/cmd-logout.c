/*
 * cmd-logout.c - kartu logout: end the station's session.
 */
#include <stdio.h>

#include "cli.h"
#include "session.h"

static int
cmd_logout_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	char name[65];
	int rc;

	if ((rc = cli_getopt(cli, &cmd_logout_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_logout_entry, argc, 0)) != 0)
		return rc;
	if ((rc = session_logout(cli->st, name, sizeof name, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "operator", name);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("%s is logged out.\n"), name);
	return 0;
}

const struct cmd_entry cmd_logout_entry = {
	"logout", "",
	N_("End the session at this station."),
	"",
	CMD_NEEDS_DB, cmd_logout_exec,
};
