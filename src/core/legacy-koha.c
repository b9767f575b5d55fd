/*
 * legacy-koha.c - Koha patrons as CSV with a header row of borrowers' column
 * names (legacy.h, LG_KOHA): what tools/import_borrowers.pl reads and
 * misc/export_borrowers.pl or a saved report writes
 * (../shared/notes/legacy-exports.md, section 5).
 *
 * The header names the columns, in any order (export_borrowers.pl without -f
 * writes them in Perl's hash order); a byte order mark and spaces are taken
 * out of the names as Koha does.  A borrowers column kartu does not take is
 * ignored; a name that is no borrowers column is an error of lg_open naming
 * it (the file is not what it seems).  surname is required.  Values are
 * quoted as RFC 4180 says; the separator is the header's (, ; or tab) unless
 * given.
 *
 * How kartu takes them:
 *   cardnumber -> legacy_no; firstname + " " + surname -> name (given name
 *   first, as Indonesians write it; a single name, kept in surname as Koha
 *   requires one, stands alone); dateofbirth -> birth_date; sex M/F -> L/P
 *   (O, or anything else, is a problem); address, address2, city and zipcode
 *   joined with ", " -> address; email; mobile -> phone when there is one,
 *   phone then -> phone2, else phone -> phone; categorycode -> the type (a
 *   code, mapped by the engine); dateenrolled -> registered_on; dateexpiry
 *   -> expires_on; borrowernotes -> notes.
 * Dates follow lg_opts.dates (us mm/dd/yyyy, metric dd/mm/yyyy, dmydot
 * dd.mm.yyyy); ISO yyyy-mm-dd is always taken, as Koha takes it.  With
 * LG_DATES_DEFAULT (Koha's dateformat unknown) a date is taken when it can
 * be read one way only (ISO, dotted, a day over 12, day equal to month); one
 * such as 08/07/1990 is a problem naming --date-format, never guessed.
 *
 * Rejects: the header as it came plus kartu_baris and kartu_masalah, each
 * record's values as they came, quoted where needed, LF line ends.
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

/* The columns kartu takes. */
enum {
	K_CARD, K_SURNAME, K_FIRST, K_DOB, K_SEX, K_ADDR, K_ADDR2, K_CITY, K_ZIP, K_EMAIL,
	K_PHONE, K_MOBILE, K_CATEGORY, K_ENROLLED, K_EXPIRY, K_NOTES, K_NTAKEN,
	K_IGNORED = -1
};

/* Every column of Koha's borrowers table (kohastructure.sql, 24.05, and the
 * older ones since 3.x), those kartu takes first, plus what the import takes
 * besides. */
static const char *const koha_cols[] = {
	"cardnumber", "surname", "firstname", "dateofbirth", "sex", "address", "address2",
	"city", "zipcode", "email", "phone", "mobile", "categorycode", "dateenrolled",
	"dateexpiry", "borrowernotes",
	/* ignored */
	"borrowernumber", "middle_name", "title", "othernames", "initials", "pronouns",
	"preferred_name", "streetnumber", "streettype", "state", "country", "fax",
	"emailpro", "phonepro", "B_streetnumber", "B_streettype", "B_address",
	"B_address2", "B_city", "B_state", "B_zipcode", "B_country", "B_email", "B_phone",
	"branchcode", "password_expiration_date", "date_renewed", "gonenoaddress", "lost",
	"debarred", "debarredcomment", "contactname", "contactfirstname", "contacttitle",
	"relationship", "password", "secret", "auth_method", "flags", "userid",
	"opacnote", "contactnote", "sort1", "sort2", "altcontactfirstname",
	"altcontactsurname", "altcontactaddress1", "altcontactaddress2",
	"altcontactaddress3", "altcontactstate", "altcontactzipcode", "altcontactcountry",
	"altcontactphone", "smsalertnumber", "sms_provider_id", "privacy",
	"privacy_guarantor_fines", "privacy_guarantor_checkouts", "checkprevcheckout",
	"updated_on", "lastseen", "lang", "login_attempts", "overdrive_auth_token",
	"anonymized", "autorenew_checkouts", "primary_contact_method", "protected",
	"guarantorid", "ethnicity", "ethnotes", "altnotes", "textmessaging",
	"patron_attributes", "guarantor_relationship", "guarantor_id",
	LG_REJECT_LINE, LG_REJECT_PROBLEMS,
};

struct koha {
	struct lg_reader base;	/* first: legacy.c holds it as a struct lg_reader */
	FILE *f;
	long long size;
	enum lg_dates dates;
	char sep;
	int ncols;		/* the header's names */
	int col[CSV_MAX_FIELDS];	/* what kartu takes of each column, or K_IGNORED */
	int rejcol[2];		/* where kartu_baris and kartu_masalah are, or -1 */
	char *names[CSV_MAX_FIELDS];	/* the header's names, for the rejects */
	size_t used;		/* of arena */
	char arena[CSV_MAX_RECORD * 2 + 256];
	char hdr[CSV_MAX_RECORD + 1];
	struct csv c;
};

struct koha_rejects {
	struct lg_rejects base;	/* first */
	FILE *f;
	char sep;
};

/* A copy of v in the arena, trimmed, line breaks made one space; NULL when
 * nothing is left. */
static const char *
put(struct koha *k, const char *v)
{
	char *out = k->arena + k->used, *w = out;
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
	k->used += (size_t)(w - out);
	return out;
}

/* Read the header: the names, BOM and spaces out, each a borrowers column. */
static int
koha_header(struct koha *k, struct kt_err *e)
{
	int i, j, rc, surname = 0;
	size_t n = 0, len;
	char *w;
	const char *p;

	k->rejcol[0] = k->rejcol[1] = -1;
	if ((rc = csv_read(&k->c, e)) < 0)
		return rc;
	if (rc == 0)
		return kt_error_at(e, KT_EUSAGE, "from", _("the file is empty: a Koha patrons"
		    " file starts with a header row of borrowers' column names"));
	k->ncols = k->c.nfields;
	for (i = 0; i < k->c.nfields; i++) {
		w = k->hdr + n;
		for (p = k->c.field[i]; *p != '\0'; p++)
			if (!isspace((unsigned char)*p))
				*w++ = *p;
		*w = '\0';
		k->names[i] = k->hdr + n;
		len = strlen(k->names[i]);
		n += len + 1;
		for (j = 0; j < (int)nitems(koha_cols); j++)
			if (strcasecmp(k->names[i], koha_cols[j]) == 0)
				break;
		if (len == 0)
			return kt_error_at(e, KT_EUSAGE, "from", _("line 1, column %d: no name:"
			    " a Koha patrons file starts with a header row of borrowers' column"
			    " names"), i + 1);
		if (j == (int)nitems(koha_cols))
			return kt_error_at(e, KT_EUSAGE, "from",
			    _("line 1: column '%s' is not a column of Koha's borrowers"),
			    k->names[i]);
		k->col[i] = j < K_NTAKEN ? j : K_IGNORED;
		surname |= j == K_SURNAME;
		if (strcmp(k->names[i], LG_REJECT_LINE) == 0)
			k->rejcol[0] = i;
		if (strcmp(k->names[i], LG_REJECT_PROBLEMS) == 0)
			k->rejcol[1] = i;
	}
	if (!surname)
		return kt_error_at(e, KT_EUSAGE, "from", _("line 1: no column surname: Koha's"
		    " patrons have one"));
	return 0;
}

static int
koha_start(struct koha *k, struct kt_err *e)
{
	if (fseek(k->f, 0, SEEK_SET) != 0)
		return kt_error(e, KT_EFAIL, _("cannot read the file"));
	csv_init(&k->c, k->f);
	k->c.sep = k->sep;
	k->c.flags = CSV_LINEBREAKS;
	return koha_header(k, e);
}

static int
koha_open(const char *path, const struct lg_opts *o, struct lg_reader **out,
    struct kt_err *e)
{
	struct koha *k;
	struct stat st;
	int rc;

	if ((k = calloc(1, sizeof *k)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	k->dates = o->dates;
	k->sep = o->sep;
	if ((k->f = fopen(path, "rb")) == NULL || fstat(fileno(k->f), &st) != 0) {
		rc = kt_error_at(e, KT_EUSAGE, "file", _("cannot read %s"), path);
		goto fail;
	}
	k->size = st.st_size;
	if ((rc = koha_start(k, e)) != 0)
		goto fail;
	k->sep = k->c.sep;	/* found from the header: the same on rewind */
	*out = &k->base;
	return 0;
fail:
	if (k->f != NULL)
		fclose(k->f);
	free(k);
	return rc;
}

/* Three numbers split by sep ("1990-07-08", "08/07/1990"); 0 when v is not
 * such a date with a four-digit year first (iso) or last. */
static int
split_date(const char *v, char sep, int yearfirst, int out[3])
{
	int i, digits;

	for (i = 0; i < 3; i++) {
		out[i] = 0;
		for (digits = 0; isdigit((unsigned char)*v); v++, digits++)
			if (digits < 4)
				out[i] = out[i] * 10 + (*v - '0');
		if (digits == 0 || digits > 4 || (i < 2 && *v++ != sep))
			return 0;
		if ((digits == 4) != (yearfirst ? i == 0 : i == 2))
			return 0;
	}
	return *v == '\0';
}

/* A Koha date value as YYYY-MM-DD in the arena; a problem of the row (the
 * value kept) when it cannot be read, or read one way only. */
static const char *
date_value(struct koha *k, struct lg_row *row, const char *field, const char *v)
{
	static const char *const fmts[] = {
		[LG_DATES_US] = "us (mm/dd/yyyy)", [LG_DATES_METRIC] = "metric (dd/mm/yyyy)",
		[LG_DATES_DMYDOT] = "dmydot (dd.mm.yyyy)",
	};
	struct kt_date d;
	char iso[32];
	int n[3], y = 0, m = 0, day = 0;

	if ((v = put(k, v)) == NULL)
		return NULL;
	if (split_date(v, '-', 1, n))
		y = n[0], m = n[1], day = n[2];
	else if (split_date(v, '/', 0, n) && (k->dates == LG_DATES_US ||
	    (k->dates == LG_DATES_DEFAULT && n[1] > 12 && n[0] <= 12)))
		y = n[2], m = n[0], day = n[1];
	else if (split_date(v, '/', 0, n) && (k->dates == LG_DATES_METRIC ||
	    (k->dates == LG_DATES_DEFAULT && (n[0] > 12 || n[0] == n[1]))))
		y = n[2], m = n[1], day = n[0];
	else if (split_date(v, '.', 0, n) && (k->dates == LG_DATES_DMYDOT ||
	    k->dates == LG_DATES_DEFAULT))
		y = n[2], m = n[1], day = n[0];
	else if (k->dates == LG_DATES_DEFAULT && split_date(v, '/', 0, n)) {
		kt_problem(&row->problems, KT_EUSAGE, field, _("date '%s' may be day/month or"
		    " month/day: give Koha's dateformat with --date-format us or metric"), v);
		return v;
	}
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, day);
	if (y == 0 || valid_date(iso, &d, NULL) != 0) {
		if (k->dates == LG_DATES_DEFAULT || k->dates == LG_DATES_ISO)
			kt_problem(&row->problems, KT_EUSAGE, field,
			    _("'%s' is not a date yyyy-mm-dd"), v);
		else
			kt_problem(&row->problems, KT_EUSAGE, field, _("'%s' is not a date"
			    " yyyy-mm-dd nor of --date-format %s"), v, fmts[k->dates]);
		return v;
	}
	return put(k, iso);
}

static int
koha_next(struct lg_reader *lr, struct lg_row *row, struct kt_err *e)
{
	struct koha *k = (struct koha *)lr;
	const char *in[K_NTAKEN] = { NULL }, *v, *parts[4];
	char buf[CSV_MAX_RECORD + 8];
	size_t len;
	int i, rc;

	memset(row, 0, sizeof *row);
	if ((rc = csv_read(&k->c, e)) != 1)
		return rc;
	k->used = 0;
	row->line = k->c.line;
	for (i = 0; i < k->c.nfields && i < k->ncols; i++)
		if (k->col[i] != K_IGNORED)
			in[k->col[i]] = k->c.field[i];
	if (k->c.nfields != k->ncols)
		kt_problem(&row->problems, KT_EUSAGE, "record", _("%d values where the header"
		    " has %d"), k->c.nfields, k->ncols);

	row->v[LG_LEGACY_NO] = put(k, in[K_CARD]);
	v = put(k, in[K_SURNAME]);
	if ((row->v[LG_NAME] = put(k, in[K_FIRST])) != NULL && v != NULL) {
		snprintf(buf, sizeof buf, "%s %s", row->v[LG_NAME], v);
		row->v[LG_NAME] = put(k, buf);
	} else if (v != NULL)
		row->v[LG_NAME] = v;
	row->v[LG_BIRTH_DATE] = date_value(k, row, "birth_date", in[K_DOB]);
	if ((v = put(k, in[K_SEX])) != NULL) {
		if (strcasecmp(v, "M") == 0)
			v = "L";
		else if (strcasecmp(v, "F") == 0)
			v = "P";
		else
			kt_problem(&row->problems, KT_EUSAGE, "sex",
			    _("sex '%s' is neither M nor F"), v);
		row->v[LG_SEX] = v;
	}
	parts[0] = put(k, in[K_ADDR]);
	parts[1] = put(k, in[K_ADDR2]);
	parts[2] = put(k, in[K_CITY]);
	parts[3] = put(k, in[K_ZIP]);
	for (i = 0, len = 0, buf[0] = '\0'; i < 4; i++)
		if (parts[i] != NULL)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    len > 0 ? ", " : "", parts[i]);
	row->v[LG_ADDRESS] = put(k, buf);
	row->v[LG_EMAIL] = put(k, in[K_EMAIL]);
	v = put(k, in[K_PHONE]);
	if ((row->v[LG_PHONE] = put(k, in[K_MOBILE])) != NULL) {
		if (v != NULL && strcmp(v, row->v[LG_PHONE]) != 0)
			row->v[LG_PHONE2] = v;
	} else
		row->v[LG_PHONE] = v;
	row->v[LG_TYPE] = put(k, in[K_CATEGORY]);
	row->v[LG_REGISTERED_ON] = date_value(k, row, "registered_on", in[K_ENROLLED]);
	row->v[LG_EXPIRES_ON] = date_value(k, row, "expires_on", in[K_EXPIRY]);
	row->v[LG_NOTES] = put(k, in[K_NOTES]);
	return 1;
}

static int
koha_rewind(struct lg_reader *lr, struct kt_err *e)
{
	return koha_start((struct koha *)lr, e);
}

static void
koha_progress(const struct lg_reader *lr, long long *done, long long *total)
{
	const struct koha *k = (const struct koha *)lr;
	long pos = ftell(k->f);

	*done = pos < 0 ? 0 : pos;
	*total = k->size;
}

static void
koha_close(struct lg_reader *lr)
{
	struct koha *k = (struct koha *)lr;

	fclose(k->f);
	free(k);
}

static int
koha_rejects_open(struct lg_reader *lr, const char *path, struct lg_rejects **out,
    struct kt_err *e)
{
	struct koha *k = (struct koha *)lr;
	struct koha_rejects *rj;
	int i;

	if ((rj = calloc(1, sizeof *rj)) == NULL)
		return kt_error(e, KT_EFAIL, _("out of memory"));
	rj->sep = k->sep;
	if ((rj->f = lg_create_private(path)) == NULL) {
		free(rj);
		return kt_error_at(e, KT_EFAIL, "rejects", _("cannot write %s"), path);
	}
	for (i = 0; i < k->ncols; i++)
		if (i != k->rejcol[0] && i != k->rejcol[1]) {
			csv_put(rj->f, k->names[i], rj->sep);
			fputc(rj->sep, rj->f);
		}
	fprintf(rj->f, "%s%c%s\n", LG_REJECT_LINE, rj->sep, LG_REJECT_PROBLEMS);
	*out = &rj->base;
	return 0;
}

static int
koha_reject(struct lg_rejects *lrj, const struct lg_row *row, const char *problems,
    struct kt_err *e)
{
	struct koha_rejects *rj = (struct koha_rejects *)lrj;
	const struct koha *k = (const struct koha *)lrj->r;
	char line[24];
	int i;

	(void)e;
	/* As it came, one value per name of the header (missing ones empty). */
	for (i = 0; i < k->ncols; i++)
		if (i != k->rejcol[0] && i != k->rejcol[1]) {
			csv_put(rj->f, i < k->c.nfields ? k->c.field[i] : "", rj->sep);
			fputc(rj->sep, rj->f);
		}
	snprintf(line, sizeof line, "%ld", row->line);
	csv_put(rj->f, line, rj->sep);
	fputc(rj->sep, rj->f);
	csv_put(rj->f, problems, rj->sep);
	fputc('\n', rj->f);
	return 0;
}

static int
koha_rejects_close(struct lg_rejects *lrj, struct kt_err *e)
{
	struct koha_rejects *rj = (struct koha_rejects *)lrj;
	int rc = 0;

	if (ferror(rj->f) | fclose(rj->f))
		rc = kt_error_at(e, KT_EFAIL, "rejects", _("the rejects file could not be"
		    " written"));
	free(rj);
	return rc;
}

/* The header's name of the first borrowers column f is taken from (the
 * mobile before the phone, the surname before the first name). */
static const char *
koha_column(const struct lg_reader *lr, enum lg_field f)
{
	static const struct {
		enum lg_field f;
		int k;
	} from[] = {
		{ LG_NAME, K_SURNAME }, { LG_NAME, K_FIRST }, { LG_BIRTH_DATE, K_DOB },
		{ LG_SEX, K_SEX }, { LG_ADDRESS, K_ADDR }, { LG_ADDRESS, K_ADDR2 },
		{ LG_ADDRESS, K_CITY }, { LG_PHONE, K_MOBILE }, { LG_PHONE, K_PHONE },
		{ LG_PHONE2, K_PHONE }, { LG_EMAIL, K_EMAIL }, { LG_TYPE, K_CATEGORY },
		{ LG_LEGACY_NO, K_CARD }, { LG_REGISTERED_ON, K_ENROLLED },
		{ LG_EXPIRES_ON, K_EXPIRY }, { LG_NOTES, K_NOTES },
	};
	const struct koha *k = (const struct koha *)lr;
	size_t j;
	int i;

	for (j = 0; j < nitems(from); j++)
		if (from[j].f == f)
			for (i = 0; i < k->ncols; i++)
				if (k->col[i] == from[j].k)
					return k->names[i];
	return NULL;
}

const struct lg_ops lg_koha_ops = {
	LG_KOHA, "koha", koha_open, koha_next, koha_rewind, koha_progress, koha_close,
	koha_rejects_open, koha_reject, koha_rejects_close, koha_column,
};
