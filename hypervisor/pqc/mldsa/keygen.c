/* FIPS 204 Alg. 6 ML-DSA.KeyGen_internal. */
#include "pqc/mldsa/ct.h"
#include "pqc/mldsa/internal.h"
#include "pqc/mldsa/mldsa.h"
#include "pqc/mldsa/ntt.h"
#include "pqc/mldsa/rounding.h"
#include "pqc/mldsa/sample.h"
#include "pqc/hash/sha3.h"

int mldsa_keygen(const struct mldsa_params *p, uint8_t *pk, uint8_t *sk,
                 const uint8_t xi[MLDSA_SEEDBYTES], void *work)
{
    unsigned k = p->k, l = p->l;
    mldsa_poly *a = mldsa_work_polys(work);
    mldsa_poly *s1 = a + k * l, *s1hat = s1 + l, *s2 = s1hat + l, *t = s2 + k, *t0 = t + k;
    uint8_t in[MLDSA_SEEDBYTES + 2], seeds[128], tr[MLDSA_TRBYTES];
    const uint8_t *rho = seeds, *rhop = seeds + 32, *key = seeds + 96;

    /* Step 1: (rho, rho', K) = H(xi || k || l, 128); the k, l bytes are the
     * domain separation added in the final FIPS 204. */
    memcpy(in, xi, MLDSA_SEEDBYTES);
    in[MLDSA_SEEDBYTES] = (uint8_t)k;
    in[MLDSA_SEEDBYTES + 1] = (uint8_t)l;
    shake256(seeds, sizeof seeds, in, sizeof in);
    MLDSA_DECLASSIFY(seeds, 32); /* rho is part of pk (ct.h) */

    mldsa_expand_a(p, a, rho);                                   /* step 3 */
    for (unsigned i = 0; i < l; i++)                             /* step 4 */
        mldsa_expand_s_poly(s1[i], rhop, (uint16_t)i, p->eta);
    for (unsigned i = 0; i < k; i++)
        mldsa_expand_s_poly(s2[i], rhop, (uint16_t)(l + i), p->eta);

    /* Step 5: t = invNTT(A^ o NTT(s1)) + s2. */
    memcpy(s1hat, s1, l * sizeof(mldsa_poly));
    for (unsigned i = 0; i < l; i++)
        mldsa_ntt(s1hat[i]);
    mldsa_matrix_mul(p, t, a, s1hat);
    /* Step 6: Power2Round; t1 overwrites t. */
    for (unsigned i = 0; i < k; i++) {
        mldsa_poly_add(t[i], t[i], s2[i]);
        for (unsigned j = 0; j < MLDSA_N; j++)
            mldsa_power2round(&t[i][j], &t0[i][j], t[i][j]);
    }
    mldsa_pk_encode(p, pk, rho, t);                              /* step 8 */
    shake256(tr, sizeof tr, pk, p->pk_len);                      /* step 9 */
    mldsa_sk_encode(p, sk, rho, key, tr, s1, s2, t0);            /* step 10 */

    qv_memzero_explicit(in, sizeof in);
    qv_memzero_explicit(seeds, sizeof seeds);
    mldsa_wipe(s1, (2 * l + 3 * k) * sizeof(mldsa_poly));
    return 0;
}
