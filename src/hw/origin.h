/*
 * origin.h - is the chip a genuine NXP NTAG21x?  Its originality signature
 * (READ_SIG: ECDSA on secp128r1 over the UID, made by NXP at the factory) is
 * checked against NXP's published public key, and against one more key only
 * when the station is told to trust it (the simulator's test key).
 *
 * It proves a genuine chip, not a genuine card: a signature can be replayed by
 * an emulator, so it is one signal beside the payload signature and the
 * station's own record.
 */
#ifndef KARTU_ORIGIN_H
#define KARTU_ORIGIN_H

#include <stddef.h>

#include "err.h"

/* NXP's public key for NTAG21x originality signatures. */
#define ORIGIN_NXP_KEY "04494E1A386D3D3CFE3DC10E5DE68A499B1C202DB5B132393E89ED19FE5BE8BC61"

/* 0 if sig (r || s, 32 bytes) is a good signature of uid by NXP's key or by
 * extra_key (hex of an uncompressed secp128r1 point, or NULL); KT_EREFUSED if
 * not; KT_EUSAGE for a malformed extra_key. */
int origin_verify(const unsigned char *uid, size_t uidlen, const unsigned char sig[32],
    const char *extra_key, struct kt_err *e);

#endif
