/*
 * page.h - plain A4 PDF pages for the station's paper: the handover book and
 * the reports for the head of the office.  Millimetres from the top left,
 * text with pango (DejaVu Sans), lines and bars with cairo.
 */
#ifndef KARTU_PAGE_H
#define KARTU_PAGE_H

#include "err.h"

#define PAGE_W 210.0
#define PAGE_H 297.0

struct page;

/* Start a PDF at path with its first page. */
int page_open(const char *path, struct page **out, struct kt_err *e);
/* Finish and write the file, free pg; the first error wins. */
int page_close(struct page *pg, struct kt_err *e);
/* A new page. */
void page_next(struct page *pg);
/* Text at x, y (its top), size in points, within width w (0: any, else
 * ellipsized to one line); align 0 left, 1 centre, 2 right. */
void page_text(struct page *pg, double x, double y, double w, double pt, int bold,
    int align, const char *text);
/* A rectangle outline (fill < 0) or filled with grey level fill (0 black .. 1
 * white). */
void page_rect(struct page *pg, double x, double y, double w, double h, double fill);
void page_line(struct page *pg, double x1, double y1, double x2, double y2);
/* The PNG or JPEG image at path in a square of h mm, its proportions kept,
 * its top left at x, y; *w (if not NULL) gets its width.  An image
 * that cannot be read is an error naming it; nothing is drawn then. */
int page_image(struct page *pg, const char *path, double x, double y, double h, double *w,
    struct kt_err *e);

#endif
