/*
 * web-req.c - what a browser sends: forms (urlencoded and multipart), the
 * query string's fields, cookies.  Pure functions over bytes, so that the
 * fuzz target (tests/fuzz/fuzz-web-form.c) reaches all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web-int.h"

static char *
dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

int
web_form_add(struct web_form *f, const char *name, size_t nlen, const char *value,
    size_t vlen, const char *filename, const char *type, struct kt_err *e)
{
	struct web_field *v, *nv;

	if (f->n >= WEB_FIELDS_MAX)
		return kt_error(e, KT_EUSAGE, _("the form has too many fields"));
	if (nlen == 0 || nlen > WEB_NAME_MAX)
		return kt_error(e, KT_EUSAGE, _("a field of the form has no name or too long a"
		    " one"));
	if (f->n == f->cap) {
		nv = realloc(f->v, (size_t)(f->cap ? f->cap * 2 : 16) * sizeof *nv);
		if (nv == NULL)
			return kt_error(e, KT_EFAIL, _("out of memory"));
		f->v = nv;
		f->cap = f->cap ? f->cap * 2 : 16;
	}
	v = &f->v[f->n];
	memset(v, 0, sizeof *v);
	v->name = dup_n(name, nlen);
	v->value = dup_n(value, vlen);
	v->len = vlen;
	if (filename != NULL)
		v->filename = strdup(filename);
	if (type != NULL)
		v->type = strdup(type);
	if (v->name == NULL || v->value == NULL || (filename != NULL && v->filename == NULL) ||
	    (type != NULL && v->type == NULL)) {
		free(v->name);
		free(v->value);
		free(v->filename);
		free(v->type);
		return kt_error(e, KT_EFAIL, _("out of memory"));
	}
	f->n++;
	return 0;
}

const struct web_field *
web_form_get(const struct web_form *f, const char *name, int nth)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0 && nth-- == 0)
			return &f->v[i];
	return NULL;
}

void
web_form_free(struct web_form *f)
{
	int i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
		free(f->v[i].filename);
		free(f->v[i].type);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
web_urldecode(char *s, size_t *len)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < *len; i++) {
		if (s[i] == '+')
			s[o++] = ' ';
		else if (s[i] == '%') {
			if (i + 2 >= *len)
				return -1;
			if ((hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			if ((s[o++] = (char)(hi << 4 | lo)) == '\0')
				return -1;
			i += 2;
		} else if (s[i] == '\0')
			return -1;
		else
			s[o++] = s[i];
	}
	s[o] = '\0';
	*len = o;
	return 0;
}

/* name=value&name=value... */
static int
parse_urlencoded(struct web_form *f, const unsigned char *body, size_t len, struct kt_err *e)
{
	const char *p = (const char *)body, *end = p + len, *amp, *eq;
	char *buf;
	size_t nlen, vlen;
	int rc = 0;

	if ((buf = malloc(len + 1)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	while (p < end && rc == 0) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		eq = memchr(p, '=', (size_t)(amp - p));
		nlen = (size_t)((eq != NULL ? eq : amp) - p);
		memcpy(buf, p, nlen);
		if (web_urldecode(buf, &nlen) != 0) {
			rc = kt_error(e, KT_EUSAGE, _("the form is malformed (a bad %%-escape)"));
			break;
		}
		vlen = eq != NULL ? (size_t)(amp - eq - 1) : 0;
		{
			char *val = malloc(vlen + 1);

			if (val == NULL) {
				rc = kt_error(e, KT_EFAIL, _("out of memory"));
				break;
			}
			if (vlen > 0)
				memcpy(val, eq + 1, vlen);
			if (web_urldecode(val, &vlen) != 0)
				rc = kt_error(e, KT_EUSAGE, _("the form is malformed (a bad"
				    " %%-escape)"));
			else
				rc = web_form_add(f, buf, nlen, val, vlen, NULL, NULL, e);
			free(val);
		}
		p = amp + 1;
	}
	free(buf);
	return rc;
}

/* The value of parameter param in a header value such as
 * 'form-data; name="photo"; filename="a.jpg"' into out (quotes removed). */
static int
header_param(const char *h, size_t hlen, const char *param, char *out, size_t len)
{
	size_t pl = strlen(param), i = 0, o = 0;
	int quoted;

	while (i < hlen) {
		while (i < hlen && (h[i] == ';' || h[i] == ' ' || h[i] == '\t'))
			i++;
		if (hlen - i > pl && strncasecmp(h + i, param, pl) == 0 && h[i + pl] == '=') {
			i += pl + 1;
			quoted = i < hlen && h[i] == '"';
			if (quoted)
				i++;
			while (i < hlen && (quoted ? h[i] != '"' : h[i] != ';' && h[i] != ' ')) {
				if (quoted && h[i] == '\\' && i + 1 < hlen)
					i++;
				if (o + 1 >= len)
					return -1;
				out[o++] = h[i++];
			}
			if (quoted && i >= hlen)
				return -1;
			out[o] = '\0';
			return 0;
		}
		while (i < hlen && h[i] != ';') {
			if (h[i] == '"') {	/* skip a quoted value whole */
				for (i++; i < hlen && h[i] != '"'; i++)
					if (h[i] == '\\')
						i++;
			}
			i++;
		}
	}
	return -1;
}

static const unsigned char *
find(const unsigned char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const unsigned char *p, *end;

	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (p = hay, end = hay + hlen - nlen; p <= end; p++) {
		if ((p = memchr(p, needle[0], (size_t)(end - p) + 1)) == NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

/* RFC 7578: --boundary CRLF headers CRLF CRLF body CRLF --boundary ... --boundary-- */
static int
parse_multipart(struct web_form *f, const char *ctype, const unsigned char *body, size_t len,
    struct kt_err *e)
{
	char boundary[80], delim[84], name[WEB_NAME_MAX + 1], filename[256], type[100];
	const unsigned char *p, *end = body + len, *hend, *next, *line, *le;
	size_t dl;
	int rc, has_file, has_name;

	if (header_param(ctype, strlen(ctype), "boundary", boundary, sizeof boundary) != 0 ||
	    boundary[0] == '\0')
		return kt_error(e, KT_EUSAGE, _("the form is malformed (no boundary)"));
	dl = (size_t)snprintf(delim, sizeof delim, "--%s", boundary);
	if (len < dl || memcmp(body, delim, dl) != 0)
		return kt_error(e, KT_EUSAGE, _("the form is malformed (no first boundary)"));
	p = body + dl;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;	/* the last boundary */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return kt_error(e, KT_EUSAGE, _("the form is malformed (after a"
			    " boundary)"));
		p += 2;
		if ((hend = find(p, (size_t)(end - p), "\r\n\r\n", 4)) == NULL)
			return kt_error(e, KT_EUSAGE, _("the form is malformed (a part without"
			    " its headers' end)"));
		has_file = has_name = 0;
		type[0] = '\0';
		for (line = p; line < hend; line = le + 2) {
			le = find(line, (size_t)(hend + 2 - line), "\r\n", 2);
			if (le == NULL)
				le = hend;
			if ((size_t)(le - line) > 20 && strncasecmp((const char *)line,
			    "Content-Disposition:", 20) == 0) {
				has_name = header_param((const char *)line + 20,
				    (size_t)(le - line) - 20, "name", name, sizeof name) == 0;
				has_file = header_param((const char *)line + 20,
				    (size_t)(le - line) - 20, "filename", filename,
				    sizeof filename) == 0;
			} else if ((size_t)(le - line) > 13 && strncasecmp((const char *)line,
			    "Content-Type:", 13) == 0) {
				size_t tl = (size_t)(le - line) - 13, o = 0;
				const char *t = (const char *)line + 13;

				while (tl > 0 && (*t == ' ' || *t == '\t')) {
					t++;
					tl--;
				}
				for (; o < tl && o + 1 < sizeof type; o++)
					type[o] = t[o];
				type[o] = '\0';
			}
		}
		p = hend + 4;
		/* The part's body ends at CRLF + the delimiter. */
		{
			char d2[88];
			size_t d2l = (size_t)snprintf(d2, sizeof d2, "\r\n%s", delim);

			if ((next = find(p, (size_t)(end - p), d2, d2l)) == NULL)
				return kt_error(e, KT_EUSAGE, _("the form is malformed (a part"
				    " without its end)"));
			if (!has_name)
				return kt_error(e, KT_EUSAGE, _("the form is malformed (a part"
				    " without a name)"));
			if (!has_file && memchr(p, '\0', (size_t)(next - p)) != NULL)
				return kt_error(e, KT_EUSAGE, _("the form is malformed (a NUL in"
				    " a field)"));
			if ((rc = web_form_add(f, name, strlen(name), (const char *)p,
			    (size_t)(next - p), has_file ? filename : NULL,
			    has_file ? (type[0] != '\0' ? type : "application/octet-stream") :
			    NULL, e)) != 0)
				return rc;
			p = next + d2l;
		}
	}
}

int
web_form_parse(struct web_form *f, const char *ctype, const unsigned char *body, size_t len,
    struct kt_err *e)
{
	size_t n = strcspn(ctype, ";");

	while (n > 0 && (ctype[n - 1] == ' ' || ctype[n - 1] == '\t'))
		n--;
	if (n == 33 && strncasecmp(ctype, "application/x-www-form-urlencoded", n) == 0)
		return parse_urlencoded(f, body, len, e);
	if (n == 19 && strncasecmp(ctype, "multipart/form-data", n) == 0)
		return parse_multipart(f, ctype, body, len, e);
	return kt_error(e, KT_ENOTFOUND, _("not a form"));
}

int
web_cookie(const char *header, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name), vl;
	const char *p = header, *semi;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		semi = strchr(p, ';');
		if (strncmp(p, name, nl) == 0 && p[nl] == '=') {
			vl = (size_t)((semi != NULL ? semi : p + strlen(p)) - (p + nl + 1));
			if (vl + 1 > len)
				return -1;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		p = semi;
	}
	return -1;
}
