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

/* Check pin against operator id's stored argon2id hash: 0, or KT_EREFUSED.
 * SESSION_PIN_TRIES wrong PINs in a row lock the PIN for SESSION_PIN_LOCK
 * minutes (KT_EREFUSED even for the right one); the count is written at once,
 * or with the caller's transaction when one is open. */
#define SESSION_PIN_TRIES 5
#define SESSION_PIN_LOCK 15
int session_check_pin(struct store *st, long long id, const char *hash, const char *pin,
    struct kt_err *e);

#endif
