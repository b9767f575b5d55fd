/* Indonesia's regions: lookups, children, short names, the NIK's region. */
#include <stdio.h>
#include <string.h>

#include "region.h"
#include "tap.h"

struct walk {
	int n;
	char first[REGION_CODE_MAX], last[REGION_CODE_MAX], names[512];
	int sorted, stop_at;
};

static int
count(const struct region *r, void *arg)
{
	struct walk *w = arg;
	char s[128];

	if (w->n == 0)
		snprintf(w->first, sizeof w->first, "%s", r->code);
	else if (strcmp(w->last, r->code) >= 0)
		w->sorted = 0;
	snprintf(w->last, sizeof w->last, "%s", r->code);
	if (strlen(w->names) + 80 < sizeof w->names) {
		region_short_name(r, s, sizeof s);
		strcat(w->names, s);
		strcat(w->names, ";");
	}
	w->n++;
	return w->stop_at != 0 && w->n == w->stop_at ? 7 : 0;
}

static struct walk
walk(const char *parent)
{
	struct walk w;

	memset(&w, 0, sizeof w);
	w.sorted = 1;
	region_children(parent, count, &w);
	return w;
}

static const char *
short_of(const char *code)
{
	static char s[128];
	const struct region *r = region_find(code);

	if (r == NULL)
		return "(none)";
	region_short_name(r, s, sizeof s);
	return s;
}

static const char *
nik_line(const char *nik, int *rc)
{
	static char s[160];
	struct region_nik rn;
	struct kt_err e = { 0 };

	*rc = region_of_nik(nik, &rn, &e);
	region_nik_line(&rn, s, sizeof s);
	return s;
}

int
main(void)
{
	const struct region *r, *r2;
	struct region_nik rn;
	struct kt_err e = { 0 };
	struct walk w;
	char s[16];
	int rc;

	/* Lookups at every level. */
	r = region_find("62");
	ok(r != NULL && r->level == REGION_PROVINCE, "62 is a province");
	is_str(r ? r->name : NULL, "Kalimantan Tengah", "62 is Kalimantan Tengah");
	r = region_find("62.05");
	ok(r != NULL && r->level == REGION_REGENCY, "62.05 is a regency");
	is_str(r ? r->name : NULL, "Kabupaten Barito Utara", "62.05's name as the data has it");
	r = region_find("62.05.05");
	ok(r != NULL && r->level == REGION_DISTRICT, "62.05.05 is a district");
	is_str(r ? r->name : NULL, "Teweh Tengah", "62.05.05 is Teweh Tengah");
	r = region_find("62.05.01.2005");
	ok(r != NULL && r->level == REGION_VILLAGE, "62.05.01.2005 is a village");
	is_str(r ? r->name : NULL, "Sikan", "62.05.01.2005 is Sikan");
	is_str(r ? r->code : NULL, "62.05.01.2005", "its code is dotted");
	r2 = region_find("6205012005");
	ok(r2 == r, "the same code without dots is the same region");
	ok(region_find("62.05.01.2005") == r, "a village found twice is the same pointer");
	r = region_find("6205");
	is_str(r ? r->code : NULL, "62.05", "an undotted regency code is found, dotted");

	/* The edges of the tables. */
	is_str(region_find("11") ? region_find("11")->name : NULL, "Aceh", "the first province");
	is_str(region_find("96") ? region_find("96")->name : NULL, "Papua Barat Daya",
	    "the last province");
	ok(region_find("11.01.01.2001") != NULL, "the first village");
	r = region_find("11.01.01.2001");
	is_str(r ? r->name : NULL, "Keude Bakongan", "the first village's name");
	ok(region_find("35.29.22") != NULL && strcmp(region_find("35.29.22")->name, "Ra\"as") == 0,
	    "a quoted name with a doubled quote (Ra\"as)");
	r = region_find("12.07.28.1007");
	is_str(r ? r->name : NULL, "Lubuk Pakam I,II", "a quoted name with a comma");
	r = region_find("53.07.01.2021");
	is_str(r ? r->name : NULL, "Regapu\xe2\x80\x99u", "a name in UTF-8");

	/* What is not a region. */
	ok(region_find("10") == NULL, "10 is no province");
	ok(region_find("99") == NULL, "99 is no province");
	ok(region_find("00") == NULL, "00 is no province");
	ok(region_find("62.99") == NULL, "62.99 is no regency");
	ok(region_find("62.05.99") == NULL, "62.05.99 is no district");
	ok(region_find("62.05.01.9999") == NULL, "62.05.01.9999 is no village");
	ok(region_find("62.05.01.0000") == NULL, "62.05.01.0000 is no village");
	ok(region_find("") == NULL && region_find(NULL) == NULL, "empty and NULL");
	ok(region_find("6") == NULL && region_find("620") == NULL, "odd lengths");
	ok(region_find("62.05.") == NULL && region_find("62.05.1") == NULL, "cut codes");
	ok(region_find("62.0501") == NULL && region_find("6205.01") == NULL, "mixed dots");
	ok(region_find("62.05.01.20011") == NULL, "a digit too many");
	ok(region_find("62.05.01.2005.01") == NULL, "a fifth part");
	ok(region_find("62-05") == NULL && region_find(" 62") == NULL && region_find("62 ") == NULL,
	    "other separators and spaces");
	ok(region_find("6a") == NULL && region_find("62.0x") == NULL, "letters");

	/* Children. */
	w = walk(NULL);
	is_int(w.n, 38, "38 provinces");
	ok(w.sorted, "in code order");
	is_str(w.first, "11", "Aceh first");
	is_str(w.last, "96", "Papua Barat Daya last");
	w = walk("");
	is_int(w.n, 38, "\"\" is the provinces too");
	w = walk("62");
	is_int(w.n, 14, "Kalimantan Tengah has 14 regencies and cities");
	ok(strstr(w.names, "Kab. Barito Utara;") != NULL, "Kab. Barito Utara among them");
	ok(strstr(w.names, "Kota Palangkaraya;") != NULL, "Kota Palangkaraya among them");
	w = walk("62.05");
	is_int(w.n, 9, "Barito Utara has 9 kecamatan");
	ok(w.sorted, "in code order");
	is_str(w.first, "62.05.01", "the first kecamatan");
	is_str(w.last, "62.05.09", "the last kecamatan");
	ok(strstr(w.names, "Kec. Teweh Tengah;") != NULL, "Kec. Teweh Tengah among them");
	w = walk("62.05.01");
	ok(w.n == 10 && w.sorted, "Montallat's villages in code order (%d)", w.n);
	ok(strstr(w.names, "Kel. Montallat I;Kel. Montallat II;") == w.names,
	    "kelurahan first: %.40s", w.names);
	ok(strstr(w.names, "Desa Sikan;") != NULL, "a desa");
	w = walk("96");
	ok(w.n > 0, "the last province has regencies");
	w = walk("62.05.01.2005");
	is_int(w.n, 0, "a village has no children");
	w = walk("99");
	is_int(w.n, 0, "an unknown parent has no children");
	w = walk("junk");
	is_int(w.n, 0, "junk has no children");
	memset(&w, 0, sizeof w);
	w.sorted = 1;
	w.stop_at = 3;
	is_int(region_children("62.05", count, &w), 7, "the callback's non-zero stops the walk");
	is_int(w.n, 3, "after three");
	memset(&w, 0, sizeof w);
	w.sorted = 1;
	region_children("94.04.10", count, &w);
	ok(w.n > 0, "villages of another district (%d)", w.n);

	/* Parents and containment. */
	r = region_find("62.05.01.2005");
	r2 = region_parent(r);
	is_str(r2 ? r2->code : NULL, "62.05.01", "a village's parent");
	r2 = region_parent(r2);
	is_str(r2 ? r2->code : NULL, "62.05", "a district's parent");
	r2 = region_parent(r2);
	is_str(r2 ? r2->code : NULL, "62", "a regency's parent");
	ok(region_parent(r2) == NULL, "a province has none");
	ok(region_under(r, region_find("62.05")), "Sikan lies in Barito Utara");
	ok(region_under(r, r), "a region lies in itself");
	ok(!region_under(r, region_find("62.06")), "not in Barito Selatan");
	ok(!region_under(region_find("62.05"), r), "the regency is not under its village");
	ok(!region_under(region_find("11.01"), region_find("11.01.01")), "nor under its district");
	is_str(region_source(), "idn-area-data 4.0.1", "the source and version");

	/* Short names. */
	is_str(short_of("62"), "Kalimantan Tengah", "a province keeps its name");
	is_str(short_of("62.05"), "Kab. Barito Utara", "Kabupaten becomes Kab.");
	is_str(short_of("62.71"), "Kota Palangkaraya", "Kota stays");
	is_str(short_of("62.05.05"), "Kec. Teweh Tengah", "a district is Kec.");
	is_str(short_of("62.05.01.1001"), "Kel. Montallat I", "1xxx is a kelurahan");
	is_str(short_of("62.05.01.2005"), "Desa Sikan", "2xxx is a desa");
	is_str(short_of("13.12.07.2002"), "Desa Baru", "a desa named Desa Baru is not Desa Desa");
	is_str(short_of("91.03.01.3007"), "Desa Adat Yoboi", "3xxx keeps its name");
	region_short_name(region_find("62.05"), s, 8);
	is_str(s, "Kab. Ba", "cut to the buffer, terminated");

	/* The NIK's region. */
	is_str(nik_line("6205054107900002", &rc), "KTP: Kab. Barito Utara, Kec. Teweh Tengah",
	    "a NIK of Teweh Tengah");
	is_int(rc, 0, "accepted");
	is_str(nik_line("6205994107900002", &rc), "KTP: Kab. Barito Utara",
	    "an unknown district: the regency only");
	is_int(rc, 0, "an unknown district is accepted (the caller warns)");
	is_str(nik_line("6299014107900002", &rc), "KTP: Kalimantan Tengah",
	    "an unknown regency: the province only");
	is_int(rc, 0, "an unknown regency is accepted");
	is_str(nik_line("9905054107900002", &rc), "", "an unknown province: no line");
	is_int(rc, KT_EUSAGE, "an unknown province is refused");
	ok(region_of_nik("9905054107900002", &rn, &e) == KT_EUSAGE &&
	    strcmp(e.field, "nik") == 0, "on the field nik: %s", e.msg);
	ok(rn.province == NULL && rn.regency == NULL && rn.district == NULL,
	    "and nothing named");
	is_int(region_of_nik("1001014107900002", &rn, NULL), KT_EUSAGE, "10 is no province");
	is_int(region_of_nik("62050", &rn, NULL), KT_EUSAGE, "five digits are no NIK");
	is_int(region_of_nik("62x505", &rn, NULL), KT_EUSAGE, "a letter is no NIK");
	is_int(region_of_nik(NULL, &rn, NULL), KT_EUSAGE, "NULL is no NIK");
	is_int(region_of_nik("620505", &rn, NULL), 0, "six digits are enough to say the region");
	ok(rn.district != NULL && strcmp(rn.district->code, "62.05.05") == 0, "the district");
	region_of_nik("1101014107900002", &rn, NULL);
	ok(rn.district != NULL && strcmp(rn.district->name, "Bakongan") == 0,
	    "the first district of the table");
	memset(&rn, 0, sizeof rn);
	region_nik_line(&rn, s, sizeof s);
	is_str(s, "", "nothing known, nothing said");
	return done_testing();
}
