/* Name keys and similarity: the Indonesian spelling variants. */
#include "name.h"
#include "tap.h"

static double
sim(const char *a, const char *b)
{
	char ka[NAME_KEY_MAX], kb[NAME_KEY_MAX];

	name_key(a, ka, sizeof ka);
	name_key(b, kb, sizeof kb);
	return name_similarity(ka, kb);
}

static void
same(const char *a, const char *b)
{
	double s = sim(a, b);

	if (!ok(s >= 0.9, "'%s' ~ '%s'", a, b))
		printf("#   similarity %.3f\n", s);
}

static void
differ(const char *a, const char *b)
{
	double s = sim(a, b);

	if (!ok(s < 0.8, "'%s' !~ '%s'", a, b))
		printf("#   similarity %.3f\n", s);
}

static void
key(const char *name, const char *want)
{
	char k[NAME_KEY_MAX];

	name_key(name, k, sizeof k);
	is_str(k, want, "key of '%s'", name);
}

int
main(void)
{
	char k[NAME_KEY_MAX];

	key("Muhammad Rizky", "mhd rizki");
	key("MUHAMAD  rizki", "mhd rizki");
	key("Mohammad Rizki", "mhd rizki");
	key("Mohamad Rizki", "mhd rizki");
	key("Moh. Rizki", "mhd rizki");
	key("Moch. Rizki", "mhd rizki");
	key("Mochammad Rizki", "mhd rizki");
	key("Sitti Nurhaliza", "siti nurhaliza");
	key("Noor Aini", "nur aini");
	key("Soekarno", "sukarno");
	key("Djoko Tjahjono", "yoko cahyono");
	key("Joko Cahyono", "yoko cahyono");
	key("Jusuf", "yusuf");
	key("Chairul Anwar", "hairul anwar");
	key("Khairul Anwar", "hairul anwar");
	key("Achmad", "ahmad");
	key("Ramadhan", "ramadan");
	key("Abdullah", "abdulah");
	key("Hendry", "hendri");
	key("Ma'ruf Amin", "maruf amin");
	key("André Günther", "andre gunter");
	key("  --  ", "");
	ok(name_key("12345", k, sizeof k) == 0, "digits are not a name");

	same("Muhammad Rizky", "M. Rizki");
	same("Muhammad Rizky", "Rizki, Muhammad");
	same("Siti Nurhaliza", "Sitti Nur Haliza");
	same("Siti Nurhaliza", "Nurhaliza Siti");
	same("Noor Aini", "Nur Aini");
	same("Soekarno Poetra", "Sukarno Putra");
	same("Djoko Susilo", "Joko Susilo");
	same("Tjipto Mangoenkoesoemo", "Cipto Mangunkusumo");
	same("Achmad Chairudin", "Ahmad Khairudin");
	same("Rizky Ramadhan", "Rizki Ramadan");
	same("Dewi Lestari", "Dewi Lestary");
	same("Siti Aminah", "Siti Aminah Putri");
	same("Agus Setiawan", "Agus Setiyawan");
	same("Yusuf Kalla", "Jusuf Kalla");

	differ("Siti Aminah", "Siti Rahma");
	differ("Agus Setiawan", "Budi Santoso");
	differ("Siti", "Siti Aminah");
	differ("Dewi Lestari", "Dewi Sartika");
	differ("Muhammad Rizky", "Muhammad Fajar");
	differ("Rina", "Rini Susanti");

	ok(sim("Siti Aminah", "Siti Aminah") == 1.0, "identical names score 1");
	ok(sim("", "Siti") == 0.0, "empty name scores 0");
	ok(name_jaro_winkler("martha", 6, "marhta", 6) > 0.96 &&
	    name_jaro_winkler("martha", 6, "marhta", 6) < 0.962, "Jaro-Winkler of martha/marhta");
	return done_testing();
}
