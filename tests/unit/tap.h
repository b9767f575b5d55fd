/*
 * tap.h - a tiny Test Anything Protocol producer for the unit tests; prove(1)
 * runs them and reads the plan at the end.
 */
#ifndef KARTU_TAP_H
#define KARTU_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_vok(int ok, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void
tap_vok(int ok, const char *fmt, va_list ap)
{
	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	printf("\n");
	if (!ok)
		tap_failed++;
}

static int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

#define is_int(got, want, ...) do { \
	long long g_ = (got), w_ = (want); \
	if (!ok(g_ == w_, __VA_ARGS__)) \
		printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!ok(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0, __VA_ARGS__)) \
		printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
