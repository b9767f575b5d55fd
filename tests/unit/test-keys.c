/* The library's key pair on disk and the per-card secrets derived from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keys.h"
#include "tap.h"

int
main(void)
{
	char dir[] = "/tmp/kartu-test-keys-XXXXXX", sub[128], path[160];
	unsigned char uid[7] = { 4, 1, 2, 3, 4, 5, 6 }, uid2[7] = { 4, 1, 2, 3, 4, 5, 7 };
	unsigned char a[4], b[4], c[4], d[6];
	struct keys k, pub;
	struct kt_err e = { 0 };
	struct stat sb;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(sub, sizeof sub, "%s/keys", dir);
	ok(keys_load(sub, 0, &k, &e) == KT_ENOTFOUND, "no key yet: %s", e.msg);
	ok(keys_generate(sub, &e) == 0, "keygen");
	snprintf(path, sizeof path, "%s/%s", sub, KEYS_SECRET_FILE);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "secret key mode 0600");
	ok(stat(sub, &sb) == 0 && (sb.st_mode & 077) == 0, "key directory closed to others");
	ok(keys_generate(sub, &e) == KT_EREFUSED, "a second keygen is refused: %s", e.msg);
	ok(keys_load(sub, 1, &k, &e) == 0 && k.have_secret, "secret key loads");
	ok(keys_load(sub, 0, &pub, &e) == 0 && !pub.have_secret &&
	    memcmp(pub.pk, k.pk, 32) == 0, "public key alone loads");
	ok(keys_derive(&pub, "ntag-pwd", uid, 7, a, 4, &e) == KT_EREFUSED,
	    "a checking station cannot derive card secrets");
	ok(keys_derive(&k, "ntag-pwd", uid, 7, a, 4, NULL) == 0 &&
	    keys_derive(&k, "ntag-pwd", uid, 7, b, 4, NULL) == 0 && memcmp(a, b, 4) == 0,
	    "derivation is repeatable");
	keys_derive(&k, "ntag-pwd", uid2, 7, c, 4, NULL);
	ok(memcmp(a, c, 4) != 0, "another chip gets another password");
	keys_derive(&k, "mfc-key-a", uid, 7, d, 6, NULL);
	ok(memcmp(a, d, 4) != 0, "another purpose gets another secret");
	chmod(path, 0644);
	ok(keys_load(sub, 1, &k, &e) == KT_EREFUSED, "a secret key others can read is refused: %s",
	    e.msg);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return done_testing();
}
