/*
 * cmd-operator.c - kartu operator add|list: the people who work the desk.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "label.h"
#include "operator.h"
#include "rules.h"

struct operator_opts {
	const char *role;
	int pin;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct operator_opts *o = arg;

	(void)cli;
	if (c == 'r')
		o->role = val;
	else if (c == 'p')
		o->pin = 1;
	return 0;
}

static int
print_op(const struct kt_operator *op, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "name", op->name);
		json_str(&cli->js, "role", op->role);
		json_bool(&cli->js, "active", op->active);
		json_bool(&cli->js, "pin", op->has_pin);
		json_str(&cli->js, "created_at", op->created_at);
		json_object_end(&cli->js);
	} else
		printf("%-24s %-9s %-8s %s\n", op->name, label(LABEL_ROLE, op->role),
		    op->has_pin ? _("PIN") :
		    _("no PIN"), op->active ? "" : _("(inactive)"));
	return 0;
}

static int
cmd_operator_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "pin", no_argument, NULL, 'p' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct operator_opts o = { NULL, 0 };
	const char *role, *sub;
	char pin[64];
	int rc;

	if ((rc = cli_getopt(cli, &cmd_operator_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	role = o.role;
	sub = optind < argc ? argv[optind] : "";
	if (strcmp(sub, "add") == 0) {
		if (optind + 2 != argc)
			return kt_error(&cli->err, KT_EUSAGE,
			    _("usage: kartu operator add NAME --role ROLE [--pin]"));
		if (o.pin && (rc = cli_read_pin(cli, pin, sizeof pin)) != 0)
			return rc;
		rc = operator_add(cli->st, argv[optind + 1], role, o.pin ? pin : NULL, cli->op,
		    &cli->err);
		sodium_memzero(pin, sizeof pin);
		if (rc != 0)
			return rc;
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_str(&cli->js, "name", argv[optind + 1]);
			json_str(&cli->js, "role", role);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		} else
			printf(_("Operator %s added as %s.\n"), argv[optind + 1],
			    label(LABEL_ROLE, role));
		return 0;
	}
	if (strcmp(sub, "pin") == 0 && optind + 2 == argc) {
		if ((rc = cli_read_pin(cli, pin, sizeof pin)) != 0)
			return rc;
		rc = operator_set_pin(cli->st, cli->op, argv[optind + 1], pin, &cli->err);
		sodium_memzero(pin, sizeof pin);
		if (rc != 0)
			return rc;
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_str(&cli->js, "name", argv[optind + 1]);
			json_bool(&cli->js, "pin", 1);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		} else
			printf(_("The PIN of %s is set: %s logs in with kartu login %s.\n"),
			    argv[optind + 1], argv[optind + 1], argv[optind + 1]);
		return 0;
	}
	if ((strcmp(sub, "deactivate") == 0 || strcmp(sub, "activate") == 0) &&
	    optind + 2 == argc) {
		int active = sub[0] == 'a';

		if ((rc = operator_set_active(cli->st, cli->op, argv[optind + 1], active,
		    &cli->err)) != 0)
			return rc;
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_str(&cli->js, "name", argv[optind + 1]);
			json_bool(&cli->js, "active", active);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		} else if (active)
			printf(_("%s is active again.\n"), argv[optind + 1]);
		else
			printf(_("%s is deactivated: they can no longer log in or act.\n"),
			    argv[optind + 1]);
		return 0;
	}
	if (strcmp(sub, "list") == 0 && optind + 1 == argc) {
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_array_begin(&cli->js, "operators");
		}
		if ((rc = operator_list(cli->st, print_op, cli, &cli->err)) != 0)
			return rc;
		if (cli->json) {
			json_array_end(&cli->js);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		}
		return 0;
	}
	return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu operator %s"),
	    cmd_operator_entry.usage);
}

const struct cmd_entry cmd_operator_entry = {
	"operator", "add NAME --role officer|operator|desk|admin [--pin] | pin NAME"
	" | deactivate NAME | activate NAME | list",
	N_("Add or list the operators (the first one added must be an admin)."),
	N_("  --role ROLE    officer (checks, validates, hands over), operator (issues),\n"
	    "                 desk (checks cards), admin (manages operators)\n"
	    "  --pin          read a PIN (4-12 digits; an admin must have one of 8-12)\n"
	    "                 from standard input; an operator with a PIN must log in\n"
	    "                 (kartu login) or give KARTU_PIN\n"
	    "pin NAME sets or changes the PIN (the admin, or the operator themself).\n"
	    "deactivate NAME: NAME may no longer log in or act (the admin; not themself,\n"
	    "nor the last admin); activate NAME undoes it.\n"),
	CMD_NEEDS_DB, cmd_operator_exec,
};
