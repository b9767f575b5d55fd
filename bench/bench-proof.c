/*
 * bench-proof.c - many desks issuing at once on one register (issue 17, item
 * 3): DESKS processes, each a long-running desk with one store connection
 * kept for its life and a simulated PN532 of its own (drivers/pn532-sim),
 * take APPS applicants each through the six steps of the procedure, all at
 * the same time: apply (Sari), check (with "new" when the already-a-member
 * check names candidates), validate, issue (Budi, a chip card), the chip
 * written on the desk's reader (a fresh NTAG215 put into its field), and the
 * handover with the code it shows.  Every failed step is an error, printed
 * with the desk, the applicant and the step.
 *
 * It proves nothing by itself: tests/cli/concurrency-pg.t and make proof
 * (tests/proof.sh) then look at what the database holds (numbers distinct and
 * gapless, every member with its card and audit entries, kartu fsck and
 * kartu audit verify).  It prints one line a desk, then the totals:
 *
 *   proof: DESKS desks x APPS applications: DONE done, ERRORS errors,
 *       WALL s, RATE applications/s, step p50/p95 ms ...
 *
 * and exits 0 only when every application was handed over.
 *
 * With SHARED (n > 0), every n-th applicant comes to every desk at once (the
 * same person, the same NIK, typed at each desk at the same moment): the
 * already-a-member check of step 3 must let at most one of them through, as
 * it would on one desk.  An application stopped there because the same NIK
 * belongs to another application or a member is rejected by its desk
 * ("already applied") and counted, not an error.
 *
 * Usage: bench-proof DB KEYDIR DESKS APPS PN532-SIM [SHARED]
 * DB is a file or a postgresql:// URI set up with the operators Sari
 * (officer) and Budi (operator) and a key (kartu keygen).  Like the test
 * build, it takes the clock from KARTU_NOW and the simulator's originality
 * key from KARTU_TRUST_ORIGINALITY_KEY (a test program: the installed kartu
 * takes neither from the environment).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "card.h"
#include "gen.h"
#include "keys.h"
#include "memberno.h"
#include "proc.h"
#include "reader.h"
#include "store.h"

enum { S_APPLY, S_CHECK, S_VALIDATE, S_ISSUE, S_ENCODE, S_HANDOVER, S_N };
static const char *step_name[S_N] = {
	"apply", "check", "validate", "issue", "encode", "handover",
};

struct desk {
	int no, apps, shared;
	const char *db, *keydir, *sim, *origin;
	char dir[64], sock[96];
	pid_t sim_pid;
	time_t clock;
	double *ms[S_N];	/* each step's time per application */
	int done, errors, candidates, refused;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One command to the desk's simulator (its control socket): 0 for "ok". */
static int
sim_ctl(struct desk *d, const char *cmd)
{
	struct sockaddr_un sa;
	char reply[128];
	ssize_t n;
	int fd, rc = -1;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", d->sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd) &&
	    write(fd, "\n", 1) == 1 && (n = read(fd, reply, sizeof reply - 1)) > 0) {
		reply[n] = '\0';
		rc = strncmp(reply, "ok", 2) == 0 ? 0 : -1;
	}
	close(fd);
	return rc;
}

/* Start the desk's simulator; conn gets the libnfc connection string. */
static int
sim_start(struct desk *d, char *conn, size_t len)
{
	int p[2];
	FILE *f;
	char line[128];

	snprintf(d->sock, sizeof d->sock, "%s/sim%d.sock", d->dir, d->no);
	if (pipe(p) != 0)
		return -1;
	if ((d->sim_pid = fork()) < 0)
		return -1;
	if (d->sim_pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(d->sim, d->sim, "--control", d->sock, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if ((f = fdopen(p[0], "r")) == NULL)
		return -1;
	line[0] = '\0';
	if (fgets(line, sizeof line, f) == NULL || strncmp(line, "pty ", 4) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	snprintf(conn, len, "pn532_uart:%s", line + 4);
	return 0;
}

/* An adult applicant of its own: gen.c's people, of the category umum, the
 * NIK's last four digits (its sequence) made unique across the run by seq. */
static void
applicant(struct gen_person *p, int seq)
{
	do
		gen_person(p);
	while (strcmp(p->category, "umum") != 0);
	snprintf(p->nik + 12, sizeof p->nik - 12, "%04d", seq);
}

static void
failed(struct desk *d, int i, int step, const struct kt_err *e)
{
	fprintf(stderr, "proof: desk %d, applicant %d, %s: %s\n", d->no, i,
	    step_name[step], e->msg);
	d->errors++;
}

/* One applicant through the six steps; 0 when handed over. */
static int
one(struct desk *d, struct store *st, const struct keys *k, struct reader *r, int i)
{
	struct gen_person p;
	struct kt_form f;
	struct kt_dupes dupes = { 0 };
	struct kt_handover_code hc;
	struct kt_err e = { 0 };
	struct tag t;
	char mno[MEMBERNO_MAX], cno[CARDNO_MAX], cno2[CARDNO_MAX];
	long long app = 0;
	double t0;
	int rc;

	if (d->shared > 0 && (i + 1) % d->shared == 0) {
		/* The same person at every desk: desk 1's applicant i. */
		srandom((unsigned)(104729 + i));
		applicant(&p, i + 1);
		srandom((unsigned)(7919 * d->no + i));
	} else
		applicant(&p, (d->no - 1) * d->apps + i + 1);
	memset(&f, 0, sizeof f);
	f.name = p.name;
	f.birth_place = p.birth_place;
	f.birth_date = p.birth_date;
	f.sex = p.sex == 'P' ? "P" : "L";
	f.address = p.address;
	f.phone = p.phone;
	f.category = "umum";
	f.document = "ktp";
	f.document_no = p.nik;

	t0 = now_ms();
	rc = proc_apply(st, &f, "Sari", &app, &dupes, &e);
	dupes_free(&dupes);
	d->ms[S_APPLY][i] = now_ms() - t0;
	if (rc != 0)
		return failed(d, i, S_APPLY, &e), -1;

	t0 = now_ms();
	/* Candidates (a name, a birth date or a phone of someone else) are
	 * looked at and this applicant confirmed as new, as at the desk. */
	if ((rc = proc_check(st, app, "Sari", NULL, &e)) == KT_EREFUSED) {
		d->candidates++;
		memset(&e, 0, sizeof e);
		rc = proc_check(st, app, "Sari", "new", &e);
	}
	d->ms[S_CHECK][i] = now_ms() - t0;
	if (rc == KT_EREFUSED && d->shared > 0 && (i + 1) % d->shared == 0 &&
	    strstr(e.msg, "same NIK") != NULL) {
		/* Another desk was first with this person: close this one. */
		memset(&e, 0, sizeof e);
		if (proc_reject(st, app, "Sari", "already applied at another desk", &e) != 0)
			return failed(d, i, S_CHECK, &e), -1;
		d->refused++;
		return 1;
	}
	if (rc != 0)
		return failed(d, i, S_CHECK, &e), -1;

	t0 = now_ms();
	rc = proc_validate(st, app, "Sari", &e);
	d->ms[S_VALIDATE][i] = now_ms() - t0;
	if (rc != 0)
		return failed(d, i, S_VALIDATE, &e), -1;

	t0 = now_ms();
	rc = proc_issue(st, app, "Budi", "chip", mno, cno, &e);
	d->ms[S_ISSUE][i] = now_ms() - t0;
	if (rc != 0)
		return failed(d, i, S_ISSUE, &e), -1;

	/* A fresh chip laid on the desk's reader, written, taken away. */
	t0 = now_ms();
	if (sim_ctl(d, "put ntag215") != 0) {
		kt_error(&e, KT_EFAIL, "the simulator did not take the card");
		return failed(d, i, S_ENCODE, &e), -1;
	}
	rc = reader_wait(r, 10000, &t, &e);
	if (rc == 0)
		rc = card_encode(st, k, r, &t, mno, "Budi", cno2, d->origin, &e);
	sim_ctl(d, "remove");
	d->ms[S_ENCODE][i] = now_ms() - t0;
	if (rc != 0)
		return failed(d, i, S_ENCODE, &e), -1;

	t0 = now_ms();
	rc = proc_handover_start(st, app, "Sari", p.phone, 0, NULL, &hc, &e);
	if (rc == 0 && hc.code[0] == '\0')
		rc = kt_error(&e, KT_EFAIL, "the code was sent, not shown");
	if (rc == 0)
		rc = proc_handover(st, app, "Sari", hc.code, NULL, NULL, &e);
	d->ms[S_HANDOVER][i] = now_ms() - t0;
	if (rc != 0)
		return failed(d, i, S_HANDOVER, &e), -1;
	return 0;
}

/* The desk's process: its summary goes to fd out as one binary record. */
struct summary {
	int done, errors, candidates, refused;
	double wall;
};

static int
desk_run(struct desk *d, int out)
{
	struct summary s = { 0 };
	struct store *st = NULL;
	struct reader *r = NULL;
	struct keys k;
	struct kt_err e = { 0 };
	char conn[160];
	double t0;
	int i, loaded = 0;

	srandom((unsigned)(7919 * d->no));
	if (sim_start(d, conn, sizeof conn) != 0) {
		fprintf(stderr, "proof: desk %d: the simulator did not start\n", d->no);
		d->errors = d->apps;
		goto out;
	}
	if (store_open(d->db, 0, &st, &e) != 0 || keys_attach(st, d->keydir, 0, &e) != 0 ||
	    keys_load(d->keydir, 1, &k, &e) != 0 || (loaded = 1, 0) ||
	    reader_open(conn, &r, &e) != 0) {
		fprintf(stderr, "proof: desk %d: %s\n", d->no, e.msg);
		d->errors = d->apps;
		goto out;
	}
	if (d->clock != 0)
		store_set_clock(st, d->clock);
	store_set_user(st, (long long)getuid());
	snprintf(conn, sizeof conn, "desk-%d", d->no);
	store_set_station(st, conn);
	t0 = now_ms();
	for (i = 0; i < d->apps; i++)
		if (one(d, st, &k, r, i) == 0)
			d->done++;
	s.wall = now_ms() - t0;
out:
	s.done = d->done;
	s.errors = d->errors;
	s.candidates = d->candidates;
	s.refused = d->refused;
	if (write(out, &s, sizeof s) != (ssize_t)sizeof s ||
	    write(out, d->ms[0], sizeof(double) * (size_t)d->apps * S_N) < 0)
		s.errors++;
	reader_close(r);
	if (loaded)
		keys_wipe(&k);
	store_close(st);
	if (d->sim_pid > 0) {
		kill(d->sim_pid, SIGTERM);
		waitpid(d->sim_pid, NULL, 0);
	}
	return s.errors == 0 ? 0 : 1;
}

static int
read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	ssize_t got;

	while (n > 0) {
		if ((got = read(fd, p, n)) <= 0) {
			if (got < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static time_t
parse_clock(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

int
main(int argc, char **argv)
{
	int desks, apps, i, j, total = 0, errors = 0, candidates = 0, refused = 0, status;
	int failed_desks = 0;
	pid_t *pid;
	int (*fd)[2];
	double *all[S_N], t0, wall;
	struct desk d;
	struct summary s;

	if ((argc != 6 && argc != 7) || (desks = atoi(argv[3])) < 1 || desks > 64 ||
	    (apps = atoi(argv[4])) < 1 || desks * apps > 9999) {
		fprintf(stderr, "usage: bench-proof DB KEYDIR DESKS APPS PN532-SIM [SHARED]\n"
		    "  (at most 64 desks and 9999 applications in all)\n");
		return 2;
	}
	memset(&d, 0, sizeof d);
	d.db = argv[1];
	d.keydir = argv[2];
	d.apps = apps;
	d.sim = argv[5];
	d.shared = argc > 6 ? atoi(argv[6]) : 0;
	d.origin = getenv("KARTU_TRUST_ORIGINALITY_KEY");
	d.clock = parse_clock(getenv("KARTU_NOW"));
	snprintf(d.dir, sizeof d.dir, "/tmp/kartu-proof.XXXXXX");
	if (mkdtemp(d.dir) == NULL)
		return 1;
	for (j = 0; j < S_N; j++)
		all[j] = calloc((size_t)desks * (size_t)apps, sizeof(double));
	d.ms[0] = calloc((size_t)apps * S_N, sizeof(double));
	for (j = 1; j < S_N; j++)
		d.ms[j] = d.ms[0] + (size_t)j * (size_t)apps;
	pid = calloc((size_t)desks, sizeof *pid);
	fd = calloc((size_t)desks, sizeof *fd);
	if (all[S_N - 1] == NULL || d.ms[0] == NULL || pid == NULL || fd == NULL)
		return 1;

	fflush(NULL);
	t0 = now_ms();
	for (i = 0; i < desks; i++) {
		if (pipe(fd[i]) != 0 || (pid[i] = fork()) < 0)
			return 1;
		if (pid[i] == 0) {
			close(fd[i][0]);
			d.no = i + 1;
			_exit(desk_run(&d, fd[i][1]));
		}
		close(fd[i][1]);
	}
	for (i = 0; i < desks; i++) {
		if (read_all(fd[i][0], &s, sizeof s) != 0 ||
		    read_all(fd[i][0], d.ms[0], sizeof(double) * (size_t)apps * S_N) != 0) {
			fprintf(stderr, "proof: desk %d ended without its figures\n", i + 1);
			memset(&s, 0, sizeof s);
			s.errors = apps;
			memset(d.ms[0], 0, sizeof(double) * (size_t)apps * S_N);
		}
		close(fd[i][0]);
		printf("desk %d: %d handed over, %d refused as already applied, %d errors,"
		    " %d with candidates, %.1f s\n", i + 1, s.done, s.refused, s.errors,
		    s.candidates, s.wall / 1000);
		total += s.done;
		errors += s.errors;
		candidates += s.candidates;
		refused += s.refused;
		for (j = 0; j < S_N; j++)
			memcpy(all[j] + (size_t)i * (size_t)apps, d.ms[j],
			    sizeof(double) * (size_t)apps);
	}
	for (i = 0; i < desks; i++)
		if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed_desks++;
	wall = (now_ms() - t0) / 1000;
	printf("proof: %d desks x %d applications: %d handed over, %d refused as already"
	    " applied, %d errors (%d desks failed), %d with candidates, %.1f s,"
	    " %.1f applications/s\n", desks, apps, total, refused, errors, failed_desks,
	    candidates, wall, (total + refused) / wall);
	printf("step ms (p50/p95):");
	for (j = 0; j < S_N; j++) {
		int z = 0, m;

		/* Steps not taken (an application closed at step 3) stay 0. */
		qsort(all[j], (size_t)desks * (size_t)apps, sizeof(double), cmp);
		while (z < desks * apps && all[j][z] == 0)
			z++;
		if ((m = desks * apps - z) > 0)
			printf(" %s %.1f/%.1f", step_name[j], all[j][z + m / 2],
			    all[j][z + m * 95 / 100]);
	}
	printf("\n");
	for (j = 0; j < S_N; j++)
		free(all[j]);
	free(d.ms[0]);
	free(pid);
	free(fd);
	rmdir(d.dir);
	return total + refused == desks * apps && errors == 0 && failed_desks == 0 ? 0 : 1;
}
