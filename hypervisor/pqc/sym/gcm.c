/* AES-256-GCM (NIST SP 800-38D §7). */
#include "pqc/sym/gcm.h"
#include "pqc/sym/ghash.h"
#include "pqc/sym/ctutil.h"
#include "lib/errors.h"
#include "lib/string.h"

void aes256_gcm_init(aes256_gcm_ctx *ctx, const uint8_t key[AES256_KEY_SIZE])
{
    aes256_init(&ctx->aes, key);
    memset(ctx->h, 0, sizeof ctx->h);
    aes256_encrypt_block(&ctx->aes, ctx->h, ctx->h); /* §7.1 step 1: H = CIPH_K(0^128) */
}

void aes256_gcm_wipe(aes256_gcm_ctx *ctx)
{
    qv_memzero_explicit(ctx, sizeof *ctx);
}

static void put_len_bits(uint8_t *p, uint64_t bytes)
{
    qv_store64_be(p, bytes << 3);
}

/* §7.1 step 2: pre-counter block J0. */
static void make_j0(const aes256_gcm_ctx *ctx, const uint8_t *iv, size_t iv_len, uint8_t j0[16])
{
    if (iv_len == GCM_IV96_SIZE) {
        memcpy(j0, iv, GCM_IV96_SIZE);
        j0[12] = j0[13] = j0[14] = 0;
        j0[15] = 1;
        return;
    }
    ghash_ctx g;
    uint8_t lenblk[16] = { 0 };
    ghash_init(&g, ctx->h);
    ghash_update(&g, iv, iv_len);
    ghash_pad(&g);
    put_len_bits(lenblk + 8, iv_len);
    ghash_update(&g, lenblk, 16);
    ghash_result(&g, j0);
    qv_memzero_explicit(&g, sizeof g);
}

/* GCTR (§6.5) starting from inc32(J0), counter incremented mod 2^32 (§6.2).
 * Four counter blocks are encrypted per call to share the bitsliced S-box. */
static void gctr(const aes256_gcm_ctx *ctx, const uint8_t j0[16], const uint8_t *in, size_t len,
                 uint8_t *out)
{
    uint8_t cb[64], ks[64];
    uint32_t ctr = (uint32_t)j0[12] << 24 | (uint32_t)j0[13] << 16 | (uint32_t)j0[14] << 8 | j0[15];
    while (len > 0) {
        size_t nb = MIN((len + 15) / 16, (size_t)4);
        for (size_t b = 0; b < nb; b++) {
            uint8_t *c = cb + 16 * b;
            ctr++;
            memcpy(c, j0, 12);
            c[12] = (uint8_t)(ctr >> 24);
            c[13] = (uint8_t)(ctr >> 16);
            c[14] = (uint8_t)(ctr >> 8);
            c[15] = (uint8_t)ctr;
        }
        aes256_encrypt_blocks(&ctx->aes, ks, cb, nb);
        size_t n = MIN(len, 16 * nb);
        for (size_t i = 0; i < n; i++)
            out[i] = in[i] ^ ks[i];
        in += n;
        out += n;
        len -= n;
    }
    qv_memzero_explicit(ks, sizeof ks);
    qv_memzero_explicit(cb, sizeof cb);
}

/* §7.1 steps 5-6: T = MSB(GCTR(J0, GHASH(A || 0^v || C || 0^u || [len A]64 || [len C]64))). */
static void compute_tag(const aes256_gcm_ctx *ctx, const uint8_t j0[16], const uint8_t *aad,
                        size_t aad_len, const uint8_t *ct, size_t len, uint8_t tag[16])
{
    ghash_ctx g;
    uint8_t lenblk[16], s[16], ek[16];
    ghash_init(&g, ctx->h);
    ghash_update(&g, aad, aad_len);
    ghash_pad(&g);
    ghash_update(&g, ct, len);
    ghash_pad(&g);
    put_len_bits(lenblk, aad_len);
    put_len_bits(lenblk + 8, len);
    ghash_update(&g, lenblk, 16);
    ghash_result(&g, s);
    aes256_encrypt_block(&ctx->aes, ek, j0);
    for (int i = 0; i < 16; i++)
        tag[i] = s[i] ^ ek[i];
    qv_memzero_explicit(&g, sizeof g);
    qv_memzero_explicit(s, sizeof s);
    qv_memzero_explicit(ek, sizeof ek);
}

static int check_lengths(const uint8_t *iv, size_t iv_len, const uint8_t *aad, size_t aad_len,
                         const uint8_t *in, size_t len, const uint8_t *out)
{
    /* §5.2.1.1: 1 <= len(IV) <= 2^64-1 bits, len(A) <= 2^64-1 bits. */
    if (!iv || iv_len == 0 || iv_len > (SIZE_MAX >> 3) || aad_len > (SIZE_MAX >> 3))
        return PQC_ERR_BAD_LENGTH;
    if ((uint64_t)len > GCM_MAX_TEXT)
        return PQC_ERR_BAD_LENGTH;
    if ((aad_len && !aad) || (len && (!in || !out)))
        return PQC_ERR_BAD_LENGTH;
    return 0;
}

int aes256_gcm_encrypt(const aes256_gcm_ctx *ctx, const uint8_t *iv, size_t iv_len,
                       const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                       uint8_t *out, uint8_t tag[GCM_TAG_SIZE])
{
    int err = check_lengths(iv, iv_len, aad, aad_len, in, len, out);
    if (err)
        return err;
    uint8_t j0[16];
    make_j0(ctx, iv, iv_len, j0);
    gctr(ctx, j0, in, len, out);
    compute_tag(ctx, j0, aad, aad_len, out, len, tag);
    qv_memzero_explicit(j0, sizeof j0);
    return 0;
}

int aes256_gcm_decrypt(const aes256_gcm_ctx *ctx, const uint8_t *iv, size_t iv_len,
                       const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                       const uint8_t *tag, size_t tag_len, uint8_t *out)
{
    int err = check_lengths(iv, iv_len, aad, aad_len, in, len, out);
    if (err)
        return err;
    /* §5.2.1.2: tags shorter than 96 bits are not allowed for general use. */
    if (!tag || tag_len < GCM_MIN_TAG_SIZE || tag_len > GCM_TAG_SIZE)
        return PQC_ERR_BAD_LENGTH;
    uint8_t j0[16], t[16];
    make_j0(ctx, iv, iv_len, j0);
    compute_tag(ctx, j0, aad, aad_len, in, len, t);
    /* Constant-time comparison; only the final accept/reject is public. */
    int bad = qv_ct_memneq(t, tag, tag_len);
    qv_ct_declassify(&bad, sizeof bad);
    qv_memzero_explicit(t, sizeof t);
    if (bad) {
        if (len)
            memset(out, 0, len);
        qv_memzero_explicit(j0, sizeof j0);
        return PQC_ERR_VERIFY;
    }
    gctr(ctx, j0, in, len, out);
    qv_memzero_explicit(j0, sizeof j0);
    return 0;
}
