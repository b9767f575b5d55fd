/*
 * compat.h - small helpers every module uses: gettext, array sizes, attributes.
 */
#ifndef KARTU_COMPAT_H
#define KARTU_COMPAT_H

#include <libintl.h>

#define KARTU_DOMAIN "kartu"
/* Core and CLI messages share one text domain; the front end binds it. */
#define _(s) dgettext(KARTU_DOMAIN, s)
#define N_(s) (s)

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define printflike(f, a) __attribute__((format(printf, f, a)))
#else
#define printflike(f, a)
#endif

#endif
