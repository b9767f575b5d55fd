/*
 * cmd-complaint.c - kartu complaint add|list|show|update: complaints from the
 * five channels and their follow-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "label.h"
#include "complaint.h"

struct complaint_opts {
	const char *channel, *text, *member, *application, *status, *note;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct complaint_opts *o = arg;

	(void)cli;
	switch (c) {
	case 'c': o->channel = val; break;
	case 't': o->text = val; break;
	case 'm': o->member = val; break;
	case 'a': o->application = val; break;
	case 's': o->status = val; break;
	case 'n': o->note = val; break;
	}
	return 0;
}

static int
print_complaint(const struct kt_complaint *c, void *arg)
{
	struct cli *cli = arg;
	char at[40];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_int(&cli->js, "id", c->id);
		json_str(&cli->js, "channel", c->channel);
		json_str(&cli->js, "status", c->status);
		json_str(&cli->js, "text", c->text);
		json_str(&cli->js, "member_no", c->member_no);
		if (c->application_id != 0)
			json_int(&cli->js, "application", c->application_id);
		json_str(&cli->js, "created_at", c->created_at);
		json_str(&cli->js, "created_by", c->created_by);
		json_str(&cli->js, "updated_at", c->updated_at);
		json_object_end(&cli->js);
		return 0;
	}
	label_time(c->created_at, 0, at, sizeof at);
	printf("K%-5lld %-16s %-12s %s  %.60s\n", c->id, c->status,
	    label(LABEL_CHANNEL, c->channel), at, c->text);
	return 0;
}

static int
print_event(const struct kt_complaint_event *ev, void *arg)
{
	struct cli *cli = arg;
	char at[40];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "at", ev->at);
		json_str(&cli->js, "operator", ev->operator);
		json_str(&cli->js, "from", ev->from_status);
		json_str(&cli->js, "to", ev->to_status);
		json_str(&cli->js, "note", ev->note);
		json_object_end(&cli->js);
	} else {
		label_time(ev->at, 0, at, sizeof at);
		printf("  %s  %-12s %s%s%s\n", at, ev->operator, ev->to_status,
		    ev->note != NULL ? ": " : "", ev->note != NULL ? ev->note : "");
	}
	return 0;
}

static int
complaint_id(struct cli *cli, const char *s, long long *id)
{
	char *end;

	if (s[0] == 'K' || s[0] == 'k')
		s++;
	*id = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *id <= 0)
		return kt_error(&cli->err, KT_EUSAGE, _("'%.40s' is not a complaint number"), s);
	return 0;
}

static int
show(struct cli *cli, long long id)
{
	int rc;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_array_begin(&cli->js, "complaint");
	}
	if ((rc = complaint_list(cli->st, id, NULL, NULL, print_complaint, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_array_begin(&cli->js, "history");
	} else
		printf(_("History:\n"));
	if ((rc = complaint_history(cli->st, id, print_event, cli, &cli->err)) != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return 0;
}

static int
cmd_complaint_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "channel", required_argument, NULL, 'c' },
		{ "text", required_argument, NULL, 't' },
		{ "member", required_argument, NULL, 'm' },
		{ "application", required_argument, NULL, 'a' },
		{ "status", required_argument, NULL, 's' },
		{ "note", required_argument, NULL, 'n' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct complaint_opts o = { NULL, NULL, NULL, NULL, NULL, NULL };
	long long id, app = 0;
	const char *sub;
	int rc, n;

	if ((rc = cli_getopt(cli, &cmd_complaint_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	n = argc - optind;
	sub = n > 0 ? argv[optind] : "";
	if (strcmp(sub, "add") == 0 && n == 1) {
		if (o.application != NULL && (rc = cli_app_id(cli, o.application, &app)) != 0)
			return rc;
		if ((rc = complaint_add(cli->st, cli->op, o.channel, o.text, o.member, app, &id,
		    &cli->err)) != 0)
			return rc;
		if (!cli->json) {
			printf(_("Complaint K%lld recorded (diterima).\n"), id);
			return 0;
		}
		return show(cli, id);
	}
	if (strcmp(sub, "list") == 0 && n == 1) {
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_array_begin(&cli->js, "complaints");
		}
		if ((rc = complaint_list(cli->st, 0, o.status, o.channel, print_complaint, cli,
		    &cli->err)) != 0)
			return rc;
		if (cli->json) {
			json_array_end(&cli->js);
			json_object_end(&cli->js);
			json_finish(&cli->js);
		}
		return 0;
	}
	if (strcmp(sub, "show") == 0 && n == 2) {
		if ((rc = complaint_id(cli, argv[optind + 1], &id)) != 0)
			return rc;
		return show(cli, id);
	}
	if (strcmp(sub, "update") == 0 && n == 2) {
		if ((rc = complaint_id(cli, argv[optind + 1], &id)) != 0)
			return rc;
		if ((rc = complaint_update(cli->st, cli->op, id, o.status, o.note,
		    &cli->err)) != 0)
			return rc;
		if (!cli->json) {
			printf(_("Complaint K%lld is now %s.\n"), id, o.status);
			return 0;
		}
		return show(cli, id);
	}
	return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu complaint %s"),
	    cmd_complaint_entry.usage);
}

const struct cmd_entry cmd_complaint_entry = {
	"complaint",
	"add --channel kotak-saran|website|email|facebook|instagram --text TEXT"
	" [--member N | --application A] | list [--status S] [--channel C] | show ID"
	" | update ID --status diterima|dianalisis|ditindaklanjuti|selesai --note TEXT",
	N_("Record complaints and suggestions from the five channels and follow them up."),
	N_("  --channel C    kotak-saran (suggestion box), website, email, facebook, instagram\n"
	    "  --text TEXT    what the complaint says\n"
	    "  --member N     the member it concerns; --application A: the application\n"
	    "  --status S     diterima, dianalisis, ditindaklanjuti, selesai (forward only)\n"
	    "  --note TEXT    what was found or done (kept in the history)\n"),
	CMD_NEEDS_DB, cmd_complaint_exec,
};
