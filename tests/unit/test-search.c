/* The member search's ranking and its FTS5 expression (search.c). */
#include <string.h>

#include "name.h"
#include "search.h"
#include "tap.h"

static double
score(const char *query, const char *name)
{
	char m[NAME_KEY_MAX];

	name_key(name, m, sizeof m);
	return search_score(query, m);
}

static void
finds(const char *query, const char *name)
{
	double s = score(query, name);

	if (!ok(s > 0, "'%s' finds '%s'", query, name))
		printf("#   score %.3f\n", s);
}

static void
misses(const char *query, const char *name)
{
	double s = score(query, name);

	if (!ok(s == 0, "'%s' does not find '%s'", query, name))
		printf("#   score %.3f\n", s);
}

/* query ranks a above b. */
static void
above(const char *query, const char *a, const char *b)
{
	double x = score(query, a), y = score(query, b);

	if (!ok(x > y, "'%s': '%s' before '%s'", query, a, b))
		printf("#   %.3f, %.3f\n", x, y);
}

int
main(void)
{
	char expr[4096];

	finds("budi", "Budi Santoso");
	finds("Santoso", "Budi Santoso");
	finds("santoso budi", "Budi Santoso");
	finds("nurhaliza", "Siti Nurhaliza");
	finds("nurhaliza", "Siti Nur Haliza");
	finds("Nur Haliza", "Siti Nurhaliza");
	finds("M Rizki", "Muhammad Rizky Pratama");
	finds("Moch. Rizky", "Muhammad Rizky Pratama");
	finds("prat", "Muhammad Rizky Pratama");
	finds("Lenj", "Nyaring Lenjau");
	finds("Made Wirawan", "I Made Wirawan");
	finds("Dr. Budi", "Budi Santoso");
	misses("budi hartono", "Budi Santoso");
	misses("santi", "Budi Santoso");
	misses("x budi", "Budi Santoso");

	above("budi", "Budi Santoso", "Budiman Hadi");
	above("budi", "Budi Santoso", "Ahmad Budi Santoso Wijaya");
	above("budi santoso", "Budi Santoso", "Budi Santika");
	above("rizki", "Rizki Amelia", "Muhammad Rizkiansyah");
	above("m rizki", "Muhammad Rizki", "Rizki Maulana Akbar");
	ok(score("Budi Santoso", "Budi Santoso") > 0.99, "the whole name scores 1");

	ok(search_match("budi santoso", 0, expr, sizeof expr) == 0 &&
	    strstr(expr, "(\"budi\")") != NULL && strstr(expr, "\"santosobudi\"") == NULL &&
	    strstr(expr, "\"budisantoso\"") != NULL,
	    "the words, or the two joined: %s", expr);
	ok(search_match("budi", 1, expr, sizeof expr) == 0 && strstr(expr, "\"budi\"*") != NULL,
	    "with prefix, the start of a word: %s", expr);
	ok(search_match("nurhaliza", 0, expr, sizeof expr) == 0 &&
	    strstr(expr, "\"nur haliza\"") != NULL, "a long word split in two: %s", expr);
	ok(search_match("Peny", 1, expr, sizeof expr) == 0 && strstr(expr, "\"pen\"*") != NULL,
	    "a folded last letter left out: %s", expr);
	ok(search_match("Sant", 1, expr, sizeof expr) == 0 && strstr(expr, "\"san\"*") == NULL,
	    "a last letter as typed is kept: %s", expr);
	ok(search_match("M", 0, expr, sizeof expr) == 1, "an initial alone is no search");
	ok(search_match("\"budi\" OR x*", 0, expr, sizeof expr) == 0 &&
	    strchr(expr, '*') == NULL, "FTS5 syntax typed is only letters: %s", expr);
	ok(search_tsquery("budi santoso", 1, expr, sizeof expr) == 0 &&
	    strstr(expr, "('budi':*") != NULL && strstr(expr, " & ('santoso':*") != NULL &&
	    strstr(expr, " | (('budisantoso':*") != NULL,
	    "PostgreSQL's tsquery: the words' starts, or the two joined: %s", expr);
	ok(search_tsquery("nurhaliza", 0, expr, sizeof expr) == 0 &&
	    strstr(expr, "('nur' <-> 'haliza')") != NULL, "a word split in two, a phrase: %s", expr);
	ok(search_tsquery("'budi' | x:*", 0, expr, sizeof expr) == 0 &&
	    strchr(expr, '|') == NULL && strchr(expr, '*') == NULL,
	    "tsquery syntax typed is only letters: %s", expr);
	return done_testing();
}
