/* Rounding, hints and norms: FIPS 204 §7.4 (Algorithms 35-40) plus the
 * infinity-norm checks of Sign/Verify. All constant-time in their inputs. */
#ifndef QV_PQC_MLDSA_ROUNDING_H
#define QV_PQC_MLDSA_ROUNDING_H
#include "pqc/mldsa/params.h"

/* Alg. 35: r (any representative with |r| < 2^31 - 2^22) -> r1, r0 with
 * r mod q = r1 * 2^13 + r0 and -2^12 < r0 <= 2^12. */
void mldsa_power2round(int32_t *r1, int32_t *r0, int32_t r);
/* Alg. 36: r in [0, q) -> (r1, r0), r0 in (-gamma2, gamma2] except the wrap case. */
void mldsa_decompose(int32_t *r1, int32_t *r0, int32_t r, int32_t gamma2);
/* Alg. 40 (public inputs in Verify): r in [0, q), h in {0,1}. */
int32_t mldsa_use_hint(int32_t r, unsigned h, int32_t gamma2);

/* Polynomial helpers. */
void mldsa_poly_add(int32_t c[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
void mldsa_poly_sub(int32_t c[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
/* Coefficients to [0, q). */
void mldsa_poly_freeze(int32_t a[MLDSA_N]);
/* 1 if some |a_i mod+- q| >= bound, else 0; a_i must satisfy |a_i| < 2^31 - 2^22
 * (after reduce32 to (-q, q)). Reads every coefficient: no early exit. */
unsigned mldsa_poly_exceeds(const int32_t a[MLDSA_N], int32_t bound);

#endif
