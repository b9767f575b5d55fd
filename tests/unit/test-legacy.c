/*
 * test-legacy.c - the SLiMS and Koha readers (legacy-slims.c, legacy-koha.c)
 * through their ops: each fixture of tests/data/legacy/ read and compared
 * row by row, field by field, with the expected TSV beside it (written by
 * hand from the fixture); rejects written and read back; the files a reader
 * must refuse at open.
 *
 * "test-legacy dump slims|koha FILE" prints a file's rows as those TSVs have
 * them (tests/cli/export-slims.t reads kartu's SLiMS export back with it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "legacy-int.h"
#include "tap.h"

/* The TSV's order: line, these fields, the fields of the problems. */
static const enum lg_field order[LG_COUNT] = {
	LG_NAME, LG_BIRTH_PLACE, LG_BIRTH_DATE, LG_SEX, LG_ADDRESS, LG_PHONE, LG_PHONE2,
	LG_EMAIL, LG_TYPE, LG_NIK, LG_INSTITUTION, LG_GUARDIAN, LG_LEGACY_NO,
	LG_REGISTERED_ON, LG_EXPIRES_ON, LG_NOTES,
};

static void
put_tsv(FILE *f, const char *v)
{
	if (v == NULL) {
		fputs("\\N", f);
		return;
	}
	for (; *v != '\0'; v++)
		if (*v == '\\')
			fputs("\\\\", f);
		else if (*v == '\t')
			fputs("\\t", f);
		else if (*v == '\n')
			fputs("\\n", f);
		else if ((unsigned char)*v < 0x20)
			fprintf(f, "\\x%02x", (unsigned char)*v);
		else
			fputc(*v, f);
}

static void
dump_row(FILE *f, const struct lg_row *row)
{
	int i;

	fprintf(f, "%ld", row->line);
	for (i = 0; i < LG_COUNT; i++) {
		fputc('\t', f);
		put_tsv(f, row->v[order[i]]);
	}
	fputc('\t', f);
	if (row->problems.nproblems == 0)
		fputs("\\N", f);
	for (i = 0; i < row->problems.nproblems && i < KT_PROBLEMS; i++)
		fprintf(f, "%s%s", i > 0 ? "," : "", row->problems.problems[i].field);
	fputc('\n', f);
}

static const struct lg_ops *
ops_of(enum lg_format fmt)
{
	return fmt == LG_SLIMS ? &lg_slims_ops : &lg_koha_ops;
}

/* lg_open without legacy.c (the dispatch is the engine's). */
static int
open_reader(const char *path, const struct lg_opts *o, struct lg_reader **r,
    struct kt_err *e)
{
	int rc;

	if ((rc = ops_of(o->format)->open(path, o, r, e)) != 0)
		return rc;
	(*r)->ops = ops_of(o->format);
	(*r)->opts = *o;
	return 0;
}

/* Every row of path dumped into *out (malloc'd); with rejects, the rows with
 * problems written there too.  0, or the reader's code. */
static int
read_all(const char *path, const struct lg_opts *o, const char *rejects, char **out,
    struct kt_err *e)
{
	struct lg_reader *r;
	struct lg_rejects *rj = NULL;
	struct lg_row row;
	size_t len;
	FILE *f;
	int rc, i;
	char problems[2048];

	*out = NULL;
	if ((rc = open_reader(path, o, &r, e)) != 0)
		return rc;
	if (rejects != NULL) {
		if ((rc = r->ops->rejects_open(r, rejects, &rj, e)) != 0) {
			r->ops->close(r);
			return rc;
		}
		rj->r = r;
	}
	f = open_memstream(out, &len);
	while ((rc = r->ops->next(r, &row, e)) == 1) {
		dump_row(f, &row);
		if (rj != NULL && row.problems.nproblems > 0) {
			problems[0] = '\0';
			for (i = 0; i < row.problems.nproblems; i++)
				snprintf(problems + strlen(problems), sizeof problems - strlen(problems),
				    "%s%s: %s", i > 0 ? "; " : "", row.problems.problems[i].field,
				    row.problems.problems[i].msg);
			r->ops->reject(rj, &row, problems, e);
		}
	}
	fclose(f);
	if (rj != NULL && r->ops->rejects_close(rj, e) != 0 && rc == 0)
		rc = e->code;
	r->ops->close(r);
	return rc;
}

static char *
slurp_expected(const char *path)
{
	char *buf = NULL, *line = NULL;
	size_t len = 0, cap = 0;
	FILE *in = fopen(path, "r"), *f;

	if (in == NULL)
		return NULL;
	f = open_memstream(&buf, &len);
	while (getline(&line, &cap, in) > 0)
		if (line[0] != '#')
			fputs(line, f);
	fclose(f);
	fclose(in);
	free(line);
	return buf;
}

/* Compare got with the expected file line by line, one check each. */
static void
compare(const char *what, const char *got, const char *expected_path)
{
	char *want = slurp_expected(expected_path), *copy, *g, *w, *gs, *ws;
	int n = 0;

	if (!ok(want != NULL && got != NULL, "%s: read and expected %s", what,
	    expected_path)) {
		free(want);
		return;
	}
	copy = strdup(got);
	g = strtok_r(copy, "\n", &gs);
	w = strtok_r(ws = want, "\n", &ws);
	for (; g != NULL || w != NULL; n++) {
		is_str(g, w, "%s: record %d field by field", what, n + 1);
		g = g != NULL ? strtok_r(NULL, "\n", &gs) : NULL;
		w = w != NULL ? strtok_r(NULL, "\n", &ws) : NULL;
	}
	free(copy);
	free(want);
}

static void
check_file(const char *file, enum lg_format fmt, enum lg_dates dates, char sep)
{
	struct lg_opts o = { fmt, sep, dates };
	struct kt_err e = { 0 };
	char path[512], expect[512], *got = NULL;
	int rc;

	snprintf(path, sizeof path, "tests/data/legacy/%s.csv", file);
	snprintf(expect, sizeof expect, "tests/data/legacy/%s.tsv", file);
	rc = read_all(path, &o, NULL, &got, &e);
	if (!ok(rc == 0, "%s: read to the end", file))
		printf("#   %d: %s\n", rc, e.msg);
	compare(file, got, expect);
	free(got);
}

static void
check_rejects(const char *file, enum lg_format fmt, enum lg_dates dates, const char *first)
{
	struct lg_opts o = { fmt, 0, dates };
	struct kt_err e = { 0 };
	char path[512], rej[512], expect[512], *got = NULL, line[512];
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "tests/data/legacy/%s.csv", file);
	snprintf(rej, sizeof rej, "/tmp/test-legacy-%ld-%s.csv", (long)getpid(), file);
	snprintf(expect, sizeof expect, "tests/data/legacy/%s.rejects.tsv", file);
	rc = read_all(path, &o, rej, &got, &e);
	ok(rc == 0, "%s: rejects written", file);
	free(got);
	got = NULL;
	if ((f = fopen(rej, "r")) != NULL && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		is_str(line, first, "%s: the rejects' header adds kartu_baris and kartu_masalah",
		    file);
	} else
		ok(0, "%s: the rejects file is there", file);
	if (f != NULL)
		fclose(f);
	rc = read_all(rej, &o, NULL, &got, &e);
	if (!ok(rc == 0, "%s: the rejects read back", file))
		printf("#   %d: %s\n", rc, e.msg);
	snprintf(line, sizeof line, "rejects of %s", file);
	compare(line, got, expect);
	free(got);
	unlink(rej);
}

static void
check_refused(const char *file, enum lg_format fmt, const char *words)
{
	struct lg_opts o = { fmt, 0, LG_DATES_DEFAULT };
	struct kt_err e = { 0 };
	struct lg_reader *r = NULL;
	char path[512];
	int rc;

	snprintf(path, sizeof path, "tests/data/legacy/%s.csv", file);
	rc = open_reader(path, &o, &r, &e);
	is_int(rc, KT_EUSAGE, "%s: refused at open", file);
	if (!ok(strstr(e.msg, words) != NULL, "%s: the message says %s", file, words))
		printf("#   got '%s'\n", e.msg);
	if (rc == 0)
		r->ops->close(r);
}

/* A record rewound to and read again: the engine reads a file twice. */
static void
check_rewind(const char *file, enum lg_format fmt)
{
	struct lg_opts o = { fmt, 0, LG_DATES_DEFAULT };
	struct kt_err e = { 0 };
	struct lg_reader *r;
	struct lg_row row;
	long long done, total;
	char path[512];
	int n1 = 0, n2 = 0;

	snprintf(path, sizeof path, "tests/data/legacy/%s.csv", file);
	if (!ok(open_reader(path, &o, &r, &e) == 0, "%s: opens", file))
		return;
	while (r->ops->next(r, &row, &e) == 1)
		n1++;
	r->ops->progress(r, &done, &total);
	ok(done == total && total > 0, "%s: progress at the end is the whole file", file);
	ok(r->ops->rewind(r, &e) == 0, "%s: rewinds", file);
	while (r->ops->next(r, &row, &e) == 1)
		n2++;
	ok(n1 > 0 && n1 == n2, "%s: the same %d records after the rewind", file, n1);
	r->ops->close(r);
}

/* An ambiguous date says which option settles it. */
static void
check_ambiguous(void)
{
	struct lg_opts o = { LG_KOHA, 0, LG_DATES_DEFAULT };
	struct kt_err e = { 0 };
	struct lg_reader *r;
	struct lg_row row;

	if (!ok(open_reader("tests/data/legacy/koha-bom.csv", &o, &r, &e) == 0, "koha-bom opens"))
		return;
	r->ops->next(r, &row, &e);
	r->ops->next(r, &row, &e);
	if (!ok(row.problems.nproblems == 1 &&
	    strstr(row.problems.problems[0].msg, "--date-format") != NULL &&
	    strstr(row.problems.problems[0].msg, "08/07/1990") != NULL,
	    "08/07/1990 without --date-format: a problem naming the option and the value"))
		printf("#   got '%s'\n", row.problems.problems[0].msg);
	r->ops->close(r);
}

static int
dump(const char *format, const char *path)
{
	struct lg_opts o = { strcmp(format, "koha") == 0 ? LG_KOHA : LG_SLIMS, 0,
	    LG_DATES_DEFAULT };
	struct kt_err e = { 0 };
	char *got = NULL;
	int rc;

	rc = read_all(path, &o, NULL, &got, &e);
	if (got != NULL)
		fputs(got, stdout);
	free(got);
	if (rc != 0)
		fprintf(stderr, "%s\n", e.msg);
	return rc != 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2], argv[3]);
	if (getenv("KARTU_SRC") != NULL && chdir(getenv("KARTU_SRC")) != 0)
		return 1;

	check_file("slims-8", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-9.2", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-9.6", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-sample", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-cr", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-caret", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_file("slims-caret", LG_SLIMS, LG_DATES_DEFAULT, '^');
	check_file("slims-bad", LG_SLIMS, LG_DATES_DEFAULT, 0);
	check_rejects("slims-bad", LG_SLIMS, LG_DATES_DEFAULT,
	    "\"member_id\",\"member_name\",\"gender\",\"member_type_name\",\"member_email\","
	    "\"member_address\",\"postal_code\",\"inst_name\",\"is_new\",\"member_image\","
	    "\"pin\",\"member_phone\",\"member_fax\",\"member_since_date\",\"register_date\","
	    "\"expire_date\",\"birth_date\",\"member_notes\",\"kartu_baris\",\"kartu_masalah\"");
	check_refused("slims-notslims", LG_SLIMS, "18");
	check_rewind("slims-9.2", LG_SLIMS);
	check_rewind("slims-cr", LG_SLIMS);

	check_file("koha-us", LG_KOHA, LG_DATES_US, 0);
	check_file("koha-metric", LG_KOHA, LG_DATES_METRIC, 0);
	check_file("koha-dmydot", LG_KOHA, LG_DATES_DMYDOT, 0);
	check_file("koha-iso", LG_KOHA, LG_DATES_ISO, 0);
	check_file("koha-bom", LG_KOHA, LG_DATES_DEFAULT, 0);
	check_rejects("koha-bom", LG_KOHA, LG_DATES_DEFAULT,
	    "categorycode,sex,dateexpiry,surname,cardnumber,firstname,dateofbirth,branchcode,"
	    "borrowernumber,email,kartu_baris,kartu_masalah");
	check_refused("koha-badcol", LG_KOHA, "'member_id'");
	check_refused("koha-nosurname", LG_KOHA, "surname");
	check_refused("slims-9.6", LG_KOHA, "column 'member_id' is not");
	check_rewind("koha-bom", LG_KOHA);
	check_ambiguous();
	return done_testing();
}
