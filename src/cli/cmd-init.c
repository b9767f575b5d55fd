/*
 * cmd-init.c - kartu init: make (or upgrade) the database and load the rules.
 *
 * Who may (setup_authorize) is decided before anything is written: anyone on a
 * database without an admin, else only an admin.  The rules file is data
 * (rulesfile.h), parsed whole before the database is touched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "keys.h"
#include "rulesfile.h"
#include "setup.h"

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	(void)cli;
	if (c == 'r')
		*(const char **)arg = val;
	return 0;
}

/* Read a whole (small) file into a NUL-terminated buffer. */
static int
slurp(struct cli *cli, const char *path, char **out, size_t *len)
{
	FILE *f;
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;

	if ((f = fopen(path, "r")) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("cannot read %s: %s"), path,
		    strerror(errno));
	do {
		if (cap - n < 4096) {
			cap = cap == 0 ? 16384 : cap * 2;
			if (cap > 16 * 1024 * 1024 || (nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return kt_error(&cli->err, KT_EFAIL, _("%s is too large"), path);
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	buf[n] = '\0';
	fclose(f);
	*out = buf;
	*len = n;
	return 0;
}

static int
cmd_init_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	/* The configuration file's library details go the rules' audited way. */
	const struct setup_library lib = {
		cli->cfg.library_name, cli->cfg.library_code, cli->cfg.library_address,
		cli->cfg.library_logo, cli->cfg.library_city, cli->cfg.head_name,
		cli->cfg.head_title, cli->cfg.head_nip, cli->cfg.card_media,
	};
	const char *rules = NULL;
	struct rulesfile *rf = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_init_entry, argc, argv, longopts, opt, &rules)) != 0 ||
	    (rc = cli_args(cli, &cmd_init_entry, argc, 0)) != 0)
		return rc;
	if ((rc = setup_authorize(cli->st, cli->op, &cli->err)) != 0)
		return rc;
	if ((rf = calloc(1, sizeof *rf)) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("out of memory"));
	if (rules != NULL && (rc = slurp(cli, rules, &text, &len)) != 0)
		goto out;
	if (rules != NULL)
		rc = rulesfile_parse(rf, text, len, rules, &cli->err);
	else
		rc = rulesfile_parse(rf, rulesfile_builtin, strlen(rulesfile_builtin),
		    "db/rules.conf", &cli->err);
	/* A new database gets its register key once it has a schema (keys.h). */
	if (rc != 0 || (rc = store_upgrade(cli->st, &cli->err)) != 0 ||
	    (rc = keys_attach(cli->st, cli->key_dir, 1, &cli->err)) != 0 ||
	    (rc = setup_load(cli->st, rf, rules != NULL ? 0 : SETUP_DEFAULTS, &lib,
	    rules != NULL ? rules : "built-in", &cli->err)) != 0)
		goto out;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "database", cli->db_path);
		json_int(&cli->js, "schema_version", store_version(cli->st));
		json_str(&cli->js, "rules", rules != NULL ? rules : "built-in");
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("Database %s is ready (schema version %d, rules: %s).\n"),
		    cli->db_path, store_version(cli->st), rules != NULL ? rules : _("built-in"));
out:
	free(text);
	free(rf);
	return rc;
}

const struct cmd_entry cmd_init_entry = {
	"init", "[--rules FILE]",
	N_("Make the database (or upgrade it) and load the service rules."),
	N_("  --rules FILE   load the rules from FILE (data: see db/rules.conf) instead of\n"
	    "                 the built-in ones\n"
	    "Once the database has an admin, only an admin may run it (--as).  The\n"
	    "library's name, code, address and logo in the configuration file replace\n"
	    "those of the rules; the library code of a database that has issued cards\n"
	    "does not change.\n"),
	CMD_CREATES_DB | CMD_UPGRADES_DB, cmd_init_exec,
};
