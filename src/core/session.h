/*
 * session.h - the station session: an operator with a PIN logs in once, and
 * commands without --as act as that operator until logout or a timeout
 * (session_minutes, default 30, without a command).  One session per station
 * and Unix user (store_station: the host name, or $KARTU_STATION in the test
 * build; store_user: the kernel's real uid of the process that logged in):
 * only a process of that uid at that station finds it, so another Unix user
 * of the host, or one who names the same station, has no session.  Logging in
 * ends the one before of that user at that station.  Stations sharing a
 * database do not share sessions.
 */
#ifndef KARTU_SESSION_H
#define KARTU_SESSION_H

#include <stddef.h>

#include "store.h"

/* The station's open session: *id (0 when there is none) and the operator's
 * name (len bytes).  A session idle too long is ended here as timed out; an
 * open one has its last use moved to now. */
int session_current(struct store *st, long long *id, char *name, size_t len,
    struct kt_err *e);

/* Log name in with pin (KT_EREFUSED for a wrong PIN or an operator without
 * one).  One transaction. */
int session_login(struct store *st, const char *name, const char *pin, struct kt_err *e);

/* End the open session; name gets whose it was.  KT_ENOTFOUND when none. */
int session_logout(struct store *st, char *name, size_t len, struct kt_err *e);

/* Check pin against operator id's stored hash: 0, or KT_EREFUSED.
 * SESSION_PIN_TRIES wrong PINs in a row lock the PIN for SESSION_PIN_LOCK
 * minutes (KT_EREFUSED even for the right one).  Every wrong PIN is counted
 * in its own committed transaction, so no command can roll the count back:
 * a PIN is never checked inside a transaction (KT_EFAIL). */
#define SESSION_PIN_TRIES 5
#define SESSION_PIN_LOCK 15
int session_check_pin(struct store *st, long long id, const char *hash, const char *pin,
    struct kt_err *e);

/* The stored form of pin: argon2id over a hash of the PIN keyed with the
 * register key, so a copy of the database alone is no help in guessing PINs
 * ("k1" then the argon2id string; a bare "$argon2id$" is an older PIN hash,
 * still checked, and rewritten at its next right use).  A PIN is digits:
 * SESSION_PIN_MIN to 12, SESSION_ADMIN_PIN_MIN for an admin.  out holds
 * SESSION_PIN_HASH_LEN bytes. */
#define SESSION_PIN_MIN 4
#define SESSION_ADMIN_PIN_MIN 8
#define SESSION_PIN_HASH_LEN 160
int session_pin_hash(struct store *st, const char *pin, int admin, char *out,
    struct kt_err *e);

/* The screens' sessions (kartu serve): each browser that logs in gets a
 * random token for its cookie; the database keeps only a keyed hash of it.
 * Many are open at once (station 'web'), each ends by logout or after
 * session_minutes without a page.  A login checks the PIN as
 * session_check_pin does (wrong PINs counted and locked), but tells a browser
 * no more than "wrong operator name or PIN" about a name that does not exist,
 * is no longer active or has no PIN.  token holds SESSION_TOKEN_LEN bytes. */
#define SESSION_TOKEN_LEN 44
int session_web_login(struct store *st, const char *name, const char *pin, const char *peer,
    char *token, struct kt_err *e);
/* The operator of token's open session (*id 0 when none; *expired 1 when it
 * has just timed out), its last use moved to now, and the store told
 * (store_set_web_session) so that operator_require finds that operator. */
int session_web_resume(struct store *st, const char *token, long long *id, char *name,
    size_t len, int *expired, struct kt_err *e);
int session_web_logout(struct store *st, const char *token, struct kt_err *e);
/* The form token of token's session (hex, SESSION_CSRF_LEN bytes): a keyed
 * hash, so nothing more is stored and another session's token is useless. */
#define SESSION_CSRF_LEN 65
int session_web_csrf(struct store *st, const char *token, char *out, struct kt_err *e);
/* A request the screens refused as forged (why: "csrf", "origin"), into the
 * audit trail with its path and the peer's address: a security event. */
int session_web_refused(struct store *st, const char *why, const char *path, const char *peer,
    struct kt_err *e);

#endif
