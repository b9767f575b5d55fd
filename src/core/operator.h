/*
 * operator.h - the station's operators: officers, operators, the desk and the
 * admin, their roles and PINs, and the one check every step makes of who acts.
 */
#ifndef KARTU_OPERATOR_H
#define KARTU_OPERATOR_H

#include "err.h"
#include "store.h"

/* Operators and roles.  roles is a '|'-separated list such as "officer|admin". */
/* pin (NULL: none) is 4 to 12 digits, kept as an argon2id hash. */
int operator_add(struct store *st, const char *name, const char *role, const char *pin,
    const char *actor, struct kt_err *e);
/* Set name's PIN: by the admin, or by the operator themself. */
int operator_set_pin(struct store *st, const char *actor, const char *name, const char *pin,
    struct kt_err *e);
/* Deactivate name (active 0: it may no longer log in or act; its history
 * stays) or reactivate it, by an admin, actor.  An admin does not deactivate
 * themself nor the last active admin (KT_EREFUSED); KT_ENOTFOUND for no such
 * operator; nothing changes when it already is so. */
int operator_set_active(struct store *st, const char *actor, const char *name, int active,
    struct kt_err *e);
/* Check that name is an active operator with one of roles; what names the step
 * for the message.  *id is set on success, and the store's actor (the audit
 * trail's who).  name NULL or "": the operator logged in at this station
 * (session.h).  An operator with a PIN must be the one logged in here, or the
 * store must hold the right PIN (store_set_pin); without a PIN, the name
 * suffices. */
int operator_require(struct store *st, const char *name, const char *roles,
    const char *what, long long *id, struct kt_err *e);

/* The roles of operator id ("officer|admin") into buf. */
int operator_role(struct store *st, long long id, char *buf, size_t len, struct kt_err *e);

struct kt_operator {
	long long id;
	const char *name;
	const char *role;
	int active;
	int has_pin;		/* without one, the operator is a name anyone may use */
	const char *created_at;
};
/* Call cb for each operator, by name; a non-zero return from cb stops and is
 * returned. */
int operator_list(struct store *st, int (*cb)(const struct kt_operator *, void *),
    void *arg, struct kt_err *e);

#endif
