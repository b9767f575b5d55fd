/*
 * legacy-inlislite.c - INLISLite's member files (legacy.h, LG_INLISLITE).
 *
 * Two kinds of file, told apart by their first bytes, not by their names:
 *   - the import template, an .xlsx archive (a zip: "PK\3\4"): the sheet
 *     named Sheet1 of xl/workbook.xml, found through xl/_rels/workbook.xml.rels,
 *     with xl/sharedStrings.xml; row 1 is the header (INLISLite v3's 49
 *     columns, or 3.3's variants of them), every later row a member;
 *   - the "Export Excel" member report (Laporan_Periodik_Data.xls), an HTML
 *     table: title rows, then the 23 header cells, then a member a row.
 * The rows come from legacy-sheet.c (libzip, libxml2's push parsers, with
 * its limits against hostile files); this file knows INLISLite's columns
 * and turns its conventions into kartu's.
 *
 * The columns taken (header text compared case-insensitively, runs of blanks
 * as one space, no blanks around '/'):
 *   template: NO ANGGOTA -> legacy_no, NAMA, TEMPAT LAHIR, TANGGAL LAHIR,
 *     ALAMAT SESUAI KTP with RT, RW, KELURAHAN, KECAMATAN and KABUPATEN / KOTA
 *     SESUAI KTP -> address (see join_address; the ...SEKARANG ones only when
 *     the KTP address is empty), NO. HP -> phone, NO. TELP RUMAH (3.3: phone)
 *     -> phone2, JENIS IDENTITAS + NO. IDENTITAS (3.3: nomor identitas) -> nik
 *     (see take_nik), JENIS KELAMIN -> sex, ALAMAT EMAIL, JENIS ANGGOTA ->
 *     category, TANGGAL PENDAFTARAN -> registered_on, TANGGAL AKHIR BERLAKU ->
 *     expires_on, NAMA INSTITUSI -> institution.  Known and ignored: NO,
 *     PROPINSI *, AGAMA, PEKERJAAN, IBU KANDUNG, PENDIDIKAN TERAKHIR, STATUS
 *     PERKAWINAN, JENIS PERMOHONAN, STATUS ANGGOTA, ALAMAT / NO TELP
 *     INSTITUSI, the four emergency contact columns, UNIT KERJA, TAHUN
 *     AJARAN, FAKULTAS, JURUSAN, PROGRAM STUDI, KELAS SISWA (3.3: kelas),
 *     PHOTO URL.
 *   report: Nomer Anggota -> legacy_no, Anggota -> name, Jenis Kelamin,
 *     Tempat & Tanggal Lahir ("place & dd-mm-YYYY") -> birth place and date,
 *     Jenis Identitas + Nomer Identitas -> nik, Alamat with Kabupaten / Kota
 *     -> address, Telepon -> phone, Email, Jenis Anggota -> category,
 *     Tanggal Akhir Berlaku ("01-October-2017") -> expires_on, Tanggal ->
 *     registered_on when it is a whole date (a daily report; monthly and
 *     yearly ones give a period there).  Ignored: No., Umur, Provinsi,
 *     Pekerjaan, Pendidikan, Berdasarkan, Jurusan, Kelas, Status
 *     Keanggotaan, Biaya.
 * An unknown header is refused, naming it; the columns a rejects file adds
 * (LG_REJECT_LINE, LG_REJECT_PROBLEMS) are passed over.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "legacy-int.h"
#include "legacy-sheet.h"

#define IL_MAXTITLE 16			/* report rows before the header */

/* What a column is for. */
enum il_role {
	R_IGNORED, R_NO, R_MEMBERNO, R_NAME, R_BPLACE, R_BDATE, R_TTL,
	R_ADDR, R_KEC, R_KEL, R_RT, R_RW, R_KAB,
	R_ADDR_NOW, R_KEC_NOW, R_KEL_NOW, R_RT_NOW, R_RW_NOW, R_KAB_NOW,
	R_HP, R_TELP, R_IDTYPE, R_IDNO, R_SEX, R_EMAIL, R_TYPE, R_REG, R_PERIOD,
	R_END, R_INST, R_REJECT, R_NROLES
};

struct il_hdr {
	const char *name;	/* normalised (hnorm) */
	enum il_role role;
};

/* The template: INLISLite v3's 49 headers and the 3.3 variants. */
static const struct il_hdr tmpl_hdrs[] = {
	{ "no", R_NO }, { "no anggota", R_MEMBERNO }, { "nama", R_NAME },
	{ "tempat lahir", R_BPLACE }, { "tanggal lahir", R_BDATE },
	{ "alamat sesuai ktp", R_ADDR }, { "kecamatan sesuai ktp", R_KEC },
	{ "kelurahan sesuai ktp", R_KEL }, { "rt sesuai ktp", R_RT },
	{ "rw sesuai ktp", R_RW }, { "propinsi sesuai ktp", R_IGNORED },
	{ "kabupaten/kota sesuai ktp", R_KAB },
	{ "alamat tempat tinggal sekarang", R_ADDR_NOW },
	{ "kecamatan sekarang", R_KEC_NOW }, { "kelurahan sekarang", R_KEL_NOW },
	{ "rt sekarang", R_RT_NOW }, { "rw sekarang", R_RW_NOW },
	{ "propinsi sekarang", R_IGNORED }, { "kabupaten/kota sekarang", R_KAB_NOW },
	{ "no. hp", R_HP }, { "no. telp rumah", R_TELP }, { "phone", R_TELP },
	{ "jenis identitas", R_IDTYPE }, { "no. identitas", R_IDNO },
	{ "nomor identitas", R_IDNO }, { "jenis kelamin", R_SEX },
	{ "agama", R_IGNORED }, { "pekerjaan", R_IGNORED }, { "ibu kandung", R_IGNORED },
	{ "alamat email", R_EMAIL }, { "jenis anggota", R_TYPE },
	{ "pendidikan terakhir", R_IGNORED }, { "status perkawinan", R_IGNORED },
	{ "tanggal pendaftaran", R_REG }, { "tanggal akhir berlaku", R_END },
	{ "jenis permohonan", R_IGNORED }, { "status anggota", R_IGNORED },
	{ "nama institusi", R_INST }, { "alamat institusi", R_IGNORED },
	{ "no telp institusi", R_IGNORED }, { "nama (keadaan darurat)", R_IGNORED },
	{ "alamat (keadaan darurat)", R_IGNORED },
	{ "no telp (keadaan darurat)", R_IGNORED },
	{ "status hubungan (darurat)", R_IGNORED }, { "unit kerja", R_IGNORED },
	{ "tahun ajaran", R_IGNORED }, { "fakultas", R_IGNORED }, { "jurusan", R_IGNORED },
	{ "program studi", R_IGNORED }, { "kelas siswa", R_IGNORED }, { "kelas", R_IGNORED },
	{ "photo url", R_IGNORED },
	{ LG_REJECT_LINE, R_REJECT }, { LG_REJECT_PROBLEMS, R_REJECT },
};

/* The report's 23 headers. */
static const struct il_hdr report_hdrs[] = {
	{ "no.", R_NO }, { "tanggal", R_PERIOD }, { "nomer anggota", R_MEMBERNO },
	{ "anggota", R_NAME }, { "jenis kelamin", R_SEX },
	{ "tempat & tanggal lahir", R_TTL }, { "umur", R_IGNORED },
	{ "jenis identitas", R_IDTYPE }, { "nomer identitas", R_IDNO },
	{ "alamat", R_ADDR }, { "kabupaten/kota", R_KAB }, { "provinsi", R_IGNORED },
	{ "telepon", R_HP }, { "email", R_EMAIL }, { "jenis anggota", R_TYPE },
	{ "pekerjaan", R_IGNORED }, { "pendidikan", R_IGNORED },
	{ "berdasarkan", R_IGNORED }, { "jurusan", R_IGNORED }, { "kelas", R_IGNORED },
	{ "status keanggotaan", R_IGNORED }, { "tanggal akhir berlaku", R_END },
	{ "biaya", R_IGNORED },
	{ LG_REJECT_LINE, R_REJECT }, { LG_REJECT_PROBLEMS, R_REJECT },
};

struct il {
	struct lg_reader base;
	struct sheet *sh;
	int xlsx;
	char *path;
	const struct sh_row *cur;	/* the row last taken */

	/* the header */
	int header_done;
	struct sh_row header;
	struct sh_row title[IL_MAXTITLE];
	int ntitle;
	int hcols;
	unsigned char role[SH_MAXCOLS];
	int col[R_NROLES];	/* the column of a role, or -1 */
	long rows_done;

	char *ob;		/* the fields handed out (row->v) */
	size_t ob_len, ob_cap;
};

struct il_rejects {
	struct lg_rejects base;
	struct il *r;
	struct sh_writer *w;
};

/* --- small text helpers --- */


/* A header cell as the tables above spell it: ASCII lower case, blanks run
 * together and trimmed, none around '/'. */
static void
hnorm(const char *s, char *out, size_t len)
{
	size_t n = 0;
	int blank = 0;

	for (; *s != '\0' && n + 2 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c) || c == 0xa0) {
			blank = n > 0;
			continue;
		}
		if (c == 0xc2 && (unsigned char)s[1] == 0xa0) {	/* no-break space */
			s++;
			blank = n > 0;
			continue;
		}
		if (blank && c != '/' && out[n - 1] != '/')
			out[n++] = ' ';
		blank = 0;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}































/* --- opening --- */

static void
map_clear(struct il *r)
{
	int i;

	for (i = 0; i < R_NROLES; i++)
		r->col[i] = -1;
	memset(r->role, 0, sizeof r->role);
}

/* Map the header row h; 0, or KT_EUSAGE naming the column. */
static int
map_header(struct il *r, const struct sh_row *h, struct kt_err *e)
{
	const struct il_hdr *t = r->xlsx ? tmpl_hdrs : report_hdrs;
	size_t nt = r->xlsx ? nitems(tmpl_hdrs) : nitems(report_hdrs);
	char norm[256];
	int c;
	size_t i;

	map_clear(r);
	r->hcols = h->ncols;
	for (c = 0; c < h->ncols; c++) {
		const char *s = sh_cell(h, c);

		if (*s == '\0')
			continue;
		hnorm(s, norm, sizeof norm);
		for (i = 0; i < nt && strcmp(norm, t[i].name) != 0; i++)
			;
		if (i == nt)
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("%s: column '%s' is not one of INLISLite's"), r->path, s);
		r->role[c] = (unsigned char)t[i].role;
		if (t[i].role == R_IGNORED || t[i].role == R_REJECT)
			continue;
		if (r->col[t[i].role] >= 0)
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("%s: column '%s' is there twice"), r->path, s);
		r->col[t[i].role] = c;
	}
	if (r->col[R_NAME] < 0)
		return kt_error_at(e, KT_EUSAGE, "from", _("%s: no column '%s'"), r->path,
		    r->xlsx ? "NAMA" : "Anggota");
	return 0;
}

static int
is_report_header(const struct sh_row *w)
{
	char norm[64];
	int c, hits = 0;

	for (c = 0; c < w->ncols; c++) {
		hnorm(sh_cell(w, c), norm, sizeof norm);
		hits += strcmp(norm, "nomer anggota") == 0 || strcmp(norm, "anggota") == 0;
	}
	return hits == 2;
}

/* A row without a member: no cell filled but the numbering and the columns
 * of an earlier rejects file. */
static int
row_blank(const struct il *r, const struct sh_row *w)
{
	int c;

	for (c = 0; c < w->ncols; c++)
		if (*sh_cell(w, c) != '\0' && r->role[c] != R_NO && r->role[c] != R_REJECT)
			return 0;
	return 1;
}

/* Read the sheet or the report up to its header, and map it. */
static int
start(struct il *r, struct kt_err *e)
{
	int rc;

	r->rows_done = 0;
	r->header_done = 0;
	r->ntitle = 0;
	for (;;) {
		if ((rc = sh_next(r->sh, &r->cur, e)) < 0)
			return rc;
		if (rc == 0)
			return kt_error_at(e, KT_EUSAGE, "from", r->xlsx ?
			    _("%s: the sheet Sheet1 is empty: no header row") :
			    _("%s: no header row of INLISLite's member report (Nomer Anggota, "
			    "Anggota, ...)"), r->path);
		if (r->xlsx ? !sh_blank(r->cur) : is_report_header(r->cur))
			break;
		if (!r->xlsx) {
			if (r->ntitle == IL_MAXTITLE)
				return kt_error_at(e, KT_EUSAGE, "from",
				    _("%s: no header row of INLISLite's member report in its "
				    "first %d rows"), r->path, IL_MAXTITLE);
			if (sh_row_copy(&r->title[r->ntitle++], r->cur) != 0)
				return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		}
	}
	if (sh_row_copy(&r->header, r->cur) != 0)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	if ((rc = map_header(r, &r->header, e)) != 0)
		return rc;
	r->header_done = 1;
	return 0;
}

static void
il_close(struct lg_reader *lr)
{
	struct il *r = (struct il *)lr;
	int k;

	if (r == NULL)
		return;
	sh_close(r->sh);
	sh_row_free(&r->header);
	for (k = 0; k < IL_MAXTITLE; k++)
		sh_row_free(&r->title[k]);
	free(r->ob);
	free(r->path);
	free(r);
}

static int
il_open(const char *path, const struct lg_opts *o, struct lg_reader **out, struct kt_err *e)
{
	struct il *r;
	int rc;

	(void)o;
	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	map_clear(r);
	if ((r->path = strdup(path)) == NULL)
		rc = kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	else if ((rc = sh_open(path, "Sheet1", &r->sh, e)) == 0) {
		r->xlsx = sh_is_xlsx(r->sh);
		rc = start(r, e);
	}
	if (rc != 0) {
		il_close(&r->base);
		return rc;
	}
	*out = &r->base;
	return 0;
}

static int
il_rewind(struct lg_reader *lr, struct kt_err *e)
{
	struct il *r = (struct il *)lr;
	int rc;

	if ((rc = sh_rewind(r->sh, e)) != 0)
		return rc;
	return start(r, e);
}

/* Rows done, and the total the sheet's dimension names, else an estimate
 * from the bytes parsed so far. */
static void
il_progress(const struct lg_reader *lr, long long *done, long long *total)
{
	const struct il *r = (const struct il *)lr;
	long long fed, size;
	long last;

	sh_progress(r->sh, &fed, &size, &last);
	*done = r->rows_done;
	if (r->xlsx && last > 1)
		*total = last - 1;
	else if (fed > 0 && size > 0)
		*total = (long long)((double)r->rows_done * (double)size / (double)fed);
	else
		*total = 0;
	if (*total < *done)
		*total = *done;
}

/* --- turning cells into kartu's fields --- */

static const char *
ob_put(struct il *r, const char *s, size_t n)
{
	char *p = r->ob + r->ob_len;

	memcpy(p, s, n);
	p[n] = '\0';
	r->ob_len += n + 1;
	return p;
}

static void
set(struct il *r, struct lg_row *row, enum lg_field f, const char *s)
{
	row->v[f] = *s != '\0' ? ob_put(r, s, strlen(s)) : NULL;
}

static int
month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* YYYY-MM-DD into out (16 bytes), without printf: this runs for every date. */
static void
ymd(char *out, int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static const char *const months_en[] = { "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december" };
static const char *const months_id[] = { "januari", "februari", "maret", "april", "mei",
	"juni", "juli", "agustus", "september", "oktober", "november", "desember" };

/* A month's name (English or Indonesian, whole or its first three letters). */
static int
month_name(const char *s, size_t n)
{
	int m;

	for (m = 0; m < 12; m++)
		if ((n == strlen(months_en[m]) && strncasecmp(s, months_en[m], n) == 0) ||
		    (n == strlen(months_id[m]) && strncasecmp(s, months_id[m], n) == 0) ||
		    (n == 3 && (strncasecmp(s, months_en[m], 3) == 0 ||
		    strncasecmp(s, months_id[m], 3) == 0)))
			return m + 1;
	return 0;
}

static int
digits(const char *s, size_t *i, int max, int *out)
{
	int v = 0, k = 0;

	while (isdigit((unsigned char)s[*i]) && k < max) {
		v = v * 10 + (s[*i] - '0');
		(*i)++, k++;
	}
	*out = v;
	return k;
}

/* An Excel date serial number (the 1900 system, with its 29 February 1900,
 * or the 1904 one) as YYYY-MM-DD; -1 if out of Excel's range. */
static int
serial_date(double v, int date1904, char *out)
{
	long days, z, era, doe, yoe, y, doy, mp, d, m;

	if (!(v >= 1 && v < 2958466))
		return -1;
	days = (long)floor(v);
	if (date1904)
		days -= 24107;		/* 0 is 1904-01-01 */
	else if (days < 60)
		days -= 25568;		/* 1 is 1900-01-01 */
	else if (days == 60)
		return -1;		/* 1900-02-29, a day Excel invented */
	else
		days -= 25569;		/* 61 is 1900-03-01 */
	/* Howard Hinnant's civil_from_days. */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	ymd(out, (int)(y + (m <= 2)), (int)m, (int)d);
	return 0;
}

/* A date as INLISLite writes it into out (YYYY-MM-DD): dd-mm-yyyy, d/m/yyyy,
 * yyyy-mm-dd, 01-October-2017, an Excel serial number (num: a number cell).
 * Returns 1 for a date, 0 for none (empty, 0000-00-00), -1 for no date; out
 * holds 16 bytes. */
static int
parse_date(const char *s, int num, int date1904, char *out)
{
	int a, b, c, na, nb, nc, y, m, d;
	size_t i = 0, j;
	char sep;

	if (*s == '\0')
		return 0;
	if (num) {	/* digits in a text cell are no date: 1990 is not 1905-06-12 */
		char *end;
		double v = strtod(s, &end);

		if (*end != '\0')
			return -1;
		return serial_date(v, date1904, out) == 0 ? 1 : -1;
	}
	na = digits(s, &i, 4, &a);
	if (na == 0)
		return -1;
	sep = s[i];
	if (sep != '-' && sep != '/' && sep != '.' && sep != ' ')
		return -1;
	i++;
	j = i;
	nb = digits(s, &i, 2, &b);
	if (nb == 0) {		/* 01-October-2017 */
		while (isalpha((unsigned char)s[i]))
			i++;
		if ((b = month_name(s + j, i - j)) == 0)
			return -1;
		nb = 2;
	}
	if (s[i] != sep)
		return -1;
	i++;
	nc = digits(s, &i, 4, &c);
	if (s[i] == ' ' || s[i] == 'T') {	/* a time of day after it */
		size_t k = i + 1;

		while (s[k] != '\0' && (isdigit((unsigned char)s[k]) || s[k] == ':' ||
		    s[k] == '.'))
			k++;
		if (s[k] != '\0')
			return -1;
	} else if (s[i] != '\0')
		return -1;
	if (na == 4 && nc >= 1 && nc <= 2 && sep == '-')
		y = a, m = b, d = c;
	else if (na <= 2 && nc == 4)
		d = a, m = b, y = c;
	else
		return -1;
	if (y == 0 && m == 0 && d == 0)
		return 0;	/* MySQL's zero date */
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	ymd(out, y, m, d);
	return 1;
}

static void
take_date(struct il *r, struct lg_row *row, enum lg_field f, const char *field, int col)
{
	const char *s = sh_cell(r->cur, col);
	char d[16];
	int rc = parse_date(s, col >= 0 && r->cur->num[col], sh_date1904(r->sh), d);

	if (rc > 0)
		set(r, row, f, d);
	else if (rc < 0) {
		set(r, row, f, s);
		kt_problem(&row->problems, KT_EUSAGE, field, _("'%s' is not a date (dd-mm-yyyy)"),
		    s);
	}
}

static void
take_sex(struct il *r, struct lg_row *row, const char *s)
{
	char k[32];
	size_t n = 0;

	if (*s == '\0')
		return;
	for (const char *p = s; *p != '\0' && n + 1 < sizeof k; p++)
		if (isalpha((unsigned char)*p))
			k[n++] = (char)tolower((unsigned char)*p);
	k[n] = '\0';
	if (strcmp(k, "lakilaki") == 0 || strcmp(k, "laki") == 0 || strcmp(k, "l") == 0 ||
	    strcmp(k, "pria") == 0 || strcmp(k, "male") == 0 || strcmp(k, "m") == 0)
		set(r, row, LG_SEX, "L");
	else if (strcmp(k, "perempuan") == 0 || strcmp(k, "p") == 0 ||
	    strcmp(k, "wanita") == 0 || strcmp(k, "female") == 0 || strcmp(k, "f") == 0)
		set(r, row, LG_SEX, "P");
	else {
		set(r, row, LG_SEX, s);
		kt_problem(&row->problems, KT_EUSAGE, "sex",
		    _("'%s' is not a sex (Laki-laki or Perempuan)"), s);
	}
}

/* A number cell's text as digits: 1.2345E+4 is 12345; a fraction stays. */
static void
num_text(const char *s, char *out, size_t len)
{
	char *end;
	double v;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {	/* the usual case */
		snprintf(out, len, "%s", s);
		return;
	}
	v = strtod(s, &end);
	if (*end == '\0' && end != s && v == floor(v) && fabs(v) < 1e17)
		snprintf(out, len, "%.0f", v);
	else
		snprintf(out, len, "%s", s);
}

/* A phone number; a number cell lost its leading 0 (81234567890). */
static void
take_phone(struct il *r, struct lg_row *row, enum lg_field f, int col)
{
	const char *s = sh_cell(r->cur, col);
	char b[64];

	if (col >= 0 && r->cur->num[col] && *s != '\0') {
		num_text(s, b + 1, sizeof b - 1);
		b[0] = '0';
		set(r, row, f, strncmp(b + 1, "62", 2) == 0 || b[1] == '0' ? b + 1 : b);
	} else
		set(r, row, f, s);
}

/* The NIK: only from an identity of the KTP kind (KTP, e-KTP, NIK, KIA:
 * the numbers of the population register), and only 16 digits.  Messages
 * never repeat the number. */
static void
take_nik(struct il *r, struct lg_row *row)
{
	const char *type = sh_cell(r->cur, r->col[R_IDTYPE]);
	const char *no = sh_cell(r->cur, r->col[R_IDNO]);
	char k[64], d[32];
	size_t n = 0, i;

	for (i = 0; type[i] != '\0' && n + 1 < sizeof k; i++)
		if (isalnum((unsigned char)type[i]))
			k[n++] = (char)toupper((unsigned char)type[i]);
	k[n] = '\0';
	if (*no == '\0' || !(strstr(k, "KTP") != NULL || strcmp(k, "NIK") == 0 ||
	    strcmp(k, "KIA") == 0 || strstr(k, "TANDAPENDUDUK") != NULL ||
	    strstr(k, "IDENTITASANAK") != NULL))
		return;
	if (r->col[R_IDNO] >= 0 && r->cur->num[r->col[R_IDNO]]) {
		kt_problem(&row->problems, KT_EUSAGE, "nik",
		    _("the NIK is a number cell, whose last digits the spreadsheet did not "
		    "keep: format the column as text and type it again"));
		return;
	}
	for (i = n = 0; no[i] != '\0' && n < 17; i++)
		if (isdigit((unsigned char)no[i]))
			d[n++] = no[i];
		else if (no[i] != ' ' && no[i] != '.' && no[i] != '-')
			break;
	d[n] = '\0';
	if (no[i] != '\0' || n != 16) {
		kt_problem(&row->problems, KT_EUSAGE, "nik",
		    _("the identity number of the KTP is not 16 digits"));
		return;
	}
	set(r, row, LG_NIK, d);
}

/* Does hay hold needle, ignoring case? */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* s after p; the new end. */
static char *
cat(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* The address as one line: "street, RT 001/RW 002, Kel. X, Kec. Y, regency",
 * each part only when there; a part the street already names is not
 * repeated.  INLISLite's province is left out (the regency names it). */
static void
join_address(struct il *r, struct lg_row *row, int addr, int rt, int rw, int kel,
    int kec, int kab)
{
	char *p = r->ob + r->ob_len, *start = p;
	const char *a = sh_cell(r->cur, addr), *t = sh_cell(r->cur, rt), *w = sh_cell(r->cur, rw);
	const char *parts[3] = { sh_cell(r->cur, kel), sh_cell(r->cur, kec), sh_cell(r->cur, kab) };
	static const char *const pre[3] = { "Kel. ", "Kec. ", "" };
	char rtb[32], rwb[32];
	int i;

	if (rt >= 0 && r->cur->num[rt])
		num_text(t, rtb, sizeof rtb), t = rtb;
	if (rw >= 0 && r->cur->num[rw])
		num_text(w, rwb, sizeof rwb), w = rwb;
	p = cat(p, a);
	if (*t != '\0' || *w != '\0') {
		p = cat(p, p > start ? ", " : "");
		if (*t != '\0')
			p = cat(cat(p, "RT "), t);
		if (*w != '\0')
			p = cat(cat(p, *t ? "/RW " : "RW "), w);
	}
	for (i = 0; i < 3; i++)
		if (*parts[i] != '\0' && !contains(a, parts[i]))
			p = cat(cat(cat(p, p > start ? ", " : ""), pre[i]), parts[i]);
	if (p == start) {
		row->v[LG_ADDRESS] = NULL;
		return;
	}
	*p = '\0';
	row->v[LG_ADDRESS] = start;
	r->ob_len += (size_t)(p - start) + 1;
}

/* "Jakarta & 01-02-1990": the place and the date of the report's TTL. */
static void
take_ttl(struct il *r, struct lg_row *row)
{
	const char *s = sh_cell(r->cur, r->col[R_TTL]), *amp = strrchr(s, '&');
	char place[512], date[64], d[16];
	size_t n;
	int rc;

	if (*s == '\0')
		return;
	if (amp == NULL) {
		if (parse_date(s, 0, 0, d) >= 0) {
			amp = s - 1;	/* only a date */
			place[0] = '\0';
		} else {
			set(r, row, LG_BIRTH_PLACE, s);
			return;
		}
	} else {
		n = (size_t)(amp - s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		snprintf(place, sizeof place, "%.*s", (int)n, s);
	}
	snprintf(date, sizeof date, "%s", amp + 1 + strspn(amp + 1, " "));
	set(r, row, LG_BIRTH_PLACE, place);
	if ((rc = parse_date(date, 0, 0, d)) > 0)
		set(r, row, LG_BIRTH_DATE, d);
	else if (rc < 0) {
		set(r, row, LG_BIRTH_DATE, date);
		kt_problem(&row->problems, KT_EUSAGE, "birth_date",
		    _("'%s' is not a date (dd-mm-yyyy)"), date);
	}
}

static void
take_plain(struct il *r, struct lg_row *row, enum lg_field f, int col)
{
	const char *s = sh_cell(r->cur, col);
	char b[64];

	if (col >= 0 && r->cur->num[col] && *s != '\0') {
		num_text(s, b, sizeof b);
		s = b;
	}
	set(r, row, f, s);
}

static int
il_next(struct lg_reader *lr, struct lg_row *row, struct kt_err *e)
{
	struct il *r = (struct il *)lr;
	int rc, *col = r->col;

	memset(row, 0, sizeof *row);
	do {
		if ((rc = sh_next(r->sh, &r->cur, e)) <= 0)
			return rc;
	} while (row_blank(r, r->cur));
	r->rows_done++;
	row->line = r->cur->line;
	r->ob_len = 0;
	if (r->ob_cap < 3 * r->cur->len + 4096) {	/* room for every field at once */
		size_t n = 3 * r->cur->len + 4096;
		char *p = realloc(r->ob, n);

		if (p == NULL)
			return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		r->ob = p;
		r->ob_cap = n;
	}
	take_plain(r, row, LG_LEGACY_NO, col[R_MEMBERNO]);
	set(r, row, LG_NAME, sh_cell(r->cur, col[R_NAME]));
	take_sex(r, row, sh_cell(r->cur, col[R_SEX]));
	if (r->xlsx) {
		set(r, row, LG_BIRTH_PLACE, sh_cell(r->cur, col[R_BPLACE]));
		take_date(r, row, LG_BIRTH_DATE, "birth_date", col[R_BDATE]);
		if (*sh_cell(r->cur, col[R_ADDR]) != '\0' || *sh_cell(r->cur, col[R_ADDR_NOW]) == '\0')
			join_address(r, row, col[R_ADDR], col[R_RT], col[R_RW], col[R_KEL],
			    col[R_KEC], col[R_KAB]);
		else
			join_address(r, row, col[R_ADDR_NOW], col[R_RT_NOW], col[R_RW_NOW],
			    col[R_KEL_NOW], col[R_KEC_NOW], col[R_KAB_NOW]);
		take_phone(r, row, LG_PHONE2, col[R_TELP]);
		take_date(r, row, LG_REGISTERED_ON, "registered_on", col[R_REG]);
		set(r, row, LG_INSTITUTION, sh_cell(r->cur, col[R_INST]));
	} else {
		char d[16];

		take_ttl(r, row);
		join_address(r, row, col[R_ADDR], -1, -1, -1, -1, col[R_KAB]);
		if (parse_date(sh_cell(r->cur, col[R_PERIOD]), 0, 0, d) > 0)
			set(r, row, LG_REGISTERED_ON, d);
	}
	take_phone(r, row, LG_PHONE, col[R_HP]);
	take_nik(r, row);
	set(r, row, LG_EMAIL, sh_cell(r->cur, col[R_EMAIL]));
	set(r, row, LG_TYPE, sh_cell(r->cur, col[R_TYPE]));
	take_date(r, row, LG_EXPIRES_ON, "expires_on", col[R_END]);
	return 1;
}

/* --- rejects --- */

/* The row w as it came (less the columns of an earlier rejects file), then
 * the line and the problems. */
static void
write_row(struct il_rejects *j, const struct sh_row *w, const char *line,
    const char *problems, int header)
{
	struct il *r = j->r;
	int c;

	for (c = 0; c < r->hcols; c++)
		if (r->role[c] != R_REJECT)
			sh_write_cell(j->w, sh_cell(w, c), c < w->ncols && w->num[c], header, 1);
	sh_write_cell(j->w, line, !header, header, 1);
	sh_write_cell(j->w, problems, 0, header, 1);
	sh_write_end(j->w);
}

static int
il_rejects_open(struct lg_reader *lr, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	struct il *r = (struct il *)lr;
	struct il_rejects *j;
	int k, c, rc;

	*out = NULL;
	if ((j = calloc(1, sizeof *j)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	j->r = r;
	if ((rc = sh_writer_open(path, r->xlsx, sh_date1904(r->sh), &j->w, e)) != 0) {
		free(j);
		return rc;
	}
	for (k = 0; k < r->ntitle; k++) {	/* the report's title rows */
		for (c = 0; c < r->title[k].ncols; c++)
			sh_write_cell(j->w, sh_cell(&r->title[k], c), 0, 1, r->hcols + 2);
		sh_write_end(j->w);
	}
	write_row(j, &r->header, LG_REJECT_LINE, LG_REJECT_PROBLEMS, 1);
	*out = &j->base;
	return 0;
}

static int
il_reject(struct lg_rejects *lj, const struct lg_row *row, const char *problems,
    struct kt_err *e)
{
	struct il_rejects *j = (struct il_rejects *)lj;
	char line[24];

	(void)e;
	snprintf(line, sizeof line, "%ld", row->line);
	write_row(j, j->r->cur, line, problems, 0);
	return 0;
}

static int
il_rejects_close(struct lg_rejects *lj, struct kt_err *e)
{
	struct il_rejects *j = (struct il_rejects *)lj;
	int rc = sh_writer_close(j->w, e);

	free(j);
	return rc;
}

/* The header's text of the first column f is taken from (a report's "Tempat &
 * Tanggal Lahir" for the birth place and date; the current address when the
 * file has no KTP address). */
static const char *
il_column(const struct lg_reader *lr, enum lg_field f)
{
	static const struct {
		enum lg_field f;
		int role;
	} from[] = {
		{ LG_NAME, R_NAME }, { LG_BIRTH_PLACE, R_BPLACE }, { LG_BIRTH_PLACE, R_TTL },
		{ LG_BIRTH_DATE, R_BDATE }, { LG_BIRTH_DATE, R_TTL }, { LG_SEX, R_SEX },
		{ LG_ADDRESS, R_ADDR }, { LG_ADDRESS, R_ADDR_NOW }, { LG_PHONE, R_HP },
		{ LG_PHONE2, R_TELP }, { LG_EMAIL, R_EMAIL }, { LG_TYPE, R_TYPE },
		{ LG_NIK, R_IDNO }, { LG_INSTITUTION, R_INST }, { LG_LEGACY_NO, R_MEMBERNO },
		{ LG_REGISTERED_ON, R_REG }, { LG_EXPIRES_ON, R_END },
	};
	const struct il *r = (const struct il *)lr;
	size_t j;

	for (j = 0; j < nitems(from); j++)
		if (from[j].f == f && r->col[from[j].role] >= 0)
			return sh_cell(&r->header, r->col[from[j].role]);
	return NULL;
}

const struct lg_ops lg_inlislite_ops = {
	.format = LG_INLISLITE,
	.name = "inlislite",
	.open = il_open,
	.next = il_next,
	.rewind = il_rewind,
	.progress = il_progress,
	.close = il_close,
	.rejects_open = il_rejects_open,
	.column = il_column,
	.reject = il_reject,
	.rejects_close = il_rejects_close,
};
