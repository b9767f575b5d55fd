/*
 * name.c - canonical keys and similarity of Indonesian names (see name.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "name.h"

#define MAXTOK NAME_MAXTOK
#define TOKLEN 64

/* Spellings of Muhammad after the rewriting below, all folded to "mhd". */
static const char *const muhammad[] = {
	"muhamad", "mohamad", "muhamed", "mohamed", "muhamat", "mohamat", "muhamadi",
	"mukhamad", "mokhamad", "moh", "muh", "mhd", "md", "mhmd", "mochd", "mohd",
};

/* Other whole-word variants: { variant, canonical }. */
static const char *const words[][2] = {
	{ "nor", "nur" },	/* Noor after the doubled o is folded */
};

/* Letter sequences rewritten inside a word, in this order.  The old spelling
 * (before 1972) wrote oe for u, dj for j, tj for c, j for y (so nj, sj for ny,
 * sy) and ch for kh; -iy- before a vowel is -i- (Fauziyah, Sumiyati); Dutch ie
 * is i (Arief, Liem), Javanese ae, ao, oi are ai, au, ai (Zaenal, Taopik,
 * Khoirul); then the letters Arabic names are written with either way.  The
 * Dutch-era Hokkien spellings ouw and auw are o and au (Gouw = Go, Lauw = Lau). */
static const char *const rewrites[][2] = {
	{ "ouw", "o" }, { "auw", "au" }, { "oe", "u" }, { "dj", "j" }, { "tj", "c" }, { "j", "y" }, { "ch", "kh" },
	{ "iya", "ia" }, { "iye", "ie" }, { "iyi", "i" }, { "iyo", "io" }, { "iyu", "iu" },
	{ "ie", "i" }, { "ae", "ai" }, { "ao", "au" }, { "oi", "ai" },
	{ "kh", "h" }, { "gh", "g" }, { "dh", "d" }, { "dl", "d" }, { "th", "t" },
	{ "ph", "f" }, { "sy", "s" }, { "sh", "s" }, { "ts", "s" }, { "dz", "z" },
	{ "q", "k" },
};

/* Titles before a name (dropped while a word follows them). */
static const char *const titles[] = {
	"h", "hj", "haji", "hajah", "hajjah", "dr", "drs", "dra", "drg", "ir", "prof", "kh",
	"ny", "nn", "tn", "sdr", "sdri", "bpk", "ust", "ustad", "ustadz", "ustaz",
	"ustadzah", "ustazah", "kyai", "kiai", "syekh", "syeikh", "ns", "ners", "drh", "apt",
};

/* Javanese nobility: Raden (R., Rr., R.A., R.M.), then Ayu, Mas, Ajeng, Roro. */
static const char *const raden[] = { "raden", "r", "rr", "ra", "rm", "rd" };
static const char *const raden_next[] = { "ayu", "mas", "ajeng", "roro", "rara", "ngabehi" };

/* Academic degrees and professional titles after a name. */
static const char *const degrees[] = {
	"se", "sh", "shi", "spd", "spdi", "sag", "ssos", "skom", "st", "ssi", "sip",
	"skep", "ns", "sked", "skm", "sfarm", "apt", "stp", "spt", "sth", "sik", "shum",
	"sikom", "sps", "sstp", "sst", "amd", "amdkeb", "amdkep", "amk", "amkeb", "mpd",
	"mpdi", "msi", "mm", "mh", "mt", "msc", "mkes", "mkom", "mag", "mhum", "mba",
	"mag", "mth", "phd", "bsc", "lc", "ak", "cpa", "drg", "spog", "spa", "sppd",
	"mkn", "ssn", "sds", "msn", "mph", "spdsd", "spsi", "skes", "sgz", "sfil", "sap",
	"sei", "mse", "mkm", "mkeb", "mkep", "mpsi", "mhi", "msos",
};

/* Degrees that are also short words or names, taken for degrees only when
 * written with dots after the first word (Lc., M.A.; but M.A. Rahman is two
 * initials). */
static const char *const dotted_degrees[] = { "ma", "ba" };

/* Balinese names before the given name: birth order, caste titles, their
 * abbreviations { as written, canonical }. */
static const char *const bali[][2] = {
	{ "wayan", "wayan" }, { "wyn", "wayan" }, { "putu", "putu" }, { "pt", "putu" },
	{ "gede", "gede" }, { "gde", "gede" }, { "luh", "luh" }, { "made", "made" },
	{ "md", "made" }, { "kadek", "kadek" }, { "kdk", "kadek" }, { "kd", "kadek" },
	{ "nengah", "nengah" }, { "ngh", "nengah" }, { "nyoman", "nyoman" },
	{ "nym", "nyoman" }, { "ny", "nyoman" }, { "komang", "komang" }, { "kmg", "komang" },
	{ "ketut", "ketut" }, { "kt", "ketut" }, { "ktt", "ketut" }, { "gusti", "gusti" },
	{ "gst", "gusti" }, { "ngurah", "ngurah" }, { "ngr", "ngurah" }, { "ib", "ib" },
	{ "ia", "ia" }, { "aa", "aa" }, { "agung", "agung" }, { "cokorda", "cokorda" },
	{ "cok", "cokorda" }, { "tjokorda", "cokorda" }, { "dewa", "dewa" },
	{ "desak", "desak" }, { "dsk", "desak" }, { "ayu", "ayu" }, { "bagus", "bagus" },
	{ "sang", "sang" }, { "ngakan", "ngakan" },
};

/* The Arabic article standing alone, after the rewriting. */
static const char *const articles[] = {
	"al", "el", "ad", "an", "ar", "as", "at", "az", "ul",
};

static int
in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

#define IN(w, list) in_list((w), (list), nitems(list))

static const char *
bali_name(const char *w)
{
	size_t i;

	for (i = 0; i < nitems(bali); i++)
		if (strcmp(w, bali[i][0]) == 0)
			return bali[i][1];
	return NULL;
}

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

static int
vowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void
replace_all(char *t, const char *from, const char *to)
{
	char buf[TOKLEN];
	size_t i, j, fl = strlen(from), tl = strlen(to);

	/* Most tokens hold none of the 27 rewrites: leave those as they are
	 * without copying them twice (unless the copy below would cut them). */
	if (strstr(t, from) == NULL && strlen(t) + tl <= sizeof buf)
		return;
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

static void
rewrite_token(char *t)
{
	size_t i, j, k, n = strlen(t);

	/* A final y is an i (Hendry, Rizky), before sy is read as s (Desy);
	 * a final ee is an i too (Hokkien Lee = Li = Lie). */
	if (n > 1 && t[n - 1] == 'y')
		t[n - 1] = 'i';
	if (n > 2 && t[n - 1] == 'e' && t[n - 2] == 'e') {
		t[n - 2] = 'i';
		t[--n] = '\0';
	}
	for (k = 0; k < nitems(rewrites); k++)
		replace_all(t, rewrites[k][0], rewrites[k][1]);
	/* Doubled letters: Muhammad, Sitti, Abdullah. */
	for (i = 0, j = 0; t[i] != '\0'; i++)
		if (j == 0 || t[j - 1] != t[i])
			t[j++] = t[i];
	t[j] = '\0';
	for (k = 0; k < nitems(muhammad); k++)
		if (strcmp(t, muhammad[k]) == 0) {
			strcpy(t, "mhd");
			return;
		}
	n = strlen(t);
	/* A final h after a vowel is not written by everyone: Hanifah, Goh. */
	if (n > 2 && t[n - 1] == 'h' && vowel(t[n - 2]))
		t[--n] = '\0';
	/* A final y is an i: Hendry = Hendri, Rizky = Rizki. */
	if (n > 1 && t[n - 1] == 'y')
		t[n - 1] = 'i';
	for (k = 0; k < nitems(words); k++)
		if (strcmp(t, words[k][0]) == 0) {
			strcpy(t, words[k][1]);
			return;
		}
}

/* One word of a name as typed: its letters, and the punctuation around it. */
struct word {
	char t[TOKLEN];
	int dotted;	/* written with a dot inside (S.Pd, A.A.) */
	int opt;	/* may be left out (bin's father, Balinese titles) */
	int drop;
};

/* Cut a name into words at spaces, commas, hyphens and the like; a word with
 * dots inside is one word when its letters are a degree or title (S.Pd.I,
 * A.A.), else one word per dot (I.Gst.Ngr.). */
static int
cut(const char *name, struct word *w, int max)
{
	const unsigned char *s = (const unsigned char *)name;
	char buf[TOKLEN], parts[8][TOKLEN];
	size_t bl = 0, pl = 0, adv;
	int n = 0, np = 0, c, i;

	for (;;) {
		c = *s != '\0' ? fold_letter(s, &adv) : 0;
		if (c != 0) {
			if (bl + 1 < sizeof buf)
				buf[bl++] = (char)c;
			if (pl + 1 < TOKLEN && np < 8)
				parts[np][pl++] = (char)c;
		} else if (*s == '\'' || *s == 0x60) {
			/* Ma'ruf = Maruf */
		} else if (*s == '.') {
			if (pl > 0 && np < 8) {
				parts[np][pl] = '\0';
				np++;
				pl = 0;
			}
		} else if (bl > 0) {
			buf[bl] = '\0';
			if (pl > 0 && np < 8) {
				parts[np][pl] = '\0';
				np++;
			}
			if (np <= 1 || IN(buf, degrees) || bali_name(buf) != NULL ||
			    IN(buf, titles) || IN(buf, raden) ||
			    (n > 0 && IN(buf, dotted_degrees))) {
				if (n < max) {
					memset(&w[n], 0, sizeof w[n]);
					memcpy(w[n].t, buf, bl + 1);
					w[n++].dotted = np > 1;
				}
			} else
				for (i = 0; i < np && n < max; i++) {
					memset(&w[n], 0, sizeof w[n]);
					memcpy(w[n++].t, parts[i], TOKLEN);
				}
			bl = pl = 0;
			np = 0;
		}
		if (*s == '\0')
			break;
		s += adv;
	}
	return n;
}

/* Drop titles, degrees, boru; mark bin's father and Balinese titles. */
static void
classify(struct word *w, int n)
{
	int i, first = 0, last = n - 1, k;
	const char *b;

	/* Degrees after the first word. */
	for (i = 1; i < n; i++)
		if (IN(w[i].t, degrees) || (w[i].dotted && IN(w[i].t, dotted_degrees)))
			w[i].drop = 1;
	while (last > 0 && w[last].drop)
		last--;
	/* Titles before the name, while a word follows. */
	while (first < last) {
		if (IN(w[first].t, titles))
			w[first++].drop = 1;
		else if (IN(w[first].t, raden)) {
			w[first++].drop = 1;
			if (first < last && IN(w[first].t, raden_next))
				w[first++].drop = 1;
		} else
			break;
	}
	/* bin / binti: the father's name may be left out; boru / br. goes. */
	for (i = first + 1; i <= last; i++) {
		if (strcmp(w[i].t, "bin") == 0 || strcmp(w[i].t, "binti") == 0 ||
		    strcmp(w[i].t, "bte") == 0 || strcmp(w[i].t, "binte") == 0) {
			w[i].drop = 1;
			for (k = i + 1; k <= last; k++)
				w[k].opt = 1;
			break;
		}
		if (strcmp(w[i].t, "boru") == 0 || strcmp(w[i].t, "br") == 0)
			w[i].drop = 1;
	}
	/* Balinese: I / Ni, or a birth-order or caste name first. */
	if (first < last && (strcmp(w[first].t, "i") == 0 || strcmp(w[first].t, "ni") == 0))
		w[first++].drop = 1;
	else if (first < last && ((strcmp(w[first].t, "ida") == 0 &&
	    (strcmp(w[first + 1].t, "bagus") == 0 || strcmp(w[first + 1].t, "ayu") == 0)) ||
	    (strcmp(w[first].t, "anak") == 0 && strcmp(w[first + 1].t, "agung") == 0)))
		;
	else if (first >= last || (b = bali_name(w[first].t)) == NULL ||
	    ((strcmp(b, "dewa") == 0 || strcmp(b, "ayu") == 0 || strcmp(b, "agung") == 0 ||
	    strcmp(b, "bagus") == 0 || strcmp(b, "sang") == 0) &&
	    bali_name(w[first + 1].t) == NULL))
		return;
	/* Ida Bagus = IB, Ida Ayu = IA, Anak Agung = AA. */
	for (i = first; i < last; i++) {
		const char *two = strcmp(w[i].t, "ida") == 0 && strcmp(w[i + 1].t, "bagus") == 0 ?
		    "ib" : strcmp(w[i].t, "ida") == 0 && strcmp(w[i + 1].t, "ayu") == 0 ? "ia" :
		    strcmp(w[i].t, "anak") == 0 && strcmp(w[i + 1].t, "agung") == 0 ? "aa" : NULL;

		if (two != NULL) {
			w[i].drop = 1;
			snprintf(w[i + 1].t, TOKLEN, "%s", two);
		}
	}
	for (i = first; i < last; i++) {
		if (w[i].drop)
			continue;
		if ((b = bali_name(w[i].t)) == NULL)
			break;
		snprintf(w[i].t, TOKLEN, "%s", b);
		w[i].opt = 1;
	}
}

static int
emit(char *out, size_t len, size_t *ol, const char *tok, int opt)
{
	size_t n = strlen(tok);

	if (n == 0 || *ol + n + 3 > len)
		return 0;
	if (*ol > 0)
		out[(*ol)++] = ' ';
	if (opt)
		out[(*ol)++] = '~';
	memcpy(out + *ol, tok, n + 1);
	*ol += n;
	return 1;
}

int
name_key(const char *name, char *out, size_t len)
{
	struct word w[MAXTOK + 8];
	char *t, rest[TOKLEN];
	size_t ol = 0;
	int n, i, ntok = 0;

	if (len == 0)
		return 0;
	out[0] = '\0';
	n = cut(name, w, (int)nitems(w));
	classify(w, n);
	for (i = 0; i < n; i++)
		if (!w[i].drop)
			rewrite_token(w[i].t);
	for (i = 0; i < n && ntok < MAXTOK; i++) {
		if (w[i].drop)
			continue;
		t = w[i].t;
		/* The article standing alone, while another word follows. */
		if (IN(t, articles)) {
			int k;

			for (k = i + 1; k < n && w[k].drop; k++)
				;
			if (k < n)
				continue;
		}
		/* Abd, Abdul, Abdur, Abdus, Abdi, joined or not: "abd" and the rest. */
		if (strncmp(t, "abd", 3) == 0) {
			const char *r = t + 3;

			if (*r == '\0' || strcmp(r, "u") == 0 || strcmp(r, "i") == 0 ||
			    strcmp(r, "ul") == 0 || strcmp(r, "ur") == 0 || strcmp(r, "us") == 0 ||
			    strcmp(r, "un") == 0) {
				ntok += emit(out, len, &ol, "abd", w[i].opt);
				continue;
			}
			if ((*r == 'u' || *r == 'i') && strlen(r) >= 3)
				r++;
			if (r[0] == 'l' && r[1] != '\0' && !vowel(r[1]))
				r++;
			if (strlen(r) >= 2) {
				snprintf(rest, sizeof rest, "%s", r);
				ntok += emit(out, len, &ol, "abd", w[i].opt);
				ntok += emit(out, len, &ol, rest, w[i].opt);
				continue;
			}
		}
		ntok += emit(out, len, &ol, t, w[i].opt);
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

/* The nickname table, keyed once: { nickname key, full name key }. */
#define MAXNICK 512
static struct {
	char nick[24], full[40];
	size_t nn, nf;
} nicks[MAXNICK];
static int nnicks = -1;
/* The entries by the nickname's first letter and length, chained through
 * nick_next (-1 ends a chain): token_score asks is_nickname of every pair of
 * tokens that nothing else matched, and a scan of the whole table for each
 * was most of the already-a-member check's time at 100 000 members. */
static int nick_head[128][24], nick_next[MAXNICK];

static void
load_nicknames(void)
{
	const char *s = name_nicknames, *e, *f, *fe;
	char nick[64], full[64], key[NAME_KEY_MAX];
	int *h;

	nnicks = 0;
	memset(nick_head, 0xff, sizeof nick_head);
	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (*s == '#' || (f = memchr(s, '\t', (size_t)(e - s))) == NULL ||
		    (size_t)(f - s) >= sizeof nick)
			continue;
		memcpy(nick, s, (size_t)(f - s));
		nick[f - s] = '\0';
		name_key(nick, key, sizeof key);
		if (strlen(key) >= sizeof nick)
			continue;
		memcpy(nick, key, strlen(key) + 1);
		for (f++; f < e; f = fe) {
			while (f < e && *f == ' ')
				f++;
			for (fe = f; fe < e && *fe != ' '; fe++)
				;
			if (fe == f || (size_t)(fe - f) >= sizeof full || nnicks == MAXNICK)
				continue;
			memcpy(full, f, (size_t)(fe - f));
			full[fe - f] = '\0';
			name_key(full, key, sizeof key);
			if (strlen(nick) < sizeof nicks[0].nick && strlen(key) < sizeof nicks[0].full &&
			    strchr(key, ' ') == NULL) {
				snprintf(nicks[nnicks].nick, sizeof nicks[0].nick, "%s", nick);
				snprintf(nicks[nnicks].full, sizeof nicks[0].full, "%s", key);
				nicks[nnicks].nn = strlen(nick);
				nicks[nnicks].nf = strlen(key);
				h = &nick_head[(unsigned char)nick[0] & 0x7f][nicks[nnicks].nn];
				nick_next[nnicks] = *h;
				*h = nnicks++;
			}
		}
	}
}

static int
is_nickname(const char *a, size_t na, const char *b, size_t nb)
{
	int i;

	if (nnicks < 0)
		load_nicknames();
	/* a the nickname and b the full name, then the other way round: only
	 * the chain of a nickname of that first letter and length can hold it. */
	if (na < nitems(nick_head[0]))
		for (i = nick_head[(unsigned char)a[0] & 0x7f][na]; i >= 0; i = nick_next[i])
			if (nicks[i].nf == nb && nicks[i].nick[0] == a[0] &&
			    memcmp(nicks[i].nick, a, na) == 0 && memcmp(nicks[i].full, b, nb) == 0)
				return 1;
	if (nb < nitems(nick_head[0]))
		for (i = nick_head[(unsigned char)b[0] & 0x7f][nb]; i >= 0; i = nick_next[i])
			if (nicks[i].nf == na && nicks[i].nick[0] == b[0] &&
			    memcmp(nicks[i].nick, b, nb) == 0 && memcmp(nicks[i].full, a, na) == 0)
				return 1;
	return 0;
}

/* Two letters at position i of a word of n letters that spellings of one name
 * put for each other. */
static int
variant_pair(int x, int y, size_t i, size_t n)
{
	static const char *const any[] = { "sz", "dz", "hk", "ck", "ch", "fp", "fv",
	    "yz", "iy", "pv" };
	char p[3];
	size_t k;

	if (x > y) {
		int t = x;

		x = y;
		y = t;
	}
	p[0] = (char)x;
	p[1] = (char)y;
	p[2] = '\0';
	if ((strcmp(p, "ou") == 0 || strcmp(p, "ei") == 0) && i > 0 && i + 1 < n)
		return 1;	/* inside a word: Sodirman, Paimen */
	if (strcmp(p, "ao") == 0 && i > 0)
		return 1;	/* Javanese: Nugroho, Santosa, Mustofa */
	if (strcmp(p, "dt") == 0 && i + 1 == n)
		return 1;	/* Rahmad */
	if (strcmp(p, "ae") == 0 && i + 1 == n && n >= 6)
		return 1;	/* Madurese and Javanese -eh: Sumirah = Sumireh */
	for (k = 0; k < nitems(any); k++)
		if (strcmp(p, any[k]) == 0)
			return 1;
	return 0;
}

/* Which letters may be dropped from a word of four letters: the glottal and
 * glides written or not (Makruf, Nikmah). */
static int
weak_letter(int c)
{
	return c == 'k' || c == 'h' || c == 'y' || c == 'w';
}

/* Is b a with one letter inserted (not first, not last)? */
static int
one_insert(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	while (i < na && a[i] == b[i])
		i++;
	if (i == 0 || i + 1 >= nb)
		return 0;
	if (memcmp(a + i, b + i + 1, na - i) != 0)
		return 0;
	/* -ani and -anti, -ini and -inti are names of their own (Suryani,
	 * Suryanti). */
	if (b[i] == 't' && a[i - 1] == 'n' && i + 2 == nb)
		return 0;
	return na >= 5 || (na == 4 && weak_letter(b[i]));
}

static int
article(const char *a, size_t na, const char *b, size_t nb)
{
	/* a = article + b: Alamin, Elfatih, and the assimilated Azzahra,
	 * Arrasyid (their doubled letter folded: a + zahra). */
	if (nb < 3 || na <= nb || memcmp(a + na - nb, b, nb) != 0)
		return 0;
	if (na == nb + 2 && (memcmp(a, "al", 2) == 0 || memcmp(a, "el", 2) == 0))
		return 1;
	return na == nb + 1 && a[0] == 'a' && strchr("tsdrznl", b[0]) != NULL;
}

/* Do the words a and b of the same length differ only in at most max letters
 * that spellings put for each other (variant_pair)?  off is where they start
 * in words of n letters. */
static int
variants_only(const char *a, const char *b, size_t len, size_t off, size_t n, int max)
{
	size_t i;
	int diff = 0;

	for (i = 0; i < len; i++)
		if (a[i] != b[i] && (++diff > max || !variant_pair(a[i], b[i], off + i, n)))
			return 0;
	return 1;
}

/* Is a (one letter longer) b with au where b has o, inside the word, and at
 * most one more variant letter?  Javanese and Sundanese say au as o: Taufik =
 * Topik, Maulana = Molana. */
static int
au_o(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	if (na != nb + 1 || nb < 4)
		return 0;
	while (i < nb && a[i] == b[i])
		i++;
	if (i == 0 || i + 1 >= nb || a[i] != 'a' || a[i + 1] != 'u' || b[i] != 'o')
		return 0;
	return variants_only(a + i + 2, b + i + 1, nb - i - 1, i + 1, nb, 1);
}

static double
token_score(const char *a, size_t na, const char *b, size_t nb, int *how)
{
	size_t i, diff = 0, at[3];

	if (na == nb && memcmp(a, b, na) == 0)
		return 1.0;
	if ((na == 1 || nb == 1) && a[0] == b[0])
		return 0.9;	/* an initial */
	if (na < 2 || nb < 2)
		return 0.0;
	if (article(a, na, b, nb) || article(b, nb, a, na))
		return 0.95;
	if ((na == nb + 1 && a[0] == 'l' && memcmp(a + 1, b, nb) == 0 && nb >= 3) ||
	    (nb == na + 1 && b[0] == 'l' && memcmp(b + 1, a, na) == 0 && na >= 3))
		return 0.92;	/* Abdul Latif = Abdullatif */
	if (na == nb && na >= 4) {
		for (i = 0; i < na && diff <= 2; i++)
			if (a[i] != b[i])
				at[diff < 3 ? diff : 2] = i, diff++;
		if (diff <= 2) {
			for (i = 0; i < diff; i++)
				if (!variant_pair(a[at[i]], b[at[i]], at[i], na))
					break;
			if (i == diff)
				return 0.92;
			/* Two letters swapped inside a word. */
			if (diff == 2 && at[1] == at[0] + 1 && at[1] + 1 < na && na >= 5 &&
			    a[at[0]] == b[at[1]] && a[at[1]] == b[at[0]])
				return 0.9;
		}
	}
	/* Three letters: one consonant of the pairs f/p/v, s/z, not the first
	 * (Eva = Epa). */
	if (na == 3 && nb == 3 && a[0] == b[0]) {
		for (i = 1; i < 3 && a[i] == b[i]; i++)
			;
		if (i < 3 && (i == 2 || a[2] == b[2]) && !vowel(a[i]) && !vowel(b[i]) &&
		    variant_pair(a[i], b[i], i, 3))
			return 0.9;
	}
	if ((nb == na + 1 && one_insert(a, na, b, nb)) ||
	    (na == nb + 1 && one_insert(b, nb, a, na)))
		return 0.9;
	if (au_o(a, na, b, nb) || au_o(b, nb, a, na))
		return 0.9;
	if (is_nickname(a, na, b, nb)) {
		if (how != NULL)
			*how |= NAME_NICKNAME;
		return 0.8;
	}
	return 0.0;
}

struct toks {
	const char *p[MAXTOK];
	size_t n[MAXTOK];
	int opt[MAXTOK];
	int count, nopt;
};

static void
split(const char *key, struct toks *t)
{
	const char *s = key, *e;

	t->count = t->nopt = 0;
	while (*s != '\0' && t->count < MAXTOK) {
		e = strchr(s, ' ');
		if (e == NULL)
			e = s + strlen(s);
		t->opt[t->count] = *s == '~';
		t->nopt += *s == '~';
		if (*s == '~')
			s++;
		t->p[t->count] = s;
		t->n[t->count++] = (size_t)(e - s);
		s = *e == ' ' ? e + 1 : e;
	}
}

/* Is x the k tokens of t from j on written as one (doubled letters at the
 * seams folded: Fathurrahman = Fathur Rahman, Onghokham = Ong Hok Ham)? */
static int
joined(const char *x, size_t nx, const struct toks *t, int j, int k)
{
	char buf[TOKLEN];
	size_t n = 0, first = t->n[j], last = t->n[j + k - 1];
	int m;

	/* Cheap refusals first: the rewriting below shortens by little. */
	for (m = 0; m < k; m++) {
		if (t->n[j + m] < 2)
			return 0;
		n += t->n[j + m];
	}
	if (n >= TOKLEN || n < nx || n > nx + 1 + (size_t)k || first - 1 > nx ||
	    memcmp(x, t->p[j], first - 1) != 0 || x[nx - 1] != t->p[j + k - 1][last - 1])
		return 0;
	for (n = 0, m = 0; m < k; m++) {
		memcpy(buf + n, t->p[j + m], t->n[j + m]);
		n += t->n[j + m];
	}
	buf[n] = '\0';
	/* Joined, a seam may read as one letter (Hok Ham = Hokham: kh). */
	rewrite_token(buf);
	n = strlen(buf);
	return n == nx && memcmp(buf, x, n) == 0;
}

/* Words joined on one side (a, those with use set and not matched), split
 * into k words on the other: mark them matched and add their weight. */
static void
join_pass(const struct toks *a, const int *ua, int *ma, const struct toks *b,
    const int *ub, int *mb, int k, double *sum, int *good_a, int *good_b)
{
	int i, j, m;

	for (i = 0; i < a->count; i++)
		for (j = 0; j + k <= b->count; j++) {
			if (!ua[i] || ma[i])
				break;
			for (m = 0; m < k; m++)
				if (!ub[j + m] || mb[j + m])
					break;
			if (m < k || !joined(a->p[i], a->n[i], b, j, k))
				continue;
			ma[i] = 1;
			for (m = 0; m < k; m++)
				mb[j + m] = 1;
			*sum += (1 + k) * 0.95;
			(*good_a)++;
			*good_b += k;
		}
}

/* Match the tokens of a and b (those with use set), best pairs first; the
 * Dice-like score: matched weight on both sides over all tokens. */
static double
match(const struct toks *a, const int *ua, const struct toks *b, const int *ub, int *how)
{
	double s[MAXTOK][MAXTOK], best, sum = 0.0;
	int ma[MAXTOK] = { 0 }, mb[MAXTOK] = { 0 }, i, j, bi, bj, na = 0, nb = 0;
	int h[MAXTOK][MAXTOK], hw = 0, good_a = 0, good_b = 0;

	for (i = 0; i < a->count; i++)
		na += ua[i];
	for (j = 0; j < b->count; j++)
		nb += ub[j];
	if (na == 0 || nb == 0)
		return 0.0;
	for (i = 0; i < a->count; i++)
		for (j = 0; j < b->count; j++) {
			h[i][j] = 0;
			s[i][j] = ua[i] && ub[j] ? token_score(a->p[i], a->n[i], b->p[j], b->n[j],
			    &h[i][j]) : 0.0;
		}
	for (;;) {
		best = 0.0;
		bi = bj = -1;
		for (i = 0; i < a->count; i++)
			for (j = 0; j < b->count; j++)
				if (!ma[i] && !mb[j] && s[i][j] > best) {
					best = s[i][j];
					bi = i;
					bj = j;
				}
		if (bi < 0)
			break;
		ma[bi] = mb[bj] = 1;
		sum += 2 * best;
		hw |= h[bi][bj];
		good_a += best >= 0.88;
		good_b += best >= 0.88;
	}
	/* Words joined on one side, split in two or three on the other. */
	join_pass(a, ua, ma, b, ub, mb, 2, &sum, &good_a, &good_b);
	join_pass(b, ub, mb, a, ua, ma, 2, &sum, &good_b, &good_a);
	join_pass(a, ua, ma, b, ub, mb, 3, &sum, &good_a, &good_b);
	join_pass(b, ub, mb, a, ua, ma, 3, &sum, &good_b, &good_a);
	best = sum / (na + nb);
	/* A name that holds all of a shorter one of two or more words. */
	if (((na < nb && na >= 2 && good_a == na) || (nb < na && nb >= 2 && good_b == nb)) &&
	    best < 0.9)
		best = 0.9;
	if (how != NULL)
		*how |= hw;
	return best > 1.0 ? 1.0 : best;
}

/* The token masks of t: every token, and the core ones (not optional). */
static void
masks(const struct toks *t, int all[MAXTOK], int core[MAXTOK])
{
	int i;

	for (i = 0; i < t->count; i++) {
		all[i] = 1;
		core[i] = !t->opt[i];
	}
}

double
name_compare(const char *a, const char *b, int *how)
{
	struct toks ta, tb;
	int all_a[MAXTOK], all_b[MAXTOK], core_a[MAXTOK], core_b[MAXTOK], i, j;
	int h1 = 0, h2 = 0, subset = 1;
	double full, core = 0.0;

	if (how != NULL)
		*how = 0;
	split(a, &ta);
	split(b, &tb);
	if (ta.count == 0 || tb.count == 0)
		return 0.0;
	masks(&ta, all_a, core_a);
	masks(&tb, all_b, core_b);
	full = match(&ta, all_a, &tb, all_b, &h1);
	/* Without the tokens that may be left out, when the optional tokens of
	 * one side are all among those of the other (Ni Putu Ayu = Ni Luh Putu
	 * Ayu; I Wayan is not I Ketut). */
	if (ta.nopt + tb.nopt > 0) {
		const struct toks *small = ta.nopt <= tb.nopt ? &ta : &tb;
		const struct toks *big = small == &ta ? &tb : &ta;

		for (i = 0; i < small->count && subset; i++) {
			if (!small->opt[i])
				continue;
			for (j = 0; j < big->count; j++)
				if (big->opt[j] && big->n[j] == small->n[i] &&
				    memcmp(big->p[j], small->p[i], small->n[i]) == 0)
					break;
			subset = j < big->count;
		}
		if (subset)
			core = 0.97 * match(&ta, core_a, &tb, core_b, &h2);
	}
	if (how != NULL)
		*how = core > full ? h2 : h1;
	return core > full ? core : full;
}

/*
 * The memo of name_memo_*: the tokens of names interned (one id per distinct
 * text), and which pairs of tokens token_score matches, kept twice: for the
 * query of the moment by the other token's id (a query meets the same
 * register tokens over and over: a few hundred distinct ones among the
 * thousands its typo dates bring), and across queries by the pair of ids
 * (the rows of one file share their tokens too).  A pair not found is asked
 * of token_score, so nothing here changes a bound.
 */
#define MEMO_MAXTOK ((1u << 25) - 2)	/* distinct tokens: ids + 1 fit 25 bits */
#define MEMO_PAIRS (1u << 20)	/* the pair cache, emptied when 3/4 full */
#define MEMO_PAIRS0 (1u << 14)	/* its size at first, doubled as it fills */
struct name_memo {
	char *text;			/* the tokens' texts, one after the other */
	size_t used, size;
	struct {
		unsigned off;
		unsigned short n;
		unsigned char first;	/* the first letter (memo_upper) */
	} *tok;				/* by id */
	unsigned ntok, cap;
	unsigned *hash, hmask;		/* id + 1 by text, 0 empty; 2 * cap slots */
	/* The query of the moment: its key, tokens, their ids (-1 for none),
	 * and per id of another token, when qstamp is
	 * stamp, the query tokens token_score matches with it (yes, a bit
	 * each). */
	char key[NAME_KEY_MAX];
	struct toks q;
	int qid[MAXTOK];
	unsigned stamp, *qstamp;
	unsigned short *yes;
	/* Across queries: (a + 1) << 26 | (b + 1) << 1 | matched, 0 empty. */
	unsigned long long *pair;
	unsigned npair, npcap;
};

static unsigned
memo_hash(const char *t, size_t n)
{
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)t[i]) * 16777619u;
	return h;
}

/* Room for twice the tokens: the arrays by id and the table, rehashed. */
static int
memo_grow(struct name_memo *m)
{
	unsigned cap = m->cap ? 2 * m->cap : 4096, i, h, *hash;
	void *p;

	if ((p = realloc(m->tok, cap * sizeof *m->tok)) == NULL)
		return -1;
	m->tok = p;
	if ((p = realloc(m->qstamp, cap * sizeof *m->qstamp)) == NULL)
		return -1;
	m->qstamp = p;
	if ((p = realloc(m->yes, cap * sizeof *m->yes)) == NULL)
		return -1;
	m->yes = p;
	memset(m->qstamp + m->cap, 0, (cap - m->cap) * sizeof *m->qstamp);
	if ((hash = calloc(2 * (size_t)cap, sizeof *hash)) == NULL)
		return -1;
	for (i = 0; i < m->ntok; i++) {
		h = memo_hash(m->text + m->tok[i].off, m->tok[i].n) & (2 * cap - 1);
		while (hash[h] != 0)
			h = (h + 1) & (2 * cap - 1);
		hash[h] = i + 1;
	}
	free(m->hash);
	m->hash = hash;
	m->hmask = 2 * cap - 1;
	m->cap = cap;
	return 0;
}

/* The id of token t (n bytes), interned when new; -1 when out of memory or
 * past MEMO_MAXTOK tokens. */
static int
memo_intern(struct name_memo *m, const char *t, size_t n)
{
	unsigned h;
	size_t size;
	char *p;

	if (m->hash != NULL)
		for (h = memo_hash(t, n) & m->hmask; m->hash[h] != 0; h = (h + 1) & m->hmask)
			if (m->tok[m->hash[h] - 1].n == n &&
			    memcmp(m->text + m->tok[m->hash[h] - 1].off, t, n) == 0)
				return (int)m->hash[h] - 1;
	if (m->ntok == MEMO_MAXTOK || n > 0xffff || (m->ntok == m->cap && memo_grow(m) != 0))
		return -1;
	if (m->used + n > m->size) {
		size = m->size ? 2 * m->size : 1 << 16;
		while (m->used + n > size)
			size *= 2;
		if (size > 0xffffffffUL || (p = realloc(m->text, size)) == NULL)
			return -1;
		m->text = p;
		m->size = size;
	}
	memcpy(m->text + m->used, t, n);
	m->tok[m->ntok].off = (unsigned)m->used;
	m->tok[m->ntok].n = (unsigned short)n;
	m->tok[m->ntok].first = n > 0 ? (unsigned char)t[0] : 0;
	m->used += n;
	for (h = memo_hash(t, n) & m->hmask; m->hash[h] != 0; h = (h + 1) & m->hmask)
		;
	m->hash[h] = m->ntok + 1;
	return (int)m->ntok++;
}

/* The pair cache's slot for ids a and b: where they are or where they go. */
static unsigned long long *
memo_pair(struct name_memo *m, unsigned a, unsigned b)
{
	unsigned long long k = (unsigned long long)(a + 1) << 26 | (unsigned long long)(b + 1) << 1;
	unsigned long long h = k * 0x9e3779b97f4a7c15ULL;
	size_t i, mask = m->npcap - 1;

	for (i = (size_t)(h >> 40) & mask;; i = (i + 1) & mask)
		if (m->pair[i] == 0 || (m->pair[i] | 1) == (k | 1))
			return &m->pair[i];
}

/* Room for another pair in the cache: it starts small and doubles (the
 * pairs of a file's few hundred distinct tokens then stay in the processor's
 * cache, where a table of MEMO_PAIRS spread them over 8 MiB); at MEMO_PAIRS
 * it is emptied. */
static void
memo_pair_room(struct name_memo *m)
{
	unsigned long long *old = m->pair, *p;
	unsigned cap = m->npcap, i;

	if (m->npair < cap / 4 * 3)
		return;
	if (cap < MEMO_PAIRS && (p = calloc(2 * (size_t)cap, sizeof *p)) != NULL) {
		m->pair = p;
		m->npcap = 2 * cap;
		for (i = 0; i < cap; i++)
			if (old[i] != 0)
				*memo_pair(m, (unsigned)(old[i] >> 26) - 1,
				    (unsigned)(old[i] >> 1 & ((1u << 25) - 1)) - 1) = old[i];
		free(old);
		return;
	}
	memset(m->pair, 0, cap * sizeof *m->pair);
	m->npair = 0;
}

/* The query's tokens that token_score matches with token k: asked once per
 * query and token, and of token_score once per pair of tokens while the pair
 * cache keeps them. */
static unsigned
memo_yes(struct name_memo *m, unsigned k)
{
	const char *t;
	size_t n;
	unsigned long long *pp;
	unsigned yes = 0, i, y;

	if (m->qstamp[k] == m->stamp)
		return m->yes[k];
	t = m->text + m->tok[k].off;
	n = m->tok[k].n;
	if (m->pair == NULL && (m->pair = calloc(MEMO_PAIRS0, sizeof *m->pair)) != NULL)
		m->npcap = MEMO_PAIRS0;
	for (i = 0; i < (unsigned)m->q.count; i++) {
		pp = m->qid[i] >= 0 && m->pair != NULL ? memo_pair(m, (unsigned)m->qid[i], k) :
		    NULL;
		if (pp != NULL && *pp != 0)
			y = (unsigned)(*pp & 1);
		else {
			y = token_score(m->q.p[i], m->q.n[i], t, n, NULL) > 0.0;
			if (pp != NULL) {
				if (m->npair >= m->npcap / 4 * 3) {
					memo_pair_room(m);
					pp = memo_pair(m, (unsigned)m->qid[i], k);
				}
				*pp = (unsigned long long)(m->qid[i] + 1) << 26 |
				    (unsigned long long)(k + 1) << 1 | y;
				m->npair++;
			}
		}
		yes |= y << i;
	}
	m->qstamp[k] = m->stamp;
	m->yes[k] = (unsigned short)yes;
	return yes;
}

/* Whether token_score matches query token i of a (the memo's query) with
 * token t (n bytes), of id k (-1: not interned). */
static int
memo_score(struct name_memo *m, int k, const struct toks *a, int i, const char *t, size_t n)
{
	if (k < 0)
		return token_score(a->p[i], a->n[i], t, n, NULL) > 0.0;
	return (int)(memo_yes(m, (unsigned)k) >> i & 1);
}

/* The bound of match() over the tokens of a and b with use set: each token
 * adds at most 1 to its sum, and only one that match() may match adds
 * anything: a pair of tokens that token_score matches (greedy pairs have a
 * score above 0), or a word and the two or three words of the other side
 * that joined() finds it joined from (join_pass; joined words start with the
 * first letter of their first part, so only those pairs are asked); a
 * shorter name whose words all may be matched may get 0.9.  Asking joined()
 * itself, rather than counting every token near a shared first letter, keeps
 * the bound under the threshold for most namesakes of a typo date. */
static double
match_bound(const struct toks *a, const int *ua, const struct toks *b, const int *ub,
    struct name_memo *memo, const int *slot)
{
	int ca[MAXTOK] = { 0 }, cb[MAXTOK] = { 0 }, i, j, k, m, na = 0, nb = 0, ka = 0, kb = 0;
	double r;

	for (i = 0; i < a->count; i++)
		for (j = 0; j < b->count; j++) {
			if (!ua[i] || !ub[j])
				continue;
			if (!(ca[i] && cb[j]) && (memo != NULL ? memo_score(memo, slot[j], a, i,
			    b->p[j], b->n[j]) : token_score(a->p[i], a->n[i], b->p[j], b->n[j],
			    NULL) > 0.0))
				ca[i] = cb[j] = 1;
			if (a->p[i][0] != b->p[j][0])
				continue;
			for (k = 2; k <= 3; k++) {
				for (m = 0; m < k && j + m < b->count && ub[j + m]; m++)
					;
				if (m == k && joined(a->p[i], a->n[i], b, j, k)) {
					ca[i] = 1;
					for (m = 0; m < k; m++)
						cb[j + m] = 1;
				}
				for (m = 0; m < k && i + m < a->count && ua[i + m]; m++)
					;
				if (m == k && joined(b->p[j], b->n[j], a, i, k)) {
					cb[j] = 1;
					for (m = 0; m < k; m++)
						ca[i + m] = 1;
				}
			}
		}
	for (i = 0; i < a->count; i++) {
		na += ua[i];
		ka += ua[i] && ca[i];
	}
	for (j = 0; j < b->count; j++) {
		nb += ub[j];
		kb += ub[j] && cb[j];
	}
	if (na == 0 || nb == 0)
		return 0.0;
	r = (double)(ka + kb) / (na + nb);
	if (((na < nb && na >= 2 && ka == na) || (nb < na && nb >= 2 && kb == nb)) && r < 0.9)
		r = 0.9;
	return r > 1.0 ? 1.0 : r;
}

double
name_bound(const char *a, const char *b)
{
	struct toks ta, tb;
	int all_a[MAXTOK], all_b[MAXTOK], core_a[MAXTOK], core_b[MAXTOK];
	double full, core = 0.0;

	split(a, &ta);
	split(b, &tb);
	if (ta.count == 0 || tb.count == 0)
		return 0.0;
	masks(&ta, all_a, core_a);
	masks(&tb, all_b, core_b);
	full = match_bound(&ta, all_a, &tb, all_b, NULL, NULL);
	if (ta.nopt + tb.nopt > 0)
		core = 0.97 * match_bound(&ta, core_a, &tb, core_b, NULL, NULL);
	return core > full ? core : full;
}

struct name_memo *
name_memo_new(void)
{
	return calloc(1, sizeof(struct name_memo));
}

void
name_memo_free(struct name_memo *m)
{
	if (m == NULL)
		return;
	free(m->text);
	free(m->tok);
	free(m->hash);
	free(m->qstamp);
	free(m->yes);
	free(m->pair);
	free(m);
}

void
name_memo_query(struct name_memo *m, const char *key)
{
	size_t n = strlen(key);
	int i;

	if (n >= sizeof m->key)
		n = sizeof m->key - 1;
	memcpy(m->key, key, n);
	m->key[n] = '\0';
	split(m->key, &m->q);
	for (i = 0; i < m->q.count; i++)
		m->qid[i] = memo_intern(m, m->q.p[i], m->q.n[i]);
	if (++m->stamp == 0) {		/* wrapped: every id is stale again */
		if (m->qstamp != NULL)
			memset(m->qstamp, 0, m->cap * sizeof *m->qstamp);
		m->stamp = 1;
	}
}

int
name_memo_tokens(struct name_memo *m, const char *key, unsigned *ids)
{
	struct toks t;
	int i, id;

	split(key, &t);
	for (i = 0; i < t.count; i++) {
		if ((id = memo_intern(m, t.p[i], t.n[i])) < 0)
			return -1;
		ids[i] = (unsigned)id << 1 | (unsigned)t.opt[i];
	}
	return t.count;
}

/* The bound of the query and tb, whose tokens have ids slot (-1: none). */
static double
memo_bound(struct name_memo *m, const struct toks *tb, const int *slot)
{
	int all_a[MAXTOK], all_b[MAXTOK], core_a[MAXTOK], core_b[MAXTOK];
	double full, core = 0.0;

	if (m->q.count == 0 || tb->count == 0)
		return 0.0;
	masks(&m->q, all_a, core_a);
	masks(tb, all_b, core_b);
	full = match_bound(&m->q, all_a, tb, all_b, m, slot);
	if (m->q.nopt + tb->nopt > 0)
		core = 0.97 * match_bound(&m->q, core_a, tb, core_b, m, slot);
	return core > full ? core : full;
}

double
name_memo_bound(struct name_memo *m, const char *key)
{
	struct toks tb;
	int slot[MAXTOK], j;

	split(key, &tb);
	for (j = 0; j < tb.count; j++)
		slot[j] = memo_intern(m, tb.p[j], tb.n[j]);
	return memo_bound(m, &tb, slot);
}

/* The tokens of ids as toks of m's texts, their ids in slot. */
static void
memo_toks(const struct name_memo *m, const unsigned *ids, int n, struct toks *tb, int *slot)
{
	int j;

	tb->count = n < MAXTOK ? n : MAXTOK;
	tb->nopt = 0;
	for (j = 0; j < tb->count; j++) {
		slot[j] = (int)(ids[j] >> 1);
		tb->p[j] = m->text + m->tok[slot[j]].off;
		tb->n[j] = m->tok[slot[j]].n;
		tb->opt[j] = (int)(ids[j] & 1);
		tb->nopt += tb->opt[j];
	}
}

double
name_memo_bound_tokens(struct name_memo *m, const unsigned *ids, int n)
{
	struct toks tb;
	int slot[MAXTOK];

	memo_toks(m, ids, n, &tb, slot);
	return memo_bound(m, &tb, slot);
}


/* Whether joined() could find a word of nx letters joined from the k
 * words of lengths len: its refusals by the lengths alone. */
static int
join_lengths(size_t nx, const size_t *len, int k)
{
	size_t n = 0;
	int m;

	for (m = 0; m < k; m++) {
		if (len[m] < 2)
			return 0;
		n += len[m];
	}
	return n < TOKLEN && n >= nx && n <= nx + 1 + (size_t)k && len[0] - 1 <= nx;
}

/* Above the bound of the query and the tokens ids (none optional): what
 * match_bound marks, but for a join asked only of the first letters and the
 * lengths (join_lengths), not of the letters between; a pair token_score
 * matches is marked as there.  More marks, never fewer: the bound is never
 * below match_bound's. */
static double
memo_upper(struct name_memo *m, const unsigned *ids, int n)
{
	int ca[MAXTOK] = { 0 }, cb[MAXTOK] = { 0 }, i, j, k, t, na = m->q.count, nb, ka = 0,
	    kb = 0;
	size_t len[MAXTOK];
	unsigned char first[MAXTOK];
	unsigned y, id;
	double r;

	nb = n < MAXTOK ? n : MAXTOK;
	for (j = 0; j < nb; j++) {
		id = ids[j] >> 1;
		len[j] = m->tok[id].n;
		first[j] = m->tok[id].first;
		if ((y = memo_yes(m, id)) == 0)
			continue;
		cb[j] = 1;
		for (i = 0; i < na; i++)
			ca[i] |= (int)(y >> i & 1);
	}
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			if ((unsigned char)m->q.p[i][0] != first[j])
				continue;
			for (k = 2; k <= 3; k++) {
				if (j + k <= nb && join_lengths(m->q.n[i], len + j, k)) {
					ca[i] = 1;
					for (t = 0; t < k; t++)
						cb[j + t] = 1;
				}
				if (i + k <= na && join_lengths(len[j], m->q.n + i, k)) {
					cb[j] = 1;
					for (t = 0; t < k; t++)
						ca[i + t] = 1;
				}
			}
		}
	for (i = 0; i < na; i++)
		ka += ca[i];
	for (j = 0; j < nb; j++)
		kb += cb[j];
	if (na == 0 || nb == 0)
		return 0.0;
	r = (double)(ka + kb) / (na + nb);
	if (((na < nb && na >= 2 && ka == na) || (nb < na && nb >= 2 && kb == nb)) && r < 0.9)
		r = 0.9;
	return r;
}

int
name_memo_reaches(struct name_memo *m, const unsigned *ids, int n, double min)
{
	struct toks tb;
	int slot[MAXTOK], j, opt = m->q.nopt;

	if (n > MAXTOK)
		n = MAXTOK;
	for (j = 0; j < n; j++)
		opt += (int)(ids[j] & 1);
	/* Without optional tokens on either side, the bound is that of all
	 * tokens (the rarer names with some are bounded in full below). */
	if (m->q.count == 0 || n == 0)
		return 0.0 >= min;
	if (opt == 0 && memo_upper(m, ids, n) < min)
		return 0;
	memo_toks(m, ids, n, &tb, slot);
	return memo_bound(m, &tb, slot) >= min;
}

double
name_similarity(const char *a, const char *b)
{
	return name_compare(a, b, NULL);
}
