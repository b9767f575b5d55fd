/*
 * cmd-keygen.c - kartu keygen: make the library's signing key pair.
 */
#include <stdio.h>

#include "operator.h"
#include "cli.h"
#include "keys.h"
#include "rules.h"

static int
cmd_keygen_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	long long opid;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_keygen_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_keygen_entry, argc, 0)) != 0)
		return rc;
	/* The admin manages the keys. */
	if ((rc = operator_require(cli->st, cli->op, "admin", _("make the library's keys"),
	    &opid, &cli->err)) != 0)
		return rc;
	if ((rc = keys_generate(cli->key_dir, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "secret_key", KEYS_SECRET_FILE);
		json_str(&cli->js, "public_key", KEYS_PUBLIC_FILE);
		json_str(&cli->js, "directory", cli->key_dir);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("Key pair made in %s: %s (secret, mode 0600: only on stations that"
		    " issue cards; keep a backup offline) and %s (public: on every station).\n"),
		    cli->key_dir, KEYS_SECRET_FILE, KEYS_PUBLIC_FILE);
	return 0;
}

const struct cmd_entry cmd_keygen_entry = {
	"keygen", "",
	N_("Make the library's key pair, which signs every card (never overwrites one)."),
	N_("The keys go to the directory of keys = in kartu.conf, else the directory\n"
	    "'keys' beside the database.  Only the admin makes them.\n"),
	CMD_NEEDS_DB, cmd_keygen_exec,
};
