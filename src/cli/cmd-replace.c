/*
 * cmd-replace.c - kartu replace: a new card for a lost or damaged one.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "card.h"
#include "cli.h"
#include "label.h"
#include "barcode.h"
#include "tag.h"

struct replace_opts {
	struct replace_req q;
	int tap, encode;
	const char *reader, *timeout, *scan;
};

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct replace_opts *o = arg;

	(void)cli;
	switch (c) {
	case 'c':
		o->q.old_card = val;
		break;
	case 'm':
		o->q.member_no = val;
		break;
	case 'k':
		o->q.nik = val;
		break;
	case 'R':
		o->q.reason = val;
		break;
	case 'd':
		o->q.document = val;
		break;
	case 'n':
		o->q.document_no = val;
		break;
	case 'T':
		o->tap = 1;
		break;
	case 'S':
		o->scan = val;
		break;
	case 'e':
		o->encode = 1;
		break;
	case 'r':
		o->reader = val;
		break;
	case 't':
		o->timeout = val;
		break;
	}
	return 0;
}

/* Read the old card's number from its chip; the payload must verify. */
static int
read_old(struct cli *cli, const struct replace_opts *o, char *card_no)
{
	struct card_payload p;
	struct keys k;
	struct tag t;
	int rc, secs = 60;

	if (o->timeout != NULL && (rc = cli_count(cli, o->timeout, &secs)) != 0)
		return rc;
	if ((rc = keys_load(cli->key_dir, 0, &k, &cli->err)) != 0 ||
	    (rc = cli_open_reader(cli, o->reader)) != 0)
		return rc;
	fprintf(stderr, "%s\n", _("Tap the old card on the reader..."));
	if ((rc = reader_wait(cli->reader, secs * 1000, &t, &cli->err)) != 0 ||
	    (rc = tag_read(cli->reader, &t, &p, &cli->err)) != 0)
		return rc;
	if ((rc = payload_verify(&p, t.uid, t.uidlen, k.pk, &cli->err)) != 0)
		return rc;
	snprintf(card_no, CARDNO_MAX, "%s", p.card_no);
	if (o->encode) {
		fprintf(stderr, "%s\n", _("Take the old card off the reader..."));
		if ((rc = reader_wait_removed(cli->reader, secs * 1000, &cli->err)) != 0)
			return rc;
	}
	return 0;
}

/* Before the new card is tapped, the old one (if it lies on the reader) must go. */
static int
clear_reader(struct cli *cli, const struct replace_opts *o)
{
	struct tag t;
	int rc, secs = 60;

	if (o->timeout != NULL && (rc = cli_count(cli, o->timeout, &secs)) != 0)
		return rc;
	if ((rc = cli_open_reader(cli, o->reader)) != 0)
		return rc;
	if (reader_wait(cli->reader, 300, &t, NULL) != 0)
		return 0;	/* nothing on the reader */
	fprintf(stderr, "%s\n", _("Take the old card off the reader..."));
	return reader_wait_removed(cli->reader, secs * 1000, &cli->err);
}

static int
cmd_replace_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "card", required_argument, NULL, 'c' },
		{ "member", required_argument, NULL, 'm' },
		{ "nik", required_argument, NULL, 'k' },
		{ "tap", no_argument, NULL, 'T' },
		{ "scan", required_argument, NULL, 'S' },
		{ "reason", required_argument, NULL, 'R' },
		{ "document", required_argument, NULL, 'd' },
		{ "document-no", required_argument, NULL, 'n' },
		{ "encode", no_argument, NULL, 'e' },
		{ "reader", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct replace_opts o = { { 0 }, 0, 0, NULL, NULL, NULL };
	struct barcode_result res[8];
	int n, k;
	char old_read[CARD_CODE_MAX], new_card[CARDNO_MAX], old_card[CARDNO_MAX];
	char typed[CARD_CODE_MAX], nik[128], docno[128], media[16];
	int rc;

	if ((rc = cli_getopt(cli, &cmd_replace_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_replace_entry, argc, 0)) != 0)
		return rc;
	if (o.q.old_card != NULL && o.q.member_no != NULL)
		return kt_error(&cli->err, KT_EUSAGE, _("give --card or --member, not both"));
	if (o.q.old_card != NULL) {
		if ((rc = cli_number(cli, o.q.old_card, typed, sizeof typed)) != 0)
			return rc;
		o.q.old_card = typed;
	} else if (o.q.member_no != NULL) {
		if ((rc = cli_number(cli, o.q.member_no, typed, sizeof typed)) != 0)
			return rc;
		o.q.member_no = typed;
	}
	/* "-": the identity numbers from standard input, off argv. */
	if ((rc = cli_secret(cli, "--nik", _("NIK: "), &o.q.nik, nik, sizeof nik)) != 0 ||
	    (rc = cli_secret(cli, "--document-no", _("Document number: "), &o.q.document_no,
	    docno, sizeof docno)) != 0)
		return rc;
	if (o.scan != NULL) {	/* a scan or photo of the old card's barcode */
		if (o.q.old_card != NULL || o.tap)
			return kt_error(&cli->err, KT_EUSAGE, _("give --scan, --tap or --card, not two"));
		if ((rc = barcode_file(o.scan, res, 8, &n, &cli->err)) != 0)
			return rc;
		for (k = 0; k < n; k++)
			if (barcode_code(res[k].text, old_read, sizeof old_read, &cli->err) == 0)
				break;
		if (k == n)
			return kt_error(&cli->err, KT_EUSAGE,
			    _("the barcode in %s is no card number of this library"), o.scan);
		o.q.old_card = old_read;
	}
	if (o.tap) {
		if (o.q.old_card != NULL)
			return kt_error(&cli->err, KT_EUSAGE, _("give --tap or --card, not both"));
		if ((rc = read_old(cli, &o, old_read)) != 0)
			return rc;
		o.q.old_card = old_read;
	}
	rc = card_replace(cli->st, &o.q, cli->op, new_card, old_card, media, &cli->err);
	sodium_memzero(nik, sizeof nik);
	sodium_memzero(docno, sizeof docno);
	if (rc != 0)
		return rc;
	if (o.encode && strcmp(media, "printed") == 0)
		return kt_error(&cli->err, KT_EREFUSED, _("card %s is now %s and no longer"
		    " works; new card %s is a printed card, with no chip to encode: print it"
		    " (kartu print %s)"), old_card, o.q.reason, new_card, new_card);
	if (!cli->json && strcmp(media, "printed") == 0)
		printf(_("Card %s is now %s and no longer works; new card %s is waiting to"
		    " be printed (kartu print %s).\n"), old_card, o.q.reason, new_card, new_card);
	else if (!cli->json && strcmp(media, "chip+printed") == 0)
		printf(_("Card %s is now %s and no longer works; new card %s is waiting for"
		    " its chip and its print (kartu encode %s, kartu print %s).\n"), old_card,
		    o.q.reason, new_card, new_card, new_card);
	else if (!cli->json)
		printf(_("Card %s is now %s and no longer works; new card %s is waiting for"
		    " its chip (kartu encode %s).\n"), old_card, label(LABEL_CARD, o.q.reason),
		    new_card, new_card);
	if (o.encode) {
		/* The replacement is committed whatever the chip does next: a
		 * failure here must say so, and what is left to do. */
		if ((!o.tap && (rc = clear_reader(cli, &o)) != 0) ||
		    (rc = cli_encode(cli, new_card, o.reader, o.timeout)) != 0) {
			char why[sizeof cli->err.msg];

			snprintf(why, sizeof why, "%s", cli->err.msg);
			return kt_error(&cli->err, rc, _("the replacement is done (card %s no"
			    " longer works, new card %s is recorded) but the new card's chip"
			    " was not written: %.200s. Encode it next: kartu encode %s"),
			    old_card, new_card, why, new_card);
		}
		return 0;
	}
	if (cli->json) {
		json_object_begin(&cli->js, NULL);
		json_str(&cli->js, "old_card", old_card);
		json_str(&cli->js, "old_status", o.q.reason);
		json_str(&cli->js, "new_card", new_card);
		json_str(&cli->js, "status", "new");
		json_str(&cli->js, "media", media);
		json_object_end(&cli->js);
		json_finish(&cli->js);
	}
	return 0;
}

const struct cmd_entry cmd_replace_entry = {
	"replace", "(--tap | --scan FILE | --card CARD | --member NUMBER | --nik NIK|-)"
	" --reason lost|damaged"
	" --document KIND [--document-no NO|-] [--encode] [--reader CONN]",
	N_("Replace a lost or damaged card: the old card stops working at once."),
	N_("  --tap            find the member by tapping the old card\n"
	    "  --scan FILE      ... by a scan or photo of its barcode (PNG, JPEG)\n"
	    "  --card CARD      ... by the old card's number; - reads it from a\n"
	    "                   keyboard-wedge scanner or the keyboard\n"
	    "  --member NUMBER  ... by the member number (- as for --card)\n"
	    "  --nik NIK        ... by the member's NIK (compared through its hash); -\n"
	    "                   reads it from standard input (not shown on a terminal),\n"
	    "                   keeping it out of the process list and the shell's\n"
	    "                   history: recommended\n"
	    "  --reason R       lost or damaged\n"
	    "  --document KIND  what the member showed: ktp, sim, kartu-pelajar or\n"
	    "                   kartu-anggota-lama (the old card: no number needed)\n"
	    "  --document-no NO its number (a KTP must carry the member's own NIK); -\n"
	    "                   reads it from standard input, after --nik's\n"
	    "  --encode         then write the new card to the chip tapped\n"
	    "  --reader CONN    the libnfc connection string\n"),
	CMD_NEEDS_DB, cmd_replace_exec,
};
