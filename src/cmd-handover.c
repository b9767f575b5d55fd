/*
 * cmd-handover.c - kartu handover: step 6, the applicant's phone is checked
 * and the handover book signed.
 */
#include <stdio.h>

#include "cli.h"
#include "proc.h"

struct handover_opts {
	const char *phone, *signed_name;
	int new_phone;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct handover_opts *o = arg;

	(void)cli;
	if (c == 'p')
		o->phone = val;
	else if (c == 's')
		o->signed_name = val;
	else if (c == 'n')
		o->new_phone = 1;
	return 0;
}

static int
cmd_handover_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "phone", required_argument, NULL, 'p' },
		{ "new-phone", no_argument, NULL, 'n' },
		{ "signed-name", required_argument, NULL, 's' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct handover_opts o = { NULL, NULL, 0 };
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_handover_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_handover_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((rc = proc_handover(cli->st, id, cli->op, o.phone, o.new_phone, o.signed_name,
	    &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld: card handed over, phone verified, book signed.\n"), id);
	return 0;
}

const struct cmd_entry cmd_handover_entry = {
	"handover", "APP --phone NUMBER [--new-phone] [--signed-name NAME]",
	N_("Step 6: check the applicant's mobile number and record the signed handover."),
	N_("  --phone NUMBER      the number on the applicant's phone; it must match the form\n"
	    "  --new-phone         the applicant has a new number: record it instead\n"
	    "  --signed-name NAME  the name as signed in the handover book\n"),
	CMD_NEEDS_DB, cmd_handover_exec,
};
