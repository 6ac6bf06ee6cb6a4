/* Shared helpers of the ML-DSA implementation files (not a public API). */
#ifndef QV_PQC_MLDSA_INTERNAL_H
#define QV_PQC_MLDSA_INTERNAL_H
#include "pqc/mldsa/encode.h"
#include "lib/string.h"

/* Caller scratch, aligned to 64 bytes (MLDSA_WORK_LEN has the slack). */
static inline mldsa_poly *mldsa_work_polys(void *work)
{
    uintptr_t a = ((uintptr_t)work + 63) & ~(uintptr_t)63;
    return (mldsa_poly *)a;
}

/* Wipe a large secret area: memset plus a compiler barrier that makes the
 * stores observable (the per-byte volatile loop of qv_memzero_explicit is
 * correct too, but costs a cycle per byte on 30+ KiB of polynomials). */
static inline void mldsa_wipe(void *p, size_t n)
{
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* ExpandA (Alg. 32) into k*l polys, row-major. */
void mldsa_expand_a(const struct mldsa_params *p, mldsa_poly *a, const uint8_t rho[32]);
/* out_i = invNTT(sum_j A[i][j] o v^_j) for i < k; v^ in the NTT domain. */
void mldsa_matrix_mul(const struct mldsa_params *p, mldsa_poly *out, const mldsa_poly *a,
                      const mldsa_poly *vhat);

#endif
