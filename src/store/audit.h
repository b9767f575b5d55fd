/*
 * audit.h - the hash-chained audit trail.
 *
 * Every change to the audited tables (applications, members, cards,
 * operators, replacements, complaints, reprint marks, and the rules:
 * settings, documents, categories, institutions, rules loads) appends a row
 * to the table audit: when, which operator, what entity, the action and the
 * row before and after as JSON.  Columns holding hashes of identity numbers or PINs are left out,
 * the pepper's value is '(secret)' and phone numbers are masked, so the log
 * holds no personal number.
 *
 * The rows are written by TEMP triggers that audit_install creates on each
 * connection the station opens, inside the transaction of the change itself.
 * Changes made with other tools (the sqlite3 shell) are not logged; changes to
 * the log itself are what audit_verify finds.
 *
 * Each row carries prev_hash (the hash of the row before; '' for the first) and
 * hash = BLAKE2b-256 over prev_hash and the row's fields, keyed with a key
 * derived from the register key (keys.h), which is not in the database.
 * audit_head keeps the id and hash of the last row and a keyed seal of both,
 * so removing rows at the end is found as well, and a copy of the database
 * is not enough to rewrite the log.  Secrets (hashes of PINs, codes and
 * identity numbers) appear as a short keyed digest: the log shows that they
 * changed, not what they are.  Events that change no row (the log sealed,
 * for one) are entries with action 'event'.
 */
#ifndef KARTU_AUDIT_H
#define KARTU_AUDIT_H

#include "store.h"

#define AUDIT_HASH_HEX 65	/* 32 bytes in hex and the NUL */

/* Register the SQL functions and create the TEMP triggers on st's connection.
 * A database without the audit table (an old schema during an upgrade test)
 * is left alone.  Called by store_open. */
int audit_install(struct store *st, struct kt_err *e);

/* PostgreSQL (store-pg.c calls it before each COMMIT): the changes its
 * triggers wrote to kartu_audit_pending in this transaction become entries of
 * the chain, as SQLite's triggers would have written them, and are removed
 * from there.  The time of an entry is the one store-pg.c set for the
 * statement that made it (kartu.at), its operator the actor then. */
int audit_pg_flush(struct store *st, struct kt_err *e);

/* Append an event to the log: entity names it, json (or NULL) says more. */
int audit_event(struct store *st, const char *entity, long long entity_id, const char *json,
    struct kt_err *e);

/* A log written before the chain had a key is rehashed with the key once,
 * in one transaction, and the first keyed entry says whether it was whole. */
int audit_seal_chain(struct store *st, struct kt_err *e);

/* The entries of many rows inserted into members and cards in one
 * transaction (an import), written from C in batches instead of by the rows'
 * triggers: the same entries (the same JSON, made by the same SQL
 * expression, the same keyed chain), a row's as soon as it is added, the
 * head and its seal updated once a batch.  audit_batch_begin, inside the
 * transaction, drops this connection's INSERT triggers of those two tables;
 * from then on the caller must audit_batch_add every row it inserts there,
 * in the order of the inserts, and audit_batch_flush before COMMIT.
 * audit_batch_end (after COMMIT or ROLLBACK) makes the triggers again and
 * frees b.  *out is NULL, and the triggers are kept, when the log is not
 * keyed (an old schema): the triggers then write the entries as always. */
struct audit_batch;
enum { AUDIT_MEMBER, AUDIT_CARD };
int audit_batch_begin(struct store *st, struct audit_batch **out, struct kt_err *e);
int audit_batch_add(struct audit_batch *b, int table, long long rowid, struct kt_err *e);
int audit_batch_flush(struct audit_batch *b, struct kt_err *e);
int audit_batch_end(struct audit_batch *b, struct kt_err *e);

/* The outcome of audit_verify.  bad_id is the first entry that does not hold
 * (0 when all hold), reason says what is wrong with it. */
struct audit_result {
	long long entries;	/* rows checked */
	long long bad_id;
	char reason[160];
};

/* Walk the whole log and check ids, links and hashes, and the head.  Returns 0
 * when the log is whole, KT_EREFUSED when it is not (r and e say where and
 * why), KT_EFAIL on a database error. */
int audit_verify(struct store *st, struct audit_result *r, struct kt_err *e);

/* One entry of the log, for listing; strings live until cb returns. */
struct audit_entry {
	long long id, entity_id;
	const char *at, *operator, *entity, *action, *before, *after;
};
/* The entries for entity (NULL: all) and entity_id (0: all), oldest first,
 * the last limit of them (0: all). */
int audit_list(struct store *st, const char *entity, long long entity_id, int limit,
    int (*cb)(const struct audit_entry *, void *), void *arg, struct kt_err *e);

#endif
