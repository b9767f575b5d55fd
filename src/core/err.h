/*
 * err.h - the one error path of the core library.
 *
 * Core functions never print or exit.  They return 0 on success or a negative
 * KT_E* code, and describe the failure in a caller-supplied struct kt_err (which
 * may be NULL when the caller does not care).  Front ends turn the code into an
 * exit status (kt_exit_status) and show the message.
 */
#ifndef KARTU_ERR_H
#define KARTU_ERR_H

#include "compat.h"

enum kt_code {
	KT_OK = 0,
	KT_EFAIL = -1,		/* I/O, database, device: exit 1 */
	KT_EUSAGE = -2,		/* malformed input: exit 2 */
	KT_EREFUSED = -3,	/* refused by the rules or the state: exit 3 */
	KT_ENOTFOUND = -4,	/* no such record: exit 4 */
};

struct kt_err {
	int code;
	char msg[512];
};

/* Record a failure in e (if not NULL) and return code, so callers can write
 * "return kt_error(e, KT_EUSAGE, ...)". */
int kt_error(struct kt_err *e, int code, const char *fmt, ...) printflike(3, 4);

/* The process exit status documented for a KT_E* code (0 for KT_OK). */
int kt_exit_status(int code);

#endif
