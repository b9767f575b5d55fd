/*
 * web-live.c - the screens live across desks (issue 17; web-int.h): a
 * thread of kartu serve that listens for the store's notes on a connection
 * of its own and turns those of other stations into events of /peristiwa,
 * which /static/kartu.js applies to the open views (the desk view, the
 * queue, the print queue, the report).  An event says only what kind of row
 * changed, its id and where: every page reads what it shows again with its
 * own session, so a browser learns nothing its operator's roles do not
 * show it.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web-int.h"

/* How long one wait for a note lasts: web_live_stop waits at most this. */
#define WAIT_MS 250
/* The pause before connecting again, doubled after each failure up to the
 * most. */
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 8000

struct web_live {
	pthread_t thread;
	atomic_int stop;
	struct web *w;
};

static void
live_pause(struct web_live *l, int ms)
{
	struct timespec slice = { 0, 50 * 1000 * 1000 };

	for (; ms > 0 && !atomic_load(&l->stop); ms -= 50)
		nanosleep(&slice, NULL);
}

/* A change of another desk as an event for the views. */
static void
send_change(struct web *w, const struct store_note *n)
{
	char json[256], id[24];
	size_t len = 1;

	snprintf(json, sizeof json, "{");
	snprintf(id, sizeof id, "%lld", n->id);
	web_json_put(json, sizeof json, &len, "kind", n->kind);
	web_json_put(json, sizeof json, &len, "id", id);
	web_json_put(json, sizeof json, &len, "action", n->action);
	web_json_put(json, sizeof json, &len, "station", n->station);
	if (len + 2 < sizeof json) {
		json[len++] = '}';
		json[len] = '\0';
		web_event(w, "change", json);
	}
}

/* The reason of a failure on one line of the log (libpq's run over
 * several). */
static const char *
one_line(struct kt_err *e)
{
	char *p;

	for (p = e->msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	while (p > e->msg && p[-1] == ' ')
		*--p = '\0';
	return e->msg;
}

static void *
live_thread(void *arg)
{
	struct web_live *l = arg;
	struct web *w = l->w;
	struct store *st = NULL;
	struct store_note n;
	struct kt_err e = { 0 };
	int pause = BACKOFF_MIN_MS, lost = 0, rc;

	while (!atomic_load(&l->stop)) {
		memset(&e, 0, sizeof e);
		if (web_thread_store(w, &st, &e) != 0 || store_listen(st, &e) != 0) {
			if (!lost)
				fprintf(stderr, _("kartu serve: the other desks' changes are not"
				    " heard (%s): trying again\n"), one_line(&e));
			lost = 1;
			store_close(st);
			st = NULL;
			live_pause(l, pause);
			pause = pause * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : pause * 2;
			continue;
		}
		if (lost) {
			fprintf(stderr, "%s\n", _("kartu serve: the other desks' changes are"
			    " heard again"));
			/* What was changed meanwhile was not heard: the views
			 * read theirs again. */
			memset(&n, 0, sizeof n);
			snprintf(n.kind, sizeof n.kind, "bulk");
			snprintf(n.action, sizeof n.action, "update");
			send_change(w, &n);
		}
		lost = 0;
		pause = BACKOFF_MIN_MS;
		while (!atomic_load(&l->stop)) {
			rc = store_wait_note(st, WAIT_MS, &n, &e);
			if (rc == KT_ENOTFOUND)
				continue;
			if (rc != 0)
				break;
			/* This server's own changes and taps: its views have
			 * them already. */
			if (strcmp(n.station, store_station(w->st)) == 0)
				continue;
			if (strcmp(n.kind, "tap") == 0)
				web_desk_remote(w, st, &n);
			else
				send_change(w, &n);
		}
		if (!atomic_load(&l->stop)) {
			fprintf(stderr, _("kartu serve: the other desks' changes are not heard"
			    " (%s): trying again\n"), one_line(&e));
			lost = 1;
		}
		store_close(st);
		st = NULL;
		if (lost)
			live_pause(l, pause);
	}
	store_close(st);
	return NULL;
}

int
web_live_start(struct web *w, struct kt_err *e)
{
	struct web_live *l;

	if (w->o->db_path == NULL || !store_remote(w->o->db_path))
		return 0;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	l->w = w;
	atomic_init(&l->stop, 0);
	if (pthread_create(&l->thread, NULL, live_thread, l) != 0) {
		free(l);
		return kt_error(e, KT_EFAIL, _("cannot start the thread that hears the other"
		    " desks"));
	}
	w->live = l;
	return 0;
}

void
web_live_stop(struct web *w)
{
	struct web_live *l = w->live;

	if (l == NULL)
		return;
	atomic_store(&l->stop, 1);
	pthread_join(l->thread, NULL);
	w->live = NULL;
	free(l);
}
