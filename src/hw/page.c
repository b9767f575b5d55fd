/*
 * page.c - plain A4 PDF pages (see page.h).
 */
#include <stdlib.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "image.h"
#include "page.h"

struct page {
	cairo_surface_t *s;
	cairo_t *cr;
	char *path;
};

int
page_open(const char *path, struct page **out, struct kt_err *e)
{
	struct page *pg;

	*out = NULL;
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	pg->s = cairo_pdf_surface_create(path, PAGE_W / 25.4 * 72, PAGE_H / 25.4 * 72);
	pg->cr = cairo_create(pg->s);
	cairo_scale(pg->cr, 72 / 25.4, 72 / 25.4);
	cairo_set_line_width(pg->cr, 0.25);
	if (cairo_surface_status(pg->s) != CAIRO_STATUS_SUCCESS) {
		kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path,
		    cairo_status_to_string(cairo_surface_status(pg->s)));
		cairo_destroy(pg->cr);
		cairo_surface_destroy(pg->s);
		free(pg);
		return KT_EFAIL;
	}
	pg->path = (char *)path;
	*out = pg;
	return 0;
}

int
page_close(struct page *pg, struct kt_err *e)
{
	cairo_status_t st;
	int rc = 0;

	cairo_show_page(pg->cr);
	cairo_destroy(pg->cr);
	cairo_surface_finish(pg->s);
	st = cairo_surface_status(pg->s);
	cairo_surface_destroy(pg->s);
	if (st != CAIRO_STATUS_SUCCESS)
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), pg->path,
		    cairo_status_to_string(st));
	free(pg);
	return rc;
}

void
page_next(struct page *pg)
{
	cairo_show_page(pg->cr);
}

void
page_text(struct page *pg, double x, double y, double w, double pt, int bold, int align,
    const char *text)
{
	PangoLayout *pl = pango_cairo_create_layout(pg->cr);
	PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
	int pw, ph;

	/* Millimetres as the unit; unrounded glyph positions, or the letters
	 * drift apart at this scale. */
	pango_context_set_round_glyph_positions(pango_layout_get_context(pl), FALSE);
	pango_cairo_context_set_resolution(pango_layout_get_context(pl), 25.4);
	pango_layout_context_changed(pl);
	pango_font_description_set_absolute_size(fd, pt * 25.4 / 72 * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(pl, fd);
	pango_layout_set_text(pl, text, -1);
	if (w > 0) {
		pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
		pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
		pango_layout_set_alignment(pl, align == 1 ? PANGO_ALIGN_CENTER :
		    align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	} else if (align != 0) {
		pango_layout_get_size(pl, &pw, &ph);
		x -= (double)pw / PANGO_SCALE / (align == 1 ? 2 : 1);
	}
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
	cairo_move_to(pg->cr, x, y);
	pango_cairo_show_layout(pg->cr, pl);
	pango_font_description_free(fd);
	g_object_unref(pl);
}

void
page_rect(struct page *pg, double x, double y, double w, double h, double fill)
{
	cairo_rectangle(pg->cr, x, y, w, h);
	if (fill >= 0) {
		cairo_set_source_rgb(pg->cr, fill, fill, fill);
		cairo_fill(pg->cr);
	} else {
		cairo_set_source_rgb(pg->cr, 0, 0, 0);
		cairo_stroke(pg->cr);
	}
}

void
page_line(struct page *pg, double x1, double y1, double x2, double y2)
{
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
	cairo_move_to(pg->cr, x1, y1);
	cairo_line_to(pg->cr, x2, y2);
	cairo_stroke(pg->cr);
}

int
page_image(struct page *pg, const char *path, double x, double y, double h, double *w,
    struct kt_err *e)
{
	cairo_surface_t *img;
	double scale;
	int rc, iw, ih;

	if ((rc = image_load(path, &img, e)) != 0)
		return rc;
	iw = cairo_image_surface_get_width(img);
	ih = cairo_image_surface_get_height(img);
	scale = ih > 0 && iw > 0 ? h / (ih > iw ? ih : iw) : 1;
	cairo_save(pg->cr);
	cairo_translate(pg->cr, x, y);
	cairo_scale(pg->cr, scale, scale);
	cairo_set_source_surface(pg->cr, img, 0, 0);
	cairo_paint(pg->cr);
	cairo_restore(pg->cr);
	cairo_surface_destroy(img);
	if (w != NULL)
		*w = iw * scale;
	return 0;
}
