/*
 * form.c - the registration form checked whole (see proc-int.h): every
 * field, every problem kept with its field (err.h), eligibility asked of
 * eligibility.c, the numbers kept only hashed and masked.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "eligibility.h"
#include "name.h"
#include "proc-int.h"

/* Note a field an old record lacks (imported members only): kept missing
 * (NULL), the member marked to be completed at the next visit. */
static void
missing(struct form_clean *c, const char *field)
{
	size_t n = strlen(c->incomplete);

	snprintf(c->incomplete + n, sizeof c->incomplete - n, "%s%s", n > 0 ? "," : "", field);
}

/* An old record's numbers (imported members only): a mobile is the phone
 * (the one that receives handover codes); a landline is kept as the second
 * phone, not refused; no mobile at all leaves the phone missing.  phone2 may
 * hold the mobile when phone does not. */
/* Whether s starts as a mobile number does (08, 628, +628). */
static int
looks_mobile(const char *s)
{
	char d[4];
	int n = 0;

	for (; *s != '\0' && n < 3; s++)
		if (*s >= '0' && *s <= '9')
			d[n++] = *s;
	d[n] = '\0';
	return strncmp(d, "08", 2) == 0 || strcmp(d, "628") == 0;
}

/* One number of an old record's phone fields (see phones). */
static void
one_phone(const char *v, const char *field, struct form_clean *c, struct kt_err *e)
{
	struct kt_err t = { 0 };
	char num[20];
	size_t n;

	if (valid_phone(v, num, sizeof num, NULL) != 0 &&
	    valid_landline(v, num, sizeof num, NULL) != 0) {
		/* The message of the kind it looks like. */
		if (looks_mobile(v))
			valid_phone(v, num, sizeof num, &t);
		else
			valid_landline(v, num, sizeof num, &t);
		kt_problem_from(e, field, &t);
	} else if (c->phone[0] == '\0' && num[3] == '8')
		snprintf(c->phone, sizeof c->phone, "%s", num);
	else {
		n = strlen(c->phone2);
		if (n + strlen(num) + 3 > sizeof c->phone2)
			kt_problem(e, KT_EUSAGE, field, _("more than two phone numbers"));
		else
			snprintf(c->phone2 + n, sizeof c->phone2 - n, "%s%s", n > 0 ? ", " : "",
			    num);
	}
}

/* Each field may hold numbers separated by commas, as kartu keeps two
 * landlines in phone2 ("+6251921234, +6251921235") and exports them. */
static void
phones(const struct kt_form *f, struct form_clean *c, struct kt_err *e)
{
	const char *v[2] = { f->phone, f->phone2 };
	const char *field[2] = { "phone", "phone2" };
	char part[64];
	const char *p, *q;
	size_t len;
	int i;

	for (i = 0; i < 2; i++)
		for (p = v[i]; p != NULL && *p != '\0'; p = *q == ',' ? q + 1 : q) {
			while (*p == ' ')
				p++;
			q = strchr(p, ',');
			if (q == NULL)
				q = p + strlen(p);
			len = (size_t)(q - p);
			while (len > 0 && p[len - 1] == ' ')
				len--;
			if (len == 0)
				continue;
			if (len >= sizeof part) {
				kt_problem(e, KT_EUSAGE, field[i], _("a phone number is too long"));
				continue;
			}
			memcpy(part, p, len);
			part[len] = '\0';
			one_phone(part, field[i], c, e);
		}
	if (c->phone[0] == '\0')
		missing(c, "phone");
}

/* The applicant's own fields: name, birth place and date, sex, address,
 * phone.  *birth_ok and *sex_ok say whether the checks that need them (the
 * NIK's) can run. */
static void
person(struct store *st, const struct kt_form *f, struct form_clean *c, int imported,
    struct kt_err *e, int *birth_ok, int *sex_ok)
{
	struct kt_err t = { 0 };
	struct kt_date now;
	long age;

	*birth_ok = *sex_ok = 0;
	if (valid_name(f->name, _("name"), 100, c->name, &t) != 0)
		kt_problem_from(e, "name", &t);
	else if (name_key(c->name, c->key, sizeof c->key) == 0)
		kt_problem(e, KT_EUSAGE, "name", _("the name has no letters"));
	if (imported && f->birth_place == NULL)
		missing(c, "birth_place");
	else if (valid_text(f->birth_place, _("birth place"), 60, c->birth_place, &t) != 0)
		kt_problem_from(e, "birth_place", &t);
	if (imported && f->birth_date == NULL)
		missing(c, "birth_date");
	else if (f->birth_date == NULL)
		kt_problem(e, KT_EUSAGE, "birth_date", _("the birth date is missing (YYYY-MM-DD)"));
	else if (valid_date(f->birth_date, &c->birth, &t) != 0)
		kt_problem_from(e, "birth_date", &t);
	else {
		date_format(&c->birth, c->birth_date, sizeof c->birth_date);
		store_today(st, &now);
		age = date_days(&now) - date_days(&c->birth);
		if (age < 0)
			kt_problem(e, KT_EUSAGE, "birth_date", _("the birth date %s is in the"
			    " future"), c->birth_date);
		else if (age > 120L * 366)
			kt_problem(e, KT_EUSAGE, "birth_date", _("the birth date %s is too long"
			    " ago"), c->birth_date);
		else
			*birth_ok = 1;
	}
	if (valid_sex(f->sex, &c->sex, &t) != 0)
		kt_problem_from(e, "sex", &t);
	else
		*sex_ok = 1;
	if (imported && f->address == NULL)
		missing(c, "address");
	else if (valid_text(f->address, _("address"), 200, c->address, &t) != 0)
		kt_problem_from(e, "address", &t);
	if (imported) {
		phones(f, c, e);
		/* The old record's e-mail and notes, kept as they were. */
		if (f->email != NULL && (valid_text(f->email, _("e-mail address"), 100, c->email,
		    &t) != 0 || strchr(c->email, '@') == NULL || strchr(c->email, ' ') != NULL))
			kt_problem(e, KT_EUSAGE, "email", _("'%.60s' is no e-mail address"),
			    f->email);
		if (f->notes != NULL && valid_text(f->notes, _("notes"), 500, c->notes, &t) != 0)
			kt_problem_from(e, "notes", &t);
	}
	else if (valid_phone(f->phone, c->phone, sizeof c->phone, &t) != 0)
		kt_problem_from(e, "phone", &t);
}

/* What the category asks beside the person (db/rules.sql): a parent or
 * guardian (paud-tk), the school or university (sd-sma, mahasiswa).  The same
 * for an applicant and for a member of the old system: an import that let a
 * paud-tk member in without a guardian made a member apply would refuse. */
static int
category(struct store *st, const struct kt_form *f, struct form_clean *c,
    struct kt_categories *cats, struct kt_err *e, int *cat_ok)
{
	struct kt_err t = { 0 };
	int rc;

	*cat_ok = 0;
	if (f->category == NULL)
		kt_problem(e, KT_EUSAGE, "category", _("the category is missing"));
	else if ((rc = rules_category_memo(st, cats, f->category, &c->cat, &t)) != 0) {
		if (rc != KT_EUSAGE)
			return kt_error(e, rc, "%s", t.msg);	/* the store failed */
		kt_problem_from(e, "category", &t);
	} else
		*cat_ok = 1;
	if (f->guardian != NULL) {
		if (valid_name(f->guardian, _("guardian"), 100, c->guardian, &t) != 0)
			kt_problem_from(e, "guardian", &t);
		else
			c->has_guardian = 1;
	} else if (*cat_ok && c->cat.guardian)
		kt_problem(e, KT_EUSAGE, "guardian", _("category %s needs the name of a parent"
		    " or guardian"), c->cat.code);
	if (f->institution != NULL) {
		if (valid_text(f->institution, _("institution"), 120, c->institution, &t) != 0)
			kt_problem_from(e, "institution", &t);
		else
			c->has_inst = 1;
	} else if (*cat_ok && (strcmp(c->cat.institution, "required") == 0 ||
	    strcmp(c->cat.institution, "local") == 0))
		kt_problem(e, KT_EUSAGE, "institution", _("category %s needs the school or"
		    " university"), c->cat.code);
	return 0;
}

/* The region the NIK names, kept without the number.  An unknown province
 * was refused (valid_nik); a district the list does not know is only a
 * warning, since NIKs keep the codes of districts split or renamed since. */
static void
nik_region(const char *nik, const char *field, struct form_clean *c, struct kt_err *e)
{
	struct region_nik rn;
	char name[160];

	if (region_of_nik(nik, &rn, NULL) != 0)
		return;
	snprintf(c->nik_region, sizeof c->nik_region, "%.2s.%.2s.%.2s", nik, nik + 2, nik + 4);
	if (rn.regency == NULL) {
		kt_warn(e, field, _("the NIK's regency %.5s is not one of %s's: accepted;"
		    " check the number against the KTP"), c->nik_region, rn.province->name);
	} else if (rn.district == NULL) {
		region_short_name(rn.regency, name, sizeof name);
		kt_warn(e, field, _("the NIK's district %s is not one of %s's: accepted;"
		    " check the number against the KTP"), c->nik_region, name);
	}
}

/* The village of the address: a known desa or kelurahan, of the library's
 * regency when the setting regency names one. */
static void
village(struct store *st, const char *code, struct form_clean *c, struct kt_err *e)
{
	const struct region *r = region_find(code), *home;
	char regency[128], name[160];

	if (r == NULL || r->level != REGION_VILLAGE) {
		kt_problem(e, KT_EUSAGE, "village", _("%.20s is no village code (a desa or"
		    " kelurahan, such as 62.05.01.2005)"), code);
		return;
	}
	if (store_setting(st, "regency", regency, sizeof regency, NULL) == 0 &&
	    (home = region_regency_named(regency)) != NULL && !region_under(r, home)) {
		region_short_name(home, name, sizeof name);
		kt_problem(e, KT_EUSAGE, "village", _("village %s (%s) is not in %s"), r->code,
		    r->name, name);
		return;
	}
	snprintf(c->village, sizeof c->village, "%s", r->code);
}

/* Check the whole form, every field, and keep every problem in e with its
 * field (err.h), so a front end can show each beside its input; a check that
 * needs another field (the NIK needs the birth date) waits until that one is
 * good.  The one check of a person for kartu apply and kartu import, so that
 * the two cannot drift apart: the person's fields, the category's
 * requirements, the local university, the lengths.  imported: a member of the
 * library's old system shows no document now (the old system saw it): only the
 * NIK, when there is one, is checked, and the old member number (legacy_no). */
int
form_check(struct store *st, const struct kt_form *f, struct form_clean *c, int imported,
    struct kt_categories *cats, struct kt_err *e)
{
	struct kt_err t = { 0 };
	const char *nik = f->nik;
	int rc, birth_ok, sex_ok, cat_ok, doc_ok = 0;

	memset(c, 0, sizeof *c);
	if (e == NULL)
		e = &t;		/* the problems still stop the form */
	e->nproblems = 0;
	person(st, f, c, imported, e, &birth_ok, &sex_ok);
	if ((rc = category(st, f, c, cats, e, &cat_ok)) != 0)
		return rc;
	if (f->legacy_no != NULL) {
		if (valid_text(f->legacy_no, _("old member number"), KT_LEGACY_NO_MAX,
		    c->legacy_no, &t) != 0)
			kt_problem_from(e, "legacy_no", &t);
		else
			c->has_legacy = 1;
	}
	if (imported) {
		/* Some old systems (INLISLite) number members by their NIK: such an
		 * old number is the NIK, kept hashed and masked as one, never in
		 * clear.  A 16-digit number that is not this person's NIK stays an
		 * old number. */
		if (c->has_legacy && birth_ok && sex_ok && strlen(c->legacy_no) == 16 &&
		    strspn(c->legacy_no, "0123456789") == 16 &&
		    valid_nik(c->legacy_no, &c->birth, c->sex, NULL) == 0) {
			if (nik == NULL)
				nik = f->legacy_no;
			if (strcmp(nik, f->legacy_no) == 0) {
				sodium_memzero(c->legacy_no, sizeof c->legacy_no);
				c->has_legacy = 0;
			}
		}
		/* An old record without a birth date: the NIK checked alone. */
		if (nik != NULL && sex_ok && (birth_ok || f->birth_date == NULL) &&
		    valid_nik(nik, birth_ok ? &c->birth : NULL, c->sex, &t) != 0)
			kt_problem_from(e, "nik", &t);
	} else if (f->document == NULL)
		kt_problem(e, KT_EREFUSED, "document", _("the applicant must bring a document"
		    " and give its number"));
	else if (cat_ok && birth_ok && sex_ok) {
		if ((rc = eligibility_document(st, c->cat.code, f->document, f->document_no,
		    &c->birth, c->sex, &t)) != 0) {
			if (rc == KT_EFAIL)
				return kt_error(e, rc, "%s", t.msg);
			kt_problem_from(e, t.field[0] != '\0' ? t.field : "document", &t);
		} else
			doc_ok = 1;
		if (doc_ok && strcmp(f->document, "ktp") == 0) {
			if (nik != NULL && strcmp(nik, f->document_no) != 0)
				kt_problem(e, KT_EUSAGE, "nik", _("the NIK differs from the KTP's"
				    " number"));
			nik = f->document_no;
		} else if (nik != NULL && valid_nik(nik, &c->birth, c->sex, &t) != 0)
			kt_problem_from(e, "nik", &t);
	}
	if (f->village != NULL)
		village(st, f->village, c, e);
	if (e->nproblems > 0)
		return e->code;
	/* A category served only in the regency (mahasiswa): c->refusal says why
	 * an applicant from elsewhere is not served. */
	if ((rc = eligibility_institution(st, &c->cat, c->institution, sizeof c->institution,
	    &c->inst_id, c->refusal, sizeof c->refusal, e)) != 0)
		return rc;
	if (c->inst_id != 0)
		c->has_inst = 2;	/* with an id */
	/* The numbers themselves are kept only as a keyed hash and a mask. */
	if (!imported) {
		if ((rc = store_hash_id(st, f->document, f->document_no, c->doc_hash, e)) != 0)
			return rc;
		valid_mask(f->document_no, c->doc_masked, sizeof c->doc_masked);
	}
	if (nik != NULL) {
		if ((rc = store_hash_id(st, "nik", nik, c->nik_hash, e)) != 0)
			return rc;
		valid_mask(nik, c->nik_masked, sizeof c->nik_masked);
		c->has_nik = 1;
		/* The warning names what was typed: the KTP's number, the old
		 * member number or the NIK. */
		nik_region(nik, nik == f->document_no ? "document_no" : nik == f->legacy_no ?
		    "legacy_no" : "nik", c, e);
	}
	return 0;
}

/* The already-a-member question for a checked form (dupes.h). */
void
form_query(const struct form_clean *c, struct dupe_query *q)
{
	memset(q, 0, sizeof *q);
	q->name_key = c->key;
	q->birth = c->birth;
	q->phone = c->phone[0] != '\0' ? c->phone : NULL;
	q->birth_place = c->birth_place[0] != '\0' ? c->birth_place : NULL;
	q->nik_hash = c->has_nik ? c->nik_hash : NULL;
}
