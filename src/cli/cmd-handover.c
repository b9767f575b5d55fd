/*
 * cmd-handover.c - kartu handover: step 6.  First a one-time code goes to the
 * applicant's phone (or is shown for a test call), then the code the applicant
 * received completes the handover and the book entry.
 */
#include <stdio.h>

#include <sodium.h>

#include "cli.h"
#include "proc.h"

struct handover_opts {
	const char *phone, *signed_name, *code;
	int new_phone;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct handover_opts *o = arg;

	(void)cli;
	if (c == 'p')
		o->phone = val;
	else if (c == 's')
		o->signed_name = val;
	else if (c == 'c')
		o->code = val;
	else if (c == 'n')
		o->new_phone = 1;
	return 0;
}

static int
start(struct cli *cli, long long id, const struct handover_opts *o)
{
	struct kt_handover_code hc;
	int rc;

	/* This station's gateway: its own kartu.conf's (main.c: never the
	 * environment's, nor a file named on the command line); the core falls
	 * back to the library's setting. */
	if ((rc = proc_handover_start(cli->st, id, cli->op, o->phone, o->new_phone,
	    cli->cfg.sms_command, &hc, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "id", id);
		json_str(&cli->js, "phone", hc.phone);
		json_str(&cli->js, "via", hc.via);
		if (hc.code[0] != '\0')
			json_str(&cli->js, "code", hc.code);
		json_str(&cli->js, "expires_at", hc.expires_at);
		json_int(&cli->js, "tries", hc.tries);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (hc.code[0] != '\0')
		printf(_("No SMS gateway is set up. Call %s and read out this code: %s\n"
		    "It holds for %d minutes. Then: kartu handover %lld --code CODE"
		    " [--signed-name NAME]\n"), hc.phone, hc.code, hc.minutes, id);
	else
		printf(_("A code was sent by SMS to %s; it holds for %d minutes.\n"
		    "Ask the applicant for it: kartu handover %lld --code CODE"
		    " [--signed-name NAME]\n"), hc.phone, hc.minutes, id);
	sodium_memzero(hc.code, sizeof hc.code);
	return 0;
}

static int
cmd_handover_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "phone", required_argument, NULL, 'p' },
		{ "new-phone", no_argument, NULL, 'n' },
		{ "code", required_argument, NULL, 'c' },
		{ "signed-name", required_argument, NULL, 's' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct handover_opts o = { NULL, NULL, NULL, 0 };
	long long id;
	int rc, left;

	if ((rc = cli_getopt(cli, &cmd_handover_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_handover_entry, argc, 1)) != 0 ||
	    (rc = cli_app_id(cli, argv[optind], &id)) != 0)
		return rc;
	if ((o.phone == NULL) == (o.code == NULL))
		return kt_error(&cli->err, KT_EUSAGE, _("give either --phone (to send a code) or"
		    " --code (the code the applicant received)"));
	if (o.phone != NULL)
		return start(cli, id, &o);
	if ((rc = proc_handover(cli->st, id, cli->op, o.code, o.signed_name, &left,
	    &cli->err)) != 0)
		return rc;
	if (cli->json)
		return cli_show_app(cli, id, 0, 0);
	printf(_("Application %lld: card handed over, phone verified, book signed.\n"), id);
	return 0;
}

const struct cmd_entry cmd_handover_entry = {
	"handover", "APP --phone NUMBER [--new-phone] | APP --code CODE [--signed-name NAME]",
	N_("Step 6: a one-time code to the applicant's phone, then the signed handover."),
	N_("  --phone NUMBER      the number on the applicant's phone; it must match the form\n"
	    "  --new-phone         the applicant has a new number: verify and record it instead\n"
	    "  --code CODE         the 6-digit code the applicant received\n"
	    "  --signed-name NAME  the name as signed in the handover book\n"
	    "The code goes out through the SMS command (sms_command in the station's\n"
	    "kartu.conf, else the setting); without one it is shown to read out on a\n"
	    "test call.  The handover book records which.\n"),
	CMD_NEEDS_DB, cmd_handover_exec,
};
