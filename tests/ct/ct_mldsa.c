/* Constant-time cases for ML-DSA (FIPS 204): key generation from a secret
 * xi, deterministic and hedged signing with a secret key and secret rnd.
 * The declassification points inside the implementation (rejection-sampling
 * decisions, the challenge c~, rho, the accepted signature) are listed and
 * justified in hypervisor/pqc/mldsa/ct.h; everything else must be free of
 * secret-dependent branches and memory indices. */
#include "ct.h"
#include "pqc/mldsa/mldsa.h"

static void ct_mldsa_level(unsigned level)
{
    const struct mldsa_params *p = mldsa_params_get(level);
    static uint8_t pk[2592], sk[4896], sig[4627];
    uint8_t xi[32], rnd[32], msg[50];
    void *work = ct_alloc(mldsa_work_len(p));

    ct_fill(xi, sizeof xi, level);
    ct_fill(rnd, sizeof rnd, level + 1);
    ct_fill(msg, sizeof msg, level + 2);
    ct_secret(xi, sizeof xi);
    mldsa_keygen(p, pk, sk, xi, work);
    ct_public(pk, p->pk_len);

    /* Secret key: everything but rho (bytes 0..31) and tr (64..127), which
     * are public (pk and H(pk)). */
    ct_secret(sk, p->sk_len);
    ct_public(sk, 32);
    ct_public(sk + 64, 64);
    int rc = mldsa_sign(p, sig, sk, msg, sizeof msg, (const uint8_t *)"ctx", 3, NULL, work);
    ct_public(&rc, sizeof rc);
    ct_public(sig, p->sig_len);

    ct_secret(rnd, sizeof rnd);
    rc = mldsa_hash_sign(p, sig, sk, msg, sizeof msg, NULL, 0, MLDSA_PH_SHA512, rnd, work);
    ct_public(&rc, sizeof rc);
    ct_public(sig, p->sig_len);
}

static void ct_mldsa44(void) { ct_mldsa_level(44); }
static void ct_mldsa65(void) { ct_mldsa_level(65); }
static void ct_mldsa87(void) { ct_mldsa_level(87); }
CT_CASE(mldsa44, ct_mldsa44)
CT_CASE(mldsa65, ct_mldsa65)
CT_CASE(mldsa87, ct_mldsa87)
