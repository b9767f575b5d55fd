/*
 * import.c - members from another system's files, through the readers of
 * legacy.h (see import.h).
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "import.h"
#include "audit.h"
#include "operator.h"
#include "proc-int.h"

/* A member type met in pass 1: its name, its rows, the category it maps to. */
struct type {
	char name[64];
	long rows;
	char code[32];		/* "" while unmapped */
};

struct types {
	struct type *v;
	size_t n, cap;
};

static void
trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

int
import_map_add(struct import_map *m, const char *line, struct kt_err *e)
{
	char buf[256], *eq;
	int i;

	if (strlen(line) >= sizeof buf)
		return kt_error_at(e, KT_EUSAGE, "map", _("a mapping line is too long"));
	snprintf(buf, sizeof buf, "%s", line);
	if ((eq = strrchr(buf, '=')) == NULL)
		return kt_error_at(e, KT_EUSAGE, "map", _("'%.60s' is not NAME=CATEGORY"), line);
	*eq++ = '\0';
	trim(buf);
	trim(eq);
	if (buf[0] == '\0' || eq[0] == '\0')
		return kt_error_at(e, KT_EUSAGE, "map", _("'%.60s' is not NAME=CATEGORY"), line);
	if (strlen(buf) >= sizeof m->v[0].name || strlen(eq) >= sizeof m->v[0].category)
		return kt_error_at(e, KT_EUSAGE, "map", _("'%.60s': a name or category too long"),
		    line);
	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->v[i].name, buf) == 0)
			break;
	if (i == m->n) {
		if (m->n == IMPORT_MAP_MAX)
			return kt_error_at(e, KT_EUSAGE, "map", _("more than %d member types"
			    " mapped"), IMPORT_MAP_MAX);
		m->n++;
	}
	snprintf(m->v[i].name, sizeof m->v[i].name, "%s", buf);
	snprintf(m->v[i].category, sizeof m->v[i].category, "%s", eq);
	return 0;
}

int
import_map_read(struct import_map *m, FILE *f, struct kt_err *e)
{
	struct kt_err t = { 0 };
	char line[512], *p;
	long n = 0;
	int rc;

	while (fgets(line, sizeof line, f) != NULL) {
		n++;
		if (strchr(line, '\n') == NULL && !feof(f))
			return kt_error_at(e, KT_EUSAGE, "map", _("line %ld: too long"), n);
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		trim(line);
		if (line[0] == '\0')
			continue;
		if ((rc = import_map_add(m, line, &t)) != 0)
			return kt_error_at(e, rc, "map", _("line %ld: %s"), n, t.msg);
	}
	if (ferror(f))
		return kt_error_at(e, KT_EFAIL, "map", _("cannot read the mapping"));
	return 0;
}

void
import_rejects_path(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == (slash ? slash + 1 : path))
		snprintf(buf, len, "%s.ditolak", path);
	else
		snprintf(buf, len, "%.*s.ditolak%s", (int)(dot - path), path, dot);
}

static struct type *
type_find(struct types *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcasecmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

static int
type_add(struct types *t, const char *name, struct kt_err *e)
{
	struct type *p;
	size_t cap;

	if ((p = type_find(t, name)) != NULL) {
		p->rows++;
		return 0;
	}
	if (t->n == t->cap) {
		cap = t->cap ? 2 * t->cap : 16;
		if (cap > 4096)
			return kt_error_at(e, KT_EUSAGE, "category", _("more than 4096 member"
			    " types: is the type column the right one?"));
		if ((p = realloc(t->v, cap * sizeof *p)) == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(errno));
		t->v = p;
		t->cap = cap;
	}
	p = &t->v[t->n++];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	p->rows = 1;
	return 0;
}

/* The category code named by code or name (case aside), into out (32). */
static int
category_of(struct store *st, const char *name, char *out, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	out[0] = '\0';
	if ((rc = store_prepare(st, "SELECT code FROM categories WHERE lower(code) = lower(?1)"
	    " OR lower(name) = lower(?1) ORDER BY lower(code) = lower(?1) DESC LIMIT 1", &s,
	    e)) != 0)
		return rc;
	store_bind_text(s, 1, name);
	if ((rc = store_step(s)) == STORE_ROW)
		snprintf(out, 32, "%s", store_col_text(s, 0));
	rc = rc == STORE_ROW || rc == STORE_DONE ? 0 : store_dberror(st, e);
	store_finalize(s);
	return rc;
}

/* Map every type: the admin's mapping first, else a category's own code or
 * name.  Each one left unmapped is told to o->unmapped; any is KT_EUSAGE. */
static int
map_types(struct store *st, struct types *t, const struct import_opts *o, struct kt_err *e)
{
	const struct import_map *m = o->map;
	char names[300] = "";
	size_t i, n = 0;
	long unmapped = 0;
	int k, rc;

	if (m != NULL)
		for (k = 0; k < m->n; k++) {
			char code[32];

			if ((rc = category_of(st, m->v[k].category, code, e)) != 0)
				return rc;
			if (code[0] == '\0')
				return kt_error_at(e, KT_EUSAGE, "map", _("%s=%s: there is no"
				    " category %s"), m->v[k].name, m->v[k].category,
				    m->v[k].category);
		}
	for (i = 0; i < t->n; i++) {
		for (k = 0; m != NULL && k < m->n; k++)
			if (strcasecmp(m->v[k].name, t->v[i].name) == 0)
				break;
		if (m != NULL && k < m->n)
			rc = category_of(st, m->v[k].category, t->v[i].code, e);
		else
			rc = category_of(st, t->v[i].name, t->v[i].code, e);
		if (rc != 0)
			return rc;
		if (t->v[i].code[0] == '\0') {
			if (n + strlen(t->v[i].name) + 8 < sizeof names)
				n += (size_t)snprintf(names + n, sizeof names - n, "%s'%s'",
				    unmapped > 0 ? ", " : "", t->v[i].name);
			else if (n + 5 < sizeof names && names[n - 1] != '.')
				n += (size_t)snprintf(names + n, sizeof names - n, ", ...");
			unmapped++;
			if (o->unmapped != NULL)
				o->unmapped(t->v[i].name, t->v[i].rows, o->arg);
		}
	}
	if (unmapped > 0)
		return kt_error_at(e, KT_EUSAGE, "map", _("%ld member types have no category"
		    " (%s): map each (--map NAME=CATEGORY or --map-file); nothing was imported"),
		    unmapped, names);
	return 0;
}

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Whether problems already holds one about field. */
static int
has_field(const struct kt_err *p, const char *field)
{
	int i;

	for (i = 0; i < p->nproblems && i < KT_PROBLEMS; i++)
		if (strcmp(p->problems[i].field, field) == 0)
			return 1;
	return 0;
}

/* The problems of t added to p, but for fields p already has one about. */
static void
merge(struct kt_err *p, const struct kt_err *t)
{
	int i;

	if (t->nproblems == 0) {
		if (t->code != 0 && !(t->field[0] != '\0' && has_field(p, t->field)))
			kt_problem(p, t->code, t->field[0] != '\0' ? t->field : "row", "%s",
			    t->msg);
		return;
	}
	for (i = 0; i < t->nproblems && i < KT_PROBLEMS; i++)
		if (!has_field(p, t->problems[i].field))
			kt_problem(p, t->problems[i].code, t->problems[i].field, "%s",
			    t->problems[i].msg);
}

/* The problems of p as one text, "; " between, each naming its column. */
static void
problem_text(const struct lg_reader *r, const struct kt_err *p, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < p->nproblems && i < KT_PROBLEMS && n < len; i++) {
		n += (size_t)snprintf(buf + n, len - n, "%s", i > 0 ? "; " : "");
		if (n < len && strcmp(p->problems[i].field, "row") == 0)
			n += (size_t)snprintf(buf + n, len - n, "%s", p->problems[i].msg);
		else if (n < len)
			n += (size_t)snprintf(buf + n, len - n, _("%s (column %s)"),
			    p->problems[i].msg, lg_column(r, p->problems[i].field));
	}
}

/* Whether a member made of f lacks something (form.c's relaxations). */
static int
incomplete(const struct kt_form *f)
{
	char buf[20];

	return f->birth_place == NULL || f->birth_date == NULL || f->address == NULL ||
	    ((f->phone == NULL || valid_phone(f->phone, buf, sizeof buf, NULL) != 0) &&
	    (f->phone2 == NULL || valid_phone(f->phone2, buf, sizeof buf, NULL) != 0));
}

/*
 * Pass 2 on two cores: a thread checks the rows (the form, the already-a-
 * member check against the register in memory, the old number, the member
 * number), reading through a second connection (store_open_reader) that
 * sees the register as the import found it; the caller's thread writes the
 * rows it accepts, in their order, through the import's own connection and
 * transaction.  PIPE_ROWS checked rows at most wait between the two.  Where
 * there is no second connection (PostgreSQL) one thread does both, a row
 * at a time, through the same functions.
 */
#define PIPE_ROWS 256

struct run {
	struct store *st;		/* the writer's: the import's transaction */
	struct store *rs;		/* the checker's reads: a reader, or st */
	const struct import_opts *o;
	struct import_stats *out;
	struct lg_reader *r;
	struct lg_rejects *rj;		/* opened at the first bad row */
	struct types *t;
	long long opid;
	struct timespec t0;
	struct import_progress pg;
	struct proc_bulk bulk;		/* the register in memory, the audit batch */
	struct proc_pending counter;	/* the year's counter (the checker's) */
	struct proc_pending tally;	/* the report's counts (the writer's) */
	/* Between the threads, under mu: the rows checked, ring[head] first. */
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t put_cv, take_cv;
	struct proc_import_row *ring;
	size_t head, n;
	int checked;			/* the checker is done, check_rc its result */
	int check_rc;
	struct kt_err check_e;
	int write_failed;		/* the writer stopped: the checker stops */
};

static int
reject(struct run *x, const struct lg_row *row, const struct kt_err *p, struct kt_err *e)
{
	char text[KT_PROBLEMS * 240];
	int rc;

	problem_text(x->r, p, text, sizeof text);
	x->out->rejected++;
	if (x->o->rejected != NULL)
		x->o->rejected(row->line, text, x->o->arg);
	if (x->o->rejects == NULL || x->o->dry_run)
		return 0;
	if (x->rj == NULL && (rc = lg_rejects_open(x->r, x->o->rejects, &x->rj, e)) != 0)
		return rc;
	return lg_reject(x->rj, row, text, e);
}

/* A row checked and accepted, to the writer: written now (one thread), or
 * put in the ring, waiting while it is full. */
static int
deliver(struct run *x, const struct proc_import_row *ir, struct kt_err *e)
{
	int failed;

	if (!x->threaded)
		return proc_import_write(x->st, &x->bulk, ir, x->opid, e);
	pthread_mutex_lock(&x->mu);
	while (x->n == PIPE_ROWS && !x->write_failed)
		pthread_cond_wait(&x->put_cv, &x->mu);
	if (!(failed = x->write_failed)) {
		x->ring[(x->head + x->n) % PIPE_ROWS] = *ir;
		x->n++;
		pthread_cond_signal(&x->take_cv);
	}
	pthread_mutex_unlock(&x->mu);
	/* The writer's error is the import's; this one only stops the reading. */
	return failed ? kt_error(e, KT_EFAIL, "the writer stopped") : 0;
}

/* One row of pass 2, checked, and delivered when it is accepted. */
static int
row_check(struct run *x, const struct lg_row *row, struct proc_import_row *ir,
    struct kt_err *e)
{
	static const enum lg_field dates[] = { LG_REGISTERED_ON, LG_EXPIRES_ON };
	struct kt_err p = row->problems, pt = { 0 };
	struct kt_form f;
	struct kt_date d;
	struct type *ty;
	size_t i;
	int rc, duplicate = 0;

	memset(&f, 0, sizeof f);
	f.name = row->v[LG_NAME];
	f.birth_place = row->v[LG_BIRTH_PLACE];
	f.birth_date = row->v[LG_BIRTH_DATE];
	f.sex = row->v[LG_SEX];
	f.address = row->v[LG_ADDRESS];
	f.phone = row->v[LG_PHONE];
	f.phone2 = row->v[LG_PHONE2];
	f.nik = row->v[LG_NIK];
	f.institution = row->v[LG_INSTITUTION];
	f.guardian = row->v[LG_GUARDIAN];
	f.legacy_no = row->v[LG_LEGACY_NO];
	f.registered_on = row->v[LG_REGISTERED_ON];
	f.email = row->v[LG_EMAIL];
	f.notes = row->v[LG_NOTES];
	if (row->v[LG_TYPE] != NULL && (ty = type_find(x->t, row->v[LG_TYPE])) != NULL)
		f.category = ty->code;
	for (i = 0; i < nitems(dates); i++)
		if (row->v[dates[i]] != NULL && !has_field(&p, lg_field_name(dates[i])) &&
		    valid_date(row->v[dates[i]], &d, &pt) != 0)
			kt_problem_from(&p, lg_field_name(dates[i]), &pt);
	if (p.nproblems > 0) {
		/* The form's problems too, all of them, nothing written. */
		memset(&pt, 0, sizeof pt);
		if ((rc = form_check(x->rs, &f, &ir->c, 1, &x->bulk.cats, &pt)) == KT_EFAIL)
			return kt_error(e, rc, "%s", pt.msg);
		merge(&p, &pt);
		return reject(x, row, &p, e);
	}
	memset(&pt, 0, sizeof pt);
	rc = proc_import_check(x->rs, &x->bulk, &f, row->v[LG_EXPIRES_ON], ir, &duplicate, &pt);
	if (rc == 0) {
		if (x->out->imported++ == 0)
			snprintf(x->out->first_member, sizeof x->out->first_member, "%s", ir->mno);
		snprintf(x->out->last_member, sizeof x->out->last_member, "%s", ir->mno);
		x->out->incomplete += incomplete(&f);
		return deliver(x, ir, e);
	}
	if (rc == KT_EFAIL)
		return kt_error(e, rc, _("line %ld: %s"), row->line, pt.msg);
	if (duplicate && strcmp(pt.field, "legacy_no") != 0) {
		x->out->candidates++;
		if (x->o->candidate != NULL)
			x->o->candidate(row->line, pt.msg, x->o->skip_dupes, x->o->arg);
		if (x->o->skip_dupes) {
			x->out->skipped++;
			return 0;
		}
	}
	merge(&p, &pt);
	return reject(x, row, &p, e);
}

static void
progress(struct run *x)
{
	x->pg.rows = x->out->rows;
	lg_progress(x->r, &x->pg.bytes, &x->pg.bytes_total);
	x->pg.seconds = since(&x->t0);
	x->o->progress(&x->pg, x->o->arg);
}

/* Pass 2's reading and checking, to the last row or the first failure. */
static int
check_rows(struct run *x, struct kt_err *e)
{
	struct proc_import_row *ir;
	struct lg_row row;
	int rc;

	if ((ir = malloc(sizeof *ir)) == NULL)
		return kt_error(e, KT_EFAIL, "out of memory");
	while ((rc = lg_next(x->r, &row, e)) == 1) {
		x->out->rows++;
		if ((rc = row_check(x, &row, ir, e)) != 0)
			break;
		if (x->o->progress != NULL && x->out->rows % 1000 == 0)
			progress(x);
	}
	sodium_memzero(ir, sizeof *ir);
	free(ir);
	if (rc == 0 && x->o->progress != NULL)
		progress(x);
	return rc;
}

static void *
checker(void *arg)
{
	struct run *x = arg;
	int rc;

	rc = check_rows(x, &x->check_e);
	pthread_mutex_lock(&x->mu);
	x->checked = 1;
	x->check_rc = rc;
	pthread_cond_signal(&x->take_cv);
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

/* The writer's side: each row as the checker accepts it, until it is done;
 * its failure, or the writer's first, is the result. */
static int
write_rows(struct run *x, struct kt_err *e)
{
	pthread_t tid;
	int rc = 0, err;

	if ((err = pthread_create(&tid, NULL, checker, x)) != 0)
		return kt_error(e, KT_EFAIL, "%s", strerror(err));
	for (;;) {
		pthread_mutex_lock(&x->mu);
		while (x->n == 0 && !x->checked)
			pthread_cond_wait(&x->take_cv, &x->mu);
		if (x->n == 0 || x->check_rc != 0) {
			pthread_mutex_unlock(&x->mu);
			break;
		}
		pthread_mutex_unlock(&x->mu);
		/* ring[head] is the writer's until n counts it out: the checker
		 * fills only the slots after the last. */
		rc = proc_import_write(x->st, &x->bulk, &x->ring[x->head], x->opid, e);
		pthread_mutex_lock(&x->mu);
		x->head = (x->head + 1) % PIPE_ROWS;
		x->n--;
		if (rc != 0)
			x->write_failed = 1;
		pthread_cond_signal(&x->put_cv);
		pthread_mutex_unlock(&x->mu);
		if (rc != 0)
			break;
	}
	pthread_join(tid, NULL);
	if (rc == 0 && x->check_rc != 0) {
		*e = x->check_e;
		rc = x->check_rc;
	}
	return rc;
}

int
import_members(struct store *st, const char *path, const char *op,
    const struct import_opts *o, struct import_stats *out, struct kt_err *e)
{
	struct run x;
	struct types t = { NULL, 0, 0 };
	struct lg_row row;
	struct stat a, b;
	int rc, began = 0;

	memset(&x, 0, sizeof x);
	x.st = x.rs = st;
	x.o = o;
	x.out = out;
	x.t = &t;
	memset(out, 0, sizeof *out);
	clock_gettime(CLOCK_MONOTONIC, &x.t0);
	if ((rc = operator_require(st, op, "admin", _("import members"), &x.opid, e)) != 0)
		return rc;
	/* The rejects file is written while the file is read: never over it. */
	if (o->rejects != NULL && stat(path, &a) == 0 && stat(o->rejects, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return kt_error_at(e, KT_EUSAGE, "rejects", _("the rejects file would overwrite"
		    " the file imported: give another (--rejects FILE)"));
	if ((rc = lg_open(path, &o->lg, &x.r, e)) != 0)
		return rc;
	/* Pass 1: the member types, and how many rows there are. */
	while ((rc = lg_next(x.r, &row, e)) == 1) {
		out->rows++;
		if (row.v[LG_TYPE] != NULL && (rc = type_add(&t, row.v[LG_TYPE], e)) != 0)
			goto out;
	}
	if (rc != 0)
		goto out;
	if (out->rows == 0) {
		rc = kt_error(e, KT_EUSAGE, _("the file has no members"));
		goto out;
	}
	if ((rc = map_types(st, &t, o, e)) != 0 || (rc = lg_rewind(x.r, e)) != 0)
		goto out;
	/* Pass 2: the members, in one transaction. */
	x.pg.total = out->rows;
	out->rows = 0;
	if ((rc = store_begin(st, e)) != 0)
		goto out;
	began = 1;
	/* A bulk load of this many rows: against a small register its
	 * indexes are made again at the end rather than kept row by row. */
	if ((rc = store_bulk_rows(st, x.pg.total, e)) != 0)
		goto out;
	/* The register's keys read once, in the transaction that adds to it;
	 * the checker's reads through a second connection where there is one. */
	x.bulk.counter = &x.counter;
	x.bulk.tally = &x.tally;
	if ((rc = dupes_index_open(st, &x.bulk.dupes, e)) != 0 ||
	    (rc = proc_bulk_start(st, &x.bulk, e)) != 0 ||
	    (rc = audit_batch_begin(st, &x.bulk.audit, e)) != 0 ||
	    (rc = store_open_reader(st, &x.rs, e)) != 0)
		goto out;
	if (x.rs == NULL)
		x.rs = st;
	else {
		if ((x.ring = calloc(PIPE_ROWS, sizeof *x.ring)) == NULL) {
			rc = kt_error(e, KT_EFAIL, "out of memory");
			goto out;
		}
		pthread_mutex_init(&x.mu, NULL);
		pthread_cond_init(&x.put_cv, NULL);
		pthread_cond_init(&x.take_cv, NULL);
		x.threaded = 1;
	}
	rc = x.threaded ? write_rows(&x, e) : check_rows(&x, e);
	if (rc != 0)
		goto out;
	if (o->all_or_nothing && out->rejected > 0)
		rc = kt_error(e, KT_EREFUSED, _("%ld of %ld rows have problems; with"
		    " --all-or-nothing nothing was imported"), out->rejected, out->rows);
	else if (!o->dry_run && (rc = proc_pending_flush(st, &x.counter, e)) == 0 &&
	    (rc = proc_pending_flush(st, &x.tally, e)) == 0 &&
	    (rc = audit_batch_flush(x.bulk.audit, e)) == 0 &&
	    (rc = store_ids_given(st, "members", e)) == 0) {
		/* The reader's snapshot ends before the COMMIT's checkpoint. */
		if (x.rs != st) {
			store_close(x.rs);
			x.rs = st;
		}
		rc = store_commit(st, e);
	}
out:
	if (x.rs != NULL && x.rs != st)
		store_close(x.rs);
	if (began)
		store_rollback(st);
	if (audit_batch_end(x.bulk.audit, rc == 0 ? e : NULL) != 0 && rc == 0)
		rc = KT_EFAIL;
	if (x.rj != NULL && lg_rejects_close(x.rj, rc == 0 ? e : NULL) != 0 && rc == 0)
		rc = KT_EFAIL;
	lg_close(x.r);
	dupes_index_free(x.bulk.dupes);
	proc_bulk_free(&x.bulk);
	if (x.threaded) {
		pthread_mutex_destroy(&x.mu);
		pthread_cond_destroy(&x.put_cv);
		pthread_cond_destroy(&x.take_cv);
	}
	if (x.ring != NULL)
		sodium_memzero(x.ring, PIPE_ROWS * sizeof *x.ring);
	free(x.ring);
	free(t.v);
	if (rc != 0) {
		out->imported = out->incomplete = 0;
		out->first_member[0] = out->last_member[0] = '\0';
	}
	out->seconds = since(&x.t0);
	return rc;
}
