/*
 * member.c - reading members and cards (see member.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "operator.h"
#include "image.h"
#include "member.h"
#include "memberno.h"
#include "name.h"
#include "rules.h"
#include "valid.h"

#define MEMBER_COLUMNS "id, application_id, member_no, status, category, name," \
	" birth_place, birth_date, sex, address, phone, institution, guardian," \
	" nik_masked, expires_on, created_at, name_key FROM members"

static const char *
col(struct store_stmt *s, int i)
{
	return store_col_text(s, i);
}

static void
member_row(struct store_stmt *s, struct kt_member *m)
{
	m->id = store_col_int(s, 0);
	m->application_id = store_col_int(s, 1);
	m->member_no = col(s, 2);
	m->status = col(s, 3);
	m->category = col(s, 4);
	m->name = col(s, 5);
	m->birth_place = col(s, 6);
	m->birth_date = col(s, 7);
	m->sex = col(s, 8);
	m->address = col(s, 9);
	m->phone = col(s, 10);
	m->institution = col(s, 11);
	m->guardian = col(s, 12);
	m->nik_masked = col(s, 13);
	m->expires_on = col(s, 14);
	m->created_at = col(s, 15);
	m->score = 1.0;
}

struct member_walk {
	member_cb cb;
	void *arg;
};

static int
member_step(struct store_stmt *s, void *arg)
{
	struct member_walk *w = arg;
	struct kt_member m;

	member_row(s, &m);
	return w->cb(&m, w->arg);
}

/* Call cb on each member s yields (s is finalized here). */
static int
each_member(struct store *st, struct store_stmt *s, member_cb cb, void *arg,
    const char *notfound, struct kt_err *e)
{
	struct member_walk w = { cb, arg };

	return store_each(st, s, member_step, &w, notfound, e);
}

int
member_get(struct store *st, const char *number, member_cb cb, void *arg,
    struct kt_err *e)
{
	struct store_stmt *s;
	char mno[MEMBERNO_MAX], msg[80];
	int rc;

	if ((rc = memberno_parse(number, mno, sizeof mno, e)) != 0)
		return rc;
	/* A member number, or the number of one of the member's cards. */
	if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE member_no = ?1 OR id ="
	    " (SELECT member_id FROM cards WHERE card_no = ?1)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, mno);
	snprintf(msg, sizeof msg, _("no member %s"), mno);
	return each_member(st, s, cb, arg, msg, e);
}

int
member_cards(struct store *st, long long member_id,
    int (*cb)(const struct kt_card *, void *), void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_card c;
	int rc, stop = 0;

	if ((rc = store_prepare(st, "SELECT id, issue_no, card_no, uid, chip, status, reason,"
	    " created_at, status_at, media, printed_at FROM cards WHERE member_id = ?"
	    " ORDER BY issue_no", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, member_id);
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		c.id = store_col_int(s, 0);
		c.issue_no = store_col_int(s, 1);
		c.card_no = col(s, 2);
		c.uid = col(s, 3);
		c.chip = col(s, 4);
		c.status = col(s, 5);
		c.reason = col(s, 6);
		c.created_at = col(s, 7);
		c.status_at = col(s, 8);
		c.media = col(s, 9);
		c.printed_at = store_col_text(s, 10);
		stop = cb(&c, arg);
	}
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
member_list(struct store *st, const char *category, int limit, member_cb cb, void *arg,
    struct kt_err *e)
{
	struct kt_category cat;
	struct store_stmt *s;
	int rc;

	/* A category that does not exist is a typo, not an empty list. */
	if (category != NULL && (rc = rules_category(st, category, &cat, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE ?1 IS NULL OR"
	    " category = ?1 ORDER BY id DESC LIMIT ?2", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, category);
	store_bind_int(s, 2, limit > 0 ? limit : -1);
	return each_member(st, s, cb, arg, NULL, e);
}

struct found {
	long long id;
	double score;
};

static int
by_score(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A name search: members whose key holds the longest token of the query are
 * scored with name_similarity; those at 0.6 or more are kept. */
static int
find_by_name(struct store *st, const char *query, int limit, member_cb cb, void *arg,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct found *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	char key[NAME_KEY_MAX], like[NAME_KEY_MAX + 2], *tok, *best = NULL, *save;
	char copy[NAME_KEY_MAX];
	struct kt_member m;
	double sim;
	int rc, stop = 0;

	if (name_key(query, key, sizeof key) == 0)
		return kt_error(e, KT_EUSAGE, _("nothing to search for"));
	snprintf(copy, sizeof copy, "%s", key);
	for (tok = strtok_r(copy, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
		if (best == NULL || strlen(tok) > strlen(best))
			best = tok;
	snprintf(like, sizeof like, "%%%s%%", best);
	if ((rc = store_prepare(st, "SELECT id, name_key FROM members WHERE name_key LIKE ?",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, like);
	while ((rc = store_step(s)) == STORE_ROW) {
		sim = name_similarity(key, col(s, 1));
		if (sim < 0.6)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				rc = kt_error(e, KT_EFAIL, "out of memory");
				goto out;
			}
			v = nv;
		}
		v[n].id = store_col_int(s, 0);
		v[n++].score = sim;
	}
	if (rc != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	store_finalize(s);
	s = NULL;
	if (n == 0) {
		rc = kt_error(e, KT_ENOTFOUND, _("no member matches '%.60s'"), query);
		goto out;
	}
	qsort(v, n, sizeof *v, by_score);
	if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE id = ?", &s, e)) != 0)
		goto out;
	for (i = 0; i < n && (limit <= 0 || i < (size_t)limit) && !stop; i++) {
		store_reset(s);
		store_bind_int(s, 1, v[i].id);
		if (store_step(s) != STORE_ROW)
			continue;
		member_row(s, &m);
		m.score = v[i].score;
		stop = cb(&m, arg);
	}
	rc = stop;
out:
	store_finalize(s);
	free(v);
	return rc;
}

int
member_find(struct store *st, const char *query, int limit, member_cb cb, void *arg,
    struct kt_err *e)
{
	struct store_stmt *s;
	char buf[64], hash[STORE_HASH_LEN], msg[96];
	const char *p;
	size_t digits = 0, other = 0;
	int rc;

	if (query == NULL || query[0] == '\0')
		return kt_error(e, KT_EUSAGE, _("nothing to search for"));
	for (p = query; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p != ' ' && *p != '-' && *p != '+')
			other++;
	}
	if (other > 0 || digits == 0)
		return find_by_name(st, query, limit, cb, arg, e);
	snprintf(msg, sizeof msg, _("no member matches '%.60s'"), query);
	/* A number: a phone number, a NIK or a member number, in that order. */
	if (valid_phone(query, buf, sizeof buf, NULL) == 0) {
		if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE phone = ?"
		    " ORDER BY id LIMIT ?", &s, e)) != 0)
			return rc;
		store_bind_text(s, 1, buf);
	} else if (digits == 16 && valid_nik(query, NULL, 0, NULL) == 0) {
		if ((rc = store_hash_id(st, "nik", query, hash, e)) != 0 ||
		    (rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE nik_hash = ?"
		    " ORDER BY id LIMIT ?", &s, e)) != 0)
			return rc;
		store_bind_text(s, 1, hash);
		snprintf(msg, sizeof msg, "%s", _("no member has that NIK"));
	} else {
		if ((rc = memberno_parse(query, buf, sizeof buf, e)) != 0)
			return rc;
		if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE member_no = ?"
		    " LIMIT ?", &s, e)) != 0)
			return rc;
		store_bind_text(s, 1, buf);
	}
	store_bind_int(s, 2, limit > 0 ? limit : -1);
	return each_member(st, s, cb, arg, msg, e);
}

int
member_set_photo(struct store *st, const char *number, const unsigned char *data,
    size_t len, const char *op, struct kt_err *e)
{
	cairo_surface_t *img;
	struct store_stmt *s;
	char mno[MEMBERNO_MAX], now[32];
	long long opid;
	int rc, w, h;

	if ((rc = memberno_parse(number, mno, sizeof mno, e)) != 0)
		return rc;
	if (len > PHOTO_MAX_BYTES)
		return kt_error(e, KT_EUSAGE, _("a photo is at most %u KiB; this one is %zu KiB"),
		    PHOTO_MAX_BYTES >> 10, len >> 10);
	if ((rc = image_decode(data, len, _("the photo"), &img, e)) != 0)
		return rc;
	w = cairo_image_surface_get_width(img);
	h = cairo_image_surface_get_height(img);
	cairo_surface_destroy(img);
	if (w < 60 || h < 80)
		return kt_error(e, KT_EUSAGE, _("the photo is %d x %d pixels; a card needs at"
		    " least 60 x 80"), w, h);
	if ((rc = operator_require(st, op, "officer|operator", _("take photos"), &opid, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	store_timestamp(st, now, sizeof now);
	if ((rc = store_prepare(st, "INSERT INTO photos (member_id, type, data, width, height,"
	    " at, operator_id) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM members WHERE member_no"
	    " = ?1 ON CONFLICT (member_id) DO UPDATE SET type = excluded.type, data ="
	    " excluded.data, width = excluded.width, height = excluded.height, at ="
	    " excluded.at, operator_id = excluded.operator_id", &s, e)) != 0)
		goto fail;
	store_bind_text(s, 1, mno);
	store_bind_text(s, 2, image_type(data, len));
	store_bind_blob(s, 3, data, len);
	store_bind_int(s, 4, w);
	store_bind_int(s, 5, h);
	store_bind_text(s, 6, now);
	store_bind_int(s, 7, opid);
	if (store_step(s) != STORE_DONE)
		rc = store_dberror(st, e);
	else if (store_changes(st) == 0)
		rc = kt_error(e, KT_ENOTFOUND, _("no member %s"), mno);
	store_finalize(s);
	if (rc != 0)
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return rc;
}
