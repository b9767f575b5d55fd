/*
 * cmd-dupes.c - kartu dupes: the already-a-member check on demand, for typed
 * fields or for a recorded application.
 */
#include <stdio.h>

#include <sodium.h>

#include "cli.h"
#include "proc.h"

struct dupes_opts {
	const char *name, *birth, *place, *phone, *nik;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct dupes_opts *o = arg;

	(void)cli;
	switch (c) {
	case 'n':
		o->name = val;
		break;
	case 'b':
		o->birth = val;
		break;
	case 'l':
		o->place = val;
		break;
	case 'p':
		o->phone = val;
		break;
	case 'k':
		o->nik = val;
		break;
	}
	return 0;
}

static int
cmd_dupes_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "birth-date", required_argument, NULL, 'b' },
		{ "birth-place", required_argument, NULL, 'l' },
		{ "phone", required_argument, NULL, 'p' },
		{ "nik", required_argument, NULL, 'k' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct dupes_opts o = { NULL, NULL, NULL, NULL, NULL };
	struct dupe_input in;
	struct kt_dupes d = { 0 };
	char nik[128];
	long long id;
	int rc;

	if ((rc = cli_getopt(cli, &cmd_dupes_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_secret(cli, "--nik", _("NIK: "), &o.nik, nik, sizeof nik)) != 0)
		return rc;
	if (optind + 1 == argc && o.name == NULL && o.birth == NULL) {
		if ((rc = cli_app_id(cli, argv[optind], &id)) != 0 ||
		    (rc = proc_app_dupes(cli->st, id, &d, &cli->err)) != 0)
			return rc;
	} else if (optind == argc) {
		rc = proc_dupe_input(cli->st, o.name, o.birth, o.place, o.phone, o.nik, &in,
		    &cli->err);
		sodium_memzero(nik, sizeof nik);
		if (rc != 0 || (rc = dupes_find(cli->st, &in.q, &d, &cli->err)) != 0)
			return rc;
	} else
		return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu dupes %s"),
		    cmd_dupes_entry.usage);
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		cli_json_dupes(&cli->js, &d);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		cli_print_dupes(cli, &d);
	dupes_free(&d);
	return 0;
}

const struct cmd_entry cmd_dupes_entry = {
	"dupes", "--name NAME --birth-date YYYY-MM-DD [--birth-place PLACE] [--phone NUMBER]"
	    " [--nik NIK|-] | APP",
	N_("Is this person already a member? Ranked candidates with reasons."),
	N_("  --name NAME         the name as typed (spelling variants are matched)\n"
	    "  --birth-date DATE   the birth date (a swapped day and month is matched too;\n"
	    "                      one digit or a year off only beside another signal)\n"
	    "  --birth-place PLACE the birth place (a signal beside a birth date typo)\n"
	    "  --phone NUMBER      a mobile number\n"
	    "  --nik NIK           a NIK (never shown, compared through its hash); -\n"
	    "                      reads it from standard input (not shown on a terminal),\n"
	    "                      keeping it off the command line: recommended\n"),
	CMD_NEEDS_DB, cmd_dupes_exec,
};
