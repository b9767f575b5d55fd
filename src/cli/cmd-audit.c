/*
 * cmd-audit.c - kartu audit verify|list: check and read the hash-chained
 * audit trail (src/audit.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "operator.h"
#include "audit.h"
#include "cli.h"
#include "label.h"
#include "rules.h"

struct audit_opts {
	const char *entity;
	long long id;
	int limit;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct audit_opts *o = arg;
	int n;

	switch (c) {
	case 'e':
		o->entity = val;
		return 0;
	case 'i':
		if (cli_count(cli, val, &n) != 0)
			return KT_EUSAGE;
		o->id = n;
		return 0;
	case 'l':
		return cli_count(cli, val, &o->limit);
	}
	return KT_EUSAGE;
}

static int
print_entry(const struct audit_entry *a, void *arg)
{
	struct cli *cli = arg;
	char at[40];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "id", a->id);
		json_str(&cli->js, "at", a->at);
		json_str(&cli->js, "operator", a->operator);
		json_str(&cli->js, "entity", a->entity);
		json_int(&cli->js, "entity_id", a->entity_id);
		json_str(&cli->js, "action", a->action);
		json_str(&cli->js, "before", a->before);
		json_str(&cli->js, "after", a->after);
		json_object_end(&cli->js);
		return 0;
	}
	label_time(a->at, 0, at, sizeof at);
	printf("%lld  %s  %-10s %s %lld %s\n", a->id, at,
	    a->operator != NULL ? a->operator : "-", a->entity, a->entity_id, a->action);
	if (a->before != NULL)
		printf(_("    before: %s\n"), a->before);
	if (a->after != NULL)
		printf(_("    after:  %s\n"), a->after);
	return 0;
}

static int
cmd_audit_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "entity", required_argument, NULL, 'e' },
		{ "id", required_argument, NULL, 'i' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct audit_opts o = { NULL, 0, 0 };
	struct audit_result r;
	const char *sub;
	long long opid;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_audit_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	sub = optind < argc ? argv[optind] : "";
	if (strcmp(sub, "verify") == 0 && optind + 1 == argc) {
		rc = audit_verify(cli->st, &r, &cli->err);
		if (rc != 0 && rc != KT_EREFUSED)
			return rc;
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_bool(&cli->js, "ok", rc == 0);
			json_int(&cli->js, "entries", r.entries);
			if (rc != 0) {
				json_int(&cli->js, "bad_entry", r.bad_id);
				json_str(&cli->js, "reason", r.reason);
			}
			json_object_end(&cli->js);
			json_finish(&cli->js);
		} else if (rc == 0)
			printf(_("The audit trail is whole: %lld entries.\n"), r.entries);
		return rc;
	}
	if (strcmp(sub, "list") == 0 && optind + 1 == argc) {
		/* The log shows names and addresses: for the admin only. */
		if ((rc = operator_require(cli->st, cli->op, "admin", _("read the audit trail"),
		    &opid, &cli->err)) != 0)
			return rc;
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_array_begin(&cli->js, "entries");
		}
		if ((rc = audit_list(cli->st, o.entity, o.id, o.limit, print_entry, cli,
		    &cli->err)) != 0)
			return rc;
		if (cli->json) {
			json_array_end(&cli->js);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		}
		return 0;
	}
	return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu audit %s"),
	    cmd_audit_entry.usage);
}

const struct cmd_entry cmd_audit_entry = {
	"audit", "verify | list [--entity E] [--id N] [--limit N]",
	N_("Check the hash chain of the audit trail, or list its entries (admin)."),
	N_("  --entity E     only entries for application, member, card, operator, ...\n"
	    "  --id N         only entries for that record\n"
	    "  --limit N      only the last N entries\n"),
	CMD_NEEDS_DB, cmd_audit_exec,
};
