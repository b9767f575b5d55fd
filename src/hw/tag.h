/*
 * tag.h - kartu's payload on a chip: reading it, and writing it with read-back
 * and protection against rewriting.
 *
 * NTAG21x: the NDEF TLV from page 4, then a per-card password (derived from the
 * library's secret key and the UID) with AUTH0 = 4, so every user and
 * configuration page needs the password to be written, AUTHLIM 7 and PROT 0
 * (reading stays open, for phones and for stations with only the public key).
 * The protection is written last, AUTH0 very last, so a card pulled away at
 * any moment is either unprotected or protected with the password this
 * station derives: the next tap can always finish the job.
 *
 * MIFARE Classic 1K: the NFC Forum layout (MAD1 in sector 0 naming sectors 1-3
 * as NDEF, AID 03E1), public key A (MAD key, NFC Forum key) for reading, a key B
 * derived per card for writing, access bits 78 77 88.  The directory is written
 * last, so a card pulled away half-way reads as unfinished.
 */
#ifndef KARTU_TAG_H
#define KARTU_TAG_H

#include "keys.h"
#include "payload.h"
#include "reader.h"

/* Read and decode kartu's payload.  KT_ENOTFOUND for a blank card, a foreign
 * card or one without a kartu record; KT_EUSAGE for a damaged record. */
int tag_read(struct reader *r, const struct tag *t, struct card_payload *p,
    struct kt_err *e);

/* Write p (already signed for t's UID) to the card, read it back and compare,
 * then protect the card.  Returns 0 only when the card was read back equal and
 * the protection verified.  KT_EREFUSED for a card protected by another key or
 * of a kind kartu cannot write. */
int tag_write(struct reader *r, const struct tag *t, const struct keys *k,
    const struct card_payload *p, struct kt_err *e);

/* Whether the card is protected by this library's derived password: 1 yes, 0
 * no (not protected at all), KT_EREFUSED protected by someone else. */
int tag_protected(struct reader *r, const struct tag *t, const struct keys *k,
    struct kt_err *e);

#endif
