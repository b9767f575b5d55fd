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
 * libzip opens the archive; libxml2 parses the XML and the HTML as a stream
 * (its push parsers with SAX callbacks, fed 256 KiB at a time), so a sheet of
 * a million rows takes the memory of a few rows: the callbacks queue finished
 * rows, lg_next takes them one by one and feeds the parser when none is left.
 * libxml2 runs without network, without DTD loading and without entity
 * substitution (no XML_PARSE_NOENT, no entity declarations kept), quietly.
 *
 * Limits against hostile files: each archive member read is capped in
 * uncompressed bytes (as declared and as actually inflated), a cell at
 * IL_MAXCELL bytes, a sheet at Excel's 1 048 576 rows; cells beyond column
 * IL_MAXCOLS are not kept (no INLISLite column lies there).
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
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <zip.h>

#include "legacy-int.h"

#define IL_MAXCOLS 128			/* cells kept per row */
#define IL_MAXCELL 32768		/* bytes in a cell (Excel: 32 767 characters) */
#define IL_MAXROWS 1048576L		/* Excel's last row */
#define IL_MAXPART (16L << 20)		/* workbook.xml and its rels, uncompressed */
#define IL_MAXSST (512L << 20)		/* sharedStrings.xml, uncompressed */
#define IL_MAXSHEET (4LL << 30)		/* the sheet: streamed, capped for time */
#define IL_MAXSTRINGS 4000000L		/* shared strings */
#define IL_MAXSHEETS 64			/* sheets named in workbook.xml */
#define IL_MAXTITLE 16			/* report rows before the header */
#define IL_CHUNK (256 * 1024)

enum il_kind { K_XLSX, K_HTML };
enum il_mode { M_WORKBOOK, M_RELS, M_SST, M_SHEET, M_HTML };

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

/* One row as it came: cell c is buf + off[c] - 1 (off 0: no cell). */
struct il_row {
	long line;
	int ncols;
	int off[IL_MAXCOLS];
	unsigned char num[IL_MAXCOLS];	/* a number cell of the sheet */
	char *buf;
	size_t len, cap;
};

struct il_sheet {
	char name[128];
	char rid[64];
};

struct il {
	struct lg_reader base;
	enum il_kind kind;
	enum il_mode mode;
	char *path;

	/* The stream being parsed: an archive member or the HTML file. */
	zip_t *zip;
	zip_file_t *zf;
	FILE *fp;
	xmlParserCtxtPtr ctxt;
	long long fed, size, cap;
	int eof;
	char part[256];		/* the archive member being read, for messages */
	char sheet_part[256];
	char sst_part[256];

	/* workbook.xml and its rels */
	struct il_sheet sheets[IL_MAXSHEETS];
	int nsheets;
	int date1904;
	char target[200];	/* the rels' Target of the sheet looked for */
	const char *want_rid;

	/* shared strings: string i is sst + sst_off[i], NUL-terminated */
	char *sst;
	size_t sst_len, sst_cap;
	size_t *sst_off;
	size_t nsst, sst_alloc;

	/* SAX state */
	int in_row, in_cell, in_text, in_rph, cell_col, next_col;
	char cell_type;		/* 's', 'n', 'i' (inline, str, others) */
	char *cell;
	size_t cell_len;
	char *chunk;		/* IL_CHUNK bytes read at a time */
	long row_r, dim_rows, trs;
	int failed;
	struct kt_err perr;

	/* finished rows, oldest first from qhead */
	struct il_row bld;
	struct il_row *q;
	size_t qhead, qn, qcap;
	struct il_row cur;	/* the row last returned (rejects copy it) */

	/* the header */
	int header_done;
	struct il_row header;
	struct il_row title[IL_MAXTITLE];
	int ntitle;
	int hcols;
	unsigned char role[IL_MAXCOLS];
	int col[R_NROLES];	/* the column of a role, or -1 */
	long rows_done;

	char *ob;		/* the fields handed out (row->v) */
	size_t ob_len, ob_cap;
};

struct il_rejects {
	struct lg_rejects base;
	struct il *r;
	char *path;
	FILE *fp;		/* the sheet (a temporary file) or the HTML */
	long rows;
};

/* --- small text helpers --- */

static int
eq(const xmlChar *a, const char *b)
{
	return a[0] == (xmlChar)b[0] && strcmp((const char *)a, b) == 0;
}

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

/* --- rows --- */

static int
buf_room(char **buf, size_t *cap, size_t need)
{
	size_t n;
	char *p;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	if ((p = realloc(*buf, n)) == NULL)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static void
row_clear(struct il_row *w)
{
	memset(w->off, 0, sizeof w->off[0] * (size_t)w->ncols);
	memset(w->num, 0, (size_t)w->ncols);
	w->ncols = 0;
	w->len = 0;
	w->line = 0;
}

static void
row_free(struct il_row *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

/* Cell col of w: s[0 .. n-1], blanks trimmed (HTML: runs of blanks as one). */
static int
row_set(struct il_row *w, int col, const char *s, size_t n, int num, int squeeze)
{
	size_t i, o;
	int blank = 0;

	if (col < 0 || col >= IL_MAXCOLS)
		return 0;
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (buf_room(&w->buf, &w->cap, w->len + n + 1) != 0)
		return -1;
	for (i = 0, o = w->len; i < n; i++) {
		if (squeeze && isspace((unsigned char)s[i])) {
			blank = 1;
			continue;
		}
		if (blank)
			w->buf[o++] = ' ';
		blank = 0;
		w->buf[o++] = s[i];
	}
	w->buf[o++] = '\0';
	w->off[col] = (int)w->len + 1;
	w->num[col] = (unsigned char)(num != 0);
	w->len = o;
	if (col >= w->ncols)
		w->ncols = col + 1;
	return 0;
}

static const char *
cell(const struct il_row *w, int col)
{
	if (col < 0 || col >= w->ncols || w->off[col] == 0)
		return "";
	return w->buf + w->off[col] - 1;
}

static void
row_copy(struct il_row *dst, const struct il_row *src)
{
	row_clear(dst);
	if (buf_room(&dst->buf, &dst->cap, src->len + 1) != 0)
		return;
	if (src->len > 0)
		memcpy(dst->buf, src->buf, src->len);
	dst->len = src->len;
	dst->ncols = src->ncols;
	memcpy(dst->off, src->off, sizeof src->off[0] * (size_t)src->ncols);
	memcpy(dst->num, src->num, (size_t)src->ncols);
	dst->line = src->line;
}

static void
row_swap(struct il_row *a, struct il_row *b)
{
	struct il_row t = *a;

	*a = *b;
	*b = t;
}

/* --- errors raised inside the parser's callbacks --- */

static void
fail(struct il *r, const char *fmt, ...) printflike(2, 3);
static void
fail(struct il *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (r->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	kt_error_at(&r->perr, KT_EUSAGE, "from", "%s", msg);
	r->failed = 1;
	if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
}

static void
quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* The finished row bld joins the queue. */
static void
row_push(struct il *r)
{
	struct il_row *q;

	if (r->qhead + r->qn == r->qcap) {
		if (r->qhead > 0) {	/* the taken rows' slots to the end */
			size_t i;

			for (i = 0; i < r->qn; i++)
				row_swap(&r->q[i], &r->q[r->qhead + i]);
			r->qhead = 0;
		} else {
			size_t n = r->qcap ? r->qcap * 2 : 64;

			if ((q = realloc(r->q, n * sizeof *q)) == NULL) {
				fail(r, "%s", _("out of memory"));
				return;
			}
			memset(q + r->qcap, 0, (n - r->qcap) * sizeof *q);
			r->q = q;
			r->qcap = n;
		}
	}
	row_swap(&r->q[r->qhead + r->qn], &r->bld);
	r->qn++;
	row_clear(&r->bld);
}

/* --- cells --- */

static void
cell_add(struct il *r, const char *s, size_t n)
{
	if (r->cell_len + n > IL_MAXCELL) {
		if (r->mode == M_SST)
			fail(r, _("%s: a shared string longer than %d bytes"), r->part, IL_MAXCELL);
		else
			fail(r, _("row %ld: a cell longer than %d bytes"), r->mode == M_HTML ?
			    r->trs : r->row_r, IL_MAXCELL);
		return;
	}
	memcpy(r->cell + r->cell_len, s, n);
	r->cell_len += n;
}

/* The column of a cell reference such as AB12 (0 for A), or -1. */
static int
ref_col(const char *s, size_t n)
{
	long c = 0;
	size_t i;

	for (i = 0; i < n && isupper((unsigned char)s[i]); i++) {
		c = c * 26 + (s[i] - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	return i > 0 ? (int)c - 1 : -1;
}

static long
ref_row(const char *s, size_t n)
{
	long v = 0;
	size_t i = 0;

	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) || v > IL_MAXROWS * 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The value of attribute name among SAX2's (localname, prefix, URI, value,
 * end) quintuples, NULL if absent; *n its length. */
static const char *
attr(int nattr, const xmlChar **a, const char *name, size_t *n)
{
	int i;

	for (i = 0; i < nattr; i++, a += 5)
		if (eq(a[0], name)) {
			*n = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	return NULL;
}

static void
copy_attr(char *out, size_t len, const char *v, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

static void
sheet_cell_end(struct il *r)
{
	const char *v = r->cell;
	size_t n = r->cell_len;
	int num = 0;

	r->cell[r->cell_len] = '\0';
	if (r->cell_type == 's') {
		char *end;
		unsigned long i;

		errno = 0;
		i = strtoul(r->cell, &end, 10);
		if (end == r->cell || *end != '\0' || errno != 0 || i >= r->nsst) {
			fail(r, _("row %ld: a shared string that %s does not have"),
			    r->row_r, r->sst_part[0] ? r->sst_part : "xl/sharedStrings.xml");
			return;
		}
		v = r->sst + r->sst_off[i];
		n = strlen(v);
	} else if (r->cell_type == 'n')
		num = n > 0;
	if (row_set(&r->bld, r->cell_col, v, n, num, 0) != 0)
		fail(r, "%s", _("out of memory"));
}

/* --- SAX callbacks of the archive's XML --- */

static void
x_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
    int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **a)
{
	struct il *r = ctx;
	const char *v;
	size_t n;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndef;
	if (r->failed)
		return;
	switch (r->mode) {
	case M_WORKBOOK:
		if (eq(name, "sheet") && r->nsheets < IL_MAXSHEETS) {
			struct il_sheet *s = &r->sheets[r->nsheets++];

			if ((v = attr(nattr, a, "name", &n)) != NULL)
				copy_attr(s->name, sizeof s->name, v, n);
			if ((v = attr(nattr, a, "id", &n)) != NULL)
				copy_attr(s->rid, sizeof s->rid, v, n);
		} else if (eq(name, "workbookPr") &&
		    (v = attr(nattr, a, "date1904", &n)) != NULL)
			r->date1904 = (n == 1 && v[0] == '1') || (n == 4 && strncmp(v, "true", 4) == 0);
		break;
	case M_RELS:
		if (eq(name, "Relationship")) {
			const char *id = attr(nattr, a, "Id", &n);
			size_t tn = 0;
			const char *t = attr(nattr, a, "Target", &tn);
			size_t yn = 0;
			const char *y = attr(nattr, a, "Type", &yn);

			if (t == NULL)
				break;
			if (id != NULL && r->want_rid != NULL && n == strlen(r->want_rid) &&
			    strncmp(id, r->want_rid, n) == 0)
				copy_attr(r->target, sizeof r->target, t, tn);
			if (y != NULL && yn >= 13 && strncmp(y + yn - 13, "sharedStrings", 13) == 0) {
				char tg[200];

				copy_attr(tg, sizeof tg, t, tn);
				if (tg[0] == '/')
					snprintf(r->sst_part, sizeof r->sst_part, "%s", tg + 1);
				else
					snprintf(r->sst_part, sizeof r->sst_part, "xl/%s", tg);
			}
		}
		break;
	case M_SST:
		if (eq(name, "si")) {
			r->in_cell = 1;
			r->cell_len = 0;
		} else if (eq(name, "rPh"))
			r->in_rph = 1;
		else if (eq(name, "t") && r->in_cell && !r->in_rph)
			r->in_text = 1;
		break;
	case M_SHEET:
		if (eq(name, "row")) {
			long rr = -1;

			if ((v = attr(nattr, a, "r", &n)) != NULL && n < 12) {
				char b[12];

				copy_attr(b, sizeof b, v, n);
				rr = strtol(b, NULL, 10);
			}
			r->row_r = rr > r->row_r ? rr : r->row_r + 1;
			if (r->row_r > IL_MAXROWS) {
				fail(r, _("%s: more than %ld rows"), r->part, IL_MAXROWS);
				return;
			}
			r->in_row = 1;
			r->next_col = 0;
			row_clear(&r->bld);
			r->bld.line = r->row_r;
		} else if (eq(name, "c") && r->in_row) {
			int c = -1;

			if ((v = attr(nattr, a, "r", &n)) != NULL) {
				c = ref_col(v, n);
				if (c < 0 || ref_row(v, n) != r->row_r) {
					fail(r, _("row %ld: a cell named %.*s"), r->row_r,
					    (int)(n > 12 ? 12 : n), v);
					return;
				}
			} else
				c = r->next_col;
			r->next_col = c + 1;
			r->cell_col = c < IL_MAXCOLS ? c : -1;
			r->cell_type = 'n';
			if ((v = attr(nattr, a, "t", &n)) != NULL)
				r->cell_type = n == 1 && v[0] == 's' ? 's' : n == 1 && v[0] == 'n' ?
				    'n' : 'i';
			r->in_cell = 1;
			r->cell_len = 0;
		} else if (r->in_cell && eq(name, "rPh"))
			r->in_rph = 1;
		else if (r->in_cell && (eq(name, "v") || (eq(name, "t") && !r->in_rph)))
			r->in_text = 1;
		else if (eq(name, "dimension") && (v = attr(nattr, a, "ref", &n)) != NULL) {
			const char *colon = memchr(v, ':', n);

			if (colon != NULL)
				r->dim_rows = ref_row(colon + 1, n - (size_t)(colon + 1 - v));
		}
		break;
	default:
		break;
	}
}

static void
x_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct il *r = ctx;

	(void)prefix, (void)uri;
	if (r->failed)
		return;
	if (r->mode == M_SST) {
		if (eq(name, "t"))
			r->in_text = 0;
		else if (eq(name, "rPh"))
			r->in_rph = 0;
		else if (eq(name, "si") && r->in_cell) {
			r->in_cell = 0;
			if (r->nsst >= IL_MAXSTRINGS) {
				fail(r, _("%s: more than %ld strings"), r->part, IL_MAXSTRINGS);
				return;
			}
			if (r->nsst == r->sst_alloc) {
				size_t k = r->sst_alloc ? r->sst_alloc * 2 : 1024;
				size_t *p = realloc(r->sst_off, k * sizeof *p);

				if (p == NULL) {
					fail(r, "%s", _("out of memory"));
					return;
				}
				r->sst_off = p;
				r->sst_alloc = k;
			}
			if (buf_room(&r->sst, &r->sst_cap, r->sst_len + r->cell_len + 1) != 0) {
				fail(r, "%s", _("out of memory"));
				return;
			}
			r->sst_off[r->nsst++] = r->sst_len;
			memcpy(r->sst + r->sst_len, r->cell, r->cell_len);
			r->sst_len += r->cell_len;
			r->sst[r->sst_len++] = '\0';
		}
		return;
	}
	if (r->mode != M_SHEET)
		return;
	if (eq(name, "v") || eq(name, "t"))
		r->in_text = 0;
	else if (eq(name, "rPh"))
		r->in_rph = 0;
	else if (eq(name, "c") && r->in_cell) {
		r->in_cell = 0;
		if (r->cell_col >= 0)
			sheet_cell_end(r);
	} else if (eq(name, "row") && r->in_row) {
		r->in_row = 0;
		row_push(r);
	}
}

static void
x_text(void *ctx, const xmlChar *s, int n)
{
	struct il *r = ctx;

	if (!r->failed && r->in_text && !r->in_rph && (r->mode == M_SST || r->cell_col >= 0))
		cell_add(r, (const char *)s, (size_t)n);
}

/* --- SAX callbacks of the HTML report --- */

static void
h_cell_end(struct il *r)
{
	if (!r->in_cell)
		return;
	r->in_cell = 0;
	if (row_set(&r->bld, r->cell_col, r->cell, r->cell_len, 0, 1) != 0)
		fail(r, "%s", _("out of memory"));
}

static void
h_row_end(struct il *r)
{
	h_cell_end(r);
	if (!r->in_row)
		return;
	r->in_row = 0;
	row_push(r);
}

static void
h_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct il *r = ctx;

	(void)attrs;
	if (r->failed)
		return;
	if (eq(name, "tr")) {
		h_row_end(r);
		if (++r->trs > IL_MAXROWS) {
			fail(r, _("more than %ld rows"), IL_MAXROWS);
			return;
		}
		r->in_row = 1;
		r->next_col = 0;
		row_clear(&r->bld);
		r->bld.line = r->trs;
	} else if ((eq(name, "td") || eq(name, "th")) && r->in_row) {
		h_cell_end(r);
		r->in_cell = 1;
		r->cell_len = 0;
		r->cell_col = r->next_col < IL_MAXCOLS ? r->next_col : -1;
		r->next_col++;
	} else if (eq(name, "br") && r->in_cell)
		cell_add(r, " ", 1);
}

static void
h_end(void *ctx, const xmlChar *name)
{
	struct il *r = ctx;

	if (r->failed)
		return;
	if (eq(name, "td") || eq(name, "th"))
		h_cell_end(r);
	else if (eq(name, "tr") || eq(name, "table"))
		h_row_end(r);
}

static void
h_text(void *ctx, const xmlChar *s, int n)
{
	struct il *r = ctx;

	if (!r->failed && r->in_cell)
		cell_add(r, (const char *)s, (size_t)n);
}

static void
h_enddoc(void *ctx)
{
	struct il *r = ctx;

	if (!r->failed)
		h_row_end(r);
}

/* --- the stream --- */

static void
stream_close(struct il *r)
{
	if (r->ctxt != NULL) {
		/* A DTD's entity declarations make the parser start a document. */
		if (r->ctxt->myDoc != NULL) {
			xmlFreeDoc(r->ctxt->myDoc);
			r->ctxt->myDoc = NULL;
		}
		if (r->kind == K_HTML && r->mode == M_HTML)
			htmlFreeParserCtxt(r->ctxt);
		else
			xmlFreeParserCtxt(r->ctxt);
		r->ctxt = NULL;
	}
	if (r->zf != NULL) {
		zip_fclose(r->zf);
		r->zf = NULL;
	}
}

static int
zip_fail(struct il *r, struct kt_err *e, const char *what)
{
	return kt_error_at(e, KT_EUSAGE, "from", "%s: %s: %s", r->path, what,
	    r->zip != NULL ? zip_strerror(r->zip) : "?");
}

/* Start parsing archive member name (mode) or the HTML file. */
static int
stream_open(struct il *r, enum il_mode mode, const char *name, long long cap,
    struct kt_err *e)
{
	xmlSAXHandler sax;

	stream_close(r);
	r->mode = mode;
	r->fed = 0;
	r->eof = 0;
	r->cap = cap;
	r->failed = 0;
	r->in_row = r->in_cell = r->in_text = r->in_rph = 0;
	r->row_r = 0;
	r->trs = 0;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.serror = quiet;
	if (mode == M_HTML) {
		struct stat st;

		snprintf(r->part, sizeof r->part, "%s", r->path);
		if (fseek(r->fp, 0, SEEK_SET) != 0 || fstat(fileno(r->fp), &st) != 0)
			return kt_error_at(e, KT_EFAIL, "from", "%s: %s", r->path, strerror(errno));
		r->size = st.st_size;
		sax.startElement = h_start;
		sax.endElement = h_end;
		sax.characters = h_text;
		sax.ignorableWhitespace = h_text;
		sax.cdataBlock = h_text;
		sax.endDocument = h_enddoc;
		r->ctxt = htmlCreatePushParserCtxt(&sax, r, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
		if (r->ctxt == NULL)
			return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		htmlCtxtUseOptions(r->ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
		return 0;
	} else {
		zip_stat_t zs;
		zip_int64_t i;

		snprintf(r->part, sizeof r->part, "%s", name);
		if ((i = zip_name_locate(r->zip, name, 0)) < 0 &&
		    (i = zip_name_locate(r->zip, name, ZIP_FL_NOCASE)) < 0)
			return KT_ENOTFOUND;
		if (zip_stat_index(r->zip, (zip_uint64_t)i, 0, &zs) != 0)
			return zip_fail(r, e, name);
		if ((zs.valid & ZIP_STAT_SIZE) && zs.size > (zip_uint64_t)cap)
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("%s: %s holds %llu bytes uncompressed, more than %lld: not a "
			    "file INLISLite writes"), r->path, name,
			    (unsigned long long)zs.size, cap);
		r->size = (zs.valid & ZIP_STAT_SIZE) ? (long long)zs.size : 0;
		if ((r->zf = zip_fopen_index(r->zip, (zip_uint64_t)i, 0)) == NULL)
			return zip_fail(r, e, name);
		sax.startElementNs = x_start;
		sax.endElementNs = x_end;
		sax.characters = x_text;
		sax.cdataBlock = x_text;
		r->ctxt = xmlCreatePushParserCtxt(&sax, r, NULL, 0, name);
		if (r->ctxt == NULL)
			return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
		xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING);
		return 0;
	}
}

/* Feed the parser one chunk; at the end of the input, tell it so. */
static int
feed(struct il *r, struct kt_err *e)
{
	char *buf = r->chunk;
	long long n;
	int rc;

	if (r->eof)
		return 0;
	if (r->kind == K_HTML && r->mode == M_HTML)
		n = (long long)fread(buf, 1, IL_CHUNK, r->fp);
	else if ((n = zip_fread(r->zf, buf, IL_CHUNK)) < 0)
		return kt_error_at(e, KT_EUSAGE, "from", "%s: %s: %s", r->path, r->part,
		    zip_file_strerror(r->zf));
	if (n < 0 || (r->fp != NULL && r->mode == M_HTML && ferror(r->fp)))
		return kt_error_at(e, KT_EFAIL, "from", "%s: %s", r->path, strerror(errno));
	r->fed += n;
	if (r->fed > r->cap)
		return kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: %s is larger than %lld bytes uncompressed: not a file INLISLite "
		    "writes"), r->path, r->part, r->cap);
	r->eof = n == 0;
	if (r->mode == M_HTML)
		rc = htmlParseChunk(r->ctxt, buf, (int)n, r->eof);
	else
		rc = xmlParseChunk(r->ctxt, buf, (int)n, r->eof);
	if (r->failed)
		return 0;	/* reported once the rows before it are taken */
	if (rc != 0 && r->mode != M_HTML) {
		const xmlError *x = xmlCtxtGetLastError(r->ctxt);

		fail(r, _("%s: %s is not well-formed XML (line %d)"), r->path, r->part,
		    x != NULL ? x->line : 0);
	}
	return 0;
}

/* Read a whole archive member through the callbacks of mode. */
static int
read_part(struct il *r, enum il_mode mode, const char *name, long long cap,
    struct kt_err *e)
{
	int rc;

	if ((rc = stream_open(r, mode, name, cap, e)) != 0)
		return rc;
	while (!r->eof && !r->failed)
		if ((rc = feed(r, e)) != 0)
			return rc;
	if (r->failed) {
		*e = r->perr;
		return r->perr.code;
	}
	return 0;
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
map_header(struct il *r, const struct il_row *h, struct kt_err *e)
{
	const struct il_hdr *t = r->kind == K_XLSX ? tmpl_hdrs : report_hdrs;
	size_t nt = r->kind == K_XLSX ? nitems(tmpl_hdrs) : nitems(report_hdrs);
	char norm[256];
	int c;
	size_t i;

	map_clear(r);
	r->hcols = h->ncols;
	for (c = 0; c < h->ncols; c++) {
		const char *s = cell(h, c);

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
		    r->kind == K_XLSX ? "NAMA" : "Anggota");
	return 0;
}

static int
is_report_header(const struct il_row *w)
{
	char norm[64];
	int c, hits = 0;

	for (c = 0; c < w->ncols; c++) {
		hnorm(cell(w, c), norm, sizeof norm);
		hits += strcmp(norm, "nomer anggota") == 0 || strcmp(norm, "anggota") == 0;
	}
	return hits == 2;
}

static int
row_blank(const struct il *r, const struct il_row *w)
{
	int c;

	for (c = 0; c < w->ncols; c++)
		if (w->off[c] != 0 && w->buf[w->off[c] - 1] != '\0' &&
		    (!r->header_done || c >= IL_MAXCOLS ||
		    (r->role[c] != R_NO && r->role[c] != R_REJECT)))
			return 0;
	return 1;
}

/* The next queued row into r->cur: 1, 0 at the end, or an error. */
static int
take(struct il *r, struct kt_err *e)
{
	int rc;

	while (r->qn == 0) {
		if (r->failed) {
			*e = r->perr;
			return r->perr.code;
		}
		if (r->eof)
			return 0;
		if ((rc = feed(r, e)) != 0)
			return rc;
	}
	row_swap(&r->cur, &r->q[r->qhead]);
	row_clear(&r->q[r->qhead]);
	r->qhead++;
	r->qn--;
	if (r->qn == 0)
		r->qhead = 0;
	return 1;
}

/* Start the sheet or the report and read up to its header. */
static int
start(struct il *r, struct kt_err *e)
{
	int rc;

	r->qhead = r->qn = 0;
	r->rows_done = 0;
	r->dim_rows = 0;
	if (r->kind == K_XLSX)
		rc = stream_open(r, M_SHEET, r->sheet_part, IL_MAXSHEET, e);
	else
		rc = stream_open(r, M_HTML, NULL, LLONG_MAX, e);
	if (rc == KT_ENOTFOUND)
		return kt_error_at(e, KT_EUSAGE, "from", _("%s: the archive has no %s"),
		    r->path, r->sheet_part);
	if (rc != 0)
		return rc;
	r->header_done = 0;
	r->ntitle = 0;
	for (;;) {
		if ((rc = take(r, e)) < 0)
			return rc;
		if (rc == 0)
			return kt_error_at(e, KT_EUSAGE, "from", r->kind == K_XLSX ?
			    _("%s: the sheet Sheet1 is empty: no header row") :
			    _("%s: no header row of INLISLite's member report (Nomer Anggota, "
			    "Anggota, ...)"), r->path);
		if (r->kind == K_XLSX ? !row_blank(r, &r->cur) : is_report_header(&r->cur))
			break;
		if (r->kind == K_HTML) {
			if (r->ntitle == IL_MAXTITLE)
				return kt_error_at(e, KT_EUSAGE, "from",
				    _("%s: no header row of INLISLite's member report in its "
				    "first %d rows"), r->path, IL_MAXTITLE);
			row_copy(&r->title[r->ntitle++], &r->cur);
		}
	}
	row_copy(&r->header, &r->cur);
	if ((rc = map_header(r, &r->header, e)) != 0)
		return rc;
	r->header_done = 1;
	return 0;
}

static int
open_xlsx(struct il *r, struct kt_err *e)
{
	char names[400];
	size_t n = 0;
	int i, rc, err = 0;

	if ((r->zip = zip_open(r->path, ZIP_RDONLY, &err)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, err);
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: not a readable .xlsx archive (%s)"), r->path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	if ((rc = read_part(r, M_WORKBOOK, "xl/workbook.xml", IL_MAXPART, e)) != 0)
		return rc == KT_ENOTFOUND ? kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: a zip archive without xl/workbook.xml: not an .xlsx file"),
		    r->path) : rc;
	for (i = 0; i < r->nsheets && strcmp(r->sheets[i].name, "Sheet1") != 0; i++)
		;
	if (i == r->nsheets) {
		int k;

		names[0] = '\0';
		for (k = 0; k < r->nsheets && n + 4 < sizeof names; k++)
			n += (size_t)snprintf(names + n, sizeof names - n, "%s'%s'",
			    k ? ", " : "", r->sheets[k].name);
		return kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: no sheet named Sheet1, which INLISLite's template has (sheets: %s)"),
		    r->path, r->nsheets ? names : "-");
	}
	r->want_rid = r->sheets[i].rid;
	if ((rc = read_part(r, M_RELS, "xl/_rels/workbook.xml.rels", IL_MAXPART, e)) != 0 &&
	    rc != KT_ENOTFOUND)
		return rc;
	r->want_rid = NULL;
	if (r->target[0] == '\0')
		snprintf(r->sheet_part, sizeof r->sheet_part, "xl/worksheets/sheet%d.xml", i + 1);
	else if (r->target[0] == '/')
		snprintf(r->sheet_part, sizeof r->sheet_part, "%s", r->target + 1);
	else
		snprintf(r->sheet_part, sizeof r->sheet_part, "xl/%s", r->target);
	if (r->sst_part[0] == '\0')
		snprintf(r->sst_part, sizeof r->sst_part, "xl/sharedStrings.xml");
	if ((rc = read_part(r, M_SST, r->sst_part, IL_MAXSST, e)) != 0 && rc != KT_ENOTFOUND)
		return rc;
	return start(r, e);
}

static void
il_close(struct lg_reader *lr)
{
	struct il *r = (struct il *)lr;
	size_t i;
	int k;

	if (r == NULL)
		return;
	stream_close(r);
	if (r->zip != NULL)
		zip_discard(r->zip);
	if (r->fp != NULL)
		fclose(r->fp);
	for (i = 0; i < r->qcap; i++)
		row_free(&r->q[i]);
	free(r->q);
	row_free(&r->bld);
	row_free(&r->cur);
	row_free(&r->header);
	for (k = 0; k < IL_MAXTITLE; k++)
		row_free(&r->title[k]);
	free(r->sst);
	free(r->sst_off);
	free(r->cell);
	free(r->chunk);
	free(r->ob);
	free(r->path);
	free(r);
}

static int
il_open(const char *path, const struct lg_opts *o, struct lg_reader **out, struct kt_err *e)
{
	unsigned char magic[8] = { 0 };
	struct il *r;
	size_t n;
	int rc;

	(void)o;
	*out = NULL;
	xmlInitParser();
	if ((r = calloc(1, sizeof *r)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	if ((r->path = strdup(path)) == NULL || (r->cell = malloc(IL_MAXCELL + 1)) == NULL ||
	    (r->chunk = malloc(IL_CHUNK)) == NULL) {
		il_close(&r->base);
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	}
	map_clear(r);
	if ((r->fp = fopen(path, "rb")) == NULL) {
		rc = kt_error_at(e, KT_EFAIL, "from", "%s: %s", path, strerror(errno));
		goto out;
	}
	n = fread(magic, 1, sizeof magic, r->fp);
	if (n >= 4 && memcmp(magic, "PK\3\4", 4) == 0) {
		r->kind = K_XLSX;
		fclose(r->fp);
		r->fp = NULL;
		rc = open_xlsx(r, e);
	} else if (n == 8 && memcmp(magic, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: an Excel 97-2003 workbook: save it as .xlsx (Excel Workbook) "
		    "and import that"), path);
	} else if (n >= 2 && magic[0] == 'P' && magic[1] == 'K') {
		rc = kt_error_at(e, KT_EUSAGE, "from",
		    _("%s: not a readable .xlsx archive (%s)"), path, "PK");
	} else {
		r->kind = K_HTML;
		rc = start(r, e);
	}
out:
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
	return start((struct il *)lr, e);
}

static void
il_progress(const struct lg_reader *lr, long long *done, long long *total)
{
	const struct il *r = (const struct il *)lr;

	*done = r->rows_done;
	if (r->kind == K_XLSX && r->dim_rows > 1)
		*total = r->dim_rows - 1;
	else if (r->fed > 0 && r->size > 0)
		*total = (long long)((double)r->rows_done * (double)r->size / (double)r->fed);
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
	const char *s = cell(&r->cur, col);
	char d[16];
	int rc = parse_date(s, col >= 0 && r->cur.num[col], r->date1904, d);

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
	const char *s = cell(&r->cur, col);
	char b[64];

	if (col >= 0 && r->cur.num[col] && *s != '\0') {
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
	const char *type = cell(&r->cur, r->col[R_IDTYPE]);
	const char *no = cell(&r->cur, r->col[R_IDNO]);
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
	if (r->col[R_IDNO] >= 0 && r->cur.num[r->col[R_IDNO]]) {
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
	const char *a = cell(&r->cur, addr), *t = cell(&r->cur, rt), *w = cell(&r->cur, rw);
	const char *parts[3] = { cell(&r->cur, kel), cell(&r->cur, kec), cell(&r->cur, kab) };
	static const char *const pre[3] = { "Kel. ", "Kec. ", "" };
	char rtb[32], rwb[32];
	int i;

	if (rt >= 0 && r->cur.num[rt])
		num_text(t, rtb, sizeof rtb), t = rtb;
	if (rw >= 0 && r->cur.num[rw])
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
	const char *s = cell(&r->cur, r->col[R_TTL]), *amp = strrchr(s, '&');
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
	const char *s = cell(&r->cur, col);
	char b[64];

	if (col >= 0 && r->cur.num[col] && *s != '\0') {
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
		if ((rc = take(r, e)) <= 0)
			return rc;
	} while (row_blank(r, &r->cur));
	r->rows_done++;
	row->line = r->cur.line;
	r->ob_len = 0;
	if (buf_room(&r->ob, &r->ob_cap, 3 * r->cur.len + 4096) != 0)
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	take_plain(r, row, LG_LEGACY_NO, col[R_MEMBERNO]);
	set(r, row, LG_NAME, cell(&r->cur, col[R_NAME]));
	take_sex(r, row, cell(&r->cur, col[R_SEX]));
	if (r->kind == K_XLSX) {
		set(r, row, LG_BIRTH_PLACE, cell(&r->cur, col[R_BPLACE]));
		take_date(r, row, LG_BIRTH_DATE, "birth_date", col[R_BDATE]);
		if (*cell(&r->cur, col[R_ADDR]) != '\0' || *cell(&r->cur, col[R_ADDR_NOW]) == '\0')
			join_address(r, row, col[R_ADDR], col[R_RT], col[R_RW], col[R_KEL],
			    col[R_KEC], col[R_KAB]);
		else
			join_address(r, row, col[R_ADDR_NOW], col[R_RT_NOW], col[R_RW_NOW],
			    col[R_KEL_NOW], col[R_KEC_NOW], col[R_KAB_NOW]);
		take_phone(r, row, LG_PHONE2, col[R_TELP]);
		take_date(r, row, LG_REGISTERED_ON, "registered_on", col[R_REG]);
		set(r, row, LG_INSTITUTION, cell(&r->cur, col[R_INST]));
	} else {
		char d[16];

		take_ttl(r, row);
		join_address(r, row, col[R_ADDR], -1, -1, -1, -1, col[R_KAB]);
		if (parse_date(cell(&r->cur, col[R_PERIOD]), 0, 0, d) > 0)
			set(r, row, LG_REGISTERED_ON, d);
	}
	take_phone(r, row, LG_PHONE, col[R_HP]);
	take_nik(r, row);
	set(r, row, LG_EMAIL, cell(&r->cur, col[R_EMAIL]));
	set(r, row, LG_TYPE, cell(&r->cur, col[R_TYPE]));
	take_date(r, row, LG_EXPIRES_ON, "expires_on", col[R_END]);
	return 1;
}

/* --- rejects --- */

/* s for XML or HTML text: & < > " escaped, characters XML 1.0 forbids
 * dropped. */
static void
put_escaped(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			fputc(c, f);
	}
}

static void
col_name(int c, char *out)
{
	char t[8];
	int n = 0;

	c++;
	while (c > 0) {
		t[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (n > 0)
		*out++ = t[--n];
	*out = '\0';
}

/* One cell of a rejects sheet. */
static void
x_cell(FILE *f, int c, long row, const char *s, int num)
{
	char ref[8];

	col_name(c, ref);
	if (num)
		fprintf(f, "<c r=\"%s%ld\"><v>", ref, row);
	else
		fprintf(f, "<c r=\"%s%ld\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref, row);
	put_escaped(f, s);
	fputs(num ? "</v></c>" : "</t></is></c>", f);
}

/* The row w (a row of the input) with the line and the problems after it. */
static void
write_row(struct il_rejects *j, const struct il_row *w, const char *line,
    const char *problems, int header)
{
	struct il *r = j->r;
	long n = j->rows + 1;
	int c, o = 0;

	if (r->kind == K_XLSX)
		fprintf(j->fp, "<row r=\"%ld\">", n);
	else
		fputs("<tr>", j->fp);
	for (c = 0; c < r->hcols; c++) {
		if (r->role[c] == R_REJECT)
			continue;
		if (r->kind == K_XLSX) {
			if (c < w->ncols && w->off[c] != 0)
				x_cell(j->fp, o, n, cell(w, c), w->num[c]);
		} else {
			fputs(header ? "<th>" : "<td>", j->fp);
			put_escaped(j->fp, cell(w, c));
			fputs(header ? "</th>" : "</td>", j->fp);
		}
		o++;
	}
	if (r->kind == K_XLSX) {
		x_cell(j->fp, o, n, line, !header);
		x_cell(j->fp, o + 1, n, problems, 0);
		fputs("</row>\n", j->fp);
	} else {
		fprintf(j->fp, "%s%s%s", header ? "<th>" : "<td>", line,
		    header ? "</th>" : "</td>");
		fputs(header ? "<th>" : "<td>", j->fp);
		put_escaped(j->fp, problems);
		fputs(header ? "</th></tr>\n" : "</td></tr>\n", j->fp);
	}
	j->rows++;
}

static int
il_rejects_open(struct lg_reader *lr, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	struct il *r = (struct il *)lr;
	struct il_rejects *j;
	int k, c;

	*out = NULL;
	if ((j = calloc(1, sizeof *j)) == NULL || (j->path = strdup(path)) == NULL) {
		free(j);
		return kt_error(e, KT_EFAIL, "%s", _("out of memory"));
	}
	j->r = r;
	j->fp = r->kind == K_XLSX ? tmpfile() : fopen(path, "w");
	if (j->fp == NULL) {
		k = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", path, strerror(errno));
		free(j->path);
		free(j);
		return k;
	}
	if (r->kind == K_XLSX) {
		FILE *t = fopen(path, "w");	/* fail now, not after the import */

		if (t == NULL) {
			k = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", path, strerror(errno));
			fclose(j->fp);
			free(j->path);
			free(j);
			return k;
		}
		fclose(t);
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		    "<sheetData>\n", j->fp);
	} else {
		fputs("<html><head><meta charset=\"utf-8\"></head><body>\n"
		    "<table border=\"1\">\n", j->fp);
		for (k = 0; k < r->ntitle; k++) {
			fputs("<tr>", j->fp);
			for (c = 0; c < r->title[k].ncols; c++) {
				fprintf(j->fp, "<th colspan=\"%d\">", r->hcols + 2);
				put_escaped(j->fp, cell(&r->title[k], c));
				fputs("</th>", j->fp);
			}
			fputs("</tr>\n", j->fp);
		}
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

	snprintf(line, sizeof line, "%ld", row->line);
	write_row(j, &j->r->cur, line, problems, 0);
	if (ferror(j->fp))
		return kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", j->path, strerror(errno));
	return 0;
}

static const char ct_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "</Types>\n";
static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n";
static const char wb_rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>\n";
static const char wb_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "%s<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n";

static int
add_part(zip_t *z, const char *name, const char *data)
{
	zip_source_t *s = zip_source_buffer(z, data, strlen(data), 0);

	if (s == NULL)
		return -1;
	if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

static int
il_rejects_close(struct lg_rejects *lj, struct kt_err *e)
{
	struct il_rejects *j = (struct il_rejects *)lj;
	char wb[sizeof wb_xml + 64];
	zip_t *z = NULL;
	zip_source_t *s;
	long len;
	int rc = 0, err;

	if (j->r->kind == K_HTML) {
		fputs("</table>\n</body></html>\n", j->fp);
		if (fclose(j->fp) != 0)
			rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", j->path, strerror(errno));
		j->fp = NULL;
		goto out;
	}
	fputs("</sheetData></worksheet>\n", j->fp);
	if (fflush(j->fp) != 0 || ferror(j->fp)) {
		rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", j->path, strerror(errno));
		goto out;
	}
	snprintf(wb, sizeof wb, wb_xml, j->r->date1904 ? "<workbookPr date1904=\"1\"/>" : "");
	if ((z = zip_open(j->path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		rc = kt_error_at(e, KT_EFAIL, "rejects", _("%s: cannot write the archive"),
		    j->path);
		goto out;
	}
	if (add_part(z, "[Content_Types].xml", ct_xml) != 0 ||
	    add_part(z, "_rels/.rels", rels_xml) != 0 ||
	    add_part(z, "xl/workbook.xml", wb) != 0 ||
	    add_part(z, "xl/_rels/workbook.xml.rels", wb_rels_xml) != 0)
		goto zfail;
	len = ftell(j->fp);
	rewind(j->fp);
	if (len < 0 || (s = zip_source_filep(z, j->fp, 0, len)) == NULL)
		goto zfail;
	j->fp = NULL;		/* the source closes it */
	if (zip_file_add(z, "xl/worksheets/sheet1.xml", s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		goto zfail;
	}
	if (zip_close(z) != 0)
		goto zfail;
	z = NULL;
	goto out;
zfail:
	rc = kt_error_at(e, KT_EFAIL, "rejects", "%s: %s", j->path, zip_strerror(z));
out:
	if (z != NULL)
		zip_discard(z);
	if (j->fp != NULL)
		fclose(j->fp);
	free(j->path);
	free(j);
	return rc;
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
	.reject = il_reject,
	.rejects_close = il_rejects_close,
};
