/*
 * bench-print.c - printing and scanning: cards rendered per second to PDF and
 * to 300-dpi PNG, and the time to decode a card image with kartu's scanner
 * (only the symbologies the station reads) beside zbar with every symbology
 * enabled (the baseline: zbarimg's default).
 * Usage: bench-print LAYOUT [CARDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <zbar.h>

#include "clock.h"
#include "layout.h"
#include "barcode.h"

/* zbar with everything enabled, as zbarimg runs by default. */
static int
decode_all(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), x, y, n;
	const unsigned char *d = cairo_image_surface_get_data(s);
	unsigned char *g = malloc((size_t)w * (size_t)h);
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *img = zbar_image_create();

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			g[(size_t)y * w + x] = d[(size_t)y * stride + 4 * x + 1];
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, g, (unsigned long)w * h, NULL);
	n = zbar_scan_image(sc, img);
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	free(g);
	cairo_surface_destroy(s);
	return n;
}

int
main(int argc, char **argv)
{
	struct card_fields f = { "Siti Nurhaliza", "6205260000010", "6205260000010013",
	    "6205-26-000001-0-01-3", "umum", "Umum", "28-11-2031",
	    "Dinas Kearsipan dan Perpustakaan Kabupaten Barito Utara",
	    "Jl. Durian No. 24, Muara Teweh 73811", NULL, 0, NULL };
	int cards = argc > 2 ? atoi(argv[2]) : 200, i, n;
	char dir[] = "/tmp/kartu-bench-print-XXXXXX", path[128], png[128];
	struct barcode_result res[8];
	struct kt_err e = { 0 };
	struct layout *l;
	double t0, pdf, pngs, *ours, *base;

	if (argc < 2 || cards < 10 || mkdtemp(dir) == NULL || layout_load(argv[1], &l, &e) != 0) {
		fprintf(stderr, "bench-print: %s\n", e.msg);
		return 2;
	}
	snprintf(path, sizeof path, "%s/card.pdf", dir);
	snprintf(png, sizeof png, "%s/card.png", dir);
	t0 = ms();
	for (i = 0; i < cards; i++)
		if (render_card(l, &f, path, RENDER_PDF, 0, 0, &e) != 0)
			return 1;
	pdf = cards / ((ms() - t0) / 1e3);
	t0 = ms();
	for (i = 0; i < cards; i++)
		if (render_card(l, &f, png, RENDER_PNG, 0, 0, &e) != 0)
			return 1;
	pngs = cards / ((ms() - t0) / 1e3);
	ours = calloc((size_t)cards, sizeof *ours);
	base = calloc((size_t)cards, sizeof *base);
	for (i = 0; i < cards; i++) {
		t0 = ms();
		if (barcode_file(png, res, 8, &n, &e) != 0 || n != 2)
			return 1;
		ours[i] = ms() - t0;
		t0 = ms();
		if (decode_all(png) < 2)
			return 1;
		base[i] = ms() - t0;
	}
	qsort(ours, (size_t)cards, sizeof *ours, cmp);
	qsort(base, (size_t)cards, sizeof *base, cmp);
	printf("\nPrinting and scanning, %d cards (1011 x 638 px images):\n\n", cards);
	printf("| %-44s | %10s |\n", "", "figure");
	printf("|----------------------------------------------|------------|\n");
	printf("| %-44s | %10.1f |\n", "cards rendered per second, PDF", pdf);
	printf("| %-44s | %10.1f |\n", "cards rendered per second, PNG 300 dpi", pngs);
	printf("| %-44s | %10.2f |\n", "decode a card image, ms (median), kartu", ours[cards / 2]);
	printf("| %-44s | %10.2f |\n", "decode, ms (median), zbar all symbologies", base[cards / 2]);
	free(ours);
	free(base);
	layout_free(l);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
