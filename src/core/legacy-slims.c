/*
 * legacy-slims.c - SLiMS 8 and 9 membership exports (legacy.h, LG_SLIMS), as
 * admin/modules/membership/export.php writes them
 * (../shared/notes/legacy-exports.md, sections 1 and 2).
 *
 * The 18 columns by position: member_id, member_name, gender, member_type_name,
 * member_email, member_address, postal_code, inst_name, is_new, member_image,
 * pin, member_phone, member_fax, member_since_date, register_date,
 * expire_date, birth_date, member_notes; a 19th, mpasswd (the import's
 * password), is ignored and never kept.  The header row is there when its
 * first record is those names (the export's ends with a separator: a 19th,
 * empty name); its names then place the columns.  The separator is the
 * character after the first enclosed value (every value of an export is
 * enclosed), else the most frequent of , ; ^ | and tab on the first line, or
 * the one given.  Records end with LF, CRLF or a bare CR.  Values carry
 * mysqli::escape_string's escapes and may double quotes as RFC 4180 does.
 *
 * How kartu takes them:
 *   member_id -> legacy_no; member_name -> name; gender 1/0 -> L/P;
 *   member_type_name -> the type (a name, mapped by the engine);
 *   member_address + ", " + postal_code -> address (the postal code alone is
 *   no address and is dropped); inst_name -> institution;
 *   pin -> nik only when it is 16 digits once spaces, dots and dashes are
 *   taken out (else dropped: it may be another identity number, and kartu
 *   keeps identity numbers only hashed, never in notes);
 *   member_phone -> phone; member_fax -> phone2 (a second number);
 *   member_since_date -> registered_on (the day the member first joined;
 *   register_date, moved on at each renewal, only when it is missing);
 *   expire_date, birth_date -> expires_on, birth_date; member_notes -> notes;
 *   is_new and member_image are dropped.
 * "" and 0000-00-00 are missing.  Line breaks inside a value become a space.
 * A gender other than 1/0, a date that is no YYYY-MM-DD day, a control
 * character (\0, \Z) or a record without 18 values is a problem of the row
 * naming the field, the value kept as it came.
 *
 * Rejects: the same separator, every value enclosed in "", a quote doubled,
 * a backslash doubled, line breaks as \n and \r, LF line ends; a header of
 * the 18 names, kartu_baris and kartu_masalah.  Read again, those two
 * columns are ignored.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "legacy-int.h"
#include "valid.h"

enum {
	S_ID, S_NAME, S_GENDER, S_TYPE, S_EMAIL, S_ADDRESS, S_POSTAL, S_INST, S_IS_NEW,
	S_IMAGE, S_PIN, S_PHONE, S_FAX, S_SINCE, S_REGISTER, S_EXPIRE, S_BIRTH, S_NOTES,
	S_NCOLS,
	S_IGNORED = -1		/* mpasswd, the rejects' columns, the header's trailing "" */
};

static const char *const slims_cols[S_NCOLS] = {
	"member_id", "member_name", "gender", "member_type_name", "member_email",
	"member_address", "postal_code", "inst_name", "is_new", "member_image", "pin",
	"member_phone", "member_fax", "member_since_date", "register_date", "expire_date",
	"birth_date", "member_notes",
};

/* The kartu field a SLiMS column is reported as in problems. */
static const char *const slims_field[S_NCOLS] = {
	"legacy_no", "name", "sex", "category", "email", "address", "address",
	"institution", "is_new", "member_image", "nik", "phone", "phone2", "registered_on",
	"registered_on", "expires_on", "birth_date", "notes",
};

struct slims {
	struct lg_reader base;	/* first: legacy.c holds it as a struct lg_reader */
	FILE *f;
	long long size;
	int header;		/* the file starts with the names */
	int ncols;		/* the values a record has: 18 (or the header's) */
	int col[CSV_MAX_FIELDS];	/* the SLiMS column of each value, or S_IGNORED */
	size_t used;		/* of arena */
	char arena[CSV_MAX_RECORD * 2 + 256];
	struct csv c;
};

struct slims_rejects {
	struct lg_rejects base;	/* first */
	FILE *f;
	char sep;
};

/* The separator of a SLiMS file from its first bytes: the character after the
 * first enclosed value, else the most frequent candidate on the first line. */
static char
find_sep(FILE *f)
{
	char buf[4096];
	size_t n, i = 0, k, best = 0, count[5] = { 0 };
	static const char cand[] = ",;^|\t";
	char sep = ',';

	n = fread(buf, 1, sizeof buf, f);
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	if (i < n && buf[i] == '"') {
		for (i++; i < n; i++) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"' && i + 1 < n && buf[i + 1] == '"')
				i++;
			else if (buf[i] == '"')
				break;
		}
		if (i + 1 < n && buf[i + 1] != '\r' && buf[i + 1] != '\n')
			return buf[i + 1];
		return sep;
	}
	for (; i < n && buf[i] != '\n' && buf[i] != '\r'; i++)
		for (k = 0; k < 5; k++)
			if (buf[i] == cand[k])
				count[k]++;
	for (k = 0; k < 5; k++)
		if (count[k] > best) {
			best = count[k];
			sep = cand[k];
		}
	return sep;
}

/* The first record is the names: map the columns from it.  0, or KT_EUSAGE
 * naming a name SLiMS does not export. */
static int
map_header(struct slims *s, struct kt_err *e)
{
	int i, k, n = s->c.nfields;

	s->ncols = n;
	for (i = n; i < CSV_MAX_FIELDS; i++)
		s->col[i] = S_IGNORED;
	for (i = 0; i < n; i++) {
		const char *name = s->c.field[i];

		while (isspace((unsigned char)*name))
			name++;
		s->col[i] = S_IGNORED;
		if (*name == '\0' && i == n - 1) {
			s->ncols = n - 1;	/* the export's trailing separator */
			continue;
		}
		if (strcasecmp(name, "mpasswd") == 0 || strcmp(name, LG_REJECT_LINE) == 0 ||
		    strcmp(name, LG_REJECT_PROBLEMS) == 0)
			continue;
		for (k = 0; k < S_NCOLS; k++)
			if (strcasecmp(name, slims_cols[k]) == 0)
				break;
		if (k == S_NCOLS)
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("line 1: column '%s' is not one of SLiMS's member export"), name);
		s->col[i] = k;
	}
	return 0;
}

/* To the first record: the file from its start, past the header. */
static int
slims_start(struct slims *s, struct kt_err *e)
{
	int rc, sep = s->c.sep;

	if (fseek(s->f, 0, SEEK_SET) != 0)
		return kt_error(e, KT_EFAIL, _("cannot read the file"));
	csv_init(&s->c, s->f);
	s->c.sep = (char)sep;
	s->c.flags = CSV_BACKSLASH | CSV_CR | CSV_LINEBREAKS;
	if (s->header && (rc = csv_read(&s->c, e)) != 1)
		return rc < 0 ? rc : kt_error(e, KT_EFAIL, _("cannot read the file"));
	return 0;
}

static int
slims_open(const char *path, const struct lg_opts *o, struct lg_reader **out,
    struct kt_err *e)
{
	struct slims *s;
	struct stat st;
	int i, rc;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	if ((s->f = fopen(path, "rb")) == NULL || fstat(fileno(s->f), &st) != 0) {
		rc = kt_error_at(e, KT_EUSAGE, "file", _("cannot read %s"), path);
		goto fail;
	}
	s->size = st.st_size;
	s->c.sep = o->sep != '\0' ? o->sep : find_sep(s->f);
	if ((rc = slims_start(s, e)) != 0)
		goto fail;
	s->ncols = S_NCOLS;
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		s->col[i] = i < S_NCOLS ? i : S_IGNORED;
	if ((rc = csv_read(&s->c, e)) < 0)
		goto fail;
	if (rc == 1 && s->c.nfields >= 2 && strcasecmp(s->c.field[0], "member_id") == 0 &&
	    strcasecmp(s->c.field[1], "member_name") == 0) {
		s->header = 1;
		if ((rc = map_header(s, e)) != 0)
			goto fail;
	} else if (rc == 1 && s->c.nfields != S_NCOLS && s->c.nfields != S_NCOLS + 1) {
		rc = kt_error_at(e, KT_EUSAGE, "from", _("line %ld has %d values where a SLiMS"
		    " member export has 18 (is the separator '%c'?)"), s->c.line, s->c.nfields,
		    s->c.sep);
		goto fail;
	}
	if ((rc = slims_start(s, e)) != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	if (s->f != NULL)
		fclose(s->f);
	free(s);
	return rc;
}

/* A copy of v in the arena, spaces trimmed and line breaks made one space;
 * NULL when nothing is left. */
static const char *
put(struct slims *s, const char *v)
{
	char *out = s->arena + s->used, *w = out;
	int space = 0;

	if (v == NULL)
		return NULL;
	for (; *v != '\0'; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') {
			space = 1;
			continue;
		}
		if (space && w > out)
			*w++ = ' ';
		space = 0;
		*w++ = *v;
	}
	if (w == out)
		return NULL;
	*w++ = '\0';
	s->used += (size_t)(w - out);
	return out;
}

/* A date value: YYYY-MM-DD kept, "" and 0000-00-00 missing, else a problem. */
static const char *
date_value(struct slims *s, struct lg_row *row, int col, const char *v)
{
	struct kt_date d;

	if ((v = put(s, v)) == NULL || strcmp(v, "0000-00-00") == 0)
		return NULL;
	if (valid_date(v, &d, NULL) != 0)
		kt_problem(&row->problems, KT_EUSAGE, slims_field[col],
		    _("%s '%s' is not a date YYYY-MM-DD"), slims_cols[col], v);
	return v;
}

static int
slims_next(struct lg_reader *lr, struct lg_row *row, struct kt_err *e)
{
	struct slims *s = (struct slims *)lr;
	const char *in[S_NCOLS] = { NULL }, *v, *p;
	char nik[17], addr[CSV_MAX_RECORD + 4];
	int i, n, rc;
	size_t k;

	memset(row, 0, sizeof *row);
	if ((rc = csv_read(&s->c, e)) != 1)
		return rc;
	s->used = 0;
	row->line = s->c.line;
	for (i = 0; i < s->c.nfields && i < CSV_MAX_FIELDS; i++)
		if (s->col[i] != S_IGNORED)
			in[s->col[i]] = s->c.field[i];
	n = s->c.nfields;
	/* An export's data row has 18 values, an import's may add mpasswd. */
	if (n != s->ncols && !(n == s->ncols + 1 && !s->header && n == S_NCOLS + 1) &&
	    !(s->header && n == s->ncols + 1 && s->c.field[n - 1][0] == '\0'))
		kt_problem(&row->problems, KT_EUSAGE, "record", _("%d values where SLiMS has %d"
		    " (is the separator '%c'?)"), n, s->ncols, s->c.sep);
	for (i = 0; i < S_NCOLS; i++)
		if (in[i] != NULL && strchr(in[i], 0x1a) != NULL)
			kt_problem(&row->problems, KT_EUSAGE, slims_field[i],
			    _("%s holds a control character (\\0 or \\Z)"), slims_cols[i]);

	row->v[LG_LEGACY_NO] = put(s, in[S_ID]);
	row->v[LG_NAME] = put(s, in[S_NAME]);
	if ((v = put(s, in[S_GENDER])) != NULL) {
		if (strcmp(v, "1") == 0)
			v = "L";
		else if (strcmp(v, "0") == 0)
			v = "P";
		else
			kt_problem(&row->problems, KT_EUSAGE, "sex",
			    _("gender '%s' is neither 1 (male) nor 0 (female)"), v);
		row->v[LG_SEX] = v;
	}
	row->v[LG_TYPE] = put(s, in[S_TYPE]);
	row->v[LG_EMAIL] = put(s, in[S_EMAIL]);
	if ((v = put(s, in[S_ADDRESS])) != NULL && (p = put(s, in[S_POSTAL])) != NULL) {
		snprintf(addr, sizeof addr, "%s, %s", v, p);
		v = put(s, addr);
	}
	row->v[LG_ADDRESS] = v;
	row->v[LG_INSTITUTION] = put(s, in[S_INST]);
	if (in[S_PIN] != NULL) {
		for (v = in[S_PIN], k = 0; *v != '\0' && k < sizeof nik; v++)
			if (isdigit((unsigned char)*v))
				nik[k++] = *v;
			else if (*v != ' ' && *v != '.' && *v != '-')
				break;
		if (*v == '\0' && k == 16) {
			nik[16] = '\0';
			row->v[LG_NIK] = put(s, nik);
		}
	}
	row->v[LG_PHONE] = put(s, in[S_PHONE]);
	row->v[LG_PHONE2] = put(s, in[S_FAX]);
	row->v[LG_REGISTERED_ON] = date_value(s, row, S_SINCE, in[S_SINCE]);
	if (row->v[LG_REGISTERED_ON] == NULL)
		row->v[LG_REGISTERED_ON] = date_value(s, row, S_REGISTER, in[S_REGISTER]);
	row->v[LG_EXPIRES_ON] = date_value(s, row, S_EXPIRE, in[S_EXPIRE]);
	row->v[LG_BIRTH_DATE] = date_value(s, row, S_BIRTH, in[S_BIRTH]);
	row->v[LG_NOTES] = put(s, in[S_NOTES]);
	return 1;
}

static int
slims_rewind(struct lg_reader *lr, struct kt_err *e)
{
	return slims_start((struct slims *)lr, e);
}

static void
slims_progress(const struct lg_reader *lr, long long *done, long long *total)
{
	const struct slims *s = (const struct slims *)lr;
	long pos = ftell(s->f);

	*done = pos < 0 ? 0 : pos;
	*total = s->size;
}

static void
slims_close(struct lg_reader *lr)
{
	struct slims *s = (struct slims *)lr;

	fclose(s->f);
	free(s);
}

/* One value enclosed: "" for a quote, \\ for a backslash, \n and \r for line
 * breaks, \Z for the control character an escape stood for. */
static void
put_value(FILE *f, const char *v)
{
	fputc('"', f);
	for (; v != NULL && *v != '\0'; v++)
		switch (*v) {
		case '"':
			fputs("\"\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case 0x1a:
			fputs("\\Z", f);
			break;
		default:
			fputc(*v, f);
		}
	fputc('"', f);
}

static int
slims_rejects_open(struct lg_reader *lr, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	struct slims *s = (struct slims *)lr;
	struct slims_rejects *rj;
	int i;

	if ((rj = calloc(1, sizeof *rj)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	rj->sep = s->c.sep;
	if ((rj->f = lg_create_private(path)) == NULL) {
		free(rj);
		return kt_error_at(e, KT_EFAIL, "rejects", _("cannot write %s"), path);
	}
	for (i = 0; i < S_NCOLS; i++) {
		put_value(rj->f, slims_cols[i]);
		fputc(rj->sep, rj->f);
	}
	put_value(rj->f, LG_REJECT_LINE);
	fputc(rj->sep, rj->f);
	put_value(rj->f, LG_REJECT_PROBLEMS);
	fputc('\n', rj->f);
	*out = &rj->base;
	return 0;
}

static int
slims_reject(struct lg_rejects *lrj, const struct lg_row *row, const char *problems,
    struct kt_err *e)
{
	struct slims_rejects *rj = (struct slims_rejects *)lrj;
	const struct slims *s = (const struct slims *)lrj->r;
	const char *in[S_NCOLS] = { NULL };
	char line[24];
	int i;

	(void)e;
	/* The values as they came, in SLiMS's order (mpasswd left out). */
	for (i = 0; i < s->c.nfields && i < CSV_MAX_FIELDS; i++)
		if (s->col[i] != S_IGNORED)
			in[s->col[i]] = s->c.field[i];
	for (i = 0; i < S_NCOLS; i++) {
		put_value(rj->f, in[i]);
		fputc(rj->sep, rj->f);
	}
	snprintf(line, sizeof line, "%ld", row->line);
	put_value(rj->f, line);
	fputc(rj->sep, rj->f);
	put_value(rj->f, problems);
	fputc('\n', rj->f);
	return 0;
}

static int
slims_rejects_close(struct lg_rejects *lrj, struct kt_err *e)
{
	struct slims_rejects *rj = (struct slims_rejects *)lrj;
	int rc = 0;

	if (ferror(rj->f) | fclose(rj->f))
		rc = kt_error_at(e, KT_EFAIL, "rejects", _("the rejects file could not be"
		    " written"));
	free(rj);
	return rc;
}

/* SLiMS's name of the first column f is taken from. */
static const char *
slims_column(const struct lg_reader *lr, enum lg_field f)
{
	int i;

	(void)lr;
	for (i = 0; i < S_NCOLS; i++)
		if (strcmp(slims_field[i], lg_field_name(f)) == 0)
			return slims_cols[i];
	return NULL;
}

const struct lg_ops lg_slims_ops = {
	LG_SLIMS, "slims", slims_open, slims_next, slims_rewind, slims_progress, slims_close,
	slims_rejects_open, slims_reject, slims_rejects_close, slims_column,
};
