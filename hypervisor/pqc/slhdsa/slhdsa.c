/* SLH-DSA internal functions (FIPS 205 §9) and the pure / pre-hash external
 * interface (§10). */
#include "pqc/slhdsa/slhdsa.h"
#include "lib/errors.h"
#include "lib/string.h"
#include "pqc/slhdsa/ct.h"
#include "pqc/slhdsa/fors.h"
#include "pqc/slhdsa/xmss.h"

int slh_keygen_internal(const struct slh_params *p, const uint8_t *sk_seed, const uint8_t *sk_prf,
                        const uint8_t *pk_seed, uint8_t *sk, uint8_t *pk, struct slh_ctx *work)
{
    struct slh_ctx local, *c = work ? work : &local;
    uint8_t root[SLH_MAX_N];
    slh_adrs adrs;
    unsigned n = p->n;

    /* Alg. 18: the root of the single XMSS tree of the top layer. */
    slh_ctx_init(c, p, pk_seed, sk_seed);
    slh_adrs_zero(&adrs);
    slh_adrs_set_layer(&adrs, p->d - 1u);
    slh_xmss_root(c, &adrs, root);
    slh_ctx_wipe(c);

    memmove(sk, sk_seed, n);
    memmove(sk + n, sk_prf, n);
    memmove(sk + 2 * n, pk_seed, n);
    memcpy(sk + 3 * n, root, n);
    memcpy(pk, sk + 2 * n, 2 * n);
    return 0;
}

/* Split H_msg's output (Alg. 19 l. 7-12, Alg. 20 l. 10-15). */
static void parse_digest(const struct slh_params *p, const uint8_t *digest, uint64_t *idx_tree,
                         uint32_t *idx_leaf)
{
    unsigned md_len = ((unsigned)p->k * p->a + 7) / 8;
    unsigned tree_bits = p->h - p->hp, tree_len = (tree_bits + 7) / 8, leaf_len = (p->hp + 7) / 8;
    const uint8_t *q = digest + md_len;
    uint64_t t = 0;
    uint32_t l = 0;

    for (unsigned i = 0; i < tree_len; i++)
        t = t << 8 | q[i];
    if (tree_bits < 64)
        t &= ((uint64_t)1 << tree_bits) - 1;
    for (unsigned i = 0; i < leaf_len; i++)
        l = l << 8 | q[tree_len + i];
    *idx_tree = t;
    *idx_leaf = l & ((1u << p->hp) - 1);
}

int slh_sign_internal(const struct slh_params *p, const struct slh_msg *m, const uint8_t *sk,
                      const uint8_t *addrnd, uint8_t *sig, struct slh_ctx *work)
{
    struct slh_ctx local, *c = work ? work : &local;
    unsigned n = p->n;
    const uint8_t *sk_prf = sk + n, *pk_seed = sk + 2 * n, *pk_root = sk + 3 * n;
    uint8_t digest[SLH_MAX_M], pk_fors[SLH_MAX_N];
    uint64_t idx_tree;
    uint32_t idx_leaf;
    slh_adrs adrs;

    /* Alg. 19 */
    slh_ctx_init(c, p, pk_seed, sk);
    slh_PRF_msg(c, sk_prf, addrnd ? addrnd : pk_seed, m, sig);
    /* R is the first part of the signature; everything derived from it and
     * public data (digest, indices) is public too. */
    SLH_PUBLIC(sig, n);
    slh_H_msg(c, sig, pk_root, m, digest);
    parse_digest(p, digest, &idx_tree, &idx_leaf);

    slh_adrs_zero(&adrs);
    slh_adrs_set_tree(&adrs, idx_tree);
    slh_adrs_set_type(&adrs, SLH_FORS_TREE);
    slh_adrs_set_keypair(&adrs, idx_leaf);
    slh_fors_sign(c, digest, &adrs, sig + n, pk_fors);
    SLH_PUBLIC(pk_fors, n);
    slh_ht_sign(c, pk_fors, idx_tree, idx_leaf, sig + n + (size_t)p->k * (p->a + 1) * n);
    slh_ctx_wipe(c);
    return 0;
}

int slh_verify_internal(const struct slh_params *p, const struct slh_msg *m, const uint8_t *sig,
                        size_t siglen, const uint8_t *pk, struct slh_ctx *work)
{
    struct slh_ctx local, *c = work ? work : &local;
    unsigned n = p->n;
    uint8_t digest[SLH_MAX_M], pk_fors[SLH_MAX_N];
    uint64_t idx_tree;
    uint32_t idx_leaf;
    slh_adrs adrs;
    bool ok;

    /* Alg. 20 */
    if (siglen != p->sig_bytes)
        return PQC_ERR_BAD_LENGTH;
    slh_ctx_init(c, p, pk, NULL);
    slh_H_msg(c, sig, pk + n, m, digest);
    parse_digest(p, digest, &idx_tree, &idx_leaf);

    slh_adrs_zero(&adrs);
    slh_adrs_set_tree(&adrs, idx_tree);
    slh_adrs_set_type(&adrs, SLH_FORS_TREE);
    slh_adrs_set_keypair(&adrs, idx_leaf);
    slh_fors_pk_from_sig(c, sig + n, digest, &adrs, pk_fors);
    ok = slh_ht_verify(c, pk_fors, sig + n + (size_t)p->k * (p->a + 1) * n, idx_tree, idx_leaf,
                       pk + n);
    slh_ctx_wipe(c);
    return ok ? 0 : PQC_ERR_VERIFY;
}

/* ---- external interface ---------------------------------------------------- */

/* DER-encoded OIDs 2.16.840.1.101.3.4.2.x share this prefix (Alg. 23). */
#define SLH_OID_LEN 11
static const uint8_t oid_prefix[10] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02 };

static const struct {
    const char *name;
    uint8_t oid_last;
    uint8_t len; /* digest bytes; 256/512 bits for SHAKE128/256 (Alg. 23) */
} ph_info[SLH_PH_COUNT] = {
    [SLH_PH_SHA2_224] = { "SHA2-224", 0x04, 28 },
    [SLH_PH_SHA2_256] = { "SHA2-256", 0x01, 32 },
    [SLH_PH_SHA2_384] = { "SHA2-384", 0x02, 48 },
    [SLH_PH_SHA2_512] = { "SHA2-512", 0x03, 64 },
    [SLH_PH_SHA2_512_224] = { "SHA2-512/224", 0x05, 28 },
    [SLH_PH_SHA2_512_256] = { "SHA2-512/256", 0x06, 32 },
    [SLH_PH_SHA3_224] = { "SHA3-224", 0x07, 28 },
    [SLH_PH_SHA3_256] = { "SHA3-256", 0x08, 32 },
    [SLH_PH_SHA3_384] = { "SHA3-384", 0x09, 48 },
    [SLH_PH_SHA3_512] = { "SHA3-512", 0x0a, 64 },
    [SLH_PH_SHAKE_128] = { "SHAKE-128", 0x0b, 32 },
    [SLH_PH_SHAKE_256] = { "SHAKE-256", 0x0c, 64 },
};

int slh_prehash_by_name(const char *name)
{
    if (!name)
        return PQC_ERR_UNKNOWN_ALG;
    for (int i = 0; i < SLH_PH_COUNT; i++)
        if (strcmp(ph_info[i].name, name) == 0)
            return i;
    return PQC_ERR_UNKNOWN_ALG;
}

static void prehash(enum slh_prehash ph, const uint8_t *msg, size_t mlen, uint8_t *out)
{
    sha512_ctx s;

    switch (ph) {
    case SLH_PH_SHA2_224: sha224(out, msg, mlen); break;
    case SLH_PH_SHA2_256: sha256(out, msg, mlen); break;
    case SLH_PH_SHA2_384: sha384(out, msg, mlen); break;
    case SLH_PH_SHA2_512: sha512(out, msg, mlen); break;
    case SLH_PH_SHA2_512_224:
    case SLH_PH_SHA2_512_256:
        if (ph == SLH_PH_SHA2_512_224)
            sha512_224_init(&s);
        else
            sha512_256_init(&s);
        sha512_update(&s, msg, mlen);
        sha512_final(&s, out);
        break;
    case SLH_PH_SHA3_224: sha3_224(out, msg, mlen); break;
    case SLH_PH_SHA3_256: sha3_256(out, msg, mlen); break;
    case SLH_PH_SHA3_384: sha3_384(out, msg, mlen); break;
    case SLH_PH_SHA3_512: sha3_512(out, msg, mlen); break;
    case SLH_PH_SHAKE_128: shake128(out, 32, msg, mlen); break;
    case SLH_PH_SHAKE_256: shake256(out, 64, msg, mlen); break;
    default: break;
    }
}

/* The M' prefix: toByte(domain, 1) || toByte(|ctx|, 1) || ctx, followed for
 * HashSLH-DSA by OID || PH(M) (Alg. 22 l. 8, Alg. 23 l. 28). */
#define SLH_HEAD_MAX (2 + SLH_MAX_CTX + SLH_OID_LEN + 64)

static int build_head(uint8_t *head, size_t *head_len, const uint8_t *ctx, size_t ctxlen, int ph,
                      const uint8_t *msg, size_t mlen)
{
    size_t l;

    if (ctxlen > SLH_MAX_CTX || (ctxlen && !ctx))
        return PQC_ERR_BAD_LENGTH;
    if (ph >= SLH_PH_COUNT)
        return PQC_ERR_UNKNOWN_ALG;
    head[0] = ph < 0 ? 0 : 1;
    head[1] = (uint8_t)ctxlen;
    if (ctxlen)
        memcpy(head + 2, ctx, ctxlen);
    l = 2 + ctxlen;
    if (ph >= 0) {
        memcpy(head + l, oid_prefix, sizeof(oid_prefix));
        head[l + 10] = ph_info[ph].oid_last;
        l += SLH_OID_LEN;
        prehash((enum slh_prehash)ph, msg, mlen, head + l);
        l += ph_info[ph].len;
    }
    *head_len = l;
    return 0;
}

static int sign_ext(const struct slh_params *p, uint8_t *sig, const uint8_t *sk, const uint8_t *msg,
                    size_t mlen, const uint8_t *ctx, size_t ctxlen, int ph, const uint8_t *addrnd,
                    struct slh_ctx *work)
{
    uint8_t head[SLH_HEAD_MAX];
    struct slh_msg m = { head, 0, ph < 0 ? msg : NULL, ph < 0 ? mlen : 0 };
    int rc;

    if ((mlen && !msg) || !sig || !sk)
        return PQC_ERR_BAD_LENGTH;
    rc = build_head(head, &m.head_len, ctx, ctxlen, ph, msg, mlen);
    if (rc)
        return rc;
    return slh_sign_internal(p, &m, sk, addrnd, sig, work);
}

static int verify_ext(const struct slh_params *p, const uint8_t *pk, const uint8_t *msg,
                      size_t mlen, const uint8_t *ctx, size_t ctxlen, int ph, const uint8_t *sig,
                      size_t siglen, struct slh_ctx *work)
{
    uint8_t head[SLH_HEAD_MAX];
    struct slh_msg m = { head, 0, ph < 0 ? msg : NULL, ph < 0 ? mlen : 0 };
    int rc;

    if ((mlen && !msg) || !sig || !pk)
        return PQC_ERR_BAD_LENGTH;
    rc = build_head(head, &m.head_len, ctx, ctxlen, ph, msg, mlen);
    if (rc)
        return rc;
    return slh_verify_internal(p, &m, sig, siglen, pk, work);
}

int slh_sign(const struct slh_params *p, uint8_t *sig, const uint8_t *sk, const uint8_t *msg,
             size_t mlen, const uint8_t *ctx, size_t ctxlen, const uint8_t *addrnd,
             struct slh_ctx *work)
{
    return sign_ext(p, sig, sk, msg, mlen, ctx, ctxlen, -1, addrnd, work);
}

int slh_verify(const struct slh_params *p, const uint8_t *pk, const uint8_t *msg, size_t mlen,
               const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen,
               struct slh_ctx *work)
{
    return verify_ext(p, pk, msg, mlen, ctx, ctxlen, -1, sig, siglen, work);
}

int slh_hash_sign(const struct slh_params *p, uint8_t *sig, const uint8_t *sk, const uint8_t *msg,
                  size_t mlen, const uint8_t *ctx, size_t ctxlen, enum slh_prehash ph,
                  const uint8_t *addrnd, struct slh_ctx *work)
{
    if ((unsigned)ph >= SLH_PH_COUNT)
        return PQC_ERR_UNKNOWN_ALG;
    return sign_ext(p, sig, sk, msg, mlen, ctx, ctxlen, (int)ph, addrnd, work);
}

int slh_hash_verify(const struct slh_params *p, const uint8_t *pk, const uint8_t *msg,
                    size_t mlen, const uint8_t *ctx, size_t ctxlen, enum slh_prehash ph,
                    const uint8_t *sig, size_t siglen, struct slh_ctx *work)
{
    if ((unsigned)ph >= SLH_PH_COUNT)
        return PQC_ERR_UNKNOWN_ALG;
    return verify_ext(p, pk, msg, mlen, ctx, ctxlen, (int)ph, sig, siglen, work);
}
