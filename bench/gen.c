/*
 * gen.c - synthetic members (see gen.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define PICK(a) ((a)[random() % (long)(sizeof (a) / sizeof (a)[0])])

static const char *const muslim_m[] = { "Ahmad", "Rizky", "Fajar", "Yusuf", "Hasan",
	"Irfan", "Lukman", "Reza", "Taufik", "Umar", "Zainal", "Fauzi", "Khairul", "Arif",
	"Hendra", "Rahmat", "Ilham", "Hidayat", "Syaiful", "Ridwan", "Fikri", "Hafiz" };
static const char *const muslim_f[] = { "Aisyah", "Fitri", "Nurul", "Rahma", "Zahra",
	"Aulia", "Khadijah", "Salma", "Annisa", "Fatimah", "Nabila", "Husna", "Maryam" };
static const char *const muslim_last[] = { "Hidayat", "Ramadhan", "Firmansyah",
	"Hakim", "Fadillah", "Anwar", "Halim", "Syahputra", "Kurniawan", "Rahman",
	"Abdullah", "Hasibuan", "Nasution", "Lubis", "Siregar", "Harahap" };
static const char *const jawa_m[] = { "Joko", "Bambang", "Agus", "Budi", "Eko",
	"Wahyu", "Bayu", "Gilang", "Galih", "Pandu", "Cahyo", "Dedi", "Hadi", "Slamet" };
static const char *const jawa_f[] = { "Sri", "Dewi", "Rina", "Endang", "Wulan",
	"Indah", "Ayu", "Kartika", "Lestari", "Ratna", "Sekar", "Tri", "Yuni" };
static const char *const jawa_last[] = { "Santoso", "Wijaya", "Susilo", "Sutrisno",
	"Nugroho", "Hartono", "Purnomo", "Setiawan", "Wibowo", "Prasetyo", "Wahyuni",
	"Lestari", "Rahayu", "Susanti", "Utami", "Handayani", "Sulistyowati" };
static const char *const single[] = { "Suharti", "Paijo", "Tukiyem", "Sumarni",
	"Karto", "Ngatini", "Painem", "Sukirman", "Warsito", "Tarmini", "Sugiyono",
	"Marjuki", "Suparmi", "Wagiman" };
static const char *const banjar_m[] = { "Masrani", "Syahrani", "Jamrani", "Rusdiansyah",
	"Rahmadi", "Arsyad", "Mahmud", "Noor", "Hairil", "Akhmad", "Gazali", "Iberahim" };
static const char *const banjar_f[] = { "Norhayati", "Hairani", "Mahrita", "Fitriani",
	"Rusmilawati", "Noorjannah", "Raudah", "Masitah", "Salasiah", "Aluh" };
static const char *const banjar_title_m[] = { "Gusti", "Anang", "Utuh", "" , "", "" };
static const char *const banjar_title_f[] = { "Gusti", "Galuh", "Antung", "", "", "" };
static const char *const dayak_m[] = { "Sabran", "Tambun", "Bungai", "Dehen", "Arsin",
	"Agustinus", "Yohanes", "Stefanus", "Lambung", "Sahari", "Nyaring", "Tue" };
static const char *const dayak_f[] = { "Itah", "Theresia", "Elisabeth", "Natalia",
	"Lidya", "Nila", "Tiwi", "Debora", "Kristina", "Yuliana", "Bungas" };
static const char *const dayak_last[] = { "Riwut", "Toendan", "Lenjau", "Ngabe",
	"Dohong", "Tingang", "Penyang", "Antang", "Birim", "Sahay", "Anyi", "Ranan",
	"Nahan", "Djaya", "Ilas", "Tundan", "Saman", "Liung" };
static const char *const christ_m[] = { "Yosef", "Paulus", "Petrus", "Stefanus",
	"Fransiskus", "Yohanes", "Markus", "Daniel", "Samuel", "Timotius", "Andreas" };
static const char *const christ_f[] = { "Kristina", "Maria", "Veronika", "Yohana",
	"Agnes", "Margaretha", "Theresia", "Lusiana", "Monika", "Ester", "Debora" };
static const char *const christ_last[] = { "Simanjuntak", "Manurung", "Sitompul",
	"Pangaribuan", "Lumbantobing", "Sinaga", "Tambunan", "Rumondor", "Lumowa",
	"Wenas", "Sembiring", "Ginting", "Tarigan", "Marpaung", "Hutapea", "Silalahi" };
static const char *const places[] = { "Muara Teweh", "Muara Teweh", "Muara Teweh",
	"Palangka Raya", "Buntok", "Kuala Kapuas", "Banjarmasin", "Sampit", "Puruk Cahu",
	"Tamiang Layang", "Pangkalan Bun", "Martapura", "Jakarta", "Surabaya",
	"Yogyakarta", "Semarang", "Medan", "Manado", "Kandangan", "Amuntai" };
static const char *const prefixes[] = { "811", "812", "813", "821", "822", "852",
	"853", "856", "857", "858", "817", "818", "819", "859", "877", "878", "895",
	"896", "897", "898", "899", "881", "882", "887" };
static const char *const streets[] = { "Jl. Yetro Sinseng", "Jl. Pramuka",
	"Jl. Ahmad Yani", "Jl. Tjilik Riwut", "Jl. Durian", "Jl. Panglima Batur",
	"Jl. Imam Bonjol", "Jl. Negara", "Jl. Sengaji Hilir", "Jl. Jend. Sudirman" };
static const char *const schools[] = { "SMAN 1 Muara Teweh", "SMPN 2 Muara Teweh",
	"SDN Lanjas 1", "SMKN 1 Muara Teweh", "MAN Barito Utara" };

static void
name_of(char *out, size_t len, char sex)
{
	int f = sex == 'P', t = (int)(random() % 100);

	if (t < 30) {		/* Muslim */
		if (f)
			snprintf(out, len, "%s %s %s", random() % 3 == 0 ? "Siti" : "Nur",
			    PICK(muslim_f), PICK(muslim_last));
		else
			snprintf(out, len, "%s %s %s", random() % 2 ? "Muhammad" : "Ahmad",
			    PICK(muslim_m), PICK(muslim_last));
	} else if (t < 50) {	/* Javanese: one, two or three words */
		if (random() % 3 == 0)
			snprintf(out, len, "%s %s", f ? PICK(jawa_f) : PICK(jawa_m),
			    PICK(jawa_last));
		else
			snprintf(out, len, "%s %s %s", f ? PICK(jawa_f) : PICK(jawa_m),
			    f ? PICK(jawa_f) : PICK(jawa_m), PICK(jawa_last));
	} else if (t < 55)	/* a single name */
		snprintf(out, len, "%s", PICK(single));
	else if (t < 72) {	/* Banjar */
		const char *title = f ? PICK(banjar_title_f) : PICK(banjar_title_m);

		snprintf(out, len, "%s%s%s %s", title, title[0] != '\0' ? " " : "",
		    f ? PICK(banjar_f) : PICK(banjar_m), f ? PICK(banjar_f) : PICK(banjar_m));
	} else if (t < 90)	/* Dayak */
		snprintf(out, len, "%s %s", f ? PICK(dayak_f) : PICK(dayak_m), PICK(dayak_last));
	else			/* Christian */
		snprintf(out, len, "%s %s %s", f ? PICK(christ_f) : PICK(christ_m),
		    f ? PICK(christ_f) : PICK(christ_m), PICK(christ_last));
}

static void
phone_of(char *out, size_t len)
{
	snprintf(out, len, "08%s%08ld", PICK(prefixes), random() % 100000000L);
}

void
gen_person(struct gen_person *p)
{
	long t;

	memset(p, 0, sizeof *p);
	p->sex = random() % 2 ? 'P' : 'L';
	name_of(p->name, sizeof p->name, p->sex);
	/* Born 1945-2021: a library's members, children to the elderly. */
	date_from_days(-9100 + random() % 28000, &p->birth);
	date_format(&p->birth, p->birth_date, sizeof p->birth_date);
	p->birth_place = PICK(places);
	/* 62 05 (Barito Utara) mostly; district 01-09; DD (+40 for women) MM YY. */
	snprintf(p->nik, sizeof p->nik, "%s%02d%02d%02d%02d%04d",
	    random() % 5 ? "6205" : random() % 2 ? "6271" : "6371", (int)(1 + random() % 9),
	    (p->birth.d + (p->sex == 'P' ? 40 : 0)) % 100, p->birth.m % 100,
	    p->birth.y % 100, (int)(1 + random() % 9999));
	phone_of(p->phone, sizeof p->phone);
	snprintf(p->address, sizeof p->address, "%s No. %ld", PICK(streets),
	    1 + random() % 120);
	/* The category follows the age (in 2026). */
	t = 2026 - p->birth.y;
	p->category = t < 6 ? "paud-tk" : t < 18 ? "sd-sma" : t < 24 && random() % 2 ?
	    "mahasiswa" : random() % 4 == 0 ? "pegawai" : "umum";
	if (strcmp(p->category, "sd-sma") == 0)
		snprintf(p->institution, sizeof p->institution, "%s", PICK(schools));
	else if (strcmp(p->category, "mahasiswa") == 0)
		/* a university of the regency: only their students are served */
		snprintf(p->institution, sizeof p->institution, "%s",
		    "Sekolah Tinggi Ilmu Ekonomi Muara Teweh");
	if (strcmp(p->category, "paud-tk") == 0)
		snprintf(p->guardian, sizeof p->guardian, "%s %s", PICK(muslim_m),
		    PICK(muslim_last));
}

void
gen_variant(const struct gen_person *in, struct gen_person *out)
{
	char w[4][40], tmp[40];
	int n, k, i, j;

	*out = *in;
	n = sscanf(in->name, "%39s %39s %39s %39s", w[0], w[1], w[2], w[3]);
	for (k = 0; k < 2; k++) {
		i = (int)(random() % n);
		switch (random() % 8) {
		case 0:
			if (strcmp(w[i], "Muhammad") == 0)
				snprintf(w[i], sizeof w[i], "%s", random() % 2 ? "Moh." : "M.");
			else if (n > 2 && i < n - 1)
				snprintf(w[i] + 1, sizeof w[i] - 1, ".");	/* an initial */
			break;
		case 1:	/* old spelling: oe for u, dj for j, tj for c */
			for (j = 0; w[i][j] != '\0' && strlen(w[i]) < 36; j++)
				if (w[i][j] == 'u' || w[i][j] == 'j' || w[i][j] == 'c') {
					memmove(w[i] + j + 1, w[i] + j, strlen(w[i] + j) + 1);
					if (w[i][j] == 'u')
						w[i][j] = 'o', w[i][j + 1] = 'e';
					else if (w[i][j] == 'j')
						w[i][j] = 'd';
					else
						w[i][j] = 't', w[i][j + 1] = 'j';
					break;
				}
			break;
		case 2:	/* a doubled letter */
			if (strlen(w[i]) > 3 && strlen(w[i]) < 36) {
				j = 1 + (int)(random() % (strlen(w[i]) - 2));
				memmove(w[i] + j + 1, w[i] + j, strlen(w[i] + j) + 1);
			}
			break;
		case 3:	/* word order */
			if (n > 1) {
				memcpy(tmp, w[0], sizeof tmp);
				memcpy(w[0], w[n - 1], sizeof tmp);
				memcpy(w[n - 1], tmp, sizeof tmp);
			}
			break;
		case 4:	/* y / i at the end */
			j = (int)strlen(w[i]) - 1;
			if (w[i][j] == 'i')
				w[i][j] = 'y';
			else if (w[i][j] == 'y')
				w[i][j] = 'i';
			break;
		case 5:	/* lower case */
			for (j = 0; w[i][j] != '\0'; j++)
				w[i][j] = (char)tolower((unsigned char)w[i][j]);
			break;
		default:
			break;
		}
	}
	snprintf(out->name, sizeof out->name, "%s%s%s%s%s%s%s", w[0], n > 1 ? " " : "",
	    n > 1 ? w[1] : "", n > 2 ? " " : "", n > 2 ? w[2] : "", n > 3 ? " " : "",
	    n > 3 ? w[3] : "");
	if (random() % 4 == 0 && out->birth.d <= 12 && out->birth.d != out->birth.m) {
		int t = out->birth.d;

		out->birth.d = out->birth.m;
		out->birth.m = t;
		date_format(&out->birth, out->birth_date, sizeof out->birth_date);
	} else if (random() % 10 == 0) {
		/* A typo in the birth date: a year off, or one wrong digit of the
		 * day or of the year's last two. */
		struct kt_date b = out->birth, r;

		switch (random() % 3) {
		case 0:
			b.y += random() % 2 ? 1 : -1;
			break;
		case 1:
			b.d = b.d / 10 * 10 + (b.d % 10 + 1 + (int)(random() % 8)) % 10;
			break;
		default:
			b.y = b.y / 10 * 10 + (b.y % 10 + 1 + (int)(random() % 8)) % 10;
			break;
		}
		date_from_days(date_days(&b), &r);
		if (b.d >= 1 && r.y == b.y && r.m == b.m && r.d == b.d && b.y <= 2021) {
			out->birth = b;
			date_format(&out->birth, out->birth_date, sizeof out->birth_date);
		}
	}
	phone_of(out->phone, sizeof out->phone);
}
