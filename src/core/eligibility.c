/*
 * eligibility.c - who the service serves, and with what (see eligibility.h).
 * The rules' data (categories, the documents each accepts, the universities
 * of the regency, the documents that do for a replacement, the regency's
 * name) are in the rules file, db/rules.conf; this file is what they mean.
 */
#include <stdio.h>
#include <string.h>

#include "eligibility.h"

int
eligibility_document(struct store *st, const char *category, const char *document,
    const char *number, const struct kt_date *birth, char sex, struct kt_err *e)
{
	struct store_stmt *s;
	char format[16] = "", accepted[256];
	int rc, allowed = 0;

	if ((rc = store_prepare(st, "SELECT d.format, CASE WHEN EXISTS (SELECT 1 FROM"
	    " category_documents c WHERE c.category = ?1 AND c.document = d.code)"
	    " THEN 1 ELSE 0 END FROM documents d WHERE d.code = ?2", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, category);
	store_bind_text(s, 2, document);
	if ((rc = store_step(s)) == STORE_ROW) {
		snprintf(format, sizeof format, "%s", store_col_text(s, 0));
		allowed = store_col_int(s, 1);
		rc = 0;
	} else
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	if (rc != 0)
		return rc;
	if (format[0] == '\0') {
		rules_join(st, "SELECT code FROM documents ORDER BY code", NULL,
		    accepted, sizeof accepted);
		return kt_error_at(e, KT_EUSAGE, "document",
		    _("unknown document kind '%.40s' (known: %s)"), document, accepted);
	}
	if (!allowed) {
		rules_join(st, "SELECT document FROM category_documents WHERE category = ?"
		    " ORDER BY document", category, accepted, sizeof accepted);
		return kt_error_at(e, KT_EREFUSED, "document",
		    _("category %s does not accept a %s; it needs: %s"), category, document,
		    accepted);
	}
	if (number == NULL || number[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "document_no", _("the document's number is missing"));
	if (strcmp(format, "nik") == 0)
		return valid_nik(number, birth, sex, e);
	if (strcmp(format, "kk") == 0)
		return valid_kk(number, e);
	if (strcmp(format, "nisn") == 0)
		return valid_nisn(number, e);
	if (strcmp(format, "sim") == 0)
		return valid_sim(number, e);
	return valid_docno(number, e);
}

int
eligibility_institution(struct store *st, const struct kt_category *cat, char *institution,
    size_t len, long long *id, char *refusal, size_t rlen, struct kt_err *e)
{
	char official[121], regency[64];
	int rc, local = 0;

	*id = 0;
	refusal[0] = '\0';
	if (strcmp(cat->institution, "local") != 0)
		return 0;
	rc = rules_institution(st, institution, id, &local, official, sizeof official, e);
	if (rc != 0 && rc != KT_ENOTFOUND)
		return rc;
	if (rc == KT_ENOTFOUND || !local) {
		if (store_setting(st, "regency", regency, sizeof regency, NULL) != 0)
			snprintf(regency, sizeof regency, "%s", _("the regency"));
		snprintf(refusal, rlen, _("%s is not a university in %s: only students of"
		    " the universities there are served"), institution, regency);
	} else
		snprintf(institution, len, "%s", official);
	return 0;
}

int
eligibility_replacement(struct store *st, const char *document, struct kt_err *e)
{
	char list[256], *p, *save;
	struct store_stmt *s;
	int rc, known;

	if ((rc = store_setting(st, "replacement_documents", list, sizeof list, e)) != 0)
		return rc;
	for (p = strtok_r(list, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save))
		if (strcmp(p, document) == 0)
			return 0;
	store_setting(st, "replacement_documents", list, sizeof list, NULL);
	/* A kind of document the library does not know is a typo (as in kartu
	 * apply); a known one that does not do for a replacement is refused. */
	if ((rc = store_prepare(st, "SELECT 1 FROM documents WHERE code = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, document);
	known = store_step(s) == STORE_ROW;
	store_finalize(s);
	if (!known)
		return kt_error_at(e, KT_EUSAGE, "document",
		    _("unknown document kind '%.40s' (known: %s)"), document, list);
	return kt_error_at(e, KT_EREFUSED, "document", _("a replacement needs one of: %s"), list);
}

