/*
 * cmd-encode.c - kartu encode: writing a member's card on the NFC chip tapped
 * (also for kartu issue --encode and kartu replace --encode).
 */
#include <stdio.h>
#include <stdlib.h>

#include "card.h"
#include "cli.h"
#include "tag.h"

static const struct option tap_longopts[] = {
	CLI_TAP_OPTS,
	CLI_COMMON_OPTS,
	{ NULL, 0, NULL, 0 },
};

int
cli_encode(struct cli *cli, const char *number, const char *reader, const char *timeout)
{
	struct tap_opts o = { reader, timeout };
	struct keys k;
	struct tag t;
	struct kt_err why = { 0 };
	char card_no[CARDNO_MAX], uid[24];
	size_t i;
	int rc, ready;

	/* A printed card has no chip: say so before anyone taps one. */
	if ((rc = card_encodable(cli->st, number, &cli->err)) != 0)
		return rc;
	if ((rc = keys_load(cli->key_dir, 1, &k, &cli->err)) != 0)
		return rc;
	if ((rc = cli_tap(cli, o.reader, o.timeout,
	    _("Tap the new card on the reader and hold it there..."), &t)) != 0)
		goto out;
	if ((rc = card_encode(cli->st, &k, cli->reader, &t, number, cli->op, card_no,
	    cli->origin_key, &cli->err)) != 0)
		goto out;
	for (i = 0; i < t.uidlen; i++)
		snprintf(uid + 2 * i, 3, "%02X", t.uid[i]);
	/* A chip+printed card waits for its print still. */
	ready = card_ready(cli->st, card_no, &why) == 0;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "card_no", card_no);
		json_str(&cli->js, "chip", tag_kind_name(t.kind));
		json_str(&cli->js, "uid", uid);
		json_str(&cli->js, "status", ready ? "active" : "encoded");
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else {
		printf(_("Card %s written to the %s chip %s, read back and protected.\n"),
		    card_no, tag_kind_name(t.kind), uid);
		if (!ready)
			printf(_("It is active once printed too: kartu print %s\n"), card_no);
	}
out:
	keys_wipe(&k);
	return rc;
}

static int
cmd_encode_exec(struct cli *cli, int argc, char **argv)
{
	struct tap_opts o = { NULL, NULL };
	char number[CARDNO_MAX];
	int rc;

	if ((rc = cli_getopt(cli, &cmd_encode_entry, argc, argv, tap_longopts, cli_tap_opt,
	    &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_encode_entry, argc, 1)) != 0 ||
	    (rc = cli_number(cli, argv[optind], number, sizeof number)) != 0)
		return rc;
	return cli_encode(cli, number, o.reader, o.timeout);
}

const struct cmd_entry cmd_encode_entry = {
	"encode", "NUMBER [--reader CONN] [--timeout SECONDS]",
	N_("Step 5: write a member's card to the NFC chip tapped, read it back, protect it."),
	N_("  NUMBER           a card number, or a member number (its card not yet encoded)\n"
	    "  --reader CONN    the libnfc connection string (default: $KARTU_READER, else\n"
	    "                   libnfc's default, e.g. LIBNFC_DEFAULT_DEVICE)\n"
	    "  --timeout SECS   how long to wait for the card (default 60)\n"),
	CMD_NEEDS_DB, cmd_encode_exec,
};
