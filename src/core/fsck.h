/*
 * fsck.h - the integrity check of a station's database: SQLite's own checks,
 * then the consistency of applications, members, cards and replacements that
 * the procedure promises.  Used after a crash, a power cut or a restore, and
 * by the crash test, which counts what it finds.  The audit trail's chain is
 * checked too (audit_verify).
 *
 * A finding is either a problem (something half-made or contradictory: the
 * procedure never leaves it so) or an unfinished step the station knows how
 * to finish (a card whose chip was being written when the station stopped).
 */
#ifndef KARTU_FSCK_H
#define KARTU_FSCK_H

#include "store.h"

enum fsck_severity { FSCK_UNFINISHED, FSCK_PROBLEM };

struct fsck_finding {
	enum fsck_severity severity;
	const char *check;	/* a short name: "integrity", "foreign-keys", "card-state", ... */
	const char *what;	/* the record: "card 6205260000010013", "application 3" */
	const char *detail;	/* what is wrong, translated */
	const char *fix;	/* how to finish or fix it, translated; may be "" */
};

struct fsck_summary {
	int checks;		/* how many checks ran */
	int problems, unfinished;
	long long applications, members, cards, audit_entries;
};

/* Run every check; cb (may be NULL) is called for each finding.  Returns 0
 * when the checks could run, whatever they found (see sum). */
int fsck_run(struct store *st, int (*cb)(const struct fsck_finding *, void *), void *arg,
    struct fsck_summary *sum, struct kt_err *e);

#endif
