/*
 * import.c - members from another system's CSV (see import.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "operator.h"
#include "csv.h"
#include "import.h"
#include "memberno.h"
#include "proc.h"
#include "rules.h"

enum col {
	C_NAME, C_BIRTH_PLACE, C_BIRTH_DATE, C_SEX, C_ADDRESS, C_PHONE, C_CATEGORY,
	C_NIK, C_INSTITUTION, C_GUARDIAN, C_LEGACY, C_EXPIRES, C_COUNT
};
#define C_REQUIRED C_NIK	/* the columns before this one must be there */

static const struct {
	enum col col;
	const char *name;
} names[] = {
	{ C_NAME, "name" }, { C_NAME, "nama" },
	{ C_BIRTH_PLACE, "birth_place" }, { C_BIRTH_PLACE, "tempat_lahir" },
	{ C_BIRTH_DATE, "birth_date" }, { C_BIRTH_DATE, "tanggal_lahir" },
	{ C_SEX, "sex" }, { C_SEX, "jenis_kelamin" },
	{ C_ADDRESS, "address" }, { C_ADDRESS, "alamat" },
	{ C_PHONE, "phone" }, { C_PHONE, "telepon" }, { C_PHONE, "hp" },
	{ C_CATEGORY, "category" }, { C_CATEGORY, "kategori" },
	{ C_NIK, "nik" },
	{ C_INSTITUTION, "institution" }, { C_INSTITUTION, "instansi" },
	{ C_GUARDIAN, "guardian" }, { C_GUARDIAN, "wali" },
	{ C_LEGACY, "legacy_no" }, { C_LEGACY, "nomor_lama" },
	{ C_EXPIRES, "expires_on" }, { C_EXPIRES, "berlaku_sampai" },
};

static const char *const required[C_REQUIRED] = {
	"name", "birth_place", "birth_date", "sex", "address", "phone", "category",
};

/* The header: which field holds which column. */
static int
map_header(const struct csv *c, int map[C_COUNT], struct kt_err *e)
{
	char low[64];
	size_t i, k;
	int f;

	for (i = 0; i < C_COUNT; i++)
		map[i] = -1;
	for (f = 0; f < c->nfields; f++) {
		for (k = 0; c->field[f][k] != '\0' && k + 1 < sizeof low; k++)
			low[k] = c->field[f][k] == ' ' ? '_' :
			    (char)tolower((unsigned char)c->field[f][k]);
		low[k] = '\0';
		for (i = 0; i < nitems(names); i++)
			if (strcmp(low, names[i].name) == 0)
				break;
		if (i == nitems(names))
			return kt_error(e, KT_EUSAGE, _("line 1: unknown column '%.40s'"),
			    c->field[f]);
		if (map[names[i].col] != -1)
			return kt_error(e, KT_EUSAGE, _("line 1: column '%.40s' twice"),
			    c->field[f]);
		map[names[i].col] = f;
	}
	for (i = 0; i < C_REQUIRED; i++)
		if (map[i] == -1)
			return kt_error(e, KT_EUSAGE, _("line 1: no column '%s'"), required[i]);
	return 0;
}

/* A date as YYYY-MM-DD from YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY. */
static const char *
iso_date(const char *s, char *buf, size_t len)
{
	if (strlen(s) == 10 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    (s[2] == '-' || s[2] == '/') && s[5] == s[2]) {
		snprintf(buf, len, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
		return buf;
	}
	return s;
}

static const char *
get(const struct csv *c, const int map[C_COUNT], enum col k)
{
	const char *v;

	if (map[k] < 0 || map[k] >= c->nfields)
		return NULL;
	v = c->field[map[k]];
	while (*v == ' ')
		v++;
	return *v != '\0' ? v : NULL;
}

/* The problems of the row on line (a form's, err.h) as one message naming
 * the line and each problem's column. */
static void
row_error(struct kt_err *e, int rc, long line)
{
	char msg[sizeof e->msg];
	size_t len = 0;
	int i;

	if (e == NULL)
		return;
	msg[0] = '\0';
	if (e->nproblems <= 1 && e->field[0] == '\0')
		snprintf(msg, sizeof msg, "%s", e->msg);
	else if (e->nproblems <= 1)
		snprintf(msg, sizeof msg, _("%s (column %s)"), e->msg, e->field);
	else
		for (i = 0; i < e->nproblems && i < KT_PROBLEMS && len < sizeof msg; i++) {
			len += (size_t)snprintf(msg + len, sizeof msg - len, "%s", i > 0 ? "; " :
			    "");
			if (len < sizeof msg)
				len += (size_t)snprintf(msg + len, sizeof msg - len,
				    _("%s (column %s)"), e->problems[i].msg, e->problems[i].field);
		}
	kt_error(e, rc, _("line %ld: %s"), line, msg);
}

int
import_members(struct store *st, FILE *f, const char *op, const struct import_opts *o,
    struct import_stats *out, struct kt_err *e)
{
	static struct csv c;	/* 16 KiB: not on the stack */
	struct kt_form form;
	char birth[11], expires[11], mno[MEMBERNO_MAX];
	long long opid;
	int map[C_COUNT], rc, header_fields, duplicate;

	memset(out, 0, sizeof *out);
	if ((rc = operator_require(st, op, "admin", _("import members"), &opid, e)) != 0)
		return rc;
	csv_init(&c, f);
	if ((rc = csv_read(&c, e)) < 0)
		return rc;
	if (rc == 0)
		return kt_error(e, KT_EUSAGE, _("the file is empty"));
	if ((rc = map_header(&c, map, e)) != 0)
		return rc;
	header_fields = c.nfields;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	while ((rc = csv_read(&c, e)) == 1) {
		const char *exp = get(&c, map, C_EXPIRES);

		out->rows++;
		if (c.nfields != 1 && c.nfields < map[C_CATEGORY] + 1) {
			rc = kt_error(e, KT_EUSAGE, _("line %ld: %d fields, the header has more"),
			    c.line, c.nfields);
			break;
		}
		/* A field without a column would be lost without a word: a
		 * separator inside an unquoted value, or a shifted row. */
		if (c.nfields > header_fields) {
			rc = kt_error(e, KT_EUSAGE, _("line %ld: %d fields, the header has only %d"),
			    c.line, c.nfields, header_fields);
			break;
		}
		memset(&form, 0, sizeof form);
		form.name = get(&c, map, C_NAME);
		form.birth_place = get(&c, map, C_BIRTH_PLACE);
		form.birth_date = get(&c, map, C_BIRTH_DATE);
		if (form.birth_date != NULL)
			form.birth_date = iso_date(form.birth_date, birth, sizeof birth);
		form.sex = get(&c, map, C_SEX);
		form.address = get(&c, map, C_ADDRESS);
		form.phone = get(&c, map, C_PHONE);
		form.category = get(&c, map, C_CATEGORY);
		form.nik = get(&c, map, C_NIK);
		form.institution = get(&c, map, C_INSTITUTION);
		form.guardian = get(&c, map, C_GUARDIAN);
		form.legacy_no = get(&c, map, C_LEGACY);
		if (exp != NULL)
			exp = iso_date(exp, expires, sizeof expires);
		/* Checked as kartu apply checks a form (form.c): what the old
		 * record lacks (a paud-tk member's guardian) refuses the row,
		 * naming the column; it is never let through. */
		rc = proc_import(st, &form, exp, opid, mno, &duplicate, e);
		if (rc == KT_EREFUSED && duplicate && o->skip_dupes) {
			out->skipped++;
			if (o->skipped != NULL)
				o->skipped(c.line, e != NULL ? e->msg : "", o->arg);
			continue;
		}
		if (rc != 0) {
			row_error(e, rc, c.line);
			break;
		}
		if (out->imported++ == 0)
			snprintf(out->first_member, sizeof out->first_member, "%s", mno);
		snprintf(out->last_member, sizeof out->last_member, "%s", mno);
		if (o->progress != NULL && out->rows % 10000 == 0)
			o->progress(out->rows, o->arg);
	}
	if (rc == 0 && out->rows == 0)
		rc = kt_error(e, KT_EUSAGE, _("the file has a header and no members"));
	if (rc == 0 && !o->dry_run)
		rc = store_commit(st, e);
	store_rollback(st);
	if (rc != 0 || o->dry_run)
		out->imported = 0;
	return rc;
}
