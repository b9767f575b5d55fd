/*
 * clock.h - what every benchmark times with: the monotonic clock in
 * milliseconds, and the order of doubles for the medians and percentiles.
 */
#ifndef KARTU_BENCH_CLOCK_H
#define KARTU_BENCH_CLOCK_H

#include <time.h>

static inline double
ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* For qsort of doubles, smallest first. */
static inline int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
