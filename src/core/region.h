/*
 * region.h - Indonesia's administrative regions (Kemendagri codes) from the
 * npm package idn-area-data (ODbL; its attribution in doc/ and on the
 * screens' About), turned into a table at build time: provinces (2 digits),
 * regencies and cities ("62.05"), districts / kecamatan ("62.05.01") and
 * villages / desa and kelurahan ("62.05.01.2001").
 *
 * A NIK begins with the codes of the province, the regency and the district
 * where the KTP was made: region_of_nik names them, so a screen can say
 * "KTP: Kab. Barito Utara, Kec. Teweh Tengah" without showing the number.
 * An unknown province code is no NIK (refused); an unknown district is only
 * a warning, because NIKs keep the codes of districts that later split.
 */
#ifndef KARTU_REGION_H
#define KARTU_REGION_H

#include <stddef.h>

#include "err.h"

enum region_level {
	REGION_PROVINCE = 1,
	REGION_REGENCY = 2,
	REGION_DISTRICT = 3,
	REGION_VILLAGE = 4,
};

struct region {
	const char *code;	/* dotted: "62.05.01" */
	const char *name;	/* as the data has it: "Kabupaten Barito Utara" */
	enum region_level level;
};

/* The region with this dotted code, or NULL. */
const struct region *region_find(const char *code);
/* The regions directly under parent ("" or NULL: the provinces), in code
 * order; cb's non-zero return stops the walk and is returned. */
int region_children(const char *parent, int (*cb)(const struct region *, void *),
    void *arg);
/* A region's short name for a line of text: "Kab. Barito Utara",
 * "Kota Palangka Raya", "Kec. Teweh Tengah", "Desa Lanjas". */
void region_short_name(const struct region *r, char *buf, size_t len);

/* What the first six digits of a 16-digit NIK say.  KT_EUSAGE (field "nik")
 * when the province is unknown; otherwise 0, with regency and district NULL
 * where the data has no such code (warn, do not refuse). */
struct region_nik {
	const struct region *province, *regency, *district;
};
int region_of_nik(const char *nik, struct region_nik *out, struct kt_err *e);
/* "KTP: Kab. Barito Utara, Kec. Teweh Tengah" (or as much as is known). */
void region_nik_line(const struct region_nik *rn, char *buf, size_t len);

#endif
