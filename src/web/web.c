/*
 * web.c - the server behind the screens (see web.h): libmicrohttpd on one
 * internal thread, the routes, the sessions, the checks every request passes
 * (host, origin, CSRF, roles, sizes) and the headers every answer carries; the
 * desk view's event stream.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "operator.h"
#include "reader.h"
#include "web-int.h"

#define COOKIE "kartu_sesi"

/* ---- the request's accessors (web.h) ---- */

struct store *web_store(struct web_req *r) { return r->w->st; }
struct web *web_server(struct web_req *r) { return r->w; }
const struct config *web_config(struct web_req *r) { return r->w->o->cfg; }
const char *web_method(const struct web_req *r) { return r->method; }
int web_is_post(const struct web_req *r) { return strcmp(r->method, "POST") == 0; }
const char *web_path(const struct web_req *r) { return r->path; }
const char *web_arg(const struct web_req *r) { return r->arg != NULL ? r->arg : ""; }
long long web_operator_id(const struct web_req *r) { return r->opid; }
const char *web_operator_name(const struct web_req *r) { return r->opname; }
const char *web_operator_role(const struct web_req *r) { return r->oprole; }
struct kt_err *web_err(struct web_req *r) { return &r->err; }

const char *
web_field(const struct web_req *r, const char *name)
{
	return web_field_n(r, name, 0);
}

const char *
web_field_n(const struct web_req *r, const char *name, int n)
{
	const struct web_field *f = web_form_get(&r->form, name, n);

	return f != NULL && f->filename == NULL ? f->value : NULL;
}

int
web_file(const struct web_req *r, const char *name, const unsigned char **data, size_t *len,
    const char **content_type)
{
	const struct web_field *f = web_form_get(&r->form, name, 0);

	if (f == NULL || f->filename == NULL || f->len == 0)
		return KT_ENOTFOUND;
	*data = (const unsigned char *)f->value;
	*len = f->len;
	if (content_type != NULL)
		*content_type = f->type;
	return 0;
}

const unsigned char *
web_body(const struct web_req *r, size_t *len)
{
	*len = r->body_len;
	return r->body;
}

/* Whether the operator has one of roles ("a|b"); NULL: anyone logged in;
 * "": anyone at all. */
int
web_has_role(const struct web_req *r, const char *roles)
{
	const char *p, *q, *bar;
	size_t n, m;

	if (roles != NULL && roles[0] == '\0')
		return 1;
	if (r->opid == 0)
		return 0;
	if (roles == NULL)
		return 1;
	for (p = roles; *p != '\0'; p = *bar ? bar + 1 : bar) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		n = (size_t)(bar - p);
		for (q = r->oprole; *q != '\0'; q += m + (q[m] == '|')) {
			m = strcspn(q, "|");
			if (m == n && strncmp(p, q, n) == 0)
				return 1;
		}
	}
	return 0;
}

/* ---- the desk view's stream (server-sent events) ---- */

struct web_sse_client {
	struct web_sse_client *next;
	struct MHD_Connection *conn;
	struct web *w;
	char *buf;
	size_t len, off, cap;
	int suspended;
};

struct web_sse {
	pthread_mutex_t mu;
	struct web_sse_client *clients;
	unsigned long long seq;
	int stopping;
};

static void
sse_append(struct web_sse_client *c, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (c->len - c->off + n > 1024 * 1024)
		return;	/* a browser that reads nothing loses events, not memory */
	if (c->off > 0) {
		memmove(c->buf, c->buf + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->len + n > c->cap) {
		cap = c->cap ? c->cap : 1024;
		while (cap < c->len + n)
			cap *= 2;
		if ((p = realloc(c->buf, cap)) == NULL)
			return;
		c->buf = p;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

/* Everything queued for c is sent; with nothing, the connection sleeps
 * until web_event wakes it. */
static ssize_t
sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct web_sse_client *c = cls;
	struct web_sse *s = c->w->sse;
	size_t n;

	(void)pos;
	pthread_mutex_lock(&s->mu);
	if (c->len > c->off) {
		n = c->len - c->off;
		if (n > max)
			n = max;
		memcpy(out, c->buf + c->off, n);
		c->off += n;
		pthread_mutex_unlock(&s->mu);
		return (ssize_t)n;
	}
	if (s->stopping) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	c->suspended = 1;
	MHD_suspend_connection(c->conn);
	pthread_mutex_unlock(&s->mu);
	return 0;
}

static void
sse_free(void *cls)
{
	struct web_sse_client *c = cls, **pp;
	struct web_sse *s = c->w->sse;

	pthread_mutex_lock(&s->mu);
	for (pp = &s->clients; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	pthread_mutex_unlock(&s->mu);
	free(c->buf);
	free(c);
}

static void
sse_broadcast(struct web *w, const char *text)
{
	struct web_sse *s = w->sse;
	struct web_sse_client *c;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	for (c = s->clients; c != NULL; c = c->next) {
		sse_append(c, text, strlen(text));
		if (c->suspended) {
			c->suspended = 0;
			MHD_resume_connection(c->conn);
		}
	}
	pthread_mutex_unlock(&s->mu);
}

void
web_event(struct web *w, const char *type, const char *json)
{
	char *msg;
	size_t n;
	unsigned long long id;

	if (w == NULL || w->sse == NULL || strpbrk(type, "\r\n") != NULL ||
	    strpbrk(json, "\r\n") != NULL)
		return;
	pthread_mutex_lock(&w->sse->mu);
	id = ++w->sse->seq;
	pthread_mutex_unlock(&w->sse->mu);
	n = strlen(type) + strlen(json) + 64;
	if ((msg = malloc(n)) == NULL)
		return;
	snprintf(msg, n, "id: %llu\nevent: %s\ndata: %s\n\n", id, type, json);
	sse_broadcast(w, msg);
	free(msg);
}

static enum MHD_Result
sse_start(struct web_req *r, struct MHD_Connection *conn, struct MHD_Response **out)
{
	struct web_sse_client *c = calloc(1, sizeof *c);
	static const char hello[] = "retry: 3000\n: kartu\n\n";

	if (c == NULL)
		return MHD_NO;
	c->conn = conn;
	c->w = r->w;
	sse_append(c, hello, sizeof hello - 1);
	*out = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read, c, sse_free);
	if (*out == NULL) {
		free(c->buf);
		free(c);
		return MHD_NO;
	}
	pthread_mutex_lock(&r->w->sse->mu);
	c->next = r->w->sse->clients;
	r->w->sse->clients = c;
	pthread_mutex_unlock(&r->w->sse->mu);
	MHD_add_response_header(*out, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(*out, "Cache-Control", "no-store");
	return MHD_YES;
}

/* ---- static files ---- */

static int
static_name_ok(const char *n)
{
	size_t i;

	if (n[0] == '\0' || n[0] == '.' || strlen(n) > 64)
		return 0;
	for (i = 0; n[i] != '\0'; i++)
		if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') ||
		    n[i] == '-' || n[i] == '.' || n[i] == '_'))
			return 0;
	return strstr(n, "..") == NULL;
}

static const char *
static_type(const char *n)
{
	const char *dot = strrchr(n, '.');

	if (dot == NULL)
		return NULL;
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".txt") == 0 || strcmp(dot, ".md") == 0)
		return "text/plain; charset=utf-8";
	return NULL;
}

static int
serve_static(struct web_req *r)
{
	const char *name = web_arg(r), *type;
	char path[4200];
	FILE *f;
	char *data;
	long n;

	if (!static_name_ok(name) || (type = static_type(name)) == NULL ||
	    r->w->o->static_dir == NULL)
		return kt_error(&r->err, KT_ENOTFOUND, _("no such page"));
	snprintf(path, sizeof path, "%s/%s", r->w->o->static_dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return kt_error(&r->err, KT_ENOTFOUND, _("no such page"));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 4 * 1024 * 1024 ||
	    fseek(f, 0, SEEK_SET) != 0 || (data = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return kt_error(&r->err, KT_EFAIL, _("cannot read %s"), name);
	}
	if (fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		fclose(f);
		return kt_error(&r->err, KT_EFAIL, _("cannot read %s"), name);
	}
	fclose(f);
	web_send(r, type, data, (size_t)n, NULL);
	web_header(r, "Cache-Control", "no-cache");
	free(data);
	return 0;
}

static int
page_events(struct web_req *r)
{
	(void)r;
	return 0;	/* answered by sse_start */
}

static const struct web_route own_routes[] = {
	{ "GET", "/static/", "", serve_static, NULL },
	{ "GET", "/peristiwa", NULL, page_events, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* ---- routing ---- */

/* The route for r's path: *other set when the path has one for another
 * method only. */
static const struct web_route *
route_find(struct web_req *r, int *other)
{
	const struct web_route *const *t;
	const struct web_route *rt, *tables[2] = { own_routes, NULL };
	const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	size_t n;
	int pass;

	*other = 0;
	for (pass = 0; pass < 2; pass++)
		for (t = pass == 0 ? tables : web_route_tables; *t != NULL; t++)
			for (rt = *t; rt->method != NULL; rt++) {
				n = strlen(rt->path);
				if (rt->path[n - 1] == '/' && n > 1 ?
				    strncmp(r->path, rt->path, n) != 0 || r->path[n] == '\0' :
				    strcmp(r->path, rt->path) != 0)
					continue;
				if (strcmp(rt->method, m) != 0) {
					*other = 1;
					continue;
				}
				r->arg = rt->path[n - 1] == '/' && n > 1 ? r->path + n : "";
				return rt;
			}
	return NULL;
}

/* ---- checks of the request ---- */

/* Listening on the loopback, only a loopback name may be asked for: a page
 * elsewhere that points its own name at 127.0.0.1 (DNS rebinding) is
 * refused. */
static int
host_ok(struct web_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	char want[3][64];
	int i;

	if (!r->w->loopback)
		return 1;
	if (h == NULL)
		return 0;
	snprintf(want[0], sizeof want[0], "127.0.0.1:%u", r->w->port);
	snprintf(want[1], sizeof want[1], "localhost:%u", r->w->port);
	snprintf(want[2], sizeof want[2], "[::1]:%u", r->w->port);
	for (i = 0; i < 3; i++)
		if (strcasecmp(h, want[i]) == 0)
			return 1;
	return 0;
}

/* A POST comes from a page of this server: its Origin (or, without one, its
 * Referer) is this server's. */
static int
origin_ok(struct web_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	const char *o = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	const char *ref = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Referer");
	char want[160];
	size_t n;

	if (h == NULL)
		return 0;
	n = (size_t)snprintf(want, sizeof want, "%s://%s", r->w->tls ? "https" : "http", h);
	if (o != NULL)
		return strcmp(o, want) == 0;
	return ref != NULL && strncmp(ref, want, n) == 0 && ref[n] == '/';
}

static int
csrf_ok(struct web_req *r)
{
	const char *t = web_field(r, "csrf");

	if (t == NULL)
		t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	return r->csrf[0] != '\0' && t != NULL && strlen(t) == strlen(r->csrf) &&
	    sodium_memcmp(t, r->csrf, strlen(t)) == 0;
}

static enum MHD_Result
add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct web_req *r = cls;

	(void)kind;
	if (key == NULL)
		return MHD_YES;
	if (value == NULL)
		value = "";
	if (strlen(value) > 4096 || web_form_add(&r->form, key, strlen(key), value,
	    strlen(value), NULL, NULL, &r->err) != 0) {
		r->too_big = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* The server's connection to a PostgreSQL register that went away is made
 * again before a request, at most once a second; until the server is back,
 * what needs the register answers 503 (KT_EOFFLINE), and the desk view's
 * thread answers taps offline (page-desk.c). */
static void
store_keep(struct web *w)
{
	struct kt_err e = { 0 };
	struct timespec now;

	if (!store_lost(w->st))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (w->store_tried != 0 && now.tv_sec - w->store_tried < 1)
		return;
	w->store_tried = now.tv_sec;
	if (store_reconnect(w->st, &e) == 0)
		fprintf(stderr, "%s\n", _("kartu serve: the register's server is back"));
}

/* The session of the cookie, if any: who, their roles, the form token. */
static int
find_session(struct web_req *r)
{
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Cookie");
	struct kt_err e = { 0 };
	int rc;

	r->token[0] = '\0';
	store_set_web_session(r->w->st, 0);
	store_set_actor(r->w->st, 0);
	if (cookie == NULL || web_cookie(cookie, COOKIE, r->token, sizeof r->token) != 0) {
		r->token[0] = '\0';
		return 0;
	}
	if ((rc = session_web_resume(r->w->st, r->token, &r->opid, r->opname, sizeof r->opname,
	    &r->expired, &e)) != 0) {
		r->err = e;
		return rc;
	}
	if (r->opid == 0) {
		r->token[0] = '\0';
		return 0;
	}
	if ((rc = operator_role(r->w->st, r->opid, r->oprole, sizeof r->oprole, &e)) != 0 ||
	    (rc = session_web_csrf(r->w->st, r->token, r->csrf, &e)) != 0) {
		r->err = e;
		return rc;
	}
	return 0;
}

/* ---- answering ---- */

static void
security_headers(struct web_req *r, struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
	    " media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
	    " form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(self), microphone=(),"
	    " geolocation=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (r->w->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result
respond(struct web_req *r)
{
	struct MHD_Response *resp;
	char disp[200];
	enum MHD_Result ok;
	int i;

	if (r->out.oom)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(r->out.len, r->out.p != NULL ? r->out.p : (char *)"",
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	security_headers(r, resp);
	if (r->status == 303)
		MHD_add_response_header(resp, "Location", r->location);
	MHD_add_response_header(resp, "Content-Type", r->content_type[0] != '\0' ?
	    r->content_type : "text/html; charset=utf-8");
	if (r->filename[0] != '\0') {
		snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", r->filename);
		MHD_add_response_header(resp, "Content-Disposition", disp);
	}
	for (i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr[i].name, r->hdr[i].value);
	if (MHD_get_response_header(resp, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->set_cookie[0] != '\0')
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	ok = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	return ok;
}

void
web_set_session_cookie(struct web_req *r, const char *token)
{
	snprintf(r->set_cookie, sizeof r->set_cookie, "%s=%s; Path=/; HttpOnly;"
	    " SameSite=Strict%s%s", COOKIE, token != NULL ? token : "",
	    r->w->tls ? "; Secure" : "", token == NULL ? "; Max-Age=0" : "");
	if (token != NULL)
		snprintf(r->token, sizeof r->token, "%s", token);
}

/* The request whole: checks, session, route, the page's function. */
static void
handle(struct web_req *r)
{
	const struct web_route *rt;
	int other, rc;
	char next[WEB_PATH_MAX + 16];

	if (!host_ok(r)) {
		kt_error(&r->err, KT_EREFUSED, _("this server answers only to its own address"));
		web_error_page(r, 421, &r->err);
		return;
	}
	if (r->too_big) {
		kt_error(&r->err, KT_EUSAGE, _("what was sent is too large"));
		web_error_page(r, 413, &r->err);
		return;
	}
	if (find_session(r) != 0) {
		web_error_page(r, 500, &r->err);
		return;
	}
	if ((rt = route_find(r, &other)) == NULL) {
		kt_error(&r->err, KT_ENOTFOUND, other ? _("this page does not take that request") :
		    _("no such page"));
		web_error_page(r, other ? 405 : 404, &r->err);
		return;
	}
	if (web_is_post(r)) {
		if (!origin_ok(r)) {
			session_web_refused(r->w->st, "origin", r->path, r->peer, NULL);
			kt_error(&r->err, KT_EREFUSED, _("the form did not come from this station's"
			    " pages"));
			web_error_page(r, 403, &r->err);
			return;
		}
		if (r->body_len > 0 && web_form_parse(&r->form, r->ctype, r->body, r->body_len,
		    &r->err) == KT_EUSAGE) {
			web_error_page(r, 400, &r->err);
			return;
		}
		memset(&r->err, 0, sizeof r->err);
	} else if (MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_query, r) < 0 ||
	    r->too_big) {
		kt_error(&r->err, KT_EUSAGE, _("the address is malformed"));
		web_error_page(r, 400, &r->err);
		return;
	}
	if (rt->roles == NULL || rt->roles[0] != '\0') {
		if (r->opid == 0) {
			/* Not logged in, or no longer: to Masuk, and back here after. */
			snprintf(next, sizeof next, "%s", web_is_post(r) ? "/" : r->path);
			web_redirect(r, "/masuk?%s", r->expired ? "habis=1" : "");
			if (strcmp(next, "/") != 0 && strlen(r->location) + strlen(next) + 8 <
			    sizeof r->location) {
				size_t n = strlen(r->location);

				snprintf(r->location + n, sizeof r->location - n, "%slanjut=",
				    r->expired ? "&" : "");
				/* The path is ours, already decoded: keep it plain. */
				for (const char *p = next; *p != '\0' &&
				    strlen(r->location) + 4 < sizeof r->location; p++) {
					n = strlen(r->location);
					if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					    (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' ||
					    *p == '_' || *p == '.')
						r->location[n] = *p, r->location[n + 1] = '\0';
					else
						snprintf(r->location + n, sizeof r->location - n,
						    "%%%02X", (unsigned char)*p);
				}
			}
			return;
		}
		if (!web_has_role(r, rt->roles)) {
			kt_error(&r->err, KT_EREFUSED, _("%s is %s: this page is for %s"),
			    r->opname, r->oprole, rt->roles);
			web_error_page(r, 403, &r->err);
			return;
		}
		if (web_is_post(r) && !csrf_ok(r)) {
			session_web_refused(r->w->st, "csrf", r->path, r->peer, NULL);
			kt_error(&r->err, KT_EREFUSED, _("the form is out of date: open the page"
			    " again and repeat"));
			web_error_page(r, 403, &r->err);
			return;
		}
	}
	rc = rt->fn(r);
	if (r->claimed)
		web_reader_release(r);
	if (rc != 0) {
		if (r->err.code == 0)
			kt_error(&r->err, rc, _("the step failed"));
		web_error_page(r, rc == KT_EUSAGE ? 400 : web_err_status(&r->err), &r->err);
		return;
	}
	if (r->page_open && r->status != 303 && r->out.len == 0)
		web_page_end(r);
}

static void
log_request(struct web_req *r)
{
	/* The path only: a query may hold a name searched for. */
	fprintf(stderr, "kartu serve: %s %s %d %s\n", r->method, r->path,
	    r->status ? r->status : 200, r->opname[0] != '\0' ? r->opname : "-");
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct web *w = cls;
	struct web_req *r = *con_cls;
	const char *cl, *ct;
	const union MHD_ConnectionInfo *ci;
	struct MHD_Response *resp;
	unsigned char *nb;
	enum MHD_Result ok;
	int other;

	(void)version;
	if (r == NULL) {
		if ((r = calloc(1, sizeof *r)) == NULL)
			return MHD_NO;
		r->w = w;
		r->conn = conn;
		snprintf(r->method, sizeof r->method, "%s", method);
		if (strlen(url) >= sizeof r->path)
			r->too_big = 1;
		snprintf(r->path, sizeof r->path, "%s", url);
		ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		snprintf(r->ctype, sizeof r->ctype, "%s", ct != NULL ? ct : "");
		r->body_max = strncasecmp(r->ctype, "application/x-www-form-urlencoded", 33) == 0 ?
		    WEB_FORM_MAX : WEB_UPLOAD_MAX;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > r->body_max)
			r->too_big = 1;
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL) {
			if (ci->client_addr->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)
				    (const void *)ci->client_addr)->sin_addr, r->peer, sizeof r->peer);
			else if (ci->client_addr->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
				    (const void *)ci->client_addr)->sin6_addr, r->peer,
				    sizeof r->peer);
		}
		*con_cls = r;
		return MHD_YES;	/* answering on the first call closes the connection */
	}
	if (*upload_size > 0) {
		if (!r->too_big && r->body_len + *upload_size <= r->body_max) {
			if ((nb = realloc(r->body, r->body_len + *upload_size + 1)) == NULL)
				return MHD_NO;
			r->body = nb;
			memcpy(r->body + r->body_len, upload, *upload_size);
			r->body_len += *upload_size;
			r->body[r->body_len] = '\0';
		} else
			r->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	store_keep(w);
	/* The desk view's stream is no page: it stays open. */
	if (strcmp(r->path, "/peristiwa") == 0 && strcmp(r->method, "GET") == 0 && host_ok(r)) {
		if (find_session(r) == 0 && r->opid != 0 && route_find(r, &other) != NULL &&
		    sse_start(r, conn, &resp) == MHD_YES) {
			security_headers(r, resp);
			ok = MHD_queue_response(conn, MHD_HTTP_OK, resp);
			MHD_destroy_response(resp);
			store_set_web_session(w->st, 0);
			return ok;
		}
	}
	handle(r);
	store_set_web_session(w->st, 0);
	store_set_actor(w->st, 0);
	log_request(r);
	return respond(r);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct web_req *r = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	web_form_free(&r->form);
	web_buf_free(&r->out);
	free(r->body);
	sodium_memzero(r->token, sizeof r->token);
	sodium_memzero(r->csrf, sizeof r->csrf);
	free(r);
	*con_cls = NULL;
}

/* ---- starting and stopping ---- */

static int
read_file(const char *path, char **out, struct kt_err *e)
{
	FILE *f = fopen(path, "rb");
	long n;

	*out = NULL;
	if (f == NULL)
		return kt_error(e, KT_EFAIL, _("cannot open %s: %s"), path, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 1024 * 1024 ||
	    fseek(f, 0, SEEK_SET) != 0 || (*out = calloc(1, (size_t)n + 1)) == NULL ||
	    fread(*out, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(*out);
		*out = NULL;
		return kt_error(e, KT_EFAIL, _("cannot read %s"), path);
	}
	fclose(f);
	return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8443", ":8443" into a socket
 * address. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sl, int *loopback,
    char *host, size_t hlen, struct kt_err *e)
{
	const char *colon;
	char h[64];
	unsigned long port;
	char *end;
	struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		if ((colon = strstr(s, "]:")) == NULL || (size_t)(colon - s - 1) >= sizeof h)
			goto bad;
		snprintf(h, sizeof h, "%.*s", (int)(colon - s - 1), s + 1);
		colon++;
	} else {
		if ((colon = strrchr(s, ':')) == NULL || (size_t)(colon - s) >= sizeof h)
			goto bad;
		snprintf(h, sizeof h, "%.*s", (int)(colon - s), s);
	}
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port > 65535)
		goto bad;
	if (h[0] == '\0')
		snprintf(h, sizeof h, "0.0.0.0");
	if (inet_pton(AF_INET, h, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((unsigned short)port);
		*sl = sizeof *a4;
		*loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, h, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((unsigned short)port);
		*sl = sizeof *a6;
		*loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
	} else
		goto bad;
	snprintf(host, hlen, "%s", h);
	return 0;
bad:
	return kt_error_at(e, KT_EUSAGE, "listen", _("'%.80s' is no address to listen on: give"
	    " HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080"), s);
}

int
web_serve(struct store *st, const struct web_options *o, struct kt_err *e)
{
	struct web w;
	struct web_sse sse;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(struct sockaddr_storage);
	char *cert = NULL, *key = NULL, url[160];
	struct sockaddr_storage bound;
	socklen_t bl;
	struct MHD_Daemon *d;
	struct web_sse_client *c;
	sigset_t sigs;
	struct timespec tick = { 20, 0 };
	unsigned flags;
	int rc, sig, fd = -1, one = 1;

	memset(&w, 0, sizeof w);
	memset(&sse, 0, sizeof sse);
	w.st = st;
	w.o = o;
	if ((rc = parse_listen(o->listen != NULL && o->listen[0] != '\0' ? o->listen :
	    "127.0.0.1:8080", &ss, &sl, &w.loopback, w.host, sizeof w.host, e)) != 0)
		return rc;
	if ((o->tls_cert != NULL) != (o->tls_key != NULL))
		return kt_error_at(e, KT_EUSAGE, o->tls_cert == NULL ? "tls_cert" : "tls_key",
		    _("TLS needs both a certificate and its key"));
	w.tls = o->tls_cert != NULL;
	if (!w.loopback && !w.tls)
		return kt_error_at(e, KT_EUSAGE, "listen", _("listening on %s, beyond this"
		    " computer, needs TLS: set tls_cert and tls_key (PINs and members' data"
		    " must not cross the LAN in clear)"), w.host);
	if (w.tls && ((rc = read_file(o->tls_cert, &cert, e)) != 0 ||
	    (rc = read_file(o->tls_key, &key, e)) != 0)) {
		free(cert);
		return rc;
	}
	/* The socket first, so that what can go wrong is said before anything
	 * else changes. */
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
	    sizeof one) != 0) || bind(fd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(fd, 64) != 0) {
		rc = kt_error_at(e, KT_EFAIL, "listen", _("cannot listen on %.80s (%s: in use, or"
		    " not this computer's address)"), o->listen != NULL ? o->listen :
		    "127.0.0.1:8080", strerror(errno));
		if (fd >= 0)
			close(fd);
		free(cert);
		free(key);
		return rc;
	}
	bl = sizeof bound;
	if (getsockname(fd, (struct sockaddr *)&bound, &bl) == 0)
		w.port = ntohs(bound.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)(void *)&bound)->sin6_port :
		    ((struct sockaddr_in *)(void *)&bound)->sin_port);
	if (ss.ss_family == AF_INET6)
		snprintf(url, sizeof url, "%s://[%s]:%u/", w.tls ? "https" : "http", w.host, w.port);
	else
		snprintf(url, sizeof url, "%s://%s:%u/", w.tls ? "https" : "http",
		    strcmp(w.host, "0.0.0.0") == 0 ? "127.0.0.1" : w.host, w.port);
	/* Connections wait in the socket's queue until the daemon runs. */
	if (o->listening != NULL)
		o->listening(url, o->listening_arg);
	/* The pages' language, while this is the only thread. */
	if (o->lang != NULL) {
		setenv("LANGUAGE", o->lang, 1);
		if (setlocale(LC_MESSAGES, "") == NULL ||
		    strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
		textdomain(KARTU_DOMAIN);
	}
	pthread_mutex_init(&sse.mu, NULL);
	w.sse = &sse;
	/* The desk view's threads, before the daemon's: w.desk is set before any
	 * request can look at it.  Without them the desk takes typed numbers. */
	if (web_desk_start(&w, e) != 0)
		fprintf(stderr, "kartu serve: %s\n", e->msg);
	memset(e, 0, sizeof *e);
	if (web_live_start(&w, e) != 0)
		fprintf(stderr, "kartu serve: %s\n", e->msg);
	memset(e, 0, sizeof *e);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
	    (w.tls ? MHD_USE_TLS : 0);
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &w,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(w.loopback ? 0 : 32),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    w.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
	if (d == NULL) {
		close(fd);
		rc = kt_error(e, KT_EFAIL, _("cannot start the screens' server (libmicrohttpd)"));
		goto out;
	}
	w.daemon = d;
	/* The signals are blocked in every thread (the caller did it before the
	 * daemon's thread started); wait for one, waking now and then to keep
	 * the desk views' streams alive (and to find the closed ones). */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	for (;;) {
		sig = sigtimedwait(&sigs, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		sse_broadcast(&w, ": ping\n\n");
	}
	web_live_stop(&w);
	web_desk_stop(&w);
	pthread_mutex_lock(&sse.mu);
	sse.stopping = 1;
	for (c = sse.clients; c != NULL; c = c->next)
		if (c->suspended) {
			c->suspended = 0;
			MHD_resume_connection(c->conn);
		}
	pthread_mutex_unlock(&sse.mu);
	MHD_stop_daemon(d);
	rc = 0;
out:
	web_live_stop(&w);
	web_desk_stop(&w);
	if (w.reader != NULL)
		reader_close(w.reader);
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	pthread_mutex_destroy(&sse.mu);
	return rc;
}
