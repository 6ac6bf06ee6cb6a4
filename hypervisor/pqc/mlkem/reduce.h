/* Modular reduction mod q = 3329 on signed 16-bit coefficients, branch-free.
 *
 * Montgomery form uses R = 2^16: montgomery_reduce(a) = a * R^-1 mod q. The
 * NTT twiddles are stored multiplied by R so one Montgomery step multiplies by
 * the plain twiddle. Barrett reduction maps any int16 to the centred
 * representative in [-(q-1)/2, (q-1)/2]. */
#ifndef QV_PQC_MLKEM_REDUCE_H
#define QV_PQC_MLKEM_REDUCE_H
#include "lib/types.h"
#include "pqc/mlkem/params.h"

#define MLKEM_QINV 62209u     /* q^-1 mod 2^16 */
#define MLKEM_R2 1353         /* R^2 mod q: fqmul(x, R2) = x * R */

/* For |a| < q * 2^15 returns r = a * 2^-16 mod q with |r| < q. The low half
 * is computed unsigned so there is no signed overflow. */
static inline int16_t mlkem_montgomery_reduce(int32_t a)
{
    int16_t t = (int16_t)(uint16_t)((uint32_t)a * MLKEM_QINV);
    return (int16_t)((a - (int32_t)t * MLKEM_Q) >> 16);
}

static inline int16_t mlkem_fqmul(int16_t a, int16_t b)
{
    return mlkem_montgomery_reduce((int32_t)a * b);
}

/* floor(2^26 / q + 1/2) = 20159; t approximates round(a / q). */
static inline int16_t mlkem_barrett_reduce(int16_t a)
{
    const int32_t v = ((1 << 26) + MLKEM_Q / 2) / MLKEM_Q;
    int16_t t = (int16_t)((v * a + (1 << 25)) >> 26);
    return (int16_t)(a - t * MLKEM_Q);
}

/* (-q, q) -> [0, q) with a mask instead of a branch. */
static inline int16_t mlkem_caddq(int16_t a)
{
    return (int16_t)(a + ((a >> 15) & MLKEM_Q));
}

#endif
