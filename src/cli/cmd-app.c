/*
 * cmd-app.c - kartu app show|list: applications and their history.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct app_opts {
	const char *state;
	const char *limit;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct app_opts *o = arg;

	(void)cli;
	if (c == 's')
		o->state = val;
	else if (c == 'l')
		o->limit = val;
	return 0;
}

static int
cmd_app_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct app_opts o = { NULL, NULL };
	const char *sub;
	long long id;
	int rc, limit = 50;

	if ((rc = cli_getopt(cli, &cmd_app_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	sub = optind < argc ? argv[optind] : "";
	if (strcmp(sub, "show") == 0 && optind + 2 == argc) {
		if ((rc = cli_app_id(cli, argv[optind + 1], &id)) != 0)
			return rc;
		return cli_show_app(cli, id, 1, 1);
	}
	if (strcmp(sub, "list") == 0 && optind + 1 == argc) {
		if (o.limit != NULL && (rc = cli_count(cli, o.limit, &limit)) != 0)
			return rc;
		return cli_list_apps(cli, o.state, limit);
	}
	return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu app %s"), cmd_app_entry.usage);
}

const struct cmd_entry cmd_app_entry = {
	"app", "show APP | list [--state STATE] [--limit N]",
	N_("Show one application with its history and duplicate candidates, or list them."),
	N_("  --state STATE   applied, checked, validated, issued, handed-over, rejected, refused\n"
	    "  --limit N       at most N applications, newest first (default 50)\n"),
	CMD_NEEDS_DB, cmd_app_exec,
};
