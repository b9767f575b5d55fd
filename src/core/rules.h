/*
 * rules.h - the rules of the service, read from the store: categories, the
 * documents each accepts and the list of institutions (operators and roles:
 * operator.h).
 */
#ifndef KARTU_RULES_H
#define KARTU_RULES_H

#include <stddef.h>

#include "store.h"
#include "valid.h"

struct kt_category {
	char code[32];
	char name[64];
	char institution[16];	/* none, optional, required, local */
	int guardian;		/* a guardian's name is required */
	int valid_months;
};

/* Look up a category.  An unknown code is KT_EUSAGE, and the message lists the
 * known ones. */
int rules_category(struct store *st, const char *code, struct kt_category *out,
    struct kt_err *e);
/* The categories one import has looked up: rules_category's answer again
 * without a query a row (a round trip a row on PostgreSQL).  Categories do
 * not change while an import holds the register.  Only known codes are
 * kept, as given: an unknown one is asked again, for its message. */
struct kt_categories {
	struct {
		char given[32];
		struct kt_category cat;
	} v[16];
	int n;
};
/* rules_category through memo (NULL: none). */
int rules_category_memo(struct store *st, struct kt_categories *memo, const char *code,
    struct kt_category *out, struct kt_err *e);

/* Column 0 of sql (with param as its one text parameter, or none) into buf,
 * ", "-separated, for messages listing what is known. */
void rules_join(struct store *st, const char *sql, const char *param, char *buf, size_t len);


/* Find a university by name or alias (case, dots and spacing do not matter).
 * Returns 0 with *id, *local and the official name, or KT_ENOTFOUND. */
int rules_institution(struct store *st, const char *text, long long *id, int *local,
    char *name, size_t len, struct kt_err *e);

/* Listing the rules.  Strings live until cb returns. */
struct kt_category_row {
	const char *code, *name, *institution, *documents;	/* documents: "ktp, sim" */
	int guardian, valid_months;
};
struct kt_institution_row {
	const char *name, *kind, *aliases;
	int local;
};
int rules_list_categories(struct store *st,
    int (*cb)(const struct kt_category_row *, void *), void *arg, struct kt_err *e);
int rules_list_institutions(struct store *st,
    int (*cb)(const struct kt_institution_row *, void *), void *arg, struct kt_err *e);
/* The kinds of document, by code (a form's choice of document). */
struct kt_document_row {
	const char *code, *name, *format;
};
int rules_list_documents(struct store *st,
    int (*cb)(const struct kt_document_row *, void *), void *arg, struct kt_err *e);

#endif
