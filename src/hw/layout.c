/*
 * layout.c - parsing card layouts and rendering them (see layout.h).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <zint.h>

#include "image.h"
#include "layout.h"
#include "barcode.h"

#define DPI 300.0
#define MAX_ELEMENTS 64

enum element_kind { EL_RECT, EL_TEXT, EL_CODE128, EL_QR, EL_IMAGE };

struct element {
	enum element_kind kind;
	double x, y, w, h;
	char value[256];
	double size;		/* text height, mm */
	int bold, fit, align;	/* align: 0 left, 1 center, 2 right */
	int optional, cover;	/* image: may be absent; fill the box, cropping */
	double rgb[3];
	int line;
};

struct layout {
	double w, h;
	char font[64];
	char dir[1024];		/* the layout file's directory, for image files */
	struct element el[MAX_ELEMENTS];
	int n;
};

static const char *const fields[] = {
	"name", "member_no", "card_no", "card_display", "category", "category_name",
	"expires", "library_name", "library_address", "photo", "logo",
};

void
layout_size(const struct layout *l, double *w, double *h)
{
	*w = l->w;
	*h = l->h;
}

int
layout_find(const char *const *dirs, size_t ndirs, const char *name, struct layout **out,
    struct kt_err *e)
{
	char path[4096];
	size_t i;
	int rc;

	if (strchr(name, '/') != NULL)
		return layout_load(name, out, e);
	for (i = 0; i < ndirs; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		snprintf(path, sizeof path, "%s/%s.layout", dirs[i], name);
		if ((rc = layout_load(path, out, e)) != KT_ENOTFOUND)
			return rc;
	}
	return kt_error(e, KT_ENOTFOUND, _("no layout named %s"), name);
}

void
card_fields_of(const struct card_print *p, struct card_fields *f)
{
	memset(f, 0, sizeof *f);
	f->name = p->name;
	f->member_no = p->member_no;
	f->card_no = p->card_no;
	f->card_display = p->display;
	f->category = p->category;
	f->category_name = p->category_name;
	f->expires = p->expires;
	f->library_name = p->library_name;
	f->library_address = p->library_address;
	f->photo = p->photo;
	f->photo_len = p->photo_len;
	f->logo = p->library_logo[0] != '\0' ? p->library_logo : NULL;
}

void
layout_free(struct layout *l)
{
	free(l);
}

/* The next word of a line: a bare word, or a "quoted string" (with \" and \\
 * inside); NULL at the end.  Advances *p. */
static char *
word(char **p, char *buf, size_t len)
{
	char *s = *p;
	size_t n = 0;
	int quoted = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return NULL;
	while (*s != '\0' && (quoted || (*s != ' ' && *s != '\t'))) {
		if (*s == '"') {
			quoted = !quoted;
			s++;
			continue;
		}
		if (quoted && *s == '\\' && s[1] != '\0')
			s++;
		if (n + 1 < len)
			buf[n++] = *s;
		s++;
	}
	buf[n] = '\0';
	*p = s;
	return quoted ? NULL : buf;
}

static int
number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || end == s || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int
colour(const char *s, double rgb[3])
{
	unsigned int r, g, b;
	size_t i;

	if (strlen(s) != 7 || s[0] != '#')
		return -1;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s + 1, "%2x%2x%2x", &r, &g, &b) != 3)
		return -1;
	rgb[0] = r / 255.0;
	rgb[1] = g / 255.0;
	rgb[2] = b / 255.0;
	return 0;
}

/* Check that every {field} in v is known. */
static int
check_fields(const char *v, const char *name, int line, struct kt_err *e)
{
	const char *p, *q;
	size_t i;

	for (p = strchr(v, '{'); p != NULL; p = strchr(q, '{')) {
		if ((q = strchr(p, '}')) == NULL)
			return kt_error(e, KT_EUSAGE, _("%s line %d: '{' without '}'"), name, line);
		for (i = 0; i < nitems(fields); i++)
			if (strlen(fields[i]) == (size_t)(q - p - 1) &&
			    strncmp(fields[i], p + 1, (size_t)(q - p - 1)) == 0)
				break;
		if (i == nitems(fields))
			return kt_error(e, KT_EUSAGE, _("%s line %d: unknown field {%.*s}"), name,
			    line, (int)(q - p - 1 < 40 ? q - p - 1 : 40), p + 1);
	}
	return 0;
}

/* One option of an element's line, "key=value" or a flag, in buf (cut). */
static int
element_option(struct element *el, char *buf, const char *name, int line, struct kt_err *e)
{
	char *eq = strchr(buf, '=');
	const char *val = eq != NULL ? eq + 1 : "";

	if (eq != NULL)
		*eq = '\0';
	if (strcmp(buf, "value") == 0 && eq != NULL) {
		if (strlen(val) >= sizeof el->value)
			return kt_error(e, KT_EUSAGE, _("%s line %d: value too long"), name,
			    line);
		snprintf(el->value, sizeof el->value, "%s", val);
	} else if (strcmp(buf, "size") == 0 && eq != NULL) {
		if (number(val, 0.5, 50, &el->size) != 0)
			return kt_error(e, KT_EUSAGE, _("%s line %d: size is a height in mm"),
			    name, line);
	} else if ((strcmp(buf, "fill") == 0 || strcmp(buf, "color") == 0) && eq != NULL) {
		if (colour(val, el->rgb) != 0)
			return kt_error(e, KT_EUSAGE, _("%s line %d: a colour is #rrggbb"),
			    name, line);
	} else if (strcmp(buf, "align") == 0 && eq != NULL) {
		if (strcmp(val, "left") == 0)
			el->align = 0;
		else if (strcmp(val, "center") == 0)
			el->align = 1;
		else if (strcmp(val, "right") == 0)
			el->align = 2;
		else
			return kt_error(e, KT_EUSAGE,
			    _("%s line %d: align is left, center or right"), name, line);
	} else if (strcmp(buf, "bold") == 0 && eq == NULL)
		el->bold = 1;
	else if (strcmp(buf, "fit") == 0 && eq == NULL)
		el->fit = 1;
	else if (strcmp(buf, "optional") == 0 && eq == NULL && el->kind == EL_IMAGE)
		el->optional = 1;
	else if (strcmp(buf, "cover") == 0 && eq == NULL && el->kind == EL_IMAGE)
		el->cover = 1;
	else
		return kt_error(e, KT_EUSAGE, _("%s line %d: unknown option '%.30s'"), name,
		    line, buf);
	return 0;
}

static int
parse_line(struct layout *l, char *s, const char *name, int line, int *seen_magic,
    struct kt_err *e)
{
	static const char *const kinds[] = { "rect", "text", "code128", "qr", "image" };
	char kw[32], buf[300], *p = s;
	struct element *el;
	double v[4];
	size_t k;
	int i;

	if (word(&p, kw, sizeof kw) == NULL)
		return 0;	/* blank or a comment */
	if (!*seen_magic) {
		if (strcmp(kw, "kartu-layout") != 0 || word(&p, buf, sizeof buf) == NULL ||
		    strcmp(buf, "1") != 0)
			return kt_error(e, KT_EUSAGE,
			    _("%s line %d: a layout starts with 'kartu-layout 1'"), name, line);
		*seen_magic = 1;
		return 0;
	}
	if (strcmp(kw, "size") == 0) {
		if (word(&p, buf, sizeof buf) == NULL || number(buf, 10, 400, &l->w) != 0 ||
		    word(&p, buf, sizeof buf) == NULL || number(buf, 10, 400, &l->h) != 0)
			return kt_error(e, KT_EUSAGE, _("%s line %d: size W H in millimetres"),
			    name, line);
		return 0;
	}
	if (strcmp(kw, "font") == 0) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || strlen(p) >= sizeof l->font)
			return kt_error(e, KT_EUSAGE, _("%s line %d: font FAMILY"), name, line);
		snprintf(l->font, sizeof l->font, "%s", p);
		return 0;
	}
	for (k = 0; k < nitems(kinds); k++)
		if (strcmp(kw, kinds[k]) == 0)
			break;
	if (k == nitems(kinds))
		return kt_error(e, KT_EUSAGE, _("%s line %d: unknown element '%.30s'"), name,
		    line, kw);
	if (l->n == MAX_ELEMENTS)
		return kt_error(e, KT_EUSAGE, _("%s line %d: more than %d elements"), name, line,
		    MAX_ELEMENTS);
	el = &l->el[l->n];
	memset(el, 0, sizeof *el);
	el->kind = (enum element_kind)k;
	el->size = 3.0;
	el->line = line;
	for (i = 0; i < 4; i++)
		if (word(&p, buf, sizeof buf) == NULL || number(buf, 0, 400, &v[i]) != 0)
			return kt_error(e, KT_EUSAGE,
			    _("%s line %d: %s needs X Y W H in millimetres"), name, line, kw);
	el->x = v[0];
	el->y = v[1];
	el->w = v[2];
	el->h = v[3];
	while (word(&p, buf, sizeof buf) != NULL)
		if (element_option(el, buf, name, line, e) != 0)
			return KT_EUSAGE;
	if (*p == '"')
		return kt_error(e, KT_EUSAGE, _("%s line %d: a quote is not closed"), name, line);
	if (el->kind != EL_RECT && el->value[0] == '\0')
		return kt_error(e, KT_EUSAGE, _("%s line %d: %s needs value=..."), name, line, kw);
	if (check_fields(el->value, name, line, e) != 0)
		return KT_EUSAGE;
	if (el->kind == EL_IMAGE && strchr(el->value, '{') != NULL &&
	    strcmp(el->value, "{photo}") != 0 && strcmp(el->value, "{logo}") != 0)
		return kt_error(e, KT_EUSAGE,
		    _("%s line %d: an image is {photo}, {logo} or a file name"), name, line);
	if (el->kind != EL_IMAGE && (strstr(el->value, "{photo}") != NULL ||
	    strstr(el->value, "{logo}") != NULL))
		return kt_error(e, KT_EUSAGE, _("%s line %d: {photo} and {logo} are images"),
		    name, line);
	l->n++;
	return 0;
}

int
layout_parse(const char *text, const char *name, struct layout **out, struct kt_err *e)
{
	struct layout *l;
	char line[1024];
	const char *p = text, *nl;
	size_t n;
	int no = 0, magic = 0, rc;

	*out = NULL;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	snprintf(l->font, sizeof l->font, "DejaVu Sans");
	while (*p != '\0') {
		no++;
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof line) {
			rc = kt_error(e, KT_EUSAGE, _("%s line %d: too long"), name, no);
			goto fail;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if ((rc = parse_line(l, line, name, no, &magic, e)) != 0)
			goto fail;
		p += n + (nl != NULL);
	}
	if (!magic || l->w == 0) {
		rc = kt_error(e, KT_EUSAGE, _("%s: no 'kartu-layout 1' and 'size' lines"), name);
		goto fail;
	}
	*out = l;
	return 0;
fail:
	free(l);
	return rc;
}

int
layout_load(const char *path, struct layout **out, struct kt_err *e)
{
	char *buf;
	FILE *f;
	size_t n;
	int rc;

	if ((f = fopen(path, "r")) == NULL)
		return kt_error(e, errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL,
		    _("cannot read layout %s: %s"), path, strerror(errno));
	if ((buf = malloc(65537)) == NULL) {
		fclose(f);
		return kt_error(e, KT_EFAIL, "out of memory");
	}
	n = fread(buf, 1, 65536, f);
	buf[n] = '\0';
	if (!feof(f) || memchr(buf, '\0', n) != NULL)
		rc = kt_error(e, KT_EUSAGE, _("%s is not a layout (too large or binary)"), path);
	else if ((rc = layout_parse(buf, path, out, e)) == 0) {
		const char *slash = strrchr(path, '/');

		if (slash != NULL)
			snprintf((*out)->dir, sizeof (*out)->dir, "%.*s",
			    (int)(slash - path), path);
	}
	fclose(f);
	free(buf);
	return rc;
}

/* Expand the {fields} of v for card f into out. */
static int
expand(const char *v, const struct card_fields *f, char *out, size_t len, struct kt_err *e)
{
	const char *vals[nitems(fields)];
	const char *p = v, *q;
	size_t n = 0, i, k;

	vals[0] = f->name;
	vals[1] = f->member_no;
	vals[2] = f->card_no;
	vals[3] = f->card_display;
	vals[4] = f->category;
	vals[5] = f->category_name;
	vals[6] = f->expires;
	vals[7] = f->library_name;
	vals[8] = f->library_address;
	vals[9] = NULL;		/* images, drawn by draw_image */
	vals[10] = f->logo;
	while (*p != '\0' && n + 1 < len) {
		if (*p != '{' || (q = strchr(p, '}')) == NULL) {
			out[n++] = *p++;
			continue;
		}
		for (i = 0; i < nitems(fields); i++)
			if (strlen(fields[i]) == (size_t)(q - p - 1) &&
			    strncmp(fields[i], p + 1, (size_t)(q - p - 1)) == 0)
				break;
		if (i == nitems(fields) || vals[i] == NULL)
			return kt_error(e, KT_EUSAGE, _("the card has no value for {%.*s}"),
			    (int)(q - p - 1 < 40 ? q - p - 1 : 40), p + 1);
		k = strlen(vals[i]);
		if (n + k >= len)
			k = len - n - 1;
		memcpy(out + n, vals[i], k);
		n += k;
		p = q + 1;
	}
	out[n] = '\0';
	return 0;
}

static void
draw_text(cairo_t *cr, const struct layout *l, const struct element *el, const char *text)
{
	PangoLayout *pl = pango_cairo_create_layout(cr);
	PangoContext *ctx = pango_layout_get_context(pl);
	PangoFontDescription *fd = pango_font_description_from_string(l->font);
	double size = el->size;
	int pw, ph;

	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_cairo_context_set_resolution(ctx, 25.4);
	pango_layout_context_changed(pl);
	pango_font_description_set_weight(fd, el->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_text(pl, text, -1);
	pango_layout_set_alignment(pl, el->align == 1 ? PANGO_ALIGN_CENTER :
	    el->align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	/* The size is the height of the text line in mm: a font's em is about
	 * 1.2 lines' worth of its capitals, so use it as the em size. */
	for (;;) {
		pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
		pango_layout_set_font_description(pl, fd);
		pango_layout_set_width(pl, -1);
		pango_layout_get_size(pl, &pw, &ph);
		if (!el->fit || pw <= el->w * PANGO_SCALE || size <= el->size * 0.6)
			break;
		size *= 0.95;
	}
	if (el->fit && pw > el->w * PANGO_SCALE) {	/* still too wide: wrap */
		pango_layout_set_width(pl, (int)(el->w * PANGO_SCALE));
		pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_height(pl, -2);	/* two lines at the most */
		pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	} else
		pango_layout_set_width(pl, (int)(el->w * PANGO_SCALE));
	cairo_set_source_rgb(cr, el->rgb[0], el->rgb[1], el->rgb[2]);
	cairo_move_to(cr, el->x, el->y);
	pango_cairo_show_layout(cr, pl);
	pango_font_description_free(fd);
	g_object_unref(pl);
}

static int
draw_code(cairo_t *cr, const struct element *el, const char *text, struct kt_err *e)
{
	struct zint_symbol *sym = ZBarcode_Create();
	struct zint_vector_rect *r;
	double sx, sy, ox;
	int rc = 0;

	if (sym == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	sym->symbology = el->kind == EL_QR ? BARCODE_QRCODE : BARCODE_CODE128;
	sym->output_options |= BARCODE_QUIET_ZONES;
	sym->show_hrt = 0;
	if (el->kind == EL_QR)
		sym->option_1 = 2;	/* error correction M */
	if (ZBarcode_Encode_and_Buffer_Vector(sym, (const unsigned char *)text,
	    (int)strlen(text), 0) >= ZINT_ERROR) {
		rc = kt_error(e, KT_EUSAGE, _("cannot make a barcode of '%.40s': %s"), text,
		    sym->errtxt);
		goto out;
	}
	/* Fill the box: a QR keeps its squares, a Code 128 stretches its bars. */
	sx = el->w / sym->vector->width;
	sy = el->h / sym->vector->height;
	if (el->kind == EL_QR)
		sx = sy = sx < sy ? sx : sy;
	ox = el->x + (el->w - sym->vector->width * sx) / 2;
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (r = sym->vector->rectangles; r != NULL; r = r->next)
		cairo_rectangle(cr, ox + r->x * sx, el->y + r->y * sy, r->width * sx,
		    r->height * sy);
	cairo_fill(cr);
out:
	ZBarcode_Delete(sym);
	return rc;
}

/* An image element: the member's photo (bytes from the store), the logo or a
 * file (relative to the layout's directory), scaled to the box: contained,
 * centred, or with cover filling it and cropping the rest. */
static int
draw_image(cairo_t *cr, const struct layout *l, const struct element *el,
    const struct card_fields *f, struct kt_err *e)
{
	cairo_surface_t *img;
	char path[2048];
	const char *file = el->value;
	double iw, ih, sc;
	int rc;

	if (strcmp(el->value, "{photo}") == 0) {
		if (f->photo == NULL) {
			if (el->optional)
				return 0;
			kt_error(e, KT_ENOTFOUND, _("member %s has no photo"),
			    f->member_no != NULL ? f->member_no : "?");
			return kt_next(e, KT_ENOTFOUND, "member-photo", "%s",
			    f->member_no != NULL ? f->member_no : "MEMBER");
		}
		rc = image_decode(f->photo, f->photo_len, _("the member's photo"), &img, e);
	} else {
		if (strcmp(el->value, "{logo}") == 0)
			file = f->logo != NULL && f->logo[0] != '\0' ? f->logo : NULL;
		if (file == NULL) {
			if (el->optional)
				return 0;
			return kt_error(e, KT_ENOTFOUND,
			    _("layout line %d: no logo is set (the library_logo setting)"),
			    el->line);
		}
		if (file[0] != '/' && l->dir[0] != '\0')
			snprintf(path, sizeof path, "%s/%s", l->dir, file);
		else
			snprintf(path, sizeof path, "%s", file);
		rc = image_load(path, &img, e);
	}
	if (rc != 0)
		return rc;
	iw = cairo_image_surface_get_width(img);
	ih = cairo_image_surface_get_height(img);
	sc = el->cover ? fmax(el->w / iw, el->h / ih) : fmin(el->w / iw, el->h / ih);
	cairo_save(cr);
	cairo_rectangle(cr, el->x, el->y, el->w, el->h);
	cairo_clip(cr);
	cairo_translate(cr, el->x + (el->w - iw * sc) / 2, el->y + (el->h - ih * sc) / 2);
	cairo_scale(cr, sc, sc);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
	return 0;
}

/* Draw the card on cr, whose user units are millimetres. */
static int
draw(cairo_t *cr, const struct layout *l, const struct card_fields *f, struct kt_err *e)
{
	char text[512];
	int i, rc;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, l->w, l->h);
	cairo_fill(cr);
	for (i = 0; i < l->n; i++) {
		const struct element *el = &l->el[i];

		if (el->kind == EL_IMAGE) {
			if ((rc = draw_image(cr, l, el, f, e)) != 0)
				return rc;
			continue;
		}
		if ((rc = expand(el->value, f, text, sizeof text, e)) != 0)
			return rc;
		switch (el->kind) {
		case EL_IMAGE:
			break;
		case EL_RECT:
			cairo_set_source_rgb(cr, el->rgb[0], el->rgb[1], el->rgb[2]);
			cairo_rectangle(cr, el->x, el->y, el->w, el->h);
			cairo_fill(cr);
			break;
		case EL_TEXT:
			draw_text(cr, l, el, text);
			break;
		case EL_CODE128:
		case EL_QR:
			if ((rc = draw_code(cr, el, text, e)) != 0)
				return rc;
			break;
		}
	}
	return 0;
}

/* A 300-dpi image surface of the card. */
static cairo_surface_t *
raster(const struct layout *l, const struct card_fields *f, double dx, double dy,
    struct kt_err *e)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)lround(l->w / 25.4 * DPI), (int)lround(l->h / 25.4 * DPI));
	cairo_t *cr = cairo_create(s);
	int rc;

	cairo_scale(cr, DPI / 25.4, DPI / 25.4);
	cairo_translate(cr, dx, dy);
	rc = draw(cr, l, f, e);
	cairo_destroy(cr);
	if (rc != 0) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_surface_flush(s);
	return s;
}

/* End a PDF: destroy cr, finish and close the surface; the first error wins. */
static int
pdf_finish(cairo_t *cr, cairo_surface_t *s, int rc, const char *path, struct kt_err *e)
{
	cairo_status_t st;

	cairo_destroy(cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path,
		    cairo_status_to_string(st));
	return rc;
}

int
render_card(const struct layout *l, const struct card_fields *f, const char *path,
    enum render_format fmt, double dx, double dy, struct kt_err *e)
{
	cairo_surface_t *s;
	cairo_status_t st;
	cairo_t *cr;
	int rc = 0;

	if (fmt == RENDER_PNG) {
		if ((s = raster(l, f, dx, dy, e)) == NULL)
			return e != NULL ? e->code : KT_EFAIL;
		st = cairo_surface_write_to_png(s, path);
		cairo_surface_destroy(s);
		if (st != CAIRO_STATUS_SUCCESS)
			return kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path,
			    cairo_status_to_string(st));
		return 0;
	}
	s = cairo_pdf_surface_create(path, l->w / 25.4 * 72, l->h / 25.4 * 72);
	cr = cairo_create(s);
	cairo_scale(cr, 72 / 25.4, 72 / 25.4);
	cairo_translate(cr, dx, dy);
	rc = draw(cr, l, f, e);
	return pdf_finish(cr, s, rc, path, e);
}

#define A4_W 210.0
#define A4_H 297.0
#define SHEET_COLS 2
#define SHEET_ROWS 5
#define SHEET_GAP 3.0	/* mm between cards: a cut a little off still spares both */
#define SHEET_MARK 4.0	/* the length of a cut mark in the margins */

/* The cut marks of a sheet: each card edge extended into the margins and
 * into the gaps between cards (never over a card), so that every card is cut
 * out on its own four lines. */
static void
cut_marks(cairo_t *cr, const struct layout *l, double mx, double my, double dx, double dy)
{
	double x, y, t = SHEET_GAP > 1 ? 0.5 : 0;
	int c, r, side;

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.15);
	for (c = 0; c < SHEET_COLS; c++)
		for (side = 0; side < 2; side++) {
			x = mx + c * (l->w + SHEET_GAP) + side * l->w + dx;
			cairo_move_to(cr, x, my + dy - SHEET_MARK - 1);
			cairo_line_to(cr, x, my + dy - 1);
			cairo_move_to(cr, x, A4_H - my + dy + 1);
			cairo_line_to(cr, x, A4_H - my + dy + SHEET_MARK + 1);
			for (r = 1; r < SHEET_ROWS; r++) {
				y = my + r * (l->h + SHEET_GAP) + dy;
				cairo_move_to(cr, x, y - SHEET_GAP + t);
				cairo_line_to(cr, x, y - t);
			}
		}
	for (r = 0; r < SHEET_ROWS; r++)
		for (side = 0; side < 2; side++) {
			y = my + r * (l->h + SHEET_GAP) + side * l->h + dy;
			cairo_move_to(cr, mx + dx - SHEET_MARK - 1, y);
			cairo_line_to(cr, mx + dx - 1, y);
			cairo_move_to(cr, A4_W - mx + dx + 1, y);
			cairo_line_to(cr, A4_W - mx + dx + SHEET_MARK + 1, y);
			for (c = 1; c < SHEET_COLS; c++) {
				x = mx + c * (l->w + SHEET_GAP) + dx;
				cairo_move_to(cr, x - SHEET_GAP + t, y);
				cairo_line_to(cr, x - t, y);
			}
		}
	cairo_stroke(cr);
}

int
render_sheet(const struct layout *l, const struct card_fields *cards, int n,
    const char *path, double dx, double dy, struct kt_err *e)
{
	cairo_surface_t *s;
	cairo_t *cr;
	double mx = (A4_W - SHEET_COLS * l->w - (SHEET_COLS - 1) * SHEET_GAP) / 2;
	double my = (A4_H - SHEET_ROWS * l->h - (SHEET_ROWS - 1) * SHEET_GAP) / 2;
	int i, k, rc = 0;

	if (mx < SHEET_MARK + 1 || my < SHEET_MARK + 1)
		return kt_error(e, KT_EUSAGE, _("these cards do not fit %d x %d on an A4 sheet"),
		    SHEET_COLS, SHEET_ROWS);
	s = cairo_pdf_surface_create(path, A4_W / 25.4 * 72, A4_H / 25.4 * 72);
	cr = cairo_create(s);
	cairo_scale(cr, 72 / 25.4, 72 / 25.4);
	for (i = 0; i < n && rc == 0; i++) {
		k = i % (SHEET_COLS * SHEET_ROWS);
		if (k == 0) {
			if (i > 0)
				cairo_show_page(cr);
			cut_marks(cr, l, mx, my, dx, dy);
		}
		cairo_save(cr);
		cairo_translate(cr, mx + (k % SHEET_COLS) * (l->w + SHEET_GAP) + dx,
		    my + (k / SHEET_COLS) * (l->h + SHEET_GAP) + dy);
		cairo_rectangle(cr, 0, 0, l->w, l->h);
		cairo_clip(cr);
		rc = draw(cr, l, &cards[i], e);
		cairo_restore(cr);
	}
	return pdf_finish(cr, s, rc, path, e);
}

int
render_selfcheck(const struct layout *l, const struct card_fields *f, int *codes,
    struct kt_err *e)
{
	struct barcode_result res[8];
	cairo_surface_t *s;
	int i, n, want = 0, rc = 0;

	for (i = 0; i < l->n; i++)
		want += l->el[i].kind == EL_CODE128 || l->el[i].kind == EL_QR;
	*codes = want;
	if (want == 0)
		return 0;
	if ((s = raster(l, f, 0, 0, e)) == NULL)
		return e != NULL ? e->code : KT_EFAIL;
	n = barcode_surface(s, res, 8);
	cairo_surface_destroy(s);
	if (n != want)
		return kt_error(e, KT_EFAIL, _("the printed card's barcodes: %d of %d decode"),
		    n < 0 ? 0 : n, want);
	for (i = 0; i < n && rc == 0; i++)
		if (strcmp(res[i].text, f->card_no) != 0)
			rc = kt_error(e, KT_EFAIL, _("a printed barcode reads '%.40s', not %s"),
			    res[i].text, f->card_no);
	return rc;
}
