/*
 * cmd-init.c - kartu init: make (or upgrade) the database and load the rules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
slurp(struct cli *cli, const char *path, char **out)
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
	return 0;
}

/* The library's name, code, address and logo from the configuration file
 * replace those in the settings table: the file is where a library keeps
 * them, the table is where every station sharing the database reads them. */
static int
settings_from_config(struct cli *cli)
{
	const struct { const char *key, *val; } s[] = {
		{ "library_name", cli->cfg.library_name },
		{ "library_code", cli->cfg.library_code },
		{ "library_address", cli->cfg.library_address },
		{ "library_logo", cli->cfg.library_logo },
	};
	struct store_stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; i < nitems(s) && rc == 0; i++) {
		if (s[i].val[0] == '\0')
			continue;
		if ((rc = store_prepare(cli->st, "INSERT INTO settings (key, value)"
		    " VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2", &st,
		    &cli->err)) != 0)
			break;
		store_bind_text(st, 1, s[i].key);
		store_bind_text(st, 2, s[i].val);
		if (store_step(st) != STORE_DONE)
			rc = store_dberror(cli->st, &cli->err);
		store_finalize(st);
	}
	return rc;
}

static int
cmd_init_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *rules = NULL;
	char *sql = NULL;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_init_entry, argc, argv, longopts, opt, &rules)) != 0 ||
	    (rc = cli_args(cli, &cmd_init_entry, argc, 0)) != 0)
		return rc;
	if (rules != NULL && (rc = slurp(cli, rules, &sql)) != 0)
		return rc;
	rc = store_load_rules(cli->st, sql != NULL ? sql : store_default_rules, &cli->err);
	free(sql);
	if (rc != 0 || (rc = settings_from_config(cli)) != 0)
		return rc;
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
	return 0;
}

const struct cmd_entry cmd_init_entry = {
	"init", "[--rules FILE]",
	N_("Make the database (or upgrade it) and load the service rules."),
	N_("  --rules FILE   load the rules from FILE instead of the built-in db/rules.sql\n"
	    "The library's name, code, address and logo in the configuration file\n"
	    "replace those of the rules.\n"),
	CMD_CREATES_DB, cmd_init_exec,
};
