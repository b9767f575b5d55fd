/*
 * import.h - bringing the members of a library's old system (kartu's own
 * CSV, SLiMS, Koha, INLISLite: legacy.h reads each) into the station.
 *
 * Two passes over the file.  Pass 1 reads every row for its member type (the
 * old system's name, LG_TYPE) and maps each distinct name to a category: by
 * the admin's mapping (import_map), else a name equal, case aside, to a
 * category's code or name.  Any name left unmapped stops the import before
 * anything is written (import_opts.unmapped hears each, with its rows).
 *
 * Pass 2 checks each row whole, as kartu apply checks a form (form_check, the
 * one check of both, with the documented relaxations for old records: birth
 * place and date, address and phone may be missing, kept missing and the
 * member marked incomplete; a landline is kept as the second phone; no
 * document).  A row with problems (the reader's and the check's, all of them)
 * is rejected: written to the rejects file with its line and problems, and
 * the rest go on, each row in a savepoint of the one transaction so that a
 * failed row leaves nothing half-written.  all_or_nothing: every row is
 * checked and, when any is bad, nothing is kept.  dry_run: every row checked
 * and every candidate listed, nothing kept.  A row that looks like a member
 * (the register or an earlier row) is a candidate: rejected, or skipped with
 * skip_dupes.
 */
#ifndef KARTU_IMPORT_H
#define KARTU_IMPORT_H

#include <stdio.h>

#include "legacy.h"
#include "memberno.h"
#include "store.h"

/* Member type names to category codes, as the admin gives them. */
#define IMPORT_MAP_MAX 256
struct import_map {
	int n;
	struct {
		char name[64], category[32];
	} v[IMPORT_MAP_MAX];
};

/* Add one "NAME=CATEGORY" (or "NAME = CATEGORY") to m: KT_EUSAGE for a line
 * without '=', an empty side, a name too long or too many names; a name given
 * twice takes the later category. */
int import_map_add(struct import_map *m, const char *line, struct kt_err *e);
/* Read a mapping file: lines "NAME = category", '#' starts a comment, blank
 * lines ignored.  KT_EUSAGE names the line. */
int import_map_read(struct import_map *m, FILE *f, struct kt_err *e);

struct import_stats {
	long rows;		/* data rows read */
	long imported;		/* members made (a dry run: rows that would be;
				   0 after a failure) */
	long rejected;		/* rows with problems */
	long skipped;		/* rows already members, with skip_dupes */
	long incomplete;	/* members made with fields missing */
	long candidates;	/* rows that look like a member */
	char first_member[MEMBERNO_MAX], last_member[MEMBERNO_MAX];
	double seconds;
};

struct import_progress {
	long rows;		/* rows done in pass 2 */
	long total;		/* rows counted in pass 1 */
	long long bytes, bytes_total;	/* lg_progress */
	double seconds;		/* since the import started */
};

struct import_opts {
	struct lg_opts lg;		/* the format, separator, date order */
	const struct import_map *map;	/* may be NULL */
	const char *rejects;		/* the rejects file's path, or NULL for none */
	int all_or_nothing, dry_run, skip_dupes;
	/* Every callback may be NULL. */
	void (*unmapped)(const char *name, long rows, void *arg);
	void (*rejected)(long line, const char *problems, void *arg);
	void (*candidate)(long line, const char *why, int skipped, void *arg);
	void (*progress)(const struct import_progress *p, void *arg);	/* every 1000 rows */
	void *arg;
};

/* Import path as operator op (an admin).  Returns 0 when every row was read
 * (some may be rejected: out->rejected), KT_EUSAGE for a file that cannot be
 * read or unmapped member types, KT_EREFUSED when all_or_nothing found a bad
 * row (nothing kept), another code for the store. */
int import_members(struct store *st, const char *path, const char *op,
    const struct import_opts *o, struct import_stats *out, struct kt_err *e);

/* The default rejects file of path: beside it, NAME.ditolak.EXT, into buf. */
void import_rejects_path(const char *path, char *buf, size_t len);

#endif
