/*
 * proc-int.h - what the files of the procedure share (proc.c, form.c,
 * handover.c, app.c) and nothing else sees; member.c checks a corrected
 * member's record with the form's check (form_check).
 */
#ifndef KARTU_PROC_INT_H
#define KARTU_PROC_INT_H

#include "dupes.h"
#include "proc.h"
#include "region.h"
#include "rules.h"
#include "store.h"
#include "valid.h"

/* The order of an application's states; -1 for another. */
int proc_state_index(const char *state);
/* Column i of s as text (NULL for NULL). */
const char *proc_col(struct store_stmt *s, int i);
/* Append to the history of app.  Part of the caller's transaction. */
int proc_event(struct store *st, long long app, long long op, const char *step,
    const char *from, const char *to, const char *note, struct kt_err *e);
/* Move app to state to, with the reason (may be NULL). */
int proc_set_state(struct store *st, long long app, const char *to, const char *reason,
    struct kt_err *e);
/* Read the state of app into state (16 bytes) and, if wanted is not NULL,
 * check that it is wanted: otherwise say what must come first. */
int proc_need_state(struct store *st, long long app, const char *wanted, char *state,
    struct kt_err *e);

/* Run the checks of the form; fill the normalised values. */
struct form_clean {
	char name[101], key[NAME_KEY_MAX], birth_place[61], birth_date[11], sex;
	char address[201], phone[20], institution[121], guardian[101];
	char doc_hash[STORE_HASH_LEN], doc_masked[48], nik_hash[STORE_HASH_LEN];
	char nik_masked[20], legacy_no[KT_LEGACY_NO_MAX + 1];
	/* Imported members only: a second number (landlines, "+62...", at
	 * most two joined by ", "), and the fields the old record lacked
	 * ("birth_place,phone"; "" for none), each left empty above. */
	char phone2[48], incomplete[64], email[101], notes[501];
	struct kt_date birth;
	struct kt_category cat;
	long long inst_id;
	int has_inst, has_guardian, has_nik, has_legacy;
	char refusal[256];	/* set when the rules do not serve the applicant */
	/* The region of the address (a village's dotted code) and the NIK's
	 * district ("62.05.05", region.h), kept so that a screen names the KTP's
	 * region without the number; "" for none. */
	char village[REGION_CODE_MAX], nik_region[REGION_CODE_MAX];
};

/* An import's row, checked and numbered (proc_import_check), to be written
 * (proc_import_write). */
struct proc_import_row {
	struct form_clean c;
	long long id;			/* the member's */
	char mno[MEMBERNO_MAX], card[CARDNO_MAX];
	char expires[11], registered[11];	/* registered: "" for none */
	struct {			/* a year's counter to write first, or "" */
		char name[32];
		long seq;
		int exists;
	} counter;
};

/* Check the whole form into c (form.c), the same checks for an applicant and
 * for a member of the library's old system (imported: no document shown, the
 * NIK alone checked when there is one).  c->refusal is set when the rules do
 * not serve the person (a university outside the regency).  cats (may be
 * NULL) keeps the categories looked up, for an import's many rows. */
int form_check(struct store *st, const struct kt_form *f, struct form_clean *c, int imported,
    struct kt_categories *cats, struct kt_err *e);
/* The already-a-member question for a checked form. */
void form_query(const struct form_clean *c, struct dupe_query *q);

#endif
