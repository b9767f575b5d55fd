/*
 * legacy-csv.c - kartu's own CSV as a reader of legacy.h (lg_csv_ops): the
 * header names the columns, in any order, in English or Indonesian; the
 * separator is found from the header (or given); dates are YYYY-MM-DD,
 * DD-MM-YYYY or DD/MM/YYYY (day first: kartu's documented CSV), or the order
 * lg_opts.dates says.  Its rejects file is the same CSV with the columns
 * LG_REJECT_LINE and LG_REJECT_PROBLEMS added, which this reader skips when
 * the file is read again.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "legacy-int.h"

static const struct {
	enum lg_field f;
	const char *name;
} columns[] = {
	{ LG_NAME, "name" }, { LG_NAME, "nama" },
	{ LG_BIRTH_PLACE, "birth_place" }, { LG_BIRTH_PLACE, "tempat_lahir" },
	{ LG_BIRTH_DATE, "birth_date" }, { LG_BIRTH_DATE, "tanggal_lahir" },
	{ LG_SEX, "sex" }, { LG_SEX, "jenis_kelamin" },
	{ LG_ADDRESS, "address" }, { LG_ADDRESS, "alamat" },
	{ LG_PHONE, "phone" }, { LG_PHONE, "telepon" }, { LG_PHONE, "hp" },
	{ LG_PHONE2, "phone2" }, { LG_PHONE2, "telepon_rumah" },
	{ LG_EMAIL, "email" },
	{ LG_TYPE, "category" }, { LG_TYPE, "kategori" },
	{ LG_NIK, "nik" },
	{ LG_INSTITUTION, "institution" }, { LG_INSTITUTION, "instansi" },
	{ LG_GUARDIAN, "guardian" }, { LG_GUARDIAN, "wali" },
	{ LG_LEGACY_NO, "legacy_no" }, { LG_LEGACY_NO, "nomor_lama" },
	{ LG_REGISTERED_ON, "registered_on" }, { LG_REGISTERED_ON, "tanggal_daftar" },
	{ LG_EXPIRES_ON, "expires_on" }, { LG_EXPIRES_ON, "berlaku_sampai" },
	{ LG_NOTES, "notes" }, { LG_NOTES, "catatan" },
};

/* The columns a file must have: the rest may be missing from old records. */
static const enum lg_field required[] = { LG_NAME, LG_SEX, LG_TYPE };

#define NDATES 3	/* LG_BIRTH_DATE, LG_REGISTERED_ON, LG_EXPIRES_ON */

struct lg_csv {
	struct lg_reader base;
	FILE *f;
	long long size;
	int map[LG_COUNT];		/* the field each column of kartu's is in, or -1 */
	int nhdr;			/* the header's fields, the rejects' columns left out */
	int keep[CSV_MAX_FIELDS];	/* the header's fields, in order, that are not those */
	int nraw;			/* the header's fields, all */
	char *hdr[CSV_MAX_FIELDS];	/* their names as written */
	char date[NDATES][11];
	struct csv c;
};

struct lg_csv_rejects {
	struct lg_rejects base;
	FILE *f;
	char *path;
};

/* A header name as a key: lower case, spaces as '_'. */
static void
key(const char *s, char *out, size_t len)
{
	size_t k;

	for (k = 0; s[k] != '\0' && k + 1 < len; k++)
		out[k] = s[k] == ' ' ? '_' : (char)tolower((unsigned char)s[k]);
	out[k] = '\0';
}

static int
header(struct lg_csv *r, struct kt_err *e)
{
	struct csv *c = &r->c;
	char low[64];
	size_t i;
	int f;

	for (i = 0; i < LG_COUNT; i++)
		r->map[i] = -1;
	r->nraw = c->nfields;
	for (f = 0; f < c->nfields; f++) {
		if ((r->hdr[f] = strdup(c->field[f])) == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(errno));
		key(c->field[f], low, sizeof low);
		if (strcmp(low, LG_REJECT_LINE) == 0 || strcmp(low, LG_REJECT_PROBLEMS) == 0)
			continue;
		r->keep[r->nhdr++] = f;
		for (i = 0; i < nitems(columns); i++)
			if (strcmp(low, columns[i].name) == 0)
				break;
		if (i == nitems(columns))
			return kt_error(e, KT_EUSAGE, _("line %ld: unknown column"
			    " '%.40s'"), c->line, c->field[f]);
		if (r->map[columns[i].f] != -1)
			return kt_error(e, KT_EUSAGE, _("line %ld: column '%.40s'"
			    " twice"), c->line, c->field[f]);
		r->map[columns[i].f] = f;
	}
	for (i = 0; i < nitems(required); i++)
		if (r->map[required[i]] == -1)
			return kt_error(e, KT_EUSAGE, _("line %ld: no column '%s'"),
			    c->line, lg_field_name(required[i]));
	return 0;
}

static int
start(struct lg_csv *r, struct kt_err *e)
{
	int rc;

	csv_init(&r->c, r->f);
	r->c.sep = r->base.opts.sep;
	if ((rc = csv_read(&r->c, e)) < 0)
		return rc;
	if (rc == 0)
		return kt_error(e, KT_EUSAGE, _("the file is empty"));
	return 0;
}

static void
csv_close(struct lg_reader *base)
{
	struct lg_csv *r = (struct lg_csv *)base;
	int i;

	if (r->f != NULL)
		fclose(r->f);
	for (i = 0; i < r->nraw; i++)
		free(r->hdr[i]);
	free(r);
}

static int
csv_open(const char *path, const struct lg_opts *o, struct lg_reader **out, struct kt_err *e)
{
	struct lg_csv *r;
	struct stat sb;
	int rc;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	r->base.opts = *o;
	if ((r->f = fopen(path, "r")) == NULL) {
		rc = kt_error(e, KT_EUSAGE, _("cannot read %s: %s"), path,
		    strerror(errno));
		goto fail;
	}
	if (fstat(fileno(r->f), &sb) == 0)
		r->size = (long long)sb.st_size;
	if ((rc = start(r, e)) != 0 || (rc = header(r, e)) != 0)
		goto fail;
	*out = &r->base;
	return 0;
fail:
	csv_close(&r->base);
	return rc;
}

static int
two(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]);
}

/* s as YYYY-MM-DD into buf when it has the shape of a date in the order
 * dates says (the default: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY), else NULL.
 * Whether it is a day of the calendar is the engine's question. */
static const char *
iso(const char *s, enum lg_dates dates, char *buf)
{
	char sep;

	if (strlen(s) != 10)
		return NULL;
	if (two(s) && two(s + 2) && s[4] == '-' && two(s + 5) && s[7] == '-' && two(s + 8)) {
		if (dates == LG_DATES_DEFAULT || dates == LG_DATES_ISO) {
			memcpy(buf, s, 11);
			return buf;
		}
		return NULL;
	}
	if (!two(s) || !two(s + 3) || !two(s + 6) || !two(s + 8) || s[2] != s[5])
		return NULL;
	sep = s[2];
	switch (dates) {
	case LG_DATES_DEFAULT:
		if (sep != '-' && sep != '/')
			return NULL;
		break;
	case LG_DATES_METRIC:
		if (sep != '/')
			return NULL;
		break;
	case LG_DATES_DMYDOT:
		if (sep != '.')
			return NULL;
		break;
	case LG_DATES_US:
		if (sep != '/')
			return NULL;
		snprintf(buf, 11, "%.4s-%.2s-%.2s", s + 6, s, s + 3);
		return buf;
	default:
		return NULL;
	}
	snprintf(buf, 11, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	return buf;
}

static const char *const date_forms[] = {
	[LG_DATES_DEFAULT] = "YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY",
	[LG_DATES_ISO] = "YYYY-MM-DD", [LG_DATES_US] = "MM/DD/YYYY",
	[LG_DATES_METRIC] = "DD/MM/YYYY", [LG_DATES_DMYDOT] = "DD.MM.YYYY",
};

static int
csv_next(struct lg_reader *base, struct lg_row *row, struct kt_err *e)
{
	static const enum lg_field datef[NDATES] = {
		LG_BIRTH_DATE, LG_REGISTERED_ON, LG_EXPIRES_ON
	};
	struct lg_csv *r = (struct lg_csv *)base;
	struct csv *c = &r->c;
	const char *v, *d;
	int rc, i, k;

	memset(row, 0, sizeof *row);
	if ((rc = csv_read(c, e)) != 1)
		return rc;
	row->line = c->line;
	for (i = 0; i < LG_COUNT; i++) {
		if (r->map[i] < 0 || r->map[i] >= c->nfields)
			continue;
		for (v = c->field[r->map[i]]; *v == ' '; v++)
			;
		row->v[i] = *v != '\0' ? v : NULL;
	}
	/* A field without a column would be lost without a word: a separator
	 * inside an unquoted value, or a shifted row. */
	if (c->nfields > r->nraw)
		kt_problem(&row->problems, KT_EUSAGE, "fields", _("%d fields, the header has"
		    " only %d"), c->nfields, r->nraw);
	for (k = 0; k < NDATES; k++) {
		if ((v = row->v[datef[k]]) == NULL)
			continue;
		if (strcmp(v, "0000-00-00") == 0)
			row->v[datef[k]] = NULL;
		else if ((d = iso(v, base->opts.dates, r->date[k])) != NULL)
			row->v[datef[k]] = d;
		else
			kt_problem(&row->problems, KT_EUSAGE, lg_field_name(datef[k]),
			    _("'%.40s' is no date (%s)"), v, date_forms[base->opts.dates <
			    nitems(date_forms) ? base->opts.dates : 0]);
	}
	return 1;
}

static int
csv_rewind(struct lg_reader *base, struct kt_err *e)
{
	struct lg_csv *r = (struct lg_csv *)base;

	if (fseek(r->f, 0, SEEK_SET) != 0)
		return kt_error(e, KT_EFAIL, _("cannot read the file again: %s"),
		    strerror(errno));
	return start(r, e);
}

static void
csv_progress(const struct lg_reader *base, long long *done, long long *total)
{
	const struct lg_csv *r = (const struct lg_csv *)base;
	long pos = ftell(r->f);

	*done = pos > 0 ? pos : 0;
	*total = r->size;
}

static int
csv_rejects_open(struct lg_reader *base, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	struct lg_csv *r = (struct lg_csv *)base;
	struct lg_csv_rejects *rj;
	int i;

	if ((rj = calloc(1, sizeof *rj)) == NULL || (rj->path = strdup(path)) == NULL) {
		free(rj);
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	}
	if ((rj->f = lg_create_private(path)) == NULL) {
		kt_error_at(e, KT_EFAIL, "rejects", _("cannot write %s: %s"), path,
		    strerror(errno));
		free(rj->path);
		free(rj);
		return KT_EFAIL;
	}
	for (i = 0; i < r->nhdr; i++) {
		csv_put(rj->f, r->hdr[r->keep[i]], r->c.sep);
		putc(r->c.sep, rj->f);
	}
	fprintf(rj->f, "%s%c%s\n", LG_REJECT_LINE, r->c.sep, LG_REJECT_PROBLEMS);
	*out = &rj->base;
	return 0;
}

static int
csv_reject(struct lg_rejects *base, const struct lg_row *row, const char *problems,
    struct kt_err *e)
{
	struct lg_csv_rejects *rj = (struct lg_csv_rejects *)base;
	struct lg_csv *r = (struct lg_csv *)base->r;
	struct csv *c = &r->c;
	int i, f;

	for (i = 0; i < r->nhdr; i++) {
		f = r->keep[i];
		csv_put(rj->f, f < c->nfields ? c->field[f] : "", c->sep);
		putc(c->sep, rj->f);
	}
	/* The fields beyond the header (a problem of the row) are kept too. */
	for (f = r->nraw; f < c->nfields; f++) {
		csv_put(rj->f, c->field[f], c->sep);
		putc(c->sep, rj->f);
	}
	fprintf(rj->f, "%ld%c", row->line, c->sep);
	/* The problems may quote a value: a spreadsheet must not run it as a
	 * formula (the column is ours and skipped when read again). */
	if (problems[0] != '\0' && strchr("=+-@", problems[0]) != NULL) {
		char *q = malloc(strlen(problems) + 2);

		if (q == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(errno));
		q[0] = '\'';
		strcpy(q + 1, problems);
		csv_put(rj->f, q, c->sep);
		free(q);
	} else
		csv_put(rj->f, problems, c->sep);
	putc('\n', rj->f);
	return 0;
}

static int
csv_rejects_close(struct lg_rejects *base, struct kt_err *e)
{
	struct lg_csv_rejects *rj = (struct lg_csv_rejects *)base;
	int rc = 0;

	if (ferror(rj->f) | (fclose(rj->f) != 0))
		rc = kt_error_at(e, KT_EFAIL, "rejects", _("cannot write %s: %s"), rj->path,
		    strerror(errno));
	free(rj->path);
	free(rj);
	return rc;
}

/* The header's name of the column, as written. */
static const char *
csv_column(const struct lg_reader *base, enum lg_field f)
{
	const struct lg_csv *r = (const struct lg_csv *)base;

	return r->map[f] >= 0 ? r->hdr[r->map[f]] : NULL;
}

const struct lg_ops lg_csv_ops = {
	LG_CSV, "csv", csv_open, csv_next, csv_rewind, csv_progress, csv_close,
	csv_rejects_open, csv_reject, csv_rejects_close, csv_column,
};
