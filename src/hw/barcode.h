/*
 * barcode.h - reading barcodes with zbar: from an image file (a scan or a photo
 * of a card) or a rendered card, and normalising what a scanner or a person
 * types into a card number.
 *
 * Only the symbologies the station needs are enabled: its own Code 128 and QR,
 * and those of older library cards: Code 128 (SLiMS), Code 39 without a
 * check digit (SLiMS, INLISLite), Code 93 (INLISLite's card designs 2-4), QR
 * (INLISLite 3.3), Codabar and EAN-13.
 */
#ifndef KARTU_BARCODE_H
#define KARTU_BARCODE_H

#include <signal.h>
#include <stddef.h>

#include <cairo.h>

#include "err.h"

struct barcode_result {
	char symbology[16];
	char text[128];
};

/* Decode every barcode in an image surface; returns how many were written to
 * out (at most max), or -1 if the image could not be read. */
int barcode_surface(cairo_surface_t *s, struct barcode_result *out, int max);
/* Decode the barcodes of a PNG or JPEG file (a scan or a photo); KT_ENOTFOUND
 * for none or no file, KT_EUSAGE for a file that is no such image. */
int barcode_file(const char *path, struct barcode_result *out, int max, int *n, struct kt_err *e);
/* Is device a V4L2 camera this user can open?  KT_ENOTFOUND, KT_EUSAGE (not a
 * camera) or KT_EFAIL (no permission) with a message saying which. */
int barcode_camera_check(const char *device, struct kt_err *e);
/* Read a camera (V4L2, through zbar's video input) frame by frame until fn
 * returns non-zero (a positive value stops with success, a negative one is
 * returned) or *stop is set.  Frames go through the same decoder as files. */
int barcode_camera(const char *device, int (*fn)(const struct barcode_result *r, int n, void *arg),
    void *arg, volatile sig_atomic_t *stop, struct kt_err *e);
/* The digits of what a scanner sent or a person typed (a card or a member
 * number): scanner prefixes and suffixes, spaces and dashes dropped; the
 * check digits are not checked. */
int barcode_digits(const char *text, char *out, size_t len, struct kt_err *e);
/* What a scanner sent or a person typed, as a card number: scanner prefixes
 * and suffixes (letters, control characters, Codabar's start and stop) and
 * spaces and dashes are dropped, then the check digits are checked. */
int barcode_normalise(const char *text, char *card_no, size_t len, struct kt_err *e);
/* What a scanner sent or a person typed, as the code the desk looks up: a
 * card or member number of this station as barcode_normalise gives it, or
 * else the code as it stands (an old card's member number: the AIM
 * identifier, Code 39's '*' start and stop and surrounding blanks dropped;
 * printable characters only, at most len - 1).  KT_EUSAGE, with
 * barcode_normalise's message, for what can be neither. */
int barcode_code(const char *text, char *out, size_t len, struct kt_err *e);

#endif
