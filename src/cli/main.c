/*
 * main.c - kartu's command-line front end: global options, the language, the
 * database, one command from the table, and the exit status.
 *
 * Exit status: 0 done, 1 failure (I/O, database, device), 2 usage (bad flag or
 * malformed value), 3 refused by the rules (ineligible, wrong state, blocked),
 * 4 not found, 5 offline (the register's PostgreSQL server cannot be
 * reached: every command but the desk check refuses), 6 not a whole backup
 * (kartu restore).
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "keys.h"
#include "reader.h"
#include "term.h"

#ifndef KARTU_VERSION
#define KARTU_VERSION "0.1.0"
#endif

static void
usage(FILE *f)
{
	const struct cmd_entry *const *c;

	fprintf(f, "%s", _("usage: kartu [--config FILE] [--db FILE] [--json] [--as NAME]"
	    " COMMAND [ARGS]\n"
	    "       kartu help COMMAND\n\nCommands:\n"));
	for (c = cmd_table; *c != NULL; c++)
		fprintf(f, "  %-13s  %s\n", (*c)->name, _((*c)->summary));
	fprintf(f, "%s", _("\nExit status: 0 done, 1 failure, 2 usage, 3 refused by the rules,"
	    " 4 not found,\n5 offline, 6 not a whole backup.\nSee kartu(1).\n"));
}

/* The desk may ask for Indonesian on a machine where the id_ID locale was never
 * generated.  setlocale then fails and gettext would stay silent in the "C"
 * locale; C.UTF-8 with LANGUAGE keeps the translation. */
static void
setup_language(void)
{
	const char *dir = getenv("KARTU_LOCALEDIR"), *lang, *language;
	char buf[64];
	size_t n;

	if (setlocale(LC_ALL, "") == NULL) {
		if ((lang = getenv("LC_ALL")) == NULL || *lang == '\0')
			if ((lang = getenv("LC_MESSAGES")) == NULL || *lang == '\0')
				lang = getenv("LANG");
		if (lang != NULL && *lang != '\0' && ((language = getenv("LANGUAGE")) == NULL ||
		    *language == '\0')) {
			n = strcspn(lang, ".@");
			snprintf(buf, sizeof buf, "%.*s", (int)(n < 60 ? n : 60), lang);
			setenv("LANGUAGE", buf, 1);
		}
		setlocale(LC_ALL, "C.UTF-8");
	}
	setlocale(LC_NUMERIC, "C");	/* JSON wants 0.95, not 0,95 */
	bindtextdomain(KARTU_DOMAIN, dir != NULL ? dir : LOCALEDIR);
	bind_textdomain_codeset(KARTU_DOMAIN, "UTF-8");
	textdomain(KARTU_DOMAIN);
}

/*
 * The test hooks, compiled only into the test build (build/kartu-test, made
 * with -DKARTU_TEST_HOOKS; see the Makefile).  The environment is never an
 * authority: the installed program takes no clock, key, gateway or identity
 * from it, so that an officer cannot backdate the audit trail, outwait a PIN
 * lock, trust the simulator's chips or borrow a session by setting a
 * variable.  The tests and the demo need them, and only there do they exist:
 *   KARTU_NOW=2026-11-28T08:00:00Z        the clock
 *   KARTU_TRUST_ORIGINALITY_KEY=04...     an originality key besides NXP's
 *   KARTU_KEYS=DIR                        the key directory
 *   KARTU_STATION=NAME                    the station's name (else the host's)
 *   KARTU_SYSFS=DIR                       /sys for kartu doctor
 *   KARTU_WEB=DIR                         the screens' static files (web/)
 *   KARTU_STATION_CONFIG=FILE             the station's own configuration
 *                                         (else /etc/kartu/kartu.conf)
 *   KARTU_BULK_INDEX_ROWS=N               an import of N rows or more may
 *                                         defer the indexes (else 10 000;
 *                                         store_set_bulk_index_min)
 */
#ifdef KARTU_TEST_HOOKS
static int
parse_clock(const char *s, time_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* A hook's value, NULL when it is unset or empty. */
static const char *
hook(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

static int
test_hooks(struct cli *cli)
{
	const char *now = hook("KARTU_NOW"), *keys = hook("KARTU_KEYS");

	cli->test_build = 1;
	if (now != NULL && parse_clock(now, &cli->clock) != 0)
		return kt_error(&cli->err, KT_EUSAGE,
		    _("KARTU_NOW must look like 2026-11-28T08:00:00Z"));
	if (keys != NULL)
		snprintf(cli->key_dir, sizeof cli->key_dir, "%s", keys);
	cli->origin_key = hook("KARTU_TRUST_ORIGINALITY_KEY");
	cli->station = hook("KARTU_STATION");
	cli->sysfs = hook("KARTU_SYSFS");
	cli->web_dir = hook("KARTU_WEB");
	if (hook("KARTU_BULK_INDEX_ROWS") != NULL &&
	    (cli->bulk_index_min = atoll(hook("KARTU_BULK_INDEX_ROWS"))) <= 0)
		return kt_error(&cli->err, KT_EUSAGE,
		    _("KARTU_BULK_INDEX_ROWS must be a number of rows"));
	return 0;
}
#endif

#ifndef KARTU_TEST_HOOKS
extern char **environ;

/* libpq takes every connection parameter the connection string leaves unset
 * from the environment (PGHOST, PGUSER, PGPASSWORD, PGSSLMODE, PGSERVICE,
 * PGSYSCONFDIR, PGOPTIONS, ...): a variable could send the station to
 * another server, as another role, without TLS.  The environment is never an
 * authority: the installed program connects with what --db or the
 * configuration says alone, so every PG* variable goes before anything
 * connects.  (The test build keeps them: the tests' psql and pg_ctl live by
 * them.)  The children pg_dump and pg_restore get an environment made from
 * the connection's own parameters (store-pg.c). */
static void
drop_pg_environment(void)
{
	char name[256];
	size_t n;
	int i;

	for (i = 0; environ != NULL && environ[i] != NULL; ) {
		n = strcspn(environ[i], "=");
		if (strncmp(environ[i], "PG", 2) != 0 || n >= sizeof name) {
			i++;
			continue;
		}
		memcpy(name, environ[i], n);
		name[n] = '\0';
		unsetenv(name);	/* environ shifts: look at i again */
	}
}
#endif

/* This station's name for its session: the host name (in the test build,
 * $KARTU_STATION may name another).  A name, not a credential: a session also
 * belongs to the Unix user who logged in (session.h). */
static void
station_name(struct cli *cli)
{
	char host[128] = "";

	if (cli->station != NULL) {
		store_set_station(cli->st, cli->station);
		return;
	}
	if (gethostname(host, sizeof host - 1) != 0)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	store_set_station(cli->st, host[0] != '\0' ? host : "station");
}

/* The station's own configuration file, /etc/kartu/kartu.conf (in the test
 * build, $KARTU_STATION_CONFIG may name another). */
static const char *
own_config(void)
{
#ifdef KARTU_TEST_HOOKS
	if (hook("KARTU_STATION_CONFIG") != NULL)
		return hook("KARTU_STATION_CONFIG");
#endif
	return CONFIG_DEFAULT_PATH;
}

/* Whether paths a and b name the same file. */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

/*
 * The configuration file: --config FILE, else $KARTU_CONFIG, else the
 * station's own (own_config).  Only the station's own may be missing.
 *
 * The security settings (sms_command: who receives the handover code) come
 * only from the station's own file, which only its administrator can change,
 * or from the database's setting; never from the environment, and never from
 * a file the person at the keyboard names.  So a named file that is not the
 * station's own may not set sms_command (an error, exit 2), nor drop it: the
 * station's own file is still read for it.  Checking the named file's owner
 * and mode instead would still let an officer leave out the station's file
 * (--config /dev/null) and have the code shown on the screen.
 */
static int
load_config(struct cli *cli, const char *path)
{
	struct config own;
	const char *own_path = own_config();
	int rc, named = 1;

	cli->own_cfg_path = own_path;
	config_defaults(&cli->cfg);
	if (path == NULL && ((path = getenv("KARTU_CONFIG")) == NULL || path[0] == '\0')) {
		path = own_path;
		named = 0;
	}
	rc = config_load(&cli->cfg, path, &cli->err);
	if (rc == KT_ENOTFOUND && !named) {
		config_defaults(&cli->cfg);
		return 0;
	}
	if (rc == KT_ENOTFOUND)	/* a file named and not there: exit 1, not 4 */
		return KT_EFAIL;
	if (rc != 0)
		return rc;
	cli->cfg_path = path;
	if (!named || same_file(path, own_path))
		return 0;
	if (cli->cfg.sms_command[0] != '\0')
		return kt_error(&cli->err, KT_EUSAGE, _("%s: sms_command is taken only from the"
		    " station's own configuration %s"), path, own_path);
	config_defaults(&own);
	if ((rc = config_load(&own, own_path, &cli->err)) == KT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	memcpy(cli->cfg.sms_command, own.sms_command, sizeof own.sms_command);
	return 0;
}

/* What this run works with, from the options, the environment and the
 * configuration (in that order): the database and the key directory (the
 * configuration's keys, else keys/ beside the database; in the test build the
 * hooks above may set it and the clock). */
static int
station_setup(struct cli *cli, const char *db_opt)
{
	const char *slash;

	cli->db_path = db_opt != NULL ? db_opt : getenv("KARTU_DB");
	if (cli->db_path == NULL || cli->db_path[0] == '\0')
		cli->db_path = cli->cfg.database[0] != '\0' ? cli->cfg.database : "kartu.db";
	if (cli->cfg.keys[0] != '\0')
		snprintf(cli->key_dir, sizeof cli->key_dir, "%s", cli->cfg.keys);
	else if (store_remote(cli->db_path))
		/* A server's database has no folder beside it: keys then
		 * names the key directory (else keys/ here). */
		snprintf(cli->key_dir, sizeof cli->key_dir, "keys");
	else if ((slash = strrchr(cli->db_path, '/')) != NULL)
		snprintf(cli->key_dir, sizeof cli->key_dir, "%.*s/keys",
		    (int)(slash - cli->db_path), cli->db_path);
	else
		snprintf(cli->key_dir, sizeof cli->key_dir, "keys");
#ifdef KARTU_TEST_HOOKS
	return test_hooks(cli);
#else
	return 0;
#endif
}

/* The database a command needs, with this run's clock, PIN, station and Unix
 * user (the kernel's real uid: whose session it is). */
int
cli_open_store(struct cli *cli, int flags)
{
	int rc;

	rc = store_open(cli->db_path, (flags & CMD_CREATES_DB ? STORE_CREATE : 0) |
	    (flags & CMD_UPGRADES_DB ? STORE_NO_MIGRATE : 0), &cli->st, &cli->err);
	if (rc != 0)
		return rc;
	if (cli->clock != 0)
		store_set_clock(cli->st, cli->clock);
	if (cli->bulk_index_min > 0)
		store_set_bulk_index_min(cli->st, cli->bulk_index_min);
	/* For an operator with a PIN who is not logged in here. */
	store_set_pin(cli->st, getenv("KARTU_PIN"));
	station_name(cli);
	store_set_user(cli->st, (long long)getuid());
	/* The register key beside the library's keys (keys.h); init makes it. */
	return keys_attach(cli->st, cli->key_dir, (flags & CMD_CREATES_DB) != 0,
	    &cli->err);
}

/* The database a command needs; for the desk check (CMD_OFFLINE), a server
 * that cannot be reached is no failure: it answers offline. */
static int
open_store(struct cli *cli, const struct cmd_entry *cmd)
{
	int rc = cli_open_store(cli, cmd->flags);

	if (rc == KT_EOFFLINE && (cmd->flags & CMD_OFFLINE)) {
		store_close(cli->st);
		cli->st = NULL;
		cli->offline = 1;
		snprintf(cli->offline_why, sizeof cli->offline_why, "%s", cli->err.msg);
		memset(&cli->err, 0, sizeof cli->err);
		return 0;
	}
	/* Registration and every other step need the register itself. */
	if (rc == KT_EOFFLINE) {
		char why[sizeof cli->err.msg];

		snprintf(why, sizeof why, "%s", cli->err.msg);
		rc = kt_error(&cli->err, KT_EOFFLINE, _("kartu %s cannot be done offline (only"
		    " the desk check answers without the register): %.400s"), cmd->name, why);
	}
	return rc;
}

static const struct cmd_entry *
find_command(const char *name, struct kt_err *e)
{
	const struct cmd_entry *const *c, *found = NULL;
	char cands[256] = "";
	size_t n = strlen(name), len = 0;
	int matches = 0;

	for (c = cmd_table; *c != NULL; c++) {
		if (strcmp((*c)->name, name) == 0)
			return *c;
		if (strncmp((*c)->name, name, n) == 0) {
			found = *c;
			matches++;
			len += (size_t)snprintf(cands + len, sizeof cands - len, " %s",
			    (*c)->name);
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1)
		kt_error(e, KT_EUSAGE, _("ambiguous command '%.40s': could be%s"), name, cands);
	else
		kt_error(e, KT_EUSAGE, _("unknown command '%.40s' (see kartu --help)"), name);
	return NULL;
}

void
cli_warnings(struct cli *cli)
{
	const struct kt_err *e = &cli->err;
	char opt[64];
	int i;

	for (i = 0; i < e->nwarnings && i < KT_WARNINGS; i++) {
		cli_option(e->warnings[i].field, opt, sizeof opt);
		fprintf(stderr, _("kartu: warning: %s%s\n"), e->warnings[i].msg, opt);
	}
	fflush(stderr);
}

void
cli_error_line(struct cli *cli, int rc)
{
	int status = kt_exit_status(rc);

	const struct kt_err *e = &cli->err;
	char opt[64], cmd[128], next[140] = "";
	int i;

	/* A usage line speaks for itself; anything else is an error, one line
	 * for each problem of a form, with the option it is about and the
	 * command that would help. */
	cli_command(e, cmd, sizeof cmd);
	if (cmd[0] != '\0')
		snprintf(next, sizeof next, " (%s)", cmd);
	if (strncmp(e->msg, _("usage:"), strlen(_("usage:"))) == 0)
		fprintf(stderr, "%s\n", e->msg);
	else if (e->nproblems > 1)
		for (i = 0; i < e->nproblems && i < KT_PROBLEMS; i++) {
			cli_option(e->problems[i].field, opt, sizeof opt);
			fprintf(stderr, _("kartu: error: %s%s\n"), e->problems[i].msg, opt);
		}
	else {
		cli_option(e->field, opt, sizeof opt);
		fprintf(stderr, _("kartu: error: %s%s%s\n"), e->msg, opt, next);
	}
	if (cli->refused_app != 0)
		fprintf(stderr, _("kartu: the refusal is recorded as application %lld\n"),
		    cli->refused_app);
	fflush(stderr);
	if (cli->json) {
		/* What the command began is dropped: one object, the error. */
		json_discard(&cli->js);
		json_object_begin(&cli->js, NULL);
		json_object_begin(&cli->js, "error");
		json_int(&cli->js, "status", status);
		json_str(&cli->js, "message", cli->err.msg);
		if (e->field[0] != '\0')
			json_str(&cli->js, "field", e->field);
		if (cmd[0] != '\0')
			json_str(&cli->js, "next", cmd);
		if (e->nproblems > 1) {
			json_array_begin(&cli->js, "problems");
			for (i = 0; i < e->nproblems && i < KT_PROBLEMS; i++) {
				json_object_begin(&cli->js, NULL);
				json_str(&cli->js, "field", e->problems[i].field);
				json_str(&cli->js, "message", e->problems[i].msg);
				json_object_end(&cli->js);
			}
			json_array_end(&cli->js);
		}
		if (cli->refused_app != 0)
			json_int(&cli->js, "application", cli->refused_app);
		json_object_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *cmd;
	struct cli cli;
	const char *db_opt = NULL, *conf = NULL;
	int c, rc = 0;

#ifndef KARTU_TEST_HOOKS
	drop_pg_environment();
#endif
	setup_language();
	term_guard();	/* outside text never reaches the terminal raw */
	memset(&cli, 0, sizeof cli);
	cli.op = getenv("KARTU_OPERATOR");
	json_init(&cli.js, stdout);

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_opt = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'j':
			cli.json = 1;
			break;
		case 'a':
			cli.op = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
#ifdef KARTU_TEST_HOOKS
			printf("kartu %s %s\n", KARTU_VERSION, _("(test build)"));
#else
			printf("kartu %s\n", KARTU_VERSION);
#endif
			return 0;
		case ':':
			rc = kt_error(&cli.err, KT_EUSAGE, _("%s needs a value"), argv[optind - 1]);
			goto out;
		default:
			rc = kt_error(&cli.err, KT_EUSAGE, _("unknown option %s (see kartu --help)"),
			    argv[optind - 1]);
			goto out;
		}
	}
	if ((rc = load_config(&cli, conf)) != 0 || (rc = station_setup(&cli, db_opt)) != 0)
		goto out;
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			usage(stdout);
			return 0;
		}
		if ((cmd = find_command(argv[1], &cli.err)) == NULL) {
			rc = cli.err.code;
			goto out;
		}
		cli_usage(cmd, 0);
		return 0;
	}
	if ((cmd = find_command(argv[0], &cli.err)) == NULL) {
		rc = cli.err.code;
		goto out;
	}
	for (c = 1; c < argc && strcmp(argv[c], "--") != 0; c++)
		if (strcmp(argv[c], "--help") == 0 || strcmp(argv[c], "-h") == 0) {
			cli_usage(cmd, 0);
			return 0;
		}
	if ((cmd->flags & (CMD_NEEDS_DB | CMD_CREATES_DB)) && (rc = open_store(&cli, cmd)) != 0)
		goto out;
	rc = cmd->exec(&cli, argc, argv);
	if (rc == CLI_HELP_SHOWN)
		rc = 0;
	else if (rc > 0)	/* a bug: a stray SQLite code; never report success */
		rc = kt_error(&cli.err, KT_EFAIL, "internal error %d in %s", rc, cmd->name);
out:
	cli_warnings(&cli);
	if (rc != 0)
		cli_error_line(&cli, rc);
	reader_close(cli.reader);
	store_close(cli.st);
	term_flush();
	if (rc == 0 && cli.status != 0)
		return cli.status;
	return kt_exit_status(rc);
}
