/*
 * fuzz-image.c - libFuzzer target for images from outside: scans and photos
 * of cards, member photos, logos (PNG through cairo, JPEG through libjpeg),
 * then zbar on what decoded.
 */
#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "barcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct barcode_result res[8];
	cairo_surface_t *s;
	struct kt_err e;

	/* At most a megapixel: the parsers are the same for larger pictures, and
	 * the sanitizers' memory stays bounded (the station's own limit, 24
	 * megapixels, is tested in tests/cli/print.t). */
	if (image_decode_max(data, size, "fuzz", 1L << 20, &s, &e) != 0)
		return 0;
	/* Keep zbar's share of the time bounded: it is not our parser. */
	if (cairo_image_surface_get_width(s) * cairo_image_surface_get_height(s) <= 1 << 18)
		barcode_surface(s, res, 8);
	cairo_surface_destroy(s);
	return 0;
}
