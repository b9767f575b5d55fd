/*
 * dupes.h - is the applicant already a member?
 *
 * Candidates come from members and from open applications: the same NIK
 * (decisive), the same phone (strong), a similar name with the same birth date
 * or with day and month swapped (likely), a nickname of the name with the same
 * birth date (weaker), a similar name with the birth date one digit or one year
 * off (weaker still, and only counted beside the same phone, the same birth
 * place or a name closer than DUPE_NAME_CLOSE).  Look-ups go through indexes on birth
 * date, phone and NIK hash, and only the handful of rows found have their name
 * keys compared, so the check stays fast at a million members.
 */
#ifndef KARTU_DUPES_H
#define KARTU_DUPES_H

#include "memberno.h"
#include "name.h"
#include "store.h"
#include "valid.h"

enum {
	DUPE_NIK = 0x1,
	DUPE_PHONE = 0x2,
	DUPE_NAME_BIRTH = 0x4,		/* similar name, same birth date */
	DUPE_NAME_SWAPPED = 0x8,	/* similar name, day and month swapped */
	DUPE_NAME = 0x10,		/* similar name (beside another reason) */
	DUPE_NIK_DIFFERS = 0x20,	/* both have a NIK and they differ: most likely
					   another person; never decisive alone */
	DUPE_NICKNAME = 0x40,		/* the name matches only through a nickname
					   (db/nicknames.tsv): weaker */
	DUPE_BIRTH_TYPO = 0x80,		/* similar name, birth date one digit or one
					   year off: weaker, only with another signal */
	DUPE_PLACE = 0x100,		/* the same birth place (beside a typo) */
	DUPE_LAST = DUPE_PLACE
};

struct dupe_query {
	const char *name_key;
	struct kt_date birth;
	const char *birth_place;	/* as typed, or NULL */
	const char *phone;	/* normal form, or NULL */
	const char *nik_hash;	/* or NULL */
	long long exclude_app;	/* an application not to report, nor the member
				   made from it (itself), or 0 */
};

struct kt_dupe {
	int is_member;		/* 1 member, 0 open application */
	long long id;		/* members.id or applications.id */
	char member_no[MEMBERNO_MAX];
	char name[128];
	char birth_date[11];
	char state[16];		/* member status or application state */
	double score;		/* 0..1, the ranking */
	double name_sim;	/* 0..1 */
	int reasons;		/* DUPE_* bits */
};

struct kt_dupes {
	struct kt_dupe *v;
	size_t n, cap;
};

/* Name similarity from which a name counts as similar, and from which it is
 * close enough to count beside a birth date with a typo. */
#define DUPE_NAME_MIN 0.80
/* A candidate scoring this or more stops step 3 (and an import) until the
 * officer decides whether it is the applicant (proc_check). */
#define DUPE_DECIDE 0.5
#define DUPE_NAME_CLOSE 0.95

/* Find the candidates for q, best first, into out (which the caller frees with
 * dupes_free). */
int dupes_find(struct store *st, const struct dupe_query *q, struct kt_dupes *out,
    struct kt_err *e);
void dupes_free(struct kt_dupes *d);

/* One row as the check scores it: a member, or an open application (no
 * member_no; status its state).  NULL texts are empty ones. */
struct dupe_row {
	long long id;
	int is_member;
	const char *member_no, *name, *name_key, *birth_date, *status, *phone, *nik_hash,
	    *birth_place;
};

/* The register in memory for many checks in a row (an import): its members
 * and open applications, what the check looks up and what it scores, read
 * once by dupes_index_open, and each member added since by dupes_index_add.
 * dupes_find_indexed gives what dupes_find gives (the same candidates,
 * scores and order) while nothing is changed but through dupes_index_add,
 * and asks the store nothing: it may run on another thread than the one
 * writing to the store.  A query's exclude_app must be 0.  Freed by
 * dupes_index_free. */
struct dupes_index;
int dupes_index_open(struct store *st, struct dupes_index **out, struct kt_err *e);
int dupes_index_add(struct dupes_index *x, const struct dupe_row *r, struct kt_err *e);
int dupes_find_indexed(struct dupes_index *x, const struct dupe_query *q, struct kt_dupes *out,
    struct kt_err *e);
void dupes_index_free(struct dupes_index *x);

/* The stable code of one DUPE_* reason ("same-nik", ...), for JSON, and its
 * translated text for people. */
const char *dupes_reason_code(int bit);
const char *dupes_reason_text(int bit);

#endif
