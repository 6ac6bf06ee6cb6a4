/* AES-256-XTS (IEEE Std 1619-2007 §5). */
#include "pqc/sym/xts.h"
#include "pqc/sym/ctutil.h"
#include "lib/errors.h"
#include "lib/string.h"

int aes256_xts_init(aes256_xts_ctx *ctx, const uint8_t key[XTS_KEY_SIZE])
{
    /* Whether the key is acceptable is public; how the halves differ is not. */
    int same = qv_ct_memneq(key, key + 32, 32) == 0;
    qv_ct_declassify(&same, sizeof same);
    if (same)
        return PQC_ERR_BAD_KEY;
    aes256_init(&ctx->data, key);
    aes256_init(&ctx->tweak, key + 32);
    return 0;
}

void aes256_xts_wipe(aes256_xts_ctx *ctx)
{
    qv_memzero_explicit(ctx, sizeof *ctx);
}

void aes256_xts_sector_tweak(uint8_t tweak[XTS_TWEAK_SIZE], uint64_t sector)
{
    qv_store64_le(tweak, sector);
    memset(tweak + 8, 0, 8);
}

/* T <- T * alpha in GF(2^128) mod x^128 + x^7 + x^2 + x + 1 with the
 * little-endian byte order of §5.2: shift left one bit, fold the carry out of
 * bit 127 back as 0x87, selected by a mask rather than a branch. */
static void mul_alpha(uint64_t t[2])
{
    uint64_t carry = t[1] >> 63;
    t[1] = (t[1] << 1) | (t[0] >> 63);
    t[0] = (t[0] << 1) ^ ((0 - carry) & 0x87);
}

typedef void (*block_fn)(const aes256_ctx *, uint8_t *, const uint8_t *);

/* §5.3.1 / §5.4.1: PP = P xor T; CC = AES(PP); C = CC xor T. */
static void xex(const aes256_ctx *k, block_fn f, const uint64_t t[2], uint8_t out[16],
                const uint8_t in[16])
{
    uint8_t b[16];
    qv_store64_le(b, qv_load64_le(in) ^ t[0]);
    qv_store64_le(b + 8, qv_load64_le(in + 8) ^ t[1]);
    f(k, b, b);
    qv_store64_le(out, qv_load64_le(b) ^ t[0]);
    qv_store64_le(out + 8, qv_load64_le(b + 8) ^ t[1]);
    qv_memzero_explicit(b, sizeof b);
}

static int xts_crypt(const aes256_xts_ctx *ctx, const uint8_t tweak[XTS_TWEAK_SIZE],
                     const uint8_t *in, size_t len, uint8_t *out, int decrypt)
{
    if (!ctx || !tweak || !in || !out || len < XTS_MIN_UNIT || len > XTS_MAX_UNIT)
        return PQC_ERR_BAD_LENGTH;
    block_fn f = decrypt ? aes256_decrypt_block : aes256_encrypt_block;
    uint8_t tb[16], cc[16];
    uint64_t t[2], t_last[2];
    aes256_encrypt_block(&ctx->tweak, tb, tweak); /* T = AES-enc(Key2, i) */
    t[0] = qv_load64_le(tb);
    t[1] = qv_load64_le(tb + 8);

    size_t m = len / 16, b = len % 16;
    /* With stealing, the last full block is handled together with the tail. */
    size_t full = b ? m - 1 : m;
    /* Four blocks per AES call (one bitsliced S-box pass for all four). */
    uint8_t buf[64];
    uint64_t ts[8];
    for (size_t j = 0; j < full;) {
        size_t nb = MIN(full - j, (size_t)4);
        for (size_t b = 0; b < nb; b++) {
            ts[2 * b] = t[0];
            ts[2 * b + 1] = t[1];
            qv_store64_le(buf + 16 * b, qv_load64_le(in + 16 * (j + b)) ^ t[0]);
            qv_store64_le(buf + 16 * b + 8, qv_load64_le(in + 16 * (j + b) + 8) ^ t[1]);
            mul_alpha(t);
        }
        if (decrypt)
            aes256_decrypt_blocks(&ctx->data, buf, buf, nb);
        else
            aes256_encrypt_blocks(&ctx->data, buf, buf, nb);
        for (size_t b = 0; b < nb; b++) {
            qv_store64_le(out + 16 * (j + b), qv_load64_le(buf + 16 * b) ^ ts[2 * b]);
            qv_store64_le(out + 16 * (j + b) + 8, qv_load64_le(buf + 16 * b + 8) ^ ts[2 * b + 1]);
        }
        j += nb;
    }
    qv_memzero_explicit(buf, sizeof buf);
    qv_memzero_explicit(ts, sizeof ts);
    if (b) {
        const uint8_t *pm1 = in + 16 * (m - 1);
        uint8_t *om1 = out + 16 * (m - 1);
        /* Encryption (§5.3.2) uses T_{m-1} then T_m; decryption (§5.4.2)
         * must undo them in the opposite order: T_m first, then T_{m-1}. */
        t_last[0] = t[0];
        t_last[1] = t[1];
        mul_alpha(t_last);
        const uint64_t *first = decrypt ? t_last : t, *second = decrypt ? t : t_last;
        xex(&ctx->data, f, first, cc, pm1);
        /* Copy the tail before writing it, since out may alias in. */
        uint8_t pp[16];
        memcpy(pp, pm1 + 16, b);
        memcpy(pp + b, cc + b, 16 - b);
        memcpy(om1 + 16, cc, b);
        xex(&ctx->data, f, second, om1, pp);
        qv_memzero_explicit(pp, sizeof pp);
        qv_memzero_explicit(t_last, sizeof t_last);
    }
    qv_memzero_explicit(tb, sizeof tb);
    qv_memzero_explicit(cc, sizeof cc);
    qv_memzero_explicit(t, sizeof t);
    return 0;
}

int aes256_xts_encrypt(const aes256_xts_ctx *ctx, const uint8_t tweak[XTS_TWEAK_SIZE],
                       const uint8_t *in, size_t len, uint8_t *out)
{
    return xts_crypt(ctx, tweak, in, len, out, 0);
}

int aes256_xts_decrypt(const aes256_xts_ctx *ctx, const uint8_t tweak[XTS_TWEAK_SIZE],
                       const uint8_t *in, size_t len, uint8_t *out)
{
    return xts_crypt(ctx, tweak, in, len, out, 1);
}
