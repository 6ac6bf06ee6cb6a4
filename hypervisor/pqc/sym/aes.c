/* AES-256 (FIPS 197) without lookup tables.
 *
 * Why no tables: a secret-indexed S-box leaks the key through the data cache
 * (Bernstein 2005, Osvik-Shamir-Tromer 2006), which matters in a hypervisor
 * where guests share caches with us. Instead each S-box evaluation is
 * computed: SubBytes(x) = A(x^254) + 0x63 (§5.1.1), with GF(2^8) arithmetic
 * done on eight independent bytes packed in a uint64_t ("SIMD within a
 * register"). Every operation is a shift, mask, XOR or a multiplication by a
 * constant 0/1 lane mask, none of which branches or indexes memory. */
#include "pqc/sym/aes.h"
#include "pqc/sym/ctutil.h"
#include "lib/string.h"

#define LANE1 0x0101010101010101ull

/* Multiply every byte by x modulo x^8+x^4+x^3+x+1 (§4.2.1 xtime). */
static inline uint64_t xt(uint64_t a)
{
    return ((a & 0x7f7f7f7f7f7f7f7full) << 1) ^ (((a >> 7) & LANE1) * 0x1b);
}

/* Byte-wise GF(2^8) product (§4.2): shift-and-add over the 8 bits of b, with
 * the add selected by a mask instead of a branch. */
static uint64_t gmul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        r ^= a & (((b >> i) & LANE1) * 0xff);
        a = xt(a);
    }
    return r;
}

/* Byte-wise squaring, which is linear over GF(2): bit i of x moves to
 * x^(2i). For i < 4 that is just bit 2i; for i >= 4 it is the reduced value
 * of x^8 = 0x1b, x^10 = 0x6c, x^12 = 0xab, x^14 = 0x9a. */
static inline uint64_t gsq(uint64_t x)
{
    uint64_t r = (x & LANE1) | ((x & (LANE1 << 1)) << 1) | ((x & (LANE1 << 2)) << 2) |
                 ((x & (LANE1 << 3)) << 3);
    r ^= ((x >> 4) & LANE1) * 0x1b;
    r ^= ((x >> 5) & LANE1) * 0x6c;
    r ^= ((x >> 6) & LANE1) * 0xab;
    r ^= ((x >> 7) & LANE1) * 0x9a;
    return r;
}

/* Multiplicative inverse x^254 (x^-1 for x != 0, and 0 for 0, as §5.1.1
 * requires), by the addition chain 1,2,3,6,12,15,30,60,120,240,252,254. */
static uint64_t ginv(uint64_t x)
{
    uint64_t x2 = gsq(x);
    uint64_t x3 = gmul(x2, x);
    uint64_t x12 = gsq(gsq(x3));
    uint64_t x15 = gmul(x12, x3);
    uint64_t x240 = gsq(gsq(gsq(gsq(x15))));
    return gmul(gmul(x240, x12), x2);
}

/* Rotate each byte left by k (1..7). */
static inline uint64_t brotl(uint64_t x, unsigned k)
{
    uint64_t hi = LANE1 * ((0xffu << k) & 0xff);
    return ((x << k) & hi) | ((x >> (8 - k)) & ~hi);
}

/* SubBytes on eight bytes: inverse, then the affine transformation
 * b' = b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63 (§5.1.1). */
static uint64_t sub8(uint64_t x)
{
    uint64_t y = ginv(x);
    return y ^ brotl(y, 1) ^ brotl(y, 2) ^ brotl(y, 3) ^ brotl(y, 4) ^ (LANE1 * 0x63);
}

/* InvSubBytes (§5.3.2): inverse affine map rotl 1,3,6 ^ 0x05, then inverse. */
static uint64_t invsub8(uint64_t s)
{
    return ginv(brotl(s, 1) ^ brotl(s, 3) ^ brotl(s, 6) ^ (LANE1 * 0x05));
}

/* Each 64-bit half holds two columns, each a little-endian 32-bit word
 * (row 0 in the low byte). rot8 moves row r+1 into row r within each column. */
static inline uint64_t col_rot8(uint64_t x)
{
    return ((x >> 8) & 0x00ffffff00ffffffull) | ((x << 24) & 0xff000000ff000000ull);
}

static inline uint64_t col_rot16(uint64_t x)
{
    return ((x >> 16) & 0x0000ffff0000ffffull) | ((x << 16) & 0xffff0000ffff0000ull);
}

/* MixColumns (§5.1.3): b_r = 2a_r ^ 3a_{r+1} ^ a_{r+2} ^ a_{r+3}
 *                          = 2(a_r ^ a_{r+1}) ^ a_{r+1} ^ a_{r+2} ^ a_{r+3}. */
static inline uint64_t mix2(uint64_t a)
{
    uint64_t r1 = col_rot8(a), r2 = col_rot16(a), r3 = col_rot8(r2);
    return xt(a ^ r1) ^ r1 ^ r2 ^ r3;
}

/* InvMixColumns (§5.3.3) factored as MixColumns after multiplying by
 * {05,00,04,00} circulant: a_r ^= 4(a_r ^ a_{r+2}). */
static inline uint64_t invmix2(uint64_t a)
{
    a ^= xt(xt(a ^ col_rot16(a)));
    return mix2(a);
}

/* ShiftRows (§5.1.2): row r of column c takes row r of column (c + r) mod 4.
 * The permutation is fixed, so indexing bytes here is data independent. */
static void shift_rows(uint64_t s[2], int inverse)
{
    uint8_t a[16], b[16];
    qv_store64_le(a, s[0]);
    qv_store64_le(a + 8, s[1]);
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            int from = r + 4 * ((c + r) & 3);
            if (inverse)
                b[from] = a[r + 4 * c];
            else
                b[r + 4 * c] = a[from];
        }
    s[0] = qv_load64_le(b);
    s[1] = qv_load64_le(b + 8);
    qv_memzero_explicit(a, sizeof a);
    qv_memzero_explicit(b, sizeof b);
}

void aes256_init(aes256_ctx *ctx, const uint8_t key[AES256_KEY_SIZE])
{
    /* §5.2 with Nk = 8, Nr = 14: 60 words, word i = bytes 4i..4i+3 as a
     * little-endian uint32 so RotWord is a right rotation by 8. */
    uint32_t w[4 * (AES256_ROUNDS + 1)];
    uint32_t rcon = 1;
    for (int i = 0; i < 8; i++)
        w[i] = qv_load32_le(key + 4 * i);
    for (int i = 8; i < 4 * (AES256_ROUNDS + 1); i++) {
        uint32_t t = w[i - 1];
        if (i % 8 == 0) {
            t = (t >> 8) | (t << 24);
            t = (uint32_t)sub8(t) ^ rcon;
            rcon = (uint32_t)(xt(rcon) & 0xff);
        } else if (i % 8 == 4) {
            t = (uint32_t)sub8(t);
        }
        w[i] = w[i - 8] ^ t;
    }
    for (int r = 0; r <= AES256_ROUNDS; r++) {
        ctx->rk[r][0] = (uint64_t)w[4 * r] | (uint64_t)w[4 * r + 1] << 32;
        ctx->rk[r][1] = (uint64_t)w[4 * r + 2] | (uint64_t)w[4 * r + 3] << 32;
    }
    qv_memzero_explicit(w, sizeof w);
}

void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE])
{
    uint64_t s[2] = { qv_load64_le(in) ^ ctx->rk[0][0], qv_load64_le(in + 8) ^ ctx->rk[0][1] };
    for (int r = 1; r <= AES256_ROUNDS; r++) {
        s[0] = sub8(s[0]);
        s[1] = sub8(s[1]);
        shift_rows(s, 0);
        if (r != AES256_ROUNDS) { /* the final round has no MixColumns (§5.1) */
            s[0] = mix2(s[0]);
            s[1] = mix2(s[1]);
        }
        s[0] ^= ctx->rk[r][0];
        s[1] ^= ctx->rk[r][1];
    }
    qv_store64_le(out, s[0]);
    qv_store64_le(out + 8, s[1]);
    qv_memzero_explicit(s, sizeof s);
}

void aes256_decrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE])
{
    uint64_t s[2] = { qv_load64_le(in) ^ ctx->rk[AES256_ROUNDS][0],
                      qv_load64_le(in + 8) ^ ctx->rk[AES256_ROUNDS][1] };
    for (int r = AES256_ROUNDS - 1; r >= 0; r--) {
        shift_rows(s, 1);
        s[0] = invsub8(s[0]) ^ ctx->rk[r][0];
        s[1] = invsub8(s[1]) ^ ctx->rk[r][1];
        if (r != 0) {
            s[0] = invmix2(s[0]);
            s[1] = invmix2(s[1]);
        }
    }
    qv_store64_le(out, s[0]);
    qv_store64_le(out + 8, s[1]);
    qv_memzero_explicit(s, sizeof s);
}

void aes256_wipe(aes256_ctx *ctx)
{
    qv_memzero_explicit(ctx, sizeof *ctx);
}
