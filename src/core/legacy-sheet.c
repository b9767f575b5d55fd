/*
 * legacy-sheet.c - the rows of a spreadsheet, streamed, and rows written back
 * (see legacy-sheet.h).
 *
 * The callbacks of libxml2's push parsers build each row in bld and queue it
 * when it ends; sh_next takes the queued rows one by one and feeds the parser
 * another chunk when none is left.  An error met inside a callback stops the
 * parser and is given once the rows before it are taken.
 */
#include <errno.h>
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <zip.h>

#include "legacy-int.h"
#include "legacy-sheet.h"

#define SH_MAXPART (16L << 20)		/* workbook.xml and its rels, uncompressed */
#define SH_MAXSST (512L << 20)		/* sharedStrings.xml, uncompressed */
#define SH_MAXSHEET (4LL << 30)		/* the sheet: streamed, capped for time */
#define SH_MAXSTRINGS 4000000L		/* shared strings */
#define SH_MAXSHEETS 64			/* sheets named in workbook.xml */
#define SH_CHUNK (256 * 1024)

enum sh_kind { SK_XLSX, SK_HTML };
enum sh_mode { M_WORKBOOK, M_RELS, M_SST, M_SHEET, M_HTML };

struct sh_name {
	char name[128];
	char rid[64];
};

struct sheet {
	enum sh_kind kind;
	enum sh_mode mode;
	char *path;

	/* The stream being parsed: an archive member or the HTML file. */
	zip_t *zip;
	zip_file_t *zf;
	FILE *fp;
	xmlParserCtxtPtr ctxt;
	long long fed, size, cap;
	int eof;
	char part[256];		/* the archive member being read, for messages */
	char sheet_part[256];
	char sst_part[256];

	/* workbook.xml and its rels */
	struct sh_name sheets[SH_MAXSHEETS];
	int nsheets;
	int date1904;
	char target[200];	/* the rels' Target of the sheet looked for */
	const char *want_rid;

	/* shared strings: string i is sst + sst_off[i], NUL-terminated */
	char *sst;
	size_t sst_len, sst_cap;
	size_t *sst_off;
	size_t nsst, sst_alloc;

	/* SAX state */
	int in_row, in_cell, in_text, in_rph, cell_col, next_col;
	char cell_type;		/* 's', 'n', 'i' (inline, str, others) */
	char *cell;		/* the cell being read, SH_MAXCELL + 1 bytes */
	size_t cell_len;
	char *chunk;		/* SH_CHUNK bytes read at a time */
	long long carry;	/* HTML: bytes of chunk waiting for their '>' */
	long row_r, dim_rows, trs;
	int failed;
	struct kt_err perr;

	/* finished rows, oldest first from qhead */
	struct sh_row bld;
	struct sh_row *q;
	size_t qhead, qn, qcap;
	struct sh_row cur;	/* the row sh_next gave last */
};

struct sh_writer {
	int xlsx, date1904;
	char *path;
	FILE *fp;		/* the sheet (a temporary file) or the HTML */
	long rows;
	int col;
};

/* --- rows --- */

static int
eq(const xmlChar *a, const char *b)
{
	return a[0] == (xmlChar)b[0] && strcmp((const char *)a, b) == 0;
}

static int
buf_room(char **buf, size_t *cap, size_t need)
{
	size_t n;
	char *p;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	if ((p = realloc(*buf, n)) == NULL)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static void
row_clear(struct sh_row *w)
{
	memset(w->off, 0, sizeof w->off[0] * (size_t)w->ncols);
	memset(w->num, 0, (size_t)w->ncols);
	w->ncols = 0;
	w->len = 0;
	w->line = 0;
}

void
sh_row_free(struct sh_row *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

/* Cell col of w: s[0 .. n-1] trimmed; text (not a number) with its runs of
 * blanks, line breaks and no-break spaces as one space, as one line. */
static int
row_set(struct sh_row *w, int col, const char *s, size_t n, int num, int squeeze)
{
	size_t i, o, start;
	int blank = 0;

	if (col < 0 || col >= SH_MAXCOLS)
		return 0;
	if (buf_room(&w->buf, &w->cap, w->len + n + 1) != 0)
		return -1;
	for (i = 0, o = start = w->len; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c)) {
			blank = 1;
			if (squeeze || o == start)
				continue;
		} else if (squeeze && c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
			blank = 1;
			i++;
			continue;
		} else {
			if (blank && squeeze && o > start)
				w->buf[o++] = ' ';
			blank = 0;
		}
		w->buf[o++] = (char)c;
	}
	while (o > start && isspace((unsigned char)w->buf[o - 1]))
		o--;
	w->buf[o++] = '\0';
	w->off[col] = (int)w->len + 1;
	w->num[col] = (unsigned char)(num != 0);
	w->len = o;
	if (col >= w->ncols)
		w->ncols = col + 1;
	return 0;
}

const char *
sh_cell(const struct sh_row *w, int col)
{
	if (col < 0 || col >= w->ncols || w->off[col] == 0)
		return "";
	return w->buf + w->off[col] - 1;
}

int
sh_row_copy(struct sh_row *dst, const struct sh_row *src)
{
	row_clear(dst);
	if (buf_room(&dst->buf, &dst->cap, src->len + 1) != 0)
		return -1;
	if (src->len > 0)
		memcpy(dst->buf, src->buf, src->len);
	dst->len = src->len;
	dst->ncols = src->ncols;
	memcpy(dst->off, src->off, sizeof src->off[0] * (size_t)src->ncols);
	memcpy(dst->num, src->num, (size_t)src->ncols);
	dst->line = src->line;
	return 0;
}

int
sh_blank(const struct sh_row *w)
{
	int c;

	for (c = 0; c < w->ncols; c++)
		if (w->off[c] != 0 && w->buf[w->off[c] - 1] != '\0')
			return 0;
	return 1;
}

static void
row_swap(struct sh_row *a, struct sh_row *b)
{
	struct sh_row t = *a;

	*a = *b;
	*b = t;
}

/* --- errors raised inside the parser's callbacks --- */

static void
fail(struct sheet *r, const char *fmt, ...) printflike(2, 3);
static void
fail(struct sheet *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (r->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	kt_error_at(&r->perr, KT_EUSAGE, "from", "%s", msg);
	r->failed = 1;
	if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
}

static void
quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* The finished row bld joins the queue. */
static void
row_push(struct sheet *r)
{
	struct sh_row *q;

	if (r->qhead + r->qn == r->qcap) {
		if (r->qhead > 0) {	/* the taken rows' slots to the end */
			size_t i;

			for (i = 0; i < r->qn; i++)
				row_swap(&r->q[i], &r->q[r->qhead + i]);
			r->qhead = 0;
		} else {
			size_t n = r->qcap ? r->qcap * 2 : 64;

			if ((q = realloc(r->q, n * sizeof *q)) == NULL) {
				fail(r, "%s", _("out of memory"));
				return;
			}
			memset(q + r->qcap, 0, (n - r->qcap) * sizeof *q);
			r->q = q;
			r->qcap = n;
		}
	}
	row_swap(&r->q[r->qhead + r->qn], &r->bld);
	r->qn++;
	row_clear(&r->bld);
}

/* --- cells --- */

static void
cell_add(struct sheet *r, const char *s, size_t n)
{
	if (r->cell_len + n > SH_MAXCELL) {
		if (r->mode == M_SST)
			fail(r, _("%s: a shared string longer than %d bytes"), r->part, SH_MAXCELL);
		else
			fail(r, _("row %ld: a cell longer than %d bytes"), r->mode == M_HTML ?
			    r->trs : r->row_r, SH_MAXCELL);
		return;
	}
	memcpy(r->cell + r->cell_len, s, n);
	r->cell_len += n;
}

/* The column of a cell reference such as AB12 (0 for A), or -1. */
static int
ref_col(const char *s, size_t n)
{
	long c = 0;
	size_t i;

	for (i = 0; i < n && isupper((unsigned char)s[i]); i++) {
		c = c * 26 + (s[i] - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	return i > 0 ? (int)c - 1 : -1;
}

static long
ref_row(const char *s, size_t n)
{
	long v = 0;
	size_t i = 0;

	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) || v > SH_MAXROWS * 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The value of attribute name among SAX2's (localname, prefix, URI, value,
 * end) quintuples, NULL if absent; *n its length. */
static const char *
attr(int nattr, const xmlChar **a, const char *name, size_t *n)
{
	int i;

	for (i = 0; i < nattr; i++, a += 5)
		if (eq(a[0], name)) {
			*n = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	return NULL;
}

static void
copy_attr(char *out, size_t len, const char *v, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

/* Excel's escapes in s[0 .. n-1], in place: _xHHHH_ is the character U+HHHH
 * (_x000D_ a carriage return, _x005F_ the '_' of a literal "_x"); a control
 * character becomes a blank.  Returns the new length. */
static size_t
unescape_x(char *s, size_t n)
{
	size_t i, o;

	for (i = o = 0; i < n; i++) {
		unsigned cp = 0;
		int k;

		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
			for (k = 2; k < 6 && isxdigit((unsigned char)s[i + k]); k++)
				cp = cp * 16 + (unsigned)(isdigit((unsigned char)s[i + k]) ?
				    s[i + k] - '0' : (tolower((unsigned char)s[i + k]) - 'a' + 10));
			if (k == 6) {
				i += 6;
				if (cp < 0x20 || cp == 0x7f)
					s[o++] = ' ';
				else if (cp < 0x80)
					s[o++] = (char)cp;
				else if (cp < 0x800) {
					s[o++] = (char)(0xc0 | cp >> 6);
					s[o++] = (char)(0x80 | (cp & 0x3f));
				} else if (cp < 0xd800 || cp > 0xdfff) {
					s[o++] = (char)(0xe0 | cp >> 12);
					s[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
					s[o++] = (char)(0x80 | (cp & 0x3f));
				}
				continue;
			}
		}
		s[o++] = s[i];
	}
	return o;
}

static void
sheet_cell_end(struct sheet *r)
{
	const char *v = r->cell;
	size_t n = r->cell_len;
	int num = 0;

	r->cell[r->cell_len] = '\0';
	if (r->cell_type == 's') {
		char *end;
		unsigned long i;

		errno = 0;
		i = strtoul(r->cell, &end, 10);
		if (end == r->cell || *end != '\0' || errno != 0 || i >= r->nsst) {
			fail(r, _("row %ld: a shared string that %s does not have"),
			    r->row_r, r->sst_part[0] ? r->sst_part : "xl/sharedStrings.xml");
			return;
		}
		v = r->sst + r->sst_off[i];
		n = strlen(v);
	} else if (r->cell_type == 'n')
		num = n > 0;
	else
		n = unescape_x(r->cell, n);
	if (row_set(&r->bld, r->cell_col, v, n, num, !num) != 0)
		fail(r, "%s", _("out of memory"));
}

/* --- SAX callbacks of the archive's XML --- */

static void
x_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
    int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **a)
{
	struct sheet *r = ctx;
	const char *v;
	size_t n;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndef;
	if (r->failed)
		return;
	switch (r->mode) {
	case M_WORKBOOK:
		if (eq(name, "sheet") && r->nsheets < SH_MAXSHEETS) {
			struct sh_name *s = &r->sheets[r->nsheets++];

			if ((v = attr(nattr, a, "name", &n)) != NULL)
				copy_attr(s->name, sizeof s->name, v, n);
			if ((v = attr(nattr, a, "id", &n)) != NULL)
				copy_attr(s->rid, sizeof s->rid, v, n);
		} else if (eq(name, "workbookPr") &&
		    (v = attr(nattr, a, "date1904", &n)) != NULL)
			r->date1904 = (n == 1 && v[0] == '1') || (n == 4 && strncmp(v, "true", 4) == 0);
		break;
	case M_RELS:
		if (eq(name, "Relationship")) {
			const char *id = attr(nattr, a, "Id", &n);
			size_t tn = 0;
			const char *t = attr(nattr, a, "Target", &tn);
			size_t yn = 0;
			const char *y = attr(nattr, a, "Type", &yn);

			if (t == NULL)
				break;
			if (id != NULL && r->want_rid != NULL && n == strlen(r->want_rid) &&
			    strncmp(id, r->want_rid, n) == 0)
				copy_attr(r->target, sizeof r->target, t, tn);
			if (y != NULL && yn >= 13 && strncmp(y + yn - 13, "sharedStrings", 13) == 0) {
				char tg[200];

				copy_attr(tg, sizeof tg, t, tn);
				if (tg[0] == '/')
					snprintf(r->sst_part, sizeof r->sst_part, "%s", tg + 1);
				else
					snprintf(r->sst_part, sizeof r->sst_part, "xl/%s", tg);
			}
		}
		break;
	case M_SST:
		if (eq(name, "si")) {
			r->in_cell = 1;
			r->cell_len = 0;
		} else if (eq(name, "rPh"))
			r->in_rph = 1;
		else if (eq(name, "t") && r->in_cell && !r->in_rph)
			r->in_text = 1;
		break;
	case M_SHEET:
		if (eq(name, "row")) {
			long rr = -1;

			if ((v = attr(nattr, a, "r", &n)) != NULL && n < 12) {
				char b[12];

				copy_attr(b, sizeof b, v, n);
				rr = strtol(b, NULL, 10);
			}
			r->row_r = rr > r->row_r ? rr : r->row_r + 1;
			if (r->row_r > SH_MAXROWS) {
				fail(r, _("%s: more than %ld rows"), r->part, SH_MAXROWS);
				return;
			}
			r->in_row = 1;
			r->next_col = 0;
			row_clear(&r->bld);
			r->bld.line = r->row_r;
		} else if (eq(name, "c") && r->in_row) {
			int c = -1;

			if ((v = attr(nattr, a, "r", &n)) != NULL) {
				c = ref_col(v, n);
				if (c < 0 || ref_row(v, n) != r->row_r) {
					fail(r, _("row %ld: a cell named %.*s"), r->row_r,
					    (int)(n > 12 ? 12 : n), v);
					return;
				}
			} else
				c = r->next_col;
			r->next_col = c + 1;
			r->cell_col = c < SH_MAXCOLS ? c : -1;
			r->cell_type = 'n';
			if ((v = attr(nattr, a, "t", &n)) != NULL)
				r->cell_type = n == 1 && v[0] == 's' ? 's' : n == 1 && v[0] == 'n' ?
				    'n' : 'i';
			r->in_cell = 1;
			r->cell_len = 0;
		} else if (r->in_cell && eq(name, "rPh"))
			r->in_rph = 1;
		else if (r->in_cell && (eq(name, "v") || (eq(name, "t") && !r->in_rph)))
			r->in_text = 1;
		else if (eq(name, "dimension") && (v = attr(nattr, a, "ref", &n)) != NULL) {
			const char *colon = memchr(v, ':', n);

			if (colon != NULL)
				r->dim_rows = ref_row(colon + 1, n - (size_t)(colon + 1 - v));
		}
		break;
	default:
		break;
	}
}

static void
x_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct sheet *r = ctx;

	(void)prefix, (void)uri;
	if (r->failed)
		return;
	if (r->mode == M_SST) {
		if (eq(name, "t"))
			r->in_text = 0;
		else if (eq(name, "rPh"))
			r->in_rph = 0;
		else if (eq(name, "si") && r->in_cell) {
			r->in_cell = 0;
			if (r->nsst >= SH_MAXSTRINGS) {
				fail(r, _("%s: more than %ld strings"), r->part, SH_MAXSTRINGS);
				return;
			}
			if (r->nsst == r->sst_alloc) {
				size_t k = r->sst_alloc ? r->sst_alloc * 2 : 1024;
				size_t *p = realloc(r->sst_off, k * sizeof *p);

				if (p == NULL) {
					fail(r, "%s", _("out of memory"));
					return;
				}
				r->sst_off = p;
				r->sst_alloc = k;
			}
			if (buf_room(&r->sst, &r->sst_cap, r->sst_len + r->cell_len + 1) != 0) {
				fail(r, "%s", _("out of memory"));
				return;
			}
			r->cell_len = unescape_x(r->cell, r->cell_len);
			r->sst_off[r->nsst++] = r->sst_len;
			memcpy(r->sst + r->sst_len, r->cell, r->cell_len);
			r->sst_len += r->cell_len;
			r->sst[r->sst_len++] = '\0';
		}
		return;
	}
	if (r->mode != M_SHEET)
		return;
	if (eq(name, "v") || eq(name, "t"))
		r->in_text = 0;
	else if (eq(name, "rPh"))
		r->in_rph = 0;
	else if (eq(name, "c") && r->in_cell) {
		r->in_cell = 0;
		if (r->cell_col >= 0)
			sheet_cell_end(r);
	} else if (eq(name, "row") && r->in_row) {
		r->in_row = 0;
		row_push(r);
	}
}

static void
x_text(void *ctx, const xmlChar *s, int n)
{
	struct sheet *r = ctx;

	if (!r->failed && r->in_text && !r->in_rph && (r->mode == M_SST || r->cell_col >= 0))
		cell_add(r, (const char *)s, (size_t)n);
}

/* --- SAX callbacks of an HTML table --- */

static void
h_cell_end(struct sheet *r)
{
	if (!r->in_cell)
		return;
	r->in_cell = 0;
	if (row_set(&r->bld, r->cell_col, r->cell, r->cell_len, 0, 1) != 0)
		fail(r, "%s", _("out of memory"));
}

static void
h_row_end(struct sheet *r)
{
	h_cell_end(r);
	if (!r->in_row)
		return;
	r->in_row = 0;
	row_push(r);
}

static void
h_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct sheet *r = ctx;

	(void)attrs;
	if (r->failed)
		return;
	if (eq(name, "tr")) {
		h_row_end(r);
		if (++r->trs > SH_MAXROWS) {
			fail(r, _("more than %ld rows"), SH_MAXROWS);
			return;
		}
		r->in_row = 1;
		r->next_col = 0;
		row_clear(&r->bld);
		r->bld.line = r->trs;
	} else if ((eq(name, "td") || eq(name, "th")) && r->in_row) {
		h_cell_end(r);
		r->in_cell = 1;
		r->cell_len = 0;
		r->cell_col = r->next_col < SH_MAXCOLS ? r->next_col : -1;
		r->next_col++;
	} else if (eq(name, "br") && r->in_cell)
		cell_add(r, " ", 1);
}

static void
h_end(void *ctx, const xmlChar *name)
{
	struct sheet *r = ctx;

	if (r->failed)
		return;
	if (eq(name, "td") || eq(name, "th"))
		h_cell_end(r);
	else if (eq(name, "tr") || eq(name, "table"))
		h_row_end(r);
}

static void
h_text(void *ctx, const xmlChar *s, int n)
{
	struct sheet *r = ctx;

	if (!r->failed && r->in_cell)
		cell_add(r, (const char *)s, (size_t)n);
}

static void
h_enddoc(void *ctx)
{
	struct sheet *r = ctx;

	if (!r->failed)
		h_row_end(r);
}

/* --- the stream --- */

static void
stream_close(struct sheet *r)
{
	if (r->ctxt != NULL) {
		/* A DTD's entity declarations make the parser start a document. */
		if (r->ctxt->myDoc != NULL) {
			xmlFreeDoc(r->ctxt->myDoc);
			r->ctxt->myDoc = NULL;
		}
		if (r->kind == SK_HTML && r->mode == M_HTML)
			htmlFreeParserCtxt(r->ctxt);
		else
			xmlFreeParserCtxt(r->ctxt);
		r->ctxt = NULL;
	}
	if (r->zf != NULL) {
		zip_fclose(r->zf);
		r->zf = NULL;
	}
}

static int
zip_fail(struct sheet *r, struct kt_err *e, const char *what)
{
	return kt_error_at(e, KT_EUSAGE, "from", "%s: %s: %s", r->path, what,
	    r->zip != NULL ? zip_strerror(r->zip) : "?");
}

/* Start parsing archive member name (mode) or the HTML file. */
static int
stream_open(struct sheet *r, enum sh_mode mode, const char *name, long long cap,
    struct kt_err *e)
{
	xmlSAXHandler sax;

	stream_close(r);
	r->mode = mode;
	r->fed = 0;
	r->eof = 0;
	r->carry = 0;
	r->cap = cap;
	r->failed = 0;
	r->in_row = r->in_cell = r->in_text = r->in_rph = 0;
	r->row_r = 0;
	r->trs = 0;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.serror = quiet;
	if (mode == M_HTML) {
		struct stat st;

		snprintf(r->part, sizeof r->part, "%s", r->path);
		if (fseek(r->fp, 0, SEEK_SET) != 0 || fstat(fileno(r->fp), &st) != 0)
			return kt_error_at(e, KT_EFAIL, "from", "%s: %s", r->path, strerror(errno));
		r->size = st.st_size;
		sax.startElement = h_start;
		sax.endElement = h_end;
		sax.characters = h_text;
		sax.ignorableWhitespace = h_text;
		sax.cdataBlock = h_text;
		sax.endDocument = h_enddoc;
		r->ctxt = htmlCreatePushParserCtxt(&sax, r, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
		if (r->ctxt == NULL)
			return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		htmlCtxtUseOptions(r->ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
		return 0;
	} else {
		zip_stat_t zs;
		zip_int64_t i;

		snprintf(r->part, sizeof r->part, "%s", name);
		if ((i = zip_name_locate(r->zip, name, 0)) < 0 &&
		    (i = zip_name_locate(r->zip, name, ZIP_FL_NOCASE)) < 0)
			return KT_ENOTFOUND;
		if (zip_stat_index(r->zip, (zip_uint64_t)i, 0, &zs) != 0)
			return zip_fail(r, e, name);
		if ((zs.valid & ZIP_STAT_SIZE) && zs.size > (zip_uint64_t)cap)
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("%s: %s holds %llu bytes uncompressed, more than %lld: too "
			    "large for a list of members"), r->path, name,
			    (unsigned long long)zs.size, cap);
		r->size = (zs.valid & ZIP_STAT_SIZE) ? (long long)zs.size : 0;
		if ((r->zf = zip_fopen_index(r->zip, (zip_uint64_t)i, 0)) == NULL)
			return zip_fail(r, e, name);
		sax.startElementNs = x_start;
		sax.endElementNs = x_end;
		sax.characters = x_text;
		sax.cdataBlock = x_text;
		r->ctxt = xmlCreatePushParserCtxt(&sax, r, NULL, 0, name);
		if (r->ctxt == NULL)
			return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING);
		return 0;
	}
}

/* libxml2 2.9's HTML push parser keeps all it was given: drop what it has
 * parsed, as its own SHRINK does.  Only when no look-ahead is pending:
 * checkIndex counts from the start of the buffer, and is used only when
 * beyond the point parsed (then it must stay as it is). */
static void
shrink_html(xmlParserCtxtPtr c)
{
	xmlParserInputPtr in = c->input;

	if (in == NULL || in->base == NULL || in->cur == NULL ||
	    c->checkIndex > in->cur - in->base)
		return;
	xmlParserInputShrink(in);
	c->checkIndex = 0;
}

/* HTML to the parser in pieces that end with a '>': libxml2 2.9.14 keeps a
 * stale "inside an attribute value" flag when a start tag's look-ahead was
 * cut by the end of a piece, and then finds no tag end again, holding the
 * rest of the file in memory.  The bytes after the last '>' wait in r->carry
 * for the next chunk. */
static void
feed_html(struct sheet *r, char *buf, long long n)
{
	long long k = 0, end;
	char *gt;

	while (k < n && !r->failed) {
		end = k + 4096 < n ? k + 4096 : n;
		if ((gt = memchr(buf + end - 1, '>', (size_t)(n - end + 1))) != NULL)
			end = gt - buf + 1;
		else if (!r->eof)
			break;		/* the rest waits for its '>' */
		else
			end = n;
		htmlParseChunk(r->ctxt, buf + k, (int)(end - k), 0);
		shrink_html(r->ctxt);
		k = end;
	}
	r->carry = n - k;
	memmove(buf, buf + k, (size_t)r->carry);
	if (r->eof && !r->failed)
		htmlParseChunk(r->ctxt, buf, 0, 1);
}

/* Feed the parser one chunk; at the end of the input, tell it so. */
static int
feed(struct sheet *r, struct kt_err *e)
{
	char *buf = r->chunk;
	long long n, have = r->mode == M_HTML ? r->carry : 0;
	int rc = 0;

	if (r->eof)
		return 0;
	if (r->mode == M_HTML) {
		if (have == SH_CHUNK) {		/* 256 KiB without a '>': as it is */
			htmlParseChunk(r->ctxt, buf, (int)have, 0);
			r->carry = have = 0;
		}
		n = (long long)fread(buf + have, 1, (size_t)(SH_CHUNK - have), r->fp);
		if (ferror(r->fp))
			return kt_error_at(e, KT_EFAIL, "from", "%s: %s", r->path, strerror(errno));
	} else if ((n = zip_fread(r->zf, buf, SH_CHUNK)) < 0)
		return kt_error_at(e, KT_EUSAGE, "from", "%s: %s: %s", r->path, r->part,
		    zip_file_strerror(r->zf));
	r->fed += n;
	if (r->fed > r->cap)
		return kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: %s is larger than %lld bytes uncompressed: too large for a "
		    "list of members"), r->path, r->part, r->cap);
	r->eof = n == 0;
	if (r->mode == M_HTML)
		feed_html(r, buf, have + n);	/* its errors are recovered from */
	else
		rc = xmlParseChunk(r->ctxt, buf, (int)n, r->eof);
	if (r->failed)
		return 0;	/* reported once the rows before it are taken */
	if (rc != 0) {
		const xmlError *x = xmlCtxtGetLastError(r->ctxt);

		fail(r, _("%s: %s is not well-formed XML (line %d)"), r->path, r->part,
		    x != NULL ? x->line : 0);
	}
	return 0;
}

/* Read a whole archive member through the callbacks of mode. */
static int
read_part(struct sheet *r, enum sh_mode mode, const char *name, long long cap,
    struct kt_err *e)
{
	int rc;

	if ((rc = stream_open(r, mode, name, cap, e)) != 0)
		return rc;
	while (!r->eof && !r->failed)
		if ((rc = feed(r, e)) != 0)
			return rc;
	if (r->failed) {
		*e = r->perr;
		return r->perr.code;
	}
	return 0;
}

/* The next queued row into r->cur: 1, 0 at the end, or an error. */
int
sh_next(struct sheet *r, const struct sh_row **row, struct kt_err *e)
{
	int rc;

	*row = &r->cur;
	while (r->qn == 0) {
		if (r->failed) {
			*e = r->perr;
			return r->perr.code;
		}
		if (r->eof)
			return 0;
		if ((rc = feed(r, e)) != 0)
			return rc;
	}
	row_swap(&r->cur, &r->q[r->qhead]);
	row_clear(&r->q[r->qhead]);
	r->qhead++;
	r->qn--;
	if (r->qn == 0)
		r->qhead = 0;
	return 1;
}

/* The sheet to start: the sheet of an archive or the HTML file. */
int
sh_rewind(struct sheet *r, struct kt_err *e)
{
	int rc;

	r->qhead = r->qn = 0;
	r->dim_rows = 0;
	if (r->kind == SK_HTML)
		return stream_open(r, M_HTML, NULL, LLONG_MAX, e);
	if ((rc = stream_open(r, M_SHEET, r->sheet_part, SH_MAXSHEET, e)) == KT_ENOTFOUND)
		return kt_error_at(e, KT_EUSAGE, "from", _("%s: the archive has no %s"),
		    r->path, r->sheet_part);
	return rc;
}

static int
open_xlsx(struct sheet *r, const char *name, struct kt_err *e)
{
	char names[400];
	size_t n = 0;
	int i, rc, err = 0;

	if ((r->zip = zip_open(r->path, ZIP_RDONLY, &err)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, err);
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: not a readable .xlsx archive (%s)"), r->path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	if ((rc = read_part(r, M_WORKBOOK, "xl/workbook.xml", SH_MAXPART, e)) != 0)
		return rc == KT_ENOTFOUND ? kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: a zip archive without xl/workbook.xml: not an .xlsx file"),
		    r->path) : rc;
	for (i = 0; i < r->nsheets && strcmp(r->sheets[i].name, name) != 0; i++)
		;
	if (i == r->nsheets) {
		int k;

		names[0] = '\0';
		for (k = 0; k < r->nsheets && n + 4 < sizeof names; k++)
			n += (size_t)snprintf(names + n, sizeof names - n, "%s'%s'",
			    k ? ", " : "", r->sheets[k].name);
		return kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: no sheet named %s (sheets: %s)"), r->path, name,
		    r->nsheets ? names : "-");
	}
	r->want_rid = r->sheets[i].rid;
	if ((rc = read_part(r, M_RELS, "xl/_rels/workbook.xml.rels", SH_MAXPART, e)) != 0 &&
	    rc != KT_ENOTFOUND)
		return rc;
	r->want_rid = NULL;
	if (r->target[0] == '\0')
		snprintf(r->sheet_part, sizeof r->sheet_part, "xl/worksheets/sheet%d.xml", i + 1);
	else if (r->target[0] == '/')
		snprintf(r->sheet_part, sizeof r->sheet_part, "%s", r->target + 1);
	else
		snprintf(r->sheet_part, sizeof r->sheet_part, "xl/%s", r->target);
	if (r->sst_part[0] == '\0')
		snprintf(r->sst_part, sizeof r->sst_part, "xl/sharedStrings.xml");
	if ((rc = read_part(r, M_SST, r->sst_part, SH_MAXSST, e)) != 0 && rc != KT_ENOTFOUND)
		return rc;
	return sh_rewind(r, e);
}

void
sh_close(struct sheet *r)
{
	size_t i;

	if (r == NULL)
		return;
	stream_close(r);
	if (r->zip != NULL)
		zip_discard(r->zip);
	if (r->fp != NULL)
		fclose(r->fp);
	for (i = 0; i < r->qcap; i++)
		sh_row_free(&r->q[i]);
	free(r->q);
	sh_row_free(&r->bld);
	sh_row_free(&r->cur);
	free(r->sst);
	free(r->sst_off);
	free(r->cell);
	free(r->chunk);
	free(r->path);
	free(r);
}

int
sh_open(const char *path, const char *name, struct sheet **out, struct kt_err *e)
{
	unsigned char magic[8] = { 0 };
	struct sheet *r;
	size_t n;
	int rc;

	*out = NULL;
	xmlInitParser();
	if ((r = calloc(1, sizeof *r)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	if ((r->path = strdup(path)) == NULL || (r->cell = malloc(SH_MAXCELL + 1)) == NULL ||
	    (r->chunk = malloc(SH_CHUNK)) == NULL) {
		rc = kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		goto out;
	}
	if ((r->fp = fopen(path, "rb")) == NULL) {
		rc = kt_error_at(e, KT_EFAIL, "from", "%s: %s", path, strerror(errno));
		goto out;
	}
	n = fread(magic, 1, sizeof magic, r->fp);
	if (n >= 4 && memcmp(magic, "PK\3\4", 4) == 0) {
		r->kind = SK_XLSX;
		fclose(r->fp);
		r->fp = NULL;
		rc = open_xlsx(r, name, e);
	} else if (n == 8 && memcmp(magic, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: an Excel 97-2003 workbook: save it as .xlsx (Excel Workbook) "
		    "and import that"), path);
	} else if (n >= 2 && magic[0] == 'P' && magic[1] == 'K') {
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: not a readable .xlsx archive (%s)"), path, "PK");
	} else {
		r->kind = SK_HTML;
		rc = sh_rewind(r, e);
	}
out:
	if (rc != 0) {
		sh_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
sh_is_xlsx(const struct sheet *r)
{
	return r->kind == SK_XLSX;
}

int
sh_date1904(const struct sheet *r)
{
	return r->date1904;
}

void
sh_progress(const struct sheet *r, long long *done, long long *total, long *last_row)
{
	*done = r->fed;
	*total = r->size;
	*last_row = r->dim_rows;
}

/* --- writing --- */

/* s for XML or HTML text: & < > " escaped, characters XML 1.0 forbids
 * dropped. */
static void
put_escaped(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			fputc(c, f);
	}
}

static void
col_name(int c, char *out)
{
	char t[8];
	int n = 0;

	c++;
	while (c > 0) {
		t[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (n > 0)
		*out++ = t[--n];
	*out = '\0';
}

/* One cell of a rejects sheet. */
static void
x_cell(FILE *f, int c, long row, const char *s, int num)
{
	char ref[8];

	col_name(c, ref);
	if (num)
		fprintf(f, "<c r=\"%s%ld\"><v>", ref, row);
	else
		fprintf(f, "<c r=\"%s%ld\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref, row);
	put_escaped(f, s);
	fputs(num ? "</v></c>" : "</t></is></c>", f);
}

static const char ct_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "</Types>\n";
static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n";
static const char wb_rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>\n";
static const char wb_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "%s<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n";

static int
add_part(zip_t *z, const char *name, const char *data)
{
	zip_source_t *s = zip_source_buffer(z, data, strlen(data), 0);

	if (s == NULL)
		return -1;
	if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

int
sh_writer_open(const char *path, int xlsx, int date1904, struct sh_writer **out,
    struct kt_err *e)
{
	struct sh_writer *w;
	FILE *t;
	int rc;

	*out = NULL;
	if ((w = calloc(1, sizeof *w)) == NULL || (w->path = strdup(path)) == NULL) {
		free(w);
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	}
	w->xlsx = xlsx;
	w->date1904 = date1904;
	/* An archive is written at the end: fail on its path now, not then. */
	if (xlsx && (t = lg_create_private(path)) != NULL) {
		fclose(t);
		w->fp = tmpfile();
	} else if (!xlsx)
		w->fp = lg_create_private(path);
	if (w->fp == NULL) {
		rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", path, strerror(errno));
		free(w->path);
		free(w);
		return rc;
	}
	if (xlsx)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		    "<sheetData>\n", w->fp);
	else
		fputs("<html><head><meta charset=\"utf-8\"></head><body>\n"
		    "<table border=\"1\">\n", w->fp);
	*out = w;
	return 0;
}

void
sh_write_cell(struct sh_writer *w, const char *s, int num, int header, int colspan)
{
	if (w->col == 0 && w->xlsx)
		fprintf(w->fp, "<row r=\"%ld\">", w->rows + 1);
	else if (w->col == 0)
		fputs("<tr>", w->fp);
	if (w->xlsx) {
		if (*s != '\0')
			x_cell(w->fp, w->col, w->rows + 1, s, num);
	} else {
		if (colspan > 1)
			fprintf(w->fp, "<%s colspan=\"%d\">", header ? "th" : "td", colspan);
		else
			fputs(header ? "<th>" : "<td>", w->fp);
		put_escaped(w->fp, s);
		fputs(header ? "</th>" : "</td>", w->fp);
	}
	w->col++;
}

void
sh_write_end(struct sh_writer *w)
{
	if (w->col == 0 && w->xlsx)
		fprintf(w->fp, "<row r=\"%ld\">", w->rows + 1);
	else if (w->col == 0)
		fputs("<tr>", w->fp);
	fputs(w->xlsx ? "</row>\n" : "</tr>\n", w->fp);
	w->col = 0;
	w->rows++;
}

int
sh_writer_close(struct sh_writer *w, struct kt_err *e)
{
	char wb[sizeof wb_xml + 64];
	zip_t *z = NULL;
	zip_source_t *s;
	struct stat sb;
	long len;
	int rc = 0, err;

	if (!w->xlsx) {
		fputs("</table>\n</body></html>\n", w->fp);
		if (ferror(w->fp) | fclose(w->fp))
			rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", w->path, strerror(errno));
		w->fp = NULL;
		goto out;
	}
	fputs("</sheetData></worksheet>\n", w->fp);
	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", w->path, strerror(errno));
		goto out;
	}
	snprintf(wb, sizeof wb, wb_xml, w->date1904 ? "<workbookPr date1904=\"1\"/>" : "");
	if ((z = zip_open(w->path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		rc = kt_error_at(e, KT_EFAIL, "rejects", _("%s: cannot write the archive"),
		    w->path);
		goto out;
	}
	if (add_part(z, "[Content_Types].xml", ct_xml) != 0 ||
	    add_part(z, "_rels/.rels", rels_xml) != 0 ||
	    add_part(z, "xl/workbook.xml", wb) != 0 ||
	    add_part(z, "xl/_rels/workbook.xml.rels", wb_rels_xml) != 0)
		goto zfail;
	len = ftell(w->fp);
	rewind(w->fp);
	if (len < 0 || (s = zip_source_filep(z, w->fp, 0, len)) == NULL)
		goto zfail;
	w->fp = NULL;		/* the source closes it */
	if (zip_file_add(z, "xl/worksheets/sheet1.xml", s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		goto zfail;
	}
	if (zip_close(z) != 0)
		goto zfail;
	z = NULL;
	/* libzip writes a new file and renames it over the old one: a regular
	 * file, whose mode is narrowed. */
	if (stat(w->path, &sb) == 0 && S_ISREG(sb.st_mode) && chmod(w->path, 0600) != 0)
		rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", w->path, strerror(errno));
	goto out;
zfail:
	rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", w->path, zip_strerror(z));
out:
	if (z != NULL)
		zip_discard(z);
	if (w->fp != NULL)
		fclose(w->fp);
	free(w->path);
	free(w);
	return rc;
}
