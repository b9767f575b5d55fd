/*
 * cmd-rules.c - kartu rules: show the categories, their documents and the
 * universities, as loaded from db/rules.conf.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "label.h"
#include "rules.h"

static int
print_cat(const struct kt_category_row *r, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "code", r->code);
		json_str(&cli->js, "name", r->name);
		json_str(&cli->js, "documents", r->documents);
		json_str(&cli->js, "institution", r->institution);
		json_bool(&cli->js, "guardian", r->guardian);
		json_int(&cli->js, "valid_months", r->valid_months);
		json_object_end(&cli->js);
	} else
		printf("  %-10s %-12s %-26s %-9s %-8s %d\n", r->code, r->name,
		    r->documents != NULL ? r->documents : "-", label(LABEL_NEED, r->institution),
		    r->guardian ? _("yes") : "-", r->valid_months);
	return 0;
}

/* The served/refused column as wide as its wider word in this language
 * (Indonesian: tidak dilayani), at least 10 as before. */
static int
served_width(void)
{
	size_t a = strlen(_("served")), b = strlen(_("refused"));
	size_t w = a > b ? a : b;

	return w > 10 ? (int)w : 10;
}

static int
print_inst(const struct kt_institution_row *r, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "name", r->name);
		json_str(&cli->js, "kind", r->kind);
		json_bool(&cli->js, "local", r->local);
		json_str(&cli->js, "aliases", r->aliases);
		json_object_end(&cli->js);
	} else
		printf("  %-*s %s%s%s%s\n", served_width(), r->local ? _("served") :
		    _("refused"), r->name, r->aliases[0] != '\0' ? " (" : "", r->aliases,
		    r->aliases[0] != '\0' ? ")" : "");
	return 0;
}

static int
cmd_rules_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	int rc;

	if ((rc = cli_getopt(cli, &cmd_rules_entry, argc, argv, longopts, NULL, NULL)) != 0 ||
	    (rc = cli_args(cli, &cmd_rules_entry, argc, 0)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "categories");
	} else
		printf("%s\n", _("Categories: code, name, documents accepted, institution"
		    " (none, optional, required, local university), guardian needed,"
		    " months valid"));
	if ((rc = rules_list_categories(cli->st, print_cat, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_array_begin(&cli->js, "institutions");
	} else
		printf("%s\n", _("Universities:"));
	if ((rc = rules_list_institutions(cli->st, print_inst, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return 0;
}

const struct cmd_entry cmd_rules_entry = {
	"rules", "",
	N_("Show the categories, the documents each accepts and the universities."),
	"",
	CMD_NEEDS_DB, cmd_rules_exec,
};
