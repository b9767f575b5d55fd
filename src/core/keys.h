/*
 * keys.h - the library's signing key pair and what is derived from it.
 *
 * A directory holds library.key (the Ed25519 secret key, mode 0600, only on
 * stations that issue cards) and library.pub (the public key, on every station
 * that checks cards).  Each is one line of text: a tag and the key in hex.
 * Per-card secrets (the NTAG21x password and PACK, MIFARE Classic sector keys)
 * are derived from the secret key and the chip's UID, so no table of card keys
 * exists to be lost or stolen.
 */
#ifndef KARTU_KEYS_H
#define KARTU_KEYS_H

#include <stddef.h>

#include "err.h"

#define KEYS_SECRET_FILE "library.key"
#define KEYS_PUBLIC_FILE "library.pub"

struct keys {
	unsigned char pk[32];
	unsigned char sk[64];
	int have_secret;
};

/* Make a new key pair in dir (created if missing, mode 0700).  An existing
 * key is never overwritten: KT_EREFUSED. */
int keys_generate(const char *dir, struct kt_err *e);
/* Load the public key, and the secret key too when need_secret.  A secret key
 * file that others can read is refused (KT_EREFUSED). */
int keys_load(const char *dir, int need_secret, struct keys *k, struct kt_err *e);
/* Forget the secret key. */
void keys_wipe(struct keys *k);
/* A per-card secret of outlen bytes (<= 32) for purpose ("ntag-pwd", ...) and
 * the chip's UID, derived with keyed BLAKE2b from the secret key. */
int keys_derive(const struct keys *k, const char *purpose, const unsigned char *uid,
    size_t uidlen, unsigned char *out, size_t outlen, struct kt_err *e);

#endif
