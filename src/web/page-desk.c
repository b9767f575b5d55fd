/*
 * page-desk.c - Meja layanan, the desk's live view (/meja): each card tapped
 * on the station's reader, or typed or scanned into the page, answered at
 * once as a large coloured verdict with the member's name and photo, as
 * kartu desk answers at the terminal.
 *
 * The taps are read by a thread of its own (web_desk_start) with its own
 * store connection, and so are the codes of a barcode scanner configured as
 * a device (scanner =; a keyboard-wedge scanner types into the page's field): the server answers requests on its one thread with the
 * server's connection, and SQLite's connections are not shared between
 * threads here.  Each verdict goes to every open desk view as a server-sent
 * event ("tap", one line of JSON, web_event); /static/kartu.js draws it.
 * The members' photos are served to logged-in operators only (/foto/),
 * never cached.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "barcode.h"
#include "card.h"
#include "keys.h"
#include "member.h"
#include "revlist.h"
#include "reader.h"
#include "scanner.h"
#include "web-int.h"

/* How long the thread waits on the reader in one go: a step that claims the
 * reader, or the server stopping, waits at most about this long. */
#define SLICE_MS 250

/* The colour of a verdict: ACTIVE green, UNFINISHED amber, the others red. */
static const char *
verdict_class(enum verdict v)
{
	return v == VERDICT_ACTIVE ? "ok" : v == VERDICT_UNFINISHED ? "warn" : "bad";
}

/* "2027-11-28" -> "28-11-2027" (anything else as it is). */
static void
desk_day(const char *iso, char *out, size_t len)
{
	if (strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, len, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, len, "%s", iso);
}

/* The line under the name: the numbers, the expiry or since when, the
 * reason or what is wrong. */
static void
verdict_detail(const struct card_verdict *v, time_t now, char *out, size_t len)
{
	char day[32], note[160];
	size_t n = 0;

#define ADD(...) do { if (n < len) n += (size_t)snprintf(out + n, len - n, __VA_ARGS__); } \
	while (0)
	out[0] = '\0';
	if (v->member_no[0] != '\0')
		ADD(_("member %s"), v->member_no);
	if (v->card_no[0] != '\0')
		ADD("%s%s %s", n > 0 ? " \xc2\xb7 " : "", _("card"), v->card_no);
	if (v->category[0] != '\0')
		ADD(" \xc2\xb7 %s", v->category);
	switch (v->verdict) {
	case VERDICT_ACTIVE:
	case VERDICT_EXPIRED:
	case VERDICT_BLOCKED:
		if (v->expires_on[0] != '\0') {
			desk_day(v->expires_on, day, sizeof day);
			ADD(" \xc2\xb7 ");
			ADD(_("valid until %s"), day);
		}
		break;
	case VERDICT_LOST:
	case VERDICT_REPLACED:
		if (v->since[0] != '\0') {
			desk_day(v->since, day, sizeof day);
			ADD(" \xc2\xb7 ");
			ADD(_("since %s"), day);
		}
		break;
	default:
		break;
	}
	if (v->reason[0] != '\0') {
		ADD("%s", n > 0 ? " \xc2\xb7 " : "");
		ADD(_("reason: %s"), v->reason);
	}
	if (v->detail[0] != '\0')
		ADD("%s%s", n > 0 ? " \xc2\xb7 " : "", v->detail);
	if (strcmp(v->via, "barcode") == 0 && v->verdict == VERDICT_ACTIVE)
		ADD(" \xc2\xb7 %s", _("by barcode"));
	if (v->incomplete[0] != '\0' && v->member_no[0] != '\0')
		ADD(" \xc2\xb7 %s", _("data incomplete: complete at the next visit"));
	/* Offline: what the answer rests on, and the list's time. */
	card_offline_note(v, now, note, sizeof note);
	if (note[0] != '\0')
		ADD("%s%s", n > 0 ? " \xc2\xb7 " : "", note);
#undef ADD
}

/* s as a JSON string's content: quotes, backslashes and control characters
 * escaped, and < > & too, so that the line is harmless wherever it lands. */
void
web_json_put(char *out, size_t len, size_t *n, const char *key, const char *s)
{
	size_t i = *n;

	i += (size_t)snprintf(out + (i < len ? i : len), i < len ? len - i : 0, "%s\"%s\":\"",
	    i > 1 ? "," : "", key);
	for (; s != NULL && *s != '\0' && i + 8 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			i += (size_t)snprintf(out + i, len - i, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			i += (size_t)snprintf(out + i, len - i, "\\u%04x", c);
		else
			out[i++] = (char)c;
	}
	if (i + 2 < len) {
		out[i++] = '"';
		out[i] = '\0';
	}
	*n = i;
}

/* The event of one verdict: {"code":"ACTIVE","class":"ok","word":...},
 * and the station where it was, when another desk's (station not NULL). */
static void
verdict_json_at(const struct card_verdict *v, time_t now, int photo, const char *station,
    char *out, size_t len)
{
	char detail[700], url[64] = "";
	size_t n = 1;

	snprintf(out, len, "{");
	verdict_detail(v, now, detail, sizeof detail);
	if (photo)
		snprintf(url, sizeof url, "/foto/%s", v->member_no);
	web_json_put(out, len, &n, "code", verdict_code(v->verdict));
	web_json_put(out, len, &n, "class", verdict_class(v->verdict));
	web_json_put(out, len, &n, "word", verdict_text(v->verdict));
	web_json_put(out, len, &n, "name", v->name);
	web_json_put(out, len, &n, "member_no", v->member_no);
	web_json_put(out, len, &n, "detail", detail);
	web_json_put(out, len, &n, "via", v->via);
	web_json_put(out, len, &n, "photo", url);
	if (station != NULL)
		web_json_put(out, len, &n, "station", station);
	if (v->offline != 0)
		web_json_put(out, len, &n, "offline", "1");
	if (n + 2 < len) {
		out[n++] = '}';
		out[n] = '\0';
	}
}

static void
verdict_json(const struct card_verdict *v, time_t now, int photo, char *out, size_t len)
{
	verdict_json_at(v, now, photo, NULL, out, len);
}

/* A tap or a scan that could not be answered (the card left too soon, a
 * code that is no card number): amber, word says what to do. */
static void
failure_json(const char *word, const char *msg, char *out, size_t len)
{
	size_t n = 1;

	snprintf(out, len, "{");
	web_json_put(out, len, &n, "code", "ERROR");
	web_json_put(out, len, &n, "class", "warn");
	web_json_put(out, len, &n, "word", word);
	web_json_put(out, len, &n, "name", "");
	web_json_put(out, len, &n, "member_no", "");
	web_json_put(out, len, &n, "detail", msg);
	web_json_put(out, len, &n, "via", "chip");
	web_json_put(out, len, &n, "photo", "");
	if (n + 2 < len) {
		out[n++] = '}';
		out[n] = '\0';
	}
}

static int
has_photo(struct store *st, const struct card_verdict *v)
{
	return st != NULL && v->member_no[0] != '\0' && member_photo(st, v->member_no, NULL,
	    NULL, NULL, 0, NULL) == 0;
}

/* The time of an answer: the test build's fixed clock, else the real one. */
static time_t
desk_clock(const struct web *w)
{
	return w->o->clock != 0 ? (time_t)w->o->clock : time(NULL);
}

/* ---- the thread ---- */

/* Take the reader for one slice: 0 once the thread may use it, -1 when it
 * is to stop.  A step holding or wanting the reader goes first. */
static int
desk_take(struct web_desk *d)
{
	pthread_mutex_lock(&d->mu);
	while ((d->claimed || d->want) && !atomic_load(&d->stop))
		pthread_cond_wait(&d->cv, &d->mu);
	if (atomic_load(&d->stop)) {
		pthread_mutex_unlock(&d->mu);
		return -1;
	}
	d->busy = 1;
	pthread_mutex_unlock(&d->mu);
	return 0;
}

static void
desk_give(struct web_desk *d)
{
	pthread_mutex_lock(&d->mu);
	d->busy = 0;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

/* Whether the thread should let go of the reader now. */
static int
desk_yield(struct web_desk *d)
{
	int y;

	pthread_mutex_lock(&d->mu);
	y = d->want || atomic_load(&d->stop);
	pthread_mutex_unlock(&d->mu);
	return y;
}

/* Sleep about ms, waking early when told to stop. */
static void
desk_pause(struct web_desk *d, int ms)
{
	struct timespec slice = { 0, 50 * 1000 * 1000 };

	for (; ms > 0 && !atomic_load(&d->stop); ms -= 50)
		nanosleep(&slice, NULL);
}

/* A card checked at this desk, told to the other desks (store_notify: a
 * note on PostgreSQL, nothing on SQLite); a card without a record (unknown,
 * an old card) is not.  A failure to tell changes nothing here. */
static void
tell_others(struct store *st, const struct card_verdict *v)
{
	/* Offline (st NULL) there is no one to tell. */
	if (st != NULL && v->card_id > 0)
		store_notify(st, "tap", v->card_id, v->via, NULL);
}

void
web_desk_remote(struct web *w, struct store *st, const struct store_note *n)
{
	struct card_verdict v;
	char json[2048];

	if (card_check_id(st, n->id, &v, NULL) != 0)
		return;
	/* As it was checked there: by chip, or by a typed or scanned number. */
	snprintf(v.via, sizeof v.via, "%s", strcmp(n->action, "chip") == 0 ? "chip" : "barcode");
	verdict_json_at(&v, desk_clock(w), has_photo(st, &v), n->station, json, sizeof json);
	web_event(w, "tap-remote", json);
}

int
web_thread_store(struct web *w, struct store **st, struct kt_err *e)
{
	static pthread_mutex_t opening = PTHREAD_MUTEX_INITIALIZER;
	const struct web_options *o = w->o;
	int rc;

	/* One at a time: opening runs the schema's checks and installs the
	 * audit triggers on the connection. */
	pthread_mutex_lock(&opening);
	rc = store_open(o->db_path, 0, st, e);
	pthread_mutex_unlock(&opening);
	if (rc != 0)
		return rc;
	if (o->clock != 0)
		store_set_clock(*st, (time_t)o->clock);
	store_set_station(*st, store_station(w->st));
	if ((rc = keys_attach(*st, o->key_dir, 0, e)) != 0) {
		store_close(*st);
		*st = NULL;
	}
	return rc;
}

/*
 * Online and offline: each thread's connection to the register.  On a
 * PostgreSQL register the station's revocation list (revlist.h) is refreshed
 * when the thread connects, on each note of a change to a card or member
 * (LISTEN/NOTIFY, on a connection of its own) and every minute; when the server cannot be
 * reached, or the connection drops, taps and scans are answered offline from
 * the card and that list, and the server is tried again after 1, 2, 4 ... 60
 * seconds.  The desk view writes nothing to the register.
 */
#define LIST_REFRESH_S 60
#define RETRY_MAX_S 60

struct desk_conn {
	struct web *w;
	struct store *st;	/* NULL while offline */
	struct store *lis;	/* listens for the register's notes, or NULL */
	struct revlist list;
	int have_list;
	time_t refreshed, retry_at;	/* CLOCK_MONOTONIC seconds */
	int backoff;
};

static time_t
mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* Listen for the register's notes on a connection of its own (PostgreSQL;
 * without one the minute's refresh still runs). */
static void
conn_listen(struct desk_conn *c)
{
	struct kt_err e = { 0 };

	if (c->lis != NULL || c->st == NULL || !store_remote(c->w->o->db_path))
		return;
	if (store_open(c->w->o->db_path, 0, &c->lis, &e) != 0 || store_listen(c->lis, &e) != 0) {
		store_close(c->lis);
		c->lis = NULL;
	}
}

static void
conn_offline(struct desk_conn *c, const char *why)
{
	struct kt_err e = { 0 };

	store_close(c->st);
	c->st = NULL;
	store_close(c->lis);
	c->lis = NULL;
	c->backoff = 1;
	c->retry_at = mono() + c->backoff;
	revlist_free(&c->list);
	c->have_list = revlist_load(c->w->o->key_dir, &c->list, &e) == 0;
	fprintf(stderr, _("kartu serve: %s: the desk view answers offline\n"), why);
	if (!c->have_list)
		fprintf(stderr, _("kartu serve: warning: %s: taps cannot be answered offline\n"),
		    e.msg);
}

/* Whether the register may have changed since the list was refreshed: a
 * note of a change to a card or member, or a minute gone by.  A listener
 * whose connection is lost says yes: the refresh finds out what is left. */
static int
conn_changed(struct desk_conn *c)
{
	struct store_note n;
	struct kt_err e = { 0 };
	int rc, changed = 0;

	while (c->lis != NULL && (rc = store_wait_note(c->lis, 0, &n, &e)) != KT_ENOTFOUND) {
		if (rc != 0) {
			store_close(c->lis);
			c->lis = NULL;
			changed = 1;
		} else if (revlist_note_matters(&n))
			changed = 1;
	}
	return changed || mono() - c->refreshed >= LIST_REFRESH_S;
}

static void
conn_refresh(struct desk_conn *c)
{
	struct kt_err e = { 0 };
	int rc;

	if (c->st == NULL || !store_remote(c->w->o->db_path))
		return;
	c->refreshed = mono();
	if ((rc = revlist_refresh(c->st, c->w->o->key_dir, NULL, &e)) == KT_EOFFLINE)
		conn_offline(c, e.msg);
	else if (rc != 0)
		fprintf(stderr, _("kartu serve: warning: the revocation list was not refreshed:"
		    " %s\n"), e.msg);
}

/* Connect: 0 online or offline (a server that cannot be reached), else the
 * failure. */
static int
conn_open(struct desk_conn *c, struct web *w, struct kt_err *e)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->w = w;
	c->refreshed = mono();
	if ((rc = web_thread_store(w, &c->st, e)) == KT_EOFFLINE) {
		conn_offline(c, e->msg);
		return 0;
	}
	if (rc == 0) {
		conn_listen(c);
		conn_refresh(c);
	}
	return rc;
}

/* Between two cards: the server tried again when due, the list refreshed. */
static void
conn_keep(struct desk_conn *c)
{
	struct kt_err e = { 0 };

	if (c->st != NULL) {
		conn_listen(c);
		if (conn_changed(c))
			conn_refresh(c);
		return;
	}
	if (mono() < c->retry_at)
		return;
	if (web_thread_store(c->w, &c->st, &e) == 0) {
		c->backoff = 0;
		fprintf(stderr, "%s\n", _("kartu serve: the register's server is back"));
		conn_listen(c);
		conn_refresh(c);
		return;
	}
	c->st = NULL;
	c->backoff = c->backoff * 2 > RETRY_MAX_S ? RETRY_MAX_S : c->backoff * 2;
	c->retry_at = mono() + c->backoff;
}

static void
conn_close(struct desk_conn *c)
{
	store_close(c->st);
	c->st = NULL;
	store_close(c->lis);
	c->lis = NULL;
	revlist_free(&c->list);
}

static int
conn_no_list(struct kt_err *e)
{
	return kt_error(e, KT_EOFFLINE, _("the register's server cannot be reached and this"
	    " station has no revocation list that verifies: no answer offline"));
}

static int
conn_tag(struct desk_conn *c, const struct keys *k, const struct tag *t,
    struct card_verdict *v, struct kt_err *e)
{
	int rc;

	if (c->st != NULL) {
		rc = card_check_tag(c->st, k, c->w->reader, t, c->w->o->origin_key, v, e);
		if (rc != KT_EOFFLINE)
			return rc;
		conn_offline(c, e->msg);
	}
	if (!c->have_list)
		return conn_no_list(e);
	return card_check_tag_offline(k, c->w->reader, t, c->w->o->origin_key, &c->list,
	    desk_clock(c->w), v, e);
}

static int
conn_number(struct desk_conn *c, const char *number, struct card_verdict *v,
    struct kt_err *e)
{
	int rc;

	if (c->st != NULL) {
		rc = card_check_number(c->st, number, v, e);
		if (rc != KT_EOFFLINE)
			return rc;
		conn_offline(c, e->msg);
	}
	if (!c->have_list)
		return conn_no_list(e);
	return card_check_number_offline(&c->list, number, desk_clock(c->w), v, e);
}

static void *
desk_thread(void *arg)
{
	struct web *w = arg;
	struct web_desk *d = w->desk;
	const struct config *c = w->o->cfg;
	struct desk_conn dc;
	struct card_verdict v;
	struct kt_err e = { 0 };
	struct keys k;
	struct tag t;
	char json[2048];
	int rc, said = 0;

	if (conn_open(&dc, w, &e) != 0) {
		fprintf(stderr, _("kartu serve: the desk view answers no taps: %s\n"), e.msg);
		goto out;
	}
	/* A station set up while the screens run gets its keys later
	 * (kartu keygen): waited for, said once. */
	while (keys_load(w->o->key_dir, 0, &k, &e) != 0) {
		if (!said)
			fprintf(stderr, _("kartu serve: the desk view waits for the library's"
			    " keys: %s\n"), e.msg);
		said = 1;
		desk_pause(d, 1000);
		if (atomic_load(&d->stop))
			goto out;
	}
	said = 0;
	while (desk_take(d) == 0) {
		conn_keep(&dc);
		if (w->reader == NULL && reader_open(c->reader, &w->reader, &e) != 0) {
			desk_give(d);
			/* Unplugged, or not yet: said once, tried again each second. */
			if (!said)
				fprintf(stderr, _("kartu serve: no reader yet (%s): waiting for"
				    " it\n"), e.msg);
			said = 1;
			desk_pause(d, 1000);
			continue;
		}
		if (said)
			fprintf(stderr, "%s\n", _("kartu serve: the reader is back"));
		said = 0;
		rc = reader_wait(w->reader, SLICE_MS, &t, &e);
		if (rc == 0) {
			if (conn_tag(&dc, &k, &t, &v, &e) == 0) {
				verdict_json(&v, desk_clock(w), has_photo(dc.st, &v), json,
				    sizeof json);
				web_event(w, "tap", json);
				tell_others(dc.st, &v);
			} else {
				failure_json(_("TAP AGAIN"), e.msg, json, sizeof json);
				web_event(w, "tap", json);
			}
			/* One answer per tap: wait for the card to leave, letting
			 * go of the reader when a step wants it. */
			while (!desk_yield(d) && (rc = reader_wait_removed(w->reader, SLICE_MS,
			    &e)) == KT_EREFUSED)
				;
		}
		if (rc == KT_EFAIL) {	/* the reader failed or is gone */
			reader_close(w->reader);
			w->reader = NULL;
		}
		desk_give(d);
	}
out:
	conn_close(&dc);
	return NULL;
}

/* ---- the barcode scanner's thread ---- */

struct scan {
	struct web *w;
	struct desk_conn dc;
};

/* One code from the scanner, answered as a typed number is. */
static int
scanned(const char *line, void *arg)
{
	struct scan *c = arg;
	struct card_verdict v;
	struct kt_err e = { 0 };
	char card_no[CARD_CODE_MAX], json[2048];

	conn_keep(&c->dc);
	if (barcode_code(line, card_no, sizeof card_no, &e) != 0 ||
	    conn_number(&c->dc, card_no, &v, &e) != 0) {
		failure_json(_("SCAN AGAIN"), e.msg, json, sizeof json);
		web_event(c->w, "tap", json);
	} else {
		verdict_json(&v, desk_clock(c->w), has_photo(c->dc.st, &v), json, sizeof json);
		web_event(c->w, "tap", json);
		tell_others(c->dc.st, &v);
	}
	return 0;
}

static void
scanner_gone(void *arg, int is_gone)
{
	struct scan *c = arg;

	fprintf(stderr, is_gone ? _("kartu serve: the scanner %s is gone (unplugged?):"
	    " waiting for it\n") : _("kartu serve: the scanner %s is back\n"),
	    c->w->o->cfg->scanner);
}

static void *
scan_thread(void *arg)
{
	struct web *w = arg;
	struct web_desk *d = w->desk;
	struct scan c;
	struct kt_err e = { 0 };
	int said = 0;

	c.w = w;
	if (conn_open(&c.dc, w, &e) != 0) {
		fprintf(stderr, _("kartu serve: the desk view answers no scans: %s\n"), e.msg);
		return NULL;
	}
	/* A scanner not plugged in yet is waited for; a file or a pipe is read
	 * to its end once. */
	while (!d->scan_stop && scanner_read(w->o->cfg->scanner, scanned, scanner_gone, &c,
	    &d->scan_stop, &e) != 0) {
		if (!said)
			fprintf(stderr, _("kartu serve: no scanner yet (%s): waiting for it\n"),
			    e.msg);
		said = 1;
		desk_pause(d, 1000);
	}
	conn_close(&c.dc);
	return NULL;
}

int
web_desk_start(struct web *w, struct kt_err *e)
{
	const struct config *c = w->o->cfg;
	struct web_desk *d;

	if (c == NULL || (c->reader[0] == '\0' && c->scanner[0] == '\0') ||
	    w->o->db_path == NULL)
		return 0;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	d->w = w;
	atomic_init(&d->stop, 0);
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	w->desk = d;
	if (c->reader[0] != '\0') {
		if (pthread_create(&d->thread, NULL, desk_thread, w) != 0)
			goto fail;
		d->reading = 1;
	}
	if (c->scanner[0] != '\0') {
		if (pthread_create(&d->scan_thread, NULL, scan_thread, w) != 0)
			goto fail;
		d->scanning = 1;
	}
	return 0;
fail:
	web_desk_stop(w);
	return kt_error(e, KT_EFAIL, _("cannot start the desk view's thread"));
}

void
web_desk_stop(struct web *w)
{
	struct web_desk *d = w->desk;

	if (d == NULL)
		return;
	pthread_mutex_lock(&d->mu);
	atomic_store(&d->stop, 1);
	d->scan_stop = 1;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
	if (d->reading)
		pthread_join(d->thread, NULL);
	if (d->scanning)
		pthread_join(d->scan_thread, NULL);
	w->desk = NULL;
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	free(d);
}

/* ---- the pages ---- */

/* The verdict as the page shows it; v NULL: waiting for the first card. */
static void
verdict_html(struct web_req *r, const struct card_verdict *v, int photo)
{
	char detail[700];

	web_html(r, "<section id=\"vonis\" class=\"verdict %s\" aria-live=\"assertive\""
	    " aria-atomic=\"true\" aria-label=\"%s\">", v != NULL ? verdict_class(v->verdict) :
	    "idle", _("The answer"));
	if (v != NULL && photo) {
		web_raw(r, "<img id=\"vonis-foto\" class=\"verdict-photo\" src=\"/foto/");
		web_url_part(r, v->member_no);
		web_html(r, "\" alt=\"%s\">", _("The member's photo"));
	} else
		web_raw(r, "<img id=\"vonis-foto\" class=\"verdict-photo\" alt=\"\" hidden>");
	web_raw(r, "<div class=\"verdict-text\">");
	if (v == NULL) {
		web_html(r, "<p id=\"vonis-kata\" class=\"verdict-word\">%s</p>",
		    _("Tap a card"));
		web_html(r, "<p id=\"vonis-nama\" class=\"verdict-name\"></p><p id=\"vonis-rinci\""
		    " class=\"verdict-detail\">%s</p>", web_config(r) != NULL &&
		    web_config(r)->reader[0] != '\0' ? _("Tap a card on the reader, or type or"
		    " scan its number below.") : _("No reader is configured: type or scan the"
		    " card's number below."));
	} else {
		verdict_detail(v, desk_clock(r->w), detail, sizeof detail);
		web_html(r, "<p id=\"vonis-kata\" class=\"verdict-word\">%s</p>"
		    "<p id=\"vonis-nama\" class=\"verdict-name\">%s</p>"
		    "<p id=\"vonis-rinci\" class=\"verdict-detail\">%s</p>",
		    verdict_text(v->verdict), v->name, detail);
	}
	web_raw(r, "</div></section>");
}

static void
desk_page(struct web_req *r, const struct card_verdict *v, int photo,
    const struct kt_err *e)
{
	web_page_begin(r, _("Service desk"));
	verdict_html(r, v, photo);
	web_problems(r, e);
	web_form_begin(r, "/meja", 0);
	web_raw(r, "<div class=\"desk-entry\">");
	web_input(r, "nomor", _("Card number, or an old card's member number"), "text", NULL, e,
	    " autocomplete=\"off\" inputmode=\"numeric\" autofocus required");
	web_html(r, "<p><button type=\"submit\">%s</button></p>", _("Check"));
	web_raw(r, "</div>");
	web_form_end(r);
	/* Cards checked at the other desks (web-live.c), newest first; below
	 * the field, so that it does not move when one comes. */
	web_html(r, "<section id=\"lain\" class=\"elsewhere\" aria-labelledby=\"lain-judul\""
	    " hidden><h2 id=\"lain-judul\">%s</h2><ol id=\"lain-daftar\" aria-live=\"polite\">"
	    "</ol></section>", _("At the other computers"));
	web_page_end(r);
}

static int
get_desk(struct web_req *r)
{
	desk_page(r, NULL, 0, NULL);
	return 0;
}

/* A number typed or scanned into the page (a keyboard-wedge scanner types
 * it), answered as kartu desk --number does; the other desk views see it
 * too. */
static int
post_desk(struct web_req *r)
{
	const char *typed = web_field(r, "nomor");
	struct kt_err *e = web_err(r);
	struct card_verdict v;
	char card_no[CARD_CODE_MAX], json[2048];
	int rc, photo;

	if (typed == NULL || typed[0] == '\0')
		rc = kt_error_at(e, KT_EUSAGE, "nomor", _("type or scan a card number"));
	else if ((rc = barcode_code(typed, card_no, sizeof card_no, e)) == 0)
		rc = card_check_number(web_store(r), card_no, &v, e);
	if (rc == KT_EFAIL)
		return rc;
	if (rc != 0) {
		if (e->field[0] == '\0')
			snprintf(e->field, sizeof e->field, "nomor");
		if (e->nproblems > 0 && e->problems[0].field[0] == '\0')
			snprintf(e->problems[0].field, sizeof e->problems[0].field, "nomor");
		web_status(r, 422);
		desk_page(r, NULL, 0, e);
		return 0;
	}
	photo = has_photo(web_store(r), &v);
	verdict_json(&v, desk_clock(web_server(r)), photo, json, sizeof json);
	web_event(web_server(r), "tap", json);
	tell_others(web_store(r), &v);
	desk_page(r, &v, photo, NULL);
	return 0;
}

/* A member's photo, for the desk view and the member's page. */
static int
get_photo(struct web_req *r)
{
	unsigned char *data;
	size_t len;
	char type[32];
	int rc;

	if ((rc = member_photo(web_store(r), web_arg(r), &data, &len, type, sizeof type,
	    web_err(r))) != 0)
		return rc;
	web_send(r, strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg", data, len,
	    NULL);
	web_header(r, "Cache-Control", "no-store");
	free(data);
	return 0;
}

const struct web_route web_routes_desk[] = {
	{ "GET", "/meja", NULL, get_desk, N_("Service desk") },
	{ "POST", "/meja", NULL, post_desk, NULL },
	{ "GET", "/foto/", NULL, get_photo, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
