/*
 * card.h - cards at the desk: encoding a member's card (step 5) and the desk
 * check of a tapped card or a typed or scanned card number.
 */
#ifndef KARTU_CARD_H
#define KARTU_CARD_H

#include "keys.h"
#include "memberno.h"
#include "reader.h"
#include "store.h"

enum verdict {
	VERDICT_ACTIVE,
	VERDICT_EXPIRED,
	VERDICT_BLOCKED,
	VERDICT_LOST,
	VERDICT_REPLACED,
	VERDICT_FORGED,		/* bad signature, or a valid payload on another chip */
	VERDICT_UNFINISHED,	/* an encode that did not finish: encode it again */
	VERDICT_UNKNOWN,	/* blank, foreign, or another system's card */
	VERDICT_NOT_GENUINE,	/* an NTAG whose originality signature is not NXP's */
};

/* The longest code the desk looks up: a card number, or an old member number
 * of the previous system (members.legacy_no, KT_LEGACY_NO_MAX). */
#define CARD_CODE_MAX 64

/* The media of a card: its chip, its printed barcode, or both.  A card is
 * active once every medium it has is finished: the chip encoded and verified,
 * the print verified (its barcodes read back). */
#define CARD_MEDIA_DEFAULT "chip"
/* 1 if m is "chip", "printed" or "chip+printed". */
int card_media_valid(const char *m);

struct card_verdict {
	enum verdict verdict;
	char card_no[CARD_CODE_MAX];	/* an old card's number is shown masked when
					   it is a NIK */
	char member_no[MEMBERNO_MAX];
	char name[128];
	char category[32];
	char expires_on[11];
	char since[32];		/* when a card became lost or replaced */
	char detail[256];	/* why, for FORGED and UNKNOWN */
	char uid[24];		/* the chip's UID in hex, "" for a typed number */
	char reason[208];	/* BLOCKED: why, for staff ("" when none was given) */
	char via[8];		/* "chip" (tapped), "barcode" (typed or scanned) */
	char next[16];		/* UNFINISHED: the step that finishes the card,
				   "encode" or "print" (kt_next's words) */
	int old_card;		/* a number of the previous system: the member's
				   status, and the old card is to be replaced */
	char incomplete[64];	/* a member of the old system whose record lacks
				   these fields ("birth_place,phone"): the desk
				   asks for them; "" when complete */
	time_t offline;		/* not 0: answered offline (the register's
				   server away), from the card and the
				   revocation list taken at this time */
	long long card_id;	/* the card's record, 0 when none (unknown, an
				   old card of the previous system) */
};

/* The stable name of a verdict ("ACTIVE", ...), for JSON and for exit codes,
 * and its translated word for the desk. */
const char *verdict_code(enum verdict v);
const char *verdict_text(enum verdict v);

/* Encode the card t on the reader for number (a card number, or a member
 * number meaning that member's newest card not yet encoded), acting as op.
 * The card row becomes 'encoding' with the chip's UID before anything is
 * written, and 'active' only after tag_write read it back and verified the
 * protection, each in its own transaction.  A chip that belongs to another card
 * is refused, naming that card's member number, and so is an NTAG that is not
 * genuine (origin_key: an originality key trusted besides NXP's, or NULL).
 * The card number goes to card_no (CARDNO_MAX). */
int card_encode(struct store *st, const struct keys *k, struct reader *r,
    const struct tag *t, const char *number, const char *op, char *card_no,
    const char *origin_key, struct kt_err *e);

/* Whether number (as card_encode takes it) names a card with a chip to
 * encode: 0, or KT_EREFUSED for a printed card, KT_ENOTFOUND as card_encode.
 * Asked before waiting for a tap; card_encode checks again. */
int card_encodable(struct store *st, const char *number, struct kt_err *e);

/* Replace a member's card: the member is found by a card number (old_card,
 * typed, scanned or read from the tapped old card, or the member's number in
 * the previous system), a member number or a NIK (exactly one of the three
 * given).  reason is "lost" or "damaged"; document is
 * one of the setting replacement_documents, with its number (not needed for
 * the old card itself); a KTP must carry the member's own NIK.  In one
 * transaction the member's current card becomes lost or damaged (and answers
 * so at the desk from that moment), a new card with the next issue number is
 * made 'new' with the old card's media (to be encoded, printed, or both), and
 * the replacement is recorded with who and when.  A member whose card is still
 * waiting to be encoded or printed is refused, naming the step.  The new
 * card's number goes to new_card (CARDNO_MAX), the old one's to old_card_out,
 * the new card's media to media (16 bytes). */
struct replace_req {
	const char *old_card, *member_no, *nik;
	const char *reason, *document, *document_no;
};
int card_replace(struct store *st, const struct replace_req *q, const char *op,
    char *new_card, char *old_card_out, char *media, struct kt_err *e);

/* The print of card number (a card or a member number, as card_print_fields)
 * was verified: its barcodes were read back.  For a card with a printed
 * medium this is recorded (printed_at), by op, and the card becomes active
 * when its chip, if it has one, is encoded too; *activated says whether it
 * did.  A chip-only card's print changes nothing (and needs no operator). */
int card_printed(struct store *st, const char *number, const char *op, int *activated,
    struct kt_err *e);

/* Whether card_no is finished: 0 when active; KT_EREFUSED naming the step
 * that finishes it (kt_next "encode" or "print") when it is not yet; other
 * states (lost, replaced, ...) KT_EREFUSED too.  For a handover. */
int card_ready(struct store *st, const char *card_no, struct kt_err *e);

/* What the printed card shows, for card number or the member's newest card
 * (number may be either).  Lost, damaged and replaced cards are not printed
 * again (KT_EREFUSED): their barcode must stay dead. */
struct card_print {
	char name[128], member_no[MEMBERNO_MAX], card_no[CARDNO_MAX], display[48];
	char category[32], category_name[64], expires[11], library_name[128];
	char library_address[160], library_logo[512];
	unsigned char *photo;	/* the member's photo, or NULL; card_print_free */
	size_t photo_len;
};
int card_print_fields(struct store *st, const char *number, struct card_print *out,
    struct kt_err *e);
void card_print_free(struct card_print *p);
/* The card numbers of the cards made on date (YYYY-MM-DD, WIB), for a batch
 * print; cb is called with each. */
int card_made_on(struct store *st, const char *date, int (*cb)(const char *, void *),
    void *arg, struct kt_err *e);

/* Make the card row for issue of member mid, status 'new' (waiting for its
 * chip or its print), with reason (NULL for a first card) and media (NULL:
 * the setting card_media, else CARD_MEDIA_DEFAULT), inside the caller's
 * transaction.  *id (may be NULL) gets the row's id. */
int card_insert(struct store *st, long long mid, int issue, const char *card_no,
    const char *reason, const char *media, long long op, long long *id,
    struct kt_err *e);

/* The desk check of a tapped card: 0 with *v filled whatever the verdict;
 * an error only when the reader or the database failed.  An NTAG carrying a
 * good payload must also be a genuine chip (origin_key as for card_encode). */
int card_check_tag(struct store *st, const struct keys *k, struct reader *r,
    const struct tag *t, const char *origin_key, struct card_verdict *v,
    struct kt_err *e);
/* The same for a typed or scanned card number (KT_EUSAGE for a malformed one
 * that is no old member number either): the verdict of the card's record,
 * "by barcode".  A number of the previous system (members.legacy_no, in any
 * case) answers the member's status, marked as an old card to be replaced at
 * the counter, or REPLACED once the member's new card is active. */
int card_check_number(struct store *st, const char *number, struct card_verdict *v,
    struct kt_err *e);
/* The same for the card of record card_id (a tap at another desk, told by a
 * store note): its record's verdict, "by barcode"; KT_ENOTFOUND for no such
 * card. */
int card_check_id(struct store *st, long long card_id, struct card_verdict *v,
    struct kt_err *e);

/*
 * Offline (the register's server cannot be reached, KT_EOFFLINE): the desk
 * answers from what the station holds, its revocation list l (revlist.h) and
 * the public key.  A tapped card's payload is verified as online (signature
 * over the chip's UID, library, genuine chip); then the list's verdict for its
 * number, else its term: the chip's expiry, or, for a chip whose expiry had
 * passed when the list was taken and that the list does not call EXPIRED, the
 * register's renewal.  Nothing personal is known offline (no name, member
 * number or category), and a chip the register knows only by its UID (an
 * encode cut short) is UNKNOWN.  now is the time of the check (its day
 * decides the expiry).  v->offline is l's time.
 */
struct revlist;
int card_check_tag_offline(const struct keys *k, struct reader *r, const struct tag *t,
    const char *origin_key, const struct revlist *l, time_t now, struct card_verdict *v,
    struct kt_err *e);
/* A typed or scanned number offline: a number carries no signature, so only
 * a refusal rests on it: the list's verdict for a listed card, UNKNOWN
 * ("cannot be verified offline: tap the chip") for any other. */
int card_check_number_offline(const struct revlist *l, const char *number, time_t now,
    struct card_verdict *v, struct kt_err *e);
/* The note an offline answer carries, in the desk's language: "offline:
 * checked against the card and the revocation list of 08:30" (the list's time
 * in WIB, with its day DD-MM-YYYY when that is not now's day); "" online. */
void card_offline_note(const struct card_verdict *v, time_t now, char *buf, size_t len);

#endif
