/*
 * member.c - reading members and cards (see member.h).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "audit.h"
#include "operator.h"
#include "image.h"
#include "member.h"
#include "memberno.h"
#include "name.h"
#include "proc-int.h"
#include "report.h"
#include "rules.h"
#include "search.h"
#include "text.h"
#include "valid.h"

#define MEMBER_COLUMNS "id, application_id, member_no, status, category, name," \
	" birth_place, birth_date, sex, address, phone, institution, guardian," \
	" nik_masked, expires_on, created_at, name_key, block_reason, blocked_at, phone2," \
	" registered_on, incomplete, legacy_no, email, notes, village, nik_region FROM members"

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
	m->block_reason = col(s, 17);
	m->blocked_at = col(s, 18);
	m->phone2 = col(s, 19);
	m->registered_on = col(s, 20);
	m->incomplete = col(s, 21);
	m->legacy_no = col(s, 22);
	m->email = col(s, 23);
	m->notes = col(s, 24);
	m->village = col(s, 25);
	m->nik_region = col(s, 26);
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

	if ((rc = store_prepare(st, "SELECT c.id, c.issue_no, c.card_no, c.uid, c.chip, c.status,"
	    " c.reason, c.created_at, c.status_at, r.fields, c.media, c.printed_at FROM cards c"
	    " LEFT JOIN reprints r ON r.card_id = c.id WHERE c.member_id = ?"
	    " ORDER BY c.issue_no", &s, e)) != 0)
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
		c.reprint = col(s, 9);
		c.media = col(s, 10);
		c.printed_at = store_col_text(s, 11);
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
	if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE CAST(?1 AS TEXT)"
	    " IS NULL OR category = ?1 ORDER BY id DESC LIMIT ?2", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, category);
	store_bind_int(s, 2, limit > 0 ? limit : LLONG_MAX);
	return each_member(st, s, cb, arg, NULL, e);
}

/* A name search (search.c): the members found, best first, at most limit. */
static int
find_by_name(struct store *st, const char *query, int limit, member_cb cb, void *arg,
    struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct search_hit *v;
	struct kt_member m;
	size_t n, i;
	int rc, more, stop = 0;

	if ((rc = search_names(st, query, limit, &v, &n, &more, e)) != 0)
		return rc;
	if (n == 0) {
		rc = kt_error(e, KT_ENOTFOUND, _("no member matches '%.60s'"), query);
		goto out;
	}
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

struct counted {
	member_cb cb;
	void *arg;
	int n;
};

static int
count_member(const struct kt_member *m, void *arg)
{
	struct counted *c = arg;

	c->n++;
	return c->cb(m, c->arg);
}

/* The member whose number in the old system is query, as typed, upper-cased
 * (as a Code 39 scanner reads it) or lower-cased: 0 with *found set, or an
 * error.  The three are looked up in the unique index. */
static int
find_by_legacy(struct store *st, const char *query, int limit, member_cb cb, void *arg,
    int *found, struct kt_err *e)
{
	struct counted c = { cb, arg, 0 };
	struct store_stmt *s;
	char t[80];
	size_t n;
	int rc;

	*found = 0;
	while (*query == ' ')
		query++;
	n = strlen(query);
	while (n > 0 && query[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof t)
		return 0;
	memcpy(t, query, n);
	t[n] = '\0';
	if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE legacy_no IN (?1,"
	    " upper(?1), lower(?1)) ORDER BY legacy_no = ?1 DESC LIMIT ?2", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, t);
	store_bind_int(s, 2, limit > 0 ? limit : LLONG_MAX);
	rc = each_member(st, s, count_member, &c, NULL, e);
	*found = c.n > 0;
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
	int rc, found;

	if (query == NULL || query[0] == '\0')
		return kt_error(e, KT_EUSAGE, _("nothing to search for"));
	/* A number of the old system is any text (SLiMS: up to 20 characters). */
	if ((rc = find_by_legacy(st, query, limit, cb, arg, &found, e)) != 0 || found)
		return rc;
	for (p = query; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p != ' ' && *p != '-' && *p != '+')
			other++;
	}
	if (other > 0 || digits == 0)
		return find_by_name(st, query, limit, cb, arg, e);
	snprintf(msg, sizeof msg, _("no member matches '%.60s'"), query);
	/* A number: a phone number, a NIK, or a member or card number, in that
	 * order. */
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
		/* A member number, or the number of one of the member's cards
		 * (both end with a Damm digit). */
		if ((rc = memberno_parse(query, buf, sizeof buf, e)) != 0)
			return rc;
		if ((rc = store_prepare(st, "SELECT " MEMBER_COLUMNS " WHERE member_no = ?1 OR"
		    " id = (SELECT member_id FROM cards WHERE card_no = ?1) LIMIT ?2", &s,
		    e)) != 0)
			return rc;
		store_bind_text(s, 1, buf);
	}
	store_bind_int(s, 2, limit > 0 ? limit : LLONG_MAX);
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

int
member_photo(struct store *st, const char *number, unsigned char **data, size_t *len,
    char *type, size_t tlen, struct kt_err *e)
{
	struct store_stmt *s;
	char mno[MEMBERNO_MAX];
	const void *blob;
	size_t n = 0;
	int rc;

	if (data != NULL)
		*data = NULL;
	if (len != NULL)
		*len = 0;
	if ((rc = memberno_parse(number, mno, sizeof mno, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, data != NULL ? "SELECT p.type, p.data FROM photos p JOIN"
	    " members m ON m.id = p.member_id WHERE m.member_no = ?1" : "SELECT p.type, NULL"
	    " FROM photos p JOIN members m ON m.id = p.member_id WHERE m.member_no = ?1", &s,
	    e)) != 0)
		return rc;
	store_bind_text(s, 1, mno);
	switch (store_step(s)) {
	case STORE_ROW:
		if (type != NULL)
			snprintf(type, tlen, "%s", store_col_text(s, 0) != NULL ?
			    store_col_text(s, 0) : "");
		if (data != NULL) {
			blob = store_col_blob(s, 1, &n);
			if ((*data = malloc(n + 1)) == NULL) {
				rc = kt_error(e, KT_EFAIL, _("out of memory"));
				break;
			}
			memcpy(*data, blob, n);
			if (len != NULL)
				*len = n;
		}
		break;
	case STORE_DONE:
		rc = kt_error(e, KT_ENOTFOUND, _("no photo of member %s"), mno);
		break;
	default:
		rc = store_dberror(st, e);
	}
	store_finalize(s);
	return rc;
}

/*
 * The register's daily work (member.h): renew, edit, block, unblock.
 */

/* Whether e holds a problem about field. */
static int
has_problem(const struct kt_err *e, const char *field)
{
	int i;

	for (i = 0; i < e->nproblems; i++)
		if (strcmp(e->problems[i].field, field) == 0)
			return 1;
	return strcmp(e->field, field) == 0;
}

/* A member's record as the register's work needs it. */
struct mrow {
	long long id;
	char member_no[MEMBERNO_MAX], status[16], category[32], name[128];
	char birth_place[64], birth_date[11], sex[2], address[208], phone[24];
	char institution[128], guardian[128], nik_hash[STORE_HASH_LEN], nik_masked[24];
	char expires[11], block_reason[208], village[REGION_CODE_MAX];
	int has_inst, has_guardian, has_nik;
};

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? src : "");
}

/* The failure rc in e, said about field (e's message kept). */
static int
about(struct kt_err *e, int rc, const char *field)
{
	char msg[sizeof e->msg];

	if (e == NULL)
		return rc;
	snprintf(msg, sizeof msg, "%s", e->msg);
	return kt_error_at(e, rc, field, "%s", msg);
}

/* The member a member or card number names, inside the caller's transaction
 * (or none). */
static int
load_member(struct store *st, const char *number, struct mrow *m, struct kt_err *e)
{
	struct store_stmt *s;
	char mno[MEMBERNO_MAX];
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = memberno_parse(number, mno, sizeof mno, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT id, member_no, status, category, name, birth_place,"
	    " birth_date, sex, address, phone, institution, guardian, nik_hash, nik_masked,"
	    " expires_on, block_reason, village FROM members WHERE member_no = ?1 OR id ="
	    " (SELECT member_id FROM cards WHERE card_no = ?1)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, mno);
	if ((rc = store_step(s)) == STORE_ROW) {
		m->id = store_col_int(s, 0);
		copy(m->member_no, sizeof m->member_no, col(s, 1));
		copy(m->status, sizeof m->status, col(s, 2));
		copy(m->category, sizeof m->category, col(s, 3));
		copy(m->name, sizeof m->name, col(s, 4));
		copy(m->birth_place, sizeof m->birth_place, col(s, 5));
		copy(m->birth_date, sizeof m->birth_date, col(s, 6));
		copy(m->sex, sizeof m->sex, col(s, 7));
		copy(m->address, sizeof m->address, col(s, 8));
		copy(m->phone, sizeof m->phone, col(s, 9));
		m->has_inst = col(s, 10) != NULL;
		copy(m->institution, sizeof m->institution, col(s, 10));
		m->has_guardian = col(s, 11) != NULL;
		copy(m->guardian, sizeof m->guardian, col(s, 11));
		m->has_nik = col(s, 12) != NULL;
		copy(m->nik_hash, sizeof m->nik_hash, col(s, 12));
		copy(m->nik_masked, sizeof m->nik_masked, col(s, 13));
		copy(m->expires, sizeof m->expires, col(s, 14));
		copy(m->block_reason, sizeof m->block_reason, col(s, 15));
		copy(m->village, sizeof m->village, col(s, 16));
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("no member %s"), mno);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* The expiry a renewal gives: the category's term from the expiry, or from
 * today when that is past.  Into out (11 bytes). */
static int
renewed_expiry(struct store *st, const struct mrow *m, char *out, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_date d;
	char today[11];
	int rc;

	store_today(st, &d);
	date_format(&d, today, sizeof today);
	if ((rc = store_prepare(st, "SELECT valid_months FROM categories WHERE code = ?1", &s,
	    e)) != 0)
		return rc;
	store_bind_text(s, 1, m->category);
	if ((rc = store_step(s)) == STORE_ROW) {
		date_text_add_months(strcmp(m->expires, today) > 0 ? m->expires : today,
		    (int)store_col_int(s, 0), out, 11);
		rc = 0;
	} else
		rc = rc == STORE_DONE ? kt_error(e, KT_EFAIL, "no category %s", m->category) :
		    store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
member_renew(struct store *st, const char *number, const char *until, const char *op,
    char *mno, char *old_out, char *new_out, struct kt_err *e)
{
	struct mrow m;
	struct kt_date d, today;
	char term[11], want[11], now[11];
	long long opid;
	int rc;

	if (until != NULL) {
		if ((rc = valid_date(until, &d, e)) != 0)
			return about(e, rc, "until");
		date_format(&d, want, sizeof want);
	}
	if ((rc = operator_require(st, op, "officer|operator", _("renew members"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = load_member(st, number, &m, e)) != 0 ||
	    (rc = renewed_expiry(st, &m, term, e)) != 0)
		goto out;
	if (strcmp(m.status, "blocked") == 0) {
		rc = kt_error(e, KT_EREFUSED, _("member %s is blocked (%s): unblock it first"),
		    m.member_no, m.block_reason);
		goto out;
	}
	if (until != NULL) {
		store_today(st, &today);
		date_format(&today, now, sizeof now);
		if (strcmp(want, now) <= 0)
			rc = kt_error_at(e, KT_EUSAGE, "until", _("%s is not after today"), want);
		else if (strcmp(want, m.expires) <= 0)
			rc = kt_error_at(e, KT_EREFUSED, "until", _("member %s is valid until %s"
			    " already"), m.member_no, m.expires);
		else if (strcmp(want, term) > 0)
			rc = kt_error_at(e, KT_EREFUSED, "until", _("%s is beyond the term of"
			    " category %s: a renewal now gives %s at most"), want, m.category, term);
		if (rc != 0)
			goto out;
		copy(term, sizeof term, want);
	}
	if ((rc = store_run(st, e, "UPDATE members SET expires_on = ? WHERE id = ?", "ti", term,
	    m.id)) != 0 || (rc = store_commit(st, e)) != 0)
		goto out;
	if (mno != NULL)
		copy(mno, MEMBERNO_MAX, m.member_no);
	copy(old_out, 11, m.expires);
	copy(new_out, 11, term);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

struct due {
	long long id;
	char expires[11];
};

int
member_renew_due(struct store *st, const char *date, int apply, const char *op,
    int (*cb)(const struct kt_renewal *, void *), void (*progress)(long long, long long,
    void *), void *arg, long long *count, struct kt_err *e)
{
	struct store_stmt *s = NULL;
	struct kt_renewal r;
	struct kt_date d, t;
	struct due *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	char before[11], today[11], term[11];
	long long opid = 0;
	int rc, stop = 0;

	if (count != NULL)
		*count = 0;
	if (date == NULL)
		return kt_error_at(e, KT_EUSAGE, "expiring_before", _("give a date"));
	if ((rc = valid_date(date, &d, e)) != 0)
		return about(e, rc, "expiring_before");
	date_format(&d, before, sizeof before);
	if (apply && (rc = operator_require(st, op, "officer|operator", _("renew members"),
	    &opid, e)) != 0)
		return rc;
	/* One transaction: what is listed is what is renewed. */
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	store_today(st, &t);
	date_format(&t, today, sizeof today);
	/* The new expiry as renewed_expiry gives it, from the later of the
	 * expiry and today. */
	if ((rc = store_prepare(st, "SELECT m.id, m.member_no, m.name, m.category,"
	    " m.expires_on, c.valid_months FROM members m JOIN categories c"
	    " ON c.code = m.category WHERE m.expires_on < ?1 AND m.status = 'active'"
	    " ORDER BY m.expires_on, m.id", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, before);
	/* The rows are read whole before any is changed: a renewed expiry may
	 * still be before the date, and must not come round again. */
	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		r.member_no = col(s, 1);
		r.name = col(s, 2);
		r.category = col(s, 3);
		r.expires_on = col(s, 4);
		date_text_add_months(strcmp(r.expires_on, today) > 0 ? r.expires_on : today,
		    (int)store_col_int(s, 5), term, sizeof term);
		r.new_expires = term;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				rc = kt_error(e, KT_EFAIL, "out of memory");
				goto out;
			}
			v = nv;
		}
		v[n].id = store_col_int(s, 0);
		copy(v[n++].expires, sizeof v->expires, r.new_expires);
		if (cb != NULL)
			stop = cb(&r, arg);
	}
	if (stop != 0) {
		rc = stop;
		goto out;
	}
	if (rc != STORE_DONE) {
		rc = store_dberror(st, e);
		goto out;
	}
	store_finalize(s);
	s = NULL;
	rc = 0;
	if (apply) {
		if ((rc = store_prepare(st, "UPDATE members SET expires_on = ? WHERE id = ?", &s,
		    e)) != 0)
			goto out;
		for (i = 0; i < n; i++) {
			store_reset(s);
			store_bind_text(s, 1, v[i].expires);
			store_bind_int(s, 2, v[i].id);
			if (store_step(s) != STORE_DONE) {
				rc = store_dberror(st, e);
				goto out;
			}
			if (progress != NULL && ((i + 1) % 1000 == 0 || i + 1 == n))
				progress((long long)i + 1, (long long)n, arg);
		}
		store_finalize(s);
		s = NULL;
		if ((rc = store_commit(st, e)) != 0)
			goto out;
	}
	if (count != NULL)
		*count = (long long)n;
out:
	store_finalize(s);
	free(v);
	store_rollback(st);
	return rc;
}

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* The form a correction gives: the record with the changes over it. */
static void
edit_form(const struct mrow *m, const struct member_edit *ed, struct kt_form *f)
{
	memset(f, 0, sizeof *f);
	f->name = ed->name != NULL ? ed->name : m->name;
	/* What an imported member's record lacks stays missing (NULL) until
	 * the correction gives it. */
	f->birth_place = ed->birth_place != NULL ? ed->birth_place : or_null(m->birth_place);
	f->birth_date = ed->birth_date != NULL ? ed->birth_date : or_null(m->birth_date);
	f->sex = m->sex;
	f->address = ed->address != NULL ? ed->address : or_null(m->address);
	f->phone = ed->phone != NULL ? ed->phone : or_null(m->phone);
	f->category = ed->category != NULL ? ed->category : m->category;
	f->institution = ed->institution != NULL ? (ed->institution[0] != '\0' ?
	    ed->institution : NULL) : m->has_inst ? m->institution : NULL;
	f->guardian = ed->guardian != NULL ? (ed->guardian[0] != '\0' ? ed->guardian : NULL) :
	    m->has_guardian ? m->guardian : NULL;
	f->document = ed->document;
	f->document_no = ed->document_no;
	f->nik = ed->nik;
	/* The village is checked only when given: one kept stays. */
	f->village = ed->village;
}

/* Whether a text differs, NULL and "" being the same. */
static int
differs(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0;
}

static void
add_field(char *list, size_t len, const char *field)
{
	size_t n = strlen(list);

	snprintf(list + n, len - n, "%s%s", n > 0 ? "," : "", field);
}

/* Mark the member's live cards for printing again with field. */
static int
mark_reprint(struct store *st, long long mid, const char *field, long long opid,
    struct kt_err *e)
{
	char now[32];

	store_timestamp(st, now, sizeof now);
	/* field is added unless the list has it: replace() finds it on both
	 * engines (instr is SQLite's, strpos PostgreSQL's). */
	return store_run(st, e, "INSERT INTO reprints (card_id, fields, at, operator_id) SELECT"
	    " id, ?1, ?2, ?3 FROM cards WHERE member_id = ?4 AND status IN ('new', 'encoding',"
	    " 'active') ON CONFLICT (card_id) DO UPDATE SET fields = CASE"
	    " WHEN replace(',' || reprints.fields || ',', ',' || ?1 || ',', '')"
	    " <> ',' || reprints.fields || ',' THEN reprints.fields"
	    " ELSE reprints.fields || ',' || ?1 END, at = ?2, operator_id = ?3", "ttii", field,
	    now, opid, mid);
}

/* The document shown for a correction, in the audit trail: its kind, its
 * number masked, and what it was shown for. */
static int
audit_document(struct store *st, long long mid, const char *document,
    const char *document_no, const char *changed, struct kt_err *e)
{
	char masked[48], json[1024];

	valid_mask(document_no, masked, sizeof masked);
	if (text_json_object(json, sizeof json, "document", document, "document_no", masked,
	    "shown_for", changed, (const char *)NULL) != 0)
		return kt_error(e, KT_EFAIL, "the audit note of member %lld is too long", mid);
	return audit_event(st, "member-document", mid, json, e);
}

int
member_edit(struct store *st, const char *number, const struct member_edit *ed,
    const char *op, struct member_edited *out, struct kt_err *e)
{
	struct form_clean c;
	struct kt_form f;
	struct dupe_query q;
	struct mrow m;
	const char *inst, *guard, *nik_hash, *nik_masked;
	long long opid;
	struct kt_err pe = { 0 };
	size_t i, j;
	int rc, birth, nik, who, phone_bad = 0;

	memset(out, 0, sizeof *out);
	if (ed->name == NULL && ed->address == NULL && ed->phone == NULL &&
	    ed->category == NULL && ed->institution == NULL && ed->guardian == NULL &&
	    ed->birth_place == NULL && ed->birth_date == NULL && ed->nik == NULL &&
	    ed->document == NULL && ed->village == NULL)
		return kt_error(e, KT_EUSAGE, _("nothing to change: give the fields to correct"));
	if (ed->document_no != NULL && ed->document == NULL)
		return kt_error_at(e, KT_EUSAGE, "document", _("which document is the number"
		    " from?"));
	if ((rc = operator_require(st, op, "officer|operator", _("correct members"), &opid,
	    e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = load_member(st, number, &m, e)) != 0)
		goto out;
	copy(out->member_no, sizeof out->member_no, m.member_no);
	/* A NIK is shown, never typed alone: the document comes with it. */
	if (ed->nik != NULL && ed->document == NULL) {
		rc = kt_error_at(e, KT_EREFUSED, "document", _("a new NIK needs the document"
		    " shown again"));
		goto out;
	}
	/* A phone given in a correction is a mobile, whoever the member is: a
	 * landline is kept only from an old record (kartu import). */
	if (ed->phone != NULL) {
		char mobile[20];

		phone_bad = valid_phone(ed->phone, mobile, sizeof mobile, &pe) != 0;
	}
	edit_form(&m, ed, &f);
	/* The record is checked whole, as an application's form: with the
	 * document when one is shown, else as a member whose document was seen;
	 * a phone that is no mobile is one problem more, told with the others. */
	rc = form_check(st, &f, &c, ed->document == NULL, NULL, e);
	if (phone_bad && (rc == 0 || (e != NULL && e->nproblems > 0)) &&
	    (e == NULL || !has_problem(e, "phone"))) {
		int prc = kt_problem_from(e, "phone", &pe);

		if (rc == 0)
			rc = prc;
	}
	if (rc != 0)
		goto out;
	birth = strcmp(c.birth_date, m.birth_date) != 0;
	/* A birth date an old record lacked is completed without a document;
	 * one the register has changes only with it. */
	if (birth && m.birth_date[0] != '\0' && ed->document == NULL) {
		rc = kt_error_at(e, KT_EREFUSED, "document", _("a new birth date needs the"
		    " document shown again"));
		goto out;
	}
	/* The NIK holds the birth date: with a new date, the NIK again. */
	if (birth && m.has_nik && !c.has_nik) {
		rc = kt_error_at(e, KT_EREFUSED, "nik", _("the member's NIK holds the birth"
		    " date: give it again with the new date"));
		goto out;
	}
	nik = c.has_nik && strcmp(c.nik_hash, m.nik_hash) != 0;
	nik_hash = c.has_nik ? c.nik_hash : m.has_nik ? m.nik_hash : NULL;
	nik_masked = c.has_nik ? c.nik_masked : m.has_nik ? m.nik_masked : NULL;
	inst = c.has_inst ? c.institution : NULL;
	guard = c.has_guardian ? c.guardian : NULL;
	if (strcmp(c.name, m.name) != 0)
		add_field(out->changed, sizeof out->changed, "name");
	if (strcmp(c.birth_place, m.birth_place) != 0)
		add_field(out->changed, sizeof out->changed, "birth_place");
	if (birth)
		add_field(out->changed, sizeof out->changed, "birth_date");
	if (nik)
		add_field(out->changed, sizeof out->changed, "nik");
	if (strcmp(c.address, m.address) != 0)
		add_field(out->changed, sizeof out->changed, "address");
	if (strcmp(c.phone, m.phone) != 0)
		add_field(out->changed, sizeof out->changed, "phone");
	if (strcmp(c.cat.code, m.category) != 0)
		add_field(out->changed, sizeof out->changed, "category");
	if (differs(inst, m.has_inst ? m.institution : NULL))
		add_field(out->changed, sizeof out->changed, "institution");
	if (differs(guard, m.has_guardian ? m.guardian : NULL))
		add_field(out->changed, sizeof out->changed, "guardian");
	if (ed->village != NULL && strcmp(c.village, m.village) != 0)
		add_field(out->changed, sizeof out->changed, "village");
	/* The rules serve the person in the new category or institution. */
	if (c.refusal[0] != '\0' && (strcmp(c.cat.code, m.category) != 0 ||
	    differs(inst, m.institution))) {
		rc = kt_error_at(e, KT_EREFUSED, "institution", "%s", c.refusal);
		goto out;
	}
	who = strcmp(c.name, m.name) != 0 || birth || nik;
	if (who) {
		form_query(&c, &q);
		if ((rc = dupes_find(st, &q, &out->dupes, e)) != 0)
			goto out;
		for (i = j = 0; i < out->dupes.n; i++)	/* not the member itself */
			if (!(out->dupes.v[i].is_member && out->dupes.v[i].id == m.id))
				out->dupes.v[j++] = out->dupes.v[i];
		out->dupes.n = j;
		for (i = 0; i < out->dupes.n; i++)
			if (out->dupes.v[i].is_member && (out->dupes.v[i].reasons & DUPE_NIK)) {
				rc = kt_error_at(e, KT_EREFUSED, "nik", _("member %s, %s, has this"
				    " NIK"), out->dupes.v[i].member_no, out->dupes.v[i].name);
				goto out;
			}
	}
	if (out->changed[0] == '\0') {
		rc = store_commit(st, e);
		goto out;
	}
	/* incomplete: what is still missing after the correction (NULL when
	 * nothing is: the desk stops asking); a landline given as the phone
	 * of an imported member is its second phone. */
	if ((rc = store_run(st, e, "UPDATE members SET name = ?, name_key = ?, birth_place = ?,"
	    " birth_date = ?, address = ?, phone = ?, category = ?, institution = ?, guardian"
	    " = ?, nik_hash = ?, nik_masked = ?, incomplete = ?, phone2 = coalesce(?, phone2),"
	    " nik_region = coalesce(?, nik_region), village = coalesce(?, village) WHERE id = ?",
	    "ttttttttttttttti", c.name, c.key, or_null(c.birth_place), or_null(c.birth_date),
	    or_null(c.address), or_null(c.phone), c.cat.code, inst, guard, nik_hash, nik_masked,
	    or_null(c.incomplete), or_null(c.phone2), or_null(c.nik_region), or_null(c.village),
	    m.id)) != 0)
		goto out;
	if (strcmp(c.cat.code, m.category) != 0 &&
	    ((rc = report_tally(st, m.id, m.category, -1, e)) != 0 ||
	    (rc = report_tally(st, m.id, c.cat.code, 1, e)) != 0))
		goto out;
	if (ed->document != NULL && (rc = audit_document(st, m.id, ed->document,
	    ed->document_no != NULL ? ed->document_no : "", out->changed, e)) != 0)
		goto out;
	/* What the card shows (layouts: {name}, {category_name}). */
	if (strcmp(c.name, m.name) != 0) {
		add_field(out->reprint, sizeof out->reprint, "name");
		if ((rc = mark_reprint(st, m.id, "name", opid, e)) != 0)
			goto out;
	}
	if (strcmp(c.cat.code, m.category) != 0) {
		add_field(out->reprint, sizeof out->reprint, "category");
		if ((rc = mark_reprint(st, m.id, "category", opid, e)) != 0)
			goto out;
	}
	rc = store_commit(st, e);
out:
	if (rc != 0) {
		store_rollback(st);
		dupes_free(&out->dupes);
	}
	return rc;
}

int
member_block(struct store *st, const char *number, const char *reason, const char *op,
    char *mno, struct kt_err *e)
{
	struct mrow m;
	char why[201], now[32];
	long long opid;
	int rc;

	if (reason == NULL)
		return kt_error_at(e, KT_EUSAGE, "reason", _("say why"));
	if ((rc = valid_text(reason, _("reason"), 200, why, e)) != 0)
		return about(e, rc, "reason");
	if ((rc = operator_require(st, op, "officer", _("block members"), &opid, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = load_member(st, number, &m, e)) != 0)
		goto out;
	if (strcmp(m.status, "blocked") == 0) {
		rc = kt_error(e, KT_EREFUSED, _("member %s is blocked already (%s)"), m.member_no,
		    m.block_reason);
		goto out;
	}
	store_timestamp(st, now, sizeof now);
	if ((rc = store_run(st, e, "UPDATE members SET status = 'blocked', block_reason = ?,"
	    " blocked_at = ?, blocked_by = ? WHERE id = ?", "ttii", why, now, opid, m.id)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		goto out;
	copy(mno, MEMBERNO_MAX, m.member_no);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
member_unblock(struct store *st, const char *number, const char *reason, const char *op,
    char *mno, struct kt_err *e)
{
	struct mrow m;
	char why[201] = "", json[2048];
	long long opid;
	int rc;

	if (reason != NULL && (rc = valid_text(reason, _("reason"), 200, why, e)) != 0)
		return about(e, rc, "reason");
	if ((rc = operator_require(st, op, "officer", _("unblock members"), &opid, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = load_member(st, number, &m, e)) != 0)
		goto out;
	if (strcmp(m.status, "blocked") != 0) {
		rc = kt_error(e, KT_EREFUSED, _("member %s is not blocked"), m.member_no);
		goto out;
	}
	if ((rc = store_run(st, e, "UPDATE members SET status = 'active', block_reason = NULL,"
	    " blocked_at = NULL, blocked_by = NULL WHERE id = ?", "i", m.id)) != 0)
		goto out;
	/* Why it was lifted, beside the row's before and after. */
	if (reason != NULL) {
		if (text_json_object(json, sizeof json, "unblocked", why, "was_blocked_for",
		    m.block_reason, (const char *)NULL) != 0) {
			rc = kt_error(e, KT_EFAIL, "the audit note of member %lld is too long",
			    m.id);
			goto out;
		}
		if ((rc = audit_event(st, "member-unblocked", m.id, json, e)) != 0)
			goto out;
	}
	if ((rc = store_commit(st, e)) != 0)
		goto out;
	copy(mno, MEMBERNO_MAX, m.member_no);
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
member_reprinted(struct store *st, const char *card_no, struct kt_err *e)
{
	return store_run(st, e, "DELETE FROM reprints WHERE card_id = (SELECT id FROM cards"
	    " WHERE card_no = ?)", "t", card_no);
}

int
member_reprints(struct store *st, char ***out, struct kt_err *e)
{
	struct store_stmt *s;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	if ((rc = store_prepare(st, "SELECT c.card_no FROM reprints r JOIN cards c ON c.id ="
	    " r.card_id WHERE c.status NOT IN ('lost', 'damaged', 'replaced', 'revoked')"
	    " ORDER BY r.at, c.id", &s, e)) != 0)
		return rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (n + 1 >= cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL)
				break;
			v = nv;
		}
		if ((v[n] = strdup(col(s, 0))) == NULL)
			break;
		v[++n] = NULL;
	}
	if (rc == STORE_ROW)
		rc = kt_error(e, KT_EFAIL, "out of memory");
	else
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	if (rc != 0) {
		member_reprints_free(v);
		return rc;
	}
	if (v == NULL && (v = calloc(1, sizeof *v)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	*out = v;
	return 0;
}

void
member_reprints_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
