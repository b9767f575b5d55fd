/*
 * test-legacy-inlislite.c - INLISLite's reader (legacy-inlislite.c) through
 * its ops: the template fixtures of tests/data/inlislite/ (text, zipped here)
 * and the HTML report, each row compared field by field with the TSV written
 * by hand beside them; rejects written and read back; hostile archives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "legacy-int.h"
#include "tap.h"

static const struct lg_ops *ops = &lg_inlislite_ops;
static char dir[] = "/tmp/kartu-test-inlislite-XXXXXX";
static const char *src;

static const char *const names[LG_COUNT] = {
	"name", "birth_place", "birth_date", "sex", "address", "phone", "phone2", "email",
	"category", "nik", "institution", "guardian", "legacy_no", "registered_on",
	"expires_on", "notes",
};

/* Zip tests/data/inlislite/NAME's parts into DIR/NAME.xlsx. */
static void
zip_fixture(const char *name)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "cd '%s/tests/data/inlislite/%s' && zip -q -X -nw -r "
	    "'%s/%s.xlsx' . -x '.*'", src, name, dir, name);
	if (system(cmd) != 0)
		printf("# %s failed\n", cmd);
}

/* One row as the TSV's line: line, the fields, the problems' fields. */
static void
tsv(const struct lg_row *row, char *out, size_t len)
{
	size_t n;
	int f, i;

	n = (size_t)snprintf(out, len, "%ld", row->line);
	for (f = 0; f < LG_COUNT; f++)
		n += (size_t)snprintf(out + n, len - n, "\t%s", row->v[f] ? row->v[f] : "");
	n += (size_t)snprintf(out + n, len - n, "\t");
	for (i = 0; i < row->problems.nproblems && i < KT_PROBLEMS; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s", i ? "," : "",
		    row->problems.problems[i].field);
}

/* Read path and compare every row with the TSV want (a path); the rows
 * with problems go to rejects when it is not NULL.  Returns the rows read. */
static int
compare(const char *label, const char *path, const char *want, const char *rejects)
{
	struct lg_opts o = { .format = LG_INLISLITE };
	struct lg_reader *r = NULL;
	struct lg_rejects *rj = NULL;
	struct lg_row row;
	struct kt_err e;
	char got[4096], exp[4096], *g[LG_COUNT + 2], *x[LG_COUNT + 2];
	FILE *f = fopen(want, "r");
	int rows = 0, rc, i;

	if (!ok(f != NULL, "%s: %s", label, want))
		return 0;
	if (!ok(ops->open(path, &o, &r, &e) == 0, "%s: opens", label)) {
		printf("#   %s\n", e.msg);
		fclose(f);
		return 0;
	}
	r->ops = ops;
	if (rejects != NULL) {
		ok(ops->rejects_open(r, rejects, &rj, &e) == 0, "%s: rejects open", label);
		rj->r = r;
	}
	while ((rc = ops->next(r, &row, &e)) == 1) {
		rows++;
		tsv(&row, got, sizeof got);
		do
			if (fgets(exp, sizeof exp, f) == NULL)
				exp[0] = '\0';
		while (exp[0] == '#');
		exp[strcspn(exp, "\n")] = '\0';
		if (strcmp(got, exp) == 0) {
			ok(1, "%s: row %ld as expected", label, row.line);
		} else {
			/* Name each field that differs. */
			char *gp = got, *xp = exp;

			for (i = 0; i < LG_COUNT + 2; i++) {
				g[i] = strsep(&gp, "\t");
				x[i] = strsep(&xp, "\t");
				if (g[i] == NULL)
					g[i] = "(none)";
				if (x[i] == NULL)
					x[i] = "(none)";
				is_str(g[i], x[i], "%s: row %d %s", label, rows,
				    i == 0 ? "line" : i <= LG_COUNT ? names[i - 1] : "problems");
			}
		}
		if (rj != NULL && row.problems.nproblems > 0) {
			char p[600];
			size_t n = 0;

			for (i = 0; i < row.problems.nproblems && i < KT_PROBLEMS; i++)
				n += (size_t)snprintf(p + n, sizeof p - n, "%s%s: %s", i ? "; " : "",
				    row.problems.problems[i].field, row.problems.problems[i].msg);
			ok(ops->reject(rj, &row, p, &e) == 0, "%s: row %ld rejected", label, row.line);
		}
	}
	is_int(rc, 0, "%s: read to the end", label);
	if (rc != 0)
		printf("#   %s\n", e.msg);
	i = 0;
	while (fgets(exp, sizeof exp, f) != NULL)
		i += exp[0] != '#';
	is_int(i, 0, "%s: no expected row left over", label);
	fclose(f);
	if (rj != NULL)
		ok(ops->rejects_close(rj, &e) == 0, "%s: rejects written", label);
	{
		long long done, total;

		ops->progress(r, &done, &total);
		is_int(done, rows, "%s: progress counts the rows", label);
		ok(total >= done, "%s: progress total %lld", label, total);
	}
	/* Read again from the start: the same number of rows. */
	if (ok(ops->rewind(r, &e) == 0, "%s: rewinds", label)) {
		int again = 0;

		while (ops->next(r, &row, &e) == 1)
			again++;
		is_int(again, rows, "%s: the same rows after rewinding", label);
	}
	ops->close(r);
	return rows;
}

/* Opening path fails with code and a message holding word. */
static void
refused(const char *label, const char *path, int code, const char *word)
{
	struct lg_opts o = { .format = LG_INLISLITE };
	struct lg_reader *r = NULL;
	struct kt_err e;
	int rc = ops->open(path, &o, &r, &e);

	is_int(rc, code, "%s: refused", label);
	if (rc != 0) {
		if (!ok(strstr(e.msg, word) != NULL, "%s: the message names %s", label, word))
			printf("#   %s\n", e.msg);
	} else
		ops->close(r);
}

/* A file of the text s. */
static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

/* An archive of the v3 fixture with member name replaced by data. */
static void
make_xlsx(const char *path, const char *name, const char *data, size_t len)
{
	char cmd[1024];
	zip_t *z;
	zip_source_t *s;
	int err;

	snprintf(cmd, sizeof cmd, "cp '%s/v3.xlsx' '%s'", dir, path);
	if (system(cmd) != 0 || (z = zip_open(path, 0, &err)) == NULL)
		return;
	if ((s = zip_source_buffer(z, data, len, 0)) != NULL &&
	    zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0)
		zip_source_free(s);
	zip_close(z);
}

static void
hostile(void)
{
	char path[512], cmd[1024];
	struct stat st;
	char *big;
	size_t n;

	/* A truncated archive. */
	snprintf(path, sizeof path, "%s/cut.xlsx", dir);
	snprintf(cmd, sizeof cmd, "head -c 700 '%s/v3.xlsx' > '%s'", dir, path);
	if (system(cmd) == 0 && stat(path, &st) == 0)
		refused("truncated archive", path, KT_EUSAGE, "xlsx");
	/* workbook.xml of 20 MB (compressed to a few KB): refused from its size. */
	n = 20u << 20;
	if ((big = malloc(n)) != NULL) {
		static const char head[] = "<workbook xmlns=\"x\"><sheets><sheet name=\"Sheet1\"/>"
		    "</sheets>";

		memset(big, ' ', n);
		memcpy(big, head, sizeof head - 1);
		memcpy(big + n - 12, "</workbook>\n", 12);
		snprintf(path, sizeof path, "%s/bomb.xlsx", dir);
		make_xlsx(path, "xl/workbook.xml", big, n);
		refused("a zip bomb of a workbook", path, KT_EUSAGE, "uncompressed");
		/* A cell of 40 000 bytes. */
		n = (size_t)snprintf(big, n, "<worksheet xmlns=\"x\"><sheetData><row r=\"1\">"
		    "<c r=\"A1\" t=\"inlineStr\"><is><t>NAMA</t></is></c></row><row r=\"2\">"
		    "<c r=\"A2\" t=\"inlineStr\"><is><t>");
		memset(big + n, 'a', 40000);
		n += 40000;
		n += (size_t)sprintf(big + n, "</t></is></c></row></sheetData></worksheet>");
		snprintf(path, sizeof path, "%s/longcell.xlsx", dir);
		make_xlsx(path, "xl/worksheets/sheet1.xml", big, n);
		{
			struct lg_opts o = { .format = LG_INLISLITE };
			struct lg_reader *r = NULL;
			struct lg_row row;
			struct kt_err e;

			if (ok(ops->open(path, &o, &r, &e) == 0, "a long cell: the header reads")) {
				is_int(ops->next(r, &row, &e), KT_EUSAGE, "a long cell: refused");
				ok(strstr(e.msg, "row 2") != NULL, "a long cell: names the row (%s)",
				    e.msg);
				ops->close(r);
			} else
				printf("#   %s\n", e.msg);
		}
		free(big);
	}
	/* Not well-formed XML, an entity bomb, a cell beyond column IL_MAXCOLS. */
	{
		static const char bad[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
		    "t=\"inlineStr\"><is><t>NAMA</t></is></c></row><row r=\"2\"><c r=\"A2\"";
		static const char lol[] = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a "
		    "\"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
		    "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;"
		    "&c;\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
		    "<t>NAMA</t></is></c><c r=\"XFD1\" t=\"inlineStr\"><is><t>far</t></is></c>"
		    "</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&d;&d;&d;</t></is></c>"
		    "</row></sheetData></worksheet>";
		struct lg_opts o = { .format = LG_INLISLITE };
		struct lg_reader *r = NULL;
		struct lg_row row;
		struct kt_err e;

		snprintf(path, sizeof path, "%s/bad.xlsx", dir);
		make_xlsx(path, "xl/worksheets/sheet1.xml", bad, sizeof bad - 1);
		if (ok(ops->open(path, &o, &r, &e) == 0, "broken XML: the header reads")) {
			is_int(ops->next(r, &row, &e), KT_EUSAGE, "broken XML: refused");
			ok(strstr(e.msg, "well-formed") != NULL, "broken XML: says so (%s)", e.msg);
			ops->close(r);
		}
		snprintf(path, sizeof path, "%s/lol.xlsx", dir);
		make_xlsx(path, "xl/worksheets/sheet1.xml", lol, sizeof lol - 1);
		/* Refused, or read without expanding the entities: both do. */
		if (ops->open(path, &o, &r, &e) == 0) {
			int rc = ops->next(r, &row, &e);

			ok(rc == 0 || rc == KT_EUSAGE || (rc == 1 && (row.v[LG_NAME] == NULL ||
			    strlen(row.v[LG_NAME]) < 1000)), "entities: not expanded (%d)", rc);
			ops->close(r);
		} else
			ok(e.code == KT_EUSAGE, "entities: refused (%s)", e.msg);
	}
	/* Not INLISLite at all. */
	snprintf(path, sizeof path, "%s/other.html", dir);
	write_file(path, "<html><body><table><tr><td>a</td></tr></table></body></html>");
	refused("an HTML table of something else", path, KT_EUSAGE, "header");
	snprintf(path, sizeof path, "%s/empty.xls", dir);
	write_file(path, "");
	refused("an empty file", path, KT_EUSAGE, "header");
	snprintf(path, sizeof path, "%s/old.xls", dir);
	write_file(path, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and more");
	refused("an Excel 97 workbook", path, KT_EUSAGE, ".xlsx");
	/* An unknown header. */
	snprintf(path, sizeof path, "%s/unknown.xls", dir);
	write_file(path, "<table><tr><th>Nomer Anggota</th><th>Anggota</th><th>Hobi</th></tr>"
	    "</table>");
	refused("an unknown column", path, KT_EUSAGE, "Hobi");
}

/* A report of n rows (about 1 KB each) as INLISLite writes it. */
static void
make_report(const char *path, long n)
{
	FILE *f = fopen(path, "w");
	long i;

	if (f == NULL)
		return;
	fputs("<table border=\"0\" align=\"center\"> \n<tr>\n<th colspan=\"23\">Laporan Detail "
	    "Data Harian</th>\n</tr>\n<tr>\n</tr>\n<table border=\"1\" align=\"center\">\n<tr>\n"
	    "<th>No.</th><th>Tanggal</th><th>Nomer Anggota</th><th>Anggota</th><th>Jenis "
	    "Kelamin</th><th>Tempat & Tanggal Lahir</th><th>Umur</th><th>Jenis Identitas</th>"
	    "<th>Nomer Identitas</th><th>Alamat</th><th>Kabupaten / Kota</th><th>Provinsi</th>"
	    "<th>Telepon</th><th>Email</th><th>Jenis Anggota</th><th>Pekerjaan</th><th>Pendidikan"
	    "</th><th>Berdasarkan</th><th>Jurusan</th><th>Kelas</th><th>Status Keanggotaan</th>"
	    "<th>Tanggal Akhir Berlaku</th><th>Biaya</th>\n</tr>\n", f);
	for (i = 1; i <= n; i++)
		fprintf(f, "\n                <tr align=\"center\">\n"
		    "                    <td>%ld</td>\n                    <td>01-October-2017</td>\n"
		    "                    <td>01171%05ld</td>\n"
		    "                    <td>Anggota Nomor %ld</td>\n"
		    "                    <td>Perempuan</td>\n"
		    "                    <td>Bandung & 05-06-1995</td>\n                    <td>31</td>\n"
		    "                    <td>KTP</td>\n                    <td>32730145069%05ld</td>\n"
		    "                    <td>Jl. Kopo & Gg. Mawar %ld</td>\n"
		    "                    <td>KOTA BANDUNG</td>\n                    <td>JAWA BARAT</td>\n"
		    "                    <td>0812987%05ld</td>\n"
		    "                    <td>rina@example.id</td>\n                    <td>Umum</td>\n"
		    "                    <td>Karyawan Swasta</td>\n                    <td>S1</td>\n"
		    "                    <td></td>\n                    <td></td>\n"
		    "                    <td></td>\n                    <td>Aktif</td>\n"
		    "                    <td>01-October-2018</td>\n                    <td>0</td>\n"
		    "                </tr>\n            ", i, i % 100000, i, i % 100000, i, i % 100000);
	fputs("</table>", f);
	fclose(f);
}

/* A long report is read as a stream: libxml2 2.9.14's HTML push parser,
 * given pieces cut inside a start tag's attributes, held all the rest of
 * the file (legacy-sheet.c, feed_html). */
static void
report_streams(void)
{
	struct lg_opts o = { .format = LG_INLISLITE };
	struct lg_reader *r = NULL;
	struct lg_row row;
	struct kt_err e;
	struct rusage before, after;
	char path[512];
	long rows = 0;

	snprintf(path, sizeof path, "%s/long.xls", dir);
	make_report(path, 20000);
	getrusage(RUSAGE_SELF, &before);
	if (ok(ops->open(path, &o, &r, &e) == 0, "a long report opens")) {
		while (ops->next(r, &row, &e) == 1)
			rows++;
		ops->close(r);
	}
	getrusage(RUSAGE_SELF, &after);
	is_int(rows, 20000, "a long report: every row");
#if defined(__SANITIZE_ADDRESS__)
	/* Its quarantine of freed memory makes the peak meaningless here. */
	ok(1, "a long report: memory not measured under AddressSanitizer");
#else
	ok(after.ru_maxrss - before.ru_maxrss < 4 * 1024,
	    "a long report (20 MB) read in little memory (%ld KB more)",
	    after.ru_maxrss - before.ru_maxrss);
#endif
	unlink(path);
}

/* 100 000 rows of the v3 template: the time to read them. */
static void
speed(void)
{
	char part[512], path[600], cmd[2048];
	struct lg_opts o = { .format = LG_INLISLITE };
	struct lg_reader *r = NULL;
	struct lg_row row;
	struct kt_err e;
	struct timespec t0, t1, c0, c1;
	FILE *f;
	long i, rows = 0, n = getenv("INLISLITE_ROWS") ? atol(getenv("INLISLITE_ROWS")) : 100000;
	double s;

	snprintf(part, sizeof part, "%s/big", dir);
	snprintf(cmd, sizeof cmd, "cp -r '%s/tests/data/inlislite/v3' '%s'", src, part);
	if (system(cmd) != 0)
		return;
	snprintf(path, sizeof path, "%s/xl/worksheets/sheet1.xml", part);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fprintf(f, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	    "<dimension ref=\"A1:AW%ld\"/><sheetData><row r=\"1\">", n + 1);
	for (i = 0; i < 49; i++) {
		char ref[4] = { 0 };

		if (i < 26)
			ref[0] = (char)('A' + i);
		else
			ref[0] = 'A', ref[1] = (char)('A' + i - 26);
		fprintf(f, "<c r=\"%s1\" t=\"s\"><v>%ld</v></c>", ref, i);
	}
	fputs("</row>\n", f);
	for (i = 2; i <= n + 1; i++) {
		fprintf(f, "<row r=\"%ld\" spans=\"1:49\"><c r=\"A%ld\"><v>%ld</v></c>", i, i, i - 1);
		fprintf(f, "<c r=\"B%ld\" t=\"inlineStr\"><is><t>01%011ld</t></is></c>", i, i);
		fprintf(f, "<c r=\"C%ld\" t=\"inlineStr\"><is><t>Anggota Nomor %ld</t></is></c>",
		    i, i);
		fprintf(f, "<c r=\"D%ld\" t=\"inlineStr\"><is><t>Bandung</t></is></c>", i);
		fprintf(f, "<c r=\"E%ld\"><v>%ld</v></c>", i, 25000 + i % 10000);
		fprintf(f, "<c r=\"F%ld\" t=\"inlineStr\"><is><t>Jl. Merdeka No. %ld</t></is></c>",
		    i, i);
		fprintf(f, "<c r=\"I%ld\" t=\"inlineStr\"><is><t>001</t></is></c>", i);
		fprintf(f, "<c r=\"J%ld\" t=\"inlineStr\"><is><t>002</t></is></c>", i);
		fprintf(f, "<c r=\"L%ld\" t=\"inlineStr\"><is><t>KOTA BANDUNG</t></is></c>", i);
		fprintf(f, "<c r=\"T%ld\"><v>81234%06ld</v></c>", i, i);
		fprintf(f, "<c r=\"V%ld\" t=\"inlineStr\"><is><t>KTP</t></is></c>", i);
		fprintf(f, "<c r=\"W%ld\" t=\"inlineStr\"><is><t>3273014101%06ld</t></is></c>",
		    i, i);
		fprintf(f, "<c r=\"X%ld\" t=\"inlineStr\"><is><t>%s</t></is></c>", i,
		    i % 2 ? "Laki-laki" : "Perempuan");
		fprintf(f, "<c r=\"AC%ld\" t=\"inlineStr\"><is><t>Umum</t></is></c>", i);
		fprintf(f, "<c r=\"AF%ld\" t=\"inlineStr\"><is><t>15-01-2020</t></is></c>", i);
		fprintf(f, "<c r=\"AG%ld\"><v>45672</v></c></row>\n", i);
	}
	fputs("</sheetData></worksheet>\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "cd '%s' && zip -q -X -nw -r ../big.xlsx . -x '.*'", part);
	if (system(cmd) != 0)
		return;
	snprintf(path, sizeof path, "%s/big.xlsx", dir);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	if (ok(ops->open(path, &o, &r, &e) == 0, "big: opens")) {
		while (ops->next(r, &row, &e) == 1)
			rows++;
		ops->close(r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	is_int(rows, n, "big: every row read");
	printf("# %ld rows in %.2f s: %.0f rows/s", rows, s, rows / (s > 0 ? s : 1));
	s = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	printf(" (%.2f s of CPU: %.0f rows/s)\n", s, rows / (s > 0 ? s : 1));
}

int
main(void)
{
	char path[512], want[512], rej[512], rej2[512], cmd[1024];

	src = getenv("KARTU_SRC") ? getenv("KARTU_SRC") : ".";
	if (mkdtemp(dir) == NULL)
		return 1;
	report_streams();
	zip_fixture("v3");
	zip_fixture("v33");
	zip_fixture("othersheet");

	snprintf(path, sizeof path, "%s/v3.xlsx", dir);
	snprintf(want, sizeof want, "%s/tests/data/inlislite/v3.tsv", src);
	snprintf(rej, sizeof rej, "%s/v3-rejects.xlsx", dir);
	is_int(compare("v3", path, want, rej), 4, "v3: 4 members (a blank row skipped)");

	snprintf(path, sizeof path, "%s/v33.xlsx", dir);
	snprintf(want, sizeof want, "%s/tests/data/inlislite/v33.tsv", src);
	is_int(compare("3.3", path, want, NULL), 2, "3.3: 2 members");

	snprintf(path, sizeof path, "%s/tests/data/inlislite/report.xls", src);
	snprintf(want, sizeof want, "%s/tests/data/inlislite/report.tsv", src);
	snprintf(rej2, sizeof rej2, "%s/report-rejects.xls", dir);
	is_int(compare("report", path, want, rej2), 3, "report: 3 members");

	/* The rejects read back: the refused rows, fields as before, lines anew. */
	snprintf(want, sizeof want, "%s/v3-rejects.tsv", dir);
	snprintf(cmd, sizeof cmd, "awk -F'\\t' 'BEGIN{OFS=\"\\t\"; n=1} /^#/ || $18 == \"\" "
	    "{next} {$1 = ++n; print}' '%s/tests/data/inlislite/v3.tsv' > '%s'", src, want);
	if (system(cmd) == 0)
		is_int(compare("v3 rejects", rej, want, NULL), 2, "v3 rejects: the 2 refused rows");
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml > '%s/rej.xml' && "
	    "grep -q '<row r=\"1\">.*kartu_baris.*kartu_masalah</t></is></c></row>' '%s/rej.xml' && "
	    "grep -q '<row r=\"2\">.*<v>4</v></c>.*sex: .X. is not a sex' '%s/rej.xml'",
	    rej, dir, dir, dir);
	ok(system(cmd) == 0, "v3 rejects: the problems in their column");
	snprintf(want, sizeof want, "%s/report-rejects.tsv", dir);
	snprintf(cmd, sizeof cmd, "awk -F'\\t' 'BEGIN{OFS=\"\\t\"; n=5} /^#/ || $18 == \"\" "
	    "{next} {$1 = ++n; print}' '%s/tests/data/inlislite/report.tsv' > '%s'", src, want);
	if (system(cmd) == 0)
		is_int(compare("report rejects", rej2, want, NULL), 2,
		    "report rejects: the 2 refused rows");

	snprintf(path, sizeof path, "%s/othersheet.xlsx", dir);
	refused("no Sheet1", path, KT_EUSAGE, "'Data Anggota', 'Lembar2'");
	hostile();
	if (getenv("INLISLITE_SPEED") != NULL)
		speed();

	if (getenv("KEEP") != NULL)
		return done_testing();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
