/*
 * member.h - reading members and their cards.
 */
#ifndef KARTU_MEMBER_H
#define KARTU_MEMBER_H

#include "store.h"

/* The strings live until the callback returns; NULL is a field not filled. */
struct kt_member {
	long long id, application_id;
	const char *member_no, *status, *category, *name, *birth_place, *birth_date, *sex;
	const char *address, *phone, *institution, *guardian, *nik_masked, *expires_on;
	const char *created_at;
	double score;		/* member_find: how well the name matched, else 1 */
};

struct kt_card {
	long long id;
	int issue_no;
	const char *card_no, *uid, *chip, *status, *reason, *created_at, *status_at;
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

#endif
