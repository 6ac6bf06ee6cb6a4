/* ML-DSA parameter sets (FIPS 204 §4, Table 1 and Table 2).
 *
 * One implementation serves all three sets: the parameters are read from a
 * small constant descriptor. Values that select code paths (eta, gamma1,
 * gamma2) are public, so branching on them is constant-time. */
#ifndef QV_PQC_MLDSA_PARAMS_H
#define QV_PQC_MLDSA_PARAMS_H
#include "lib/types.h"

#define MLDSA_N 256
#define MLDSA_Q 8380417
#define MLDSA_D 13                 /* dropped bits of t (FIPS 204 Table 1) */
#define MLDSA_SEEDBYTES 32         /* xi, rho, K, rnd */
#define MLDSA_CRHBYTES 64          /* rho', rho'', tr, mu */
#define MLDSA_TRBYTES 64
#define MLDSA_MUBYTES 64
#define MLDSA_RNDBYTES 32
#define MLDSA_POLYT1_BYTES 320     /* 256 * 10 bits: bitlen(q-1) - d = 10 */
#define MLDSA_POLYT0_BYTES 416     /* 256 * 13 bits */
#define MLDSA_MAX_K 8
#define MLDSA_MAX_L 7
#define MLDSA_MAX_CTILDE 64        /* lambda/4 for lambda = 256 */

struct mldsa_params {
    const char *name;
    unsigned level;        /* 44, 65 or 87 */
    unsigned k, l;         /* A is k x l */
    unsigned eta;          /* secret coefficient bound: 2 or 4 */
    unsigned tau;          /* number of +-1 in the challenge c */
    unsigned lambda;       /* collision strength; c~ has lambda/4 bytes */
    int32_t gamma1;        /* y coefficient range: 2^17 or 2^19 */
    int32_t gamma2;        /* low-order rounding range: (q-1)/88 or (q-1)/32 */
    int32_t beta;          /* tau * eta */
    unsigned omega;        /* max number of 1s in the hint h */
    /* Derived encoding sizes (FIPS 204 Table 2). */
    size_t pk_len, sk_len, sig_len;
    size_t eta_poly_bytes; /* 96 (3 bits) or 128 (4 bits) */
    size_t z_poly_bytes;   /* 576 (18 bits) or 640 (20 bits) */
    size_t w1_poly_bytes;  /* 192 (6 bits) or 128 (4 bits) */
    size_t ctilde_len;     /* lambda / 4 */
};

extern const struct mldsa_params mldsa44_params, mldsa65_params, mldsa87_params;

/* 44, 65 or 87 -> parameters; NULL for anything else. */
const struct mldsa_params *mldsa_params_get(unsigned level);

#endif
