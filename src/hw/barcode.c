/*
 * barcode.c - barcodes with zbar (see barcode.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include <zbar.h>

#include "image.h"
#include "memberno.h"
#include "barcode.h"

static int
decode_grey(const unsigned char *grey, int w, int h, struct barcode_result *out, int max)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *img = zbar_image_create();
	const zbar_symbol_t *sym;
	int n = 0;

	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_CODE128, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_CODE39, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_CODE93, ZBAR_CFG_ENABLE, 1);
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
barcode_surface(cairo_surface_t *s, struct barcode_result *out, int max)
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

int
barcode_file(const char *path, struct barcode_result *out, int max, int *n, struct kt_err *e)
{
	cairo_surface_t *s;
	int rc;

	*n = 0;
	if ((rc = image_load(path, &s, e)) != 0)
		return rc;
	*n = barcode_surface(s, out, max);
	cairo_surface_destroy(s);
	if (*n < 0)
		return kt_error(e, KT_EUSAGE, _("%s is an image kartu cannot read"), path);
	if (*n == 0)
		return kt_error(e, KT_ENOTFOUND, _("no barcode found in %s"), path);
	return 0;
}

int
barcode_camera_check(const char *device, struct kt_err *e)
{
	struct v4l2_capability cap;
	struct stat sb;
	int fd, rc = 0;

	if (stat(device, &sb) != 0)
		return kt_error(e, errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL,
		    _("no camera %s: %s"), device, strerror(errno));
	if (!S_ISCHR(sb.st_mode))
		return kt_error(e, KT_EUSAGE, _("%s is not a camera device"), device);
	if ((fd = open(device, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
		return kt_error(e, KT_EFAIL, _("cannot open the camera %s: %s%s"), device,
		    strerror(errno), errno == EACCES ?
		    _(" (is this user in the video group?)") : "");
	memset(&cap, 0, sizeof cap);
	if (ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0)
		rc = kt_error(e, KT_EUSAGE, _("%s is not a camera device"), device);
	else if (!((cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
	    cap.capabilities) & V4L2_CAP_VIDEO_CAPTURE))
		rc = kt_error(e, KT_EUSAGE, _("%s (%.32s) does not capture video"), device,
		    (const char *)cap.card);
	close(fd);
	return rc;
}

/* zbar's error text is several lines; the last says what went wrong. */
static const char *
zbar_reason(const zbar_video_t *v)
{
	const char *s = zbar_video_error_string(v, 0), *p;

	if ((p = strstr(s, "system error: ")) != NULL)
		return p + 14;
	if ((p = strrchr(s, ':')) != NULL && p[1] != '\0')
		return p + 1;
	return s;
}

int
barcode_camera(const char *device, int (*fn)(const struct barcode_result *, int, void *),
    void *arg, volatile sig_atomic_t *stop, struct kt_err *e)
{
	zbar_video_t *v = zbar_video_create();
	zbar_image_t *img, *grey;
	struct barcode_result res[8];
	int rc = 0, n;

	if ((rc = barcode_camera_check(device, e)) != 0)
		return rc;
	if (v == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	if (zbar_video_open(v, device) != 0 || zbar_negotiate_format(v, NULL) != 0 ||
	    zbar_video_enable(v, 1) != 0) {
		rc = kt_error(e, KT_EFAIL, _("cannot use the camera %s: %s"), device,
		    zbar_reason(v));
		goto out;
	}
	while (rc == 0 && (stop == NULL || !*stop)) {
		if ((img = zbar_video_next_image(v)) == NULL) {
			rc = kt_error(e, KT_EFAIL, _("the camera %s stopped: %s"), device,
			    zbar_reason(v));
			break;
		}
		grey = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
		zbar_image_destroy(img);
		if (grey == NULL)
			continue;
		n = decode_grey(zbar_image_get_data(grey), (int)zbar_image_get_width(grey),
		    (int)zbar_image_get_height(grey), res, 8);
		zbar_image_destroy(grey);
		if (n > 0)
			rc = fn(res, n, arg);
	}
	zbar_video_enable(v, 0);
out:
	zbar_video_destroy(v);
	return rc > 0 ? 0 : rc;
}

int
barcode_digits(const char *text, char *out, size_t len, struct kt_err *e)
{
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
			if (n + 1 >= len)
				return kt_error(e, KT_EUSAGE, _("too long for a card number"));
			out[n++] = *p;
		} else if (n > 0 && isalpha((unsigned char)*p) && p[1] != '\0' &&
		    isdigit((unsigned char)p[1]))
			return kt_error(e, KT_EUSAGE, _("'%.40s' is not a card number"), text);
	}
	out[n] = '\0';
	if (n == 0)
		return kt_error(e, KT_EUSAGE, _("'%.40s' holds no card number"), text);
	return 0;
}

int
barcode_normalise(const char *text, char *card_no, size_t len, struct kt_err *e)
{
	char digits[64];
	int rc;

	if ((rc = barcode_digits(text, digits, sizeof digits, e)) != 0)
		return rc;
	return cardno_parse(digits, card_no, len, NULL, 0, NULL, e);
}

int
barcode_code(const char *text, char *out, size_t len, struct kt_err *e)
{
	struct kt_err why = { 0 };
	char digits[64];
	const char *p, *end;
	size_t n;
	int rc;

	if ((rc = barcode_normalise(text, out, len, &why)) == 0)
		return 0;
	/* A member number typed or scanned for a card (kartu print, replace
	 * --member): its digits. */
	if (barcode_digits(text, digits, sizeof digits, NULL) == 0 &&
	    memberno_parse(digits, out, len, NULL) == 0)
		return 0;
	p = text;
	if (p[0] == ']' && isalpha((unsigned char)p[1]) && p[2] != '\0')
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '*')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '*' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	n = (size_t)(end - p);
	if (n == 0 || n >= len)
		return kt_error(e, rc, "%s", why.msg);	/* barcode_normalise's */
	/* Old member numbers are printable ASCII (SLiMS's member_id, INLISLite's
	 * MemberNo): anything else is no number at all. */
	for (end = p; end < p + n; end++)
		if ((unsigned char)*end < 0x20 || (unsigned char)*end >= 0x7f)
			return kt_error(e, rc, "%s", why.msg);
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}
