/*
 * cmd-check.c - kartu check APP: step 3, the officer checks the requirements
 * and decides on the already-a-member candidates.  Without an application it
 * was the desk check, now kartu desk (cmd-desk.c); that form still works for
 * one release, with a note.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "proc.h"

struct check_opts {
	const char *decision;
	int decisions;
	int desk_form;		/* a desk option was given */
	struct desk_opts desk;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct check_opts *o = arg;

	(void)cli;
	switch (c) {
	case 'n':
	case 'd':
		o->decisions++;
		o->decision = c == 'n' ? "new" : val;
		break;
	case '1':
		o->desk.once = 1;
		break;
	case 'N':
		o->desk.number = val;
		break;
	case 'r':
		o->desk.reader = val;
		break;
	case 't':
		o->desk.timeout = val;
		break;
	case 'S':
		o->desk.scanner = val;
		break;
	}
	if (c != 'n' && c != 'd')
		o->desk_form = 1;
	return 0;
}

static int
cmd_check_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "not-duplicate", no_argument, NULL, 'n' },
		{ "duplicate-of", required_argument, NULL, 'd' },
		CLI_DESK_OPTS,
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct check_opts o = { 0 };
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_check_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	if (optind == argc && o.decisions == 0) {
		/* Kept for one release: the desk check is kartu desk now. */
		if (!cli->json)
			fprintf(stderr, "%s\n", _("kartu: note: the desk check is now 'kartu desk'"
			    " (same options); 'kartu check' without an application goes in the"
			    " next release"));
		return cli_desk(cli, &o.desk);
	}
	if (o.desk_form)
		return kt_error(&cli->err, KT_EUSAGE, _("--once, --number, --reader, --scanner"
		    " and --timeout are for kartu desk, not for step 3"));
	if ((rc = cli_args(cli, &cmd_check_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if (o.decisions > 1)
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
	N_("  APP                  the application to check\n"
	    "  --not-duplicate      the candidates shown are other people\n"
	    "  --duplicate-of NO    the applicant is already this member: close the application\n"
	    "Without APP, with the options of kartu desk: the desk check (kept for one\n"
	    "release; use kartu desk).\n"),
	CMD_NEEDS_DB, cmd_check_exec,
};
