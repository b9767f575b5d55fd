/*
 * err.c - filling struct kt_err.
 */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

int
kt_error(struct kt_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
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
	default:
		return 1;
	}
}
