/* Number-theoretic transform over Z_q[X]/(X^256 + 1) (FIPS 203 §4.3). */
#ifndef QV_PQC_MLKEM_NTT_H
#define QV_PQC_MLKEM_NTT_H
#include "lib/types.h"
#include "pqc/mlkem/params.h"

/* zeta^BitRev7(i) * 2^16 mod q, centred, zeta = 17 (FIPS 203 §4.3). */
extern const int16_t mlkem_zetas[128];

/* In place, FIPS 203 Alg. 9. Input |f_i| <= q; output centred (|f_i| <= q/2). */
void mlkem_ntt(int16_t f[MLKEM_N]);

/* In place, FIPS 203 Alg. 10, with an extra factor 2^16: the input is what
 * mlkem_basemul_finish produces (products carrying 2^-16), so the output is
 * the plain inverse transform. Input |f_i| < q; output |f_i| < q. */
void mlkem_invntt_tomont(int16_t f[MLKEM_N]);

/* acc += a (x) b, the NTT-domain product of FIPS 203 Alg. 11/12, kept as
 * unreduced 32-bit sums. Inputs |a_i|, |b_i| < q; at most MLKEM_K_MAX calls
 * before mlkem_basemul_finish. */
void mlkem_basemul_acc(int32_t acc[MLKEM_N], const int16_t a[MLKEM_N], const int16_t b[MLKEM_N]);

/* r = acc * 2^-16 mod q (|r_i| < q), then clears acc. */
void mlkem_basemul_finish(int16_t r[MLKEM_N], int32_t acc[MLKEM_N]);

#endif
