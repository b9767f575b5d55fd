/*
 * eligibility.h - who the service serves, and with what: the documents each
 * category accepts, the universities of the regency, and the documents that
 * do for a replacement.  The data are the rules file's (db/rules.conf); the
 * thresholds of "already a member?" are beside that check (dupes.h).
 */
#ifndef KARTU_ELIGIBILITY_H
#define KARTU_ELIGIBILITY_H

#include <stddef.h>

#include "rules.h"
#include "store.h"
#include "valid.h"

/* Check that document is a known kind (KT_EUSAGE if not) that category accepts
 * (KT_EREFUSED if not, naming those it accepts), and that number is well formed
 * for it.  For a KTP the number is a NIK and is checked against birth and sex. */
int eligibility_document(struct store *st, const char *category, const char *document,
    const char *number, const struct kt_date *birth, char sex, struct kt_err *e);

/* A category whose institution must be local (mahasiswa: a university in the
 * regency): look institution up, give back its official name in institution
 * (len bytes) and its id, or fill refusal (rlen bytes) with the reason the
 * applicant is not served.  Other categories: nothing to do. */
int eligibility_institution(struct store *st, const struct kt_category *cat, char *institution,
    size_t len, long long *id, char *refusal, size_t rlen, struct kt_err *e);

/* Does document do for a replacement (the setting replacement_documents)?  An
 * unknown kind is KT_EUSAGE, a known one that does not is KT_EREFUSED. */
int eligibility_replacement(struct store *st, const char *document, struct kt_err *e);

#endif
