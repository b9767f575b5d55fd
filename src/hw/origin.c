/*
 * origin.c - NTAG21x originality signatures with OpenSSL (see origin.h).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "origin.h"

static int
unhex(const char *hex, unsigned char *out, size_t cap, size_t *len)
{
	size_t n = strlen(hex), i;
	unsigned int v;

	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		char b[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;

		v = (unsigned int)strtoul(b, &end, 16);
		if (*end != '\0')
			return -1;
		out[i] = (unsigned char)v;
	}
	*len = n / 2;
	return 0;
}

/* 1 good, 0 bad, -1 the key is unusable. */
static int
verify_with(const char *keyhex, const unsigned char *uid, size_t uidlen,
    const unsigned char sig[32])
{
	unsigned char pub[33], der[80], *p = der;
	size_t publen;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *kctx = NULL, *vctx = NULL;
	EVP_PKEY *pk = NULL;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	int derlen, rc = -1;

	if (unhex(keyhex, pub, sizeof pub, &publen) != 0 || publen != 33 || pub[0] != 0x04)
		return -1;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "secp128r1", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, publen) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(kctx) <= 0 ||
	    EVP_PKEY_fromdata(kctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0 ||
	    (vctx = EVP_PKEY_CTX_new(pk, NULL)) == NULL || EVP_PKEY_verify_init(vctx) <= 0)
		goto out;
	rc = 0;
	if ((es = ECDSA_SIG_new()) == NULL || (r = BN_bin2bn(sig, 16, NULL)) == NULL ||
	    (s = BN_bin2bn(sig + 16, 16, NULL)) == NULL || !ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;	/* owned by es now */
	if ((derlen = i2d_ECDSA_SIG(es, &p)) <= 0)
		goto out;
	/* The UID is the message itself, unhashed, as NXP signs it. */
	rc = EVP_PKEY_verify(vctx, der, (size_t)derlen, uid, uidlen) == 1;
out:
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	EVP_PKEY_CTX_free(vctx);
	EVP_PKEY_free(pk);
	EVP_PKEY_CTX_free(kctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return rc;
}

int
origin_verify(const unsigned char *uid, size_t uidlen, const unsigned char sig[32],
    const char *extra_key, struct kt_err *e)
{
	int v;

	if (verify_with(ORIGIN_NXP_KEY, uid, uidlen, sig) == 1)
		return 0;
	if (extra_key != NULL && extra_key[0] != '\0') {
		if ((v = verify_with(extra_key, uid, uidlen, sig)) < 0)
			return kt_error(e, KT_EUSAGE,
			    _("the trusted originality key is not a secp128r1 public key in hex"));
		if (v == 1)
			return 0;
	}
	return kt_error(e, KT_EREFUSED,
	    _("the chip's originality signature is not NXP's: not a genuine NTAG"));
}
