/*
 * image.c - PNG (through cairo) and JPEG (through libjpeg) into cairo image
 * surfaces (see image.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "image.h"

const char *
image_type(const unsigned char *data, size_t len)
{
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return "image/jpeg";
	return NULL;
}

struct mem_reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t
png_read(void *closure, unsigned char *buf, unsigned int len)
{
	struct mem_reader *r = closure;

	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(buf, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

/* PNG's header gives the size before cairo allocates anything. */
static int
png_size_ok(const unsigned char *data, size_t len, long max_pixels)
{
	unsigned long w, h;

	if (len < 24 || memcmp(data + 12, "IHDR", 4) != 0)
		return 0;
	w = (unsigned long)data[16] << 24 | (unsigned long)data[17] << 16 |
	    (unsigned long)data[18] << 8 | data[19];
	h = (unsigned long)data[20] << 24 | (unsigned long)data[21] << 16 |
	    (unsigned long)data[22] << 8 | data[23];
	return w > 0 && h > 0 && w <= IMAGE_MAX_SIDE && h <= IMAGE_MAX_SIDE &&
	    (long)(w * h) <= max_pixels;
}

/* Every chunk's length fits in the data and IEND ends it.  libpng believes a
 * chunk's length and allocates it before reading: a 453-byte file (found by
 * fuzzing) claimed 2 GB. */
static int
png_chunks_ok(const unsigned char *data, size_t len)
{
	size_t off = 8;
	unsigned long n;

	while (off + 12 <= len) {
		n = (unsigned long)data[off] << 24 | (unsigned long)data[off + 1] << 16 |
		    (unsigned long)data[off + 2] << 8 | data[off + 3];
		if (n > len - off - 12)
			return 0;
		if (memcmp(data + off + 4, "IEND", 4) == 0)
			return 1;
		off += 12 + n;
	}
	return 0;
}

static int
decode_png(const unsigned char *data, size_t len, const char *what, long max_pixels,
    cairo_surface_t **out, struct kt_err *e)
{
	struct mem_reader r = { data, len };
	cairo_surface_t *s;
	cairo_status_t st;

	if (!png_size_ok(data, len, max_pixels) || !png_chunks_ok(data, len))
		return kt_error(e, KT_EUSAGE, _("%s is a damaged or too large PNG image"), what);
	s = cairo_image_surface_create_from_png_stream(png_read, &r);
	if ((st = cairo_surface_status(s)) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return kt_error(e, KT_EUSAGE, _("%s is a damaged PNG image (%s)"), what,
		    cairo_status_to_string(st));
	}
	*out = s;
	return 0;
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

static int
decode_jpeg(const unsigned char *data, size_t len, const char *what, long max_pixels,
    cairo_surface_t **out, struct kt_err *e)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail err;
	cairo_surface_t *volatile s = NULL;
	unsigned char *volatile row = NULL;
	unsigned char *px;
	JSAMPROW rp;
	unsigned int x, w;
	int stride;

	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail_exit;
	err.mgr.emit_message = jpeg_quiet;
	if (setjmp(err.jump) != 0) {
		jpeg_destroy_decompress(&cinfo);
		free(row);
		if (s != NULL)
			cairo_surface_destroy(s);
		return kt_error(e, KT_EUSAGE, _("%s is a damaged JPEG image"), what);
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (cinfo.image_width > IMAGE_MAX_SIDE || cinfo.image_height > IMAGE_MAX_SIDE ||
	    (long)cinfo.image_width * (long)cinfo.image_height > max_pixels) {
		jpeg_destroy_decompress(&cinfo);
		return kt_error(e, KT_EUSAGE, _("%s is too large a picture"), what);
	}
	cinfo.out_color_space = JCS_RGB;
	jpeg_start_decompress(&cinfo);
	w = cinfo.output_width;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)cinfo.output_height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    (row = malloc((size_t)w * 3)) == NULL)
		longjmp(err.jump, 1);
	stride = cairo_image_surface_get_stride(s);
	px = cairo_image_surface_get_data(s);
	while (cinfo.output_scanline < cinfo.output_height) {
		uint32_t *dst = (uint32_t *)(void *)(px + (size_t)cinfo.output_scanline * stride);

		rp = row;
		jpeg_read_scanlines(&cinfo, &rp, 1);
		for (x = 0; x < w; x++)
			dst[x] = 0xff000000u | (uint32_t)row[3 * x] << 16 |
			    (uint32_t)row[3 * x + 1] << 8 | row[3 * x + 2];
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	free(row);
	cairo_surface_mark_dirty(s);
	*out = s;
	return 0;
}

int
image_decode(const unsigned char *data, size_t len, const char *what, cairo_surface_t **out,
    struct kt_err *e)
{
	return image_decode_max(data, len, what, IMAGE_MAX_PIXELS, out, e);
}

int
image_decode_max(const unsigned char *data, size_t len, const char *what, long max_pixels,
    cairo_surface_t **out, struct kt_err *e)
{
	const char *type = image_type(data, len);

	*out = NULL;
	if (type == NULL)
		return kt_error(e, KT_EUSAGE, _("%s is neither a PNG nor a JPEG image"), what);
	if (type[6] == 'p')
		return decode_png(data, len, what, max_pixels, out, e);
	return decode_jpeg(data, len, what, max_pixels, out, e);
}

int
image_read_file(const char *path, unsigned char **data, size_t *len, struct kt_err *e)
{
	unsigned char *buf;
	size_t n;
	FILE *f;

	*data = NULL;
	*len = 0;
	/* A file that is not there is an input that failed (1), not a record
	 * not found (4). */
	if ((f = fopen(path, "rb")) == NULL)
		return kt_error(e, KT_EFAIL, _("cannot read %s: %s"), path, strerror(errno));
	if ((buf = malloc(IMAGE_MAX_BYTES + 1)) == NULL) {
		fclose(f);
		return kt_error(e, KT_EFAIL, "out of memory");
	}
	n = fread(buf, 1, IMAGE_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return kt_error(e, KT_EFAIL, _("cannot read %s: %s"), path, strerror(errno));
	}
	fclose(f);
	if (n > IMAGE_MAX_BYTES) {
		free(buf);
		return kt_error(e, KT_EUSAGE, _("%s is larger than %u MiB"), path,
		    IMAGE_MAX_BYTES >> 20);
	}
	*data = buf;
	*len = n;
	return 0;
}

int
image_load(const char *path, cairo_surface_t **out, struct kt_err *e)
{
	unsigned char *data;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = image_read_file(path, &data, &len, e)) != 0)
		return rc;
	rc = image_decode(data, len, path, out, e);
	free(data);
	return rc;
}
