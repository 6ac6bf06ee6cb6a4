/* NTT and inverse NTT, FIPS 204 Algorithms 41 and 42.
 *
 * zetas[k] = 1753^brv8(k) * 2^32 mod q (centred), where 1753 is the primitive
 * 512th root of unity of FIPS 204 Appendix B; keeping them in Montgomery form
 * lets every butterfly use one mont_mul and keeps values in the normal domain. */
#include "pqc/mldsa/ntt.h"
#include "pqc/mldsa/reduce.h"

/* 2^64 / 256 mod q: the 1/256 of the inverse NTT times R^2, so that after one
 * Montgomery multiply the result carries one factor R (the "tomont" part). */
#define MLDSA_INVNTT_F 41978

const int32_t mldsa_zetas[MLDSA_N] = {
-4186625, 25847, -2608894, -518909, 237124, -777960, -876248, 466468,
1826347, 2353451, -359251, -2091905, 3119733, -2884855, 3111497, 2680103,
2725464, 1024112, -1079900, 3585928, -549488, -1119584, 2619752, -2108549,
-2118186, -3859737, -1399561, -3277672, 1757237, -19422, 4010497, 280005,
2706023, 95776, 3077325, 3530437, -1661693, -3592148, -2537516, 3915439,
-3861115, -3043716, 3574422, -2867647, 3539968, -300467, 2348700, -539299,
-1699267, -1643818, 3505694, -3821735, 3507263, -2140649, -1600420, 3699596,
811944, 531354, 954230, 3881043, 3900724, -2556880, 2071892, -2797779,
-3930395, -1528703, -3677745, -3041255, -1452451, 3475950, 2176455, -1585221,
-1257611, 1939314, -4083598, -1000202, -3190144, -3157330, -3632928, 126922,
3412210, -983419, 2147896, 2715295, -2967645, -3693493, -411027, -2477047,
-671102, -1228525, -22981, -1308169, -381987, 1349076, 1852771, -1430430,
-3343383, 264944, 508951, 3097992, 44288, -1100098, 904516, 3958618,
-3724342, -8578, 1653064, -3249728, 2389356, -210977, 759969, -1316856,
189548, -3553272, 3159746, -1851402, -2409325, -177440, 1315589, 1341330,
1285669, -1584928, -812732, -1439742, -3019102, -3881060, -3628969, 3839961,
2091667, 3407706, 2316500, 3817976, -3342478, 2244091, -2446433, -3562462,
266997, 2434439, -1235728, 3513181, -3520352, -3759364, -1197226, -3193378,
900702, 1859098, 909542, 819034, 495491, -1613174, -43260, -522500,
-655327, -3122442, 2031748, 3207046, -3556995, -525098, -768622, -3595838,
342297, 286988, -2437823, 4108315, 3437287, -3342277, 1735879, 203044,
2842341, 2691481, -2590150, 1265009, 4055324, 1247620, 2486353, 1595974,
-3767016, 1250494, 2635921, -3548272, -2994039, 1869119, 1903435, -1050970,
-1333058, 1237275, -3318210, -1430225, -451100, 1312455, 3306115, -1962642,
-1279661, 1917081, -2546312, -1374803, 1500165, 777191, 2235880, 3406031,
-542412, -2831860, -1671176, -1846953, -2584293, -3724270, 594136, -3776993,
-2013608, 2432395, 2454455, -164721, 1957272, 3369112, 185531, -1207385,
-3183426, 162844, 1616392, 3014001, 810149, 1652634, -3694233, -1799107,
-3038916, 3523897, 3866901, 269760, 2213111, -975884, 1717735, 472078,
-426683, 1723600, -1803090, 1910376, -1667432, -1104333, -260646, -3833893,
-2939036, -2235985, -420899, -2286327, 183443, -976891, 1612842, -3545687,
-554416, 3919660, -48306, -1362209, 3937738, 1400424, -846154, 1976782
};

/* Both transforms process two butterfly layers per pass (a radix-4 view of
 * Alg. 41/42): every coefficient is loaded and stored once per two layers
 * instead of once per layer, which halves the memory traffic of a scalar
 * implementation. The butterflies and zeta order are exactly Alg. 41/42:
 * layer `len` of the forward transform uses zetas[128/len + b] for block b,
 * layer `len` of the inverse uses -zetas[256/len - 1 - b]. */

static inline void ct_bfly(int32_t *x, int32_t *y, int32_t z)
{
    int32_t t = mldsa_mont_mul(z, *y);
    *y = *x - t;
    *x = *x + t;
}

static inline void gs_bfly(int32_t *x, int32_t *y, int32_t z)
{
    int32_t t = *x;
    *x = t + *y;
    *y = mldsa_mont_mul(z, t - *y);
}

void mldsa_ntt(int32_t a[MLDSA_N])
{
    /* Alg. 41, layers len = 128 .. 1 in pairs (len, len/2). Without
     * intermediate reductions the magnitude grows by at most q per layer:
     * < 9q < 2^31 after all eight. */
    for (unsigned len = 128; len >= 2; len >>= 2) {
        unsigned half = len >> 1;
        for (unsigned start = 0, b = 0; start < MLDSA_N; start += 2 * len, b++) {
            int32_t z1 = mldsa_zetas[128 / len + b];
            int32_t z2a = mldsa_zetas[256 / len + 2 * b];
            int32_t z2b = mldsa_zetas[256 / len + 2 * b + 1];
            for (unsigned j = start; j < start + half; j++) {
                int32_t a0 = a[j], a1 = a[j + half], a2 = a[j + len], a3 = a[j + len + half];
                ct_bfly(&a0, &a2, z1);
                ct_bfly(&a1, &a3, z1);
                ct_bfly(&a0, &a1, z2a);
                ct_bfly(&a2, &a3, z2b);
                a[j] = a0;
                a[j + half] = a1;
                a[j + len] = a2;
                a[j + len + half] = a3;
            }
        }
    }
}

void mldsa_invntt_tomont(int32_t a[MLDSA_N])
{
    for (unsigned j = 0; j < MLDSA_N; j++)
        a[j] = mldsa_reduce32(a[j]);
    /* Alg. 42, layers len = 1 .. 128 in pairs (len, 2 len), without
     * intermediate reductions: after reduce32 |a_i| <= 6283009, each layer
     * at most doubles a sum (differences go through mont_mul, back below q),
     * so after 8 layers |a_i| <= 256 * 6283009 = 1608450304 < 2^31. */
    for (unsigned len = 1; len < MLDSA_N; len <<= 2) {
        for (unsigned start = 0, b = 0; start < MLDSA_N; start += 4 * len, b++) {
            int32_t z1a = -mldsa_zetas[256 / len - 1 - 2 * b];
            int32_t z1b = -mldsa_zetas[256 / len - 2 - 2 * b];
            int32_t z2 = -mldsa_zetas[128 / len - 1 - b];
            for (unsigned j = start; j < start + len; j++) {
                int32_t a0 = a[j], a1 = a[j + len], a2 = a[j + 2 * len], a3 = a[j + 3 * len];
                gs_bfly(&a0, &a1, z1a);
                gs_bfly(&a2, &a3, z1b);
                gs_bfly(&a0, &a2, z2);
                gs_bfly(&a1, &a3, z2);
                a[j] = a0;
                a[j + len] = a1;
                a[j + 2 * len] = a2;
                a[j + 3 * len] = a3;
            }
        }
    }
    for (unsigned j = 0; j < MLDSA_N; j++)
        a[j] = mldsa_mont_mul(MLDSA_INVNTT_F, a[j]);
}

void mldsa_pointwise_mont(int32_t c[MLDSA_N], const int32_t a[MLDSA_N],
                          const int32_t b[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i++)
        c[i] = mldsa_mont_mul(a[i], b[i]);
}

void mldsa_pointwise_acc(int32_t c[MLDSA_N], const int32_t a[MLDSA_N],
                         const int32_t b[MLDSA_N])
{
    for (unsigned i = 0; i < MLDSA_N; i++)
        c[i] += mldsa_mont_mul(a[i], b[i]);
}
