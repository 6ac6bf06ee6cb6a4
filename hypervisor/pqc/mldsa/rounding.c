/* FIPS 204 §7.4 rounding (Algorithms 35, 36, 39, 40) without secret branches.
 * Divisions are by compile-time constants only, which compilers turn into
 * multiply/shift sequences (no data-dependent DIV latency). */
#include "pqc/mldsa/rounding.h"
#include "pqc/mldsa/reduce.h"

#define GAMMA2_88 ((MLDSA_Q - 1) / 88)
#define GAMMA2_32 ((MLDSA_Q - 1) / 32)

void mldsa_power2round(int32_t *r1, int32_t *r0, int32_t r)
{
    int32_t rp = mldsa_freeze(r);
    /* r0 = rp mod+- 2^13 in (-2^12, 2^12]  <=>  r1 = floor((rp + 2^12 - 1) / 2^13). */
    int32_t hi = (rp + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;
    *r1 = hi;
    *r0 = rp - (hi << MLDSA_D);
}

void mldsa_decompose(int32_t *r1, int32_t *r0, int32_t r, int32_t gamma2)
{
    /* r0 = r mod+- 2 gamma2 in (-gamma2, gamma2]  <=>
     * r1 = floor((r + gamma2 - 1) / (2 gamma2)). gamma2 is public: the branch
     * only picks the constant divisor. */
    uint32_t u = (uint32_t)r, hi, max;
    if (gamma2 == GAMMA2_88) {
        hi = (u + GAMMA2_88 - 1) / (2 * GAMMA2_88);
        max = 44; /* (q-1) / (2 gamma2) */
    } else {
        hi = (u + GAMMA2_32 - 1) / (2 * GAMMA2_32);
        max = 16;
    }
    int32_t lo = r - (int32_t)hi * 2 * gamma2;
    /* Alg. 36 step 4: r - r0 = q - 1 (hi == max) maps to r1 = 0, r0 - 1.
     * eq = 1 iff hi == max, computed without a branch (hi ^ max < 2^31). */
    uint32_t eq = ((hi ^ max) - 1) >> 31;
    *r1 = (int32_t)(hi & (eq - 1));
    *r0 = lo - (int32_t)eq;
}

int32_t mldsa_use_hint(int32_t r, unsigned h, int32_t gamma2)
{
    int32_t r1, r0;
    int32_t m = (gamma2 == GAMMA2_88) ? 44 : 16;
    mldsa_decompose(&r1, &r0, r, gamma2);
    if (!h)
        return r1;
    if (r0 > 0)
        return (r1 + 1 == m) ? 0 : r1 + 1;
    return (r1 == 0) ? m - 1 : r1 - 1;
}

void mldsa_poly_add(int32_t c[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i++)
        c[i] = a[i] + b[i];
}

void mldsa_poly_sub(int32_t c[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i++)
        c[i] = a[i] - b[i];
}

void mldsa_poly_freeze(int32_t a[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i++)
        a[i] = mldsa_freeze(a[i]);
}

unsigned mldsa_poly_exceeds(const int32_t a[MLDSA_N], int32_t bound)
{
    uint32_t bad = 0;
    for (unsigned i = 0; i < MLDSA_N; i++) {
        int32_t x = mldsa_reduce32(a[i]);
        int32_t s = x >> 31;
        int32_t absx = (x ^ s) - s;
        /* bound - 1 - |x| is negative exactly when |x| >= bound. */
        bad |= (uint32_t)(bound - 1 - absx);
    }
    return bad >> 31;
}
