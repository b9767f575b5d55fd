/*
 * backup.h - what kartu backup and kartu restore do besides copying (the
 * copy is the store's: store_backup, store_restore): whether a register
 * holds anything a restore would replace, and the audit entries of both.
 */
#ifndef KARTU_BACKUP_H
#define KARTU_BACKUP_H

#include "err.h"
#include "store.h"

/* How many applications, members and operators st's register holds
 * (*records); 0 for a register a restore may fill without being told. */
int backup_records(struct store *st, long long *records, struct kt_err *e);

/* Record in st's audit trail, as the store's actor (operator_require set
 * it), that a backup was written to file (event "backup") or the register
 * restored from it (event "restore"): the file's name, its size, the schema
 * version and, for a restore, who asked for it by name (by) and what the
 * checks after it found; or that a restore that would have replaced st's
 * register was refused (event "restore-refused"): the file, the name asked
 * for and why (refused).  One transaction of its own. */
struct backup_event {
	const char *event;	/* "backup", "restore" or "restore-refused" */
	const char *file;
	long long bytes;
	int version;
	const char *by;		/* the operator named (--as), or NULL */
	int fsck_problems;	/* restore: -1 when not run */
	int audit_ok;		/* restore: the chain verified */
	const char *refused;	/* restore-refused: no-force, not-admin, damaged,
				   newer-schema */
};
int backup_record(struct store *st, const struct backup_event *ev, struct kt_err *e);

#endif
