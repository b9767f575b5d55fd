/*
 * cmd-desk.c - kartu desk: the desk's answer for each card, tapped on the
 * reader, typed or scanned by a keyboard wedge (--number), or read by a
 * barcode scanner device (--scanner).  Until Ctrl-C, or one answer with
 * --once, whose exit status is the verdict.
 *
 * On a PostgreSQL register the desk keeps the station's revocation list
 * (revlist.h) up to date: at the start when the server answers, and while it
 * runs on each note of a change to a card or member (LISTEN/NOTIFY, on a
 * connection of its own) and every minute.  When the server cannot be reached, or the
 * connection drops, it answers offline from the card and that list, and
 * tries the server again (after 1, 2, 4, ... up to 60 seconds) until it is
 * back.  The desk check writes nothing to the register, online or offline:
 * there is nothing to send again when the server returns.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "cli.h"
#include "revlist.h"
#include "reader.h"
#include "barcode.h"
#include "scanner.h"

static int
opt(struct cli *cli, int c, const char *val, void *arg)
{
	struct desk_opts *o = arg;

	(void)cli;
	switch (c) {
	case '1':
		o->once = 1;
		break;
	case 'N':
		o->number = val;
		break;
	case 'r':
		o->reader = val;
		break;
	case 't':
		o->timeout = val;
		break;
	case 'S':
		o->scanner = val;
		break;
	}
	return 0;
}

/* The exit status of kartu desk --once and --number for each verdict. */
static int
verdict_status(enum verdict v)
{
	return v == VERDICT_ACTIVE ? 0 : 10 + (int)v - (int)VERDICT_EXPIRED;
}

/*
 * Online and offline.  One desk state per run: the list in memory, when it
 * was last refreshed and when the server is to be tried again.
 */
#define LIST_REFRESH_S 60	/* a long-running desk refreshes its list */
#define RETRY_MAX_S 60		/* the longest wait between two tries */

struct desk_state {
	struct revlist list;
	int have_list;
	struct store *lis;		/* a connection of its own that listens
					   for the register's notes, or NULL */
	struct timespec refreshed;	/* CLOCK_MONOTONIC */
	struct timespec retry_at;
	int backoff;			/* seconds before the next try */
};

static double
since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* The time of an offline check: the run's clock (fixed in tests). */
static time_t
desk_now(const struct cli *cli)
{
	return cli->clock != 0 ? cli->clock : time(NULL);
}

/* Listen for the register's notes (a long-running desk on PostgreSQL), on a
 * connection of its own; without one the minute's refresh still runs. */
static void
listen_start(struct cli *cli, struct desk_state *ds)
{
	struct kt_err e = { 0 };

	if (ds->lis != NULL || !store_remote(cli->db_path))
		return;
	if (store_open(cli->db_path, 0, &ds->lis, &e) != 0 || store_listen(ds->lis, &e) != 0) {
		store_close(ds->lis);
		ds->lis = NULL;
	}
}

static void
listen_stop(struct desk_state *ds)
{
	store_close(ds->lis);
	ds->lis = NULL;
}

/* Whether the register may have changed since the list was refreshed: a note
 * of another station's change of a card or member (live's LISTEN/NOTIFY), or
 * a minute gone by.  A listener whose connection is lost says yes: the
 * refresh then finds out whether the server is there. */
static int
register_changed(struct desk_state *ds)
{
	struct store_note n;
	struct kt_err e = { 0 };
	int rc, changed = 0;

	while (ds->lis != NULL && (rc = store_wait_note(ds->lis, 0, &n, &e)) != KT_ENOTFOUND) {
		if (rc != 0) {
			listen_stop(ds);
			changed = 1;
		} else if (revlist_note_matters(&n))
			changed = 1;
	}
	return changed || since(&ds->refreshed) >= LIST_REFRESH_S;
}

/* Lose the connection: the desk answers offline from now on, from the list
 * on disk (one that does not verify is not used). */
static void
go_offline(struct cli *cli, struct desk_state *ds, const char *why)
{
	struct kt_err e = { 0 };

	store_close(cli->st);
	cli->st = NULL;
	listen_stop(ds);
	cli->offline = 1;
	snprintf(cli->offline_why, sizeof cli->offline_why, "%s", why);
	clock_gettime(CLOCK_MONOTONIC, &ds->retry_at);
	ds->backoff = 1;
	ds->retry_at.tv_sec += ds->backoff;
	revlist_free(&ds->list);
	ds->have_list = revlist_load(cli->key_dir, &ds->list, &e) == 0;
	if (!cli->json)
		fprintf(stderr, _("kartu: %s: answering offline\n"), why);
	if (!ds->have_list && !cli->json)
		fprintf(stderr, _("kartu: warning: %s: taps cannot be answered offline\n"),
		    e.msg);
}

/* Bring the station's list up to date from the register (a PostgreSQL
 * one: an SQLite station is never offline and keeps none).  A server that
 * went away takes the desk offline; any other failure is said and the old
 * list stays. */
static void
refresh_list(struct cli *cli, struct desk_state *ds)
{
	struct kt_err e = { 0 };
	int rc;

	if (cli->st == NULL || !store_remote(cli->db_path))
		return;
	clock_gettime(CLOCK_MONOTONIC, &ds->refreshed);
	if ((rc = revlist_refresh(cli->st, cli->key_dir, NULL, &e)) == KT_EOFFLINE)
		go_offline(cli, ds, e.msg);
	else if (rc != 0)
		fprintf(stderr, _("kartu: warning: the revocation list was not refreshed: %s\n"),
		    e.msg);
}

/* Offline, with the server's next try due: try it.  Back, the list is
 * refreshed at once. */
static void
try_online(struct cli *cli, struct desk_state *ds)
{
	struct timespec now;

	if (cli->st != NULL || since(&ds->retry_at) < 0)
		return;
	memset(&cli->err, 0, sizeof cli->err);
	if (cli_open_store(cli, CMD_NEEDS_DB) == 0) {
		cli->offline = 0;
		ds->backoff = 0;
		if (!cli->json)
			fprintf(stderr, "%s\n", _("kartu: the register's server is back"));
		listen_start(cli, ds);
		refresh_list(cli, ds);
		return;
	}
	store_close(cli->st);
	cli->st = NULL;
	ds->backoff = ds->backoff < 1 ? 1 : ds->backoff * 2 > RETRY_MAX_S ? RETRY_MAX_S :
	    ds->backoff * 2;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ds->retry_at = now;
	ds->retry_at.tv_sec += ds->backoff;
}

/* The desk starts: offline since main could not reach the server, or
 * online with the list refreshed. */
static void
desk_start(struct cli *cli, struct desk_state *ds)
{
	memset(ds, 0, sizeof *ds);
	clock_gettime(CLOCK_MONOTONIC, &ds->refreshed);
	if (cli->offline) {
		char why[sizeof cli->offline_why];

		snprintf(why, sizeof why, "%s", cli->offline_why);
		go_offline(cli, ds, why);
	} else
		refresh_list(cli, ds);
}

/* What a long-running desk does between two cards. */
static void
desk_keep(struct cli *cli, struct desk_state *ds)
{
	if (cli->st == NULL)
		try_online(cli, ds);
	if (cli->st == NULL)
		return;
	/* Listening first: a change after it is heard, one before it is in
	 * the list refreshed next. */
	if (ds->lis == NULL)
		listen_start(cli, ds);
	if (register_changed(ds))
		refresh_list(cli, ds);
}

/* Offline without a list that verifies: no answer can be given. */
static int
no_list(struct cli *cli)
{
	return kt_error(&cli->err, KT_EOFFLINE, _("the register's server cannot be reached"
	    " and this station has no revocation list that verifies: no answer offline"));
}

/* The answer for a tapped card, online or offline; a connection that drops
 * during the check is answered offline. */
static int
check_tag(struct cli *cli, struct desk_state *ds, const struct keys *k, const struct tag *t,
    struct card_verdict *v)
{
	int rc;

	if (cli->st != NULL) {
		rc = card_check_tag(cli->st, k, cli->reader, t, cli->origin_key, v, &cli->err);
		if (rc != KT_EOFFLINE)
			return rc;
		go_offline(cli, ds, cli->err.msg);
		memset(&cli->err, 0, sizeof cli->err);
	}
	if (!ds->have_list)
		return no_list(cli);
	return card_check_tag_offline(k, cli->reader, t, cli->origin_key, &ds->list,
	    desk_now(cli), v, &cli->err);
}

/* The answer for a typed or scanned number, online or offline. */
static int
check_number(struct cli *cli, struct desk_state *ds, const char *number,
    struct card_verdict *v)
{
	int rc;

	if (cli->st != NULL) {
		rc = card_check_number(cli->st, number, v, &cli->err);
		if (rc != KT_EOFFLINE)
			return rc;
		go_offline(cli, ds, cli->err.msg);
		memset(&cli->err, 0, sizeof cli->err);
	}
	if (!ds->have_list)
		return no_list(cli);
	return card_check_number_offline(&ds->list, number, desk_now(cli), v, &cli->err);
}

static int answer(struct cli *, struct desk_state *, const struct desk_opts *);

static struct reader *volatile interrupted_reader;
static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	(void)sig;
	got_signal = 1;
	if (interrupted_reader != NULL)
		reader_abort(interrupted_reader);
}

/* The reader failed at the desk (unplugged, its USB-serial adapter gone):
 * say so, and open it again every second until it is back or Ctrl-C. */
static int
reopen_reader(struct cli *cli, const struct desk_opts *o, int first)
{
	struct timespec pause = { 1, 0 };

	if (first)
		fprintf(stderr, _("kartu: no reader yet (%s): waiting for it\n"), cli->err.msg);
	/* the message in cli->err was said; what follows is about the wait */
	else
		fprintf(stderr, _("kartu: the reader is gone (%s): waiting for it\n"),
		    cli->err.msg);
	interrupted_reader = NULL;
	reader_close(cli->reader);
	cli->reader = NULL;
	while (!got_signal) {
		nanosleep(&pause, NULL);
		if (!got_signal && cli_open_reader(cli, o->reader) == 0) {
			interrupted_reader = cli->reader;
			fprintf(stderr, "%s\n", _("kartu: the reader is back"));
			return 0;
		}
	}
	return kt_error(&cli->err, KT_EFAIL, _("interrupted"));
}

/* The desk: answer every tap until Ctrl-C (or one tap with --once). */
static int
desk(struct cli *cli, struct desk_state *ds, const struct desk_opts *o)
{
	struct timespec started;
	struct sigaction sa;
	struct card_verdict v;
	struct keys k;
	struct tag t;
	int rc, secs = -1;

	if (o->timeout != NULL && (rc = cli_count(cli, o->timeout, &secs)) != 0)
		return rc;
	if ((rc = keys_load(cli->key_dir, 0, &k, &cli->err)) != 0)
		return rc;
	sa.sa_handler = on_signal;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* At the desk a reader not plugged in yet is waited for; --once is a
	 * script's question and gets an answer at once. */
	if ((rc = cli_open_reader(cli, o->reader)) != 0 &&
	    (o->once || (rc = reopen_reader(cli, o, 1)) != 0))
		goto out;
	interrupted_reader = cli->reader;
	if (!o->once && !cli->json)
		fprintf(stderr, "%s\n", _("Desk check: tap cards on the reader (Ctrl-C ends)."));
	clock_gettime(CLOCK_MONOTONIC, &started);
	for (;;) {
		/* A long-running desk wakes each second between cards to keep
		 * its list and its connection. */
		if (!o->once)
			desk_keep(cli, ds);
		if ((rc = reader_wait(cli->reader, o->once ? (secs < 0 ? -1 : secs * 1000) : 1000,
		    &t, &cli->err)) != 0) {
			if (rc == KT_ENOTFOUND && !o->once && !got_signal &&
			    (secs < 0 || since(&started) < secs))
				continue;
			if (rc == KT_EFAIL && !o->once && !got_signal &&
			    (rc = reopen_reader(cli, o, 0)) == 0)
				continue;
			break;
		}
		if ((rc = check_tag(cli, ds, &k, &t, &v)) != 0) {
			if (o->once)
				break;
			cli_error_line(cli, rc);
		} else
			cli_print_verdict(cli, &v, tag_kind_name(t.kind));
		if (o->once) {
			cli->status = verdict_status(v.verdict);
			break;
		}
		/* One answer per tap: wait for the card to leave. */
		if ((rc = reader_wait_removed(cli->reader, -1, &cli->err)) != 0)
			break;
	}
out:
	/* Ctrl-C is how the desk ends: a clean end, unless one answer was due. */
	if (rc != 0 && got_signal && !o->once)
		rc = 0;
	interrupted_reader = NULL;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

struct scanned {
	struct cli *cli;
	struct desk_state *ds;
	const char *device;
	int once, bad, answered;
};

/* One code from the scanner: answered as a typed number is. */
static int
scanned_line(const char *line, void *arg)
{
	struct scanned *s = arg;
	struct card_verdict v;
	char card_no[CARD_CODE_MAX];
	int rc;

	if (!s->once)
		desk_keep(s->cli, s->ds);
	if ((rc = barcode_code(line, card_no, sizeof card_no, &s->cli->err)) != 0 ||
	    (rc = check_number(s->cli, s->ds, card_no, &v)) != 0) {
		cli_error_line(s->cli, rc);
		s->bad = rc;
		return s->once ? rc : 0;
	}
	cli_print_verdict(s->cli, &v, NULL);
	fflush(stdout);
	s->answered = 1;
	if (s->once) {
		s->cli->status = verdict_status(v.verdict);
		return 1;
	}
	return 0;
}

static void
scanner_gone(void *arg, int is_gone)
{
	struct scanned *s = arg;

	if (is_gone)
		fprintf(stderr, _("kartu: the scanner %s is gone (unplugged?): waiting for"
		    " it\n"), s->device);
	else
		fprintf(stderr, _("kartu: the scanner %s is back\n"), s->device);
}

/* Codes from a barcode scanner device until Ctrl-C (or one with --once). */
static int
from_scanner(struct cli *cli, struct desk_state *ds, const struct desk_opts *o)
{
	struct scanned s = { cli, ds, o->scanner, o->once, 0, 0 };
	struct sigaction sa;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!o->once && !cli->json)
		fprintf(stderr, _("Desk check: scan cards with %s (Ctrl-C ends).\n"), o->scanner);
	rc = scanner_read(o->scanner, scanned_line, scanner_gone, &s, &got_signal, &cli->err);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (rc == 0 && s.bad != 0 && !o->once)
		rc = kt_error(&cli->err, s.bad, _("not every code was a card number"));
	/* The device ended (a file, or a line hung up for good) before the one
	 * answer asked for: no answer is never a success. */
	if (rc == 0 && o->once && !s.answered && !got_signal)
		rc = kt_error(&cli->err, KT_EFAIL, _("the scanner %s ended without a code"),
		    o->scanner);
	return rc;
}

/* Card numbers typed, or sent by a keyboard-wedge scanner, one per line on
 * standard input: each is answered; a bad line gets a message and the next
 * line is read. */
static int
typed(struct cli *cli, struct desk_state *ds, int once)
{
	struct card_verdict v;
	char line[256], card_no[CARD_CODE_MAX];
	int rc, bad = 0, answered = 0;

	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if (!once)
			desk_keep(cli, ds);
		if ((rc = barcode_code(line, card_no, sizeof card_no, &cli->err)) != 0 ||
		    (rc = check_number(cli, ds, card_no, &v)) != 0) {
			if (once)
				return rc;
			cli_error_line(cli, rc);
			bad = rc;
			continue;
		}
		cli_print_verdict(cli, &v, NULL);
		answered++;
		if (once) {
			cli->status = verdict_status(v.verdict);
			return 0;
		}
	}
	/* No answer is never a success. */
	if (bad != 0)
		return kt_error(&cli->err, bad, _("not every line was a card number"));
	if (answered == 0)
		return kt_error(&cli->err, KT_EFAIL, ferror(stdin) ?
		    _("standard input could not be read: no card number to answer") :
		    _("standard input ended without a card number"));
	return 0;
}

int
cli_desk(struct cli *cli, const struct desk_opts *o)
{
	struct desk_state ds;
	int rc;

	desk_start(cli, &ds);
	rc = answer(cli, &ds, o);
	revlist_free(&ds.list);
	listen_stop(&ds);
	return rc;
}

/* The desk's input: the scanner, standard input, one number or the reader. */
static int
answer(struct cli *cli, struct desk_state *ds, const struct desk_opts *o)
{
	struct card_verdict v;
	int rc;

	struct desk_opts conf;
	const char *env_reader = getenv("KARTU_READER");
	int reader_set;

	if (o->scanner != NULL && o->number != NULL)
		return kt_error(&cli->err, KT_EUSAGE, _("give one of --scanner and --number"));
	if (o->scanner != NULL)
		return from_scanner(cli, ds, o);
	/* No option names the input: the configuration's scanner, unless a
	 * reader is configured too; then the taps, and the scanner is named
	 * (one desk reads one device; a second "kartu desk --scanner" reads it). */
	reader_set = o->reader != NULL || cli->cfg.reader[0] != '\0' ||
	    (env_reader != NULL && env_reader[0] != '\0');
	if (o->number == NULL && cli->cfg.scanner[0] != '\0' && !reader_set) {
		conf = *o;
		conf.scanner = cli->cfg.scanner;
		return from_scanner(cli, ds, &conf);
	}
	if (o->number == NULL && cli->cfg.scanner[0] != '\0' && o->reader == NULL &&
	    !cli->json)
		fprintf(stderr, _("kartu: the configured scanner %s is not read by this desk,"
		    " which answers taps on the configured reader (kartu desk --scanner %s"
		    " reads it)\n"), cli->cfg.scanner, cli->cfg.scanner);
	if (o->number == NULL)
		return desk(cli, ds, o);
	if (strcmp(o->number, "-") == 0)
		return typed(cli, ds, o->once);
	if ((rc = check_number(cli, ds, o->number, &v)) != 0)
		return rc;
	cli_print_verdict(cli, &v, NULL);
	cli->status = verdict_status(v.verdict);
	return 0;
}

static int
cmd_desk_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_DESK_OPTS,
		CLI_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct desk_opts o = { 0 };
	int rc;

	if ((rc = cli_getopt(cli, &cmd_desk_entry, argc, argv, longopts, opt, &o)) != 0 ||
	    (rc = cli_args(cli, &cmd_desk_entry, argc, 0)) != 0)
		return rc;
	return cli_desk(cli, &o);
}

const struct cmd_entry cmd_desk_entry = {
	"desk", "[--once] [--number CARD] [--reader CONN] [--scanner DEVICE] [--timeout SECS]",
	N_("The desk check: answer each card tapped, typed or scanned with its status."),
	N_("Answer each card tapped with ACTIVE, EXPIRED, BLOCKED, LOST, REPLACED,\n"
	    "FORGED, UNFINISHED, UNKNOWN or NOT GENUINE until Ctrl-C.\n"
	    "  --once               answer one card; the exit status says the answer:\n"
	    "                       0 ACTIVE, 10 EXPIRED, 11 BLOCKED, 12 LOST, 13 REPLACED,\n"
	    "                       14 FORGED, 15 UNFINISHED, 16 UNKNOWN, 17 NOT GENUINE;\n"
	    "                       1 when no card came\n"
	    "  --number CARD        answer for a typed or scanned card number instead\n"
	    "                       (\"by barcode\"), or an old card's member number;\n"
	    "                       - reads them one per line (a keyboard-wedge scanner)\n"
	    "  --scanner DEVICE     answer for the codes of a barcode scanner: a keyboard\n"
	    "                       wedge's /dev/input/eventN (taken for kartu alone), a\n"
	    "                       HID POS scanner's /dev/hidrawN or a USB serial\n"
	    "                       scanner's /dev/ttyACMN; waits when unplugged.\n"
	    "                       Without an option, the configuration's scanner\n"
	    "                       when no reader is configured\n"
	    "  --reader CONN        the libnfc connection string\n"
	    "  --timeout SECS       with --once: how long to wait for a tap\n"),
	CMD_NEEDS_DB | CMD_OFFLINE,
	cmd_desk_exec,
};
