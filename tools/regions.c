/*
 * tools/regions.c - turn idn-area-data's CSV files into the C tables of
 * src/core/region-data.h (doc/REGIONS.md).  Built and run on the build host:
 *
 *	regions VERSION DATADIR > build/regions.c
 *
 * DATADIR holds provinces.csv (code,name), regencies.csv
 * (code,province_code,name), districts.csv (code,regency_code,name) and
 * villages.csv (code,district_code,name), read as they are: RFC 4180 fields,
 * quoted where they hold a comma or a quote ("Ra""as"), LF or CRLF lines.
 * Each level is sorted by code and every row must sit under a known parent
 * whose code begins its own; anything else stops the build with the file and
 * line, since a table quietly missing a district would refuse real people.
 *
 * The tables: per level the last part of the code (62.05.01.2001 is 62, 05,
 * 01, 2001), an offset into one string of names, and for the upper levels
 * the index of the first child, so a level's children are the range
 * [first[i], first[i + 1]) of the next level.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	char *code;		/* dotted, as in the file */
	char *parent;		/* "" for provinces */
	char *name;
	int part;		/* the code's last part */
	unsigned long name_off;
};

struct level {
	const char *file;
	const char *header;
	int parts;		/* how many parts the code has */
	int width;		/* digits of the last part */
	struct row *rows;
	size_t n, cap;
};

static struct level levels[4] = {
	{ "provinces.csv", "code,name", 1, 2, NULL, 0, 0 },
	{ "regencies.csv", "code,province_code,name", 2, 2, NULL, 0, 0 },
	{ "districts.csv", "code,regency_code,name", 3, 2, NULL, 0, 0 },
	{ "villages.csv", "code,district_code,name", 4, 4, NULL, 0, 0 },
};

static const char *cur_file;
static unsigned long cur_line;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void
die(const char *fmt, ...)
{
	va_list ap;

	if (cur_file != NULL)
		fprintf(stderr, "regions: %s:%lu: ", cur_file, cur_line);
	else
		fprintf(stderr, "regions: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = xrealloc(NULL, strlen(s) + 1);

	return strcpy(d, s);
}

/*
 * Read one CSV record of up to nf fields into f (each malloc'd); returns the
 * number of fields, 0 at the end of the file.  A quoted field may hold
 * commas, doubled quotes and line breaks.
 */
static int
read_record(FILE *fp, char **f, int nf)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int c, n = 0, quoted = 0, started = 0, after_quote = 0;

	cur_line++;
	for (;;) {
		c = getc(fp);
		if (c == EOF && !started && n == 0 && len == 0) {
			free(buf);
			return 0;
		}
		started = 1;
		if (quoted) {
			if (c == EOF)
				die("unterminated quoted field");
			if (c == '"') {
				c = getc(fp);
				if (c != '"') {
					quoted = 0;
					after_quote = 1;
					ungetc(c, fp);
					continue;
				}
			} else if (c == '\n')
				cur_line++;
		} else if (c == ',' || c == '\n' || c == EOF || c == '\r') {
			if (c == '\r' && (c = getc(fp)) != '\n')
				die("a carriage return not ending a line");
			if (n == nf)
				die("more than %d fields", nf);
			if (len + 1 > cap)
				buf = xrealloc(buf, cap = len + 1);
			buf[len] = '\0';
			f[n++] = buf;
			buf = NULL;
			len = cap = 0;
			after_quote = 0;
			if (c != ',')
				return n;
			continue;
		} else if (after_quote) {
			die("text after a closing quote");
		} else if (c == '"') {
			if (len != 0)
				die("a quote inside an unquoted field");
			quoted = 1;
			continue;
		}
		if (len + 2 > cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 64);
		buf[len++] = (char)c;
	}
}

/* The code's parts must be 2-digit numbers, then the last one width digits,
 * joined by dots; returns the last part. */
static int
parse_code(const char *code, int parts, int width)
{
	const char *p = code;
	int i, j, v = 0;

	for (i = 0; i < parts; i++) {
		int w = i == parts - 1 ? width : 2;

		if (i > 0 && *p++ != '.')
			die("bad code '%s'", code);
		for (v = 0, j = 0; j < w; j++, p++) {
			if (*p < '0' || *p > '9')
				die("bad code '%s'", code);
			v = v * 10 + (*p - '0');
		}
	}
	if (*p != '\0' || v == 0)
		die("bad code '%s'", code);
	return v;
}

static int
cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->code, ((const struct row *)b)->code);
}

static void
read_level(const char *dir, struct level *l)
{
	char path[4096], *f[3], head[64];
	FILE *fp;
	int n, nf = l->parts == 1 ? 2 : 3, i;
	struct row *r;

	snprintf(path, sizeof path, "%s/%s", dir, l->file);
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "regions: %s: %s (run 'make deps')\n", path, strerror(errno));
		exit(1);
	}
	cur_file = path;
	cur_line = 0;
	if ((n = read_record(fp, f, nf)) != nf)
		die("expected the header '%s'", l->header);
	snprintf(head, sizeof head, "%s,%s%s%s", f[0], f[1], nf == 3 ? "," : "",
	    nf == 3 ? f[2] : "");
	for (i = 0; i < n; i++)
		free(f[i]);
	if (strcmp(head, l->header) != 0)
		die("header '%s', expected '%s'", head, l->header);
	while ((n = read_record(fp, f, nf)) != 0) {
		if (n != nf)
			die("%d fields, expected %d", n, nf);
		if (l->n == l->cap)
			l->rows = xrealloc(l->rows, (l->cap = l->cap ? l->cap * 2 : 64) *
			    sizeof *l->rows);
		r = &l->rows[l->n++];
		r->code = f[0];
		r->parent = nf == 3 ? f[1] : xstrdup("");
		r->name = f[nf - 1];
		r->part = parse_code(r->code, l->parts, l->width);
		if (r->name[0] == '\0' || strlen(r->name) > 200)
			die("bad name for %s", r->code);
		if (strlen(r->parent) + (l->parts == 1 ? 2 : 1 + (size_t)l->width) !=
		    strlen(r->code) || strncmp(r->parent, r->code, strlen(r->parent)) != 0)
			die("%s is not under %s", r->code, r->parent);
	}
	if (ferror(fp))
		die("%s", strerror(errno));
	fclose(fp);
	cur_file = NULL;
	qsort(l->rows, l->n, sizeof *l->rows, cmp_row);
	for (i = 1; (size_t)i < l->n; i++)
		if (strcmp(l->rows[i - 1].code, l->rows[i].code) == 0)
			die("%s: %s twice", l->file, l->rows[i].code);
	if (l->n == 0)
		die("%s: no rows", l->file);
}

/* A C string literal of s, followed by its NUL; every byte outside printable
 * ASCII as a three-digit octal escape (no digit can run into it), and '?'
 * escaped against trigraphs. */
static void
put_literal(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
	printf("\\0\"\n");
}

static void
put_numbers(const char *type, const char *name, const struct level *l, int what)
{
	size_t i;

	printf("const %s %s[%zu] = {", type, name, l->n);
	for (i = 0; i < l->n; i++)
		printf("%s%lu,", i % 12 == 0 ? "\n\t" : " ",
		    what == 0 ? (unsigned long)l->rows[i].part : l->rows[i].name_off);
	printf("\n};\n");
}

/* first[i]: the index in the next level of row i's first child; first[n] is
 * the next level's size.  Every child must have its parent. */
static void
put_first(const char *type, const char *name, const struct level *l, const struct level *next)
{
	size_t i, j = 0;

	printf("const %s %s[%zu] = {", type, name, l->n + 1);
	for (i = 0; i <= l->n; i++) {
		if (i < l->n) {
			if (j < next->n && strcmp(next->rows[j].parent, l->rows[i].code) < 0)
				die("%s: %s has no parent", next->file, next->rows[j].code);
		} else if (j != next->n)
			die("%s: %s has no parent", next->file, next->rows[j].code);
		printf("%s%zu,", i % 12 == 0 ? "\n\t" : " ", j);
		if (i < l->n)
			while (j < next->n && strcmp(next->rows[j].parent, l->rows[i].code) == 0)
				j++;
	}
	printf("\n};\n");
}

/* Per district, the offset of its first village's name: a district's
 * villages' names follow each other, so one offset per district does (a
 * village's own would add 4 bytes to each of 80 000). */
static void
put_vnames(const struct level *l, const struct level *next)
{
	size_t i, j = 0;

	printf("const uint32_t region_dist_vnames[%zu] = {", l->n);
	for (i = 0; i < l->n; i++) {
		while (j < next->n && strcmp(next->rows[j].parent, l->rows[i].code) < 0)
			j++;
		printf("%s%lu,", i % 12 == 0 ? "\n\t" : " ",
		    j < next->n ? next->rows[j].name_off : 0);
	}
	printf("\n};\n");
}

int
main(int argc, char **argv)
{
	unsigned long off = 0;
	size_t i;
	int k;

	if (argc != 3 || strspn(argv[1], "0123456789.") != strlen(argv[1])) {
		fprintf(stderr, "usage: regions VERSION DATADIR > regions.c\n");
		return 2;
	}
	for (k = 0; k < 4; k++)
		read_level(argv[2], &levels[k]);
	if (levels[1].n > 65535 || levels[2].n > 65535)
		die("too many regencies or districts for the tables' types");

	printf("/* Generated by tools/regions.c from idn-area-data %s (ODbL,\n"
	    " * doc/REGIONS.md); do not edit. */\n", argv[1]);
	printf("#include <stdint.h>\n\n#include \"region-data.h\"\n\n");
	printf("const char region_data_version[] = \"%s\";\n", argv[1]);
	printf("const unsigned region_count[4] = { %zu, %zu, %zu, %zu };\n\n",
	    levels[0].n, levels[1].n, levels[2].n, levels[3].n);
	printf("const char region_names[] =\n");
	for (k = 0; k < 4; k++)
		for (i = 0; i < levels[k].n; i++) {
			levels[k].rows[i].name_off = off;
			off += strlen(levels[k].rows[i].name) + 1;
			put_literal(levels[k].rows[i].name);
		}
	printf(";\n\n");
	if (off > 0xffffffffUL)
		die("the names do not fit 32-bit offsets");
	put_numbers("uint8_t", "region_prov_part", &levels[0], 0);
	put_numbers("uint8_t", "region_reg_part", &levels[1], 0);
	put_numbers("uint8_t", "region_dist_part", &levels[2], 0);
	put_numbers("uint16_t", "region_vill_part", &levels[3], 0);
	put_numbers("uint32_t", "region_prov_name", &levels[0], 1);
	put_numbers("uint32_t", "region_reg_name", &levels[1], 1);
	put_numbers("uint32_t", "region_dist_name", &levels[2], 1);
	put_vnames(&levels[2], &levels[3]);
	put_first("uint16_t", "region_prov_first", &levels[0], &levels[1]);
	put_first("uint16_t", "region_reg_first", &levels[1], &levels[2]);
	put_first("uint32_t", "region_dist_first", &levels[2], &levels[3]);
	return 0;
}
