/*
 * scan.h - reading barcodes with zbar: from an image file (a scan or a photo
 * of a card) or a rendered card, and normalising what a scanner or a person
 * types into a card number.
 *
 * Only the symbologies the station needs are enabled: its own Code 128 and QR,
 * and the Code 39, Codabar and EAN-13 of older library cards.
 */
#ifndef KARTU_SCAN_H
#define KARTU_SCAN_H

#include <stddef.h>

#include <cairo.h>

#include "err.h"

struct scan_result {
	char symbology[16];
	char text[128];
};

/* Decode every barcode in an image surface; returns how many were written to
 * out (at most max), or -1 if the image could not be read. */
int scan_surface(cairo_surface_t *s, struct scan_result *out, int max);
/* Decode the barcodes of a PNG or JPEG file (a scan or a photo); KT_ENOTFOUND
 * for none or no file, KT_EUSAGE for a file that is no such image. */
int scan_file(const char *path, struct scan_result *out, int max, int *n, struct kt_err *e);
/* What a scanner sent or a person typed, as a card number: scanner prefixes
 * and suffixes (letters, control characters, Codabar's start and stop) and
 * spaces and dashes are dropped, then the check digits are checked. */
int scan_normalise(const char *text, char *card_no, size_t len, struct kt_err *e);

#endif
