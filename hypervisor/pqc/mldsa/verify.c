/* FIPS 204 Alg. 8 ML-DSA.Verify_internal from mu on (the caller computed
 * mu = H(tr || M', 64) as in steps 6-7). Every input is public. */
#include "pqc/mldsa/internal.h"
#include "pqc/mldsa/mldsa.h"
#include "pqc/mldsa/ntt.h"
#include "pqc/mldsa/rounding.h"
#include "pqc/mldsa/sample.h"
#include "pqc/hash/sha3.h"
#include "lib/errors.h"

int mldsa_verify_mu(const struct mldsa_params *p, const uint8_t *pk,
                    const uint8_t mu[MLDSA_MUBYTES], const uint8_t *sig, size_t siglen,
                    void *work)
{
    unsigned k = p->k, l = p->l;
    mldsa_poly *a = mldsa_work_polys(work);
    mldsa_poly *z = a + k * l, *t1 = z + l, *h = t1 + k, *w = h + k, *chat = w + k;
    uint8_t rho[32], w1buf[MLDSA_MAX_K * 192], ctilde2[MLDSA_MAX_CTILDE];
    keccak_ctx ctx;

    if (siglen != p->sig_len)
        return PQC_ERR_BAD_LENGTH;
    /* Step 2 + 3: a malformed hint makes the signature invalid. */
    if (mldsa_sig_decode(p, z, h, sig))
        return PQC_ERR_VERIFY;
    /* Step 13's norm check first: it needs no hashing. */
    for (unsigned i = 0; i < l; i++)
        if (mldsa_poly_exceeds(z[i], p->gamma1 - p->beta))
            return PQC_ERR_VERIFY;

    mldsa_pk_decode(p, rho, t1, pk);                          /* step 1 */
    mldsa_expand_a(p, a, rho);                                /* step 5 */
    mldsa_sample_in_ball(chat[0], sig, p->ctilde_len, p->tau); /* step 9 */
    mldsa_ntt(chat[0]);

    /* Step 10: w'_approx = invNTT(A^ o NTT(z) - NTT(c) o NTT(t1 * 2^d)),
     * with the subtraction done in the NTT domain so each row needs one
     * inverse transform. |sum| < (l + 1) q, within invntt's input range. */
    for (unsigned i = 0; i < l; i++)
        mldsa_ntt(z[i]);
    for (unsigned i = 0; i < k; i++) {
        for (unsigned j = 0; j < MLDSA_N; j++)
            t1[i][j] <<= MLDSA_D;
        mldsa_ntt(t1[i]);
        mldsa_pointwise_mont(w[i], chat[0], t1[i]);
        for (unsigned j = 0; j < MLDSA_N; j++)
            w[i][j] = -w[i][j];
        for (unsigned j = 0; j < l; j++)
            mldsa_pointwise_acc(w[i], a[i * l + j], z[j]);
        mldsa_invntt_tomont(w[i]);
        mldsa_poly_freeze(w[i]);
        /* Step 11: w1' = UseHint(h, w'_approx). */
        for (unsigned j = 0; j < MLDSA_N; j++)
            w[i][j] = mldsa_use_hint(w[i][j], (unsigned)h[i][j], p->gamma2);
    }
    /* Step 12: c~' = H(mu || w1Encode(w1'), lambda/4). */
    mldsa_w1_encode(p, w1buf, w);
    shake256_init(&ctx);
    keccak_absorb(&ctx, mu, MLDSA_MUBYTES);
    keccak_absorb(&ctx, w1buf, k * p->w1_poly_bytes);
    keccak_squeeze(&ctx, ctilde2, p->ctilde_len);
    return memcmp(ctilde2, sig, p->ctilde_len) ? PQC_ERR_VERIFY : 0;
}
