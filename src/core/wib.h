/*
 * wib.h - the service's time zone, WIB (Waktu Indonesia Barat, UTC+7, no
 * daylight saving), in one place.  Times are kept in UTC ("2026-11-28T01:30:00Z"
 * in the store); days, hours and years are the desk's, in WIB.  The store
 * gives SQL the same rule as the function wib(ts) (store.c), so queries never
 * spell the offset themselves.
 */
#ifndef KARTU_WIB_H
#define KARTU_WIB_H

#include <stddef.h>
#include <time.h>

#include "valid.h"

#define WIB_OFFSET (7 * 3600)	/* seconds east of UTC */

/* The WIB wall-clock time of t, broken down (tm_gmtoff stays 0). */
void wib_tm(time_t t, struct tm *out);
/* The WIB day of t. */
void wib_day(time_t t, struct kt_date *out);
/* A stored UTC timestamp ("YYYY-MM-DDTHH:MM:SSZ") as WIB, broken down.
 * Returns -1 for NULL or anything else. */
int wib_parse(const char *utc, struct tm *out);
/* The same as text "YYYY-MM-DD HH:MM:SS" (20 bytes), what SQL's wib(ts) gives. */
int wib_text(const char *utc, char out[20]);
/* The UTC bounds [lo, hi) of the WIB days first..last (YYYY-MM-DD each), as
 * stored timestamps, for range queries on an index. */
#define WIB_STAMP 24	/* room for a stored timestamp */
void wib_bounds(const struct kt_date *first, const struct kt_date *last, char lo[WIB_STAMP],
    char hi[WIB_STAMP]);

#endif
