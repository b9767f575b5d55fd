/*
 * fuzz-region.c - libFuzzer target for region.c's code parser and the NIK's
 * region (a code typed at the desk, posted by a form, or the first digits of
 * a NIK): whatever comes in, region_find gives NULL or a region whose code
 * finds it again and lies under its parent; region_of_nik refuses with
 * KT_EUSAGE on the field nik or names a province, and its line fits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
child(const struct region *r, void *arg)
{
	const struct region *parent = arg;

	if (region_find(r->code) != r || region_parent(r) != parent)
		abort();
	return 1;	/* the first child is enough */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct region *r, *p;
	struct region_nik rn;
	struct kt_err e = { 0 };
	char *s, buf[64];
	int rc;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if ((r = region_find(s)) != NULL) {
		if (region_find(r->code) != r || strlen(r->code) >= REGION_CODE_MAX)
			abort();
		p = region_parent(r);
		if ((p == NULL) != (r->level == REGION_PROVINCE) ||
		    (p != NULL && (!region_under(r, p) || p->level != r->level - 1)))
			abort();
		region_short_name(r, buf, sizeof buf);
		if (strlen(buf) >= sizeof buf)
			abort();
		region_children(r->code, child, (void *)r);
	}
	rc = region_of_nik(s, &rn, &e);
	if (rc != 0 && (rc != KT_EUSAGE || strcmp(e.field, "nik") != 0 || rn.province != NULL))
		abort();
	if (rc == 0 && (rn.province == NULL || (rn.district != NULL && rn.regency == NULL)))
		abort();
	region_nik_line(&rn, buf, sizeof buf);
	if ((rc == 0) != (buf[0] != '\0'))
		abort();
	free(s);
	return 0;
}
