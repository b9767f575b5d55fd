/*
 * web-reader.c - the station's reader for the steps that write a chip.  When
 * the desk view's thread (page-desk.c) runs, it owns the reader between
 * taps: a step claims it from the thread for the time of its write and
 * releases it; without the thread, the reader is opened at the claim and
 * closed at the release.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "reader.h"
#include "web-int.h"

/* How long a step waits for the desk thread to let go of the reader: it
 * waits in slices of a quarter second, and a card on the reader is
 * answered first. */
#define CLAIM_WAIT_S 5

struct reader *
web_reader_claim(struct web_req *r, struct kt_err *e)
{
	const struct config *c = web_config(r);
	struct web_desk *d = r->w->desk;
	struct timespec until;
	int rc = 0;

	if (d != NULL) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += CLAIM_WAIT_S;
		pthread_mutex_lock(&d->mu);
		d->want = 1;
		while (d->busy && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&d->cv, &d->mu, &until);
		if (d->busy) {
			d->want = 0;
			pthread_cond_broadcast(&d->cv);
			pthread_mutex_unlock(&d->mu);
			kt_error(e, KT_EFAIL, _("the reader stays busy: take the card off the"
			    " reader and try again"));
			return NULL;
		}
		d->want = 0;
		d->claimed = 1;
		pthread_mutex_unlock(&d->mu);
	}
	r->claimed = 1;
	if (r->w->reader == NULL && reader_open(c != NULL && c->reader[0] != '\0' ? c->reader :
	    NULL, &r->w->reader, e) != 0) {
		web_reader_release(r);
		return NULL;
	}
	return r->w->reader;
}

void
web_reader_release(struct web_req *r)
{
	struct web_desk *d = r->w->desk;

	if (!r->claimed)
		return;
	r->claimed = 0;
	if (d != NULL) {
		pthread_mutex_lock(&d->mu);
		d->claimed = 0;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
	}
	/* The desk thread keeps the reader open for the next tap. */
	if ((d == NULL || !d->reading) && r->w->reader != NULL) {
		reader_close(r->w->reader);
		r->w->reader = NULL;
	}
}
