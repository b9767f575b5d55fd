/*
 * keys.c - the library's key pair on disk (see keys.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keys.h"

#define TAG_SECRET "kartu-ed25519-secret-v1"
#define TAG_PUBLIC "kartu-ed25519-public-v1"

/* Write "tag hex\n" to path, created with mode, atomically (a temporary file
 * renamed into place, never over an existing file). */
static int
write_key(const char *path, const char *tag, const unsigned char *key, size_t len,
    mode_t mode, struct kt_err *e)
{
	char tmp[4096], hex[2 * 64 + 1];
	int fd = -1, rc = 0;
	FILE *f = NULL;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, mode)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	sodium_bin2hex(hex, sizeof hex, key, len);
	if (fprintf(f, "%s %s\n", tag, hex) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		rc = kt_error(e, KT_EFAIL, _("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	if (link(tmp, path) != 0) {	/* fails if path exists: never overwrite a key */
		rc = kt_error(e, errno == EEXIST ? KT_EREFUSED : KT_EFAIL,
		    _("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
out:
	sodium_memzero(hex, sizeof hex);
	if (f != NULL)
		fclose(f);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return rc;
}

int
keys_generate(const char *dir, struct kt_err *e)
{
	unsigned char pk[32], sk[64];
	char sp[4096], pp[4096];
	int rc;

	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kt_error(e, KT_EFAIL, _("cannot make %s: %s"), dir, strerror(errno));
	snprintf(sp, sizeof sp, "%s/%s", dir, KEYS_SECRET_FILE);
	snprintf(pp, sizeof pp, "%s/%s", dir, KEYS_PUBLIC_FILE);
	if (access(sp, F_OK) == 0 || access(pp, F_OK) == 0)
		return kt_error(e, KT_EREFUSED,
		    _("%s already holds a key; a new one would make every card unreadable"), dir);
	crypto_sign_keypair(pk, sk);
	if ((rc = write_key(sp, TAG_SECRET, sk, sizeof sk, 0600, e)) == 0 &&
	    (rc = write_key(pp, TAG_PUBLIC, pk, sizeof pk, 0644, e)) != 0)
		unlink(sp);
	sodium_memzero(sk, sizeof sk);
	return rc;
}

static int
read_key(const char *path, const char *tag, unsigned char *key, size_t len, int secret,
    struct kt_err *e)
{
	char line[256], want[64];
	struct stat sb;
	size_t got = 0;
	FILE *f;
	int rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		rc = errno == ENOENT ? KT_ENOTFOUND : KT_EFAIL;
		kt_error(e, rc, _("cannot read %s: %s"), path, strerror(errno));
		return kt_next(e, rc, "keygen", "%s", "");
	}
	if (secret && fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0) {
		rc = kt_error(e, KT_EREFUSED,
		    _("%s can be read by others: chmod 600 it (and make a new key if it leaked)"),
		    path);
		goto out;
	}
	snprintf(want, sizeof want, "%s ", tag);
	if (fgets(line, sizeof line, f) == NULL || strncmp(line, want, strlen(want)) != 0 ||
	    sodium_hex2bin(key, len, line + strlen(want), strlen(line + strlen(want)), "\n",
	    &got, NULL) != 0 || got != len)
		rc = kt_error(e, KT_EFAIL, _("%s is not a kartu key file"), path);
out:
	sodium_memzero(line, sizeof line);
	fclose(f);
	return rc;
}

int
keys_load(const char *dir, int need_secret, struct keys *k, struct kt_err *e)
{
	char path[4096];
	unsigned char check[32];
	int rc;

	memset(k, 0, sizeof *k);
	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	snprintf(path, sizeof path, "%s/%s", dir, KEYS_PUBLIC_FILE);
	if ((rc = read_key(path, TAG_PUBLIC, k->pk, sizeof k->pk, 0, e)) != 0)
		return rc;
	if (!need_secret)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir, KEYS_SECRET_FILE);
	if ((rc = read_key(path, TAG_SECRET, k->sk, sizeof k->sk, 1, e)) != 0)
		return rc;
	crypto_sign_ed25519_sk_to_pk(check, k->sk);
	if (memcmp(check, k->pk, sizeof check) != 0) {
		keys_wipe(k);
		return kt_error(e, KT_EFAIL, _("%s and %s/%s are not one key pair"), path, dir,
		    KEYS_PUBLIC_FILE);
	}
	k->have_secret = 1;
	return 0;
}

void
keys_wipe(struct keys *k)
{
	sodium_memzero(k->sk, sizeof k->sk);
	k->have_secret = 0;
}

int
keys_derive(const struct keys *k, const char *purpose, const unsigned char *uid,
    size_t uidlen, unsigned char *out, size_t outlen, struct kt_err *e)
{
	crypto_generichash_state st;

	if (!k->have_secret)
		return kt_error(e, KT_EREFUSED, _("this station has no secret key: it cannot"
		    " write cards"));
	if (outlen < crypto_generichash_BYTES_MIN) {
		unsigned char full[crypto_generichash_BYTES_MIN];
		int rc = keys_derive(k, purpose, uid, uidlen, full, sizeof full, e);

		memcpy(out, full, outlen);
		sodium_memzero(full, sizeof full);
		return rc;
	}
	crypto_generichash_init(&st, k->sk, 32, outlen);	/* the seed half */
	crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_generichash_update(&st, uid, uidlen);
	crypto_generichash_final(&st, out, outlen);
	return 0;
}

#define TAG_REGISTER "kartu-register-v1"

int
keys_register_load(const char *dir, unsigned char *key, struct kt_err *e)
{
	char path[4096];

	if (sodium_init() < 0)
		return kt_error(e, KT_EFAIL, "libsodium failed to initialise");
	snprintf(path, sizeof path, "%s/%s", dir, KEYS_REGISTER_FILE);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return KT_ENOTFOUND;
	return read_key(path, TAG_REGISTER, key, KEYS_REGISTER_LEN, 1, e);
}

/* Write key as dir's register key (dir made 0700 if missing). */
static int
register_write(const char *dir, const unsigned char *key, struct kt_err *e)
{
	char path[4096];

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kt_error(e, KT_EFAIL, _("cannot make %s: %s"), dir, strerror(errno));
	snprintf(path, sizeof path, "%s/%s", dir, KEYS_REGISTER_FILE);
	return write_key(path, TAG_REGISTER, key, KEYS_REGISTER_LEN, 0600, e);
}

int
keys_attach(struct store *st, const char *dir, int create, struct kt_err *e)
{
	unsigned char key[KEYS_REGISTER_LEN], old[KEYS_REGISTER_LEN];
	int rc, have_old = 0, known = 0;

	if (store_version(st) < 1)
		return 0;	/* nothing yet to key: kartu init attaches it later */
	if ((rc = store_legacy_key(st, old, &have_old, e)) != 0 ||
	    (rc = store_key_known(st, &known, e)) != 0)
		return rc;
	rc = keys_register_load(dir, key, e);
	if (rc == KT_ENOTFOUND && (have_old || (create && !known))) {
		/* The database's own key moves out; a new database gets one. */
		if (have_old)
			memcpy(key, old, sizeof key);
		else
			randombytes_buf(key, sizeof key);
		if ((rc = register_write(dir, key, e)) != 0)
			goto out;
	} else if (rc == KT_ENOTFOUND) {
		rc = 0;	/* a station without the key: it reads, it does not hash */
		goto out;
	} else if (rc != 0)
		goto out;
	if (have_old && sodium_memcmp(key, old, sizeof key) != 0) {
		rc = kt_error(e, KT_EREFUSED, _("%s/%s is not this database's register key:"
		    " use the register.key made with this database"), dir, KEYS_REGISTER_FILE);
		goto out;
	}
	if ((rc = store_set_key(st, key, e)) != 0) {
		if (rc == KT_EREFUSED)
			kt_error(e, rc, _("%s/%s is not this database's register key: use the"
			    " register.key made with this database"), dir, KEYS_REGISTER_FILE);
		goto out;
	}
	if (have_old)
		rc = store_forget_legacy_key(st, e);
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(old, sizeof old);
	return rc;
}
