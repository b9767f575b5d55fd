/*
 * name.c - canonical keys and similarity of Indonesian names (see name.h).
 */
#include <ctype.h>
#include <string.h>

#include "compat.h"
#include "name.h"

#define MAXTOK 16
#define TOKLEN 64

/* Spellings of Muhammad after the rewriting below, all folded to "mhd". */
static const char *const muhammad[] = {
	"muhamad", "mohamad", "muhamed", "mohamed", "muhamat", "mohamat", "muhamadi",
	"mukhamad", "mokhamad", "moh", "muh", "mhd", "md", "mhmd", "mochd", "mohd",
};

/* Other whole-word variants: { variant, canonical }. */
static const char *const words[][2] = {
	{ "nor", "nur" },	/* Noor after the doubled o is folded */
	{ "abd", "abdul" },
};

/* Letter sequences rewritten inside a word, in this order.  The old spelling
 * (before 1972) wrote oe for u, dj for j, tj for c, j for y and ch for kh; kh,
 * dh and th are then folded further so that Achmad = Ahmad, Ramadhan = Ramadan. */
static const char *const rewrites[][2] = {
	{ "oe", "u" }, { "dj", "j" }, { "tj", "c" }, { "j", "y" }, { "ch", "kh" },
	{ "kh", "h" }, { "dh", "d" }, { "th", "t" }, { "ph", "f" },
};

/* Map one byte of a name (or the start of a two-byte UTF-8 Latin-1 letter) to
 * a lower-case ASCII letter, or 0 for a separator.  *adv gets the bytes used. */
static int
fold_letter(const unsigned char *s, size_t *adv)
{
	static const char latin1[] =	/* U+00C0 .. U+00FF, base letters */
	    "aaaaaaaceeeeiiiidnooooo.ouuuuyts"
	    "aaaaaaaceeeeiiiidnooooo.ouuuuyty";

	*adv = 1;
	if (isalpha(s[0]))
		return tolower(s[0]);
	if (s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
		*adv = 2;
		return latin1[s[1] - 0x80] == '.' ? 0 : latin1[s[1] - 0x80];
	}
	if (s[0] >= 0xc0) {	/* another non-ASCII character: skip it whole */
		while (s[*adv] >= 0x80 && s[*adv] < 0xc0)
			(*adv)++;
	}
	return 0;
}

static void
rewrite_token(char *t)
{
	char buf[TOKLEN];
	size_t i, j, k, n;

	for (k = 0; k < nitems(rewrites); k++) {
		const char *from = rewrites[k][0], *to = rewrites[k][1];
		size_t fl = strlen(from), tl = strlen(to);

		for (i = 0, j = 0; t[i] != '\0' && j + tl < sizeof buf;) {
			if (strncmp(t + i, from, fl) == 0) {
				memcpy(buf + j, to, tl);
				j += tl;
				i += fl;
			} else
				buf[j++] = t[i++];
		}
		buf[j] = '\0';
		memcpy(t, buf, j + 1);
	}
	/* Doubled letters: Muhammad, Sitti, Abdullah. */
	for (i = 0, j = 0; t[i] != '\0'; i++)
		if (j == 0 || t[j - 1] != t[i])
			t[j++] = t[i];
	t[j] = '\0';
	/* A final y is an i: Hendry = Hendri, Rizky = Rizki. */
	n = strlen(t);
	if (n > 1 && t[n - 1] == 'y')
		t[n - 1] = 'i';
	for (k = 0; k < nitems(muhammad); k++)
		if (strcmp(t, muhammad[k]) == 0) {
			strcpy(t, "mhd");
			return;
		}
	for (k = 0; k < nitems(words); k++)
		if (strcmp(t, words[k][0]) == 0) {
			strcpy(t, words[k][1]);
			return;
		}
}

int
name_key(const char *name, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	char tok[TOKLEN];
	size_t tl = 0, ol = 0, adv, n;
	int c, ntok = 0;

	if (len == 0)
		return 0;
	out[0] = '\0';
	for (;;) {
		c = *s != '\0' ? fold_letter(s, &adv) : 0;
		if (c == 0 && *s == '\'') {	/* Ma'ruf = Maruf */
			s++;
			continue;
		}
		if (c != 0) {
			if (tl + 1 < sizeof tok)
				tok[tl++] = (char)c;
		} else if (tl > 0) {
			tok[tl] = '\0';
			rewrite_token(tok);
			n = strlen(tok);
			if (ntok < MAXTOK && ol + n + 2 <= len) {
				if (ol > 0)
					out[ol++] = ' ';
				memcpy(out + ol, tok, n + 1);
				ol += n;
				ntok++;
			}
			tl = 0;
		}
		if (*s == '\0')
			break;
		s += adv;
	}
	return ntok;
}

double
name_jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned char am[TOKLEN * 4] = { 0 }, bm[TOKLEN * 4] = { 0 };
	size_t i, j, k, lo, hi, win, m = 0, t = 0, prefix = 0;
	double jaro;

	if (na == 0 || nb == 0)
		return na == nb ? 1.0 : 0.0;
	if (na > sizeof am)
		na = sizeof am;
	if (nb > sizeof bm)
		nb = sizeof bm;
	win = (na > nb ? na : nb) / 2;
	win = win > 0 ? win - 1 : 0;
	for (i = 0; i < na; i++) {
		lo = i > win ? i - win : 0;
		hi = i + win + 1 < nb ? i + win + 1 : nb;
		for (j = lo; j < hi; j++)
			if (!bm[j] && a[i] == b[j]) {
				am[i] = bm[j] = 1;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0.0;
	for (i = 0, k = 0; i < na; i++) {
		if (!am[i])
			continue;
		while (!bm[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	jaro = ((double)m / na + (double)m / nb + (double)(m - t / 2) / m) / 3.0;
	while (prefix < 4 && prefix < na && prefix < nb && a[prefix] == b[prefix])
		prefix++;
	return jaro + prefix * 0.1 * (1.0 - jaro);
}

struct toks {
	const char *p[MAXTOK];
	size_t n[MAXTOK];
	int count;
};

static void
split(const char *key, struct toks *t)
{
	const char *s = key, *e;

	t->count = 0;
	while (*s != '\0' && t->count < MAXTOK) {
		e = strchr(s, ' ');
		if (e == NULL)
			e = s + strlen(s);
		t->p[t->count] = s;
		t->n[t->count++] = (size_t)(e - s);
		s = *e == ' ' ? e + 1 : e;
	}
}

static double
token_score(const char *a, size_t na, const char *b, size_t nb)
{
	double jw;

	if (na == nb && memcmp(a, b, na) == 0)
		return 1.0;
	if ((na == 1 || nb == 1) && a[0] == b[0])
		return 0.9;	/* an initial */
	if (na < 3 || nb < 3)
		return 0.0;
	jw = name_jaro_winkler(a, na, b, nb);
	return jw >= 0.88 ? jw : 0.0;
}

/* In-order concatenation of a key without spaces (Nurhaliza = Nur Haliza). */
static size_t
squeeze(const char *key, char *out, size_t len)
{
	size_t n = 0;

	for (; *key != '\0' && n + 1 < len; key++)
		if (*key != ' ')
			out[n++] = *key;
	out[n] = '\0';
	return n;
}

double
name_similarity(const char *a, const char *b)
{
	struct toks ta, tb;
	int used[MAXTOK] = { 0 }, i, j, best, good = 0, big, small;
	double sum = 0.0, s, bs, score;
	char ca[NAME_KEY_MAX], cb[NAME_KEY_MAX];
	size_t la, lb;

	split(a, &ta);
	split(b, &tb);
	if (ta.count == 0 || tb.count == 0)
		return 0.0;
	/* Greedy matching, best pair first for each token of a. */
	for (i = 0; i < ta.count; i++) {
		best = -1;
		bs = 0.0;
		for (j = 0; j < tb.count; j++) {
			if (used[j])
				continue;
			s = token_score(ta.p[i], ta.n[i], tb.p[j], tb.n[j]);
			if (s > bs) {
				bs = s;
				best = j;
			}
		}
		if (best >= 0) {
			used[best] = 1;
			sum += bs;
			if (bs >= 0.88)
				good++;
		}
	}
	big = ta.count > tb.count ? ta.count : tb.count;
	small = ta.count < tb.count ? ta.count : tb.count;
	score = sum / big;
	/* A name that holds all of a shorter one of two or more words. */
	if (small >= 2 && good == small && score < 0.9)
		score = 0.9;
	la = squeeze(a, ca, sizeof ca);
	lb = squeeze(b, cb, sizeof cb);
	if (ta.count != tb.count) {
		s = name_jaro_winkler(ca, la, cb, lb);
		if (s >= 0.95 && s > score)
			score = s;
	}
	return score > 1.0 ? 1.0 : score;
}
