/*
 * fuzz-legacy.c - libFuzzer target for the SLiMS and Koha member readers
 * (legacy-slims.c, legacy-koha.c): the first byte picks the reader (bit 0),
 * the date order (bits 1-3) and whether the separator is given (bit 4, then
 * the second byte); the rest is the file.  Every record is read, the ones
 * with problems written as rejects, then the file is read again after a
 * rewind.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "legacy-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(struct lg_reader *r, struct lg_rejects *rj)
{
	struct lg_row row;
	struct kt_err e;
	size_t total = 0;
	int i, n = 0;

	while (r->ops->next(r, &row, &e) == 1 && n++ < 100000) {
		/* Touch every value: each must be a string that lives until next. */
		for (i = 0; i < LG_COUNT; i++)
			if (row.v[i] != NULL)
				total += strlen(row.v[i]);
		if (rj != NULL && row.problems.nproblems > 0)
			r->ops->reject(rj, &row, row.problems.msg, &e);
	}
	(void)total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	const struct lg_ops *ops;
	struct lg_opts o = { LG_SLIMS, 0, LG_DATES_DEFAULT };
	struct lg_reader *r;
	struct lg_rejects *rj = NULL;
	struct kt_err e;
	FILE *f;
	int fd;

	if (size < 2)
		return 0;
	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/fuzz-legacy-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
	}
	ops = data[0] & 1 ? &lg_koha_ops : &lg_slims_ops;
	o.format = ops->format;
	o.dates = (enum lg_dates)((data[0] >> 1 & 7) % (LG_DATES_DMYDOT + 1));
	if (data[0] & 0x10)
		o.sep = (char)data[1];
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data + 2, 1, size - 2, f);
	fclose(f);
	if (ops->open(path, &o, &r, &e) != 0)
		return 0;
	r->ops = ops;
	r->opts = o;
	if (ops->rejects_open(r, "/dev/null", &rj, &e) == 0)
		rj->r = r;
	else
		rj = NULL;
	read_all(r, rj);
	if (rj != NULL)
		ops->rejects_close(rj, &e);
	if (ops->rewind(r, &e) == 0)
		read_all(r, NULL);
	ops->close(r);
	return 0;
}
