/* Sampling for ML-KEM (FIPS 203 §4.2.2): uniform NTT-domain polynomials from
 * SHAKE128 (Alg. 7) and centred binomial noise from SHAKE256 (Alg. 8). */
#ifndef QV_PQC_MLKEM_SAMPLE_H
#define QV_PQC_MLKEM_SAMPLE_H
#include "pqc/mlkem/poly.h"

/* A_hat[i][j] = SampleNTT(rho || j || i) (Alg. 13 line 6, Alg. 14 line 6):
 * callers pass the two index bytes in that order. Output in [0, q). rho is
 * public, so the rejection loop may branch on it. */
void mlkem_sample_ntt(mlkem_poly *r, const uint8_t rho[MLKEM_SYM_BYTES], uint8_t b0, uint8_t b1);

/* SamplePolyCBD_eta(PRF_eta(sigma, n)) for eta in {2, 3}: coefficients in
 * [-eta, eta]. Constant-time in sigma. */
void mlkem_sample_cbd(mlkem_poly *r, const uint8_t sigma[MLKEM_SYM_BYTES], uint8_t n, unsigned eta);

/* SamplePolyCBD_eta (Alg. 8) on 64 eta given bytes; exposed for tests. */
void mlkem_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta);

#endif
