/*
 * revlist.c - the station's revocation list (see revlist.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "revlist.h"
#include "valid.h"
#include "wib.h"

#define MAGIC "kartu-revocation-list 1\n"
#define KEY_TAG "kartu-revocation-mac-v1"
#define MAC_LEN 32

/* The verdicts a list may hold: the ones a record gives against the card. */
static const enum verdict listed[] = {
	VERDICT_EXPIRED, VERDICT_BLOCKED, VERDICT_LOST, VERDICT_REPLACED, VERDICT_UNFINISHED,
};

static int
verdict_of(const char *code, enum verdict *v)
{
	size_t i;

	for (i = 0; i < sizeof listed / sizeof listed[0]; i++)
		if (strcmp(verdict_code(listed[i]), code) == 0) {
			*v = listed[i];
			return 0;
		}
	return -1;
}

void
revlist_free(struct revlist *l)
{
	if (l == NULL)
		return;
	free(l->cards);
	memset(l, 0, sizeof *l);
}

static int
by_number(const void *a, const void *b)
{
	return strcmp(((const struct revlist_entry *)a)->card_no,
	    ((const struct revlist_entry *)b)->card_no);
}

const struct revlist_entry *
revlist_find(const struct revlist *l, const char *card_no)
{
	struct revlist_entry key;

	if (l == NULL || l->n == 0 || strlen(card_no) >= sizeof key.card_no)
		return NULL;
	snprintf(key.card_no, sizeof key.card_no, "%s", card_no);
	return bsearch(&key, l->cards, l->n, sizeof key, by_number);
}

static int
add(struct revlist *l, size_t *cap, const char *card_no, enum verdict v, struct kt_err *e)
{
	struct revlist_entry *p;

	if (l->n == *cap) {
		*cap = *cap != 0 ? 2 * *cap : 256;
		if ((p = realloc(l->cards, *cap * sizeof *p)) == NULL)
			return kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
		l->cards = p;
	}
	snprintf(l->cards[l->n].card_no, sizeof l->cards[l->n].card_no, "%s", card_no);
	l->cards[l->n].verdict = v;
	l->n++;
	return 0;
}

/* The audit trail's last id: read before the cards, so that a change
 * committed in between makes the next refresh read them again. */
static int
register_id(struct store *st, long long *id, struct kt_err *e)
{
	struct store_stmt *s;
	int rc;

	if ((rc = store_prepare(st, "SELECT last_id FROM audit_head WHERE one = 1", &s, e)) != 0)
		return rc;
	if ((rc = store_step(s)) == STORE_ROW) {
		*id = store_col_int(s, 0);
		rc = 0;
	} else
		rc = rc == STORE_DONE ? kt_error(e, KT_EFAIL, "no audit_head") :
		    store_dberror(st, e);
	store_finalize(s);
	return rc;
}

int
revlist_take(struct store *st, struct revlist *l, struct kt_err *e)
{
	struct store_stmt *s;
	struct kt_date today;
	char now[11];
	const char *cs, *ms, *no;
	enum verdict v;
	size_t cap = 0;
	int rc;

	memset(l, 0, sizeof *l);
	l->taken = store_now(st);
	if ((rc = store_setting(st, "library_code", l->library, sizeof l->library, e)) != 0 ||
	    (rc = register_id(st, &l->register_id, e)) != 0)
		return rc;
	store_today(st, &today);
	date_format(&today, now, sizeof now);
	/* One read: the cards as judge() (card.c) answers them, in its order of
	 * precedence; an active card of an active member in term is not listed. */
	if ((rc = store_prepare(st, "SELECT c.card_no, c.status, m.status FROM cards c JOIN members m ON m.id = c.member_id"
	    " WHERE c.status <> 'active' OR m.status <> 'active' OR m.expires_on < ?1",
	    &s, e)) != 0)
		return rc;
	store_bind_text(s, 1, now);
	while ((rc = store_step(s)) == STORE_ROW) {
		no = store_col_text(s, 0);
		cs = store_col_text(s, 1);
		ms = store_col_text(s, 2);
		if (no == NULL || cs == NULL || ms == NULL || strlen(no) >= CARDNO_MAX)
			continue;
		if (strcmp(cs, "lost") == 0)
			v = VERDICT_LOST;
		else if (strcmp(cs, "replaced") == 0 || strcmp(cs, "damaged") == 0)
			v = VERDICT_REPLACED;
		else if (strcmp(cs, "revoked") == 0 || strcmp(ms, "blocked") == 0)
			v = VERDICT_BLOCKED;
		else if (strcmp(cs, "active") != 0)
			v = VERDICT_UNFINISHED;
		else
			v = VERDICT_EXPIRED;
		if ((rc = add(l, &cap, no, v, e)) != 0)
			break;
	}
	if (rc == STORE_DONE)
		rc = 0;
	else if (rc == STORE_ROW || rc > 0)
		rc = store_dberror(st, e);
	store_finalize(s);
	if (rc != 0) {
		revlist_free(l);
		return rc;
	}
	/* The engines' collations may differ: the file's order is strcmp's. */
	if (l->n > 1)
		qsort(l->cards, l->n, sizeof *l->cards, by_number);
	return 0;
}

/* The list key of dir into key; with create, made when missing.  KT_ENOTFOUND
 * when there is none and create is 0. */
static int
list_key(const char *dir, int create, unsigned char *key, struct kt_err *e)
{
	char path[4096], tmp[4096 + 32], line[128], hex[2 * REVLIST_KEY_LEN + 1];
	size_t n;
	FILE *f;
	int fd, rc = 0;

	snprintf(path, sizeof path, "%s/%s", dir, REVLIST_KEY_FILE);
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(line, 1, sizeof line - 1, f);
		fclose(f);
		line[n] = '\0';
		if (n != strlen(KEY_TAG) + 1 + 2 * REVLIST_KEY_LEN + 1 ||
		    strncmp(line, KEY_TAG " ", strlen(KEY_TAG) + 1) != 0 ||
		    sodium_hex2bin(key, REVLIST_KEY_LEN, line + strlen(KEY_TAG) + 1,
		    2 * REVLIST_KEY_LEN, NULL, &n, NULL) != 0 || n != REVLIST_KEY_LEN)
			rc = kt_error(e, KT_EREFUSED, _("%s is not a list key"), path);
		sodium_memzero(line, sizeof line);
		return rc;
	}
	if (errno != ENOENT)
		return kt_error(e, KT_EFAIL, _("cannot read %s: %s"), path, strerror(errno));
	if (!create)
		return kt_error(e, KT_ENOTFOUND, _("this station has no revocation list"));
	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kt_error(e, KT_EFAIL, _("cannot make %s: %s"), dir, strerror(errno));
	randombytes_buf(key, REVLIST_KEY_LEN);
	sodium_bin2hex(hex, sizeof hex, key, REVLIST_KEY_LEN);
	/* A name of its own (mkstemp, mode 0600): two threads of one server
	 * may write at once. */
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return kt_error(e, KT_EFAIL, _("cannot write %s: %s"), tmp, strerror(errno));
	n = (size_t)snprintf(line, sizeof line, "%s %s\n", KEY_TAG, hex);
	if (write(fd, line, n) != (ssize_t)n || fsync(fd) != 0)
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), tmp, strerror(errno));
	close(fd);
	/* Never over a key another run made meanwhile: then that one is read. */
	if (rc == 0 && link(tmp, path) != 0) {
		if (errno == EEXIST) {
			unlink(tmp);
			sodium_memzero(line, sizeof line);
			sodium_memzero(hex, sizeof hex);
			return list_key(dir, 0, key, e);
		}
		rc = kt_error(e, KT_EFAIL, _("cannot create %s: %s"), path, strerror(errno));
	}
	unlink(tmp);
	sodium_memzero(line, sizeof line);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* A growing text buffer. */
struct buf {
	char *p;
	size_t n, cap;
};

static int
put(struct buf *b, const char *s)
{
	size_t k = strlen(s);
	char *p;

	if (b->n + k + 1 > b->cap) {
		b->cap = (b->n + k + 1) * 2;
		if ((p = realloc(b->p, b->cap)) == NULL)
			return -1;
		b->p = p;
	}
	memcpy(b->p + b->n, s, k + 1);
	b->n += k;
	return 0;
}

static void
mac_hex(const char *text, size_t n, const unsigned char *key, char out[2 * MAC_LEN + 1])
{
	unsigned char mac[MAC_LEN];

	crypto_generichash(mac, sizeof mac, (const unsigned char *)text, n, key,
	    REVLIST_KEY_LEN);
	sodium_bin2hex(out, 2 * MAC_LEN + 1, mac, sizeof mac);
}

int
revlist_write(const char *dir, const struct revlist *l, struct kt_err *e)
{
	unsigned char key[REVLIST_KEY_LEN];
	char path[4096], tmp[4096 + 32], line[128], taken[32], mac[2 * MAC_LEN + 1];
	struct buf b = { NULL, 0, 0 };
	struct tm tm;
	size_t i;
	int fd = -1, rc, bad = 0;

	tmp[0] = '\0';

	if ((rc = list_key(dir, 1, key, e)) != 0)
		return rc;
	gmtime_r(&l->taken, &tm);
	strftime(taken, sizeof taken, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(line, sizeof line, "taken %s\nlibrary %s\nregister %lld\ncards %zu\n", taken,
	    l->library, l->register_id, l->n);
	bad |= put(&b, MAGIC) | put(&b, line);
	for (i = 0; i < l->n && !bad; i++) {
		snprintf(line, sizeof line, "%s %s\n", l->cards[i].card_no,
		    verdict_code(l->cards[i].verdict));
		bad |= put(&b, line);
	}
	if (bad) {
		rc = kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
		goto out;
	}
	mac_hex(b.p, b.n, key, mac);
	snprintf(line, sizeof line, "mac %s\n", mac);
	if (put(&b, line) != 0) {
		rc = kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
		goto out;
	}
	/* A reader sees the old list or the new one, whole, never half of one. */
	snprintf(path, sizeof path, "%s/%s", dir, REVLIST_FILE);
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 || write(fd, b.p, b.n) != (ssize_t)b.n || fsync(fd) != 0) {
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	/* The rename itself lasts once the directory is synced. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0)
		fsync(fd);
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0] != '\0')
		unlink(tmp);
	sodium_memzero(key, sizeof key);
	free(b.p);
	return rc;
}

/* Whether old is still the register's list at now: nothing changed since. */
static int
unchanged(struct store *st, const struct revlist *old, time_t now, struct kt_err *e)
{
	struct kt_date a, b;
	char lib[sizeof old->library];
	long long id;

	if (now < old->taken || now - old->taken >= REVLIST_FULL_S)
		return 0;
	wib_day(old->taken, &a);
	wib_day(now, &b);
	if (a.y != b.y || a.m != b.m || a.d != b.d)
		return 0;	/* a new day: terms ran out */
	if (store_setting(st, "library_code", lib, sizeof lib, e) != 0 ||
	    register_id(st, &id, e) != 0)
		return -1;
	return strcmp(lib, old->library) == 0 && id == old->register_id;
}

int
revlist_refresh(struct store *st, const char *dir, time_t *taken, struct kt_err *e)
{
	struct revlist l;
	struct kt_err ignored = { 0 };
	time_t now = store_now(st);
	int rc;

	if (revlist_load(dir, &l, &ignored) == 0) {
		if ((rc = unchanged(st, &l, now, e)) < 0) {
			revlist_free(&l);
			return e != NULL && e->code != 0 ? e->code : KT_EFAIL;
		}
		if (rc == 1) {
			l.taken = now;
			rc = revlist_write(dir, &l, e);
			if (rc == 0 && taken != NULL)
				*taken = l.taken;
			revlist_free(&l);
			return rc;
		}
		revlist_free(&l);
	}
	if ((rc = revlist_take(st, &l, e)) != 0)
		return rc;
	rc = revlist_write(dir, &l, e);
	if (rc == 0 && taken != NULL)
		*taken = l.taken;
	revlist_free(&l);
	return rc;
}

/* The next line of text[*at..n) without its '\n' into out (len bytes): 0, or
 * -1 when there is no whole line or it is too long. */
static int
next_line(const char *text, size_t n, size_t *at, char *out, size_t len)
{
	const char *p = text + *at, *nl;
	size_t k;

	if (*at >= n || (nl = memchr(p, '\n', n - *at)) == NULL)
		return -1;
	k = (size_t)(nl - p);
	if (k >= len || memchr(p, '\0', k) != NULL)
		return -1;
	memcpy(out, p, k);
	out[k] = '\0';
	*at += k + 1;
	return 0;
}

static int
parse_time(const char *s, time_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	if (strlen(s) != 20 || (end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
	    *end != '\0')
		return -1;
	*out = timegm(&tm);
	return 0;
}

int
revlist_parse(const char *text, size_t n, const unsigned char *key, struct revlist *l,
    struct kt_err *e)
{
	char line[128], mac[2 * MAC_LEN + 1], code[16];
	char no[CARDNO_MAX + 1];
	size_t at = 0, count, i, cap = 0, body;
	unsigned long long cnt;
	enum verdict v;
	char *end;
	int k;

	memset(l, 0, sizeof *l);
	if (n > REVLIST_MAX_BYTES || n < strlen(MAGIC) || memcmp(text, MAGIC, strlen(MAGIC)) != 0)
		goto bad;
	at = strlen(MAGIC);
	if (next_line(text, n, &at, line, sizeof line) != 0 || strncmp(line, "taken ", 6) != 0 ||
	    parse_time(line + 6, &l->taken) != 0)
		goto bad;
	if (next_line(text, n, &at, line, sizeof line) != 0 ||
	    strncmp(line, "library ", 8) != 0 || strlen(line + 8) == 0 ||
	    strlen(line + 8) >= sizeof l->library || strchr(line + 8, ' ') != NULL)
		goto bad;
	snprintf(l->library, sizeof l->library, "%s", line + 8);
	if (next_line(text, n, &at, line, sizeof line) != 0 ||
	    strncmp(line, "register ", 9) != 0 || line[9] < '0' || line[9] > '9')
		goto bad;
	errno = 0;
	cnt = strtoull(line + 9, &end, 10);
	if (errno != 0 || *end != '\0' || cnt > (unsigned long long)LLONG_MAX)
		goto bad;
	l->register_id = (long long)cnt;
	if (next_line(text, n, &at, line, sizeof line) != 0 || strncmp(line, "cards ", 6) != 0 ||
	    line[6] < '0' || line[6] > '9')
		goto bad;
	errno = 0;
	cnt = strtoull(line + 6, &end, 10);
	/* Each card takes more than 8 bytes: a count the file cannot hold is a lie. */
	if (errno != 0 || *end != '\0' || cnt > n / 8)
		goto bad;
	count = (size_t)cnt;
	for (i = 0; i < count; i++) {
		if (next_line(text, n, &at, line, sizeof line) != 0 ||
		    sscanf(line, "%27[0-9] %15[A-Z]%n", no, code, &k) != 2 || line[k] != '\0' ||
		    strlen(no) >= CARDNO_MAX || verdict_of(code, &v) != 0)
			goto bad;
		/* Strictly ascending: one entry per card, and bsearch finds it. */
		if (l->n > 0 && strcmp(l->cards[l->n - 1].card_no, no) >= 0)
			goto bad;
		if (add(l, &cap, no, v, e) != 0) {
			revlist_free(l);
			return KT_EFAIL;
		}
	}
	body = at;
	if (next_line(text, n, &at, line, sizeof line) != 0 || at != n ||
	    strncmp(line, "mac ", 4) != 0 || strlen(line + 4) != 2 * MAC_LEN)
		goto bad;
	mac_hex(text, body, key, mac);
	if (sodium_memcmp(mac, line + 4, 2 * MAC_LEN) != 0)
		goto bad;
	return 0;
bad:
	revlist_free(l);
	return kt_error(e, KT_EREFUSED, _("the revocation list does not verify (changed"
	    " after it was written, or damaged): it is not used"));
}

int
revlist_load(const char *dir, struct revlist *l, struct kt_err *e)
{
	unsigned char key[REVLIST_KEY_LEN];
	char path[4096], *text = NULL;
	struct stat sb;
	size_t n = 0;
	ssize_t r;
	int fd = -1, rc;

	memset(l, 0, sizeof *l);
	snprintf(path, sizeof path, "%s/%s", dir, REVLIST_FILE);
	if ((fd = open(path, O_RDONLY)) < 0)
		return kt_error(e, errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL,
		    errno == ENOENT ? _("this station has no revocation list") :
		    _("cannot read %s: %s"), path, strerror(errno));
	if ((rc = list_key(dir, 0, key, e)) != 0) {
		/* A list without its key cannot be trusted. */
		if (rc == KT_ENOTFOUND)
			rc = kt_error(e, KT_EREFUSED, _("the revocation list does not verify"
			    " (changed after it was written, or damaged): it is not used"));
		goto out;
	}
	if (fstat(fd, &sb) != 0 || sb.st_size < 0 || (size_t)sb.st_size > REVLIST_MAX_BYTES) {
		rc = kt_error(e, KT_EREFUSED, _("the revocation list does not verify (changed"
		    " after it was written, or damaged): it is not used"));
		goto out;
	}
	if ((text = malloc((size_t)sb.st_size + 1)) == NULL) {
		rc = kt_error(e, KT_EFAIL, "%s", strerror(ENOMEM));
		goto out;
	}
	while (n < (size_t)sb.st_size && (r = read(fd, text + n, (size_t)sb.st_size - n)) > 0)
		n += (size_t)r;
	rc = revlist_parse(text, n, key, l, e);
out:
	sodium_memzero(key, sizeof key);
	free(text);
	if (fd >= 0)
		close(fd);
	return rc;
}

int
revlist_note_matters(const struct store_note *n)
{
	static const char *const kinds[] = { "card", "member", "replacement", "bulk", "change" };
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(n->kind, kinds[i]) == 0)
			return 1;
	return 0;
}
