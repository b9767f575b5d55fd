/*
 * export.c - the register as CSV (see export.h).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "export.h"
#include "operator.h"
#include "valid.h"
#include "wib.h"

static const char *const columns[] = {
	"member_no", "card_no", "name", "category", "institution", "birth_date", "address",
	"phone", "expires_on", "status", "legacy_no", "nik_masked",
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

void
export_field(FILE *f, const char *s)
{
	if (s == NULL)
		return;
	/* A spreadsheet runs a cell that starts with one of these as a formula
	 * (=HYPERLINK(...), +cmd|..., -1+1, @SUM(...)): a ' in front makes it
	 * text, and shows as nothing in the cell. */
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) {
		if (strpbrk(s, ",\"\r\n") == NULL) {
			fputc('\'', f);
			fputs(s, f);
			return;
		}
		fputs("\"'", f);
	} else if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	} else
		fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Who took the register out, how much of it and for which system. */
static int
audit_export(struct store *st, long long rows, const char *format, struct kt_err *e)
{
	char json[96];
	int rc;

	if ((rc = store_begin(st, e)) != 0)
		return rc;
	snprintf(json, sizeof json, "{\"rows\":%lld,\"format\":\"%s\"}", rows, format);
	if ((rc = audit_event(st, "export", 0, json, e)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

/* +62812... as people write it: 0812...; NULL stays NULL. */
static const char *
local_phone(const char *phone, char *buf, size_t len)
{
	if (phone == NULL || strncmp(phone, "+62", 3) != 0)
		return phone;
	snprintf(buf, len, "0%s", phone + 3);
	return buf;
}

/* The start of an export: the operator's right, one read transaction (the
 * count and the records of the same register) and the count. */
static int
export_start(struct store *st, const char *op, long long *total, struct kt_err *e)
{
	struct store_stmt *s;
	long long opid;
	int rc;

	*total = 0;
	if ((rc = operator_require(st, op, "officer|admin", _("export the register"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = store_begin_read(st, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT count(*) FROM members", &s, e)) != 0) {
		store_end_read(st);
		return rc;
	}
	if (store_step(s) == STORE_ROW)
		*total = store_col_int(s, 0);
	store_finalize(s);
	return 0;
}

/* The end of an export whose statement s stepped to step: the last progress,
 * the file checked, the read transaction ended and the export audited. */
static int
export_finish(struct store *st, struct store_stmt *s, int step, FILE *f, long long rows,
    long long total, export_progress cb, void *arg, const char *format, struct kt_err *e)
{
	int rc = 0;

	if (step != STORE_DONE)
		rc = store_dberror(st, e);
	store_finalize(s);
	if (rc == 0 && cb != NULL)
		cb(rows, total, arg);
	if (rc == 0 && ferror(f))
		rc = kt_error(e, KT_EFAIL, _("the export could not be written"));
	if (rc != 0) {
		store_end_read(st);
		return rc;
	}
	store_end_read(st);
	return audit_export(st, rows, format, e);
}

int
export_register(struct store *st, const char *op, FILE *f, export_progress cb,
    void *arg, long long *rows, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct kt_date d;
	char today[11], phone[32];
	const char *v;
	long long total = 0;
	size_t i;
	int rc;

	*rows = 0;
	store_today(st, &d);
	date_format(&d, today, sizeof today);
	if ((rc = export_start(st, op, &total, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT m.member_no, (SELECT c.card_no FROM cards c WHERE"
	    " c.member_id = m.id ORDER BY c.issue_no DESC LIMIT 1), m.name, m.category,"
	    " m.institution, m.birth_date, m.address, m.phone, m.expires_on, CASE WHEN"
	    " m.status = 'active' AND m.expires_on < ?1 THEN 'expired' ELSE m.status END,"
	    " m.legacy_no, m.nik_masked FROM members m ORDER BY m.id", &s, e)) != 0) {
		store_end_read(st);
		return rc;
	}
	store_bind_text(s, 1, today);
	for (i = 0; i < NCOLUMNS; i++)
		fprintf(f, "%s%s", i > 0 ? "," : "", columns[i]);
	fputs("\r\n", f);
	while ((rc = store_step(s)) == STORE_ROW) {
		for (i = 0; i < NCOLUMNS; i++) {
			if (i > 0)
				fputc(',', f);
			v = store_col_text(s, (int)i);
			if (strcmp(columns[i], "phone") == 0)
				v = local_phone(v, phone, sizeof phone);
			export_field(f, v);
		}
		fputs("\r\n", f);
		if (++*rows % EXPORT_STEP == 0 && cb != NULL)
			cb(*rows, total, arg);
	}
	return export_finish(st, s, rc, f, *rows, total, cb, arg, "kartu", e);
}

static const char *const slims_columns[] = {
	"member_id", "member_name", "gender", "member_type_name", "member_email",
	"member_address", "postal_code", "inst_name", "is_new", "member_image", "pin",
	"member_phone", "member_fax", "member_since_date", "register_date", "expire_date",
	"birth_date", "member_notes",
};

/* One value for SLiMS: in "", a quote doubled. */
static void
slims_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int
export_slims(struct store *st, const char *op, FILE *f, int header, export_progress cb,
    void *arg, long long *rows, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	const char *v[nitems(slims_columns)], *sex, *phone;
	char since[11], tel[32], tel2[32];
	struct tm tm;
	long long total = 0;
	size_t i;
	int rc;

	*rows = 0;
	if ((rc = export_start(st, op, &total, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT coalesce(m.legacy_no, m.member_no), m.name, m.sex,"
	    " coalesce(c.name, m.category), m.address, m.institution, m.phone, m.created_at,"
	    " m.expires_on, m.birth_date, m.email, m.phone2, m.notes, m.registered_on"
	    " FROM members m LEFT JOIN categories c ON"
	    " c.code = m.category ORDER BY m.id", &s, e)) != 0) {
		store_end_read(st);
		return rc;
	}
	if (header) {
		for (i = 0; i < nitems(slims_columns); i++) {
			if (i > 0)
				fputc(',', f);
			slims_field(f, slims_columns[i]);
		}
		fputc('\n', f);
	}
	while ((rc = store_step(s)) == STORE_ROW) {
		for (i = 0; i < nitems(v); i++)
			v[i] = "";
		sex = store_col_text(s, 2);
		phone = local_phone(store_col_text(s, 6), tel, sizeof tel);
		since[0] = '\0';
		/* The day the member first joined: the old system's when the
		 * member came from one, else the day kartu made the member. */
		if (store_col_text(s, 13) != NULL)
			snprintf(since, sizeof since, "%s", store_col_text(s, 13));
		else if (wib_parse(store_col_text(s, 7), &tm) == 0)
			strftime(since, sizeof since, "%Y-%m-%d", &tm);
		v[0] = store_col_text(s, 0);
		v[1] = store_col_text(s, 1);
		v[2] = sex != NULL && strcmp(sex, "L") == 0 ? "1" : "0";
		v[3] = store_col_text(s, 3);
		v[4] = store_col_text(s, 10);
		v[5] = store_col_text(s, 4);
		v[7] = store_col_text(s, 5);
		v[8] = "0";
		v[11] = phone;
		v[12] = local_phone(store_col_text(s, 11), tel2, sizeof tel2);
		v[13] = v[14] = since;
		v[15] = store_col_text(s, 8);
		v[16] = store_col_text(s, 9);
		v[17] = store_col_text(s, 12);
		for (i = 0; i < nitems(v); i++) {
			if (i > 0)
				fputc(',', f);
			slims_field(f, v[i]);
		}
		fputc('\n', f);
		if (++*rows % EXPORT_STEP == 0 && cb != NULL)
			cb(*rows, total, arg);
	}
	return export_finish(st, s, rc, f, *rows, total, cb, arg, "slims", e);
}
