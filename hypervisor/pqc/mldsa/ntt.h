/* Number-theoretic transform over Z_q[X]/(X^256 + 1), FIPS 204 §7.5. */
#ifndef QV_PQC_MLDSA_NTT_H
#define QV_PQC_MLDSA_NTT_H
#include "pqc/mldsa/params.h"

/* In place. Input |a_i| < q; output |a_i| < 9q, in bit-reversed order. */
void mldsa_ntt(int32_t a[MLDSA_N]);
/* In place. Any int32 input with |a_i| < 2^31 - 2^22 (it is reduced first);
 * multiplies by R = 2^32 on the way out so that
 * invntt(ntt(a) o_mont ntt(b)) = a * b. Output |a_i| < q. */
void mldsa_invntt_tomont(int32_t a[MLDSA_N]);
/* c = a o b * R^-1 (Montgomery pointwise product), |c_i| < q. */
void mldsa_pointwise_mont(int32_t c[MLDSA_N], const int32_t a[MLDSA_N],
                          const int32_t b[MLDSA_N]);
/* c += a o b * R^-1. */
void mldsa_pointwise_acc(int32_t c[MLDSA_N], const int32_t a[MLDSA_N],
                         const int32_t b[MLDSA_N]);

extern const int32_t mldsa_zetas[MLDSA_N];

#endif
