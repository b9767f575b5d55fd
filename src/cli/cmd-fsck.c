/*
 * cmd-fsck.c - kartu fsck: check the database after a crash, a power cut or a
 * restore, and say what is half-made and what is only unfinished.
 */
#include <stdio.h>

#include "cli.h"
#include "fsck.h"

static int
show(const struct fsck_finding *f, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "severity", f->severity == FSCK_PROBLEM ? "problem" :
		    "unfinished");
		json_str(&cli->js, "check", f->check);
		json_str(&cli->js, "record", f->what);
		json_str(&cli->js, "detail", f->detail);
		json_str(&cli->js, "fix", f->fix);
		json_object_end(&cli->js);
		return 0;
	}
	printf("%-10s %-18s %s %s\n", f->severity == FSCK_PROBLEM ? _("PROBLEM") :
	    _("UNFINISHED"), f->check, f->what, f->detail);
	if (f->fix[0] != '\0')
		printf("%-10s %-18s -> %s\n", "", "", f->fix);
	return 0;
}

static int
cmd_fsck_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct fsck_summary sum;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_fsck_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_fsck_entry, argc, 0)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "findings");
	}
	if ((rc = fsck_run(cli->st, show, cli, &sum, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_int(&cli->js, "checks", sum.checks);
		json_int(&cli->js, "problems", sum.problems);
		json_int(&cli->js, "unfinished", sum.unfinished);
		json_int(&cli->js, "applications", sum.applications);
		json_int(&cli->js, "members", sum.members);
		json_int(&cli->js, "cards", sum.cards);
		json_int(&cli->js, "audit_entries", sum.audit_entries);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("%d checks over %lld applications, %lld members, %lld cards and %lld "
		    "audit entries: %d problem(s), %d unfinished step(s).\n"), sum.checks,
		    sum.applications, sum.members, sum.cards, sum.audit_entries, sum.problems,
		    sum.unfinished);
	if (sum.problems > 0) {
		cli->err.msg[0] = '\0';
		return kt_error(&cli->err, KT_EFAIL, _("the database has %d problem(s)"),
		    sum.problems);
	}
	return 0;
}

const struct cmd_entry cmd_fsck_entry = {
	"fsck", "",
	N_("Check the database: SQLite's integrity, and that applications, members, cards "
	    "and replacements agree."),
	N_("Problems (half-made or contradictory records) make the exit status 1;\n"
	    "unfinished steps the station can finish (a card whose chip was being\n"
	    "written) are listed with how to finish them.\n"),
	CMD_NEEDS_DB, cmd_fsck_exec,
};
