/*
 * image.h - reading PNG and JPEG images (card scans, card photos, member
 * photos, the library's logo) into cairo image surfaces.
 *
 * Images are outside input: the size of the file and of the picture are
 * bounded, and a damaged file is an error, never a crash.
 */
#ifndef KARTU_IMAGE_H
#define KARTU_IMAGE_H

#include <stddef.h>

#include <cairo.h>

#include "err.h"

#define IMAGE_MAX_BYTES (16u << 20)	/* a file larger than this is refused */
#define IMAGE_MAX_SIDE 12000		/* and a picture wider or taller */
#define IMAGE_MAX_PIXELS (24L << 20)	/* or larger (a 12-megapixel phone photo
					   fits twice): 96 MiB decoded */

/* What kind of image data is: "image/png", "image/jpeg", or NULL. */
const char *image_type(const unsigned char *data, size_t len);
/* Decode PNG or JPEG data; what names it in messages.  KT_EUSAGE for data that
 * is no such image or a damaged one.  Destroy *out with cairo_surface_destroy. */
int image_decode(const unsigned char *data, size_t len, const char *what,
    cairo_surface_t **out, struct kt_err *e);
/* image_decode with a smaller limit on the pixels (the fuzz target's, so that
 * its memory measures the parsers, not the pictures). */
int image_decode_max(const unsigned char *data, size_t len, const char *what, long max_pixels,
    cairo_surface_t **out, struct kt_err *e);
/* Read a whole file of at most IMAGE_MAX_BYTES; KT_ENOTFOUND if it is not
 * there.  Free *data. */
int image_read_file(const char *path, unsigned char **data, size_t *len, struct kt_err *e);
/* image_read_file and image_decode. */
int image_load(const char *path, cairo_surface_t **out, struct kt_err *e);

#endif
