/*
 * cmd-backup.c - kartu backup FILE: a consistent copy of the register while
 * the desks go on (store_backup), for the admin, audited.  The keys are not
 * in it: they are backed up apart (README, doc/SECURITY.md).
 */
#include <stdio.h>

#include "backup.h"
#include "cli.h"
#include "operator.h"

static int
cmd_backup_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct backup_event ev = { "backup", NULL, 0, 0, NULL, -1, 0, NULL };
	long long opid;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_backup_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_backup_entry, argc, 1)) != 0)
		return rc;
	ev.file = argv[optind];
	/* The whole register, names, addresses and all: the admin's. */
	if ((rc = operator_require(cli->st, cli->op, "admin", _("make a backup"), &opid,
	    &cli->err)) != 0)
		return rc;
	ev.version = store_version(cli->st);
	if ((rc = store_backup(cli->st, ev.file, &ev.bytes, &cli->err)) != 0)
		return rc;
	if ((rc = backup_record(cli->st, &ev, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "file", ev.file);
		json_int(&cli->js, "bytes", ev.bytes);
		json_int(&cli->js, "version", ev.version);
		json_str(&cli->js, "keys", cli->key_dir);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("Backup written to %s (%lld bytes, schema version %d).\n"
		    "It holds no keys: back up %s (library.key, library.pub, register.key)"
		    " apart.\n"), ev.file, ev.bytes, ev.version, cli->key_dir);
	return 0;
}

const struct cmd_entry cmd_backup_entry = {
	"backup", "FILE",
	N_("Write a backup of the register to FILE while the desks go on (admin)."),
	N_("SQLite: the online backup API, checked with integrity_check; PostgreSQL:\n"
	    "pg_dump's custom format.  FILE (mode 0600) is written whole or not at all.\n"
	    "The keys are not in it: back up the keys directory apart.\n"),
	CMD_NEEDS_DB, cmd_backup_exec,
};
