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

/* The longest code and its NUL ("62.05.01.2001"). */
#define REGION_CODE_MAX 14

/* The region with this code, or NULL: dotted ("62.05.01.2001") or the same
 * digits without the dots ("6205012001"); anything else is NULL.  The region
 * lives as long as the process (regions are made on first use, safe from any
 * thread), so its pointer may be kept. */
const struct region *region_find(const char *code);
/* The regions directly under parent ("" or NULL: the provinces), in code
 * order; cb's non-zero return stops the walk and is returned.  An unknown
 * parent, or a village, has no children (0).  A screen's pickers: the
 * kecamatan of the library's regency are region_children("62.05"), the desa
 * and kelurahan of one are region_children("62.05.05"); show each by
 * region_short_name and post its code. */
int region_children(const char *parent, int (*cb)(const struct region *, void *),
    void *arg);
/* Where r is, for a line of text: its short name and those of the regions
 * above it up to the regency, "Desa Sikan, Kec. Montallat, Kab. Barito
 * Utara" (a regency or a province: its short name alone). */
void region_path(const struct region *r, char *buf, size_t len);
/* The region r lies in (a village's district, ...), NULL for a province. */
const struct region *region_parent(const struct region *r);
/* Whether r is ancestor or lies under it (62.05.01.2001 is under 62.05). */
int region_under(const struct region *r, const struct region *ancestor);
/* The regency or city of this name ("Kabupaten Barito Utara", "Kab. Barito
 * Utara", "Kota Palangkaraya"; case and repeated spaces do not matter), as
 * the library's setting regency names it; NULL when none or two are. */
const struct region *region_regency_named(const char *name);
/* What the table was made from, for an About page and kartu --version:
 * "idn-area-data 4.0.1". */
const char *region_source(void);
/* A region's short name for a line of text: "Kab. Barito Utara",
 * "Kota Palangkaraya", "Kec. Teweh Tengah", "Desa Pendreh", "Kel. Melayu"
 * (a village's kind is the first digit of its last part: 1 kelurahan, 2
 * desa); a province keeps its name.  Cut to fit len, always terminated. */
void region_short_name(const struct region *r, char *buf, size_t len);

/* What the first six digits of a 16-digit NIK say (or a dotted district
 * code as kept of one, "62.05.05").  KT_EUSAGE (field "nik")
 * when the province is unknown; otherwise 0, with regency and district NULL
 * where the data has no such code (warn, do not refuse). */
struct region_nik {
	const struct region *province, *regency, *district;
};
int region_of_nik(const char *nik, struct region_nik *out, struct kt_err *e);
/* "Kab. Barito Utara, Kec. Teweh Tengah", or as much as is known
 * ("Kab. Barito Utara" without the district, "Kalimantan Tengah" without the
 * regency); "" when rn knows nothing. */
void region_nik_names(const struct region_nik *rn, char *buf, size_t len);
/* "KTP: Kab. Barito Utara, Kec. Teweh Tengah", or as much as is known
 * ("KTP: Kab. Barito Utara" without the district, "KTP: Kalimantan Tengah"
 * without the regency); "" when rn knows nothing.  Never the NIK. */
void region_nik_line(const struct region_nik *rn, char *buf, size_t len);

#endif
