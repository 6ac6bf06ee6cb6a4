/* Modular reduction mod q = 2^23 - 2^13 + 1 without division or branches.
 *
 * Montgomery form uses R = 2^32: mont_reduce(a) = a * R^-1 mod q, result in
 * (-q, q) for |a| < 2^31 * q. QINV = q^-1 mod 2^32 (computed, not a magic value:
 * q * 58728449 = 1 mod 2^32). */
#ifndef QV_PQC_MLDSA_REDUCE_H
#define QV_PQC_MLDSA_REDUCE_H
#include "pqc/mldsa/params.h"

#define MLDSA_QINV 58728449

static inline int32_t mldsa_mont_reduce(int64_t a)
{
    /* t = a * q^-1 mod 2^32 (as signed), so a - t*q is divisible by 2^32. */
    int32_t t = (int32_t)(uint32_t)((uint64_t)a * (uint64_t)MLDSA_QINV);
    return (int32_t)((a - (int64_t)t * MLDSA_Q) >> 32);
}

static inline int32_t mldsa_mont_mul(int32_t a, int32_t b)
{
    return mldsa_mont_reduce((int64_t)a * b);
}

/* For |a| <= 2^31 - 2^22 - 1 returns r = a mod q with -6283009 <= r <= 6283008:
 * 2^23 = 2^13 - 1 mod q, so subtracting round(a / 2^23) * q is enough. */
static inline int32_t mldsa_reduce32(int32_t a)
{
    int32_t t = (a + (1 << 22)) >> 23;
    return a - t * MLDSA_Q;
}

/* Adds q if a is negative (arithmetic shift makes an all-ones mask). */
static inline int32_t mldsa_caddq(int32_t a)
{
    return a + ((a >> 31) & MLDSA_Q);
}

/* Full reduction to [0, q) for |a| < 2^31 - 2^22. */
static inline int32_t mldsa_freeze(int32_t a)
{
    return mldsa_caddq(mldsa_reduce32(a));
}

#endif
