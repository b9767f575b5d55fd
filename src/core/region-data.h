/*
 * region-data.h - the tables tools/regions.c generates into build/regions.c
 * from idn-area-data (doc/REGIONS.md); only region.c reads them.
 *
 * Level k (0 provinces, 1 regencies, 2 districts, 3 villages) has
 * region_count[k] rows sorted by code.  A row keeps the last part of its code
 * (62.05.01.2001: 62, 05, 01, 2001); a row of an upper level the offset of
 * its name in region_names, and its children are the rows [first[i],
 * first[i + 1]) of the next level.  A district's villages have their names
 * one after the other from region_dist_vnames[d] (an offset per village
 * would cost 4 bytes each of 80 000).
 */
#ifndef KARTU_REGION_DATA_H
#define KARTU_REGION_DATA_H

#include <stdint.h>

extern const char region_data_version[];
extern const unsigned region_count[4];
extern const char region_names[];

extern const uint8_t region_prov_part[], region_reg_part[], region_dist_part[];
extern const uint16_t region_vill_part[];
extern const uint32_t region_prov_name[], region_reg_name[], region_dist_name[];
extern const uint32_t region_dist_vnames[];
extern const uint16_t region_prov_first[], region_reg_first[];
extern const uint32_t region_dist_first[];

#endif
