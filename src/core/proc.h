/*
 * proc.h - the six-step procedure as states of an application.
 *
 *   apply (steps 1-2: the form and the document)      -> applied
 *   check (step 3: requirements and duplicates)         -> checked
 *   validate (step 4: the officer's initial)            -> validated
 *   issue (step 5: member number, card record)          -> issued
 *   handover (step 6: phone checked, book signed)       -> handed-over
 *   reject, at any step before issue                    -> rejected
 *
 * An applicant whom the rules do not serve (a student of a university outside
 * the regency) gets an application in state 'refused' with the reason.  Each
 * step is one transaction that also appends to the application's history who
 * did it and when; a step out of order changes nothing and says what must come
 * first.  Each step requires an operator with the right role:
 *   apply: officer or operator; check, validate, handover: officer;
 *   issue: operator; reject: officer or operator.
 */
#ifndef KARTU_PROC_H
#define KARTU_PROC_H

#include "dupes.h"
#include "rules.h"
#include "store.h"

/* The registration form as typed; NULL for a field left out.  legacy_no is
 * only an imported member's: the number in the old system. */
struct kt_form {
	const char *name, *birth_place, *birth_date, *sex, *address, *phone;
	const char *category, *document, *document_no, *nik, *institution, *guardian;
	const char *legacy_no;
	/* kartu import only: a second number (may be a landline), the day the
	 * old system registered the member (YYYY-MM-DD), the old record's
	 * e-mail address and notes. */
	const char *phone2, *registered_on, *email, *notes;
	/* The village of the address (region.h): a desa or kelurahan code,
	 * "62.05.01.2005", of the library's regency when the setting regency
	 * names one; NULL for none. */
	const char *village;
};

/* The longest old member number taken: INLISLite allows 50 characters
 * (MemberNo), Koha 32 (cardnumber), SLiMS 20 (member_id); anything longer is
 * no member number but a shifted column or garbage. */
#define KT_LEGACY_NO_MAX 50

/* Step 1-2.  Validates the whole form first (KT_EUSAGE or KT_EREFUSED, nothing
 * written), then records the application and sets *app_id.  An ineligible
 * applicant is recorded as refused and KT_EREFUSED returned with *app_id set.
 * dupes (may be NULL) receives the already-a-member candidates; free it with
 * dupes_free. */
int proc_apply(struct store *st, const struct kt_form *f, const char *op,
    long long *app_id, struct kt_dupes *dupes, struct kt_err *e);

/* Steps 1-2 asked before recording, for a screen that shows the
 * already-a-member candidates and lets the officer confirm: the same role
 * check and the same whole-form check as proc_apply (every problem in e,
 * nothing written), then the candidates proc_apply would find into dupes
 * (free with dupes_free; empty on failure).  When the rules do not serve the
 * applicant, 0 with the reason in refusal (rlen bytes; "" otherwise):
 * proc_apply would record the application as refused. */
int proc_apply_check(struct store *st, const struct kt_form *f, const char *op,
    struct kt_dupes *dupes, char *refusal, size_t rlen, struct kt_err *e);

/* Step 3.  decision is NULL (no candidates expected), "new" (the officer saw
 * the candidates and this is not one of them) or the member number of the
 * member this applicant already is, which closes the application as rejected.
 * Without a decision, candidates scoring DUPE_DECIDE or more refuse the step;
 * a candidate with the same NIK cannot be overruled. */
int proc_check(struct store *st, long long app, const char *op, const char *decision,
    struct kt_err *e);
/* Step 4. */
int proc_validate(struct store *st, long long app, const char *op, struct kt_err *e);
/* Step 5: assigns the member number (written to mno, MEMBERNO_MAX bytes) and
 * makes the member and its first card record (card number to cno, CARDNO_MAX
 * bytes, may be NULL) with media (chip, printed or chip+printed; NULL for the
 * library's setting card_media). */
int proc_issue(struct store *st, long long app, const char *op, const char *media,
    char *mno, char *cno, struct kt_err *e);
/* Step 6, first half: phone must match the number on the form unless
 * new_phone is set (the applicant has a new number; it is recorded as changed
 * at the handover).  Makes a one-time code, keeps its hash with its expiry and
 * no tries used (replacing any earlier code), and sends it through the SMS
 * command (otp_sms_command: gateway, the station's own, else the library's
 * setting); without one, the code is given back in out->code for the officer
 * to read out on a test call (out->code is "" when sent).  out->via says which
 * and goes into the handover book. */
struct kt_handover_code {
	char phone[20];		/* the number the code is for, +62... */
	char via[8];		/* "sms" or "shown" */
	char code[8];		/* the code when shown, else "" */
	char expires_at[32];	/* UTC */
	int minutes, tries;	/* how long it holds, how many tries it allows */
};
int proc_handover_start(struct store *st, long long app, const char *op, const char *phone,
    int new_phone, const char *gateway, struct kt_handover_code *out, struct kt_err *e);
/* Step 6, second half: the code the applicant received.  Completes the
 * handover (state handed-over, a row in the handover book with signed_name,
 * or the member's name when NULL, a new number written to the member) only if
 * it is the right code, before its expiry, within its tries.  A wrong code
 * uses a try (KT_EREFUSED, *tries_left set when not NULL); an expired or used
 * up code is KT_EREFUSED and a new one must be sent. */
int proc_handover(struct store *st, long long app, const char *op, const char *code,
    const char *signed_name, int *tries_left, struct kt_err *e);
int proc_reject(struct store *st, long long app, const char *op, const char *reason,
    struct kt_err *e);

/* Reading applications.  The strings live until cb returns; a NULL string is a
 * field not filled. */
struct kt_app {
	long long id;
	const char *state, *category, *name, *birth_place, *birth_date, *sex, *address;
	const char *phone, *institution, *guardian, *document, *document_masked;
	const char *nik_masked, *reason, *member_no, *created_at, *updated_at;
	const char *due_at;	/* one working day after submission (UTC), or NULL */
	/* The address's village and the NIK's district (region.h), or NULL. */
	const char *village, *nik_region;
};
struct kt_event {
	const char *at, *operator, *step, *from_state, *to_state, *note;
	int outside_hours;	/* done outside service hours */
};
int proc_app_get(struct store *st, long long app, int (*cb)(const struct kt_app *, void *),
    void *arg, struct kt_err *e);
int proc_app_events(struct store *st, long long app,
    int (*cb)(const struct kt_event *, void *), void *arg, struct kt_err *e);
/* Applications in state (NULL: all), newest first, at most limit. */
int proc_app_list(struct store *st, const char *state, int limit,
    int (*cb)(const struct kt_app *, void *), void *arg, struct kt_err *e);
/* The queue: open applications (applied, checked, validated, issued) by
 * step, the oldest due first.  due_at may be NULL (no open day in the
 * calendar); overdue is set when the store's clock is past it. */
struct kt_queue_item {
	long long id;
	const char *state, *name, *category, *created_at, *due_at;
	int overdue, outside_hours;	/* outside_hours: steps done outside hours */
};
int proc_queue(struct store *st, int (*cb)(const struct kt_queue_item *, void *), void *arg,
    struct kt_err *e);

/* The already-a-member candidates of a recorded application. */
int proc_app_dupes(struct store *st, long long app, struct kt_dupes *out, struct kt_err *e);

/* Build the duplicate query for fields typed outside an application (the dupes
 * command): name and birth date required, birth place, phone and NIK optional
 * (NULL).  Hashes and keys are written into the caller's buffers in q's storage. */
struct dupe_input {
	char key[NAME_KEY_MAX];
	char place[61];
	char phone[20];
	char nik_hash[STORE_HASH_LEN];
	struct dupe_query q;
};
int proc_dupe_input(struct store *st, const char *name, const char *birth,
    const char *place, const char *phone, const char *nik, struct dupe_input *in,
    struct kt_err *e);

/* A member of the library's old system (kartu import), in two halves so
 * that one core checks the rows while the other writes them, in the
 * caller's one transaction.
 *
 * proc_import_check: the row is checked as an application's form is
 * (form.c: the same rules of the category, the same lengths; no document is
 * shown), refused (KT_EREFUSED, with the field institution) when the rules
 * do not serve the person, refused (KT_EREFUSED, *duplicate set) when it is
 * already a member, among the register's or the import's rows before it, or
 * its old number already imported; otherwise it is given its member id,
 * member number and first card's number in *r, and added to the register in
 * memory (b->dupes) and the old numbers (b->legacy).  It reads through rs
 * only, which never sees the rows written since the import began: a second
 * connection (store_open_reader) or the writer's own.  A refusal writes
 * nothing; KT_EFAIL ends the import.
 *
 * proc_import_write: writes r through st: the member (what an old record
 * lacks, birth place and date, address, a mobile phone, kept missing (NULL)
 * and the member marked incomplete: members.incomplete names the fields; a
 * landline kept as phone2; f->registered_on kept), its first card waiting
 * for its chip, the report's counts (b->tally) and the audit entries
 * (b->audit, in batches).  After a failure the transaction may hold part of
 * the row and must be rolled back.
 *
 * f->legacy_no (may be NULL) is the old member number; expires_on (may be
 * NULL: the category's term from today) its expiry. */
struct audit_batch;
struct proc_pending;
struct proc_oldnos {		/* a set of old member numbers */
	char **v;		/* open addressing, NULL empty; cap a power of 2 */
	size_t n, cap;
};
struct proc_bulk {
	struct dupes_index *dupes;	/* the register in memory (check) */
	struct proc_pending *counter;	/* the year's counter (check) */
	struct proc_pending *tally;	/* the report's counts (write) */
	struct audit_batch *audit;	/* or NULL: the tables' triggers (write) */
	long long next_id;		/* the id of the next member (check) */
	struct proc_oldnos legacy;	/* the old numbers taken (check) */
	struct kt_categories cats;	/* the categories looked up (check) */
};
/* proc_bulk_start sets b->next_id and b->legacy (the old numbers of the
 * register: a row's is then looked up in memory, not with a query) from the
 * register, inside the import's transaction; proc_bulk_free frees b->legacy. */
int proc_bulk_start(struct store *st, struct proc_bulk *b, struct kt_err *e);
void proc_bulk_free(struct proc_bulk *b);

/* What an import writes once, before its COMMIT, instead of at each row:
 * the year's member counter and the report's counts of the members moved in
 * (report_tally).  On PostgreSQL a row updated at every row of an import
 * keeps a version for each in the import's one transaction, and each read of
 * it walks them (10 000 rows: a read of the counter from 0.025 to 0.48 ms).
 * The import holds the write lock throughout, so no desk sees the counter
 * between.  proc_pending_flush writes them (and may be called again). */
#define PROC_PENDING_TALLY 16
struct proc_pending {
	char counter[32];	/* the counter read, "" until the first number */
	long seq;		/* its value to write */
	int exists;		/* whether its row exists */
	int dirty;		/* seq to be written */
	struct {
		char hour[14];	/* YYYY-MM-DDTHH, as report_tally's */
		char category[32];
		long n;
	} tally[PROC_PENDING_TALLY];
	int ntally;
};
int proc_pending_flush(struct store *st, struct proc_pending *p, struct kt_err *e);

struct proc_import_row;		/* proc-int.h */
int proc_import_check(struct store *rs, struct proc_bulk *b, const struct kt_form *f,
    const char *expires_on, struct proc_import_row *r, int *duplicate, struct kt_err *e);
int proc_import_write(struct store *st, struct proc_bulk *b, const struct proc_import_row *r,
    long long opid, struct kt_err *e);

#endif
