/*
 * bench-gen.c - N synthetic members as a CSV file for kartu import (see
 * gen.h), the way a library's old system would export them.
 * Usage: bench-gen N [SEED] > members.csv
 */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, i;
	struct gen_person p;

	srandom(argc > 2 ? (unsigned)atol(argv[2]) : 7);
	printf("name,birth_place,birth_date,sex,address,phone,category,nik,institution,"
	    "guardian,legacy_no\n");
	for (i = 1; i <= n; i++) {
		gen_person(&p);
		printf("%s,%s,%s,%c,\"%s\",%s,%s,%s,%s,%s,OLD-%06ld\n", p.name, p.birth_place,
		    p.birth_date, p.sex, p.address, p.phone, p.category, p.nik, p.institution,
		    p.guardian, i);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
