/*
 * fuzz-legacy-csv.c - libFuzzer target for kartu's own CSV as the import
 * reads it (legacy-csv.c through legacy.h): the header, every row twice (the
 * import's two passes), the rejects file written from them; and the member
 * type mapping file (import_map_read) on the same bytes.  The first byte
 * picks the date order and the separator.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>

#include "import.h"
#include "legacy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = { 0, ',', ';', '\t', '|' };
	static struct import_map map;
	static char path[64], rejects[64];
	struct lg_opts o = { LG_CSV, 0, LG_DATES_DEFAULT };
	struct lg_reader *r = NULL;
	struct lg_rejects *rj = NULL;
	struct lg_row row;
	struct kt_err e;
	long long done, total;
	size_t i, sum = 0;
	int pass, rc, fd, n;
	FILE *f;

	if (size == 0)
		return 0;
	o.dates = (enum lg_dates)(data[0] % 5);
	o.sep = seps[(data[0] >> 3) % sizeof seps];
	data++, size--;
	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/fuzz-legacy-csv.%d", (int)getpid());
		snprintf(rejects, sizeof rejects, "/tmp/fuzz-legacy-csv-rejects.%d", (int)getpid());
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	close(fd);
	if (lg_open(path, &o, &r, &e) == 0) {
		for (pass = 0; pass < 2; pass++) {
			n = 0;
			while ((rc = lg_next(r, &row, &e)) == 1 && n++ < 100000) {
				/* Every value must stay inside the record. */
				for (i = 0; i < LG_COUNT; i++)
					for (const char *p = row.v[i]; p != NULL && *p != '\0'; p++)
						sum += (unsigned char)*p;
				lg_progress(r, &done, &total);
				if (row.problems.nproblems > 0 && pass == 1 && (rj != NULL ||
				    lg_rejects_open(r, rejects, &rj, &e) == 0))
					lg_reject(rj, &row, row.problems.msg, &e);
			}
			if (pass == 0 && lg_rewind(r, &e) != 0)
				break;
		}
		lg_rejects_close(rj, &e);
		lg_close(r);
	}
	(void)sum;
	if ((f = fmemopen((void *)(uintptr_t)data, size, "r")) != NULL) {
		map.n = 0;
		import_map_read(&map, f, &e);
		fclose(f);
	}
	return 0;
}
