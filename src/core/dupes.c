/*
 * dupes.c - the already-a-member check (see dupes.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupes.h"

/* How much each reason adds; the score is 1 - prod(1 - weight). */
#define W_NIK 0.99
#define W_PHONE 0.60
#define W_NAME_ALONE 0.30

static const struct {
	int bit;
	const char *code;
	const char *text;
} reasons[] = {
	{ DUPE_NIK, "same-nik", N_("same NIK") },
	{ DUPE_PHONE, "same-phone", N_("same phone number") },
	{ DUPE_NAME_BIRTH, "similar-name-same-birth-date", N_("similar name, same birth date") },
	{ DUPE_NAME_SWAPPED, "similar-name-swapped-birth-date",
	    N_("similar name, birth day and month swapped") },
	{ DUPE_NAME, "similar-name", N_("similar name") },
	{ DUPE_NIK_DIFFERS, "different-nik", N_("but a different NIK") },
};

const char *
dupes_reason_code(int bit)
{
	size_t i;

	for (i = 0; i < nitems(reasons); i++)
		if (reasons[i].bit == bit)
			return reasons[i].code;
	return "?";
}

const char *
dupes_reason_text(int bit)
{
	size_t i;

	for (i = 0; i < nitems(reasons); i++)
		if (reasons[i].bit == bit)
			return _(reasons[i].text);
	return "?";
}

void
dupes_free(struct kt_dupes *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static int
push(struct kt_dupes *d, const struct kt_dupe *x)
{
	struct kt_dupe *v;

	if (d->n == d->cap) {
		size_t cap = d->cap == 0 ? 8 : d->cap * 2;

		if ((v = realloc(d->v, cap * sizeof *v)) == NULL)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = *x;
	return 0;
}

static int
by_score(const void *a, const void *b)
{
	const struct kt_dupe *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->is_member != y->is_member)
		return y->is_member - x->is_member;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const char *
text(struct store_stmt *s, int col)
{
	const char *t = store_col_text(s, col);

	return t != NULL ? t : "";
}

/* Score one row and keep it if any reason holds.  Columns: id, member_no,
 * name, name_key, birth_date, state, phone, nik_hash. */
static int
consider(struct store_stmt *s, int is_member, const struct dupe_query *q, const char *birth,
    const char *swapped, struct kt_dupes *out)
{
	struct kt_dupe d;
	double keep = 1.0, w;

	memset(&d, 0, sizeof d);
	d.is_member = is_member;
	d.id = store_col_int(s, 0);
	d.name_sim = name_similarity(q->name_key, text(s, 3));
	if (q->nik_hash != NULL && strcmp(q->nik_hash, text(s, 7)) == 0) {
		d.reasons |= DUPE_NIK;
		keep *= 1.0 - W_NIK;
	}
	if (q->phone != NULL && strcmp(q->phone, text(s, 6)) == 0) {
		d.reasons |= DUPE_PHONE;
		keep *= 1.0 - W_PHONE;
	}
	if (d.name_sim >= DUPE_NAME_MIN) {
		/* 0.5 at the threshold up to 0.95 for the same name. */
		w = 0.5 + 0.45 * (d.name_sim - DUPE_NAME_MIN) / (1.0 - DUPE_NAME_MIN);
		if (strcmp(text(s, 4), birth) == 0)
			d.reasons |= DUPE_NAME_BIRTH;
		else if (swapped[0] != '\0' && strcmp(text(s, 4), swapped) == 0) {
			d.reasons |= DUPE_NAME_SWAPPED;
			w *= 0.85;
		} else if (d.reasons != 0) {
			d.reasons |= DUPE_NAME;
			w = W_NAME_ALONE;
		} else
			w = 0.0;
		keep *= 1.0 - w;
	}
	if (d.reasons == 0)
		return 0;
	d.score = 1.0 - keep;
	/* Two valid NIKs that differ are two people, whatever the names say
	 * (namesakes born the same day exist); the candidate is still shown. */
	if (q->nik_hash != NULL && text(s, 7)[0] != '\0' && !(d.reasons & DUPE_NIK)) {
		d.reasons |= DUPE_NIK_DIFFERS;
		d.score *= 0.4;
	}
	snprintf(d.member_no, sizeof d.member_no, "%s", text(s, 1));
	snprintf(d.name, sizeof d.name, "%s", text(s, 2));
	snprintf(d.birth_date, sizeof d.birth_date, "%s", text(s, 4));
	snprintf(d.state, sizeof d.state, "%s", text(s, 5));
	return push(out, &d);
}

static int
scan(struct store *st, const char *sql, int is_member, const struct dupe_query *q,
    const char *birth, const char *swapped, struct kt_dupes *out, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, birth);
	store_bind_text(s, 2, swapped[0] != '\0' ? swapped : birth);
	if (q->phone != NULL)
		store_bind_text(s, 3, q->phone);
	if (q->nik_hash != NULL)
		store_bind_text(s, 4, q->nik_hash);
	store_bind_int(s, 5, q->exclude_app);
	while ((rc = store_step(s)) == STORE_ROW)
		if (consider(s, is_member, q, birth, swapped, out) != 0) {
			store_finalize(s);
			return kt_error(e, KT_EFAIL, "out of memory");
		}
	rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
dupes_find(struct store *st, const struct dupe_query *q, struct kt_dupes *out,
    struct kt_err *e)
{
	char birth[11], swapped[11] = "";
	struct kt_date sw;
	int rc;

	memset(out, 0, sizeof *out);
	date_format(&q->birth, birth, sizeof birth);
	if (q->birth.d <= 12 && q->birth.d != q->birth.m) {
		sw.y = q->birth.y;
		sw.m = q->birth.d;
		sw.d = q->birth.m;
		date_format(&sw, swapped, sizeof swapped);
	}
	rc = scan(st, "SELECT id, member_no, name, name_key, birth_date, status, phone,"
	    " nik_hash FROM members WHERE (birth_date IN (?1, ?2) OR phone = ?3"
	    " OR nik_hash = ?4) AND (?5 = 0 OR application_id IS NOT ?5)", 1, q, birth, swapped, out, e);
	if (rc == 0)
		rc = scan(st, "SELECT id, '', name, name_key, birth_date, state, phone,"
		    " nik_hash FROM applications WHERE state IN ('applied', 'checked',"
		    " 'validated') AND (birth_date IN (?1, ?2) OR phone = ?3 OR nik_hash = ?4)"
		    " AND id <> ?5", 0, q, birth, swapped, out, e);
	if (rc != 0) {
		dupes_free(out);
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_score);
	return 0;
}
