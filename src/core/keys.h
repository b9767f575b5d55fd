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
#include "store.h"

#define KEYS_SECRET_FILE "library.key"
#define KEYS_PUBLIC_FILE "library.pub"
#define KEYS_REGISTER_FILE "register.key"
#define KEYS_REGISTER_LEN 32

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

/*
 * The register key (register.key, mode 0600, in the same directory and the
 * same backup as the signing key): 32 random bytes that key what the database
 * keeps of secrets: the hashes of identity numbers and handover codes, the
 * PIN hashes and the audit chain.  It lives outside the database, so a copy
 * of the database alone lets nobody match a NIK, check a code or rewrite the
 * audit trail.  Every station that writes to the register holds the same file.
 */
/* Load dir's register key into key: 0, KT_ENOTFOUND when there is none. */
int keys_register_load(const char *dir, unsigned char *key, struct kt_err *e);
/* Give st its register key from dir.  A database made before the key left
 * it still holds its hashing key in its settings: that key is written to dir
 * (create or not) and removed from the database.  With create, a database
 * without a key gets a new random one.  Without create and without a key,
 * st works but cannot hash or write audited rows (store_has_key).  A key in
 * dir that is not the database's own is KT_EREFUSED. */
int keys_attach(struct store *st, const char *dir, int create, struct kt_err *e);

#endif
