/*
 * cmd-member.c - kartu member show|find|list|photo|renew|edit|block|unblock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "label.h"
#include "image.h"
#include "member.h"

enum {
	O_UNTIL = 0x200, O_BEFORE, O_YES, O_NAME, O_ADDRESS, O_PHONE, O_INST, O_GUARDIAN,
	O_PLACE, O_BIRTH, O_DOC, O_DOCNO, O_NIK, O_REASON,
};

struct member_opts {
	const char *category;
	const char *limit;
	/* renew, edit, block */
	const char *until, *before, *reason;
	int yes;
	struct member_edit ed;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct member_opts *o = arg;
	const char **slot = NULL;

	switch (c) {
	case 'c':
		o->category = val;
		return 0;
	case 'l':
		o->limit = val;
		return 0;
	case O_YES:
		o->yes = 1;
		return 0;
	case O_UNTIL: slot = &o->until; break;
	case O_BEFORE: slot = &o->before; break;
	case O_REASON: slot = &o->reason; break;
	case O_NAME: slot = &o->ed.name; break;
	case O_ADDRESS: slot = &o->ed.address; break;
	case O_PHONE: slot = &o->ed.phone; break;
	case O_INST: slot = &o->ed.institution; break;
	case O_GUARDIAN: slot = &o->ed.guardian; break;
	case O_PLACE: slot = &o->ed.birth_place; break;
	case O_BIRTH: slot = &o->ed.birth_date; break;
	case O_DOC: slot = &o->ed.document; break;
	case O_DOCNO: slot = &o->ed.document_no; break;
	case O_NIK: slot = &o->ed.nik; break;
	default:
		return 0;
	}
	if (*slot != NULL)
		return kt_error(&cli->err, KT_EUSAGE, _("kartu member: an option is given twice"));
	*slot = val;
	return 0;
}

static const char *
dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

/* The fields a correction names ("name,category"), in words: into buf. */
static void
field_words(const char *list, char *buf, size_t len)
{
	static const struct {
		const char *field, *word;
	} words[] = {
		{ "name", N_("name") }, { "birth_place", N_("birth place") },
		{ "birth_date", N_("birth date") }, { "nik", N_("NIK") },
		{ "address", N_("address") }, { "phone", N_("phone") },
		{ "category", N_("category") }, { "institution", N_("institution") },
		{ "guardian", N_("guardian") },
	};
	char copy[128], *tok, *save;
	size_t n = 0, i;

	buf[0] = '\0';
	snprintf(copy, sizeof copy, "%s", list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL && n < len;
	    tok = strtok_r(NULL, ",", &save)) {
		const char *w = tok;

		for (i = 0; i < nitems(words); i++)
			if (strcmp(tok, words[i].field) == 0)
				w = _(words[i].word);
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "", w);
	}
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
	json_str(js, "block_reason", m->block_reason);
	json_str(js, "blocked_at", m->blocked_at);
	json_str(js, "phone2", m->phone2);
	json_str(js, "registered_on", m->registered_on);
	json_str(js, "legacy_no", m->legacy_no);
	json_str(js, "incomplete", m->incomplete);
	json_str(js, "email", m->email);
	json_str(js, "notes", m->notes);
	json_str(js, "village", m->village);
	json_str(js, "nik_region", m->nik_region);
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
		json_str(&cli->js, "reprint", c->reprint);
		json_object_end(&cli->js);
	} else {
		printf("  %s  #%02d  %-*s %-12s %s", c->card_no, c->issue_no,
		    label_width(LABEL_CARD, 8), label(LABEL_CARD, c->status), c->media,
		    dash(c->uid));
		if (c->reprint != NULL) {
			char words[256];

			field_words(c->reprint, words, sizeof words);
			printf(_("  to print again (%s changed)"), words);
		}
		printf("\n");
	}
	return 0;
}

static int
show_member(const struct kt_member *m, void *arg)
{
	struct cli *cli = arg;
	char born[128], day[16], until[16], ktp[256], vil[320];
	int rc;

	if (cli->json) {
		json_member(&cli->js, m);
		json_array_begin(&cli->js, "cards");
	} else {
		printf(_("Member %s: %s\n"), m->member_no, label(LABEL_MEMBER, m->status));
		printf("  %-14s %s\n", _("Name"), m->name);
		label_date(m->birth_date, day, sizeof day);
		label_date(m->expires_on, until, sizeof until);
		snprintf(born, sizeof born, "%s, %s (%s)", dash(m->birth_place), day, m->sex);
		printf("  %-14s %s\n", _("Born"), born);
		printf("  %-14s %s\n", _("Address"), dash(m->address));
		printf("  %-14s %s\n", _("Phone"), dash(m->phone));
		if (m->phone2 != NULL)
			printf("  %-14s %s\n", _("Phone 2"), m->phone2);
		if (m->email != NULL)
			printf("  %-14s %s\n", _("E-mail"), m->email);
		if (m->legacy_no != NULL)
			printf("  %-14s %s\n", _("Old number"), m->legacy_no);
		if (m->notes != NULL)
			printf("  %-14s %s\n", _("Notes"), m->notes);
		if (m->registered_on != NULL) {
			label_date(m->registered_on, day, sizeof day);
			printf("  %-14s %s\n", _("Registered"), day);
		}
		printf("  %-14s %s\n", _("Category"), m->category);
		printf("  %-14s %s\n", _("NIK"), dash(m->nik_masked));
		cli_region_values(m->nik_region, m->village, ktp, sizeof ktp, vil, sizeof vil);
		if (ktp[0] != '\0')
			printf("  %-14s %s\n", _("KTP region"), ktp);
		if (vil[0] != '\0')
			printf("  %-14s %s\n", _("Village"), vil);
		printf("  %-14s %s\n", _("Institution"), dash(m->institution));
		printf("  %-14s %s\n", _("Valid until"), until);
		if (m->incomplete != NULL) {
			char words[256];

			field_words(m->incomplete, words, sizeof words);
			printf("  %-14s %s\n", _("Incomplete"), words);
			printf("  %s\n", _("Data incomplete: complete at the next visit (kartu member"
			    " edit)."));
		}
		if (m->block_reason != NULL) {
			char at[48];

			label_time(m->blocked_at, 0, at, sizeof at);
			printf("  %-14s %s (%s WIB)\n", _("Blocked"), m->block_reason, at);
		}
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
	char day[16];

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_member(&cli->js, m);
		json_num(&cli->js, "score", m->score);
		json_object_end(&cli->js);
	} else {
		label_date(m->birth_date, day, sizeof day);
		printf("%-16s %-7s %-9s %-30s %s  %s\n", m->member_no,
		    label(LABEL_MEMBER, m->status), m->category, m->name, day, dash(m->phone));
	}
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

/* The member as it is now, after a change (kartu member renew, edit, block). */
static int
show_after(struct cli *cli, const char *mno)
{
	if (!cli->json)
		return 0;
	json_object_begin(&cli->js, "member");
	return member_get(cli->st, mno, show_member, cli, &cli->err);
}

static void
finish(struct cli *cli)
{
	json_object_end(&cli->js);	/* the member */
	json_object_end(&cli->js);
	json_finish(&cli->js);
}

/* kartu member renew NUMBER [--until DATE] */
static int
renew_one(struct cli *cli, const char *arg, const struct member_opts *o)
{
	char number[64], mno[MEMBERNO_MAX], was[11], now[11];
	int rc;

	if ((rc = cli_number(cli, arg, number, sizeof number)) != 0 ||
	    (rc = member_renew(cli->st, number, o->until, cli->op, mno, was, now,
	    &cli->err)) != 0)
		return rc;
	if (!cli->json) {
		printf(_("Member %s renewed: valid until %s (was %s).\n"), mno, now, was);
		return 0;
	}
	json_object_begin(&cli->js, NULL);
	json_str(&cli->js, "member_no", mno);
	json_str(&cli->js, "expires_was", was);
	json_str(&cli->js, "expires_on", now);
	if ((rc = show_after(cli, mno)) == 0)
		finish(cli);
	return rc;
}

static int
list_due(const struct kt_renewal *r, void *arg)
{
	struct cli *cli = arg;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "member_no", r->member_no);
		json_str(&cli->js, "name", r->name);
		json_str(&cli->js, "category", r->category);
		json_str(&cli->js, "expires_on", r->expires_on);
		json_str(&cli->js, "new_expires_on", r->new_expires);
		json_object_end(&cli->js);
	} else
		printf("%-16s %-9s %-30s %s -> %s\n", r->member_no, r->category, r->name,
		    r->expires_on, r->new_expires);
	return 0;
}

static void
renew_progress(long long done, long long total, void *arg)
{
	(void)arg;
	if (total >= 1000)
		fprintf(stderr, _("kartu: %lld of %lld members renewed\n"), done, total);
}

/* kartu member renew --expiring-before DATE [--yes]: the list, and only with
 * --yes the renewal, in one transaction. */
static int
renew_due(struct cli *cli, const struct member_opts *o)
{
	long long n = 0;
	int rc;

	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "expiring_before", o->before);
		json_array_begin(&cli->js, "members");
	}
	rc = member_renew_due(cli->st, o->before, o->yes, cli->op, o->yes && !cli->json ?
	    NULL : list_due, renew_progress, cli, &n, &cli->err);
	if (rc != 0)
		return rc;
	if (cli->json) {
		json_array_end(&cli->js);
		json_int(&cli->js, "count", n);
		json_bool(&cli->js, "renewed", o->yes);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	} else if (o->yes)
		printf(_("%lld member(s) renewed.\n"), n);
	else if (n == 0)
		printf(_("No member expires before %s.\n"), o->before);
	else
		printf(_("%lld member(s) to renew; nothing is changed until you add --yes.\n"),
		    n);
	return 0;
}

/* kartu member edit NUMBER --FIELD VALUE... */
static int
edit(struct cli *cli, const char *arg, struct member_opts *o)
{
	struct member_edited out;
	char number[64], docno[128] = "", nik[128] = "";
	int rc;

	if ((rc = cli_number(cli, arg, number, sizeof number)) != 0)
		return rc;
	o->ed.category = o->category;
	/* "-": the numbers from standard input, in this order, off argv. */
	if ((rc = cli_secret(cli, "--document-no", _("Document number: "), &o->ed.document_no,
	    docno, sizeof docno)) != 0 ||
	    (rc = cli_secret(cli, "--nik", _("NIK: "), &o->ed.nik, nik, sizeof nik)) != 0)
		goto out;
	if ((rc = member_edit(cli->st, number, &o->ed, cli->op, &out, &cli->err)) != 0)
		goto out;
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "member_no", out.member_no);
		json_str(&cli->js, "changed", out.changed);
		json_str(&cli->js, "reprint", out.reprint[0] != '\0' ? out.reprint : NULL);
		cli_json_dupes(&cli->js, &out.dupes);
		if ((rc = show_after(cli, out.member_no)) == 0)
			finish(cli);
	} else {
		char words[256];

		field_words(out.changed, words, sizeof words);
		if (out.changed[0] == '\0')
			printf(_("Member %s: nothing changed.\n"), out.member_no);
		else
			printf(_("Member %s corrected: %s.\n"), out.member_no, words);
		field_words(out.reprint, words, sizeof words);
		if (out.reprint[0] != '\0')
			printf(_("The card shows the old %s: print it again (kartu print %s).\n"),
			    words, out.member_no);
		if (strstr(out.changed, "name") != NULL || strstr(out.changed, "birth_date") !=
		    NULL || strstr(out.changed, "nik") != NULL)
			cli_print_dupes(cli, &out.dupes);
	}
	dupes_free(&out.dupes);
out:
	sodium_memzero(docno, sizeof docno);
	sodium_memzero(nik, sizeof nik);
	return rc;
}

/* kartu member block NUMBER --reason TEXT, kartu member unblock NUMBER */
static int
block(struct cli *cli, const char *arg, const struct member_opts *o, int on)
{
	char number[64], mno[MEMBERNO_MAX];
	int rc;

	if ((rc = cli_number(cli, arg, number, sizeof number)) != 0)
		return rc;
	rc = on ? member_block(cli->st, number, o->reason, cli->op, mno, &cli->err) :
	    member_unblock(cli->st, number, o->reason, cli->op, mno, &cli->err);
	if (rc != 0)
		return rc;
	if (!cli->json) {
		if (on)
			printf(_("Member %s blocked: the desk answers BLOCKED for its cards.\n"),
			    mno);
		else
			printf(_("Member %s unblocked.\n"), mno);
		return 0;
	}
	json_object_begin(&cli->js, NULL);
	json_str(&cli->js, "member_no", mno);
	json_bool(&cli->js, "blocked", on);
	if ((rc = show_after(cli, mno)) == 0)
		finish(cli);
	return rc;
}

/* Options that belong to one subcommand only, given to another. */
static int
stray(struct cli *cli, const char *sub, const struct member_opts *o)
{
	const struct member_edit *ed = &o->ed;
	int is_edit = strcmp(sub, "edit") == 0, is_renew = strcmp(sub, "renew") == 0;
	int is_block = strcmp(sub, "block") == 0 || strcmp(sub, "unblock") == 0;

	if ((!is_edit && (ed->name != NULL || ed->address != NULL || ed->phone != NULL ||
	    ed->institution != NULL || ed->guardian != NULL || ed->birth_place != NULL ||
	    ed->birth_date != NULL || ed->document != NULL || ed->document_no != NULL ||
	    ed->nik != NULL)) || (!is_renew && (o->until != NULL || o->before != NULL ||
	    o->yes)) || (!is_block && o->reason != NULL) || (o->category != NULL &&
	    !is_edit && strcmp(sub, "list") != 0))
		return kt_error(&cli->err, KT_EUSAGE, _("kartu member %s does not take that"
		    " option (see kartu member --help)"), sub);
	return 0;
}

static int
cmd_member_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "expiring-before", required_argument, NULL, O_BEFORE },
		{ "yes", no_argument, NULL, O_YES },
		{ "name", required_argument, NULL, O_NAME },
		{ "address", required_argument, NULL, O_ADDRESS },
		{ "phone", required_argument, NULL, O_PHONE },
		{ "institution", required_argument, NULL, O_INST },
		{ "guardian", required_argument, NULL, O_GUARDIAN },
		{ "birth-place", required_argument, NULL, O_PLACE },
		{ "birth-date", required_argument, NULL, O_BIRTH },
		{ "document", required_argument, NULL, O_DOC },
		{ "document-no", required_argument, NULL, O_DOCNO },
		{ "nik", required_argument, NULL, O_NIK },
		{ "reason", required_argument, NULL, O_REASON },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct member_opts o;
	const char *sub;
	int rc, limit = 50;

	memset(&o, 0, sizeof o);
	if ((rc = cli_getopt(cli, &cmd_member_entry, argc, argv, longopts, opt, &o)) != 0)
		return rc;
	if (o.limit != NULL && (rc = cli_count(cli, o.limit, &limit)) != 0)
		return rc;
	sub = optind < argc ? argv[optind] : "";
	if ((rc = stray(cli, sub, &o)) != 0)
		return rc;
	if (strcmp(sub, "renew") == 0 && optind + 2 == argc && o.before == NULL && !o.yes)
		return renew_one(cli, argv[optind + 1], &o);
	if (strcmp(sub, "renew") == 0 && optind + 1 == argc && o.before != NULL &&
	    o.until == NULL)
		return renew_due(cli, &o);
	if (strcmp(sub, "edit") == 0 && optind + 2 == argc)
		return edit(cli, argv[optind + 1], &o);
	if ((strcmp(sub, "block") == 0 || strcmp(sub, "unblock") == 0) && optind + 2 == argc)
		return block(cli, argv[optind + 1], &o, sub[0] == 'b');
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
	" photo NUMBER FILE | renew NUMBER [--until DATE] | renew --expiring-before DATE"
	" [--yes] | edit NUMBER [--name NAME] [--address TEXT] [--phone NUMBER]"
	" [--category CODE] [--institution NAME] [--guardian NAME] [--birth-place PLACE]"
	" [--birth-date DATE --document KIND --document-no NO|-] [--nik NIK|-] |"
	" block NUMBER --reason TEXT | unblock NUMBER [--reason TEXT]",
	N_("Show a member and its cards, find members, list them, keep their photo;"
	    " renew, correct, block and unblock members."),
	N_("  find QUERY       a member or card number, an old system's number, a\n"
	    "                  mobile number, a NIK, or part of a name: words or their\n"
	    "                  start, in any order, spelled as the already-a-member\n"
	    "                  check folds them (budi, M Rizki, nurhaliza), best first;\n"
	    "                  - reads it from standard input (not shown on a\n"
	    "                  terminal), keeping a NIK off the command line\n"
	    "  --category CODE  list only this category\n"
	    "  --limit N        at most N members (default 50)\n"
	    "  photo NUMBER FILE  keep a PNG or JPEG photo (at most 2 MiB, at least\n"
	    "                   60 x 80 pixels) for layouts with a {photo}\n"
	    "  renew NUMBER     the category's term more, from the expiry (or from today\n"
	    "                   when past); --until DATE an earlier date instead\n"
	    "  renew --expiring-before DATE  list the members expired or expiring\n"
	    "                   before DATE; --yes renews them all, in one transaction\n"
	    "  edit NUMBER      correct the record (officer or operator); a new birth\n"
	    "                   date or NIK needs --document KIND --document-no - (read\n"
	    "                   from standard input); --institution '' or --guardian ''\n"
	    "                   removes one; a new name or category marks the card to\n"
	    "                   print again\n"
	    "  block NUMBER --reason TEXT  the desk answers BLOCKED and shows the reason\n"
	    "                   (officer); unblock NUMBER [--reason TEXT] lifts it\n"),
	CMD_NEEDS_DB, cmd_member_exec,
};
