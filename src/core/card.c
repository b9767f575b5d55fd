/*
 * card.c - encoding cards and the desk check (see card.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "operator.h"
#include "card.h"
#include "eligibility.h"
#include "origin.h"
#include "payload.h"
#include "revlist.h"
#include "rules.h"
#include "tag.h"
#include "wib.h"


static const struct {
	const char *code;
	const char *text;
} verdicts[] = {
	[VERDICT_ACTIVE] = { "ACTIVE", N_("ACTIVE") },
	[VERDICT_EXPIRED] = { "EXPIRED", N_("EXPIRED") },
	[VERDICT_BLOCKED] = { "BLOCKED", N_("BLOCKED") },
	[VERDICT_LOST] = { "LOST", N_("LOST") },
	[VERDICT_REPLACED] = { "REPLACED", N_("REPLACED") },
	[VERDICT_FORGED] = { "FORGED", N_("FORGED") },
	[VERDICT_UNFINISHED] = { "UNFINISHED", N_("UNFINISHED") },
	[VERDICT_UNKNOWN] = { "UNKNOWN", N_("UNKNOWN") },
	[VERDICT_NOT_GENUINE] = { "NOT-GENUINE", N_("NOT GENUINE") },
};

const char *
verdict_code(enum verdict v)
{
	return verdicts[v].code;
}

const char *
verdict_text(enum verdict v)
{
	return _(verdicts[v].text);
}

static const char *
col(struct store_stmt *s, int i)
{
	const char *t = store_col_text(s, i);

	return t != NULL ? t : "";
}

int
card_media_valid(const char *m)
{
	return m != NULL && (strcmp(m, "chip") == 0 || strcmp(m, "printed") == 0 ||
	    strcmp(m, "chip+printed") == 0);
}

static int
has_chip(const char *media)
{
	return strcmp(media, "printed") != 0;
}

static int
has_print(const char *media)
{
	return strcmp(media, "chip") != 0;
}

static void
hex(const unsigned char *b, size_t n, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, 3, "%02X", b[i]);
}

/* Find the card to encode for number.  Sets the card's id, number, status and
 * uid, and the member's expiry. */
struct target {
	long long id;
	char card_no[CARDNO_MAX], status[16], uid[24], expires[11], media[16];
	int printed;
};

static int
find_target(struct store *st, const char *number, struct target *c, struct kt_err *e)
{
	char digits[CARDNO_MAX];
	struct store_stmt *s;
	int rc;

	memset(c, 0, sizeof *c);
	/* Card and member numbers both end with a Damm check digit; the store
	 * tells which this is: a card number first, else a member's newest card
	 * not yet encoded. */
	if ((rc = memberno_parse(number, digits, sizeof digits, e)) != 0)
		return rc;
	if ((rc = store_prepare(st,
	    "SELECT c.id, c.card_no, c.status, c.uid, m.expires_on, c.media,"
	    " c.printed_at IS NOT NULL FROM cards c"
	    " JOIN members m ON m.id = c.member_id WHERE c.card_no = ?1"
	    " UNION ALL SELECT * FROM (SELECT c.id, c.card_no, c.status, c.uid, m.expires_on,"
	    " c.media, c.printed_at IS NOT NULL"
	    " FROM cards c JOIN members m ON m.id = c.member_id WHERE m.member_no = ?1"
	    " AND c.status IN ('new', 'encoding') ORDER BY c.issue_no DESC LIMIT 1) AS newest"
	    " LIMIT 1", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, digits);
	if ((rc = store_step(s)) == STORE_ROW) {
		c->id = store_col_int(s, 0);
		snprintf(c->card_no, sizeof c->card_no, "%s", col(s, 1));
		snprintf(c->status, sizeof c->status, "%s", col(s, 2));
		snprintf(c->uid, sizeof c->uid, "%s", col(s, 3));
		snprintf(c->expires, sizeof c->expires, "%s", col(s, 4));
		snprintf(c->media, sizeof c->media, "%s", col(s, 5));
		c->printed = (int)store_col_int(s, 6);
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND,
		    _("%s is neither a card nor a member with a card waiting to be encoded"),
		    digits);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
card_encodable(struct store *st, const char *number, struct kt_err *e)
{
	struct target c;
	int rc;

	if ((rc = find_target(st, number, &c, e)) != 0)
		return rc;
	if (!has_chip(c.media))
		return kt_error(e, KT_EREFUSED, _("card %s is a printed card: it has no chip"
		    " to encode"), c.card_no);
	return 0;
}

/* Set the card's status (and uid and chip when not NULL). */
static int
set_card(struct store *st, long long id, const char *status, const char *uid,
    const char *chip, long long op, struct kt_err *e)
{
	char now[32];

	store_timestamp(st, now, sizeof now);
	return store_run(st, e, "UPDATE cards SET status = ?1, uid = coalesce(?2, uid),"
	    " chip = coalesce(?3, chip), status_at = ?4, status_by = ?5 WHERE id = ?6",
	    "ttttii", status, uid, chip, now, op, id);
}

/* For an NTAG: 0 if its originality signature is NXP's (or the trusted
 * key's), KT_EREFUSED if not; other chips have none to check. */
static int
genuine(struct reader *r, const struct tag *t, const char *origin_key, struct kt_err *e)
{
	unsigned char sig[32];
	int rc;

	if (t->kind != TAG_NTAG213 && t->kind != TAG_NTAG215 && t->kind != TAG_NTAG216)
		return 0;
	if ((rc = ntag_read_sig(r, sig, e)) != 0)
		return rc;
	return origin_verify(t->uid, t->uidlen, sig, origin_key, e);
}

int
card_encode(struct store *st, const struct keys *k, struct reader *r, const struct tag *t,
    const char *number, const char *op, char *card_no, const char *origin_key,
    struct kt_err *e)
{
	struct target c;
	struct card_payload p;
	struct store_stmt *s = NULL;
	char uid[24];
	long long opid;
	int rc;

	if ((rc = operator_require(st, op, "operator", _("encode cards"), &opid, e)) != 0)
		return rc;
	if (!k->have_secret)
		return kt_error(e, KT_EREFUSED,
		    _("this station has no secret key: it cannot write cards"));
	if ((rc = genuine(r, t, origin_key, e)) != 0)
		return rc;
	hex(t->uid, t->uidlen, uid, sizeof uid);
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = find_target(st, number, &c, e)) != 0)
		goto out;
	if (!has_chip(c.media)) {
		rc = kt_error(e, KT_EREFUSED, _("card %s is a printed card: it has no chip"
		    " to encode"), c.card_no);
		goto out;
	}
	if (strcmp(c.status, "new") != 0 && strcmp(c.status, "encoding") != 0 &&
	    !(strcmp(c.status, "active") == 0 && strcmp(c.uid, uid) == 0)) {
		rc = kt_error(e, KT_EREFUSED, _("card %s is %s: it cannot be encoded again"),
		    c.card_no, c.status);
		goto out;
	}
	/* One chip, one card. */
	if ((rc = store_prepare(st, "SELECT c.card_no, m.member_no FROM cards c JOIN members m"
	    " ON m.id = c.member_id WHERE c.uid = ? AND c.id <> ?", &s, e)) != 0)
		goto out;
	store_bind_text(s, 1, uid);
	store_bind_int(s, 2, c.id);
	if (store_step(s) == STORE_ROW) {
		rc = kt_error(e, KT_EREFUSED, _("this chip is already card %s of member %s"),
		    col(s, 0), col(s, 1));
		goto out;
	}
	store_finalize(s);
	s = NULL;
	/* An earlier attempt on another chip that never finished is taken over
	 * by this chip: the card now names this UID, so the desk answers FORGED
	 * for the other chip. */
	if ((rc = set_card(st, c.id, "encoding", uid, tag_kind_name(t->kind), opid, e)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		goto out;

	memset(&p, 0, sizeof p);
	p.version = PAYLOAD_VERSION;
	if ((rc = store_setting(st, "library_code", p.library, sizeof p.library, e)) != 0)
		goto out;
	snprintf(p.card_no, sizeof p.card_no, "%s", c.card_no);
	valid_date(c.expires, &p.expires, NULL);
	if ((rc = payload_sign(&p, t->uid, t->uidlen, k->sk, k->pk, e)) != 0 ||
	    (rc = tag_write(r, t, k, &p, e)) != 0)
		goto out;	/* the card stays 'encoding': the next try finishes it */

	/* Active now, unless the card is to be printed too and is not yet:
	 * then it waits for its print, its chip done. */
	if ((rc = store_begin(st, e)) != 0 ||
	    (rc = set_card(st, c.id, !has_print(c.media) || c.printed ? "active" : "new",
	    NULL, NULL, opid, e)) != 0 ||
	    (rc = store_run(st, e, "UPDATE cards SET encoded_at = status_at WHERE id = ?",
	    "i", c.id)) != 0 ||
	    (rc = store_commit(st, e)) != 0)
		goto out;
	snprintf(card_no, CARDNO_MAX, "%s", c.card_no);
out:
	store_finalize(s);
	store_rollback(st);
	return rc;
}

/* Fill v from the database's record of card_no; uid (may be "") is the chip
 * the payload was read from. */
static int
judge(struct store *st, const char *card_no, const char *uid, struct card_verdict *v,
    struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_date today;
	char now[11];
	int rc;

	if ((rc = store_prepare(st, "SELECT c.status, c.uid, c.status_at, m.member_no, m.name,"
	    " m.category, m.expires_on, m.status, CASE WHEN m.status = 'blocked' THEN"
	    " m.block_reason ELSE c.reason END, c.media, c.encoded_at IS NOT NULL, m.incomplete,"
	    " c.id FROM cards c JOIN members m"
	    " ON m.id = c.member_id WHERE c.card_no = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, card_no);
	snprintf(v->card_no, sizeof v->card_no, "%s", card_no);
	snprintf(v->via, sizeof v->via, "%s", uid[0] != '\0' ? "chip" : "barcode");
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
		v->verdict = VERDICT_UNKNOWN;
		snprintf(v->detail, sizeof v->detail, _("card %s is not in this station's records"),
		    card_no);
		store_finalize(s);
		return rc;
	}
	v->card_id = store_col_int(s, 12);
	snprintf(v->member_no, sizeof v->member_no, "%s", col(s, 3));
	snprintf(v->name, sizeof v->name, "%s", col(s, 4));
	snprintf(v->category, sizeof v->category, "%s", col(s, 5));
	snprintf(v->expires_on, sizeof v->expires_on, "%s", col(s, 6));
	snprintf(v->since, sizeof v->since, "%s", col(s, 2));
	if (col(s, 11) != NULL)
		snprintf(v->incomplete, sizeof v->incomplete, "%s", col(s, 11));
	store_today(st, &today);
	date_format(&today, now, sizeof now);
	if (uid[0] != '\0' && strcmp(col(s, 1), uid) != 0 && strcmp(col(s, 0), "new") != 0) {
		v->verdict = VERDICT_FORGED;
		snprintf(v->detail, sizeof v->detail,
		    _("card %s was issued on another chip (%s)"), card_no, col(s, 1));
	} else if (strcmp(col(s, 0), "lost") == 0)
		v->verdict = VERDICT_LOST;
	else if (strcmp(col(s, 0), "replaced") == 0 || strcmp(col(s, 0), "damaged") == 0)
		v->verdict = VERDICT_REPLACED;
	else if (strcmp(col(s, 0), "revoked") == 0 || strcmp(col(s, 7), "blocked") == 0) {
		v->verdict = VERDICT_BLOCKED;
		/* Why, for staff: the officer's reason (kartu member block). */
		snprintf(v->reason, sizeof v->reason, "%s", col(s, 8));
	}
	else if (strcmp(col(s, 0), "active") != 0) {
		v->verdict = VERDICT_UNFINISHED;
		/* What is missing: the chip first (a chip being written), then
		 * the print. */
		if (has_chip(col(s, 9)) && (store_col_int(s, 10) == 0 ||
		    strcmp(col(s, 0), "encoding") == 0)) {
			snprintf(v->next, sizeof v->next, "encode");
			snprintf(v->detail, sizeof v->detail,
			    _("card %s was never finished: encode it again"), card_no);
		} else {
			snprintf(v->next, sizeof v->next, "print");
			snprintf(v->detail, sizeof v->detail,
			    _("card %s is not printed yet: print it"), card_no);
		}
	} else if (strcmp(col(s, 6), now) < 0)
		v->verdict = VERDICT_EXPIRED;
	else
		v->verdict = VERDICT_ACTIVE;
	store_finalize(s);
	return 0;
}

/* An old card of the previous system: the member whose legacy_no is code (in
 * any case), or, for a code that is a NIK (INLISLite may number members by
 * their NIK), the member with that NIK.  *found 0 when there is none. */
static int
judge_old(struct store *st, const char *code, struct card_verdict *v, int *found,
    struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_date today;
	char now[11], hash[STORE_HASH_LEN] = "";
	int rc, nik;

	*found = 0;
	nik = strlen(code) == 16 && strspn(code, "0123456789") == 16 &&
	    valid_nik(code, NULL, 0, NULL) == 0;
	if (nik && store_hash_id(st, "nik", code, hash, NULL) != 0)
		hash[0] = '\0';
	if ((rc = store_prepare(st, "SELECT m.member_no, m.name, m.category, m.expires_on,"
	    " m.status, c.card_no, c.status, c.status_at, m.incomplete FROM members m"
	    " LEFT JOIN cards c ON c.id = (SELECT id FROM cards WHERE member_id = m.id"
	    " ORDER BY issue_no DESC LIMIT 1)"
	    " WHERE m.id = (SELECT id FROM members WHERE upper(legacy_no) = upper(?1)"
	    " AND legacy_no IS NOT NULL UNION ALL SELECT id FROM members WHERE nik_hash = ?2"
	    " LIMIT 1)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, code);
	store_bind_text(s, 2, hash[0] != '\0' ? hash : NULL);
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
		store_finalize(s);
		return rc;
	}
	*found = 1;
	memset(v, 0, sizeof *v);
	v->old_card = 1;
	snprintf(v->via, sizeof v->via, "barcode");
	/* A NIK is never shown whole. */
	if (nik)
		valid_mask(code, v->card_no, sizeof v->card_no);
	else
		snprintf(v->card_no, sizeof v->card_no, "%s", code);
	snprintf(v->member_no, sizeof v->member_no, "%s", col(s, 0));
	snprintf(v->name, sizeof v->name, "%s", col(s, 1));
	snprintf(v->category, sizeof v->category, "%s", col(s, 2));
	snprintf(v->expires_on, sizeof v->expires_on, "%s", col(s, 3));
	if (col(s, 8) != NULL)
		snprintf(v->incomplete, sizeof v->incomplete, "%s", col(s, 8));
	store_today(st, &today);
	date_format(&today, now, sizeof now);
	if (strcmp(col(s, 6), "active") == 0) {
		/* The member has the new card: the old one is done with. */
		v->verdict = VERDICT_REPLACED;
		snprintf(v->since, sizeof v->since, "%s", col(s, 7));
		snprintf(v->detail, sizeof v->detail, _("old card: replaced by card %s"),
		    col(s, 5));
	} else {
		v->verdict = strcmp(col(s, 4), "blocked") == 0 ? VERDICT_BLOCKED :
		    strcmp(col(s, 3), now) < 0 ? VERDICT_EXPIRED : VERDICT_ACTIVE;
		snprintf(v->detail, sizeof v->detail, "%s",
		    _("old card: replace it at the counter"));
	}
	store_finalize(s);
	return 0;
}

int
card_check_number(struct store *st, const char *number, struct card_verdict *v,
    struct kt_err *e)
{
	struct kt_err why = { 0 };
	char buf[CARDNO_MAX];
	int rc, found;

	memset(v, 0, sizeof *v);
	if ((rc = cardno_parse(number, buf, sizeof buf, NULL, 0, NULL, &why)) == 0) {
		if ((rc = judge(st, buf, "", v, e)) != 0 || v->member_no[0] != '\0')
			return rc;
	} else if (strlen(number) >= CARD_CODE_MAX)
		return kt_error(e, rc, "%s", why.msg);
	/* Not a card of this station: perhaps an old card's number. */
	if ((rc = judge_old(st, number, v, &found, e)) != 0 || found)
		return rc;
	/* A malformed number is an error; a good one not on record, UNKNOWN. */
	return why.msg[0] != '\0' ? kt_error(e, KT_EUSAGE, "%s", why.msg) : 0;
}

int
card_check_id(struct store *st, long long card_id, struct card_verdict *v, struct kt_err *e)
{
	struct store_stmt *s;
	char card_no[CARDNO_MAX];
	int rc;

	memset(v, 0, sizeof *v);
	if ((rc = store_prepare(st, "SELECT card_no FROM cards WHERE id = ?", &s, e)) != 0)
		return rc;
	store_bind_int(s, 1, card_id);
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? kt_error(e, KT_ENOTFOUND, _("no card %lld"), card_id) :
		    store_dberror(st, e);
		store_finalize(s);
		return rc;
	}
	snprintf(card_no, sizeof card_no, "%s", col(s, 0));
	store_finalize(s);
	return judge(st, card_no, "", v, e);
}

/* What chip_verify made of a tapped chip. */
struct chip {
	enum {
		CHIP_ANSWERED,		/* v holds the answer: a foreign card, a card
					   of another library, a chip not genuine */
		CHIP_UNVERIFIED,	/* blank, damaged or badly signed: v says
					   UNKNOWN or FORGED, and why */
		CHIP_VERIFIED		/* p is signed for this chip, a genuine one */
	} state;
	struct card_payload p;
};

/*
 * The steps of the desk check that need neither the register nor the
 * revocation list, in the order both checks take them: a foreign card, the
 * chip's payload, its library, its signature over the UID, the genuine NTAG.
 * The library is library, or, when that is NULL, st's library_code, asked
 * only once a payload was read (a foreign or blank chip needs no database).
 * v is filled from scratch (uid, verdict UNKNOWN, and c->state's answer).
 * 0, or an error when the reader or st failed.
 */
static int
chip_verify(const struct keys *k, struct reader *r, const struct tag *t,
    const char *origin_key, struct store *st, const char *library, struct chip *c,
    struct card_verdict *v, struct kt_err *e)
{
	struct kt_err why = { 0 };
	char lib[32];
	int rc;

	memset(v, 0, sizeof *v);
	hex(t->uid, t->uidlen, v->uid, sizeof v->uid);
	v->verdict = VERDICT_UNKNOWN;
	c->state = CHIP_ANSWERED;
	if (t->kind == TAG_FOREIGN) {
		snprintf(v->detail, sizeof v->detail,
		    _("not a library card (a bank, e-money or other card)"));
		return 0;
	}
	rc = tag_read(r, t, &c->p, &why);
	if (rc != 0 && rc != KT_ENOTFOUND && rc != KT_EUSAGE)
		return kt_error(e, rc, "%s", why.msg);	/* the reader failed */
	if (rc != 0) {
		c->state = CHIP_UNVERIFIED;
		snprintf(v->detail, sizeof v->detail, "%.200s", why.msg);
		return 0;
	}
	snprintf(v->card_no, sizeof v->card_no, "%s", c->p.card_no);
	if (library == NULL) {
		if ((rc = store_setting(st, "library_code", lib, sizeof lib, e)) != 0)
			return rc;
		library = lib;
	}
	if (strcmp(library, c->p.library) != 0) {
		snprintf(v->detail, sizeof v->detail, _("a card of another library (%s)"),
		    c->p.library);
		return 0;
	}
	if (payload_verify(&c->p, t->uid, t->uidlen, k->pk, &why) != 0) {
		c->state = CHIP_UNVERIFIED;
		v->verdict = VERDICT_FORGED;
		snprintf(v->detail, sizeof v->detail, "%.200s", why.msg);
		return 0;
	}
	/* A good payload on a chip that is no genuine NTAG: a clone that
	 * copied the UID as well. */
	if ((rc = genuine(r, t, origin_key, &why)) == KT_EREFUSED) {
		v->verdict = VERDICT_NOT_GENUINE;
		snprintf(v->detail, sizeof v->detail, "%.200s", why.msg);
		return 0;
	}
	if (rc != 0)
		return kt_error(e, rc, "%s", why.msg);
	c->state = CHIP_VERIFIED;
	return 0;
}

int
card_check_tag(struct store *st, const struct keys *k, struct reader *r,
    const struct tag *t, const char *origin_key, struct card_verdict *v,
    struct kt_err *e)
{
	struct chip c;
	struct store_stmt *s;
	int rc;

	if ((rc = chip_verify(k, r, t, origin_key, st, NULL, &c, v, e)) != 0 ||
	    c.state == CHIP_ANSWERED)
		return rc;
	if (c.state == CHIP_VERIFIED)
		return judge(st, c.p.card_no, v->uid, v, e);
	/* Blank, damaged or badly signed: perhaps a chip whose encode was cut
	 * short, which the store knows by its UID. */
	if ((rc = store_prepare(st, "SELECT card_no FROM cards WHERE uid = ?"
	    " AND status IN ('new', 'encoding')", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, v->uid);
	if (store_step(s) == STORE_ROW) {
		v->verdict = VERDICT_UNFINISHED;
		snprintf(v->next, sizeof v->next, "encode");
		snprintf(v->card_no, sizeof v->card_no, "%s", col(s, 0));
		snprintf(v->detail, sizeof v->detail,
		    _("card %s was never finished: encode it again"), v->card_no);
	}
	store_finalize(s);
	return 0;
}

/* Fill v from the list's entry, or else from the term the chip carries. */
static void
judge_offline(const struct revlist *l, const char *card_no, const struct kt_date *chip_expires,
    time_t now, struct card_verdict *v)
{
	const struct revlist_entry *x = revlist_find(l, card_no);
	struct kt_date today, list_day;
	char day[11], listed_on[11];

	v->offline = l->taken;
	if (chip_expires != NULL)
		date_format(chip_expires, v->expires_on, sizeof v->expires_on);
	if (x != NULL) {
		v->verdict = x->verdict;
		if (x->verdict == VERDICT_UNFINISHED)
			snprintf(v->detail, sizeof v->detail,
			    _("card %s is not finished yet"), card_no);
		return;
	}
	if (chip_expires == NULL) {
		v->verdict = VERDICT_UNKNOWN;
		snprintf(v->detail, sizeof v->detail, _("card %s is not on the revocation list,"
		    " but a number alone cannot be verified offline: tap the chip"), card_no);
		return;
	}
	wib_day(now, &today);
	wib_day(l->taken, &list_day);
	date_format(&today, day, sizeof day);
	date_format(&list_day, listed_on, sizeof listed_on);
	/* The chip's term is the one it was written with; a renewal since is
	 * the register's.  A chip already past its term when the list was
	 * taken, and not on it as EXPIRED, was renewed: it passes.  One whose
	 * term ran out after the list was taken has expired. */
	if (strcmp(v->expires_on, day) >= 0 || strcmp(v->expires_on, listed_on) < 0)
		v->verdict = VERDICT_ACTIVE;
	else
		v->verdict = VERDICT_EXPIRED;
	if (strcmp(v->expires_on, listed_on) < 0)
		v->expires_on[0] = '\0';	/* renewed: its new term is not known here */
}

int
card_check_tag_offline(const struct keys *k, struct reader *r, const struct tag *t,
    const char *origin_key, const struct revlist *l, time_t now, struct card_verdict *v,
    struct kt_err *e)
{
	struct chip c;
	int rc;

	rc = chip_verify(k, r, t, origin_key, NULL, l->library, &c, v, e);
	snprintf(v->via, sizeof v->via, "chip");
	v->offline = l->taken;
	/* A blank or damaged chip stays UNKNOWN: the register, which knows a
	 * chip whose encode was cut short, is away. */
	if (rc != 0 || c.state != CHIP_VERIFIED)
		return rc;
	judge_offline(l, c.p.card_no, &c.p.expires, now, v);
	return 0;
}

int
card_check_number_offline(const struct revlist *l, const char *number, time_t now,
    struct card_verdict *v, struct kt_err *e)
{
	char buf[CARDNO_MAX];
	int rc;

	memset(v, 0, sizeof *v);
	snprintf(v->via, sizeof v->via, "barcode");
	v->offline = l->taken;
	if ((rc = cardno_parse(number, buf, sizeof buf, NULL, 0, NULL, e)) != 0) {
		/* An old card of the previous system is the register's to find. */
		if (strlen(number) >= CARD_CODE_MAX)
			return rc;
		v->verdict = VERDICT_UNKNOWN;
		snprintf(v->card_no, sizeof v->card_no, "%s", number);
		snprintf(v->detail, sizeof v->detail, "%s",
		    _("an old card cannot be checked offline"));
		return 0;
	}
	snprintf(v->card_no, sizeof v->card_no, "%s", buf);
	judge_offline(l, buf, NULL, now, v);
	return 0;
}

void
card_offline_note(const struct card_verdict *v, time_t now, char *buf, size_t len)
{
	struct kt_date a, b;
	struct tm tm;
	char when[32];

	buf[0] = '\0';
	if (v->offline == 0)
		return;
	wib_day(v->offline, &a);
	wib_day(now, &b);
	wib_tm(v->offline, &tm);
	if (a.y == b.y && a.m == b.m && a.d == b.d)
		snprintf(when, sizeof when, "%02d:%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(when, sizeof when, "%02d-%02d-%04d %02d:%02d", a.d, a.m, a.y,
		    tm.tm_hour, tm.tm_min);
	snprintf(buf, len, _("offline: checked against the card and the revocation list of %s"),
	    when);
}

int
card_insert(struct store *st, long long mid, int issue, const char *card_no,
    const char *reason, const char *media, long long op, long long *id,
    struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_err t = { 0 };
	char now[32], def[64];
	int rc;

	store_timestamp(st, now, sizeof now);
	if (media != NULL && !card_media_valid(media))
		return kt_error_at(e, KT_EUSAGE, "media",
		    _("a card's media are chip, printed or chip+printed"));
	/* The library's card_media when it is one, else the default: read as a
	 * setting (once per import, store_bulk) and no RETURNING, which would
	 * each fill a temporary table for every card. */
	if (media == NULL) {
		rc = store_setting(st, "card_media", def, sizeof def, &t);
		if (rc != 0 && rc != KT_ENOTFOUND)
			return kt_error(e, rc, "%s", t.msg);
		media = rc == 0 && card_media_valid(def) ? def : CARD_MEDIA_DEFAULT;
	}
	if ((rc = store_prepare(st, "INSERT INTO cards (member_id, issue_no, card_no, status,"
	    " reason, created_at, created_by, status_at, status_by, media) VALUES (?1, ?2, ?3,"
	    " 'new', ?4, ?5, ?6, ?5, ?6, ?7)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 7, media);
	store_bind_int(s, 1, mid);
	store_bind_int(s, 2, issue);
	store_bind_text(s, 3, card_no);
	store_bind_text(s, 4, reason);
	store_bind_text(s, 5, now);
	store_bind_int(s, 6, op);
	if (store_step(s) == STORE_DONE) {
		if (id != NULL)
			*id = store_last_id(st);
		rc = 0;
	} else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* A replacement request checked before the transaction: the reason, the
 * document and its number (kept hashed and masked), and the member's keys. */
struct replace_keys {
	char digits[CARDNO_MAX], mno[MEMBERNO_MAX], hash[STORE_HASH_LEN];
	char old[CARD_CODE_MAX];	/* an old member number of the previous system */
	char dochash[STORE_HASH_LEN], docmask[48];
};

static int
replace_request(struct store *st, const struct replace_req *q, struct replace_keys *k,
    struct kt_err *e)
{
	struct store_stmt *s;
	char format[16] = "";
	int rc;

	memset(k, 0, sizeof *k);
	if ((q->old_card != NULL) + (q->member_no != NULL) + (q->nik != NULL) != 1)
		return kt_error_at(e, KT_EUSAGE, "member", _("find the member by one of: the"
		    " old card, the member number or the NIK"));
	if (q->reason == NULL || (strcmp(q->reason, "lost") != 0 &&
	    strcmp(q->reason, "damaged") != 0))
		return kt_error_at(e, KT_EUSAGE, "reason", _("the reason is lost or damaged"));
	if (q->document == NULL)
		return kt_error_at(e, KT_EUSAGE, "document", _("which document was shown?"));
	if ((rc = eligibility_replacement(st, q->document, e)) != 0)
		return rc;
	/* The document's number, checked by its format. */
	if ((rc = store_prepare(st, "SELECT format FROM documents WHERE code = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, q->document);
	if (store_step(s) == STORE_ROW)
		snprintf(format, sizeof format, "%s", col(s, 0));
	store_finalize(s);
	if (q->document_no != NULL) {
		rc = strcmp(format, "nik") == 0 ? valid_nik(q->document_no, NULL, 0, e) :
		    strcmp(format, "sim") == 0 ? valid_sim(q->document_no, e) :
		    strcmp(format, "nisn") == 0 ? valid_nisn(q->document_no, e) :
		    valid_docno(q->document_no, e);
		if (rc != 0 || (rc = store_hash_id(st, q->document, q->document_no, k->dochash,
		    e)) != 0)
			return rc;
		valid_mask(q->document_no, k->docmask, sizeof k->docmask);
	} else if (strcmp(q->document, "kartu-anggota-lama") != 0)
		return kt_error_at(e, KT_EUSAGE, "document_no",
		    _("the document's number is missing"));
	if (q->nik != NULL && ((rc = valid_nik(q->nik, NULL, 0, e)) != 0 ||
	    (rc = store_hash_id(st, "nik", q->nik, k->hash, e)) != 0))
		return rc;
	/* A card number of this station, or else an old card's number. */
	if (q->old_card != NULL &&
	    cardno_parse(q->old_card, k->digits, sizeof k->digits, NULL, 0, NULL, NULL) != 0) {
		k->digits[0] = '\0';
		if (q->old_card[0] == '\0' || strlen(q->old_card) >= sizeof k->old)
			return cardno_parse(q->old_card, k->digits, sizeof k->digits, NULL, 0,
			    NULL, e);
		snprintf(k->old, sizeof k->old, "%s", q->old_card);
	}
	if (q->member_no != NULL)
		return memberno_parse(q->member_no, k->mno, sizeof k->mno, e);
	return 0;
}

/* The member a request names and its newest card. */
struct replace_member {
	long long mid, old_id;
	char mno[MEMBERNO_MAX], status[16], nik[40], old[CARDNO_MAX], card_status[16];
	char media[16];
	int issue, by_card, encoded;	/* found by this station's card number */
};

static int
replace_member(struct store *st, const struct replace_req *q, const struct replace_keys *k,
    struct replace_member *m, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT m.id, m.member_no, m.status, coalesce(m.nik_hash, ''),"
	    " c.id, c.card_no, c.issue_no, c.status, c.media, c.encoded_at IS NOT NULL,"
	    " CASE WHEN EXISTS (SELECT 1 FROM cards WHERE card_no = ?1) THEN 1 ELSE 0 END"
	    " FROM members m JOIN cards c ON c.member_id ="
	    " m.id WHERE m.id = (SELECT member_id FROM cards WHERE card_no = ?1"
	    " UNION ALL SELECT id FROM members WHERE member_no = ?2"
	    " UNION ALL SELECT id FROM members WHERE nik_hash = ?3"
	    " UNION ALL SELECT id FROM members WHERE upper(legacy_no) = upper(?4)"
	    " AND legacy_no IS NOT NULL LIMIT 1)"
	    " ORDER BY c.issue_no DESC LIMIT 1", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, q->old_card != NULL && k->digits[0] != '\0' ? k->digits : NULL);
	store_bind_text(s, 2, q->member_no != NULL ? k->mno : NULL);
	store_bind_text(s, 3, q->nik != NULL ? k->hash : NULL);
	store_bind_text(s, 4, q->old_card != NULL ? q->old_card : NULL);
	if ((rc = store_step(s)) == STORE_ROW) {
		m->mid = store_col_int(s, 0);
		snprintf(m->mno, sizeof m->mno, "%s", col(s, 1));
		snprintf(m->status, sizeof m->status, "%s", col(s, 2));
		snprintf(m->nik, sizeof m->nik, "%s", col(s, 3));
		m->old_id = store_col_int(s, 4);
		snprintf(m->old, sizeof m->old, "%s", col(s, 5));
		m->issue = store_col_int(s, 6);
		snprintf(m->card_status, sizeof m->card_status, "%s", col(s, 7));
		snprintf(m->media, sizeof m->media, "%s", col(s, 8));
		m->encoded = (int)store_col_int(s, 9);
		m->by_card = (int)store_col_int(s, 10);
		rc = 0;
	} else
		rc = rc == STORE_DONE ? kt_error(e, KT_ENOTFOUND, q->nik != NULL ?
		    _("no member has that NIK") : _("no member with that card or number")) :
		    store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
card_replace(struct store *st, const struct replace_req *q, const char *op,
    char *new_card, char *old_card_out, char *media, struct kt_err *e)
{
	struct replace_keys k;
	struct replace_member m;
	char hash[STORE_HASH_LEN], now[32];
	long long opid, new_id;
	int rc;

	if ((rc = operator_require(st, op, "operator", _("replace cards"), &opid, e)) != 0 ||
	    (rc = replace_request(st, q, &k, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	if ((rc = replace_member(st, q, &k, &m, e)) != 0)
		goto out;
	if (strcmp(m.status, "active") != 0) {
		rc = kt_error(e, KT_EREFUSED, _("member %s is %s: no replacement"), m.mno,
		    m.status);
		goto out;
	}
	if (strcmp(m.card_status, "new") == 0 || strcmp(m.card_status, "encoding") == 0) {
		int chip = has_chip(m.media) && (!m.encoded ||
		    strcmp(m.card_status, "encoding") == 0);

		kt_error(e, KT_EREFUSED, chip ? _("member %s already has card %s waiting to be"
		    " encoded: no second replacement") : _("member %s already has card %s"
		    " waiting to be printed: no second replacement"), m.mno, m.old);
		rc = kt_next(e, KT_EREFUSED, chip ? "encode" : "print", "%s", m.old);
		goto out;
	}
	if (q->old_card != NULL && m.by_card && strcmp(m.old, k.digits) != 0) {
		rc = kt_error(e, KT_EREFUSED, _("card %s was already replaced by card %s"),
		    k.digits, m.old);
		goto out;
	}
	if (strcmp(q->document, "ktp") == 0 && m.nik[0] != '\0' &&
	    (store_hash_id(st, "nik", q->document_no, hash, NULL) != 0 ||
	    strcmp(hash, m.nik) != 0)) {
		rc = kt_error(e, KT_EREFUSED, _("the KTP shown is not member %s's"), m.mno);
		goto out;
	}
	if ((rc = cardno_make(m.mno, m.issue + 1, new_card, CARDNO_MAX, e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	/* The old card stops working now; the new one waits for its chip. */
	if ((rc = set_card(st, m.old_id, strcmp(q->reason, "lost") == 0 ? "lost" : "damaged",
	    NULL, NULL, opid, e)) != 0 ||
	    (rc = card_insert(st, m.mid, m.issue + 1, new_card, q->reason, m.media, opid,
	    &new_id, e)) != 0 ||
	    (rc = store_run(st, e, "INSERT INTO replacements (member_id, old_card_id,"
	    " new_card_id, reason, document, document_hash, document_masked, at, operator_id)"
	    " VALUES (?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?)", "iiittttti",
	    m.mid, m.old_id, new_id, q->reason, q->document, k.dochash, k.docmask, now,
	    opid)) != 0)
		goto out;
	if ((rc = store_commit(st, e)) == 0) {
		snprintf(old_card_out, CARDNO_MAX, "%s", m.old);
		snprintf(media, 16, "%s", m.media);
	}
out:
	if (rc != 0)
		store_rollback(st);
	return rc;
}

int
card_print_fields(struct store *st, const char *number, struct card_print *out,
    struct kt_err *e)
{
	struct store_stmt *s;
	char digits[CARDNO_MAX], status[16];
	const char *d;
	size_t n, i, k = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = memberno_parse(number, digits, sizeof digits, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT m.name, m.member_no, c.card_no, m.category, k.name,"
	    " m.expires_on, c.status FROM cards c JOIN members m ON m.id = c.member_id"
	    " JOIN categories k ON k.code = m.category WHERE c.card_no = ?1 OR c.id ="
	    " (SELECT c2.id FROM cards c2 JOIN members m2 ON m2.id = c2.member_id"
	    " WHERE m2.member_no = ?1 ORDER BY c2.issue_no DESC LIMIT 1)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, digits);
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc == STORE_DONE ? kt_error(e, KT_ENOTFOUND, _("no card or member %s"),
		    digits) : store_dberror(st, e);
		store_finalize(s);
		return rc;
	}
	snprintf(out->name, sizeof out->name, "%s", col(s, 0));
	snprintf(out->member_no, sizeof out->member_no, "%s", col(s, 1));
	snprintf(out->card_no, sizeof out->card_no, "%s", col(s, 2));
	snprintf(out->category, sizeof out->category, "%s", col(s, 3));
	snprintf(out->category_name, sizeof out->category_name, "%s", col(s, 4));
	d = col(s, 5);		/* YYYY-MM-DD as DD-MM-YYYY */
	snprintf(out->expires, sizeof out->expires, "%.2s-%.2s-%.4s", d + 8, d + 5, d);
	snprintf(status, sizeof status, "%s", col(s, 6));
	store_finalize(s);
	if (strcmp(status, "lost") == 0 || strcmp(status, "damaged") == 0 ||
	    strcmp(status, "replaced") == 0 || strcmp(status, "revoked") == 0)
		return kt_error(e, KT_EREFUSED, _("card %s is %s: it is not printed again"),
		    out->card_no, status);
	/* Grouped for reading: library, year, sequence and check, issue and check. */
	n = strlen(out->card_no);
	for (i = 0; i < n && k + 2 < sizeof out->display; i++) {
		if (i == 4 || i == 6 || i == n - 4 || i == n - 3 || i == n - 1)
			out->display[k++] = '-';
		out->display[k++] = out->card_no[i];
	}
	out->display[k] = '\0';
	store_setting(st, "library_name", out->library_name, sizeof out->library_name, NULL);
	store_setting(st, "library_address", out->library_address,
	    sizeof out->library_address, NULL);
	store_setting(st, "library_logo", out->library_logo, sizeof out->library_logo, NULL);
	if ((rc = store_prepare(st, "SELECT p.data FROM photos p JOIN members m ON m.id ="
	    " p.member_id WHERE m.member_no = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, out->member_no);
	if ((rc = store_step(s)) == STORE_ROW) {
		const void *blob = store_col_blob(s, 0, &out->photo_len);

		if ((out->photo = malloc(out->photo_len + 1)) == NULL)
			rc = kt_error(e, KT_EFAIL, "out of memory");
		else {
			memcpy(out->photo, blob, out->photo_len);
			rc = 0;
		}
	} else
		rc = rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

void
card_print_free(struct card_print *p)
{
	free(p->photo);
	p->photo = NULL;
	p->photo_len = 0;
}

int
card_made_on(struct store *st, const char *date, int (*cb)(const char *, void *),
    void *arg, struct kt_err *e)
{
	struct store_stmt *s;
	int rc, stop = 0;

	/* created_at is UTC; the day is the service's (WIB). */
	if ((rc = store_prepare(st, "SELECT card_no FROM cards WHERE substr(wib(created_at),"
	    " 1, 10) = ? AND status NOT IN ('lost', 'damaged', 'replaced', 'revoked')"
	    " ORDER BY id", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, date);
	while (!stop && (rc = store_step(s)) == STORE_ROW)
		stop = cb(col(s, 0), arg);
	rc = stop != 0 ? stop : rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* The card that number (a card or a member number) names, as
 * card_print_fields finds it: id, status, media, whether printed, encoded. */
struct printed_card {
	long long id;
	char card_no[CARDNO_MAX], status[16], media[16];
	int printed, encoded;
};

static int
find_printed(struct store *st, const char *number, struct printed_card *c, struct kt_err *e)
{
	struct store_stmt *s;
	char digits[CARDNO_MAX];
	int rc;

	memset(c, 0, sizeof *c);
	if ((rc = memberno_parse(number, digits, sizeof digits, e)) != 0)
		return rc;
	if ((rc = store_prepare(st, "SELECT c.id, c.card_no, c.status, c.media,"
	    " c.printed_at IS NOT NULL, c.encoded_at IS NOT NULL FROM cards c"
	    " WHERE c.card_no = ?1 OR c.id = (SELECT c2.id FROM cards c2 JOIN members m2"
	    " ON m2.id = c2.member_id WHERE m2.member_no = ?1 ORDER BY c2.issue_no DESC"
	    " LIMIT 1)", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, digits);
	if ((rc = store_step(s)) == STORE_ROW) {
		c->id = store_col_int(s, 0);
		snprintf(c->card_no, sizeof c->card_no, "%s", col(s, 1));
		snprintf(c->status, sizeof c->status, "%s", col(s, 2));
		snprintf(c->media, sizeof c->media, "%s", col(s, 3));
		c->printed = (int)store_col_int(s, 4);
		c->encoded = (int)store_col_int(s, 5);
		rc = 0;
	} else
		rc = rc == STORE_DONE ? kt_error(e, KT_ENOTFOUND, _("no card or member %s"),
		    digits) : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
card_printed(struct store *st, const char *number, const char *op, int *activated,
    struct kt_err *e)
{
	struct printed_card c;
	char now[32];
	long long opid;
	int rc, done;

	*activated = 0;
	if ((rc = find_printed(st, number, &c, e)) != 0)
		return rc;
	if (!has_print(c.media) || c.printed)
		return 0;
	if ((rc = operator_require(st, op, "operator", _("print cards"), &opid, e)) != 0)
		return rc;
	if ((rc = store_begin(st, e)) != 0)
		return rc;
	/* Read again inside the transaction: an encode may have finished. */
	if ((rc = find_printed(st, number, &c, e)) != 0)
		goto out;
	store_timestamp(st, now, sizeof now);
	done = strcmp(c.status, "new") == 0 && (!has_chip(c.media) || c.encoded);
	if ((rc = store_run(st, e, "UPDATE cards SET printed_at = coalesce(printed_at, ?1)"
	    " WHERE id = ?2", "ti", now, c.id)) != 0 ||
	    (done && (rc = set_card(st, c.id, "active", NULL, NULL, opid, e)) != 0) ||
	    (rc = store_commit(st, e)) != 0)
		goto out;
	*activated = done;
out:
	store_rollback(st);
	return rc;
}

int
card_ready(struct store *st, const char *card_no, struct kt_err *e)
{
	struct printed_card c;
	int rc;

	if ((rc = find_printed(st, card_no, &c, e)) != 0)
		return rc;
	if (strcmp(c.status, "active") == 0)
		return 0;
	if (strcmp(c.status, "new") != 0 && strcmp(c.status, "encoding") != 0)
		return kt_error(e, KT_EREFUSED, _("card %s is %s: it cannot be handed over"),
		    c.card_no, c.status);
	if (has_chip(c.media) && (!c.encoded || strcmp(c.status, "encoding") == 0)) {
		kt_error(e, KT_EREFUSED, _("card %s is not encoded yet: encode it before the"
		    " handover"), c.card_no);
		return kt_next(e, KT_EREFUSED, "encode", "%s", c.card_no);
	}
	kt_error(e, KT_EREFUSED, _("card %s is not printed yet: print it before the handover"),
	    c.card_no);
	return kt_next(e, KT_EREFUSED, "print", "%s", c.card_no);
}
