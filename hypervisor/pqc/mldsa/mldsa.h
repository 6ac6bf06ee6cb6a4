/* ML-DSA (FIPS 204): key generation, signing and verification for
 * ML-DSA-44/65/87, pure and pre-hash (HashML-DSA), plus the external-mu
 * interface.
 *
 * All functions return 0 or a negative PQC_ERR_* code:
 *   PQC_ERR_BAD_LENGTH  context longer than 255 bytes, wrong signature or
 *                       digest length;
 *   PQC_ERR_BAD_KEY     secret key whose s1/s2 coefficients are out of range;
 *   PQC_ERR_VERIFY      signature invalid (including malformed encodings);
 *   PQC_ERR_UNKNOWN_ALG unknown pre-hash algorithm.
 * `work` is scratch of mldsa_work_len(p) bytes, any alignment; secret
 * intermediates in it and on the stack are wiped before returning. Stack use
 * stays below a few KiB. `rnd` is 32 bytes for hedged signing or NULL for the
 * deterministic variant (rnd = 0^32, FIPS 204 §3.4). */
#ifndef QV_PQC_MLDSA_H
#define QV_PQC_MLDSA_H
#include "pqc/mldsa/params.h"

/* Work polynomials: sign needs A (kl), s1^, y, y^ (3l), s2^, t0^, w, h (4k),
 * c^ and one temporary; keygen and verify need less. 64 bytes alignment slack. */
#define MLDSA_WORK_LEN(k, l) (((k) * (l) + 3 * (l) + 4 * (k) + 2) * MLDSA_N * 4 + 64)
size_t mldsa_work_len(const struct mldsa_params *p);

/* Pre-hash functions of HashML-DSA (FIPS 204 §5.4.1). */
enum mldsa_ph {
    MLDSA_PH_SHA224, MLDSA_PH_SHA256, MLDSA_PH_SHA384, MLDSA_PH_SHA512,
    MLDSA_PH_SHA512_224, MLDSA_PH_SHA512_256,
    MLDSA_PH_SHA3_224, MLDSA_PH_SHA3_256, MLDSA_PH_SHA3_384, MLDSA_PH_SHA3_512,
    MLDSA_PH_SHAKE128, MLDSA_PH_SHAKE256,
    MLDSA_PH_COUNT
};
/* "SHA2-256", "SHA-256", "SHA3-512", "SHAKE-128", "SHAKE128"... (ASCII case
 * insensitive) -> enum value, or PQC_ERR_UNKNOWN_ALG. */
int mldsa_ph_from_name(const char *name);
/* Digest length of PH in bytes (SHAKE128: 32, SHAKE256: 64); 0 if invalid. */
size_t mldsa_ph_digest_len(int ph);

/* Alg. 6 ML-DSA.KeyGen_internal from the 32-byte seed xi. */
int mldsa_keygen(const struct mldsa_params *p, uint8_t *pk, uint8_t *sk,
                 const uint8_t xi[MLDSA_SEEDBYTES], void *work);

/* Alg. 2 / Alg. 3: pure ML-DSA with context (ctxlen <= 255). */
int mldsa_sign(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
               const uint8_t *msg, size_t mlen, const uint8_t *ctx, size_t ctxlen,
               const uint8_t *rnd, void *work);
int mldsa_verify(const struct mldsa_params *p, const uint8_t *pk, const uint8_t *msg,
                 size_t mlen, const uint8_t *ctx, size_t ctxlen, const uint8_t *sig,
                 size_t siglen, void *work);

/* Alg. 4 / Alg. 5 HashML-DSA: the message is hashed with `ph` here. */
int mldsa_hash_sign(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                    const uint8_t *msg, size_t mlen, const uint8_t *ctx, size_t ctxlen,
                    int ph, const uint8_t *rnd, void *work);
int mldsa_hash_verify(const struct mldsa_params *p, const uint8_t *pk, const uint8_t *msg,
                      size_t mlen, const uint8_t *ctx, size_t ctxlen, int ph,
                      const uint8_t *sig, size_t siglen, void *work);
/* Same with the digest PH(M) supplied by the caller (dlen must match ph). */
int mldsa_hash_sign_digest(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                           const uint8_t *digest, size_t dlen, const uint8_t *ctx,
                           size_t ctxlen, int ph, const uint8_t *rnd, void *work);
int mldsa_hash_verify_digest(const struct mldsa_params *p, const uint8_t *pk,
                             const uint8_t *digest, size_t dlen, const uint8_t *ctx,
                             size_t ctxlen, int ph, const uint8_t *sig, size_t siglen,
                             void *work);

/* External mu: mu = H(tr || M', 64) computed elsewhere (e.g. by the holder of
 * the message, tr = H(pk, 64)); Alg. 7 / Alg. 8 from step 6 on. */
int mldsa_sign_mu(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                  const uint8_t mu[MLDSA_MUBYTES], const uint8_t *rnd, void *work);
int mldsa_verify_mu(const struct mldsa_params *p, const uint8_t *pk,
                    const uint8_t mu[MLDSA_MUBYTES], const uint8_t *sig, size_t siglen,
                    void *work);
/* mu of pure ML-DSA for (pk, ctx, msg): the message holder's half of the
 * external-mu interface. */
int mldsa_external_mu(const struct mldsa_params *p, uint8_t mu[MLDSA_MUBYTES],
                      const uint8_t *pk, const uint8_t *msg, size_t mlen,
                      const uint8_t *ctx, size_t ctxlen);

/* Registry descriptors (mldsa_desc.c), also reachable by name through
 * pqc_find_sig("ML-DSA-65"). */
struct pqc_sig_alg;
extern const struct pqc_sig_alg mldsa44_desc, mldsa65_desc, mldsa87_desc;

#endif
