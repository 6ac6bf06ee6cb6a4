/* ML-KEM parameter sets (FIPS 203 §8, Table 2) and derived sizes (Table 3). */
#ifndef QV_PQC_MLKEM_PARAMS_H
#define QV_PQC_MLKEM_PARAMS_H
#include "lib/types.h"

#define MLKEM_N 256
#define MLKEM_Q 3329
#define MLKEM_K_MAX 4
#define MLKEM_SYM_BYTES 32            /* d, z, m, rho, sigma, H(ek), K */
#define MLKEM_POLY_BYTES 384          /* ByteEncode_12 of one polynomial */

/* Largest sizes over all parameter sets (ML-KEM-1024), for caller buffers. */
#define MLKEM_EK_MAX (MLKEM_POLY_BYTES * MLKEM_K_MAX + MLKEM_SYM_BYTES)
#define MLKEM_DK_MAX (2 * MLKEM_POLY_BYTES * MLKEM_K_MAX + 3 * MLKEM_SYM_BYTES)
#define MLKEM_CT_MAX (32 * (11 * MLKEM_K_MAX + 5))

struct mlkem_params {
    const char *name;
    unsigned k;        /* module rank */
    unsigned eta1;     /* CBD width of s, e and y */
    unsigned eta2;     /* CBD width of e1, e2 */
    unsigned du, dv;   /* ciphertext compression of u and v */
    size_t ek_len;     /* 384k + 32 */
    size_t dk_len;     /* 768k + 96 */
    size_t ct_len;     /* 32(du k + dv) */
};

extern const struct mlkem_params mlkem512, mlkem768, mlkem1024;

/* 512/768/1024 -> parameter set, NULL otherwise. */
const struct mlkem_params *mlkem_params_get(unsigned level);

#endif
