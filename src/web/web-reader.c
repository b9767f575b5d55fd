/*
 * web-reader.c - the station's reader for the steps that write a chip.  This
 * first form opens the configured reader when a step claims it and closes it
 * at release; the desk view's thread (page-desk.c) takes it over later.
 */
#include <stdio.h>

#include "reader.h"
#include "web-int.h"

struct reader *
web_reader_claim(struct web_req *r, struct kt_err *e)
{
	const struct config *c = web_config(r);

	if (r->w->reader == NULL && reader_open(c != NULL && c->reader[0] != '\0' ? c->reader :
	    NULL, &r->w->reader, e) != 0)
		return NULL;
	r->claimed = 1;
	return r->w->reader;
}

void
web_reader_release(struct web_req *r)
{
	if (r->claimed && r->w->reader != NULL) {
		reader_close(r->w->reader);
		r->w->reader = NULL;
	}
	r->claimed = 0;
}
