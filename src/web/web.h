/*
 * web.h - the station's screens: the second front end on the core library,
 * beside the CLI.  kartu serve (src/cli/cmd-serve.c) opens the store as every
 * command does and hands it to web_serve(), which runs libmicrohttpd on one
 * thread: requests are answered one at a time, so the store is never used by
 * two of them at once.  Pages are server-rendered HTML that works without
 * JavaScript; /static/ serves the CSS and the one vendored script.
 *
 * A page is a route (struct web_route): a method, a path, the roles that may
 * open it and a function that reads the request and writes the answer through
 * the calls below.  Every module of pages (page-*.c) exports one table,
 * listed in routes.c.  Before the function is called the server has:
 *   - found the operator of the session cookie (or sent them to /masuk), and
 *     told the store (session_web_*), so that the core's operator_require
 *     with no name finds that operator: the same role checks as the CLI, and
 *     the audit trail names the operator and the web;
 *   - checked the route's roles (403 otherwise);
 *   - for a POST, checked the CSRF token of the form (web_csrf_field) and
 *     the Origin header (403 otherwise), and parsed the body
 *     (application/x-www-form-urlencoded or multipart/form-data) within the
 *     size limits.
 *
 * Output is escaped by default: web_html() is printf whose every %s is
 * escaped for HTML text and attributes; web_raw() writes trusted markup
 * as it is.  No NIK or document number goes into a page, a URL or the log in
 * full: show them masked (text.h) as the CLI does.
 */
#ifndef KARTU_WEB_H
#define KARTU_WEB_H

#include <stddef.h>

#include "compat.h"
#include "config.h"
#include "err.h"
#include "store.h"

struct web;		/* the server */
struct web_req;		/* one request and its answer */
struct reader;

/* ---- starting the server (cmd-serve.c) ---- */

struct web_options {
	const char *listen;	/* "127.0.0.1:8080" (default), "[::1]:8080", ":8443"
				   (all addresses: only with TLS) */
	const char *tls_cert;	/* PEM files, both or neither */
	const char *tls_key;
	const char *static_dir;	/* the CSS and scripts (PKGDATADIR/web, or the
				   source tree's web/ in the test build) */
	const char *key_dir;	/* for the desk's reader thread (its own store) */
	const char *db_path;
	const char *layout_dir;	/* looked in first for the card layout (the
				   CLI's $KARTU_LAYOUTS), or NULL */
	const char *tmp_dir;	/* for the files the core writes before a page
				   sends them ($TMPDIR; NULL: /tmp) */
	const char *origin_key;	/* an NTAG originality key trusted besides NXP's
				   (the test build's simulator), or NULL */
	const struct config *cfg;	/* reader, printer, library's name */
	int test_build;		/* the test build: its hooks (clock) are in st */
	long long clock;	/* the test build's fixed clock (0: the real one), for
				   the desk thread's own store */
	const char *lang;	/* the pages' language ("id", "en"); NULL: as the
				   process's.  Taken once the socket listens, so the
				   errors before are in the starter's language. */
	/* Written once the socket listens: "http://127.0.0.1:8080/" (the port
	 * read back when 0 was asked for), so tests and make demo find it. */
	void (*listening)(const char *url, void *arg);
	void *listening_arg;
};

/* Run the server on st until SIGINT or SIGTERM (blocked by the caller in
 * every thread, waited for here).  KT_EUSAGE for a bad listen address or a
 * non-local one without TLS, KT_EFAIL if the socket cannot be opened. */
int web_serve(struct store *st, const struct web_options *o, struct kt_err *e);

/* ---- routes (routes.c lists every module's table) ---- */

struct web_route {
	const char *method;	/* "GET" or "POST" */
	const char *path;	/* "/antrian", or a prefix ending in '/' ("/anggota/"):
				   what follows it is web_arg() */
	const char *roles;	/* "officer|admin"; NULL: any operator logged in;
				   "": anyone, logged in or not (Masuk, /static/) */
	int (*fn)(struct web_req *r);	/* 0 when it wrote the answer; a KT_E*
					   code with web_err(r) filled: the
					   server shows an error page */
	const char *menu;	/* the menu's label (N_("Antrian")) for a GET shown
				   in the menu, else NULL */
};

/* ---- the request ---- */

struct store *web_store(struct web_req *r);
struct web *web_server(struct web_req *r);
const struct config *web_config(struct web_req *r);
/* "GET", "POST". */
const char *web_method(const struct web_req *r);
int web_is_post(const struct web_req *r);
/* The path, decoded ("/anggota/12"); and for a prefix route, what follows
 * the prefix ("12"), else "". */
const char *web_path(const struct web_req *r);
const char *web_arg(const struct web_req *r);
/* A field of the form (POST body) or, for a GET, of the query string; NULL
 * when absent.  Repeated names: the first (web_field_n for the others). */
const char *web_field(const struct web_req *r, const char *name);
const char *web_field_n(const struct web_req *r, const char *name, int n);
/* An uploaded file of a multipart form: 0 and its bytes, or KT_ENOTFOUND. */
int web_file(const struct web_req *r, const char *name, const unsigned char **data,
    size_t *len, const char **content_type);
/* The raw body of a POST that is not a form (a camera's image/jpeg). */
const unsigned char *web_body(const struct web_req *r, size_t *len);
/* The operator of the session: id 0 when nobody is logged in. */
long long web_operator_id(const struct web_req *r);
const char *web_operator_name(const struct web_req *r);
const char *web_operator_role(const struct web_req *r);	/* "officer|admin" */
int web_has_role(const struct web_req *r, const char *roles);
/* The request's kt_err, for core calls; what the server shows when fn
 * returns a code. */
struct kt_err *web_err(struct web_req *r);
/* The station's reader (the configuration's; the simulator in the demo).  A
 * thread of the desk view (page-desk.c) waits for taps on it; a step that
 * writes a chip (issue, replace) claims it from that thread for the time of
 * the write and releases it: NULL with e filled when there is no reader or
 * it stays busy. */
struct reader *web_reader_claim(struct web_req *r, struct kt_err *e);
void web_reader_release(struct web_req *r);

/* ---- the answer ---- */

/* printf into the page, every %s escaped for HTML (& < > " ' as entities),
 * so it is safe in text and in a quoted attribute. */
void web_html(struct web_req *r, const char *fmt, ...) printflike(2, 3);
/* Trusted markup (literals, or what web_* built), as it is. */
void web_raw(struct web_req *r, const char *s);
/* A value for a URL's query or path, percent-encoded (then HTML-escaped). */
void web_url_part(struct web_req *r, const char *s);

/* The page's frame: doctype, <head> (title, /static/kartu.css,
 * /static/kartu.js deferred), the header with the library's name, the menu
 * for the operator's roles (the routes' menu labels), the operator and a
 * logout button, and the message of the previous step (web_flash).  Then
 * the page's own content, then web_page_end. */
void web_page_begin(struct web_req *r, const char *title);
void web_page_end(struct web_req *r);

/* A message shown once on the next page of this session (after a redirect):
 * kind "ok", "warn" or "error". */
void web_flash(struct web_req *r, const char *kind, const char *fmt, ...) printflike(3, 4);

/* A form: <form method="post" action="..."> with the CSRF field, and its
 * end.  multipart for a file upload. */
void web_form_begin(struct web_req *r, const char *action, int multipart);
void web_form_end(struct web_req *r);
/* The hidden CSRF input, for forms written by hand. */
void web_csrf_field(struct web_req *r);

/* A labelled input: <div class="field"> with <label for>, the input
 * (type "text", "date", "tel", "number", "password", "hidden", "textarea";
 * value HTML-escaped; NULL for none) and, when e holds a problem for field,
 * the message beside it (aria-describedby, class "invalid").  attrs is
 * trusted markup added to the input (" required autocomplete=\"off\""), or
 * NULL. */
void web_input(struct web_req *r, const char *field, const char *label, const char *type,
    const char *value, const struct kt_err *e, const char *attrs);
/* A <select>: options as value/label pairs ended by NULL. */
void web_select(struct web_req *r, const char *field, const char *label,
    const char *const *options, const char *value, const struct kt_err *e,
    const char *attrs);
/* The same in two halves, for options written by the page itself (groups,
 * data- attributes): the field, its label and <select ...attrs>, then
 * </select> with the field's problem. */
void web_select_begin(struct web_req *r, const char *field, const char *label,
    const struct kt_err *e, const char *attrs);
void web_select_end(struct web_req *r, const char *field, const struct kt_err *e);
/* The problem e has for field, or NULL. */
const char *web_problem(const struct kt_err *e, const char *field);
/* Every problem of e at the top of a form ("3 isian perlu diperbaiki"), each
 * linked to its field. */
void web_problems(struct web_req *r, const struct kt_err *e);
/* A date as the desk reads it: "2026-11-28" -> "28-11-2026"; a timestamp
 * "2026-11-28T01:00:00Z" -> "28-11-2026 08:00 WIB". */
void web_date(struct web_req *r, const char *iso);

/* Answer with a redirect (303 See Other) to a local path (printf, not
 * escaped: build it from web_url_part-safe values or numbers). */
void web_redirect(struct web_req *r, const char *fmt, ...) printflike(2, 3);
/* A row of a record's table (table.facts, table.details): its name and its
 * value, "-" for none. */
void web_row(struct web_req *r, const char *name, const char *value);
/* The rows of where the KTP was made (its district, never the NIK) and the
 * address's village, by name; none for NULL. */
void web_region_rows(struct web_req *r, const char *nik_region, const char *village);
/* The address's pickers (kecamatan, then desa or kelurahan, of the library's
 * regency: the setting regency), fields "kecamatan" and "village" with the
 * codes chosen (NULL: none); nothing without the setting.  kartu.js narrows
 * the villages to the kecamatan's.  web_address_check adds a problem to e
 * when a kecamatan is given (not NULL) without one of its villages. */
void web_address_pickers(struct web_req *r, const char *kecamatan, const char *village,
    const struct kt_err *e);
void web_address_check(const char *kecamatan, const char *village, struct kt_err *e);

/* The status of a page (default 200), e.g. 422 for a form with problems. */
void web_status(struct web_req *r, int status);
/* The status of a page that answers with e's failure: 422 for a form's
 * problems (KT_EUSAGE), 403 for a step the operator's role does not allow
 * (the core names the step "role"), 409 for any other refusal by the rules
 * or the record's state, 404 for no such record, 500 else. */
int web_err_status(const struct kt_err *e);
/* A download or an image instead of a page: its type, its bytes (copied)
 * and, for a download, the file name (Content-Disposition: attachment). */
void web_send(struct web_req *r, const char *content_type, const void *data, size_t len,
    const char *filename);
/* A response header (not Set-Cookie, not the security headers: the server
 * sets those). */
void web_header(struct web_req *r, const char *name, const char *value);

/* ---- the desk's live view (server-sent events) ---- */

/* A part of a page that follows the other desks' changes (web-live.c):
 * kinds the store notes' kinds it shows ("application card", space
 * separated; a "bulk" change always counts), id the one row it shows (0:
 * any).  kartu.js reads the part again and puts it in place (in_place, and
 * nobody is typing in it) or shows a "new data: refresh" line; either is
 * said in a status region (aria-live polite).  web_live_end closes it. */
void web_live_begin(struct web_req *r, const char *kinds, int in_place, long long id);
void web_live_end(struct web_req *r);


/* Send an event to every browser following /peristiwa (the desk view, and
 * the parts of pages that follow other desks): type ("tap", "tap-remote",
 * "change": web-int.h, web_live_start), data one line of JSON.  Every
 * logged-in operator's browser gets it: nothing in it may be more than any
 * operator's pages show.  Safe from any thread. */
void web_event(struct web *w, const char *type, const char *json);

#endif
