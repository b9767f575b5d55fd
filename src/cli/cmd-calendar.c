/*
 * cmd-calendar.c - kartu calendar: the service hours and the closed days, and
 * the admin's upkeep of the holidays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "label.h"
#include "valid.h"

struct calendar_opts {
	const char *kind;
	int year;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct calendar_opts *o = arg;
	char *end;
	long y;

	if (c == 'k') {
		o->kind = val;
		return 0;
	}
	y = strtol(val, &end, 10);
	if (*val == '\0' || *end != '\0' || y < 1900 || y > 2199)
		return kt_error(&cli->err, KT_EUSAGE, _("'%.40s' is not a year"), val);
	o->year = (int)y;
	return 0;
}

static const char *const days[] = {
	N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"),
};

static int
print_hours(int wd, const char *opens, const char *closes, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "weekday", wd);
		json_str(&cli->js, "opens", opens);
		json_str(&cli->js, "closes", closes);
		json_object_end(&cli->js);
	} else if (opens != NULL)
		printf("  %-10s %s-%s\n", _(days[wd]), opens, closes);
	else
		printf("  %-10s %s\n", _(days[wd]), _("closed"));
	return 0;
}

static int
print_holiday(const char *date, const char *name, const char *kind, void *arg)
{
	struct cli *cli = arg;
	char day[16];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "date", date);
		json_str(&cli->js, "name", name);
		json_str(&cli->js, "kind", kind);
		json_object_end(&cli->js);
	} else {
		label_date(date, day, sizeof day);
		printf("  %s  %-13s %s\n", day, label(LABEL_HOLIDAY, kind), name);
	}
	return 0;
}

static int
show(struct cli *cli, int year)
{
	int rc;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "hours");
	} else
		printf(_("Service hours (WIB):\n"));
	if ((rc = calendar_list_hours(cli->st, print_hours, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_array_begin(&cli->js, "holidays");
	} else
		printf(_("\nClosed days (the library keeps this list up to date each year):\n"));
	if ((rc = calendar_list_holidays(cli->st, year, print_holiday, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return 0;
}

/* kartu calendar import FILE: the holidays of a CSV file, in one transaction. */
static int
import(struct cli *cli, const char *path)
{
	FILE *f;
	long added, changed;
	int rc;

	if ((f = fopen(path, "r")) == NULL)
		return kt_error(&cli->err, KT_EFAIL, _("cannot read %s"), path);
	rc = calendar_import(cli->st, cli->op, f, &added, &changed, &cli->err);
	fclose(f);
	if (rc != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "added", added);
		json_int(&cli->js, "changed", changed);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("Holidays imported: %ld new, %ld changed.\n"), added, changed);
	return 0;
}

static int
cmd_calendar_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "year", required_argument, NULL, 'y' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct calendar_opts o = { NULL, 0 };
	struct kt_date today;
	int rc, n;

	if ((rc = cli_getopt(cli, &cmd_calendar_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	n = argc - optind;
	if (n == 0 || (n == 1 && strcmp(argv[optind], "show") == 0)) {
		if (o.year == 0) {
			store_today(cli->st, &today);
			o.year = today.y;
		}
		return show(cli, o.year);
	}
	if (n == 2 && strcmp(argv[optind], "import") == 0)
		return import(cli, argv[optind + 1]);
	if (n == 4 && strcmp(argv[optind], "holiday") == 0 &&
	    strcmp(argv[optind + 1], "add") == 0) {
		if ((rc = calendar_holiday_set(cli->st, cli->op, argv[optind + 2],
		    argv[optind + 3], o.kind, &cli->err)) != 0)
			return rc;
		if (!cli->json)
			printf(_("%s is a closed day: %s.\n"), argv[optind + 2], argv[optind + 3]);
	} else if (n == 3 && strcmp(argv[optind], "holiday") == 0 &&
	    strcmp(argv[optind + 1], "remove") == 0) {
		if ((rc = calendar_holiday_remove(cli->st, cli->op, argv[optind + 2],
		    &cli->err)) != 0)
			return rc;
		if (!cli->json)
			printf(_("%s is no longer a closed day.\n"), argv[optind + 2]);
	} else
		return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu calendar %s"),
		    cmd_calendar_entry.usage);
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "date", argv[optind + 2]);
		json_bool(&cli->js, "closed", strcmp(argv[optind + 1], "add") == 0);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return 0;
}

const struct cmd_entry cmd_calendar_entry = {
	"calendar", "[show] [--year Y] | holiday add DATE NAME [--kind K] | holiday remove DATE"
	    " | import FILE",
	N_("The service hours and closed days that due times count in; holidays kept by the admin."),
	N_("  --year Y       the closed days of that year (default this year)\n"
	    "  --kind K       national, cuti-bersama or local (default local)\n"
	    "import FILE: the holidays of a CSV file with the columns date, name and kind\n"
	    "(tanggal, nama, jenis), e.g. the next year's national holidays and cuti\n"
	    "bersama, in one transaction; the admin only.\n"),
	CMD_NEEDS_DB, cmd_calendar_exec,
};
