/*
 * scan.c - barcodes with zbar (see scan.h).
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <zbar.h>

#include "memberno.h"
#include "scan.h"

static int
decode_grey(const unsigned char *grey, int w, int h, struct scan_result *out, int max)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *img = zbar_image_create();
	const zbar_symbol_t *sym;
	int n = 0;

	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_CODE128, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_CODE39, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_CODABAR, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_EAN13, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, grey, (unsigned long)w * (unsigned long)h, NULL);
	if (zbar_scan_image(sc, img) > 0)
		for (sym = zbar_image_first_symbol(img); sym != NULL && n < max;
		    sym = zbar_symbol_next(sym), n++) {
			snprintf(out[n].symbology, sizeof out[n].symbology, "%s",
			    zbar_get_symbol_name(zbar_symbol_get_type(sym)));
			snprintf(out[n].text, sizeof out[n].text, "%s", zbar_symbol_get_data(sym));
		}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	return n;
}

int
scan_surface(cairo_surface_t *s, struct scan_result *out, int max)
{
	cairo_format_t fmt = cairo_image_surface_get_format(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), x, y, n;
	const unsigned char *data, *row;
	unsigned char *grey;
	uint32_t px;

	cairo_surface_flush(s);
	data = cairo_image_surface_get_data(s);
	if (data == NULL || w <= 0 || h <= 0 ||
	    (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_A8))
		return -1;
	if ((grey = malloc((size_t)w * (size_t)h)) == NULL)
		return -1;
	for (y = 0; y < h; y++) {
		row = data + (size_t)y * (size_t)stride;
		for (x = 0; x < w; x++) {
			if (fmt == CAIRO_FORMAT_A8) {
				grey[(size_t)y * w + x] = (unsigned char)(255 - row[x]);
				continue;
			}
			memcpy(&px, row + 4 * x, 4);
			/* Rec. 601 luma; transparent pixels count as white paper. */
			if (fmt == CAIRO_FORMAT_ARGB32 && (px >> 24) < 128)
				grey[(size_t)y * w + x] = 255;
			else
				grey[(size_t)y * w + x] = (unsigned char)((299 * ((px >> 16) & 0xff) +
				    587 * ((px >> 8) & 0xff) + 114 * (px & 0xff)) / 1000);
		}
	}
	n = decode_grey(grey, w, h, out, max);
	free(grey);
	return n;
}

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
};

static void
jpeg_fail_exit(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_fail *)cinfo->err)->jump, 1);
}

static void
jpeg_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

/* Decode a JPEG file straight to grey and scan it; -1 if it is no JPEG. */
static int
scan_jpeg(FILE *f, struct scan_result *out, int max)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail err;
	unsigned char *volatile grey = NULL;
	JSAMPROW row;
	int n = -1;

	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail_exit;
	err.mgr.emit_message = jpeg_quiet;
	if (setjmp(err.jump) != 0) {
		jpeg_destroy_decompress(&cinfo);
		free(grey);
		return -1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_stdio_src(&cinfo, f);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_width > 20000 || cinfo.output_height > 20000 ||
	    (grey = malloc((size_t)cinfo.output_width * cinfo.output_height)) == NULL) {
		jpeg_destroy_decompress(&cinfo);
		return -1;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		row = grey + (size_t)cinfo.output_scanline * cinfo.output_width;
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	n = decode_grey(grey, (int)cinfo.output_width, (int)cinfo.output_height, out, max);
	jpeg_destroy_decompress(&cinfo);
	free(grey);
	return n;
}

int
scan_file(const char *path, struct scan_result *out, int max, int *n, struct kt_err *e)
{
	unsigned char magic[4] = { 0 };
	cairo_surface_t *s;
	cairo_status_t st;
	FILE *f;

	*n = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return kt_error(e, KT_ENOTFOUND, _("no file %s"), path);
	if (fread(magic, 1, sizeof magic, f) < 3 || !((magic[0] == 0xff && magic[1] == 0xd8) ||
	    (magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N'))) {
		fclose(f);
		return kt_error(e, KT_EUSAGE, _("%s is neither a PNG nor a JPEG image"), path);
	}
	if (magic[0] == 0xff) {
		rewind(f);
		*n = scan_jpeg(f, out, max);
		fclose(f);
	} else {
		fclose(f);
		s = cairo_image_surface_create_from_png(path);
		if ((st = cairo_surface_status(s)) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(s);
			return kt_error(e, KT_EUSAGE, _("%s is a damaged PNG image (%s)"), path,
			    cairo_status_to_string(st));
		}
		*n = scan_surface(s, out, max);
		cairo_surface_destroy(s);
	}
	if (*n < 0)
		return kt_error(e, KT_EUSAGE, _("%s is an image kartu cannot read"), path);
	if (*n == 0)
		return kt_error(e, KT_ENOTFOUND, _("no barcode found in %s"), path);
	return 0;
}

int
scan_normalise(const char *text, char *card_no, size_t len, struct kt_err *e)
{
	char digits[64];
	size_t n = 0;
	const char *p;

	/* A scanner may send the AIM symbology identifier first (]C1 for Code
	 * 128, ]Q1 for QR): drop it, digit and all. */
	if (text[0] == ']' && isalpha((unsigned char)text[1]) && text[2] != '\0')
		text += 3;
	/* Keep the digits; a scanner's prefix or suffix, Codabar's A-D start and
	 * stop, spaces and dashes fall away.  Letters inside the number do not. */
	for (p = text; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof digits)
				return kt_error(e, KT_EUSAGE, _("too long for a card number"));
			digits[n++] = *p;
		} else if (n > 0 && isalpha((unsigned char)*p) && p[1] != '\0' &&
		    isdigit((unsigned char)p[1]))
			return kt_error(e, KT_EUSAGE, _("'%.40s' is not a card number"), text);
	}
	digits[n] = '\0';
	if (n == 0)
		return kt_error(e, KT_EUSAGE, _("'%.40s' holds no card number"), text);
	return cardno_parse(digits, card_no, len, NULL, 0, NULL, e);
}
