/*
 * err.h - the one error path of the core library.
 *
 * Core functions never print or exit.  They return 0 on success or a negative
 * KT_E* code, and describe the failure in a caller-supplied struct kt_err (which
 * may be NULL when the caller does not care).  Front ends turn the code into an
 * exit status (kt_exit_status) and show the message.
 *
 * The core speaks of fields, not of a front end's controls: a problem with
 * one value names its field ("birth_date", "reason"), which the CLI shows as
 * its option and a screen beside its input; what to do next is a step of the
 * procedure ("encode 6205260000010013"), which the CLI shows as a command and
 * a screen as a link.  A form is checked whole: every problem is kept, in
 * order (kt_problem), and the first one is also e->msg.
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
	KT_EOFFLINE = -5,	/* the register's server cannot be reached (a
				   PostgreSQL store down, or the connection
				   dropped): exit 5; the desk check answers
				   offline (revlist.h), nothing else does */
	KT_EDAMAGED = -6,	/* a backup that is not whole or not kartu's: exit 6 */
};

#define KT_PROBLEMS 12
#define KT_WARNINGS 4

struct kt_problem {
	int code;
	char field[24];
	char msg[200];
};

struct kt_err {
	int code;
	char msg[512];
	char field[24];		/* the field msg is about, or "" */
	char next[24];		/* the step that would help ("encode"), or "" */
	char next_arg[72];	/* what it is for ("6205260000010013"), or "" */
	int nproblems;		/* a form's problems, the first being msg */
	struct kt_problem problems[KT_PROBLEMS];
	/* What was accepted but deserves a look ("the NIK's district is not in
	 * the list"): kept whether or not the call fails, never cleared by
	 * kt_error; the front end shows them beside its result. */
	int nwarnings;
	struct kt_problem warnings[KT_WARNINGS];
};

/* Record a failure in e (if not NULL) and return code, so callers can write
 * "return kt_error(e, KT_EUSAGE, ...)".  Clears field, next and problems. */
int kt_error(struct kt_err *e, int code, const char *fmt, ...) printflike(3, 4);
/* The same, about one field of a form or request. */
int kt_error_at(struct kt_err *e, int code, const char *field, const char *fmt, ...)
    printflike(4, 5);
/* Name the step that would help and what for: a word of the procedure's
 * vocabulary (check, validate, issue, handover, encode, print, app-show, login,
 * operator-add, operator-pin, init, init-admin, keygen, member-photo; role: an
 * operator of the roles in the argument does it) and its
 * argument, kt_next(e, "encode", "%s", card_no).  Each front end says it its way (the
 * CLI as a command, out.c).  Returns code, as kt_error does. */
int kt_next(struct kt_err *e, int code, const char *step, const char *fmt, ...)
    printflike(4, 5);
/* Add a problem with field to e and go on checking: the first problem is
 * also e's message and code.  Returns code. */
int kt_problem(struct kt_err *e, int code, const char *field, const char *fmt, ...)
    printflike(4, 5);
/* Add a warning about field to e (if not NULL); the call goes on and may
 * succeed.  Past KT_WARNINGS the rest are counted, not kept. */
void kt_warn(struct kt_err *e, const char *field, const char *fmt, ...) printflike(3, 4);
/* The problem in t (a check run with its own kt_err) added to e for field. */
int kt_problem_from(struct kt_err *e, const char *field, const struct kt_err *t);

/* The process exit status documented for a KT_E* code (0 for KT_OK). */
int kt_exit_status(int code);

#endif
