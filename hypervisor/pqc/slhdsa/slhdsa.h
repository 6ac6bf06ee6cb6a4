/* SLH-DSA (FIPS 205): key generation, signing and verification for the
 * twelve parameter sets of params.h.
 *
 * Key formats (§9.1): sk = SK.seed || SK.prf || PK.seed || PK.root (4n bytes),
 * pk = PK.seed || PK.root (2n bytes). `work` is caller memory of
 * SLH_WORK_BYTES (the per-key hash state; wiped before return); NULL means
 * "use the stack". All functions return 0 or a negative PQC_ERR_* code. */
#ifndef QV_PQC_SLHDSA_H
#define QV_PQC_SLHDSA_H
#include "lib/types.h"
#include "pqc/slhdsa/hash.h"
#include "pqc/slhdsa/params.h"

#define SLH_WORK_BYTES sizeof(struct slh_ctx)
#define SLH_MAX_CTX 255

/* Pre-hash functions of HashSLH-DSA (§10.2.2), with the OIDs of Alg. 23. */
enum slh_prehash {
    SLH_PH_SHA2_224,
    SLH_PH_SHA2_256,
    SLH_PH_SHA2_384,
    SLH_PH_SHA2_512,
    SLH_PH_SHA2_512_224,
    SLH_PH_SHA2_512_256,
    SLH_PH_SHA3_224,
    SLH_PH_SHA3_256,
    SLH_PH_SHA3_384,
    SLH_PH_SHA3_512,
    SLH_PH_SHAKE_128,
    SLH_PH_SHAKE_256,
    SLH_PH_COUNT
};

/* ACVP spellings: "SHA2-256", "SHA2-512/256", "SHA3-384", "SHAKE-128", ...
 * Returns the enum value or a negative PQC_ERR_UNKNOWN_ALG. */
int slh_prehash_by_name(const char *name);

/* Internal functions (§9): M is taken as is (ACVP "internal" interface). */
int slh_keygen_internal(const struct slh_params *p, const uint8_t *sk_seed, const uint8_t *sk_prf,
                        const uint8_t *pk_seed, uint8_t *sk, uint8_t *pk, struct slh_ctx *work);
/* addrnd: n bytes, or NULL for the deterministic variant (opt_rand = PK.seed). */
int slh_sign_internal(const struct slh_params *p, const struct slh_msg *m, const uint8_t *sk,
                      const uint8_t *addrnd, uint8_t *sig, struct slh_ctx *work);
int slh_verify_internal(const struct slh_params *p, const struct slh_msg *m, const uint8_t *sig,
                        size_t siglen, const uint8_t *pk, struct slh_ctx *work);

/* Pure SLH-DSA with a context string of at most 255 bytes (§10.2.1, §10.3;
 * Alg. 22 and 24). */
int slh_sign(const struct slh_params *p, uint8_t *sig, const uint8_t *sk, const uint8_t *msg,
             size_t mlen, const uint8_t *ctx, size_t ctxlen, const uint8_t *addrnd,
             struct slh_ctx *work);
int slh_verify(const struct slh_params *p, const uint8_t *pk, const uint8_t *msg, size_t mlen,
               const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen,
               struct slh_ctx *work);

/* HashSLH-DSA (§10.2.2, §10.3; Alg. 23 and 25). */
int slh_hash_sign(const struct slh_params *p, uint8_t *sig, const uint8_t *sk, const uint8_t *msg,
                  size_t mlen, const uint8_t *ctx, size_t ctxlen, enum slh_prehash ph,
                  const uint8_t *addrnd, struct slh_ctx *work);
int slh_hash_verify(const struct slh_params *p, const uint8_t *pk, const uint8_t *msg,
                    size_t mlen, const uint8_t *ctx, size_t ctxlen, enum slh_prehash ph,
                    const uint8_t *sig, size_t siglen, struct slh_ctx *work);

#endif
