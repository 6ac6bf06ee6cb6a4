/* ML-DSA external interfaces, FIPS 204 §5: Alg. 2/3 (pure, with context) and
 * Alg. 4/5 (HashML-DSA). Both reduce to mu = H(tr || M', 64) with
 *   pure: M' = 0 || |ctx| || ctx || M
 *   pre-hash: M' = 1 || |ctx| || ctx || OID(PH) || PH(M)
 * which is absorbed piecewise, so M' is never materialised. */
#include "pqc/mldsa/mldsa.h"
#include "pqc/mldsa/prehash.h"
#include "pqc/hash/sha3.h"
#include "lib/errors.h"
#include "lib/string.h"

#define MLDSA_MAX_CTX 255

/* mu = H(tr || domain || |ctx| || ctx || pre || msg, 64). */
static void compute_mu(uint8_t mu[MLDSA_MUBYTES], const uint8_t tr[MLDSA_TRBYTES],
                       uint8_t domain, const uint8_t *ctx, size_t ctxlen,
                       const uint8_t *pre, size_t prelen, const uint8_t *msg, size_t mlen)
{
    keccak_ctx h;
    uint8_t hdr[2] = { domain, (uint8_t)ctxlen };
    shake256_init(&h);
    keccak_absorb(&h, tr, MLDSA_TRBYTES);
    keccak_absorb(&h, hdr, sizeof hdr);
    if (ctxlen) /* NULL pointers are allowed for empty parts */
        keccak_absorb(&h, ctx, ctxlen);
    if (prelen)
        keccak_absorb(&h, pre, prelen);
    if (mlen)
        keccak_absorb(&h, msg, mlen);
    keccak_squeeze(&h, mu, MLDSA_MUBYTES);
}

int mldsa_external_mu(const struct mldsa_params *p, uint8_t mu[MLDSA_MUBYTES],
                      const uint8_t *pk, const uint8_t *msg, size_t mlen,
                      const uint8_t *ctx, size_t ctxlen)
{
    uint8_t tr[MLDSA_TRBYTES];
    if (ctxlen > MLDSA_MAX_CTX)
        return PQC_ERR_BAD_LENGTH;
    shake256(tr, sizeof tr, pk, p->pk_len); /* Alg. 8 step 6 */
    compute_mu(mu, tr, 0, ctx, ctxlen, NULL, 0, msg, mlen);
    return 0;
}

int mldsa_sign(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
               const uint8_t *msg, size_t mlen, const uint8_t *ctx, size_t ctxlen,
               const uint8_t *rnd, void *work)
{
    uint8_t mu[MLDSA_MUBYTES];
    int ret;
    if (ctxlen > MLDSA_MAX_CTX)
        return PQC_ERR_BAD_LENGTH;
    compute_mu(mu, sk + 64, 0, ctx, ctxlen, NULL, 0, msg, mlen); /* tr is in sk */
    ret = mldsa_sign_mu(p, sig, sk, mu, rnd, work);
    qv_memzero_explicit(mu, sizeof mu);
    return ret;
}

int mldsa_verify(const struct mldsa_params *p, const uint8_t *pk, const uint8_t *msg,
                 size_t mlen, const uint8_t *ctx, size_t ctxlen, const uint8_t *sig,
                 size_t siglen, void *work)
{
    uint8_t mu[MLDSA_MUBYTES];
    int ret = mldsa_external_mu(p, mu, pk, msg, mlen, ctx, ctxlen);
    return ret ? ret : mldsa_verify_mu(p, pk, mu, sig, siglen, work);
}

/* M' prefix of HashML-DSA after |ctx| || ctx: OID || PH(M). */
static int ph_mu(const struct mldsa_params *p, uint8_t mu[MLDSA_MUBYTES],
                 const uint8_t tr[MLDSA_TRBYTES], const uint8_t *digest, size_t dlen,
                 const uint8_t *ctx, size_t ctxlen, int ph)
{
    uint8_t oid[MLDSA_PH_OID_LEN];
    (void)p;
    if (ctxlen > MLDSA_MAX_CTX)
        return PQC_ERR_BAD_LENGTH;
    if (!mldsa_ph_digest_len(ph))
        return PQC_ERR_UNKNOWN_ALG;
    if (dlen != mldsa_ph_digest_len(ph))
        return PQC_ERR_BAD_LENGTH;
    mldsa_ph_oid(oid, ph);
    compute_mu(mu, tr, 1, ctx, ctxlen, oid, sizeof oid, digest, dlen);
    return 0;
}

int mldsa_hash_sign_digest(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                           const uint8_t *digest, size_t dlen, const uint8_t *ctx,
                           size_t ctxlen, int ph, const uint8_t *rnd, void *work)
{
    uint8_t mu[MLDSA_MUBYTES];
    int ret = ph_mu(p, mu, sk + 64, digest, dlen, ctx, ctxlen, ph);
    if (!ret)
        ret = mldsa_sign_mu(p, sig, sk, mu, rnd, work);
    qv_memzero_explicit(mu, sizeof mu);
    return ret;
}

int mldsa_hash_verify_digest(const struct mldsa_params *p, const uint8_t *pk,
                             const uint8_t *digest, size_t dlen, const uint8_t *ctx,
                             size_t ctxlen, int ph, const uint8_t *sig, size_t siglen,
                             void *work)
{
    uint8_t mu[MLDSA_MUBYTES], tr[MLDSA_TRBYTES];
    int ret;
    shake256(tr, sizeof tr, pk, p->pk_len);
    ret = ph_mu(p, mu, tr, digest, dlen, ctx, ctxlen, ph);
    return ret ? ret : mldsa_verify_mu(p, pk, mu, sig, siglen, work);
}

int mldsa_hash_sign(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                    const uint8_t *msg, size_t mlen, const uint8_t *ctx, size_t ctxlen,
                    int ph, const uint8_t *rnd, void *work)
{
    uint8_t d[MLDSA_PH_MAX_DIGEST];
    int ret = mldsa_ph_digest(d, ph, msg, mlen);
    if (!ret)
        ret = mldsa_hash_sign_digest(p, sig, sk, d, mldsa_ph_digest_len(ph), ctx, ctxlen,
                                     ph, rnd, work);
    return ret;
}

int mldsa_hash_verify(const struct mldsa_params *p, const uint8_t *pk, const uint8_t *msg,
                      size_t mlen, const uint8_t *ctx, size_t ctxlen, int ph,
                      const uint8_t *sig, size_t siglen, void *work)
{
    uint8_t d[MLDSA_PH_MAX_DIGEST];
    int ret = mldsa_ph_digest(d, ph, msg, mlen);
    if (!ret)
        ret = mldsa_hash_verify_digest(p, pk, d, mldsa_ph_digest_len(ph), ctx, ctxlen, ph,
                                       sig, siglen, work);
    return ret;
}
