/* Registry descriptors of pure ML-DSA with context (FIPS 204 Alg. 1-3) for
 * the three parameter sets. HashML-DSA and external mu are in mldsa.h.
 * Lengths are FIPS 204 Table 2 (the same numbers as params.c; the unit test
 * checks that they agree). */
#include "pqc/mldsa/mldsa.h"
#include "pqc/pqc.h"

#define MLDSA_DESC(N, K, L, PK, SK, SIG)                                             \
    static int mldsa##N##_keygen(uint8_t *pk, uint8_t *sk, const uint8_t *seed,     \
                                 void *work)                                         \
    {                                                                                \
        return mldsa_keygen(&mldsa##N##_params, pk, sk, seed, work);                \
    }                                                                                \
    static int mldsa##N##_sign(uint8_t *sig, const uint8_t *sk, const uint8_t *msg, \
                               size_t mlen, const uint8_t *ctx, size_t ctxlen,       \
                               const uint8_t *rnd, void *work)                       \
    {                                                                                \
        return mldsa_sign(&mldsa##N##_params, sig, sk, msg, mlen, ctx, ctxlen, rnd,  \
                          work);                                                     \
    }                                                                                \
    static int mldsa##N##_verify(const uint8_t *pk, const uint8_t *msg, size_t mlen, \
                                 const uint8_t *ctx, size_t ctxlen,                  \
                                 const uint8_t *sig, size_t siglen, void *work)      \
    {                                                                                \
        return mldsa_verify(&mldsa##N##_params, pk, msg, mlen, ctx, ctxlen, sig,     \
                            siglen, work);                                           \
    }                                                                                \
    const struct pqc_sig_alg mldsa##N##_desc = {                                     \
        .name = "ML-DSA-" #N,                                                        \
        .pk_len = PK,                                                                \
        .sk_len = SK,                                                                \
        .sig_len = SIG,                                                              \
        .keygen_seed_len = MLDSA_SEEDBYTES,                                          \
        .rnd_len = MLDSA_RNDBYTES,                                                   \
        .work_len = MLDSA_WORK_LEN(K, L),                                            \
        .keygen = mldsa##N##_keygen,                                                 \
        .sign = mldsa##N##_sign,                                                     \
        .verify = mldsa##N##_verify,                                                 \
    };                                                                               \
    PQC_REGISTER_SIG(mldsa##N##_desc)

MLDSA_DESC(44, 4, 4, 1312, 2560, 2420);
MLDSA_DESC(65, 6, 5, 1952, 4032, 3309);
MLDSA_DESC(87, 8, 7, 2592, 4896, 4627);
