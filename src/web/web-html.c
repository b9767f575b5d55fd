/*
 * web-html.c - writing the answer: escaped output (web_html), the page's
 * frame and menu, forms and their fields with the core's problems beside
 * them, redirects, downloads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "label.h"
#include "layout.h"
#include "region.h"
#include "web-int.h"

#define WEB_OUT_MAX (32 * 1024 * 1024)

void
web_buf_add(struct web_buf *b, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (b->oom || n == 0)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > WEB_OUT_MAX || (p = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
web_buf_free(struct web_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

void
web_buf_escape(struct web_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *ent;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		web_buf_add(b, s + from, i - from);
		web_buf_add(b, ent, strlen(ent));
		from = i + 1;
	}
	web_buf_add(b, s + from, n - from);
}

/* The conversion specs below are cut from the caller's format, a literal
 * that printflike checked at the call. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* printf with every %s escaped: the conversions d i u x c with the length
 * modifiers l ll z, widths and precisions (also *), %s and %%. */
static void
vhtml(struct web_buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *start;
	char spec[32], tmp[128];
	int prec, width, n, lng;
	size_t sl;

	while (*p != '\0') {
		if (*p != '%') {
			start = p;
			while (*p != '\0' && *p != '%')
				p++;
			web_buf_add(b, start, (size_t)(p - start));
			continue;
		}
		start = p++;
		if (*p == '%') {
			web_buf_add(b, "%", 1);
			p++;
			continue;
		}
		while (*p == '-' || *p == '0' || *p == ' ' || *p == '+' || *p == '#')
			p++;
		width = -1;
		if (*p == '*') {
			width = va_arg(ap, int);
			p++;
		} else
			while (*p >= '0' && *p <= '9')
				p++;
		prec = -1;
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				prec = 0;
				while (*p >= '0' && *p <= '9')
					prec = prec * 10 + (*p++ - '0');
			}
		}
		lng = 0;
		if (*p == 'l') {
			lng = 1;
			if (*++p == 'l') {
				lng = 2;
				p++;
			}
		} else if (*p == 'z') {
			lng = 3;
			p++;
		}
		n = (int)(p - start) + 1;
		if (n >= (int)sizeof spec)
			return;
		memcpy(spec, start, (size_t)n);
		spec[n] = '\0';
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (s == NULL)
				s = "";
			sl = strlen(s);
			if (prec >= 0 && (size_t)prec < sl)
				sl = (size_t)prec;
			web_buf_escape(b, s, sl);
			(void)width;
			break;
		}
		case 'd': case 'i': case 'u': case 'x': case 'c':
			/* The digits and letters of a number need no escaping. */
			if (strchr(spec, '*') != NULL)
				return;	/* not with a number: keep it simple */
			if (lng == 2)
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, long long));
			else if (lng == 1)
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, long));
			else if (lng == 3)
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, size_t));
			else
				snprintf(tmp, sizeof tmp, spec, va_arg(ap, int));
			if (*p == 'c')
				web_buf_escape(b, tmp, strlen(tmp));
			else
				web_buf_add(b, tmp, strlen(tmp));
			break;
		default:
			return;	/* unknown: stop rather than misread the arguments */
		}
		p++;
	}
}

#pragma GCC diagnostic pop

void
web_html(struct web_req *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vhtml(&r->out, fmt, ap);
	va_end(ap);
}

void
web_raw(struct web_req *r, const char *s)
{
	web_buf_add(&r->out, s, strlen(s));
}

void
web_url_part(struct web_req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[4];
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			web_buf_add(&r->out, (const char *)p, 1);
		else {
			enc[0] = '%';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			web_buf_add(&r->out, enc, 3);
		}
	}
}

/* ---- the frame ---- */

static void
menu(struct web_req *r)
{
	const struct web_route *const *t;
	const struct web_route *rt;

	web_raw(r, "<nav class=\"menu\" aria-label=\"");
	web_html(r, "%s", _("Menu"));
	web_raw(r, "\"><ul>");
	for (t = web_route_tables; *t != NULL; t++)
		for (rt = *t; rt->method != NULL; rt++) {
			if (rt->menu == NULL || strcmp(rt->method, "GET") != 0 ||
			    !web_has_role(r, rt->roles))
				continue;
			web_html(r, "<li><a href=\"%s\"%s>%s</a></li>", rt->path,
			    strcmp(rt->path, r->path) == 0 ? " aria-current=\"page\"" : "",
			    _(rt->menu));
		}
	web_raw(r, "</ul></nav>");
}

/* "officer|admin" as the desk reads it: "petugas, admin". */
static void
roles(struct web_req *r, const char *list)
{
	char one[32];
	size_t n;
	const char *p;

	for (p = list; *p != '\0'; p += n + (p[n] == '|')) {
		n = strcspn(p, "|");
		snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), p);
		web_html(r, "%s%s", p == list ? "" : ", ", label(LABEL_ROLE, one));
	}
}

void
web_page_begin(struct web_req *r, const char *title)
{
	const struct config *c = web_config(r);
	const char *lib = c != NULL && c->library_name[0] != '\0' ? c->library_name : "kartu";
	char kind[8], msg[300];

	r->page_open = 1;
	if (r->content_type[0] == '\0')
		snprintf(r->content_type, sizeof r->content_type, "text/html; charset=utf-8");
	/* TRANSLATORS: the language of the pages, as HTML's lang attribute. */
	web_html(r, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>%s - %s</title><link rel=\"stylesheet\" href=\"/static/kartu.css\">"
	    "<script src=\"/static/kartu.js\" defer></script></head><body>\n",
	    _("en"), title, lib);
	web_html(r, "<a class=\"skip\" href=\"#isi\">%s</a>", _("Skip to the content"));
	web_html(r, "<header class=\"top\"><a class=\"brand\" href=\"/\">%s</a>", lib);
	if (r->opid != 0) {
		menu(r);
		web_html(r, "<div class=\"who\"><span class=\"name\">%s</span> <span"
		    " class=\"role\">(", r->opname);
		roles(r, r->oprole);
		web_raw(r, ")</span>");
		web_form_begin(r, "/keluar", 0);
		web_html(r, "<button type=\"submit\" class=\"link\">%s</button>", _("Log out"));
		web_form_end(r);
		web_raw(r, "</div>");
	}
	web_raw(r, "</header>\n<main id=\"isi\" tabindex=\"-1\">");
	web_html(r, "<h1>%s</h1>", title);
	if (web_flash_take(r, kind, sizeof kind, msg, sizeof msg) == 0)
		web_html(r, "<p class=\"flash %s\" role=\"status\">%s</p>", kind, msg);
}

void
web_live_begin(struct web_req *r, const char *kinds, int in_place, long long id)
{
	web_html(r, "<p id=\"hidup-kabar\" class=\"live-note\" role=\"status\""
	    " aria-live=\"polite\" data-new=\"%s\" data-done=\"%s\" data-refresh=\"%s\"></p>",
	    _("New data from another computer:"), _("Updated with a change from another"
	    " computer:"), _("Refresh"));
	web_html(r, "<div id=\"hidup\" data-live=\"%s\" data-live-mode=\"%s\"", kinds,
	    in_place ? "replace" : "banner");
	if (id > 0)
		web_html(r, " data-live-id=\"%lld\"", id);
	web_raw(r, ">");
}

void
web_live_end(struct web_req *r)
{
	web_raw(r, "</div>");
}

void
web_page_end(struct web_req *r)
{
	web_html(r, "</main><footer><a href=\"/tentang\">%s</a></footer></body></html>\n",
	    _("About kartu"));
}

/* Flash messages live in the server's memory, one per session, keyed by the
 * last characters of its token (not the whole token: a dump of memory should
 * not hand out sessions). */
void
web_flash(struct web_req *r, const char *kind, const char *fmt, ...)
{
	struct web *w = r->w;
	struct web_flash_slot *f;
	va_list ap;
	int i;

	if (r->token[0] == '\0')
		return;
	for (i = 0; i < (int)(sizeof w->flash / sizeof w->flash[0]); i++)
		if (strcmp(w->flash[i].token_tail, r->token + SESSION_TOKEN_LEN - 12) == 0)
			break;
	if (i == (int)(sizeof w->flash / sizeof w->flash[0])) {
		i = w->next_flash;
		w->next_flash = (w->next_flash + 1) % (int)(sizeof w->flash / sizeof w->flash[0]);
	}
	f = &w->flash[i];
	snprintf(f->token_tail, sizeof f->token_tail, "%s", r->token + SESSION_TOKEN_LEN - 12);
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

int
web_flash_take(struct web_req *r, char *kind, size_t klen, char *msg, size_t mlen)
{
	struct web *w = r->w;
	int i;

	if (r->token[0] == '\0')
		return -1;
	for (i = 0; i < (int)(sizeof w->flash / sizeof w->flash[0]); i++)
		if (w->flash[i].token_tail[0] != '\0' &&
		    strcmp(w->flash[i].token_tail, r->token + SESSION_TOKEN_LEN - 12) == 0) {
			snprintf(kind, klen, "%s", w->flash[i].kind);
			snprintf(msg, mlen, "%s", w->flash[i].msg);
			memset(&w->flash[i], 0, sizeof w->flash[i]);
			return 0;
		}
	return -1;
}

/* ---- forms ---- */

void
web_csrf_field(struct web_req *r)
{
	web_html(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

void
web_form_begin(struct web_req *r, const char *action, int multipart)
{
	/* The enctype is markup: through web_html its quotes would be escaped
	 * and the browser would send the form urlencoded, files as their names. */
	web_html(r, "<form method=\"post\" action=\"%s\"", action);
	web_raw(r, multipart ? " enctype=\"multipart/form-data\">" : ">");
	web_csrf_field(r);
}

void
web_form_end(struct web_req *r)
{
	web_raw(r, "</form>");
}

const char *
web_problem(const struct kt_err *e, const char *field)
{
	int i;

	if (e == NULL || field == NULL)
		return NULL;
	for (i = 0; i < e->nproblems; i++)
		if (strcmp(e->problems[i].field, field) == 0)
			return e->problems[i].msg;
	if (e->nproblems == 0 && e->code != 0 && strcmp(e->field, field) == 0)
		return e->msg;
	return NULL;
}

void
web_input(struct web_req *r, const char *field, const char *label, const char *type,
    const char *value, const struct kt_err *e, const char *attrs)
{
	const char *bad = web_problem(e, field);

	if (strcmp(type, "hidden") == 0) {
		web_html(r, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", field,
		    value != NULL ? value : "");
		return;
	}
	web_html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>",
	    bad != NULL ? " invalid" : "", field, label);
	if (strcmp(type, "textarea") == 0)
		web_html(r, "<textarea id=\"f-%s\" name=\"%s\"", field, field);
	else
		web_html(r, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", field,
		    field, type, value != NULL ? value : "");
	if (bad != NULL)
		web_html(r, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", field);
	if (attrs != NULL)
		web_raw(r, attrs);
	if (strcmp(type, "textarea") == 0)
		web_html(r, ">%s</textarea>", value != NULL ? value : "");
	else
		web_raw(r, ">");
	if (bad != NULL)
		web_html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", field, bad);
	web_raw(r, "</div>");
}

void
web_select_begin(struct web_req *r, const char *field, const char *label,
    const struct kt_err *e, const char *attrs)
{
	const char *bad = web_problem(e, field);

	web_html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label><select id=\"f-%s\""
	    " name=\"%s\"", bad != NULL ? " invalid" : "", field, label, field, field);
	if (bad != NULL)
		web_html(r, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", field);
	if (attrs != NULL)
		web_raw(r, attrs);
	web_raw(r, ">");
}

void
web_select_end(struct web_req *r, const char *field, const struct kt_err *e)
{
	const char *bad = web_problem(e, field);

	web_raw(r, "</select>");
	if (bad != NULL)
		web_html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", field, bad);
	web_raw(r, "</div>");
}

void
web_select(struct web_req *r, const char *field, const char *label,
    const char *const *options, const char *value, const struct kt_err *e,
    const char *attrs)
{
	int i;

	web_select_begin(r, field, label, e, attrs);
	for (i = 0; options[i] != NULL && options[i + 1] != NULL; i += 2)
		web_html(r, "<option value=\"%s\"%s>%s</option>", options[i],
		    value != NULL && strcmp(value, options[i]) == 0 ? " selected" : "",
		    options[i + 1]);
	web_select_end(r, field, e);
}

void
web_problems(struct web_req *r, const struct kt_err *e)
{
	int i;

	if (e == NULL || e->code == 0)
		return;
	web_raw(r, "<div class=\"problems\" role=\"alert\" tabindex=\"-1\" id=\"masalah\">");
	if (e->nproblems > 1)
		web_html(r, "<p>%s</p><ul>", _("Please correct these fields:"));
	else
		web_raw(r, "<ul>");
	for (i = 0; i < e->nproblems; i++)
		if (e->problems[i].field[0] != '\0')
			web_html(r, "<li><a href=\"#f-%s\">%s</a></li>", e->problems[i].field,
			    e->problems[i].msg);
		else
			web_html(r, "<li>%s</li>", e->problems[i].msg);
	if (e->nproblems == 0)
		web_html(r, "<li>%s</li>", e->msg);
	web_raw(r, "</ul></div>");
}

void
web_date(struct web_req *r, const char *iso)
{
	char buf[40];

	if (iso != NULL && strlen(iso) > 10 && iso[10] == 'T') {
		label_time(iso, 0, buf, sizeof buf);
		web_html(r, "%s WIB", buf);
	} else {
		label_date(iso, buf, sizeof buf);
		web_html(r, "%s", buf);
	}
}

/* ---- other answers ---- */

void
web_redirect(struct web_req *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->location, sizeof r->location, fmt, ap);
	va_end(ap);
	/* Only a local path: never another site. */
	if (r->location[0] != '/' || r->location[1] == '/' || r->location[1] == '\\')
		snprintf(r->location, sizeof r->location, "/");
	r->status = 303;
}

void
web_status(struct web_req *r, int status)
{
	r->status = status;
}

int
web_err_status(const struct kt_err *e)
{
	switch (e->code) {
	case KT_EUSAGE: return 422;
	case KT_EREFUSED: return strcmp(e->next, "role") == 0 ? 403 : 409;
	case KT_ENOTFOUND: return 404;
	case KT_EOFFLINE: return 503;	/* the register's server is away */
	default: return 500;
	}
}

void
web_send(struct web_req *r, const char *content_type, const void *data, size_t len,
    const char *filename)
{
	r->out.len = 0;
	web_buf_add(&r->out, data, len);
	snprintf(r->content_type, sizeof r->content_type, "%s", content_type);
	if (filename != NULL)
		snprintf(r->filename, sizeof r->filename, "%s", filename);
	r->page_open = 0;
}

int
web_read_file(const char *path, char **data, size_t *len, struct kt_err *e)
{
	struct stat sb;
	ssize_t n;
	size_t got = 0;
	int fd;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0 ||
	    sb.st_size <= 0 || (*data = malloc((size_t)sb.st_size)) == NULL) {
		if (fd >= 0)
			close(fd);
		return kt_error(e, KT_EFAIL, _("cannot read %s"), path);
	}
	while (got < (size_t)sb.st_size && (n = read(fd, *data + got,
	    (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got != (size_t)sb.st_size) {
		free(*data);
		*data = NULL;
		return kt_error(e, KT_EFAIL, _("cannot read %s"), path);
	}
	*len = got;
	return 0;
}

int
web_send_file(struct web_req *r, const char *path, const char *type, const char *filename,
    struct kt_err *e)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = web_read_file(path, &data, &len, e)) != 0)
		return rc;
	web_send(r, type, data, len, filename);
	free(data);
	return 0;
}

int
web_temp_dir(struct web_req *r, char *dir, size_t len, struct kt_err *e)
{
	const char *t = r->w->o->tmp_dir;

	if (t == NULL || t[0] != '/')
		t = "/tmp";
	snprintf(dir, len, "%s/kartu-web-XXXXXX", t);
	if (mkdtemp(dir) == NULL)
		return kt_error(e, KT_EFAIL, _("cannot create a directory in %s: %s"), t,
		    strerror(errno));
	return 0;
}

int
web_layout(struct web_req *r, struct layout **l, struct kt_err *e)
{
	const struct config *c = web_config(r);
	const char *dirs[] = { r->w->o->layout_dir, PKGDATADIR "/layouts", "layouts" };

	return layout_find(dirs, nitems(dirs), c != NULL && c->layout[0] != '\0' ? c->layout :
	    "cr80-front", l, e);
}

void
web_header(struct web_req *r, const char *name, const char *value)
{
	if (r->nhdr >= (int)(sizeof r->hdr / sizeof r->hdr[0]) || strchr(value, '\r') != NULL ||
	    strchr(value, '\n') != NULL)
		return;
	snprintf(r->hdr[r->nhdr].name, sizeof r->hdr[r->nhdr].name, "%s", name);
	snprintf(r->hdr[r->nhdr].value, sizeof r->hdr[r->nhdr].value, "%s", value);
	r->nhdr++;
}

/* The page of a failure: its message and problems, with the status. */
void
web_error_page(struct web_req *r, int status, const struct kt_err *e)
{
	r->out.len = 0;
	if (r->out.p != NULL)
		r->out.p[0] = '\0';
	r->status = status;
	r->content_type[0] = '\0';
	web_page_begin(r, status == 403 ? _("Not allowed") : status == 404 ? _("Not found") :
	    status >= 500 ? _("Something went wrong") : _("Cannot do that"));
	web_problems(r, e);
	web_html(r, "<p><a href=\"/\">%s</a></p>", _("Back to the start"));
	web_page_end(r);
}

/* ---- the address pickers ---- */

/* The address pickers: the kecamatan and the desa or kelurahan of the
 * library's regency (the setting regency, as the core checks the village),
 * from the region table (region.h).  Without JavaScript the village list
 * holds every one, grouped by kecamatan; kartu.js keeps those of the
 * kecamatan chosen.  The village's code goes to the core (kt_form.village);
 * the kecamatan only narrows the list. */
static const struct region *
home_regency(struct web_req *r)
{
	char regency[128];

	if (store_setting(web_store(r), "regency", regency, sizeof regency, NULL) != 0)
		return NULL;
	return region_regency_named(regency);
}

struct pick {
	struct web_req *r;
	const char *value;
	int village;
};

static int
pick_option(const struct region *g, void *arg)
{
	struct pick *p = arg;
	char name[128];

	region_short_name(g, name, sizeof name);
	web_html(p->r, "<option value=\"%s\"%s>%s</option>", g->code, p->value != NULL &&
	    strcmp(p->value, g->code) == 0 ? " selected" : "", name);
	return 0;
}

static int
pick_district(const struct region *g, void *arg)
{
	struct pick *p = arg;
	char name[128];

	if (!p->village)
		return pick_option(g, arg);
	region_short_name(g, name, sizeof name);
	web_html(p->r, "<optgroup label=\"%s\" data-parent=\"%s\">", name, g->code);
	region_children(g->code, pick_option, arg);
	web_raw(p->r, "</optgroup>");
	return 0;
}

void
web_address_pickers(struct web_req *r, const char *kecamatan, const char *village,
    const struct kt_err *e)
{
	const struct region *home = home_regency(r);
	struct pick p = { r, NULL, 0 };

	if (home == NULL)
		return;
	p.value = kecamatan;
	web_select_begin(r, "kecamatan", _("Kecamatan (in the regency)"), e, NULL);
	web_html(r, "<option value=\"\">%s</option>", _("(outside the regency)"));
	region_children(home->code, pick_district, &p);
	web_select_end(r, "kecamatan", e);
	p.value = village;
	p.village = 1;
	web_select_begin(r, "village", _("Desa or kelurahan"), e, NULL);
	web_html(r, "<option value=\"\">%s</option>", _("(choose)"));
	region_children(home->code, pick_district, &p);
	web_select_end(r, "village", e);
}

/* The pickers' own check, beside the core's of the village: a kecamatan
 * chosen wants one of its villages. */
void
web_address_check(const char *kecamatan, const char *village, struct kt_err *e)
{
	const struct region *kec, *vil;

	if (kecamatan == NULL)
		return;
	kec = region_find(kecamatan);
	if (kec == NULL || kec->level != REGION_DISTRICT)
		kt_problem(e, KT_EUSAGE, "kecamatan", _("choose a kecamatan of the list"));
	else if (village == NULL || ((vil = region_find(village)) != NULL &&
	    !region_under(vil, kec)))
		kt_problem(e, KT_EUSAGE, "village", _("choose a desa or kelurahan of the"
		    " kecamatan"));
}

/* ---- rows of a record's table ---- */

void
web_row(struct web_req *r, const char *name, const char *value)
{
	web_html(r, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>", name,
	    value != NULL && value[0] != '\0' ? value : "-");
}

/* Where the KTP was made (its district, never the NIK) and the address's
 * village, as kartu app show says them. */
void
web_region_rows(struct web_req *r, const char *nik_region, const char *village)
{
	struct region_nik rn;
	const struct region *g;
	char buf[256];

	if (nik_region != NULL && region_of_nik(nik_region, &rn, NULL) == 0) {
		region_nik_names(&rn, buf, sizeof buf);
		if (buf[0] != '\0')
			web_row(r, _("KTP region"), buf);
	}
	if (village != NULL && (g = region_find(village)) != NULL) {
		region_path(g, buf, sizeof buf);
		web_row(r, _("Village"), buf);
	} else if (village != NULL)
		web_row(r, _("Village"), village);
}
