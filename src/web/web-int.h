/*
 * web-int.h - what the files of the server share (web.c, web-req.c,
 * web-html.c, page-*.c may use it; nothing outside src/web does).
 */
#ifndef KARTU_WEB_INT_H
#define KARTU_WEB_INT_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "session.h"
#include "web.h"

/* Limits of what a browser may send. */
#define WEB_PATH_MAX 512
#define WEB_FORM_MAX (64 * 1024)		/* an urlencoded form */
#define WEB_UPLOAD_MAX (6 * 1024 * 1024)	/* a form with a photo, an image */
#define WEB_FIELDS_MAX 200
#define WEB_NAME_MAX 64

/* A field of a form or query: a value (NUL-terminated; len bytes) and, for a
 * file of a multipart form, its file name and type. */
struct web_field {
	char *name;
	char *value;
	size_t len;
	char *filename;		/* NULL: not a file */
	char *type;
};

struct web_form {
	struct web_field *v;
	int n, cap;
};

/* Parse a request body of content type ctype (urlencoded or multipart) into
 * f, adding to what it holds.  Pure: the fuzz target calls it.  KT_EUSAGE for
 * a malformed body (a bad %-escape, a NUL outside a file, too many fields, a
 * multipart without its boundary), KT_ENOTFOUND for another content type. */
int web_form_parse(struct web_form *f, const char *ctype, const unsigned char *body,
    size_t len, struct kt_err *e);
/* Add one field (copied); KT_EUSAGE when there are too many. */
int web_form_add(struct web_form *f, const char *name, size_t nlen, const char *value,
    size_t vlen, const char *filename, const char *type, struct kt_err *e);
const struct web_field *web_form_get(const struct web_form *f, const char *name, int nth);
void web_form_free(struct web_form *f);
/* Decode %XX and '+' of an urlencoded part in place; -1 when malformed or
 * when it decodes to a NUL. */
int web_urldecode(char *s, size_t *len);
/* The value of cookie name in a Cookie header into out; 0, or -1 if absent. */
int web_cookie(const char *header, const char *name, char *out, size_t len);

/* A growing output buffer. */
struct web_buf {
	char *p;
	size_t len, cap;
	int oom;
};
void web_buf_add(struct web_buf *b, const char *s, size_t n);
void web_buf_free(struct web_buf *b);
/* s escaped for HTML text and quoted attributes. */
void web_buf_escape(struct web_buf *b, const char *s, size_t n);

struct web_req {
	struct web *w;
	void *conn;		/* struct MHD_Connection */
	char method[8];
	char path[WEB_PATH_MAX];
	const char *arg;
	char ctype[200];
	unsigned char *body;
	size_t body_len;
	size_t body_max;
	int too_big;
	struct web_form form;	/* the body's fields, or the query's */
	/* the session */
	char token[SESSION_TOKEN_LEN];
	long long opid;
	char opname[65];
	char oprole[64];
	char csrf[SESSION_CSRF_LEN];
	int expired;
	char peer[64];
	/* the answer */
	struct web_buf out;
	int status;
	char content_type[96];
	char location[WEB_PATH_MAX + 64];
	char filename[128];
	char set_cookie[256];
	struct {
		char name[48];
		char value[256];
	} hdr[6];
	int nhdr;
	int page_open;
	int claimed;		/* holds the reader (web_reader_claim) */
	struct kt_err err;
};

struct web {
	struct store *st;
	const struct web_options *o;
	void *daemon;		/* struct MHD_Daemon */
	int tls;
	int loopback;		/* listening on a loopback address only */
	unsigned port;
	char host[80];		/* as bound: "127.0.0.1" */
	struct reader *reader;	/* web-reader.c; shared with the desk thread */
	struct web_desk *desk;	/* the desk view's thread (page-desk.c), or NULL */
	struct web_sse *sse;	/* the desk view's streams (web.c) */
	struct web_live *live;	/* the listener of other desks (web-live.c) */
	struct web_flash_slot {
		char token_tail[12];
		char kind[8];
		char msg[300];
	} flash[32];
	int next_flash;
	time_t store_tried;	/* CLOCK_MONOTONIC seconds of the last try to
				   connect the server's store again */
};

/* The desk view's thread (page-desk.c): it waits for taps on the station's
 * reader with its own store connection (never the server's) and sends each
 * verdict to the desk views (web_event).  The reader is shared with the steps
 * that write a chip: web_reader_claim asks the thread to let go of it (it
 * waits in short slices, so the hand-over takes a fraction of a second) and
 * web_reader_release gives it back. */
struct web_desk {
	pthread_t thread;
	atomic_int stop;	/* set once by web_desk_stop */
	pthread_mutex_t mu;	/* guards what follows and the use of w->reader */
	pthread_cond_t cv;
	int busy;		/* the thread is using the reader */
	int want;		/* a request waits for the reader */
	int claimed;		/* a request holds it */
	int reading;		/* the thread runs: it keeps the reader open */
	/* The configured barcode scanner's thread (scanner_read), if any. */
	pthread_t scan_thread;
	int scanning;
	volatile sig_atomic_t scan_stop;
	struct web *w;
};
/* Start the desk thread when a reader is configured, and the scanner's when
 * a barcode scanner is (0 also when neither is: the desk view then takes
 * typed numbers only); stop them and wait for them.
 * Called by web_serve once the daemon runs and before it stops. */
int web_desk_start(struct web *w, struct kt_err *e);
void web_desk_stop(struct web *w);

/* A store of a thread's own (the desk's, the scanner's, the listener's), as
 * the server's: the same database, clock and station, the register key
 * attached (page-desk.c). */
int web_thread_store(struct web *w, struct store **st, struct kt_err *e);
/* "key":"s" appended to the JSON object being written in out (*n its
 * length so far, 1 after the "{"), s escaped so that the line is harmless
 * wherever it lands (quotes, backslashes, control characters, < > &). */
void web_json_put(char *out, size_t len, size_t *n, const char *key, const char *s);
/* A card checked at another desk (a store note of kind "tap"): its verdict,
 * read again here, to the desk views as a "tap-remote" event naming the
 * station (page-desk.c). */
void web_desk_remote(struct web *w, struct store *st, const struct store_note *n);

/* The screens live across desks (web-live.c): on PostgreSQL a thread
 * listens for the store's notes (store.h) on a connection of its own,
 * reconnecting with a growing pause when the server drops it, and turns
 * the notes of other stations into events of /peristiwa: "tap-remote" for a
 * card checked at another desk, "change" ({"kind","id","action","station"})
 * for a row another desk changed; after a reconnect, one "change" of kind
 * "bulk" (notes of the time between are lost).  On SQLite, nothing: the
 * stations on one file are one computer's.  Started and stopped by
 * web_serve, as the desk's thread. */
struct web_live;
int web_live_start(struct web *w, struct kt_err *e);
void web_live_stop(struct web *w);

/* Set the session cookie to token (HttpOnly, SameSite=Strict, Secure under
 * TLS), or clear it (NULL): page-login.c. */
void web_set_session_cookie(struct web_req *r, const char *token);

/* The tables of routes, ended by NULL (routes.c). */
extern const struct web_route *const web_route_tables[];

/* The frame's pieces, for web.c's own pages (errors). */
void web_error_page(struct web_req *r, int status, const struct kt_err *e);
/* The flash message waiting for r's session, taken (web-html.c). */
int web_flash_take(struct web_req *r, char *kind, size_t klen, char *msg, size_t mlen);

/* A new private directory (mode 0700) in the server's temporary directory
 * (web_options.tmp_dir, else /tmp; the unit gives it a private one), for a
 * file the core writes and a page then sends or prints: the caller removes
 * it and what it holds. */
int web_temp_dir(struct web_req *r, char *dir, size_t len, struct kt_err *e);
/* The bytes of the file at path in a new buffer (free it). */
int web_read_file(const char *path, char **data, size_t *len, struct kt_err *e);
/* Send the file at path as the answer: type, and a download's filename (NULL:
 * shown in the browser). */
int web_send_file(struct web_req *r, const char *path, const char *type, const char *filename,
    struct kt_err *e);
/* The station's card layout: kartu.conf's layout, else cr80-front, looked for
 * as kartu print looks (web_options.layout_dir, the installed layouts,
 * ./layouts).  Free it with layout_free. */
struct layout;
int web_layout(struct web_req *r, struct layout **l, struct kt_err *e);

#endif
