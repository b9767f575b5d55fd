/*
 * store-pg.c - the PostgreSQL backend of the store (store.h), through libpq.
 *
 * One connection per struct store, kept for its life (connecting costs about
 * 20 ms).  Statements are the store's SQL with SQLite's parameters (?NNN, ?)
 * turned into $N outside string literals (and SQLite's index hints, INDEXED
 * BY name and NOT INDEXED, left out), prepared on the server under a name
 * of their own and cached by their text, as SQLite's are (store.c).  A
 * statement runs at its first step, with every parameter sent as text (blobs
 * as binary bytea); its rows are then read from the result.  Booleans read
 * as integers are 1 and 0.
 *
 * Transactions: store_begin is BEGIN and a transaction-scoped advisory lock
 * (pg_advisory_xact_lock of PG_WRITE_LOCK): writers wait for each other as
 * SQLite's BEGIN IMMEDIATE makes them do, so every check-then-write of the
 * core (the already-a-member check, the counters of member numbers, the audit
 * chain's head) holds across desks as it does on one file.  A write outside a
 * transaction (a statement that is not a SELECT, run while the connection is
 * idle) is made one: BEGIN, the lock, the statement, the audit trail, COMMIT.
 *
 * store_last_id: an INSERT into a table with an identity column id, without a
 * RETURNING of its own, is prepared with RETURNING id appended; its step reads
 * the id (of its last row) and reports no row, as the statement the caller
 * wrote.  Triggers' inserts do not change it (lastval() would).
 *
 * The audit trail (audit.c): the triggers of the migration write each change
 * to kartu_audit_pending with the time and operator this backend sets in the
 * transaction (kartu.at, kartu.actor); audit_pg_flush makes the entries of
 * the chain from them in C before each COMMIT.
 *
 * Notes (store.h): the rows the audit entries of a transaction name are
 * queued as they are written (store_pg_note) and sent with pg_notify in one
 * statement after them, before COMMIT: the server delivers them at the
 * commit, and never for a rollback.  A listener waits on the connection's
 * socket (poll) and reads them with PQnotifies.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "audit.h"
#include "store-pg.h"

/* The key of the advisory lock that serialises writers ("kartu" in ASCII). */
#define PG_WRITE_LOCK 0x6b61727475LL
#define PG_CACHE 128
#define PG_MAXPARAM 128	/* audit.c's entries, 12 at a time */

struct pgstmt {
	struct pgstore *pg;
	char *sql;		/* as the caller wrote it: the cache's key */
	char name[16];		/* of the prepared statement on the server */
	int nparams;
	int returning_id;	/* RETURNING id appended (store_last_id) */
	int busy;
	int is_select;		/* a read: never wrapped in a transaction */
	char *val[PG_MAXPARAM];
	int len[PG_MAXPARAM], fmt[PG_MAXPARAM];
	PGresult *res;
	int row, nrows, ran;
	unsigned char *blob;	/* the last bytea read, decoded */
};

struct pgstore {
	struct store *st;
	PGconn *conn;
	struct pgstmt *cache[PG_CACHE];
	int ncache, evict;
	unsigned int next_name;
	long long last_id, changes;
	char sqlstate[6];
	char errmsg[512];
	int errcode;		/* not 0: errmsg is the store's own (a kt_err code) */
	char sent_at[32];	/* kartu.at as set in this transaction */
	long long sent_actor;
	int in_tx;
	struct {
		char name[64];
		int has_id;
	} tables[48];		/* whether a table has an identity id */
	int ntables;
	struct {
		char kind[24], action[12];
		long long id;
	} notes[STORE_NOTES_MAX];	/* for this transaction's COMMIT */
	int nnotes;
	int bulk_note;		/* more than STORE_NOTES_MAX: one "bulk" note */
};

static void
set_error(struct pgstore *pg, const PGresult *r)
{
	const char *state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	/* The primary message alone, as SQLite's: 'column "x" ... already
	 * exists', not "ERROR:  column ..." with its DETAIL lines. */
	const char *msg = r != NULL ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t n;

	pg->errcode = 0;
	snprintf(pg->sqlstate, sizeof pg->sqlstate, "%s", state != NULL ? state : "");
	if (msg == NULL || msg[0] == '\0')
		msg = PQerrorMessage(pg->conn);
	snprintf(pg->errmsg, sizeof pg->errmsg, "%s", msg);
	n = strlen(pg->errmsg);
	while (n > 0 && (pg->errmsg[n - 1] == '\n' || pg->errmsg[n - 1] == ' '))
		pg->errmsg[--n] = '\0';
}

int
pgs_dberror(struct pgstore *pg, struct kt_err *e)
{
	if (pg->errcode != 0)
		return kt_error(e, pg->errcode, "%s", pg->errmsg);
	/* The server went away under the connection (stopped, restarted, the
	 * network): the desk check answers offline on that (KT_EOFFLINE). */
	if (pg->conn == NULL || PQstatus(pg->conn) == CONNECTION_BAD)
		return kt_error(e, KT_EOFFLINE, _("the register's server cannot be reached"
		    " (offline): %s"), pg->errmsg);
	if (strcmp(pg->sqlstate, "55P03") == 0 || strcmp(pg->sqlstate, "40P01") == 0)
		return kt_error(e, KT_EFAIL,
		    _("the database is busy (another station holds it): %s"), pg->errmsg);
	return kt_error(e, KT_EFAIL, _("database error: %s"), pg->errmsg);
}

/* Run sql (no parameters, maybe several statements): 0 or KT_EFAIL. */
static int
run(struct pgstore *pg, const char *sql, struct kt_err *e)
{
	PGresult *r = PQexec(pg->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		set_error(pg, r);
		rc = pgs_dberror(pg, e);
	}
	PQclear(r);
	return rc;
}

int
pgs_exec(struct pgstore *pg, const char *sql, struct kt_err *e)
{
	return run(pg, sql, e);
}

/* The transaction's time and operator for the audit triggers, sent again
 * when they changed since (a statement of a later second, another actor). */
static int
send_context(struct pgstore *pg, struct kt_err *e)
{
	char at[32], sql[160];
	long long actor = store_actor(pg->st);

	store_timestamp(pg->st, at, sizeof at);
	if (strcmp(at, pg->sent_at) == 0 && actor == pg->sent_actor)
		return 0;
	/* Both are made here (a timestamp, a number): nothing to quote. */
	snprintf(sql, sizeof sql, "SELECT set_config('kartu.at', '%s', true),"
	    " set_config('kartu.actor', '%s', true)", at, "");
	if (actor > 0)
		snprintf(sql, sizeof sql, "SELECT set_config('kartu.at', '%s', true),"
		    " set_config('kartu.actor', '%lld', true)", at, actor);
	if (run(pg, sql, e) != 0)
		return KT_EFAIL;
	snprintf(pg->sent_at, sizeof pg->sent_at, "%s", at);
	pg->sent_actor = actor;
	return 0;
}

/* The queued notes as pg_notify calls of one statement (sent in the open
 * transaction: delivered at its COMMIT), and the queue emptied. */
static int
send_notes(struct pgstore *pg, struct kt_err *e)
{
	char payload[STORE_NOTES_MAX][160], sql[64 + 32 * STORE_NOTES_MAX];
	const char *param[STORE_NOTES_MAX];
	struct store_note n;
	PGresult *r;
	size_t o;
	int i, k = 0, rc = 0;

	if (pg->bulk_note) {
		pg->nnotes = 1;
		snprintf(pg->notes[0].kind, sizeof pg->notes[0].kind, "bulk");
		snprintf(pg->notes[0].action, sizeof pg->notes[0].action, "update");
		pg->notes[0].id = 0;
	}
	o = (size_t)snprintf(sql, sizeof sql, "SELECT 1");
	for (i = 0; i < pg->nnotes; i++) {
		memset(&n, 0, sizeof n);
		snprintf(n.kind, sizeof n.kind, "%s", pg->notes[i].kind);
		snprintf(n.action, sizeof n.action, "%s", pg->notes[i].action);
		n.id = pg->notes[i].id;
		snprintf(n.station, sizeof n.station, "%s", store_station(pg->st));
		if (store_note_format(&n, payload[k], sizeof payload[k]) != 0) {
			n.station[0] = '\0';	/* a station's name no note takes */
			if (store_note_format(&n, payload[k], sizeof payload[k]) != 0)
				continue;
		}
		param[k] = payload[k];
		k++;
		o += (size_t)snprintf(sql + o, sizeof sql - o, ", pg_notify('%s', $%d)",
		    STORE_NOTE_CHANNEL, k);
	}
	pg->nnotes = pg->bulk_note = 0;
	if (k == 0)
		return 0;
	r = PQexecParams(pg->conn, sql, k, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_error(pg, r);
		rc = pgs_dberror(pg, e);
	}
	PQclear(r);
	return rc;
}

int
pgs_notify(struct pgstore *pg, const char *kind, long long id, const char *action,
    struct kt_err *e)
{
	int i;

	for (i = 0; i < pg->nnotes; i++)
		if (pg->notes[i].id == id && strcmp(pg->notes[i].kind, kind) == 0)
			return 0;	/* the first action says most: insert */
	if (pg->nnotes == STORE_NOTES_MAX) {
		pg->bulk_note = 1;
	} else {
		snprintf(pg->notes[pg->nnotes].kind, sizeof pg->notes[0].kind, "%s", kind);
		snprintf(pg->notes[pg->nnotes].action, sizeof pg->notes[0].action, "%s", action);
		pg->notes[pg->nnotes++].id = id;
	}
	return PQtransactionStatus(pg->conn) == PQTRANS_IDLE ? send_notes(pg, e) : 0;
}

int
pgs_listen(struct pgstore *pg, struct kt_err *e)
{
	/* Named, for an admin reading pg_stat_activity. */
	return run(pg, "SET application_name = 'kartu listener'; LISTEN " STORE_NOTE_CHANNEL, e);
}

int
pgs_note_fd(struct pgstore *pg)
{
	return PQsocket(pg->conn);
}

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int
pgs_wait_note(struct pgstore *pg, int timeout_ms, struct store_note *out, struct kt_err *e)
{
	long long end = now_ms() + (timeout_ms > 0 ? timeout_ms : 0), left;
	struct pollfd p;
	PGnotify *n;
	int ok;

	for (;;) {
		if (!PQconsumeInput(pg->conn) || PQstatus(pg->conn) != CONNECTION_OK) {
			set_error(pg, NULL);
			return pgs_dberror(pg, e);
		}
		while ((n = PQnotifies(pg->conn)) != NULL) {
			ok = strcmp(n->relname, STORE_NOTE_CHANNEL) == 0 &&
			    store_note_parse(n->extra, out) == 0;
			PQfreemem(n);
			if (ok)
				return 0;
		}
		if ((left = end - now_ms()) <= 0)
			return KT_ENOTFOUND;
		p.fd = PQsocket(pg->conn);
		p.events = POLLIN;
		p.revents = 0;
		if (p.fd < 0 || (poll(&p, 1, (int)left) < 0 && errno != EINTR)) {
			set_error(pg, NULL);
			return pgs_dberror(pg, e);
		}
	}
}

int
pgs_begin(struct pgstore *pg, struct kt_err *e)
{
	char sql[96];
	int rc;

	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)", PG_WRITE_LOCK);
	if ((rc = run(pg, sql, e)) != 0) {
		pgs_rollback(pg);
		return rc;
	}
	pg->in_tx = 1;
	pg->nnotes = pg->bulk_note = 0;
	pg->sent_at[0] = '\0';
	pg->sent_actor = -1;
	if (send_context(pg, e) != 0) {
		pgs_rollback(pg);
		return KT_EFAIL;
	}
	return 0;
}

int
pgs_commit(struct pgstore *pg, struct kt_err *e)
{
	/* The log's own statements do not count as the caller's last. */
	long long changes = pg->changes, last_id = pg->last_id;
	int rc;

	if ((rc = audit_pg_flush(pg->st, e)) != 0 || (rc = send_notes(pg, e)) != 0 ||
	    (rc = run(pg, "COMMIT", e)) != 0) {
		pgs_rollback(pg);
		return rc;
	}
	pg->in_tx = 0;
	pg->changes = changes;
	pg->last_id = last_id;
	return 0;
}

void
pgs_rollback(struct pgstore *pg)
{
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	pg->in_tx = 0;
	pg->nnotes = pg->bulk_note = 0;
}

long long
pgs_last_id(struct pgstore *pg)
{
	return pg->last_id;
}

long long
pgs_changes(struct pgstore *pg)
{
	return pg->changes;
}

int
pgs_conflict(struct pgstore *pg)
{
	/* Class 23: integrity constraint violation (unique, check, foreign key). */
	return strncmp(pg->sqlstate, "23", 2) == 0;
}

static int
ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* The end of SQLite's "INDEXED BY name" or "NOT INDEXED" at p (a word's
 * start), or NULL when p starts neither: a hint to SQLite's planner, which
 * PostgreSQL does not take (tests/cli/sql-portable.t). */
static const char *
index_hint(const char *p)
{
	const char *q;

	if (strncasecmp(p, "NOT", 3) == 0 && !ident_char(p[3])) {
		q = skip_space(p + 3);
		return strncasecmp(q, "INDEXED", 7) == 0 && !ident_char(q[7]) ? q + 7 : NULL;
	}
	if (strncasecmp(p, "INDEXED", 7) != 0 || ident_char(p[7]))
		return NULL;
	q = skip_space(p + 7);
	if (strncasecmp(q, "BY", 2) != 0 || ident_char(q[2]))
		return NULL;
	q = skip_space(q + 2);
	if (!ident_char(*q))
		return NULL;
	while (ident_char(*q))
		q++;
	return q;
}

/* sql with ?NNN and ? as $N, outside string literals, quoted names and
 * comments, and without SQLite's index hints; *nparams the largest number.
 * NULL when out of memory. */
static char *
translate(const char *sql, int *nparams)
{
	size_t n = strlen(sql), o = 0;
	char *out = malloc(2 * n + 16);
	const char *p = sql, *hint;
	int max = 0, v;

	if (out == NULL)
		return NULL;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			out[o++] = *p++;
			while (*p != '\0') {
				if (*p == q && p[1] == q) {
					out[o++] = *p++;
					out[o++] = *p++;
					continue;
				}
				if (*p == q)
					break;
				out[o++] = *p++;
			}
			if (*p != '\0')
				out[o++] = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				out[o++] = *p++;
		} else if ((p == sql || !ident_char(p[-1])) && (hint = index_hint(p)) != NULL) {
			p = hint;
		} else if (*p == '?') {
			p++;
			if (*p >= '0' && *p <= '9') {
				v = 0;
				while (*p >= '0' && *p <= '9')
					v = v * 10 + (*p++ - '0');
			} else
				v = max + 1;
			if (v > max)
				max = v;
			o += (size_t)sprintf(out + o, "$%d", v);
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
	*nparams = max;
	return out;
}

/* Whether table has an identity column id (asked once a table). */
static int
has_identity_id(struct pgstore *pg, const char *table)
{
	const char *param[1] = { table };
	PGresult *r;
	int i, found;

	for (i = 0; i < pg->ntables; i++)
		if (strcmp(pg->tables[i].name, table) == 0)
			return pg->tables[i].has_id;
	r = PQexecParams(pg->conn, "SELECT 1 FROM pg_attribute WHERE attrelid ="
	    " to_regclass($1) AND attname = 'id' AND attidentity <> ''", 1, NULL, param, NULL,
	    NULL, 0);
	found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
	PQclear(r);
	if (pg->ntables < (int)(sizeof pg->tables / sizeof pg->tables[0]) &&
	    strlen(table) < sizeof pg->tables[0].name) {
		snprintf(pg->tables[pg->ntables].name, sizeof pg->tables[0].name, "%s", table);
		pg->tables[pg->ntables++].has_id = found;
	}
	return found;
}

/* Whether word appears in s, in any case. */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* The table of an INSERT that may get RETURNING id, into buf; 0 if none. */
static int
insert_table(const char *sql, char *buf, size_t len)
{
	const char *p = sql, *q;
	size_t n;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (strncasecmp(p, "INSERT INTO ", 12) != 0 || has_word(p, "RETURNING"))
		return 0;
	p += 12;
	while (*p == ' ')
		p++;
	for (q = p; *q != '\0' && *q != ' ' && *q != '(' && *q != '\n'; q++)
		;
	n = (size_t)(q - p);
	if (n == 0 || n >= len)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

static void
clear_result(struct pgstmt *q)
{
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	q->nrows = 0;
	q->ran = 0;
	if (q->blob != NULL)
		PQfreemem(q->blob);
	q->blob = NULL;
}

static void
clear_params(struct pgstmt *q)
{
	int i;

	for (i = 0; i < q->nparams && i < PG_MAXPARAM; i++) {
		free(q->val[i]);
		q->val[i] = NULL;
		q->len[i] = q->fmt[i] = 0;
	}
}

static void
free_stmt(struct pgstmt *q)
{
	char sql[48];

	if (q == NULL)
		return;
	clear_result(q);
	clear_params(q);
	if (q->pg->conn != NULL && PQstatus(q->pg->conn) == CONNECTION_OK &&
	    PQtransactionStatus(q->pg->conn) != PQTRANS_INERROR) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", q->name);
		PQclear(PQexec(q->pg->conn, sql));
	}
	free(q->sql);
	free(q);
}

/* Prepare text on the server as name.  A parameter whose type the server
 * cannot infer from the statement ("?2 IS NULL OR x = ?2", "'+' || ?3") is text,
 * as SQLite takes any value: the statement is prepared again with it typed.
 * In a transaction each try is inside a savepoint, as a failed prepare
 * would abort the transaction. */
static int
server_prepare(struct pgstore *pg, const char *name, const char *text, int nparams)
{
	Oid types[PG_MAXPARAM];
	PGresult *r;
	const char *at;
	int tries, n, in_tx, ok = 0;

	memset(types, 0, sizeof types);
	for (tries = 0; tries <= nparams && !ok; tries++) {
		in_tx = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
		if (in_tx)
			PQclear(PQexec(pg->conn, "SAVEPOINT kartu_prepare"));
		r = PQprepare(pg->conn, name, text, nparams, types);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			set_error(pg, r);
		PQclear(r);
		if (in_tx)
			PQclear(PQexec(pg->conn, ok ? "RELEASE SAVEPOINT kartu_prepare" :
			    "ROLLBACK TO SAVEPOINT kartu_prepare; RELEASE SAVEPOINT kartu_prepare"));
		if (ok)
			break;
		/* "could not determine data type of parameter $N": 42P08
		 * (ambiguous_parameter) or 42P18 (indeterminate_datatype). */
		if ((strcmp(pg->sqlstate, "42P08") != 0 && strcmp(pg->sqlstate, "42P18") != 0) ||
		    (at = strstr(pg->errmsg, "parameter $")) == NULL ||
		    (n = atoi(at + 11)) < 1 || n > nparams || types[n - 1] != 0)
			return -1;
		types[n - 1] = 25;	/* text */
	}
	return ok ? 0 : -1;
}

int
pgs_prepare(struct pgstore *pg, const char *sql, struct pgstmt **out, struct kt_err *e)
{
	struct pgstmt *q;
	char table[64], *text = NULL, *full;
	const char *p;
	size_t n;
	int i, rc, slot = -1;

	*out = NULL;
	for (i = 0; i < pg->ncache; i++)
		if (!pg->cache[i]->busy && strcmp(pg->cache[i]->sql, sql) == 0) {
			pg->cache[i]->busy = 1;
			*out = pg->cache[i];
			return 0;
		}
	if ((q = calloc(1, sizeof *q)) == NULL || (q->sql = strdup(sql)) == NULL ||
	    (text = translate(sql, &q->nparams)) == NULL) {
		if (q != NULL)
			free(q->sql);
		free(q);
		return kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
	}
	q->pg = pg;
	q->row = -1;
	if (q->nparams > PG_MAXPARAM) {
		free(text);
		free(q->sql);
		free(q);
		return kt_error(e, KT_EFAIL, "store: more than %d parameters", PG_MAXPARAM);
	}
	for (p = sql; *p == ' ' || *p == '\t' || *p == '\n' || *p == '('; p++)
		;
	/* Reads, and the statements that make or end a transaction
	 * themselves, run as they are. */
	q->is_select = strncasecmp(p, "SELECT", 6) == 0 || strncasecmp(p, "BEGIN", 5) == 0 ||
	    strncasecmp(p, "COMMIT", 6) == 0 || strncasecmp(p, "ROLLBACK", 8) == 0 ||
	    strncasecmp(p, "END", 3) == 0;
	if (insert_table(sql, table, sizeof table) && has_identity_id(pg, table)) {
		if ((full = malloc(strlen(text) + 16)) == NULL) {
			free(text);
			free(q->sql);
			free(q);
			return kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
		}
		/* After the statement, not after a ';' ending it. */
		for (n = strlen(text); n > 0 && (text[n - 1] == ';' || text[n - 1] == ' ' ||
		    text[n - 1] == '\n' || text[n - 1] == '\t'); n--)
			text[n - 1] = '\0';
		sprintf(full, "%s RETURNING id", text);
		free(text);
		text = full;
		q->returning_id = 1;
	}
	snprintf(q->name, sizeof q->name, "k%u", ++pg->next_name);
	rc = server_prepare(pg, q->name, text, q->nparams);
	free(text);
	if (rc != 0) {
		free(q->sql);
		free(q);
		return pgs_dberror(pg, e);
	}
	q->busy = 1;
	if (pg->ncache < PG_CACHE)
		slot = pg->ncache++;
	else
		for (i = 0; i < PG_CACHE && slot < 0; i++) {
			int k = (pg->evict + i) % PG_CACHE;

			if (!pg->cache[k]->busy) {
				free_stmt(pg->cache[k]);
				slot = k;
				pg->evict = (k + 1) % PG_CACHE;
			}
		}
	if (slot < 0) {
		/* Every cached statement is handed out: this one is not kept. */
		q->busy = 2;
	} else
		pg->cache[slot] = q;
	*out = q;
	return 0;
}

void
pgs_release(struct pgstmt *q)
{
	if (q == NULL)
		return;
	if (q->busy == 2) {
		free_stmt(q);
		return;
	}
	clear_result(q);
	clear_params(q);
	q->busy = 0;
}

static void
bind(struct pgstmt *q, int i, const void *v, size_t n, int binary)
{
	if (i < 1 || i > q->nparams)
		return;
	q->ran = 0;
	free(q->val[i - 1]);
	q->val[i - 1] = NULL;
	q->len[i - 1] = q->fmt[i - 1] = 0;
	if (v == NULL)
		return;
	if ((q->val[i - 1] = malloc(n + 1)) == NULL)
		return;
	memcpy(q->val[i - 1], v, n);
	q->val[i - 1][n] = '\0';
	q->len[i - 1] = (int)n;
	q->fmt[i - 1] = binary;
}

void
pgs_bind_text(struct pgstmt *q, int i, const char *v)
{
	bind(q, i, v, v != NULL ? strlen(v) : 0, 0);
}

void
pgs_bind_int(struct pgstmt *q, int i, long long v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", v);
	bind(q, i, buf, strlen(buf), 0);
}

void
pgs_bind_blob(struct pgstmt *q, int i, const void *v, size_t n)
{
	/* A zero-length blob is not NULL. */
	bind(q, i, v != NULL ? v : "", n, 1);
}

void
pgs_bind_null(struct pgstmt *q, int i)
{
	bind(q, i, NULL, 0, 0);
}

/* The failure of a transaction made for a write: e's message (a database
 * error's, or the store's own) is the one store_dberror gives. */
static int
wrap_failed(struct pgstore *pg, const struct kt_err *e)
{
	if (e->code != 0) {
		snprintf(pg->errmsg, sizeof pg->errmsg, "%s", e->msg);
		pg->errcode = e->code;
		pg->sqlstate[0] = '\0';
	}
	return STORE_DONE + 1;
}

/* Execute q (its first step). */
static int
execute(struct pgstmt *q)
{
	struct pgstore *pg = q->pg;
	struct kt_err we = { 0 };
	ExecStatusType s;
	const char *status;
	int wrap = 0;

	clear_result(q);
	q->ran = 1;
	if (!q->is_select && PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		/* A write outside a transaction: made one, so that it takes the
		 * writers' lock and its audit entries are written with it. */
		if (pgs_begin(pg, &we) != 0)
			return wrap_failed(pg, &we);
		wrap = 1;
	} else if (pg->in_tx && send_context(pg, NULL) != 0)
		return STORE_DONE + 1;
	q->res = PQexecPrepared(pg->conn, q->name, q->nparams, (const char *const *)q->val,
	    q->len, q->fmt, 0);
	s = PQresultStatus(q->res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		set_error(pg, q->res);
		if (wrap) {
			char keep[sizeof pg->errmsg], state[sizeof pg->sqlstate];

			memcpy(keep, pg->errmsg, sizeof keep);
			memcpy(state, pg->sqlstate, sizeof state);
			pgs_rollback(pg);
			memcpy(pg->errmsg, keep, sizeof keep);
			memcpy(pg->sqlstate, state, sizeof state);
		}
		return STORE_DONE + 1;
	}
	pg->sqlstate[0] = '\0';
	status = PQcmdStatus(q->res);
	if (strncmp(status, "INSERT", 6) == 0 || strncmp(status, "UPDATE", 6) == 0 ||
	    strncmp(status, "DELETE", 6) == 0)
		pg->changes = atoll(PQcmdTuples(q->res));
	q->nrows = PQntuples(q->res);
	if (q->returning_id) {
		if (q->nrows > 0)
			pg->last_id = atoll(PQgetvalue(q->res, q->nrows - 1, 0));
		q->nrows = 0;
	}
	/* The commit writes the audit trail, which may fail on its own (no
	 * register key): its message is kept for store_dberror. */
	if (wrap && pgs_commit(pg, &we) != 0)
		return wrap_failed(pg, &we);
	return 0;
}

int
pgs_step(struct pgstmt *q)
{
	int rc;

	if (!q->ran && (rc = execute(q)) != 0)
		return rc;
	if (q->blob != NULL) {
		PQfreemem(q->blob);
		q->blob = NULL;
	}
	if (q->row + 1 < q->nrows) {
		q->row++;
		return STORE_ROW;
	}
	q->row = q->nrows;
	return STORE_DONE;
}

static int
valid_cell(struct pgstmt *q, int i)
{
	return q->res != NULL && q->row >= 0 && q->row < q->nrows && i >= 0 &&
	    i < PQnfields(q->res);
}

const char *
pgs_col_text(struct pgstmt *q, int i)
{
	if (!valid_cell(q, i) || PQgetisnull(q->res, q->row, i))
		return NULL;
	return PQgetvalue(q->res, q->row, i);
}

long long
pgs_col_int(struct pgstmt *q, int i)
{
	const char *v = pgs_col_text(q, i);

	if (v == NULL)
		return 0;
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

int
pgs_col_null(struct pgstmt *q, int i)
{
	return !valid_cell(q, i) || PQgetisnull(q->res, q->row, i);
}

const void *
pgs_col_blob(struct pgstmt *q, int i, size_t *n)
{
	const char *v = pgs_col_text(q, i);

	*n = 0;
	if (v == NULL)
		return NULL;
	if (q->blob != NULL)
		PQfreemem(q->blob);
	q->blob = PQunescapeBytea((const unsigned char *)v, n);
	return q->blob;
}

void
pgs_reset(struct pgstmt *q)
{
	clear_result(q);
}

int
pgs_version(struct pgstore *pg)
{
	PGresult *r = PQexec(pg->conn, "SELECT version FROM kartu_schema WHERE one = 1");
	int v = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = atoi(PQgetvalue(r, 0, 0));
	else
		set_error(pg, r);
	PQclear(r);
	return v;
}

int
pgs_migrate(struct pgstore *pg, int upto, struct kt_err *e)
{
	char sql[80];
	int v, latest = 0;

	while (store_pg_migrations[latest].name != NULL)
		latest++;
	if (upto < 0 || upto > latest)
		upto = latest;
	if ((v = pgs_version(pg)) < 0)
		return pgs_dberror(pg, e);
	if (v > latest)
		return kt_error(e, KT_EFAIL,
		    _("the database is at schema version %d, newer than this kartu (%d)"),
		    v, latest);
	for (; v < upto; v++) {
		if (pgs_begin(pg, e) != 0)
			return KT_EFAIL;
		snprintf(sql, sizeof sql, "UPDATE kartu_schema SET version = %d WHERE one = 1",
		    v + 1);
		if (run(pg, store_pg_migrations[v].sql, e) != 0 || run(pg, sql, e) != 0) {
			char why[sizeof e->msg];

			snprintf(why, sizeof why, "%s", e != NULL ? e->msg : "");
			pgs_rollback(pg);
			return kt_error(e, KT_EFAIL, _("migration %s failed: %s"),
			    store_pg_migrations[v].name, why);
		}
		/* A migration writes no audited row: nothing to flush. */
		if (run(pg, "COMMIT", e) != 0) {
			pgs_rollback(pg);
			return KT_EFAIL;
		}
		pg->in_tx = 0;
	}
	return 0;
}

static int session_setup(struct pgstore *pg, struct kt_err *e);

static void
no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int
pgs_open(struct store *st, const char *conninfo, int flags, struct pgstore **out,
    struct kt_err *e)
{
	struct pgstore *pg;
	PGresult *r;
	int have;

	*out = NULL;
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	pg->st = st;
	pg->conn = PQconnectdb(conninfo);
	/* The library prints nothing: the server's notices and warnings are
	 * not written to stderr by libpq's default processor. */
	PQsetNoticeProcessor(pg->conn, no_notice, NULL);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		/* The message may repeat the connection string; it holds no
		 * password in kartu's use (peer or certificate logins). */
		char why[256];

		/* Its first line: libpq adds hints on lines of their own. */
		snprintf(why, sizeof why, "%s", PQerrorMessage(pg->conn));
		why[strcspn(why, "\n")] = '\0';
		kt_error(e, KT_EOFFLINE, _("the register's server cannot be reached"
		    " (offline): %s"), why);
		pgs_close(pg);
		return KT_EOFFLINE;
	}
	if (session_setup(pg, e) != 0)
		goto fail;
	r = PQexec(pg->conn, "SELECT to_regclass('kartu_schema') IS NOT NULL");
	have = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!have && !(flags & STORE_CREATE)) {
		kt_error(e, KT_ENOTFOUND, _("no database at %s"), "PostgreSQL");
		kt_next(e, KT_ENOTFOUND, "init", "%s", "");
		goto fail;
	}
	if (!have && run(pg, "CREATE TABLE IF NOT EXISTS kartu_schema (one integer PRIMARY KEY"
	    " DEFAULT 1 CHECK (one = 1), version integer NOT NULL);"
	    " INSERT INTO kartu_schema (one, version) VALUES (1, 0) ON CONFLICT DO NOTHING",
	    e) != 0)
		goto fail;
	*out = pg;
	return 0;
fail:
	pgs_close(pg);
	return e != NULL && e->code != 0 ? e->code : KT_EFAIL;
}

/* The session's settings: times and text as the store writes them, whatever
 * the server's defaults (UTC, UTF-8), and no notices on the client's stderr. */
static int
session_setup(struct pgstore *pg, struct kt_err *e)
{
	return run(pg, "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC';"
	    " SET client_min_messages = warning", e);
}

int
pgs_lost(struct pgstore *pg)
{
	return pg->conn == NULL || PQstatus(pg->conn) == CONNECTION_BAD;
}

int
pgs_reconnect(struct pgstore *pg, struct kt_err *e)
{
	char why[256];
	int i;

	for (i = 0; i < pg->ncache; i++) {
		clear_result(pg->cache[i]);
		clear_params(pg->cache[i]);
		free(pg->cache[i]->sql);
		free(pg->cache[i]);
		pg->cache[i] = NULL;
	}
	pg->ncache = 0;
	pg->evict = 0;
	pg->in_tx = 0;
	pg->nnotes = pg->bulk_note = 0;
	PQreset(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(why, sizeof why, "%s", PQerrorMessage(pg->conn));
		why[strcspn(why, "\n")] = '\0';
		return kt_error(e, KT_EOFFLINE, _("the register's server cannot be reached"
		    " (offline): %s"), why);
	}
	PQsetNoticeProcessor(pg->conn, no_notice, NULL);
	return session_setup(pg, e);
}

void
pgs_close(struct pgstore *pg)
{
	int i;

	if (pg == NULL)
		return;
	if (pg->conn != NULL)
		pgs_rollback(pg);
	for (i = 0; i < pg->ncache; i++) {
		clear_result(pg->cache[i]);
		clear_params(pg->cache[i]);
		free(pg->cache[i]->sql);
		free(pg->cache[i]);
	}
	PQfinish(pg->conn);
	free(pg);
}

/*
 * Backups: pg_dump and pg_restore, run from PG_BINDIR (the build's
 * `pg_config --bindir`: the client of libpq's major version).  The
 * connection's parameters (a password too) go to the child in its
 * environment alone (PGHOST, PGUSER, PGPASSWORD, ... as libpq names them),
 * never in its argv, which ps and /proc/PID/cmdline show to every user; a
 * process's environment only its own user and root can read.  The child's
 * environment holds nothing else of ours: no PG* variable of the caller's.
 */
#ifndef PG_BINDIR
#define PG_BINDIR "/usr/bin"
#endif
#define PG_ENV 48

struct pgenv {
	char *var[PG_ENV + 1];
	int n;
};

static void
env_free(struct pgenv *v)
{
	int i;

	for (i = 0; i < v->n; i++) {
		/* A password may be among them. */
		memset(v->var[i], 0, strlen(v->var[i]));
		free(v->var[i]);
	}
	v->n = 0;
}

static int
env_add(struct pgenv *v, const char *name, const char *val)
{
	size_t n = strlen(name) + strlen(val) + 2;

	if (v->n >= PG_ENV || (v->var[v->n] = malloc(n)) == NULL)
		return -1;
	snprintf(v->var[v->n++], n, "%s=%s", name, val);
	v->var[v->n] = NULL;
	return 0;
}

/* The child's environment: the connection's options (NULL: none) as libpq's
 * variables, and a fixed PATH and locale. */
static int
env_make(struct pgenv *v, PQconninfoOption *opts, struct kt_err *e)
{
	PQconninfoOption *o;

	v->n = 0;
	v->var[0] = NULL;
	if (env_add(v, "PATH", "/usr/bin:/bin") != 0 || env_add(v, "LC_ALL", "C.UTF-8") != 0)
		goto fail;
	for (o = opts; o != NULL && o->keyword != NULL; o++)
		if (o->val != NULL && o->val[0] != '\0' && o->envvar != NULL &&
		    env_add(v, o->envvar, o->val) != 0)
			goto fail;
	return 0;
fail:
	env_free(v);
	return kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
}

/* Run PG_BINDIR/tool with args (ending with NULL) and env, its standard
 * output to outfd (-1: /dev/null); its exit status (-1 when it could not
 * run, 128 + N when signal N ended it), the last line of what it said on standard error in why. */
static int
pg_tool(const char *tool, const char *const *args, struct pgenv *env, int outfd, char *why,
    size_t len)
{
	const char *argv[16];
	char path[256], buf[512], last[512] = "";
	size_t have = 0;
	ssize_t n;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int p[2], i, status;

	snprintf(path, sizeof path, "%s/%s", PG_BINDIR, tool);
	argv[0] = path;
	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	snprintf(why, len, "%s", "");
	if (access(path, X_OK) != 0) {
		snprintf(why, len, _("%s is missing (install postgresql-client)"), path);
		return -1;
	}
	if (pipe(p) != 0) {
		snprintf(why, len, "%s", strerror(errno));
		return -1;
	}
	/* posix_spawn: the library never exits, not even in a child. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (outfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, outfd, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	i = posix_spawn(&pid, path, &fa, NULL, (char *const *)argv, env->var);
	posix_spawn_file_actions_destroy(&fa);
	if (i != 0) {
		snprintf(why, len, "%s: %s", path, strerror(i));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	/* The last line of its messages: pg_restore's reason comes last. */
	while ((n = read(p[0], buf + have, sizeof buf - 1 - have)) > 0 || (n < 0 &&
	    errno == EINTR)) {
		char *nl;

		if (n < 0)
			continue;
		have += (size_t)n;
		buf[have] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			if (buf[0] != '\0')
				snprintf(last, sizeof last, "%s", buf);
			memmove(buf, nl + 1, strlen(nl + 1) + 1);
			have = strlen(buf);
		}
		if (have == sizeof buf - 1)
			have = 0;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	snprintf(why, len, "%s", last);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	/* pg_restore may crash on a damaged file (a SIGSEGV seen here). */
	snprintf(why, len, _("%s ended by signal %d on it"), tool, WIFSIGNALED(status) ?
	    WTERMSIG(status) : 0);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Sync the directory of path, so that a rename into it is on the disk. */
static void
sync_dir(const char *path)
{
	char dir[4096], *slash;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int
pgs_backup(struct pgstore *pg, const char *path, long long *bytes, struct kt_err *e)
{
	PQconninfoOption *opts = PQconninfo(pg->conn);
	struct pgenv env;
	struct stat sb;
	char tmp[4096], file[4200], why[512];
	const char *args[] = { "--format=custom", "--no-sync", file, NULL };
	int fd, st, rc = KT_EFAIL;

	*bytes = 0;
	if (opts == NULL)
		return kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
		PQconninfoFree(opts);
		return kt_error(e, KT_EUSAGE, _("too long a file name"));
	}
	rc = env_make(&env, opts, e);
	PQconninfoFree(opts);
	if (rc != 0)
		return rc;
	rc = KT_EFAIL;
	/* mkstemp makes it 0600, and pg_dump writes into it as it is. */
	if ((fd = mkstemp(tmp)) < 0) {
		env_free(&env);
		return kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
	}
	snprintf(file, sizeof file, "--file=%s", tmp);
	/* One snapshot of the whole database (pg_dump's own transaction):
	 * consistent while the desks write. */
	st = pg_tool("pg_dump", args, &env, -1, why, sizeof why);
	env_free(&env);
	if (st != 0)
		kt_error(e, KT_EFAIL, _("cannot write the backup %s: pg_dump: %s"), path,
		    why[0] != '\0' ? why : "?");
	else if (fsync(fd) != 0 || fstat(fd, &sb) != 0 || rename(tmp, path) != 0)
		kt_error(e, KT_EFAIL, _("cannot write the backup %s: %s"), path,
		    strerror(errno));
	else {
		*bytes = (long long)sb.st_size;
		sync_dir(path);
		rc = 0;
	}
	close(fd);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int
pgs_backup_check(const char *file, int *version, struct kt_err *e)
{
	struct pgenv env;
	char why[512], line[256], arg[4200];
	const char *all[] = { "--file=/dev/null", arg, NULL };
	const char *schema[] = { "--data-only", "--table=kartu_schema", "--file=-", arg, NULL };
	FILE *out;
	int st, copy = 0, rc = KT_EDAMAGED;

	*version = 0;
	if (access(file, R_OK) != 0)
		return kt_error(e, KT_EFAIL, _("cannot read %s: %s"), file, strerror(errno));
	snprintf(arg, sizeof arg, "%s", file);
	if (file[0] == '-')
		snprintf(arg, sizeof arg, "./%s", file);
	if (env_make(&env, NULL, e) != 0)
		return KT_EFAIL;
	/* Every block read, as a restore would: a truncated or damaged file
	 * fails here, before anything is touched. */
	if ((st = pg_tool("pg_restore", all, &env, -1, why, sizeof why)) != 0) {
		env_free(&env);
		if (st < 0)
			return kt_error(e, KT_EFAIL, "%s", why);
		return kt_error(e, KT_EDAMAGED, _("%s is not a whole backup made by kartu: %s"), file,
		    why[0] != '\0' ? why : "pg_restore");
	}
	if ((out = tmpfile()) == NULL) {
		env_free(&env);
		return kt_error(e, KT_EFAIL, "%s", strerror(errno));
	}
	st = pg_tool("pg_restore", schema, &env, fileno(out), why, sizeof why);
	env_free(&env);
	rewind(out);
	while (st == 0 && fgets(line, sizeof line, out) != NULL) {
		if (strncmp(line, "COPY ", 5) == 0 && strstr(line, "kartu_schema") != NULL)
			copy = 1;
		else if (copy && sscanf(line, "1\t%d", version) == 1) {
			rc = 0;
			break;
		}
	}
	fclose(out);
	if (rc != 0)
		kt_error(e, KT_EDAMAGED, _("%s is not a whole backup made by kartu: %s"), file,
		    _("it holds no kartu register"));
	return rc;
}

int
pgs_restore(const char *conninfo, const char *file, struct kt_err *e)
{
	PQconninfoOption *opts;
	PGconn *conn;
	PGresult *r;
	struct pgenv env;
	FILE *list = NULL, *keep = NULL;
	char why[512], line[1024], listarg[64], arg[4200], *err = NULL;
	const char *listing[] = { "--list", arg, NULL };
	const char *args[] = { "--single-transaction", "--exit-on-error", "--no-owner",
	    "--no-privileges", listarg, "--dbname=", arg, NULL, NULL, NULL };
	int st, have, rc = KT_EFAIL;

	snprintf(arg, sizeof arg, "%s", file);
	if (file[0] == '-')
		snprintf(arg, sizeof arg, "./%s", file);
	if ((opts = PQconninfoParse(conninfo, &err)) == NULL) {
		kt_error(e, KT_EUSAGE, _("cannot open database %s: %s"), "PostgreSQL",
		    err != NULL ? err : "?");
		PQfreemem(err);
		return KT_EUSAGE;
	}
	/* What the database has now: the register's tables are dropped by the
	 * restore's own transaction (--clean) when they are there.  The
	 * extension the schema needs is made here, as kartu init makes it, and
	 * left out of the restore: it is the database's, not the register's. */
	conn = PQconnectdb(conninfo);
	PQsetNoticeProcessor(conn, no_notice, NULL);
	if (PQstatus(conn) != CONNECTION_OK) {
		kt_error(e, KT_EFAIL, _("cannot open database %s: %s"), "PostgreSQL",
		    PQerrorMessage(conn));
		goto out;
	}
	r = PQexec(conn, "CREATE EXTENSION IF NOT EXISTS citext;"
	    " SELECT to_regclass('kartu_schema') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kt_error(e, KT_EFAIL, _("database error: %s"), PQerrorMessage(conn));
		PQclear(r);
		goto out;
	}
	have = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (have) {
		args[7] = "--clean";
		args[8] = "--if-exists";
	}
	if (env_make(&env, opts, e) != 0)
		goto out;
	if ((list = tmpfile()) == NULL || (keep = tmpfile()) == NULL) {
		kt_error(e, KT_EFAIL, "%s", strerror(errno));
		goto out_env;
	}
	if ((st = pg_tool("pg_restore", listing, &env, fileno(list), why, sizeof why)) != 0) {
		kt_error(e, st < 0 ? KT_EFAIL : KT_EDAMAGED, _("%s is not a whole backup made by kartu:"
		    " %s"), file, why);
		rc = st < 0 ? KT_EFAIL : KT_EDAMAGED;
		goto out_env;
	}
	rewind(list);
	while (fgets(line, sizeof line, list) != NULL)
		if (strstr(line, " EXTENSION ") == NULL)
			fputs(line, keep);
	if (fflush(keep) != 0) {
		kt_error(e, KT_EFAIL, "%s", strerror(errno));
		goto out_env;
	}
	snprintf(listarg, sizeof listarg, "--use-list=/proc/self/fd/%d", fileno(keep));
	/* One transaction: a failure anywhere leaves the database as it was. */
	if ((st = pg_tool("pg_restore", args, &env, -1, why, sizeof why)) != 0)
		kt_error(e, st < 0 ? KT_EFAIL : KT_EDAMAGED,
		    _("the restore failed, the database is as it was: %s"), why);
	else
		rc = 0;
	if (st > 0)
		rc = KT_EDAMAGED;
out_env:
	env_free(&env);
out:
	if (list != NULL)
		fclose(list);
	if (keep != NULL)
		fclose(keep);
	PQfinish(conn);
	PQconninfoFree(opts);
	return rc;
}

int
pgs_about(struct pgstore *pg, struct store_about *out, struct kt_err *e)
{
	PGresult *r;
	int v = PQserverVersion(pg->conn), rc = 0;

	/* 150020: 15.20; before 10, 90624: 9.6.24. */
	if (v >= 100000)
		snprintf(out->version, sizeof out->version, "PostgreSQL %d.%d", v / 10000,
		    v % 10000);
	else
		snprintf(out->version, sizeof out->version, "PostgreSQL %d.%d.%d", v / 10000,
		    v / 100 % 100, v % 100);
	r = PQexec(pg->conn, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles"
	    " WHERE rolname = current_user");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		out->superuser = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		out->createdb = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
		out->createrole = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
	} else {
		set_error(pg, r);
		rc = pgs_dberror(pg, e);
	}
	PQclear(r);
	return rc;
}
