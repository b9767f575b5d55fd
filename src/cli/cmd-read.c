/*
 * cmd-read.c - kartu read: what is on the card tapped (chip, UID, card number,
 * signature) and what the register says of it.
 */
#include <stdio.h>

#include "card.h"
#include "cli.h"
#include "tag.h"

static const struct option tap_longopts[] = {
	CLI_TAP_OPTS,
	CLI_COMMON_OPTS,
	{ NULL, 0, NULL, 0 },
};

static int
cmd_read_exec(struct cli *cli, int argc, char **argv)
{
	struct tap_opts o = { NULL, NULL };
	struct card_verdict v;
	struct keys k;
	struct tag t;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_read_entry, argc, argv, tap_longopts, cli_tap_opt,
	    &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_read_entry, argc, 0)) != 0)
		return rc;
	if ((rc = keys_load(cli->key_dir, 0, &k, &cli->err)) != 0)
		return rc;
	if ((rc = cli_tap(cli, o.reader, o.timeout, _("Tap the card on the reader..."), &t))
	    != 0 ||
	    (rc = card_check_tag(cli->st, &k, cli->reader, &t, cli->origin_key, &v,
	    &cli->err)) != 0)
		return rc;
	cli_print_verdict(cli, &v, tag_kind_name(t.kind));
	return 0;
}

const struct cmd_entry cmd_read_entry = {
	"read", "[--reader CONN] [--timeout SECONDS]",
	N_("Show what is on a card: chip, UID, card number, signature, status."),
	N_("  --reader CONN    the libnfc connection string\n"
	    "  --timeout SECS   how long to wait for the card (default 60)\n"),
	CMD_NEEDS_DB, cmd_read_exec,
};
