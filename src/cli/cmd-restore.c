/*
 * cmd-restore.c - kartu restore FILE: the register from a backup (kartu
 * backup), all or nothing (store_restore), then checked: fsck and the audit
 * trail, with the register key of this station's keys directory.  A register
 * that holds records is replaced only with --force, and then by its admin.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "backup.h"
#include "cli.h"
#include "fsck.h"
#include "operator.h"

struct restore_opts {
	int force;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct restore_opts *o = arg;

	(void)cli;
	(void)val;
	if (c == 'f') {
		o->force = 1;
		return 0;
	}
	return KT_EUSAGE;
}

/* A restore refused (why) with a register there that it would have
 * replaced: the attempt in that register's own audit trail, who asked by
 * name, which file, why; a security event, as a wrong PIN is.  Nothing is
 * written without a register of this schema and its key.  The refusal (rc,
 * cli->err) stands either way. */
static int
refused(struct cli *cli, const struct backup_event *ev, const char *why, int rc)
{
	struct kt_err keep = cli->err;
	struct backup_event r = *ev;

	r.event = "restore-refused";
	r.refused = why;
	if (cli_open_store(cli, CMD_UPGRADES_DB) == 0 &&
	    store_version(cli->st) == store_latest_version() && store_has_key(cli->st)) {
		store_set_actor(cli->st, 0);
		(void)backup_record(cli->st, &r, &cli->err);
	}
	store_close(cli->st);
	cli->st = NULL;
	cli->err = keep;
	return rc;
}

/* The register there is now: refuse to replace one that holds records unless
 * told, and then only for its admin. */
static int
may_replace(struct cli *cli, int force, const struct backup_event *ev)
{
	struct store *st;
	long long records = 0, opid;
	int rc;

	rc = store_open(cli->db_path, STORE_NO_MIGRATE, &st, &cli->err);
	if (rc == KT_ENOTFOUND) {
		memset(&cli->err, 0, sizeof cli->err);	/* nothing there to lose */
		return 0;
	}
	if (rc != 0)
		return rc;
	if (store_version(st) > 0)
		rc = backup_records(st, &records, &cli->err);
	store_close(st);
	if (rc != 0 || records == 0)
		return rc;
	if (!force)
		return refused(cli, ev, "no-force", kt_error(&cli->err, KT_EREFUSED,
		    _("the register at %s holds %lld records (applications, members,"
		    " operators): kartu restore --force replaces them all"),
		    store_remote(cli->db_path) ? "PostgreSQL" : cli->db_path, records));
	/* Its admin, with the PIN and the key of this station. */
	if ((rc = cli_open_store(cli, CMD_UPGRADES_DB)) == 0 &&
	    (rc = operator_require(cli->st, cli->op, "admin",
	    _("replace the register with a backup"), &opid, &cli->err)) != 0) {
		store_close(cli->st);
		cli->st = NULL;
		return refused(cli, ev, "not-admin", rc);
	}
	store_close(cli->st);
	cli->st = NULL;
	return rc;
}

static int
cmd_restore_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct restore_opts o = { 0 };
	struct backup_event ev = { "restore", NULL, 0, 0, NULL, -1, 0, NULL };
	struct fsck_summary sum;
	struct audit_result ar;
	struct kt_err e2, e3;
	long long opid;
	FILE *f;
	int rc, arc;

	if ((rc = cli_getopt(cli, &cmd_restore_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_restore_entry, argc, 1)) != 0)
		return rc;
	ev.file = argv[optind];
	ev.by = cli->op;
	if ((rc = store_backup_check(cli->db_path, ev.file, &ev.version, &cli->err)) != 0)
		return rc == KT_EDAMAGED ? refused(cli, &ev, "damaged", rc) : rc;
	if (ev.version > store_latest_version())
		return refused(cli, &ev, "newer-schema", kt_error(&cli->err, KT_EREFUSED,
		    _("%s is a backup of schema version %d, newer than this kartu (%d):"
		    " restore it with a newer kartu"), ev.file, ev.version,
		    store_latest_version()));
	if ((rc = may_replace(cli, o.force, &ev)) != 0)
		return rc;
	if ((f = fopen(ev.file, "r")) != NULL) {
		fseek(f, 0, SEEK_END);
		ev.bytes = ftell(f);
		fclose(f);
	}
	if ((rc = store_restore(cli->db_path, ev.file, &cli->err)) != 0)
		return rc;
	/* The restored register, checked as it is now. */
	if ((rc = cli_open_store(cli, CMD_UPGRADES_DB)) != 0) {
		char why[sizeof cli->err.msg];

		snprintf(why, sizeof why, "%s", cli->err.msg);
		return kt_error(&cli->err, rc, _("restored from %s, but: %s"), ev.file, why);
	}
	if (ev.version < store_latest_version()) {
		kt_warn(&cli->err, NULL, _("the backup is of schema version %d: the admin"
		    " upgrades it with kartu init (this kartu: %d)"), ev.version,
		    store_latest_version());
		cli_warnings(cli);
		cli->err.nwarnings = 0;
	}
	memset(&e2, 0, sizeof e2);
	if (fsck_run(cli->st, NULL, NULL, &sum, &e2) == 0)
		ev.fsck_problems = sum.problems;
	memset(&ar, 0, sizeof ar);
	memset(&e2, 0, sizeof e2);
	arc = audit_verify(cli->st, &ar, &e2);
	ev.audit_ok = arc == 0;
	/* Who restored, when, from which file: in the restored register's own
	 * trail, as its operator when the name is one of its admins. */
	if (cli->op != NULL && operator_require(cli->st, cli->op, "admin",
	    _("replace the register with a backup"), &opid, &e3) != 0)
		store_set_actor(cli->st, 0);
	if (store_has_key(cli->st) && (rc = backup_record(cli->st, &ev, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "file", ev.file);
		json_int(&cli->js, "version", ev.version);
		json_int(&cli->js, "fsck_problems", ev.fsck_problems);
		json_bool(&cli->js, "audit_verified", ev.audit_ok);
		json_int(&cli->js, "audit_entries", ar.entries);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else {
		printf(_("Register restored from %s (schema version %d).\n"), ev.file,
		    ev.version);
		if (ev.fsck_problems >= 0)
			printf(_("fsck: %d problem(s), %d unfinished step(s).\n"),
			    ev.fsck_problems, sum.unfinished);
		if (ev.audit_ok)
			printf(_("The audit trail is whole: %lld entries.\n"), ar.entries);
		else
			printf(_("The audit trail does not verify: %s\n"), e2.msg[0] != '\0' ?
			    e2.msg : ar.reason);
	}
	if (ev.fsck_problems != 0 || !ev.audit_ok)
		return kt_error(&cli->err, KT_EFAIL, _("the restored register does not check:"
		    " see kartu fsck and kartu audit verify (are this station's keys the"
		    " register's?)"));
	return 0;
}

const struct cmd_entry cmd_restore_entry = {
	"restore", "FILE [--force]",
	N_("Restore the register from a backup, then check it (fsck, audit verify)."),
	N_("  --force        replace a register that holds records (its admin only)\n"
	    "FILE must be a whole backup (kartu backup) for this database's engine:\n"
	    "a damaged or truncated one is refused (exit 6) and nothing changes.\n"
	    "The keys directory must hold the register's keys for the checks.\n"),
	0, cmd_restore_exec,
};
