/*
 * cmd-check.c - kartu check: step 3, the officer checks the requirements and
 * decides on the already-a-member candidates.
 */
#include <stdio.h>

#include "cli.h"
#include "proc.h"

struct check_opts {
	const char *decision;
	int count;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct check_opts *o = arg;

	(void)cli;
	o->count++;
	o->decision = c == 'n' ? "new" : val;
	return 0;
}

static int
cmd_check_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "not-duplicate", no_argument, NULL, 'n' },
		{ "duplicate-of", required_argument, NULL, 'd' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct check_opts o = { NULL, 0 };
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_check_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_check_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if (o.count > 1)
		return kt_error(&cli->err, KT_EUSAGE,
		    _("give one of --not-duplicate and --duplicate-of"));
	if ((rc = proc_check(cli->st, id, cli->op, o.decision, &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	if (o.decision != NULL && o.decision[0] != 'n')
		printf(_("Application %lld closed: the applicant is already member %s.\n"), id,
		    o.decision);
	else
		printf(_("Application %lld checked. Next: kartu validate %lld\n"), id, id);
	return 0;
}

const struct cmd_entry cmd_check_entry = {
	"check", "APP [--not-duplicate | --duplicate-of MEMBER]",
	N_("Step 3: the officer checks the requirements and the already-a-member candidates."),
	N_("  --not-duplicate      the candidates shown are other people\n"
	    "  --duplicate-of NO    the applicant is already this member: close the application\n"),
	CMD_NEEDS_DB, cmd_check_exec,
};
