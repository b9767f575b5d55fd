/*
 * err.c - filling struct kt_err.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static void
reset(struct kt_err *e, int code)
{
	e->code = code;
	e->field[0] = '\0';
	e->next[0] = '\0';
	e->next_arg[0] = '\0';
	e->nproblems = 0;
}

int
kt_error(struct kt_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	reset(e, code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
kt_error_at(struct kt_err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	reset(e, code);
	snprintf(e->field, sizeof e->field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
kt_next(struct kt_err *e, int code, const char *step, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	snprintf(e->next, sizeof e->next, "%s", step);
	va_start(ap, fmt);
	vsnprintf(e->next_arg, sizeof e->next_arg, fmt, ap);
	va_end(ap);
	return code;
}

static void
add(struct kt_err *e, int code, const char *field, const char *msg)
{
	struct kt_problem *p;
	size_t n;

	if (e->nproblems == 0) {
		reset(e, code);
		snprintf(e->field, sizeof e->field, "%s", field);
		snprintf(e->msg, sizeof e->msg, "%s", msg);
	}
	if (e->nproblems < KT_PROBLEMS) {
		p = &e->problems[e->nproblems];
		p->code = code;
		snprintf(p->field, sizeof p->field, "%s", field);
		n = strnlen(msg, sizeof p->msg - 1);
		memcpy(p->msg, msg, n);
		p->msg[n] = '\0';
	}
	e->nproblems++;
}

int
kt_problem(struct kt_err *e, int code, const char *field, const char *fmt, ...)
{
	char msg[sizeof e->msg];
	va_list ap;

	if (e == NULL)
		return code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	add(e, code, field, msg);
	return code;
}

void
kt_warn(struct kt_err *e, const char *field, const char *fmt, ...)
{
	struct kt_problem *p;
	va_list ap;

	if (e == NULL)
		return;
	if (e->nwarnings < KT_WARNINGS) {
		p = &e->warnings[e->nwarnings];
		p->code = KT_OK;
		snprintf(p->field, sizeof p->field, "%s", field);
		va_start(ap, fmt);
		vsnprintf(p->msg, sizeof p->msg, fmt, ap);
		va_end(ap);
	}
	e->nwarnings++;
}

int
kt_problem_from(struct kt_err *e, const char *field, const struct kt_err *t)
{
	if (e == NULL)
		return t->code;
	add(e, t->code, t->field[0] != '\0' ? t->field : field, t->msg);
	return t->code;
}

int
kt_exit_status(int code)
{
	switch (code) {
	case KT_OK:
		return 0;
	case KT_EUSAGE:
		return 2;
	case KT_EREFUSED:
		return 3;
	case KT_ENOTFOUND:
		return 4;
	case KT_EOFFLINE:
		return 5;
	case KT_EDAMAGED:
		return 6;
	default:
		return 1;
	}
}
