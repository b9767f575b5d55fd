/*
 * region.c - Indonesia's regions from the generated tables (region.h,
 * region-data.h).
 *
 * The tables hold numbers and name offsets only, so the program carries no
 * pointer per region (90 000 of them).  The struct region a caller gets is
 * made on first use and kept for the life of the process: the provinces,
 * regencies and districts together (7 837), the villages one district at a
 * time.  A mutex guards the making (the screens serve from their own thread).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"
#include "region-data.h"

struct ent {
	struct region r;
	char code[REGION_CODE_MAX];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
/* The provinces, regencies and districts, indexed as the tables. */
static struct ent *upper[3];
/* Per district, its villages (indexed from region_dist_first[d]). */
static struct ent **villages;

static void
set(struct ent *x, enum region_level level, uint32_t name_off)
{
	x->r.code = x->code;
	x->r.name = region_names + name_off;
	x->r.level = level;
}

/* Make the three upper levels; 0, or -1 when memory ran out.  With mu held. */
static int
make_upper(void)
{
	struct ent *l[3];
	unsigned p, g, d;
	int k;

	if (upper[0] != NULL)
		return 0;
	for (k = 0; k < 3; k++)
		if ((l[k] = calloc(region_count[k], sizeof **l)) == NULL)
			goto fail;
	villages = calloc(region_count[2], sizeof *villages);
	if (villages == NULL)
		goto fail;
	for (p = 0; p < region_count[0]; p++) {
		snprintf(l[0][p].code, sizeof l[0][p].code, "%02u",
		    (unsigned)region_prov_part[p]);
		set(&l[0][p], REGION_PROVINCE, region_prov_name[p]);
		for (g = region_prov_first[p]; g < region_prov_first[p + 1]; g++) {
			snprintf(l[1][g].code, sizeof l[1][g].code, "%.2s.%02u",
			    l[0][p].code, (unsigned)region_reg_part[g]);
			set(&l[1][g], REGION_REGENCY, region_reg_name[g]);
			for (d = region_reg_first[g]; d < region_reg_first[g + 1]; d++) {
				snprintf(l[2][d].code, sizeof l[2][d].code, "%.5s.%02u",
				    l[1][g].code, (unsigned)region_dist_part[d]);
				set(&l[2][d], REGION_DISTRICT, region_dist_name[d]);
			}
		}
	}
	for (k = 0; k < 3; k++)
		upper[k] = l[k];
	return 0;
fail:
	while (k-- > 0)
		free(l[k]);
	free(villages);
	villages = NULL;
	return -1;
}

/* Row i of level k (0-2), or NULL when memory ran out. */
static const struct region *
upper_row(int k, unsigned i)
{
	int rc;

	pthread_mutex_lock(&mu);
	rc = make_upper();
	pthread_mutex_unlock(&mu);
	return rc == 0 ? &upper[k][i].r : NULL;
}

/* Village v (an index of the village table) of district d. */
static const struct region *
village_row(unsigned d, unsigned v)
{
	struct ent *b = NULL;
	unsigned first = region_dist_first[d], n = region_dist_first[d + 1] - first, i;
	uint32_t name;

	pthread_mutex_lock(&mu);
	if (make_upper() != 0)
		goto out;
	if ((b = villages[d]) == NULL && (b = calloc(n, sizeof *b)) != NULL) {
		name = region_dist_vnames[d];
		for (i = 0; i < n; i++) {
			snprintf(b[i].code, sizeof b[i].code, "%.8s.%04u", upper[2][d].code,
			    (unsigned)region_vill_part[first + i] % 10000);
			set(&b[i], REGION_VILLAGE, name);
			name += (uint32_t)strlen(region_names + name) + 1;
		}
		villages[d] = b;
	}
out:
	pthread_mutex_unlock(&mu);
	return b != NULL ? &b[v - first].r : NULL;
}

/* The row in [lo, hi) of a sorted table of parts holding part, or -1. */
static long
search8(const uint8_t *t, unsigned lo, unsigned hi, unsigned part)
{
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (t[mid] == part)
			return mid;
		if (t[mid] < part)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static long
search16(const uint16_t *t, unsigned lo, unsigned hi, unsigned part)
{
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (t[mid] == part)
			return mid;
		if (t[mid] < part)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
digits(const char *s, int n, unsigned *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 1;
}

/* The parts of a code, dotted or not; its level (1-4), or 0 when it is no
 * code. */
static int
parse(const char *s, unsigned part[4])
{
	static const int width[4] = { 2, 2, 2, 4 };
	size_t len = strlen(s);
	int dotted = len > 2 && s[2] == '.', k;

	for (k = 0; k < 4; k++) {
		if (k > 0 && dotted && *s++ != '.')
			return 0;
		if (!digits(s, width[k], &part[k]))
			return 0;
		s += width[k];
		if (*s == '\0')
			return k + 1;
	}
	return 0;
}

const struct region *
region_find(const char *code)
{
	unsigned part[4];
	long p, g, d, v;
	int level;

	if (code == NULL || (level = parse(code, part)) == 0)
		return NULL;
	if ((p = search8(region_prov_part, 0, region_count[0], part[0])) < 0)
		return NULL;
	if (level == 1)
		return upper_row(0, (unsigned)p);
	g = search8(region_reg_part, region_prov_first[p], region_prov_first[p + 1], part[1]);
	if (g < 0)
		return NULL;
	if (level == 2)
		return upper_row(1, (unsigned)g);
	d = search8(region_dist_part, region_reg_first[g], region_reg_first[g + 1], part[2]);
	if (d < 0)
		return NULL;
	if (level == 3)
		return upper_row(2, (unsigned)d);
	v = search16(region_vill_part, region_dist_first[d], region_dist_first[d + 1], part[3]);
	if (v < 0)
		return NULL;
	return village_row((unsigned)d, (unsigned)v);
}

/* The index of an upper region in its level's table. */
static unsigned
index_of(const struct region *r)
{
	return (unsigned)((const struct ent *)(const void *)r - upper[r->level - 1]);
}

int
region_children(const char *parent, int (*cb)(const struct region *, void *), void *arg)
{
	const struct region *r = NULL, *c;
	unsigned i, lo, hi, k;
	int rc;

	if (parent == NULL || parent[0] == '\0') {
		lo = 0;
		hi = region_count[0];
		k = 0;
	} else {
		if ((r = region_find(parent)) == NULL || r->level == REGION_VILLAGE)
			return 0;
		i = index_of(r);
		k = r->level;
		if (k == 1) {
			lo = region_prov_first[i];
			hi = region_prov_first[i + 1];
		} else if (k == 2) {
			lo = region_reg_first[i];
			hi = region_reg_first[i + 1];
		} else {
			lo = region_dist_first[i];
			hi = region_dist_first[i + 1];
		}
	}
	for (i = lo; i < hi; i++) {
		c = k < 3 ? upper_row((int)k, i) : village_row(index_of(r), i);
		if (c == NULL)
			return 0;
		if ((rc = cb(c, arg)) != 0)
			return rc;
	}
	return 0;
}

void
region_path(const struct region *r, char *buf, size_t len)
{
	char name[256];
	size_t n = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (; r != NULL && n < len; r = region_parent(r)) {
		region_short_name(r, name, sizeof name);
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "", name);
		if (r->level <= REGION_REGENCY)
			break;
	}
}

const struct region *
region_parent(const struct region *r)
{
	char code[REGION_CODE_MAX];
	size_t len;

	if (r == NULL || r->level == REGION_PROVINCE)
		return NULL;
	len = strlen(r->code) - (r->level == REGION_VILLAGE ? 5 : 3);
	snprintf(code, sizeof code, "%.*s", (int)len, r->code);
	return region_find(code);
}

int
region_under(const struct region *r, const struct region *ancestor)
{
	size_t n;

	if (r == NULL || ancestor == NULL)
		return 0;
	n = strlen(ancestor->code);
	return strncmp(r->code, ancestor->code, n) == 0 &&
	    (r->code[n] == '\0' || r->code[n] == '.');
}

/* Letters alike but for case, spaces squeezed: "kabupaten  barito utara"
 * is "Kabupaten Barito Utara". */
static int
same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' && a[1] == ' ')
			a++;
		while (*b == ' ' && b[1] == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

const struct region *
region_regency_named(const char *name)
{
	const struct region *r, *found = NULL;
	char s[256];
	unsigned i;

	if (name == NULL)
		return NULL;
	while (*name == ' ')
		name++;
	for (i = 0; i < region_count[1]; i++) {
		if ((r = upper_row(1, i)) == NULL)
			return NULL;
		region_short_name(r, s, sizeof s);
		if (same_words(name, r->name) || same_words(name, s)) {
			if (found != NULL)
				return NULL;	/* two of that name: say none */
			found = r;
		}
	}
	return found;
}

const char *
region_source(void)
{
	static char s[48];

	pthread_mutex_lock(&mu);
	if (s[0] == '\0')
		snprintf(s, sizeof s, "idn-area-data %s", region_data_version);
	pthread_mutex_unlock(&mu);
	return s;
}

void
region_short_name(const struct region *r, char *buf, size_t len)
{
	const char *name = r->name, *prefix = "";

	switch (r->level) {
	case REGION_PROVINCE:
		break;
	case REGION_REGENCY:
		if (strncmp(name, "Kabupaten ", 10) == 0) {
			prefix = "Kab. ";
			name += 10;
		}
		break;
	case REGION_DISTRICT:
		prefix = "Kec. ";
		break;
	case REGION_VILLAGE:
		/* "62.05.01.2001": the last part's first digit. */
		if (r->code[9] == '1')
			prefix = "Kel. ";
		else if (r->code[9] == '2' && strncmp(name, "Desa ", 5) != 0)
			prefix = "Desa ";
		break;
	}
	snprintf(buf, len, "%s%s", prefix, name);
}

int
region_of_nik(const char *nik, struct region_nik *out, struct kt_err *e)
{
	char code[REGION_CODE_MAX], six[7];
	unsigned v;

	memset(out, 0, sizeof *out);
	/* nik_region keeps "62.05.05", the digits of a NIK's "620505". */
	if (nik != NULL && strnlen(nik, 9) == 8 && nik[2] == '.' && nik[5] == '.')
		snprintf(six, sizeof six, "%.2s%.2s%.2s", nik, nik + 3, nik + 6);
	else
		snprintf(six, sizeof six, "%.6s", nik != NULL ? nik : "");
	if (strlen(six) < 6 || !digits(six, 6, &v))
		return kt_error_at(e, KT_EUSAGE, "nik", _("NIK must be 16 digits"));
	snprintf(code, sizeof code, "%.2s", six);
	if ((out->province = region_find(code)) == NULL)
		return kt_error_at(e, KT_EUSAGE, "nik", _("NIK does not start with a"
		    " province code: %.2s is no province of Indonesia"), six);
	snprintf(code, sizeof code, "%.2s.%.2s", six, six + 2);
	if ((out->regency = region_find(code)) == NULL)
		return 0;
	snprintf(code, sizeof code, "%.2s.%.2s.%.2s", six, six + 2, six + 4);
	out->district = region_find(code);
	return 0;
}

void
region_nik_names(const struct region_nik *rn, char *buf, size_t len)
{
	char a[256], b[256];

	if (len == 0)
		return;
	buf[0] = '\0';
	if (rn->regency != NULL) {
		region_short_name(rn->regency, a, sizeof a);
		if (rn->district != NULL) {
			region_short_name(rn->district, b, sizeof b);
			snprintf(buf, len, "%s, %s", a, b);
		} else
			snprintf(buf, len, "%s", a);
	} else if (rn->province != NULL)
		snprintf(buf, len, "%s", rn->province->name);
}

void
region_nik_line(const struct region_nik *rn, char *buf, size_t len)
{
	/* Room for the two names of 255 and their ", ": GCC's format check
	 * fails the sanitizer build (-O1, inlined) with 512. */
	char names[520];

	if (len == 0)
		return;
	region_nik_names(rn, names, sizeof names);
	if (names[0] != '\0')
		snprintf(buf, len, "KTP: %s", names);
	else
		buf[0] = '\0';
}
