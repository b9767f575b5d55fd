/* Name keys and similarity: the Indonesian spelling variants. */
#include <stdlib.h>

#include "compat.h"
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
	key("Abdullah", "abd la");
	key("Hendry", "hendri");
	key("Ma'ruf Amin", "maruf amin");
	key("André Günther", "andre gunter");
	key("Abdurrahman Wahid", "abd rahman wahid");
	key("Abd. Rahman Wahid", "abd rahman wahid");
	key("Abdul Kadir", "abd kadir");
	key("Abdulkadir", "abd kadir");
	key("Muhammad Al-Amin", "mhd amin");
	key("Hanifah", "hanifa");
	key("Dzulkifli Tsabit", "zulkifli sabit");
	key("Taufiq", "taufik");
	key("Arief", "arif");
	key("Zaenal", "zainal");
	key("Desy", "desi");
	key("Siti Fauziyah", "siti fauzia");
	key("Drs. H. Abdul Karim, M.Si.", "abd karim");
	key("Siti Nurjanah, S.Pd.I", "siti nuryana");
	key("Raden Ayu Siti Rahayu", "siti rahayu");
	key("Ahmad Fauzi bin Abdullah", "ahmad fauzi ~abd ~la");
	key("Maria br. Sitompul", "maria sitompul");
	key("I Gst. Ngr. Rai", "~gusti ~ngura rai");
	key("Ida Bagus Putu Mantra", "~ib ~putu mantra");
	key("Ni Md. Ayu Sari", "~made ~ayu sari");
	/* The second round of issue 18. */
	key("R.A. Kartini", "kartini");
	key("Raden Ajeng Kartini", "kartini");
	key("Ns. Yuliana, S.Kep.", "yuliana");
	key("Suwarni, S.Pd.SD", "suwarni");
	key("Ustadz Abdul Somad, Lc., M.A.", "abd somad");
	key("Ma Ying", "ma ying");
	key("M.A. Rahman", "m a rahman");
	key("Gouw Swie Tjiang", "go swi ciang");
	key("Lauw Tjin Nio", "lau cin nio");
	key("Oey Liang Lee", "ui liang li");
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

	same("Muhammad Al-Amin", "Muhammad Alamin");
	same("Siti Az-Zahra", "Siti Azzahra");
	same("Ahmad Ar-Rasyid", "Ahmad Rasyid");
	same("Abdul Latif", "Abdullatif");
	same("Sudirman", "Sodirman");
	same("Agus Nugroho", "Agus Nugraha");
	same("Paimin", "Paimen");
	same("Fitri Handayani", "Pitri Handayani");
	same("Zaenal Mutaqin", "Jaenal Mutaqin");
	same("Christina Manurung", "Kristina Manurung");
	same("Rahmat Hidayat", "Rahmad Hidayat");
	same("Ma'ruf Amin", "Makruf Amin");
	same("Putri Rahmawati", "Putri Rahmawti");
	same("Benny Lumbantobing", "Benny Lumban Tobing");
	same("Ong Hok Ham", "Ong Hokham");
	same("Liem Sioe Liong", "Lim Siu Liong");
	same("I Made Sudarma", "Made Sudarma");
	same("Ni Luh Putu Ayu Lestari", "Ni Putu Ayu Lestari");
	same("Dr. Budi Santoso, M.Pd.", "Budi Santoso");
	same("Ahmad Fauzi bin Abdullah", "Ahmad Fauzi");
	same("Sumirah", "Sumireh");
	same("Oey Hong Lee", "Oei Hong Lie");
	same("Gouw Swie Tjiang", "Go Swie Ciang");
	same("Ong Hok Ham", "Onghokham");
	same("Taufik Hidayat", "Topik Hidayat");
	same("Eva Fauziah", "Epa Pauziah");
	same("R.A. Kartini", "Raden Ajeng Kartini");

	differ("Siti Aminah", "Siti Amanah");
	differ("Nur Hidayah", "Nur Hidayat");
	differ("Ahmad", "Ahmadi");
	differ("Yuliana", "Yuliani");
	differ("Hartono", "Hartini");
	differ("Supriyadi", "Supriyati");
	differ("Kristina Manurung", "Kristian Manurung");
	differ("I Wayan Sudarma", "I Ketut Sudarma");
	differ("Lukman Hakim", "Lukman Halim");
	differ("Siti Aminah", "Siti Rahma");
	differ("Agus Setiawan", "Budi Santoso");
	differ("Siti", "Siti Aminah");
	differ("Dewi Lestari", "Dewi Sartika");
	differ("Muhammad Rizky", "Muhammad Fajar");
	differ("Rina", "Rini Susanti");
	differ("Suryani", "Suryanti");
	differ("Yuliani", "Yulianti");
	differ("Ani Suryani", "Ana Suryani");
	differ("Eva Lestari", "Eka Lestari");

	{
		char ka[NAME_KEY_MAX], kb[NAME_KEY_MAX];
		int how;
		double s;

		name_key("Samsudin", ka, sizeof ka);
		name_key("Udin", kb, sizeof kb);
		s = name_compare(ka, kb, &how);
		ok(s >= 0.8 && s < 0.9 && (how & NAME_NICKNAME), "Udin for Samsudin: a nickname"
		    " (%.2f)", s);
		name_key("Syamsudin Harahap", ka, sizeof ka);
		name_key("Udin Harahap", kb, sizeof kb);
		name_compare(ka, kb, &how);
		ok(how & NAME_NICKNAME, "Udin Harahap for Syamsudin Harahap: a nickname");
		name_key("Sudirman", ka, sizeof ka);
		name_key("Sodirman", kb, sizeof kb);
		name_compare(ka, kb, &how);
		ok(how == 0, "a vowel variant is not a nickname");
	}
	/* name_bound is never below name_compare: over every pair of names in
	 * the evaluation sets (the typo dates' prefilter rests on it). */
	{
		static const char *const sets[] = { "name-pairs.tsv", "name-pairs-holdout.tsv",
		    "name-pairs-holdout2.tsv", "name-pairs-holdout3.tsv" };
		static char names[4096][128], keys[4096][NAME_KEY_MAX];
		static unsigned ids[4096][NAME_MAXTOK];
		static int nids[4096];
		const char *src = getenv("KARTU_SRC");
		char path[512], line[512], *f, *g;
		size_t n = 0, i, j, bad = 0, pairs = 0, under = 0, differ = 0;
		struct name_memo *memo = name_memo_new();
		FILE *fp;

		for (i = 0; i < nitems(sets); i++) {
			snprintf(path, sizeof path, "%s/tests/data/%s", src != NULL ? src : ".",
			    sets[i]);
			if ((fp = fopen(path, "r")) == NULL)
				continue;
			while (fgets(line, sizeof line, fp) != NULL && n + 2 < nitems(names)) {
				/* label, name, name, ... */
				if (line[0] == '#' || (f = strchr(line, '\t')) == NULL ||
				    (g = strchr(++f, '\t')) == NULL)
					continue;
				*g++ = '\0';
				g[strcspn(g, "\t\r\n")] = '\0';
				snprintf(names[n++], sizeof names[0], "%s", f);
				snprintf(names[n++], sizeof names[0], "%s", g);
			}
			fclose(fp);
		}
		for (i = 0; i < n; i++) {
			name_key(names[i], keys[i], sizeof keys[i]);
			nids[i] = memo != NULL ? name_memo_tokens(memo, keys[i], ids[i]) : -1;
		}
		for (i = 0; i < n && memo != NULL; i++)
			for (j = 0, name_memo_query(memo, keys[i]); j < n; j++) {
				double s = name_similarity(keys[i], keys[j]);
				double b = name_bound(keys[i], keys[j]);

				/* The memo's bound, the same to the last bit, from
				 * the key and from its tokens' ids, and whether it
				 * reaches a threshold. */
				if ((name_memo_bound(memo, keys[j]) != b || nids[j] < 0 ||
				    name_memo_bound_tokens(memo, ids[j], nids[j]) != b ||
				    name_memo_reaches(memo, ids[j], nids[j], 0.8) != (b >= 0.8) ||
				    name_memo_reaches(memo, ids[j], nids[j], 0.5) != (b >= 0.5)) &&
				    differ++ < 5)
					printf("# memo's bound %.3f, not %.3f: %s / %s\n",
					    name_memo_bound(memo, keys[j]), b, names[i], names[j]);
				pairs++;
				under += b < 0.8;
				if (b < s) {
					if (bad++ < 5)
						printf("# bound %.3f < %.3f: %s / %s\n", b, s,
						    names[i], names[j]);
				}
			}
		ok(n > 1000 && bad == 0, "name_bound never below name_compare (%zu names,"
		    " %zu pairs, %zu below, %zu under 0.8)", n, pairs, bad, under);
		ok(memo != NULL && pairs > 1000000 && differ == 0, "name_memo_bound equals"
		    " name_bound (%zu pairs, %zu differ)", pairs, differ);
		/* The same bounds as the memo grows past its first 4 096 tokens, its
		 * pair cache is emptied when full (after 786 432 pairs), and for a
		 * long token; among them tokens that only token_score matches (z for
		 * s). */
		{
			static const char *const late[] = { "zutrisna", "zutrysna", "zutrisno",
			    "zutrysno" };
			const char *query = "sutrisna zabdulrahmanwijayakusumaningrat";
			char key[NAME_KEY_MAX], tok[8];
			size_t c, v, matched = 0;

			differ = 0;
			if (memo != NULL)
				name_memo_query(memo, query);
			for (i = 0; i < 420000 && memo != NULL; i++) {
				/* b... : no first letter of the query's */
				tok[0] = 'b';
				for (c = 1, v = i; c < 5; c++, v /= 26)
					tok[c] = (char)('a' + v % 26);
				tok[5] = '\0';
				snprintf(key, sizeof key, "%s %s", tok, i % 400 < 399 ? "" :
				    i % 5 == 4 ? "sabdulrahmanwijayakusumaningrat" : late[i % 5]);
				matched += name_bound(query, key) > 0.0;
				if (name_memo_bound(memo, key) != name_bound(query, key) &&
				    differ++ < 5)
					printf("# memo's bound differs: %s\n", key);
			}
			ok(memo != NULL && differ == 0 && matched == 1050, "name_memo_bound equals"
			    " name_bound as it grows and empties its pair cache (%zu differ)",
			    differ);
		}
		name_memo_free(memo);
	}
	ok(sim("Siti Aminah", "Siti Aminah") == 1.0, "identical names score 1");
	ok(sim("", "Siti") == 0.0, "empty name scores 0");
	ok(name_jaro_winkler("martha", 6, "marhta", 6) > 0.96 &&
	    name_jaro_winkler("martha", 6, "marhta", 6) < 0.962, "Jaro-Winkler of martha/marhta");
	return done_testing();
}
