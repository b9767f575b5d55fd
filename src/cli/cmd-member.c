/*
 * cmd-member.c - kartu member show|find|list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "image.h"
#include "member.h"

struct member_opts {
	const char *category;
	const char *limit;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct member_opts *o = arg;

	(void)cli;
	if (c == 'c')
		o->category = val;
	else if (c == 'l')
		o->limit = val;
	return 0;
}

static const char *
dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

static void
json_member(struct json *js, const struct kt_member *m)
{
	json_str(js, "member_no", m->member_no);
	json_str(js, "status", m->status);
	json_str(js, "category", m->category);
	json_str(js, "name", m->name);
	json_str(js, "birth_place", m->birth_place);
	json_str(js, "birth_date", m->birth_date);
	json_str(js, "sex", m->sex);
	json_str(js, "address", m->address);
	json_str(js, "phone", m->phone);
	json_str(js, "institution", m->institution);
	json_str(js, "guardian", m->guardian);
	json_str(js, "nik", m->nik_masked);
	json_str(js, "expires_on", m->expires_on);
	json_str(js, "created_at", m->created_at);
	json_int(js, "application", m->application_id);
}

static int
show_card(const struct kt_card *c, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "card_no", c->card_no);
		json_int(&cli->js, "issue_no", c->issue_no);
		json_str(&cli->js, "status", c->status);
		json_str(&cli->js, "media", c->media);
		json_str(&cli->js, "printed_at", c->printed_at);
		json_str(&cli->js, "uid", c->uid);
		json_str(&cli->js, "reason", c->reason);
		json_str(&cli->js, "created_at", c->created_at);
		json_object_end(&cli->js);
	} else
		printf("  %s  #%02d  %-8s %-12s %s\n", c->card_no, c->issue_no, c->status,
		    c->media, dash(c->uid));
	return 0;
}

static int
show_member(const struct kt_member *m, void *arg)
{
	struct cli *cli = arg;
	char born[128];
	int rc;

	if (cli->json) {
		json_member(&cli->js, m);
		json_array_begin(&cli->js, "cards");
	} else {
		printf(_("Member %s: %s\n"), m->member_no, m->status);
		printf("  %-14s %s\n", _("Name"), m->name);
		snprintf(born, sizeof born, "%s, %s (%s)", m->birth_place, m->birth_date, m->sex);
		printf("  %-14s %s\n", _("Born"), born);
		printf("  %-14s %s\n", _("Address"), m->address);
		printf("  %-14s %s\n", _("Phone"), m->phone);
		printf("  %-14s %s\n", _("Category"), m->category);
		printf("  %-14s %s\n", _("NIK"), dash(m->nik_masked));
		printf("  %-14s %s\n", _("Institution"), dash(m->institution));
		printf("  %-14s %s\n", _("Valid until"), m->expires_on);
		printf("%s\n", _("Cards:"));
	}
	rc = member_cards(cli->st, m->id, show_card, cli, &cli->err);
	if (cli->json)
		json_array_end(&cli->js);
	return rc;
}

static int
list_member(const struct kt_member *m, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_member(&cli->js, m);
		json_num(&cli->js, "score", m->score);
		json_object_end(&cli->js);
	} else
		printf("%-16s %-7s %-9s %-30s %s  %s\n", m->member_no, m->status, m->category,
		    m->name, m->birth_date, m->phone);
	return 0;
}

/* kartu member photo NUMBER FILE: the photo for cards with a {photo}. */
static int
set_photo(struct cli *cli, const char *number, const char *file)
{
	unsigned char *data;
	size_t len;
	int rc;

	if ((rc = image_read_file(file, &data, &len, &cli->err)) != 0)
		return rc;
	rc = member_set_photo(cli->st, number, data, len, cli->op, &cli->err);
	free(data);
	if (rc != 0)
		return rc;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "member_no", number);
		json_int(&cli->js, "photo_bytes", (long long)len);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else
		printf(_("Photo of member %s kept (%zu KiB).\n"), number, (len + 1023) / 1024);
	return 0;
}

static int
cmd_member_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct member_opts o = { NULL, NULL };
	const char *sub;
	int rc, limit = 50;

	if ((rc = cli_getopt(cli, &cmd_member_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	if (o.limit != NULL && (rc = cli_count(cli, o.limit, &limit)) != 0)
		return rc;
	sub = optind < argc ? argv[optind] : "";
	if (strcmp(sub, "show") == 0 && optind + 2 == argc) {
		char number[64];

		if ((rc = cli_number(cli, argv[optind + 1], number, sizeof number)) != 0)
			return rc;
		if (cli->json)
			json_object_begin(&cli->js, NULL);
		rc = member_get(cli->st, number, show_member, cli, &cli->err);
	} else if ((strcmp(sub, "find") == 0 && optind + 2 == argc) ||
	    (strcmp(sub, "list") == 0 && optind + 1 == argc)) {
		if (cli->json) {
			json_object_begin(&cli->js, NULL);
			json_array_begin(&cli->js, "members");
		}
		if (sub[0] == 'f') {
			const char *query = argv[optind + 1];
			char typed[256];

			/* "-": the query from standard input, as it may be a NIK. */
			rc = cli_secret(cli, "find", _("Member number, phone, NIK or name: "),
			    &query, typed, sizeof typed);
			if (rc == 0)
				rc = member_find(cli->st, query, limit, list_member, cli,
				    &cli->err);
			sodium_memzero(typed, sizeof typed);
		}
		else
			rc = member_list(cli->st, o.category, limit, list_member, cli, &cli->err);
		if (cli->json)
			json_array_end(&cli->js);
	} else if (strcmp(sub, "photo") == 0 && optind + 3 == argc)
		return set_photo(cli, argv[optind + 1], argv[optind + 2]);
	else
		return kt_error(&cli->err, KT_EUSAGE, _("usage: kartu member %s"),
		    cmd_member_entry.usage);
	if (cli->json && rc == 0) {
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return rc;
}

const struct cmd_entry cmd_member_entry = {
	"member", "show NUMBER | find QUERY|- | list [--category CODE] [--limit N] |"
	" photo NUMBER FILE",
	N_("Show a member and its cards, find members, list them, or keep their photo."),
	N_("  find QUERY       a member number, a mobile number, a NIK, or a name\n"
	    "                  (spelling variants and word order do not matter); -\n"
	    "                  reads it from standard input (not shown on a terminal),\n"
	    "                  keeping a NIK off the command line\n"
	    "  --category CODE  list only this category\n"
	    "  --limit N        at most N members (default 50)\n"
	    "  photo NUMBER FILE  keep a PNG or JPEG photo (at most 2 MiB, at least\n"
	    "                   60 x 80 pixels) for layouts with a {photo}\n"),
	CMD_NEEDS_DB, cmd_member_exec,
};
