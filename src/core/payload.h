/*
 * payload.h - what kartu writes on a card's chip: one NDEF message holding one
 * NFC Forum external record of type "kartu.lib:card", so that any phone can read
 * it, and a station can verify it.
 *
 * The record's payload (version 1), all integers big-endian:
 *
 *   1   version (1)
 *   1+n library code (n <= 16, ASCII)
 *   1+n card number (n <= 27 digits: member number, issue number, check digit)
 *   4   expiry date as YYYYMMDD
 *   4   key id: the first four bytes of BLAKE2b(public key)
 *   64  Ed25519 signature by the library's key over "kartu-card-v1", the bytes
 *       above, the UID length and the chip's UID
 *
 * Nothing personal: no name, no NIK.  Binding the chip's UID into the
 * signature makes a copy of the payload on another chip detectable.
 */
#ifndef KARTU_PAYLOAD_H
#define KARTU_PAYLOAD_H

#include <stddef.h>

#include "err.h"
#include "memberno.h"
#include "valid.h"

#define PAYLOAD_TYPE "kartu.lib:card"
#define PAYLOAD_VERSION 1
#define PAYLOAD_SIG_LEN 64
#define PAYLOAD_KEYID_LEN 4
#define PAYLOAD_UID_MAX 10
#define PAYLOAD_NDEF_MAX 160	/* an encoded message always fits in this */

struct card_payload {
	int version;
	char library[17];
	char card_no[CARDNO_MAX];
	struct kt_date expires;
	unsigned char key_id[PAYLOAD_KEYID_LEN];
	unsigned char sig[PAYLOAD_SIG_LEN];
};

/* Sign p for the chip uid with the Ed25519 secret key sk (64 bytes) whose
 * public key is pk (32 bytes): fills key_id and sig. */
int payload_sign(struct card_payload *p, const unsigned char *uid, size_t uidlen,
    const unsigned char *sk, const unsigned char *pk, struct kt_err *e);
/* 0 if p carries a good signature by pk for this uid; KT_EREFUSED if not (a
 * forged card, or a payload copied onto another chip). */
int payload_verify(const struct card_payload *p, const unsigned char *uid, size_t uidlen,
    const unsigned char *pk, struct kt_err *e);

/* Encode p as an NDEF message into out (cap >= PAYLOAD_NDEF_MAX); *len gets
 * its length. */
int payload_encode(const struct card_payload *p, unsigned char *out, size_t cap,
    size_t *len, struct kt_err *e);
/* Decode an NDEF message read from a card (outside input: any bytes).  Returns
 * KT_ENOTFOUND if it holds no kartu record, KT_EUSAGE if the record is
 * malformed. */
int payload_decode(const unsigned char *msg, size_t len, struct card_payload *p,
    struct kt_err *e);

/* NFC Forum Type 2 tag memory from page 4: wrap an NDEF message in its TLV
 * (03 len msg FE), and find the NDEF message in user memory (skipping NULL and
 * lock/memory-control TLVs).  tlv_find returns KT_ENOTFOUND on a blank card. */
int tlv_wrap(const unsigned char *msg, size_t len, unsigned char *out, size_t cap,
    size_t *outlen, struct kt_err *e);
int tlv_find(const unsigned char *mem, size_t len, const unsigned char **msg,
    size_t *msglen, struct kt_err *e);
/* How many bytes of user memory, from its start, hold the whole NDEF TLV
 * according to the first len bytes: len or less when they suffice, more when
 * the TLV runs on (read that much and ask again). */
size_t tlv_need(const unsigned char *mem, size_t len);

#endif
