/*
 * cmd-login.c - kartu login: an operator with a PIN starts the station's
 * session; commands without --as then act as that operator.
 */
#include <stdio.h>

#include <sodium.h>

#include "cli.h"
#include "session.h"

static int
cmd_login_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	char pin[64];
	int rc;

	if ((rc = cli_getopt(cli, &cmd_login_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_login_entry, argc, 1)) != 0)
		return rc;
	if ((rc = cli_read_pin(cli, pin, sizeof pin)) != 0)
		return rc;
	rc = session_login(cli->st, argv[optind], pin, &cli->err);
	sodium_memzero(pin, sizeof pin);
	if (rc != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "operator", argv[optind]);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("%s is logged in at this station until kartu logout (or a pause"
		    " longer than the setting session_minutes).\n"), argv[optind]);
	return 0;
}

const struct cmd_entry cmd_login_entry = {
	"login", "NAME",
	N_("Log in at this station with your PIN (read from standard input)."),
	"",
	CMD_NEEDS_DB, cmd_login_exec,
};
