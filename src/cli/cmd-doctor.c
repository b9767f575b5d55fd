/*
 * cmd-doctor.c - kartu doctor: what stands between the station and working
 * hardware, one line per check and how to fix each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "cli.h"
#include "doctor.h"

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	(void)cli;
	(void)val;
	if (c == 'N')
		*(int *)arg = 0;
	return 0;
}

static const char *
env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : fallback;
}

/* The years of the holidays in the database, for doctor_calendar: the doctor
 * itself opens no store.  The database is opened as it is (never migrated);
 * one that cannot be read leaves the calendar unknown. */
static void
calendar_years(struct cli *cli, struct doctor_env *env)
{
	struct store *st;
	struct store_stmt *s;
	struct kt_date today;

	struct store_about eng;
	struct timespec t0, t1;

	env->db_remote = store_remote(cli->db_path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_open(cli->db_path, STORE_NO_MIGRATE, &st, NULL) != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	env->db_opened = 1;
	env->db_open_ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
	if (store_about(st, &eng, NULL) == 0) {
		snprintf(env->db_version, sizeof env->db_version, "%s", eng.version);
		env->db_superuser = eng.superuser;
		env->db_createdb = eng.createdb;
		env->db_createrole = eng.createrole;
	}
	if (cli->clock != 0)
		store_set_clock(st, cli->clock);
	/* The years as text (four digits by the table's check), read as numbers
	 * here: no cast of text in SQL. */
	if (store_prepare(st, "SELECT DISTINCT substr(date, 1, 4) FROM holidays ORDER BY 1", &s,
	    NULL) == 0) {
		while (store_step(s) == STORE_ROW && env->nholiday_years < DOCTOR_MAX_YEARS)
			env->holiday_years[env->nholiday_years++] = (int)store_col_int(s, 0);
		store_finalize(s);
		store_today(st, &today);
		env->today = date_days(&today);
		env->calendar_known = 1;
	}
	store_close(st);
}

static int
cmd_doctor_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-nfc", no_argument, NULL, 'N' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct doctor_result res[DOCTOR_MAX];
	struct doctor_env env;
	int rc, n, i, scan_nfc = 1, failed = 0;

	if ((rc = cli_getopt(cli, &cmd_doctor_entry, argc, argv, longopts, opt, &scan_nfc))
	    != 0 || (rc = cli_args(cli, &cmd_doctor_entry, argc, 0)) != 0)
		return rc;
	/* libnfc's own log lines would drown the report on a desk without USB. */
	setenv("LIBNFC_LOG_LEVEL", "0", 0);
	memset(&env, 0, sizeof env);
	env.sysfs = cli->sysfs != NULL ? cli->sysfs : "/sys";
	env.db = cli->db_path;
	env.key_dir = cli->key_dir;
	env.reader = env_or("KARTU_READER", cli->cfg.reader);
	env.scanner = cli->cfg.scanner;
	env.printer = cli->cfg.printer;
	env.layout = cli->cfg.layout[0] != '\0' ? cli->cfg.layout : "cr80-front";
	env.layout_dirs[0] = env_or("KARTU_LAYOUTS", "");
	env.layout_dirs[1] = PKGDATADIR "/layouts";
	env.layout_dirs[2] = "layouts";
	env.sms_command = cli->cfg.sms_command;
	env.station_config = cli->own_cfg_path;
	env.scan_nfc = scan_nfc;
	calendar_years(cli, &env);
	n = doctor_run(&env, res);
	if (cli->test_build && n < DOCTOR_MAX) {
		/* Its test hooks take the clock, keys and the station from the
		 * environment: never at a desk (main.c). */
		memset(&res[n], 0, sizeof res[n]);
		res[n].status = DOCTOR_WARN;
		res[n].check = "build";
		snprintf(res[n].msg, sizeof res[n].msg, "%s", _("this is the test build"
		    " (kartu-test): it takes its clock and keys from the environment"));
		snprintf(res[n].fix, sizeof res[n].fix, "%s", _("run the program make install"
		    " installs, never the test build, at a desk"));
		n++;
	}
	for (i = 0; i < n; i++)
		failed += res[i].status == DOCTOR_FAIL;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "config", cli->cfg_path != NULL ? cli->cfg_path : "");
		json_array_begin(&cli->js, "checks");
		for (i = 0; i < n; i++) {
			json_object_begin(&cli->js, NULL);
			json_str(&cli->js, "check", res[i].check);
			json_str(&cli->js, "status", doctor_status_name(res[i].status));
			json_str(&cli->js, "message", res[i].msg);
			if (res[i].fix[0] != '\0')
				json_str(&cli->js, "fix", res[i].fix);
			json_object_end(&cli->js);
		}
		json_array_end(&cli->js);
		json_int(&cli->js, "failed", failed);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else {
		const char *label[3] = { _("ok"), _("warn"), _("FAIL") };
		int w = 0;

		/* The status column as wide as its widest word in this language
		 * (Indonesian: peringatan). */
		for (i = 0; i < 3; i++)
			if ((int)strlen(label[i]) > w)
				w = (int)strlen(label[i]);
		printf(_("Configuration: %s\n"), cli->cfg_path != NULL ? cli->cfg_path :
		    _("none (built-in defaults)"));
		for (i = 0; i < n; i++) {
			printf("%-*s  %-8s  %s\n", w, label[res[i].status == DOCTOR_OK ? 0 :
			    res[i].status == DOCTOR_WARN ? 1 : 2], res[i].check, res[i].msg);
			if (res[i].fix[0] != '\0')
				printf("%*s  %-8s  %s %s\n", w, "", "", _("fix:"), res[i].fix);
		}
		if (failed == 0)
			printf("%s\n", _("Nothing stands in the way."));
		else
			printf(_("Checks failed: %d.\n"), failed);
	}
	/* A report, not an error: the exit status says whether something failed. */
	cli->status = failed != 0 ? 1 : 0;
	return 0;
}

const struct cmd_entry cmd_doctor_entry = {
	"doctor", "[--no-nfc]",
	N_("Check what stands between the station and working hardware, and how to fix it."),
	N_("Checks the kernel's NFC modules, device permissions, the reader, the\n"
	    "database, the signing key, the printer, the layout, the SMS command,\n"
	    "who may change the station's configuration, and the holidays of the next\n"
	    "60 days.\n"
	    "Exit status 1 when a check fails, 0 when only warnings remain.\n"
	    "  --no-nfc  skip libnfc's own scan for readers\n"),
	0, cmd_doctor_exec,
};
