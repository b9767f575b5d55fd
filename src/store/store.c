/*
 * store.c - the store (see store.h): what does not depend on the engine
 * (opening and upgrading, settings, keys, the clock, the actor, store_run,
 * store_each), written once over the store_* calls, and the switch that
 * hands every other call to the database's backend: SQLite (store-sqlite.c,
 * sqs_*) or, for a PostgreSQL connection string (store_remote), store-pg.c
 * (pgs_*).  A switch rather than a table of operations: two engines, whose
 * statements are different structs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "store-pg.h"
#include "store-int.h"
#include "valid.h"
#include "wib.h"

int
store_on_pg(struct store *st)
{
	return st->pg != NULL;
}

enum store_engine
store_engine(struct store *st)
{
	return st->pg != NULL ? STORE_POSTGRESQL : STORE_SQLITE;
}

int
store_remote(const char *db)
{
	const char *p = db;

	if (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0)
		return 1;
	/* A libpq key=value string: a keyword, then '=' ("host=... dbname=..."). */
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	return p != db && *p == '=';
}

int
store_dberror(struct store *st, struct kt_err *e)
{
	return st->pg != NULL ? pgs_dberror(st->pg, e) : sqs_dberror(st, e);
}

static int
exec(struct store *st, const char *sql, struct kt_err *e)
{
	st->step_now = time(NULL);
	return st->pg != NULL ? pgs_exec(st->pg, sql, e) : sqs_exec(st, sql, e);
}

int
store_run(struct store *st, struct kt_err *e, const char *sql, const char *types, ...)
{
	struct store_stmt *s;
	va_list ap;
	int rc, i;

	if ((rc = store_prepare(st, sql, &s, e)) != 0)
		return rc;
	va_start(ap, types);
	for (i = 0; types[i] != '\0'; i++)
		switch (types[i]) {
		case 't':
			store_bind_text(s, i + 1, va_arg(ap, const char *));
			break;
		case 'i':
			store_bind_int(s, i + 1, va_arg(ap, long long));
			break;
		default:
			store_bind_null(s, i + 1);
			break;
		}
	va_end(ap);
	rc = store_step(s) == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
store_exec(struct store *st, const char *sql, struct kt_err *e)
{
	return exec(st, sql, e);
}

int
store_prepare(struct store *st, const char *sql, struct store_stmt **s, struct kt_err *e)
{
	struct store_stmt *n;

	*s = NULL;
	if (st->pg != NULL) {
		struct pgstmt *pq;

		if ((n = calloc(1, sizeof *n)) == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(errno));
		if (pgs_prepare(st->pg, sql, &pq, e) != 0) {
			free(n);
			return KT_EFAIL;
		}
		n->st = st;
		n->pq = pq;
		*s = n;
		return 0;
	}
	return sqs_prepare(st, sql, s, e);
}

void
store_bind_text(struct store_stmt *s, int i, const char *v)
{
	if (s->pq != NULL)
		pgs_bind_text(s->pq, i, v);
	else
		sqs_bind_text(s, i, v);
}

void
store_bind_int(struct store_stmt *s, int i, long long v)
{
	if (s->pq != NULL)
		pgs_bind_int(s->pq, i, v);
	else
		sqs_bind_int(s, i, v);
}

void
store_bind_blob(struct store_stmt *s, int i, const void *v, size_t n)
{
	if (s->pq != NULL)
		pgs_bind_blob(s->pq, i, v, n);
	else
		sqs_bind_blob(s, i, v, n);
}

void
store_bind_null(struct store_stmt *s, int i)
{
	if (s->pq != NULL)
		pgs_bind_null(s->pq, i);
	else
		sqs_bind_null(s, i);
}

int
store_step(struct store_stmt *s)
{
	s->st->step_now = time(NULL);
	return s->pq != NULL ? pgs_step(s->pq) : sqs_step(s);
}

const char *
store_col_text(struct store_stmt *s, int i)
{
	return s->pq != NULL ? pgs_col_text(s->pq, i) : sqs_col_text(s, i);
}

long long
store_col_int(struct store_stmt *s, int i)
{
	return s->pq != NULL ? pgs_col_int(s->pq, i) : sqs_col_int(s, i);
}

int
store_col_null(struct store_stmt *s, int i)
{
	return s->pq != NULL ? pgs_col_null(s->pq, i) : sqs_col_null(s, i);
}

const void *
store_col_blob(struct store_stmt *s, int i, size_t *n)
{
	return s->pq != NULL ? pgs_col_blob(s->pq, i, n) : sqs_col_blob(s, i, n);
}

void
store_reset(struct store_stmt *s)
{
	if (s->pq != NULL)
		pgs_reset(s->pq);
	else
		sqs_reset(s);
}

void
store_finalize(struct store_stmt *s)
{
	if (s == NULL)
		return;
	if (s->pq != NULL) {
		pgs_release(s->pq);
		free(s);
	} else
		sqs_finalize(s);
}

long long
store_last_id(struct store *st)
{
	return st->pg != NULL ? pgs_last_id(st->pg) : sqs_last_id(st);
}

long long
store_changes(struct store *st)
{
	return st->pg != NULL ? pgs_changes(st->pg) : sqs_changes(st);
}

int
store_conflict(struct store *st)
{
	return st->pg != NULL ? pgs_conflict(st->pg) : sqs_conflict(st);
}

int
store_each(struct store *st, struct store_stmt *s, int (*row)(struct store_stmt *, void *),
    void *arg, const char *notfound, struct kt_err *e)
{
	int rc, rows = 0, stop = 0;

	while (!stop && (rc = store_step(s)) == STORE_ROW) {
		rows++;
		stop = row(s, arg);
	}
	if (stop)
		rc = stop;
	else if (rc != STORE_DONE)
		rc = store_dberror(st, e);
	else if (rows == 0 && notfound != NULL)
		rc = kt_error(e, KT_ENOTFOUND, "%s", notfound);
	else
		rc = 0;
	store_finalize(s);
	return rc;
}

int
store_latest_version(void)
{
	int n = 0;

	while (store_migrations[n].name != NULL)
		n++;
	return n;
}

int
store_version(struct store *st)
{
	return st->pg != NULL ? pgs_version(st->pg) : sqs_version(st);
}

/* The end of a bulk transaction: the default page cache again, and the
 * settings read again from the database. */
static void
end_bulk(struct store *st)
{
	if (!st->bulk)
		return;
	st->bulk = 0;
	st->nsetting = 0;
	if (st->pg == NULL)
		sqs_end_bulk(st);
}

/* No read transaction any more (store_begin_read): SQLite may write again. */
static void
read_done(struct store *st)
{
	if (st->read_own && st->pg == NULL)
		sqs_exec(st, "PRAGMA query_only = 0", NULL);
	st->reading = st->read_own = 0;
}

int
store_begin(struct store *st, struct kt_err *e)
{
	int rc = st->pg != NULL ? pgs_begin(st->pg, e) : sqs_begin(st, e);

	if (rc == 0)
		st->in_tx = 1;
	return rc == KT_EOFFLINE ? rc : rc != 0 ? KT_EFAIL : 0;
}

int
store_commit(struct store *st, struct kt_err *e)
{
	int rc = st->pg != NULL ? pgs_commit(st->pg, e) : sqs_commit(st, e);

	/* On failure both backends have rolled back. */
	st->in_tx = 0;
	read_done(st);
	end_bulk(st);
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->pg != NULL)
		pgs_rollback(st->pg);
	else
		sqs_rollback(st);
	st->in_tx = 0;
	read_done(st);
	end_bulk(st);
}

int
store_begin_read(struct store *st, struct kt_err *e)
{
	if (st->reading++ > 0)
		return 0;
	st->read_own = !st->in_tx;
	/* SQLite's BEGIN may write: query_only makes it a reader as
	 * PostgreSQL's READ ONLY does. */
	if (st->read_own && exec(st, st->pg != NULL ?
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" :
	    "BEGIN; PRAGMA query_only = 1", e) != 0) {
		if (st->pg == NULL)
			sqs_rollback(st);
		read_done(st);
		return KT_EFAIL;
	}
	return 0;
}

void
store_end_read(struct store *st)
{
	if (st->reading == 0 || --st->reading > 0)
		return;
	if (st->read_own) {
		if (st->pg != NULL)
			pgs_rollback(st->pg);
		else
			sqs_rollback(st);
	}
	read_done(st);
}

int
store_bulk(struct store *st, struct kt_err *e)
{
	return store_bulk_rows(st, 0, e);
}

void
store_set_bulk_index_min(struct store *st, long long rows)
{
	st->bulk_index_min = rows > 0 ? rows : 0;
}

int
store_bulk_rows(struct store *st, long long rows, struct kt_err *e)
{
	if (st->bulk || !st->in_tx)
		return 0;
	/* PostgreSQL: only the settings kept; its cache is the server's, and
	 * its indexes stay (the server keeps them). */
	if (st->pg == NULL && sqs_bulk(st, rows, e) != 0)
		return KT_EFAIL;
	st->bulk = 1;
	st->nsetting = 0;
	return 0;
}

static int
migrate(struct store *st, int upto, struct kt_err *e)
{
	return st->pg != NULL ? pgs_migrate(st->pg, upto, e) : sqs_migrate(st, upto, e);
}

/* Whether migrations are pending (a database older than this kartu). */
static int
pending(struct store *st)
{
	int v = store_version(st);

	return v >= 0 && v < store_latest_version();
}

/* A database with an older schema and an active admin: upgrading it is the
 * admin's (kartu init as the admin), not a side effect of any command. */
static int
refuse_upgrade(struct store *st, struct kt_err *e)
{
	struct store_stmt *s;
	char admin[128] = "";

	if (store_prepare(st, "SELECT name FROM operators WHERE role = 'admin'"
	    " AND active <> 0 ORDER BY id LIMIT 1", &s, NULL) != 0)
		return 0;	/* no operators yet: the first set-up */
	if (store_step(s) == STORE_ROW)
		snprintf(admin, sizeof admin, "%s", store_col_text(s, 0));
	store_finalize(s);
	if (admin[0] == '\0')
		return 0;
	kt_error(e, KT_EREFUSED, _("the database is at schema version %d and this kartu"
	    " needs version %d: the admin must upgrade it first"), store_version(st),
	    store_latest_version());
	return kt_next(e, KT_EREFUSED, "init-admin", "%s", admin);
}

int
store_open_version(const char *path, int flags, int upto, struct store **out,
    struct kt_err *e)
{
	struct store *st;
	int rc;

	*out = NULL;
	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	if ((st = calloc(1, sizeof *st)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	st->user = -1;
	st->data_version = -1;
	rc = store_remote(path) ? pgs_open(st, path, flags, &st->pg, e) :
	    sqs_open(st, path, flags, e);
	if (rc != 0)
		goto fail;
	if ((flags & STORE_NO_MIGRATE) == 0 && upto < 0 && pending(st) &&
	    (rc = refuse_upgrade(st, e)) != 0)
		goto fail;
	if ((flags & STORE_NO_MIGRATE) == 0 && migrate(st, upto, e) != 0)
		goto fail;
	if (!pending(st) || (flags & STORE_NO_MIGRATE) == 0) {
		if (audit_install(st, e) != 0)
			goto fail;
		st->audited = 1;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return e != NULL && e->code != 0 ? e->code : KT_EFAIL;
}

int
store_upgrade(struct store *st, struct kt_err *e)
{
	if (migrate(st, -1, e) != 0)
		return KT_EFAIL;
	if (!st->audited) {
		if (audit_install(st, e) != 0)
			return KT_EFAIL;
		st->audited = 1;
	}
	/* A log from before the key, met with the key (keys_attach), is
	 * sealed now that its schema can hold the seal. */
	return st->have_key ? audit_seal_chain(st, e) : 0;
}

int
store_lost(struct store *st)
{
	return st != NULL && st->pg != NULL && pgs_lost(st->pg);
}

int
store_reconnect(struct store *st, struct kt_err *e)
{
	if (st->pg == NULL)
		return 0;
	st->in_tx = 0;
	end_bulk(st);
	return pgs_reconnect(st->pg, e);
}

int
store_open(const char *path, int flags, struct store **out, struct kt_err *e)
{
	return store_open_version(path, flags, -1, out, e);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->pg != NULL || st->db != NULL)
		store_rollback(st);
	if (st->pg != NULL)
		pgs_close(st->pg);
	else
		sqs_close(st);
	sodium_memzero(st->key, sizeof st->key);
	sodium_memzero(st->pin, sizeof st->pin);
	free(st);
}

/* The id by which a database knows its register key: a hash of the key that
 * says nothing of it. */
static void
key_id(const unsigned char *key, char *hex)
{
	unsigned char id[16];

	crypto_generichash(id, sizeof id, (const unsigned char *)"kartu register key id", 21,
	    key, STORE_KEY_LEN);
	sodium_bin2hex(hex, 2 * sizeof id + 1, id, sizeof id);
}

int
store_key_known(struct store *st, int *known, struct kt_err *e)
{
	char buf[40];
	int rc;

	*known = 0;
	rc = store_setting(st, "register_key_id", buf, sizeof buf, e);
	if (rc == 0)
		*known = 1;
	return rc == KT_ENOTFOUND ? 0 : rc;
}

int
store_set_key(struct store *st, const unsigned char *key, struct kt_err *e)
{
	char want[33], have[40];
	int rc, known;

	key_id(key, want);
	rc = store_setting(st, "register_key_id", have, sizeof have, e);
	if (rc == 0 && strcmp(have, want) != 0)
		return kt_error(e, KT_EREFUSED, _("this is not the database's register key"));
	if (rc != 0 && rc != KT_ENOTFOUND)
		return rc;
	known = rc == 0;
	memcpy(st->key, key, sizeof st->key);
	st->have_key = 1;
	/* A log written before the key is sealed with it, then the key's id is
	 * recorded, so that no other key is taken for this database. */
	if ((rc = audit_seal_chain(st, e)) == 0 && !known)
		rc = store_run(st, e, "INSERT INTO settings (key, value) VALUES"
		    " ('register_key_id', ?)", "t", want);
	if (rc != 0) {
		sodium_memzero(st->key, sizeof st->key);
		st->have_key = 0;
	}
	return rc;
}

int
store_in_transaction(struct store *st)
{
	return st->in_tx;
}

int
store_has_key(struct store *st)
{
	return st->have_key;
}

int
store_legacy_key(struct store *st, unsigned char *key, int *found, struct kt_err *e)
{
	char hex[2 * STORE_KEY_LEN + 8];
	size_t n = 0;
	int rc;

	*found = 0;
	rc = store_setting(st, "pepper", hex, sizeof hex, e);
	if (rc == KT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (sodium_hex2bin(key, STORE_KEY_LEN, hex, strlen(hex), NULL, &n, NULL) != 0 ||
	    n != STORE_KEY_LEN)
		rc = kt_error(e, KT_EFAIL, _("the database's old hashing key is damaged"));
	else
		*found = 1;
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int
store_forget_legacy_key(struct store *st, struct kt_err *e)
{
	return store_run(st, e, "DELETE FROM settings WHERE key = 'pepper'", "");
}

int
store_subkey(struct store *st, const char *purpose, unsigned char *out, size_t outlen,
    struct kt_err *e)
{
	if (!st->have_key) {
		kt_error(e, KT_EFAIL, _("this station has no register key (register.key beside"
		    " the library's keys)"));
		return kt_next(e, KT_EFAIL, "init", "%s", "");
	}
	crypto_generichash(out, outlen, (const unsigned char *)purpose, strlen(purpose),
	    st->key, sizeof st->key);
	return 0;
}

int
store_integrity(struct store *st, int (*problem)(const char *kind, const char *what,
    const char *detail, void *arg), void *arg, struct kt_err *e)
{
	return st->pg != NULL ? 0 : sqs_integrity(st, problem, arg, e);
}

int
store_setting(struct store *st, const char *key, char *buf, size_t len, struct kt_err *e)
{
	struct store_stmt *s;
	const char *v;
	int rc, i;

	/* A bulk transaction changes no settings (store_bulk): each is read
	 * once, not once a row. */
	for (i = 0; st->bulk && i < st->nsetting; i++)
		if (strcmp(st->setting[i].key, key) == 0) {
			snprintf(buf, len, "%s", st->setting[i].value);
			return 0;
		}
	if ((rc = store_prepare(st, "SELECT value FROM settings WHERE key = ?", &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, key);
	if ((rc = store_step(s)) == STORE_ROW) {
		v = store_col_text(s, 0);
		snprintf(buf, len, "%s", v);
		if (st->bulk && st->nsetting < (int)nitems(st->setting) && strlen(key) <
		    sizeof st->setting[0].key && strlen(v) < sizeof st->setting[0].value) {
			snprintf(st->setting[st->nsetting].key, sizeof st->setting[0].key, "%s",
			    key);
			snprintf(st->setting[st->nsetting++].value, sizeof st->setting[0].value,
			    "%s", v);
		}
		rc = 0;
	} else if (rc == STORE_DONE)
		rc = kt_error(e, KT_ENOTFOUND, _("setting %s is not set"), key);
	else
		rc = store_dberror(st, e);
	store_finalize(s);
	return rc;
}

void
store_set_actor(struct store *st, long long operator_id)
{
	st->actor = operator_id;
}

long long
store_actor(struct store *st)
{
	return st->actor;
}

void
store_set_web_session(struct store *st, long long session_id)
{
	st->web_session = session_id;
}

long long
store_web_session(struct store *st)
{
	return st->web_session;
}

void
store_set_pin(struct store *st, const char *pin)
{
	sodium_memzero(st->pin, sizeof st->pin);
	st->have_pin = pin != NULL && pin[0] != '\0' && strlen(pin) < sizeof st->pin;
	if (st->have_pin)
		memcpy(st->pin, pin, strlen(pin) + 1);
}

void
store_set_station(struct store *st, const char *name)
{
	snprintf(st->station, sizeof st->station, "%s", name != NULL ? name : "");
}

const char *
store_station(struct store *st)
{
	return st->station;
}

void
store_set_user(struct store *st, long long uid)
{
	st->user = uid;
}

long long
store_user(struct store *st)
{
	return st->user;
}

const char *
store_pin(struct store *st)
{
	return st->have_pin ? st->pin : NULL;
}

int
store_ids_given(struct store *st, const char *table, struct kt_err *e)
{
	char sql[256];

	if (st->pg == NULL)
		return 0;	/* SQLite gives the next row max(rowid) + 1 itself */
	if (strspn(table, "abcdefghijklmnopqrstuvwxyz_") != strlen(table) || strlen(table) > 40)
		return kt_error(e, KT_EFAIL, "store_ids_given: table '%s'", table);
	snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id))"
	    " FROM %s HAVING max(id) IS NOT NULL", table, table);
	return pgs_exec(st->pg, sql, e);
}

int
store_open_reader(struct store *st, struct store **out, struct kt_err *e)
{
	struct store *r;
	const char *path;
	int rc;

	*out = NULL;
	if (st->pg != NULL || (path = sqs_path(st)) == NULL)
		return 0;
	if ((rc = store_open(path, STORE_NO_MIGRATE, &r, e)) != 0)
		return rc;
	if (st->have_key) {
		memcpy(r->key, st->key, sizeof r->key);
		r->have_key = 1;
	}
	r->fixed_now = st->fixed_now;
	r->actor = st->actor;
	r->user = st->user;
	/* Settings are read once, as in st's bulk transaction. */
	if ((rc = store_begin_read(r, e)) != 0) {
		store_close(r);
		return rc;
	}
	r->bulk = 1;
	r->nsetting = 0;
	*out = r;
	return 0;
}

void
store_set_clock(struct store *st, time_t fixed)
{
	st->fixed_now = fixed;
}

time_t
store_now(struct store *st)
{
	return st->fixed_now != 0 ? st->fixed_now : time(NULL);
}

void
store_step_timestamp(struct store *st, char *buf, size_t len)
{
	time_t t = st->fixed_now != 0 ? st->fixed_now : st->step_now != 0 ? st->step_now :
	    time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_timestamp(struct store *st, char *buf, size_t len)
{
	time_t t = store_now(st);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_today(struct store *st, struct kt_date *d)
{
	wib_day(store_now(st), d);
}

int
store_hash_id(struct store *st, const char *kind, const char *number, char *out,
    struct kt_err *e)
{
	unsigned char h[16];
	crypto_generichash_state gs;

	if (!st->have_key) {
		kt_error(e, KT_EFAIL, _("this station has no register key (register.key beside"
		    " the library's keys)"));
		return kt_next(e, KT_EFAIL, "init", "%s", "");
	}
	crypto_generichash_init(&gs, st->key, sizeof st->key, sizeof h);
	crypto_generichash_update(&gs, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&gs, (const unsigned char *)number, strlen(number));
	crypto_generichash_final(&gs, h, sizeof h);
	sodium_bin2hex(out, STORE_HASH_LEN, h, sizeof h);
	return 0;
}

/* ---- notes (store.h) ---- */

/* Whether s[0..n) is a word of a note's kind or action: lowercase letters
 * and '-'. */
static int
note_word(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n >= max)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

static int
note_station(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return i < max;
}

int
store_note_parse(const char *payload, struct store_note *out)
{
	const char *p = payload, *sp;
	long long id = 0;
	size_t n;

	memset(out, 0, sizeof *out);
	if ((sp = strchr(p, ' ')) == NULL || !note_word(p, (size_t)(sp - p), sizeof out->kind))
		return -1;
	memcpy(out->kind, p, (size_t)(sp - p));
	p = sp + 1;
	for (n = 0; p[n] >= '0' && p[n] <= '9'; n++) {
		if (id > (0x7fffffffffffffffLL - 9) / 10)
			return -1;
		id = id * 10 + (p[n] - '0');
	}
	if (n == 0 || p[n] != ' ' || (n > 1 && p[0] == '0'))
		return -1;	/* one way to write a number: the payload is canonical */
	out->id = id;
	p += n + 1;
	n = strcspn(p, " ");
	if (!note_word(p, n, sizeof out->action))
		return -1;
	memcpy(out->action, p, n);
	p += n;
	if (*p == ' ' && p[1] != '\0')
		p++;
	else if (*p != '\0')
		return -1;
	if (!note_station(p, sizeof out->station))
		return -1;
	memcpy(out->station, p, strlen(p) + 1);
	return 0;
}

int
store_note_format(const struct store_note *n, char *buf, size_t len)
{
	int w;

	if (!note_word(n->kind, strnlen(n->kind, sizeof n->kind), sizeof n->kind) ||
	    !note_word(n->action, strnlen(n->action, sizeof n->action), sizeof n->action) ||
	    n->id < 0 || strnlen(n->station, sizeof n->station) >= sizeof n->station ||
	    !note_station(n->station, sizeof n->station))
		return -1;
	w = n->station[0] != '\0' ?
	    snprintf(buf, len, "%s %lld %s %s", n->kind, n->id, n->action, n->station) :
	    snprintf(buf, len, "%s %lld %s", n->kind, n->id, n->action);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

int
store_notify(struct store *st, const char *kind, long long id, const char *action,
    struct kt_err *e)
{
	return st->pg != NULL ? pgs_notify(st->pg, kind, id, action, e) : 0;
}

int
store_listen(struct store *st, struct kt_err *e)
{
	return st->pg != NULL ? pgs_listen(st->pg, e) : sqs_listen(st, e);
}

int
store_wait_note(struct store *st, int timeout_ms, struct store_note *out, struct kt_err *e)
{
	return st->pg != NULL ? pgs_wait_note(st->pg, timeout_ms, out, e) :
	    sqs_wait_note(st, timeout_ms, out, e);
}

int
store_note_fd(struct store *st)
{
	return st->pg != NULL ? pgs_note_fd(st->pg) : -1;
}

/* The audit's entities that are the register's rows a desk's views show;
 * the others (sessions, operators, settings, the calendar, events that
 * change no row) are no note. */
static const char *const note_kinds[] = {
	"application", "member", "card", "handover", "replacement", "reprint", "photo",
	"complaint", NULL
};

void
store_pg_note(struct store *st, const char *entity, long long id, const char *action)
{
	int i;

	if (st->pg == NULL || strcmp(action, "event") == 0)
		return;
	for (i = 0; note_kinds[i] != NULL; i++)
		if (strcmp(entity, note_kinds[i]) == 0) {
			pgs_notify(st->pg, entity, id, action, NULL);
			return;
		}
}

int
store_backup(struct store *st, const char *path, long long *bytes, struct kt_err *e)
{
	return st->pg != NULL ? pgs_backup(st->pg, path, bytes, e) :
	    sqs_backup(st, path, bytes, e);
}

int
store_backup_check(const char *db, const char *file, int *version, struct kt_err *e)
{
	*version = 0;
	return store_remote(db) ? pgs_backup_check(file, version, e) :
	    sqs_backup_check(file, version, e);
}

int
store_restore(const char *db, const char *file, struct kt_err *e)
{
	return store_remote(db) ? pgs_restore(db, file, e) : sqs_restore(db, file, e);
}

int
store_about(struct store *st, struct store_about *out, struct kt_err *e)
{
	memset(out, 0, sizeof *out);
	return st->pg != NULL ? pgs_about(st->pg, out, e) : sqs_about(st, out, e);
}
