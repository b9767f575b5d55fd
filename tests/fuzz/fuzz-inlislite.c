/*
 * fuzz-inlislite.c - libFuzzer target for INLISLite's files (kartu import
 * --from inlislite, legacy-inlislite.c).  The first byte picks what the rest
 * is:
 *   0  the HTML member report, as the file;
 *   1  the sheet (xl/worksheets/sheet1.xml) of a template whose other parts
 *      are fixed here, zipped without compression by libzip;
 *   2  its shared strings (xl/sharedStrings.xml), with a fixed sheet;
 *   3  the whole file (a zip archive, or anything).
 * Every row is read and refused into a rejects file, which is read back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "legacy-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char sst[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>NAMA</t></si><si><t>NO ANGGOTA</t></si><si><t>TANGGAL LAHIR</t></si>"
    "<si><t>JENIS KELAMIN</t></si><si><t>JENIS IDENTITAS</t></si>"
    "<si><t>NO. IDENTITAS</t></si><si><t>NO. HP</t></si><si><t>Laki-laki</t></si>"
    "<si><t>KTP</t></si><si><r><t>Siti </t></r><r><t>Aminah</t></r></si></sst>";
static const char sheet[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
    "</c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>9</v></c><c r=\"C2\"><v>32874</v></c>"
    "<c r=\"D2\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>";

static int
add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(z, p, n, 0);
	zip_int64_t i;

	if (s == NULL)
		return -1;
	if ((i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE)) < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

static int
make_xlsx(const char *path, int what, const uint8_t *data, size_t size)
{
	zip_t *z;
	int err;

	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		return -1;
	if (add(z, "xl/workbook.xml", workbook, sizeof workbook - 1) != 0 ||
	    add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1) != 0 ||
	    add(z, "xl/sharedStrings.xml", what == 2 ? (const void *)data : sst,
	    what == 2 ? size : sizeof sst - 1) != 0 ||
	    add(z, "xl/worksheets/sheet1.xml", what == 1 ? (const void *)data : sheet,
	    what == 1 ? size : sizeof sheet - 1) != 0) {
		zip_discard(z);
		return -1;
	}
	return zip_close(z);
}

/* Read path to the end; refuse every row into rejects when it is not NULL. */
static void
read_all(const char *path, const char *rejects)
{
	struct lg_opts o = { .format = LG_INLISLITE };
	const struct lg_ops *ops = &lg_inlislite_ops;
	struct lg_reader *r;
	struct lg_rejects *rj = NULL;
	struct lg_row row;
	struct kt_err e;
	long long done, total;
	size_t sum = 0;
	int n = 0, f;

	if (ops->open(path, &o, &r, &e) != 0)
		return;
	r->ops = ops;
	if (rejects != NULL && ops->rejects_open(r, rejects, &rj, &e) == 0)
		rj->r = r;
	while (ops->next(r, &row, &e) == 1 && n++ < 100000) {
		for (f = 0; f < LG_COUNT; f++)	/* every field must be a string */
			if (row.v[f] != NULL)
				sum += strlen(row.v[f]);
		if (rj != NULL)
			ops->reject(rj, &row, "problem & <problem>", &e);
	}
	(void)sum;
	ops->progress(r, &done, &total);
	if (rj != NULL)
		ops->rejects_close(rj, &e);
	ops->close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64], rej[64];
	FILE *f;

	if (size < 1)
		return 0;
	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/fuzz-inlislite-%d.in", (int)getpid());
		snprintf(rej, sizeof rej, "/tmp/fuzz-inlislite-%d.rej", (int)getpid());
	}
	switch (data[0] % 4) {
	case 1:
	case 2:
		if (make_xlsx(path, data[0] % 4, data + 1, size - 1) != 0)
			return 0;
		break;
	default:
		if ((f = fopen(path, "wb")) == NULL)
			return 0;
		fwrite(data + 1, 1, size - 1, f);
		fclose(f);
		break;
	}
	read_all(path, rej);
	read_all(rej, NULL);
	unlink(path);
	unlink(rej);
	return 0;
}
