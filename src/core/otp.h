/*
 * otp.h - one-time codes for the handover: making them, keeping only their
 * hash, and sending them through the library's SMS gateway.
 */
#ifndef KARTU_OTP_H
#define KARTU_OTP_H

#include <stddef.h>

#include "store.h"

#define OTP_LEN 7	/* six digits and the NUL */

/* A fresh code of six random digits (libsodium), leading zeros kept. */
void otp_make(char code[OTP_LEN]);

/* The keyed hash of code for application app (STORE_HASH_LEN bytes): only
 * this is stored. */
int otp_hash(struct store *st, long long app, const char *code, char *out,
    struct kt_err *e);

/* The SMS command: the station's own (station, from its own configuration
 * file, never from the environment) when not NULL or "", else the library's
 * setting sms_command.  buf gets "" when there is no gateway. */
int otp_sms_command(struct store *st, const char *station, char *buf, size_t len,
    struct kt_err *e);

/* Send message to phone by running command (split at blanks, no shell):
 * an argument {phone} becomes the number, {message} the text; without a
 * {message} argument the text goes to the command's standard input.  The
 * program is named by its absolute path (KT_EREFUSED otherwise: no PATH
 * search) and runs with only PATH=/usr/bin:/bin and LANG=C.UTF-8 in its
 * environment.  The command's output is discarded (it may echo the code).
 * 0 when it exits 0, KT_EFAIL otherwise. */
int otp_send(const char *command, const char *phone, const char *message,
    struct kt_err *e);

#endif
