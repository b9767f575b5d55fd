/*
 * complaint.h - complaints, suggestions and feedback from the five channels
 * (kotak-saran, website, email, facebook, instagram), and their follow-up
 * through diterima -> dianalisis -> ditindaklanjuti -> selesai, each change
 * kept with who, when and a note.  Any operator records one; officers and the
 * admin (the complaints team and the head) move them on.
 */
#ifndef KARTU_COMPLAINT_H
#define KARTU_COMPLAINT_H

#include "store.h"

/* Record a complaint (status diterima).  member_no and app are optional (NULL,
 * 0): the member or application it concerns.  *id is set. */
int complaint_add(struct store *st, const char *op, const char *channel, const char *text,
    const char *member_no, long long app, long long *id, struct kt_err *e);

/* Move complaint id on to status (forward only) with a note; one
 * transaction with its history row. */
int complaint_update(struct store *st, const char *op, long long id, const char *status,
    const char *note, struct kt_err *e);

struct kt_complaint {
	long long id, application_id;
	const char *channel, *text, *member_no, *status, *created_at, *updated_at;
	const char *created_by;
};
struct kt_complaint_event {
	const char *at, *operator, *from_status, *to_status, *note;
};
/* Complaints with status and channel (NULL: any), oldest first; id > 0 gives
 * that one only (KT_ENOTFOUND when there is none). */
int complaint_list(struct store *st, long long id, const char *status, const char *channel,
    int (*cb)(const struct kt_complaint *, void *), void *arg, struct kt_err *e);
int complaint_history(struct store *st, long long id,
    int (*cb)(const struct kt_complaint_event *, void *), void *arg, struct kt_err *e);

#endif
