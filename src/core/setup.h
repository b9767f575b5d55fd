/*
 * setup.h - making and upgrading the database and loading the rules: the core
 * of kartu init.
 *
 * Who may: anyone while the database has no active admin (the first set-up,
 * before the staff are added); after that, only an admin.  What is loaded is a
 * parsed rules file (rulesfile.h), written through the store in one
 * transaction, so every row it changes is in the audit trail under the acting
 * admin.  The library code of a database that has issued cards or member
 * numbers never changes: every card carries it.
 */
#ifndef KARTU_SETUP_H
#define KARTU_SETUP_H

#include "err.h"
#include "rulesfile.h"
#include "store.h"

/* Check that name (NULL or "": the operator logged in here) may set up st:
 * with no active admin anyone may (the actor stays 0 unless name is an
 * operator); else name must be an active admin (operator_require, with its
 * PIN rules).  Sets the store's actor.  Works on a database of any schema
 * version, before store_upgrade.  0, or KT_EREFUSED / KT_EUSAGE /
 * KT_ENOTFOUND as operator_require. */
int setup_authorize(struct store *st, const char *name, struct kt_err *e);

/* The library's details from the station's configuration file, which take
 * precedence over the rules file's; NULL or "" for not given. */
struct setup_library {
	const char *name, *code, *address, *logo;
	const char *city, *head_name, *head_title, *head_nip;	/* the reports' */
	const char *card_media;		/* new cards' media */
};

#define SETUP_DEFAULTS 0x1	/* rf only fills in what is missing: settings
				   unset, rows not there (the built-in rules,
				   which never undo a library's own) */

/* Write rf (and lib, which may be NULL) into st in one transaction: settings (only the allowed keys), documents,
 * categories and the documents each accepts, institutions, and one row in
 * rules_loads naming source.  Refuses (KT_EREFUSED, nothing written) a library
 * code other than the stored one when the database has issued cards or member
 * numbers.  st must be at the newest schema (store_upgrade). */
int setup_load(struct store *st, const struct rulesfile *rf, int flags,
    const struct setup_library *lib, const char *source, struct kt_err *e);

/* The built-in rules into st as defaults, as kartu init does without --rules
 * (tests and benchmarks). */
int setup_builtin(struct store *st, struct kt_err *e);

/* One setting (rulesfile.h's keys) as a form gives it; value "" leaves the
 * optional ones (the letterhead's address, the signature block) unset. */
struct setup_setting {
	const char *key, *value;
};

/* Check all n settings at once, as a rules file's [settings] checks each:
 * every problem is in e (kt_problem, naming its key as the field), and a
 * library code other than the issued cards' is refused.  0, KT_EUSAGE or
 * KT_EREFUSED (the first problem's code). */
int setup_settings_check(struct store *st, const struct setup_setting *kv, size_t n,
    struct kt_err *e);

/* The admin op writes the n settings, checked as above, in
 * one transaction: each change is in the audit trail. */
int setup_settings(struct store *st, const char *op, const struct setup_setting *kv, size_t n,
    struct kt_err *e);

#endif
