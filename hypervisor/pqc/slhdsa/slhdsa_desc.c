/* Registry descriptors for the twelve SLH-DSA parameter sets (pure SLH-DSA
 * with a context string, FIPS 205 §10.2.1 / §10.3). HashSLH-DSA is reached
 * through slhdsa.h (slh_hash_sign / slh_hash_verify). */
#include "pqc/pqc.h"
#include "pqc/slhdsa/slhdsa.h"

/* Keygen seed = SK.seed || SK.prf || PK.seed (Alg. 18 inputs, 3n bytes). */
static int desc_keygen(const struct slh_params *p, uint8_t *pk, uint8_t *sk, const uint8_t *seed,
                       void *work)
{
    return slh_keygen_internal(p, seed, seed + p->n, seed + 2 * p->n, sk, pk, work);
}

#define SLH_DESC(id, str)                                                                     \
    static int id##_keygen(uint8_t *pk, uint8_t *sk, const uint8_t *seed, void *work)          \
    {                                                                                         \
        return desc_keygen(slh_params_by_name(str), pk, sk, seed, work);                       \
    }                                                                                         \
    static int id##_sign(uint8_t *sig, const uint8_t *sk, const uint8_t *msg, size_t mlen,     \
                         const uint8_t *ctx, size_t ctxlen, const uint8_t *rnd, void *work)    \
    {                                                                                         \
        return slh_sign(slh_params_by_name(str), sig, sk, msg, mlen, ctx, ctxlen, rnd, work);  \
    }                                                                                         \
    static int id##_verify(const uint8_t *pk, const uint8_t *msg, size_t mlen,                \
                           const uint8_t *ctx, size_t ctxlen, const uint8_t *sig,             \
                           size_t siglen, void *work)                                         \
    {                                                                                         \
        return slh_verify(slh_params_by_name(str), pk, msg, mlen, ctx, ctxlen, sig, siglen,   \
                          work);                                                              \
    }

/* Lengths repeat FIPS 205 Table 2; test_slhdsa checks them against params.c. */
#define SLH_ALG(id, str, n, siglen)                                                           \
    SLH_DESC(id, str)                                                                         \
    static const struct pqc_sig_alg id = {                                                    \
        .name = str, .pk_len = 2 * (n), .sk_len = 4 * (n), .sig_len = (siglen),               \
        .keygen_seed_len = 3 * (n), .rnd_len = (n), .work_len = SLH_WORK_BYTES,               \
        .keygen = id##_keygen, .sign = id##_sign, .verify = id##_verify,                      \
    };                                                                                        \
    PQC_REGISTER_SIG(id);

SLH_ALG(slh_sha2_128s, "SLH-DSA-SHA2-128s", 16, 7856)
SLH_ALG(slh_shake_128s, "SLH-DSA-SHAKE-128s", 16, 7856)
SLH_ALG(slh_sha2_128f, "SLH-DSA-SHA2-128f", 16, 17088)
SLH_ALG(slh_shake_128f, "SLH-DSA-SHAKE-128f", 16, 17088)
SLH_ALG(slh_sha2_192s, "SLH-DSA-SHA2-192s", 24, 16224)
SLH_ALG(slh_shake_192s, "SLH-DSA-SHAKE-192s", 24, 16224)
SLH_ALG(slh_sha2_192f, "SLH-DSA-SHA2-192f", 24, 35664)
SLH_ALG(slh_shake_192f, "SLH-DSA-SHAKE-192f", 24, 35664)
SLH_ALG(slh_sha2_256s, "SLH-DSA-SHA2-256s", 32, 29792)
SLH_ALG(slh_shake_256s, "SLH-DSA-SHAKE-256s", 32, 29792)
SLH_ALG(slh_sha2_256f, "SLH-DSA-SHA2-256f", 32, 49856)
SLH_ALG(slh_shake_256f, "SLH-DSA-SHAKE-256f", 32, 49856)
