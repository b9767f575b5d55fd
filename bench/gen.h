/*
 * gen.h - synthetic members for the benchmarks: realistic Indonesian names
 * of several traditions (Muslim, Javanese, Banjar, Dayak, Christian, single
 * names), birth places of Kalimantan and beyond, NIKs consistent with the
 * birth date and sex, mobile numbers with real operator prefixes, and
 * categories with a plausible mix.  Deterministic for a given srandom() seed.
 */
#ifndef KARTU_BENCH_GEN_H
#define KARTU_BENCH_GEN_H

#include <stddef.h>

#include "valid.h"

struct gen_person {
	char name[128];
	char sex;		/* 'L' or 'P' */
	struct kt_date birth;
	char birth_date[11];
	const char *birth_place;
	char nik[24];
	char phone[16];		/* 08... as people write it */
	const char *category;
	char institution[64];	/* "" when the category needs none */
	char guardian[64];
	char address[64];
};

void gen_person(struct gen_person *p);
/* The same person typed again: spelling variants of the name (Moh./M.,
 * initials, oe for u, a doubled letter, word order, y/i, case), sometimes day
 * and month swapped, always a new phone. */
void gen_variant(const struct gen_person *in, struct gen_person *out);

#endif
