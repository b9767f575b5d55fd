/*
 * scalar.h - the integer answer of a one-row query, for the unit tests that
 * look into a store (-1 when it fails or has no row).
 */
#ifndef KARTU_TEST_SCALAR_H
#define KARTU_TEST_SCALAR_H

#include "store.h"

static long long
scalar(struct store *st, const char *sql)
{
	struct store_stmt *s;
	long long v = -1;

	if (store_prepare(st, sql, &s, NULL) != 0)
		return -1;
	if (store_step(s) == STORE_ROW)
		v = store_col_int(s, 0);
	store_finalize(s);
	return v;
}

#endif
