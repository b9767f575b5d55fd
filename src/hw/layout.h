/*
 * layout.h - card layouts (layouts/README.md) and rendering them with cairo,
 * pango and libzint to PDF or to PNG at 300 dpi.
 */
#ifndef KARTU_LAYOUT_H
#define KARTU_LAYOUT_H

#include <stddef.h>

#include "card.h"
#include "err.h"

struct layout;

/* Parse a layout from text (outside input: any bytes).  Errors name the line:
 * KT_EUSAGE.  Free with layout_free. */
int layout_parse(const char *text, const char *name, struct layout **out, struct kt_err *e);
/* Read and parse a layout file. */
int layout_load(const char *path, struct layout **out, struct kt_err *e);
void layout_free(struct layout *l);
/* A layout by file name (a name with a '/'), or by name as NAME.layout in the
 * first of dirs that has it (NULL or "" entries skipped): KT_ENOTFOUND when
 * none has.  The front ends give the directories (kartu print, the screens). */
int layout_find(const char *const *dirs, size_t ndirs, const char *name, struct layout **out,
    struct kt_err *e);
/* The card's size in millimetres. */
void layout_size(const struct layout *l, double *w, double *h);

/* The values of a card's fields; NULL for one not known. */
struct card_fields {
	const char *name, *member_no, *card_no, *card_display, *category, *category_name;
	const char *expires, *library_name, *library_address;
	const unsigned char *photo;	/* PNG or JPEG bytes, or NULL */
	size_t photo_len;
	const char *logo;		/* a PNG or JPEG file, or NULL */
};

enum render_format { RENDER_PDF, RENDER_PNG };

/* Render the card to path (PDF: vector, exactly the card's size; PNG: 300
 * dpi), moved by the calibration offset dx, dy (mm).  A field a layout names
 * but the card lacks is KT_EUSAGE. */
/* The fields of a card to print (card_print_fields) for the renderers; f
 * points into p. */
void card_fields_of(const struct card_print *p, struct card_fields *f);

int render_card(const struct layout *l, const struct card_fields *f, const char *path,
    enum render_format fmt, double dx, double dy, struct kt_err *e);

/* Render n cards on A4 sheets for libraries without a card printer: 2 x 5
 * cards a page, edge to edge, with cut marks in the margins, to a PDF. */
int render_sheet(const struct layout *l, const struct card_fields *cards, int n,
    const char *path, double dx, double dy, struct kt_err *e);

/* Render at 300 dpi in memory and decode every barcode with zbar: 0 when each
 * decodes to card_no, KT_EFAIL with what was read otherwise.  *codes gets how
 * many barcodes the layout has. */
int render_selfcheck(const struct layout *l, const struct card_fields *f, int *codes,
    struct kt_err *e);

#endif
