/* ML-DSA parameter sets, FIPS 204 Table 1; sizes from Table 2:
 *   pk  = 32 + 32k(bitlen(q-1) - d)
 *   sk  = 32 + 32 + 64 + 32((k+l) bitlen(2 eta) + dk)
 *   sig = lambda/4 + 32l(1 + bitlen(gamma1 - 1)) + omega + k */
#include "pqc/mldsa/params.h"

#define GAMMA2_88 ((MLDSA_Q - 1) / 88)
#define GAMMA2_32 ((MLDSA_Q - 1) / 32)

const struct mldsa_params mldsa44_params = {
    .name = "ML-DSA-44", .level = 44, .k = 4, .l = 4, .eta = 2, .tau = 39,
    .lambda = 128, .gamma1 = 1 << 17, .gamma2 = GAMMA2_88, .beta = 78, .omega = 80,
    .pk_len = 1312, .sk_len = 2560, .sig_len = 2420,
    .eta_poly_bytes = 96, .z_poly_bytes = 576, .w1_poly_bytes = 192, .ctilde_len = 32,
};

const struct mldsa_params mldsa65_params = {
    .name = "ML-DSA-65", .level = 65, .k = 6, .l = 5, .eta = 4, .tau = 49,
    .lambda = 192, .gamma1 = 1 << 19, .gamma2 = GAMMA2_32, .beta = 196, .omega = 55,
    .pk_len = 1952, .sk_len = 4032, .sig_len = 3309,
    .eta_poly_bytes = 128, .z_poly_bytes = 640, .w1_poly_bytes = 128, .ctilde_len = 48,
};

const struct mldsa_params mldsa87_params = {
    .name = "ML-DSA-87", .level = 87, .k = 8, .l = 7, .eta = 2, .tau = 60,
    .lambda = 256, .gamma1 = 1 << 19, .gamma2 = GAMMA2_32, .beta = 120, .omega = 75,
    .pk_len = 2592, .sk_len = 4896, .sig_len = 4627,
    .eta_poly_bytes = 96, .z_poly_bytes = 640, .w1_poly_bytes = 128, .ctilde_len = 64,
};

const struct mldsa_params *mldsa_params_get(unsigned level)
{
    switch (level) {
    case 44: return &mldsa44_params;
    case 65: return &mldsa65_params;
    case 87: return &mldsa87_params;
    default: return NULL;
    }
}
