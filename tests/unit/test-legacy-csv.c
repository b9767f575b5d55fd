/* kartu's own CSV as the import reads it (legacy-csv.c through legacy.h):
 * column names in both languages, dates, the rows' problems, the two passes,
 * the rejects file and its columns skipped when read again. */
#include <stdlib.h>
#include <unistd.h>

#include "import.h"
#include "legacy.h"
#include "tap.h"

static char dir[] = "/tmp/kartu-test-legacy-csv-XXXXXX";

/* Write text to dir/name; its path into path (128 bytes). */
static void
put(const char *name, const char *text, char *path)
{
	FILE *f;

	snprintf(path, 128, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static const char *
v(const struct lg_row *r, enum lg_field f)
{
	return r->v[f] != NULL ? r->v[f] : "(null)";
}

int
main(void)
{
	struct lg_opts o = { LG_CSV, 0, LG_DATES_DEFAULT };
	struct lg_reader *r;
	struct lg_rejects *rj;
	struct lg_row row;
	struct import_map m = { 0 };
	struct kt_err e = { 0 };
	char path[128], rejects[128], buf[512];
	long long done, total;
	FILE *f;
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	put("a.csv", "\xef\xbb\xbfNama;Jenis Kelamin;kategori;tanggal_lahir;telepon_rumah;"
	    "tanggal_daftar;berlaku_sampai;email\r\n"
	    "Ani;P;Dewasa;14-05-1990;0519 21234;02/01/2016;0000-00-00;ani@example.id\r\n"
	    "\r\n"
	    "Budi;L;Pelajar;1990.05.14;;;2027-01-01;\r\n"
	    "Citra;P;x;;;;;;extra\r\n", path);
	rc = lg_open(path, &o, &r, &e);
	is_int(rc, 0, "a CSV with Indonesian names, spaces and a BOM opens (%s)", e.msg);
	if (rc != 0)
		return done_testing();
	is_int(lg_next(r, &row, &e), 1, "row 1");
	is_int(row.line, 2, "on line 2");
	is_str(v(&row, LG_NAME), "Ani", "nama");
	is_str(v(&row, LG_SEX), "P", "jenis kelamin");
	is_str(v(&row, LG_TYPE), "Dewasa", "the member type as the file has it");
	is_str(v(&row, LG_BIRTH_DATE), "1990-05-14", "DD-MM-YYYY as ISO");
	is_str(v(&row, LG_REGISTERED_ON), "2016-01-02", "DD/MM/YYYY, day first");
	is_str(v(&row, LG_EXPIRES_ON), "(null)", "0000-00-00 is missing");
	is_str(v(&row, LG_PHONE2), "0519 21234", "telepon_rumah");
	is_str(v(&row, LG_EMAIL), "ani@example.id", "email");
	is_str(v(&row, LG_PHONE), "(null)", "a column not there is missing");
	is_int(row.problems.nproblems, 0, "no problems");
	is_int(lg_next(r, &row, &e), 1, "row 2 (a blank line skipped)");
	is_int(row.line, 4, "on line 4");
	is_int(row.problems.nproblems, 1, "a date that is no date is a problem");
	is_str(row.problems.problems[0].field, "birth_date", "of birth_date");
	is_str(v(&row, LG_BIRTH_DATE), "1990.05.14", "kept as it came");
	is_int(lg_next(r, &row, &e), 1, "row 3");
	is_int(row.problems.nproblems, 1, "a field beyond the header is a problem");
	is_str(row.problems.problems[0].field, "fields", "of the row's fields");
	lg_progress(r, &done, &total);
	ok(done > 0 && done <= total, "progress %lld of %lld bytes", done, total);
	is_int(lg_next(r, &row, &e), 0, "the end");

	/* The second pass, and the rejects file. */
	is_int(lg_rewind(r, &e), 0, "rewind");
	is_int(lg_next(r, &row, &e), 1, "row 1 again");
	is_str(v(&row, LG_NAME), "Ani", "the same row");
	snprintf(rejects, sizeof rejects, "%s/a.ditolak.csv", dir);
	is_int(lg_rejects_open(r, rejects, &rj, &e), 0, "rejects file opened");
	lg_next(r, &row, &e);
	is_int(lg_reject(rj, &row, "a problem; \"quoted\"", &e), 0, "a row rejected");
	is_int(lg_rejects_close(rj, &e), 0, "rejects file closed");
	lg_close(r);
	if ((f = fopen(rejects, "r")) != NULL) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);

		buf[n] = '\0';
		fclose(f);
	} else
		buf[0] = '\0';
	is_str(buf, "Nama;Jenis Kelamin;kategori;tanggal_lahir;telepon_rumah;tanggal_daftar;"
	    "berlaku_sampai;email;kartu_baris;kartu_masalah\n"
	    "Budi;L;Pelajar;1990.05.14;;;2027-01-01;;4;\"a problem; \"\"quoted\"\"\"\n",
	    "the rejects file: the row as it came, its line and problems");
	/* Read again, its two columns skipped. */
	rc = lg_open(rejects, &o, &r, &e);
	is_int(rc, 0, "the rejects file opens as a CSV (%s)", e.msg);
	if (rc == 0) {
		is_int(lg_next(r, &row, &e), 1, "its row");
		is_str(v(&row, LG_NAME), "Budi", "read");
		is_int(row.problems.nproblems, 1, "the date still a problem, nothing else");
		lg_close(r);
	}

	/* Headers that are refused. */
	put("b.csv", "nama,tgl\nX,Y\n", path);
	is_int(lg_open(path, &o, &r, &e), KT_EUSAGE, "an unknown column (%s)", e.msg);
	put("c.csv", "nama,nama,sex,category\n", path);
	is_int(lg_open(path, &o, &r, &e), KT_EUSAGE, "a column twice (%s)", e.msg);
	put("d.csv", "name,category\n", path);
	is_int(lg_open(path, &o, &r, &e), KT_EUSAGE, "no sex column (%s)", e.msg);
	put("e.csv", "", path);
	is_int(lg_open(path, &o, &r, &e), KT_EUSAGE, "an empty file (%s)", e.msg);

	/* Date orders. */
	put("f.csv", "name,sex,category,birth_date\nA,L,u,07/08/1990\nB,L,u,1990-08-07\n", path);
	o.dates = LG_DATES_US;
	if (lg_open(path, &o, &r, &e) == 0) {
		lg_next(r, &row, &e);
		is_str(v(&row, LG_BIRTH_DATE), "1990-07-08", "us: month first");
		lg_next(r, &row, &e);
		is_int(row.problems.nproblems, 1, "us: ISO is not the order given");
		lg_close(r);
	}
	put("g.csv", "name,sex,category,birth_date\nA,L,u,07.08.1990\n", path);
	o.dates = LG_DATES_DMYDOT;
	if (lg_open(path, &o, &r, &e) == 0) {
		lg_next(r, &row, &e);
		is_str(v(&row, LG_BIRTH_DATE), "1990-08-07", "dmydot");
		lg_close(r);
	}

	/* The member type mapping. */
	static const char mapping[] = "# types\nDewasa = umum\n\nPelajar=sd-sma # school\n"
	    "dewasa = mahasiswa\n";

	if ((f = fmemopen((void *)mapping, strlen(mapping), "r")) != NULL) {
		is_int(import_map_read(&m, f, &e), 0, "a mapping file");
		fclose(f);
	}
	is_int(m.n, 2, "two names (a name again takes the later category)");
	is_str(m.v[0].category, "mahasiswa", "Dewasa = mahasiswa");
	is_str(m.v[1].name, "Pelajar", "Pelajar");
	is_str(m.v[1].category, "sd-sma", "the comment left out");
	is_int(import_map_add(&m, "Tamu", &e), KT_EUSAGE, "no '=' (%s)", e.msg);
	is_int(import_map_add(&m, "=umum", &e), KT_EUSAGE, "no name (%s)", e.msg);

	import_rejects_path("/x/data.csv", buf, sizeof buf);
	is_str(buf, "/x/data.ditolak.csv", "rejects beside the file");
	import_rejects_path("/x.y/data", buf, sizeof buf);
	is_str(buf, "/x.y/data.ditolak", "a file without an extension");
	snprintf(buf, sizeof buf, "rm -rf %s", dir);
	if (system(buf) != 0)
		return 1;
	return done_testing();
}
