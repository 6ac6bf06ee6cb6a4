/* The public matrix A (FIPS 204 Alg. 32 ExpandA) and the product A * v in the
 * NTT domain (FIPS 204 §2.5: A^ o v^). */
#include "pqc/mldsa/internal.h"
#include "pqc/mldsa/mldsa.h"
#include "pqc/mldsa/ntt.h"
#include "pqc/mldsa/sample.h"

size_t mldsa_work_len(const struct mldsa_params *p)
{
    return MLDSA_WORK_LEN(p->k, p->l);
}

void mldsa_expand_a(const struct mldsa_params *p, mldsa_poly *a, const uint8_t rho[32])
{
    for (unsigned r = 0; r < p->k; r++)
        for (unsigned s = 0; s < p->l; s++)
            mldsa_expand_a_entry(a[r * p->l + s], rho, r, s);
}

void mldsa_matrix_mul(const struct mldsa_params *p, mldsa_poly *out, const mldsa_poly *a,
                      const mldsa_poly *vhat)
{
    for (unsigned i = 0; i < p->k; i++) {
        mldsa_pointwise_mont(out[i], a[i * p->l], vhat[0]);
        for (unsigned j = 1; j < p->l; j++)
            mldsa_pointwise_acc(out[i], a[i * p->l + j], vhat[j]);
        mldsa_invntt_tomont(out[i]);
    }
}
