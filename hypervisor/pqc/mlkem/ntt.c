/* NTT, inverse NTT and NTT-domain multiplication for ML-KEM (FIPS 203 §4.3).
 * All data-independent: loop bounds and table indices depend only on
 * positions, never on coefficient values. */
#include "pqc/mlkem/ntt.h"
#include "pqc/mlkem/reduce.h"

const int16_t mlkem_zetas[128] = {
    -1044, -758,  -359,  -1517, 1493,  1422,  287,   202,   -171,  622,   1577,  182,
    962,   -1202, -1474, 1468,  573,   -1325, 264,   383,   -829,  1458,  -1602, -130,
    -681,  1017,  732,   608,   -1542, 411,   -205,  -1571, 1223,  652,   -552,  1015,
    -1293, 1491,  -282,  -1544, 516,   -8,    -320,  -666,  -1618, -1162, 126,   1469,
    -853,  -90,   -271,  830,   107,   -1421, -247,  -951,  -398,  961,   -1508, -725,
    448,   -1065, 677,   -1275, -1103, 430,   555,   843,   -1251, 871,   1550,  105,
    422,   587,   177,   -235,  -291,  -460,  1574,  1653,  -246,  778,   1159,  -147,
    -777,  1483,  -602,  1119,  -1590, 644,   -872,  349,   418,   329,   -156,  -75,
    817,   1097,  603,   610,   1322,  -1285, -1465, 384,   -1215, -136,  1218,  -1335,
    -874,  220,   -1187, -1659, -1185, -1530, -1278, 794,   -1510, -854,  -870,  478,
    -108,  -308,  996,   991,   958,   -1460, 1522,  1628,
};

void mlkem_ntt(int16_t f[MLKEM_N])
{
    unsigned i = 1;
    /* Seven Cooley-Tukey layers. Each layer adds at most q to the magnitude
     * (|fqmul| < q), so |f| < 8q < 2^15 before the final reduction. */
    for (unsigned len = 128; len >= 2; len >>= 1) {
        for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
            int16_t zeta = mlkem_zetas[i++];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = mlkem_fqmul(zeta, f[j + len]);
                f[j + len] = (int16_t)(f[j] - t);
                f[j] = (int16_t)(f[j] + t);
            }
        }
    }
    for (unsigned j = 0; j < MLKEM_N; j++)
        f[j] = mlkem_barrett_reduce(f[j]);
}

void mlkem_invntt_tomont(int16_t f[MLKEM_N])
{
    /* 2^32 / 128 mod q: undoes the 2^-16 of basemul, re-adds the 2^16
     * that the final Montgomery step removes, and scales by 128^-1. */
    const int16_t scale = 1441;
    unsigned i = 127;
    /* Gentleman-Sande layers. Differences are brought below q by the
     * multiplication; sums are reduced lazily. A sum of two values below
     * 4q stays below 8q < 2^15, and every layer at most doubles the bound:
     * starting from |f| < q, the sums of layers 1-3 (len 2, 4, 8) reach 8q,
     * so they are Barrett-reduced (to <= q/2) at len 8; layers 4-6 grow them
     * to 8q again and are reduced at len 64; the sums of the last layer
     * (< 2q) go straight into the final Montgomery multiplication, which
     * accepts any int16. 256 reductions instead of 896. Which layers reduce
     * depends only on positions, never on data. */
    for (unsigned len = 2; len <= 128; len <<= 1) {
        bool reduce = len == 8 || len == 64;
        for (unsigned start = 0; start < MLKEM_N; start += 2 * len) {
            int16_t zeta = mlkem_zetas[i--];
            for (unsigned j = start; j < start + len; j++) {
                int16_t t = f[j];
                int16_t sum = (int16_t)(t + f[j + len]);
                f[j] = reduce ? mlkem_barrett_reduce(sum) : sum;
                f[j + len] = mlkem_fqmul(zeta, (int16_t)(f[j + len] - t));
            }
        }
    }
    for (unsigned j = 0; j < MLKEM_N; j++)
        f[j] = mlkem_fqmul(f[j], scale);
}

/* FIPS 203 Alg. 12 on every pair: (a0 + a1 X)(b0 + b1 X) mod (X^2 - gamma_i)
 * with gamma_i = zeta^(2 BitRev7(i) + 1). For pair 2m that is zetas[64 + m];
 * pair 2m + 1 uses its negation, since BitRev7(2m + 1) = BitRev7(2m) + 64
 * and zeta^128 = -1. */
void mlkem_basemul_acc(int32_t acc[MLKEM_N], const int16_t a[MLKEM_N], const int16_t b[MLKEM_N])
{
    for (unsigned m = 0; m < MLKEM_N / 4; m++) {
        int32_t gamma = mlkem_zetas[64 + m];
        for (unsigned h = 0; h < 2; h++) {
            unsigned p = 4 * m + 2 * h;
            int32_t a0 = a[p], a1 = a[p + 1], b0 = b[p], b1 = b[p + 1];
            /* a1 b1 R^-1 times gamma R = a1 b1 gamma: same scale as a0 b0.
             * Per call |term| < q^2 + q^2/2, four calls stay < q 2^15. */
            int32_t t = mlkem_montgomery_reduce(a1 * b1);
            acc[p] += a0 * b0 + t * gamma;
            acc[p + 1] += a0 * b1 + a1 * b0;
            gamma = -gamma;
        }
    }
}

void mlkem_basemul_finish(int16_t r[MLKEM_N], int32_t acc[MLKEM_N])
{
    for (unsigned j = 0; j < MLKEM_N; j++) {
        r[j] = mlkem_montgomery_reduce(acc[j]);
        acc[j] = 0;
    }
}
