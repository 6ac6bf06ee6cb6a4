/* Pseudorandom sampling, FIPS 204 §7.3 (Algorithms 29-34). */
#ifndef QV_PQC_MLDSA_SAMPLE_H
#define QV_PQC_MLDSA_SAMPLE_H
#include "pqc/mldsa/params.h"

/* Alg. 30 RejNTTPoly on rho || s || r: entry A[r][s] of ExpandA (Alg. 32),
 * already in the NTT domain. */
void mldsa_expand_a_entry(int32_t a[MLDSA_N], const uint8_t rho[MLDSA_SEEDBYTES],
                          unsigned r, unsigned s);
/* Alg. 31 RejBoundedPoly on rho' || IntegerToBytes(nonce, 2) (Alg. 33 uses
 * nonce = r for s1 and r + l for s2). Coefficients in [-eta, eta]. */
void mldsa_expand_s_poly(int32_t a[MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES],
                         uint16_t nonce, unsigned eta);
/* Alg. 34 ExpandMask, one polynomial: nonce = kappa + r. Coefficients in
 * (-gamma1, gamma1]. */
void mldsa_expand_mask_poly(int32_t a[MLDSA_N], const uint8_t rhopp[MLDSA_CRHBYTES],
                            uint16_t nonce, int32_t gamma1);
/* Alg. 29 SampleInBall: tau coefficients +-1, the rest 0. */
void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t *ctilde, size_t ctilde_len,
                          unsigned tau);

#endif
