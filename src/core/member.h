/*
 * member.h - reading members and their cards.
 */
#ifndef KARTU_MEMBER_H
#define KARTU_MEMBER_H

#include "dupes.h"
#include "store.h"

/* The strings live until the callback returns; NULL is a field not filled. */
struct kt_member {
	long long id, application_id;
	const char *member_no, *status, *category, *name, *birth_place, *birth_date, *sex;
	const char *address, *phone, *institution, *guardian, *nik_masked, *expires_on;
	const char *created_at;
	const char *block_reason, *blocked_at;	/* NULL unless blocked */
	/* Members of the old system (kartu import): a second number (a
	 * landline), the day the old system registered them, their old
	 * number, and the fields still missing ("birth_place,phone"; NULL
	 * when complete).  birth_place, birth_date, address and phone may be
	 * NULL for them. */
	const char *phone2, *registered_on, *legacy_no, *incomplete;
	const char *email, *notes;	/* the old record's, or NULL */
	double score;		/* member_find: how well the name matched, else 1 */
	/* The address's village and the NIK's district (region.h), or NULL. */
	const char *village, *nik_region;
};

struct kt_card {
	long long id;
	int issue_no;
	const char *card_no, *uid, *chip, *status, *reason, *created_at, *status_at;
	const char *reprint;	/* what changed since it was printed ("name,category"),
				   or NULL: the card shows the register */
	const char *media;		/* chip, printed or chip+printed */
	const char *printed_at;		/* its print verified, or NULL */
};

typedef int (*member_cb)(const struct kt_member *, void *);

/* The member with a member number as typed or scanned (its check digit is
 * checked first: KT_EUSAGE); KT_ENOTFOUND if there is none. */
int member_get(struct store *st, const char *number, member_cb cb, void *arg,
    struct kt_err *e);
/* The cards of a member, oldest first. */
int member_cards(struct store *st, long long member_id,
    int (*cb)(const struct kt_card *, void *), void *arg, struct kt_err *e);
/* Find members by what the desk types: a member number, a mobile number, a
 * NIK, or (anything else) a name, compared as in the duplicate check.  Best
 * first, at most limit; KT_ENOTFOUND if none. */
int member_find(struct store *st, const char *query, int limit, member_cb cb, void *arg,
    struct kt_err *e);
/* Members (of category, or all when NULL), newest first, at most limit. */
int member_list(struct store *st, const char *category, int limit, member_cb cb,
    void *arg, struct kt_err *e);

#define PHOTO_MAX_BYTES (2u << 20)

/* Keep a PNG or JPEG photo of the member for the card (replacing one kept
 * before); an officer or operator takes it.  KT_EUSAGE for data that is no
 * such image or too small a picture. */
int member_set_photo(struct store *st, const char *number, const unsigned char *data,
    size_t len, const char *op, struct kt_err *e);

/* The photo member_set_photo kept for the member number names: *data (freed
 * by the caller; NULL to ask only whether there is one) and *len, its type
 * ("image/jpeg") into type (tlen bytes, may be NULL).  KT_ENOTFOUND when the
 * member has none.  Any operator: the desk shows it. */
int member_photo(struct store *st, const char *number, unsigned char **data, size_t *len,
    char *type, size_t tlen, struct kt_err *e);

/*
 * The register's daily work: renewing, correcting and blocking members.  Each
 * is one transaction; the members table is audited by triggers (audit.h), so
 * every change is in the audit trail with the row before and after.
 */

/* Renew one member (a member or card number): the category's term added to
 * its expiry, or to today when that is past.  until (YYYY-MM-DD, may be NULL)
 * is an earlier date instead: after today and after the current expiry, and
 * not beyond that term (KT_EUSAGE, KT_EREFUSED with the field "until").  A
 * blocked member is refused (unblock it first).  The card is not touched: the
 * desk answers from the register, so it answers ACTIVE again at once.  An
 * officer or operator.  old_out and new_out (11 bytes each) get the expiries,
 * mno (MEMBERNO_MAX, may be NULL) the member number. */
int member_renew(struct store *st, const char *number, const char *until, const char *op,
    char *mno, char *old_out, char *new_out, struct kt_err *e);

/* A member a bulk renewal finds; strings live until the callback returns. */
struct kt_renewal {
	const char *member_no, *name, *category, *expires_on;
	const char *new_expires;	/* what the renewal gives (or gave) */
};
/* Members whose expiry is before date (YYYY-MM-DD): expired, or expiring
 * before it; blocked ones are left out.  cb is called with each, the earliest
 * expiry first (it may stop the walk by returning non-zero).  Without apply
 * nothing is changed and no operator is needed.  With apply (an officer or
 * operator) all of them are renewed as member_renew does, in one transaction,
 * and progress (may be NULL) is called with how many are done of how many
 * every 1000 members and at the end.  *count (may be NULL) gets the number. */
int member_renew_due(struct store *st, const char *date, int apply, const char *op,
    int (*cb)(const struct kt_renewal *, void *), void (*progress)(long long done,
    long long total, void *), void *arg, long long *count, struct kt_err *e);

/* A correction of a member's record; NULL for a field left as it is.  An
 * empty institution or guardian removes it.  A birth date or a NIK changes
 * only with the document shown again (document, document_no: as for apply;
 * a KTP's number is the NIK).  */
struct member_edit {
	const char *name, *address, *phone, *category, *institution, *guardian;
	const char *birth_place, *birth_date;
	const char *document, *document_no, *nik;
};
struct member_edited {
	char member_no[MEMBERNO_MAX];
	char changed[128];	/* the fields changed, "name,address"; "" for none */
	char reprint[32];	/* those the card shows ("name,category"): the card
				   is marked to be printed again; "" for none */
	struct kt_dupes dupes;	/* after a change of name, birth date or NIK: the
				   already-a-member candidates (dupes_free) */
};
/* Correct the member number names (a member or card number), as one
 * transaction: the new record is checked whole as an application's form is
 * (form.c; the category's needs, the local university), a birth date or NIK
 * change needs the document (KT_EREFUSED, field "document"), and a NIK that
 * another member has is refused (field "nik").  A change of the name, birth
 * date or NIK runs the already-a-member check again (out->dupes, the member
 * itself left out).  A change to what the card shows (name, category) marks
 * the member's live cards for printing again (member_reprinted clears it).  A
 * document shown is recorded in the audit trail (masked).  An officer or
 * operator.  Nothing given is KT_EUSAGE. */
int member_edit(struct store *st, const char *number, const struct member_edit *ed,
    const char *op, struct member_edited *out, struct kt_err *e);

/* Block a member (an officer), with the reason the desk shows staff; the desk
 * answers BLOCKED for each of its cards.  A member blocked already is
 * KT_EREFUSED.  Unblock (an officer): reason (may be NULL) goes to the audit
 * trail; a member not blocked is KT_EREFUSED. */
int member_block(struct store *st, const char *number, const char *reason, const char *op,
    char *mno, struct kt_err *e);
int member_unblock(struct store *st, const char *number, const char *reason,
    const char *op, char *mno, struct kt_err *e);

/* Card card_no was printed (its barcodes read back): it shows the register
 * again, and its reprint mark, if any, goes. */
int member_reprinted(struct store *st, const char *card_no, struct kt_err *e);
/* The card numbers of the cards marked to be printed again, oldest mark
 * first, into a NULL-terminated array *out (each string and the array freed
 * by the caller with member_reprints_free); read whole first, so that
 * printing them may clear the marks. */
int member_reprints(struct store *st, char ***out, struct kt_err *e);
void member_reprints_free(char **v);

#endif
