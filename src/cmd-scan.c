/*
 * cmd-scan.c - kartu scan: read the barcode of a card's scan or photo and
 * answer for it as the desk check does.
 */
#include <stdio.h>

#include "card.h"
#include "cli.h"
#include "scan.h"

static int
cmd_scan_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct scan_result res[8];
	struct card_verdict v;
	char card_no[CARDNO_MAX];
	int rc, i, k, n, worst = 0;

	if ((rc = cli_getopt(cli, &cmd_scan_entry, argc, argv, longopts, NULL, NULL)) != 0)
		return rc;
	if (optind == argc)
		return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu scan %s"),
		    cmd_scan_entry.usage);
	for (i = optind; i < argc; i++) {
		if ((rc = scan_file(argv[i], res, 8, &n, &cli->err)) != 0) {
			fprintf(stderr, _("kartu: error: %s\n"), cli->err.msg);
			worst = worst != 0 ? worst : rc;
			continue;
		}
		for (k = 0; k < n; k++) {
			if ((rc = scan_normalise(res[k].text, card_no, sizeof card_no,
			    &cli->err)) != 0) {
				fprintf(stderr, _("kartu: %s: a %s barcode of another system: %s\n"),
				    argv[i], res[k].symbology, cli->err.msg);
				worst = worst != 0 ? worst : rc;
				continue;
			}
			if ((rc = card_check_number(cli->st, card_no, &v, &cli->err)) != 0)
				return rc;
			cli_print_verdict(cli, &v, NULL);
			break;	/* the card's barcodes all carry the same number */
		}
	}
	if (worst != 0) {
		cli->err.msg[0] = '\0';
		return kt_error(&cli->err, worst, _("not every file gave a card number"));
	}
	return 0;
}

const struct cmd_entry cmd_scan_entry = {
	"scan", "FILE...",
	N_("Read the barcode of scanned or photographed cards (PNG, JPEG) and check them."),
	N_("Each file's card number is answered as kartu check --number does.\n"),
	CMD_NEEDS_DB, cmd_scan_exec,
};
