/* AES-256 (FIPS 197) without lookup tables.
 *
 * Why no tables: a secret-indexed S-box leaks the key through the data cache
 * (Bernstein 2005, Osvik-Shamir-Tromer 2006), which matters in a hypervisor
 * where guests share caches with us. Instead each S-box evaluation is
 * computed: SubBytes(x) = A(x^254) + 0x63 (§5.1.1), with GF(2^8) arithmetic
 * done bitsliced over 64 bytes (four blocks) at once. ShiftRows, MixColumns
 * and AddRoundKey work on the bytes packed in 64-bit words. Every operation
 * is a shift, mask, AND or XOR: nothing branches on or indexes by data. */
#include "pqc/sym/aes.h"
#include "pqc/sym/ctutil.h"
#include "lib/string.h"

#define LANE1 0x0101010101010101ull

/* Multiply every byte by x modulo x^8+x^4+x^3+x+1 (§4.2.1 xtime). */
static inline uint64_t xt(uint64_t a)
{
    return ((a & 0x7f7f7f7f7f7f7f7full) << 1) ^ (((a >> 7) & LANE1) * 0x1b);
}

/* Bitslicing. The S-box is evaluated on 64 bytes at once (four blocks) held
 * in eight words w[k] (bytes 8k..8k+7, little-endian). ortho() transposes, for
 * each byte position m, the 8x8 bit matrix (word k, bit j of the byte): after
 * it, w[j] bit 8m+k holds bit j of byte m of the original w[k], i.e. w[j] is
 * the "bit plane" j of all 64 bytes. The transpose is its own inverse. */
static inline void swapmove(uint64_t *a, uint64_t *b, unsigned n, uint64_t m)
{
    uint64_t t = ((*a >> n) ^ *b) & m;
    *b ^= t;
    *a ^= t << n;
}

static void ortho(uint64_t w[8])
{
    for (int k = 0; k < 8; k += 2)
        swapmove(&w[k], &w[k + 1], 1, 0x5555555555555555ull);
    for (int k = 0; k < 8; k += 4) {
        swapmove(&w[k], &w[k + 2], 2, 0x3333333333333333ull);
        swapmove(&w[k + 1], &w[k + 3], 2, 0x3333333333333333ull);
    }
    for (int k = 0; k < 4; k++)
        swapmove(&w[k], &w[k + 4], 4, 0x0f0f0f0f0f0f0f0full);
}

/* Reduce a bitsliced polynomial of degree <= 14 modulo
 * m(x) = x^8 + x^4 + x^3 + x + 1 (§4.2): x^t = x^(t-4) + x^(t-5) + x^(t-7) + x^(t-8). */
static inline void bs_reduce(uint64_t c[15], uint64_t r[8])
{
#pragma GCC unroll 7
    for (int t = 14; t >= 8; t--) {
        c[t - 4] ^= c[t];
        c[t - 5] ^= c[t];
        c[t - 7] ^= c[t];
        c[t - 8] ^= c[t];
    }
    for (int i = 0; i < 8; i++)
        r[i] = c[i];
}

/* 64 GF(2^8) products at once: schoolbook on bit planes (AND = bit product,
 * XOR = sum), then reduction. No data-dependent branch or index. */
static void bs_mul(uint64_t r[8], const uint64_t a[8], const uint64_t b[8])
{
    uint64_t c[15] = { 0 };
    /* fully unrolled: 64 ANDs and XORs on registers */
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++)
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++)
            c[i + j] ^= a[i] & b[j];
    bs_reduce(c, r);
}

/* Squaring is linear over GF(2): coefficient i moves to 2i. */
static void bs_sq(uint64_t r[8], const uint64_t a[8])
{
    uint64_t c[15] = { 0 };
    for (int i = 0; i < 8; i++)
        c[2 * i] = a[i];
    bs_reduce(c, r);
}

/* x^254: x^-1 for x != 0 and 0 for 0, as §5.1.1 requires; addition chain
 * 1,2,3,12,15,240,252,254. */
static void bs_inv(uint64_t r[8], const uint64_t x[8])
{
    uint64_t x2[8], x3[8], x12[8], t[8];
    bs_sq(x2, x);
    bs_mul(x3, x2, x);
    bs_sq(t, x3);
    bs_sq(x12, t);
    bs_mul(t, x12, x3); /* x^15 */
    bs_sq(t, t);
    bs_sq(t, t);
    bs_sq(t, t);
    bs_sq(t, t);        /* x^240 */
    bs_mul(t, t, x12);  /* x^252 */
    bs_mul(r, t, x2);   /* x^254 */
}

/* SubBytes on 64 bytes: inverse, then the affine map of §5.1.1,
 * b'_j = b_j ^ b_(j+4) ^ b_(j+5) ^ b_(j+6) ^ b_(j+7) ^ c_j with c = 0x63. */
static void sub64(uint64_t w[8])
{
    uint64_t y[8];
    ortho(w);
    bs_inv(y, w);
    for (int j = 0; j < 8; j++)
        w[j] = y[j] ^ y[(j + 4) & 7] ^ y[(j + 5) & 7] ^ y[(j + 6) & 7] ^ y[(j + 7) & 7] ^
               (0 - (uint64_t)((0x63 >> j) & 1));
    ortho(w);
}

/* InvSubBytes (§5.3.2): inverse affine map b_j = s_(j+2) ^ s_(j+5) ^ s_(j+7) ^ d_j
 * with d = 0x05, then the inverse in GF(2^8). */
static void invsub64(uint64_t w[8])
{
    uint64_t y[8];
    ortho(w);
    for (int j = 0; j < 8; j++)
        y[j] = w[(j + 2) & 7] ^ w[(j + 5) & 7] ^ w[(j + 7) & 7] ^ (0 - (uint64_t)((0x05 >> j) & 1));
    bs_inv(w, y);
    ortho(w);
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

/* ShiftRows (§5.1.2): row r of column c takes row r of column (c + r) mod 4
 * (the inverse, §5.3.1, takes column (c - r) mod 4). With columns c0..c3 in
 * s[0] = (c0, c1) and s[1] = (c2, c3), the four column pairs (c0,c1),
 * (c1,c2), (c2,c3), (c3,c0) are formed and each row is masked from the right
 * one. A fixed permutation: no data-dependent index. */
static inline void shift_rows(uint64_t s[2], int inverse)
{
    const uint64_t r0 = 0x000000ff000000ffull, r1 = r0 << 8, r2 = r0 << 16, r3 = r0 << 24;
    uint64_t a = s[0], b = (s[0] >> 32) | (s[1] << 32), c = s[1], d = (s[1] >> 32) | (s[0] << 32);
    if (inverse) {
        s[0] = (a & r0) | (d & r1) | (c & r2) | (b & r3);
        s[1] = (c & r0) | (b & r1) | (a & r2) | (d & r3);
    } else {
        s[0] = (a & r0) | (b & r1) | (c & r2) | (d & r3);
        s[1] = (c & r0) | (d & r1) | (a & r2) | (b & r3);
    }
}

/* SubWord (§5.2) through the bitsliced S-box; the other 60 lanes are unused. */
static uint32_t sub_word(uint32_t x)
{
    uint64_t w[8] = { x };
    sub64(w);
    uint32_t r = (uint32_t)w[0];
    qv_memzero_explicit(w, sizeof w);
    return r;
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
            t = sub_word(t) ^ rcon;
            rcon = (uint32_t)(xt(rcon) & 0xff);
        } else if (i % 8 == 4) {
            t = sub_word(t);
        }
        w[i] = w[i - 8] ^ t;
    }
    for (int r = 0; r <= AES256_ROUNDS; r++) {
        ctx->rk[r][0] = (uint64_t)w[4 * r] | (uint64_t)w[4 * r + 1] << 32;
        ctx->rk[r][1] = (uint64_t)w[4 * r + 2] | (uint64_t)w[4 * r + 3] << 32;
    }
    qv_memzero_explicit(w, sizeof w);
}

/* Up to four blocks: block b lives in s[2b], s[2b+1]. Unused lanes are zero
 * and simply ride along (the cost is that of four blocks either way). */
static void load_blocks(uint64_t s[8], const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < 8; i++)
        s[i] = i < 2 * n ? qv_load64_le(in + 8 * i) : 0;
}

static void store_blocks(uint8_t *out, uint64_t s[8], size_t n)
{
    for (size_t i = 0; i < 2 * n; i++)
        qv_store64_le(out + 8 * i, s[i]);
    qv_memzero_explicit(s, 8 * sizeof s[0]);
}

static void add_round_key(uint64_t s[8], const uint64_t rk[2])
{
    for (int b = 0; b < 4; b++) {
        s[2 * b] ^= rk[0];
        s[2 * b + 1] ^= rk[1];
    }
}

static void encrypt4(const aes256_ctx *ctx, uint64_t s[8])
{
    add_round_key(s, ctx->rk[0]);
    for (int r = 1; r <= AES256_ROUNDS; r++) {
        sub64(s);
        for (int b = 0; b < 4; b++)
            shift_rows(s + 2 * b, 0);
        if (r != AES256_ROUNDS) /* the final round has no MixColumns (§5.1) */
            for (int i = 0; i < 8; i++)
                s[i] = mix2(s[i]);
        add_round_key(s, ctx->rk[r]);
    }
}

static void decrypt4(const aes256_ctx *ctx, uint64_t s[8])
{
    add_round_key(s, ctx->rk[AES256_ROUNDS]);
    for (int r = AES256_ROUNDS - 1; r >= 0; r--) {
        for (int b = 0; b < 4; b++)
            shift_rows(s + 2 * b, 1);
        invsub64(s);
        add_round_key(s, ctx->rk[r]);
        if (r != 0)
            for (int i = 0; i < 8; i++)
                s[i] = invmix2(s[i]);
    }
}

void aes256_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    uint64_t s[8];
    while (nblocks > 0) {
        size_t n = MIN(nblocks, (size_t)4);
        load_blocks(s, in, n);
        encrypt4(ctx, s);
        store_blocks(out, s, n);
        in += 16 * n;
        out += 16 * n;
        nblocks -= n;
    }
}

void aes256_decrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    uint64_t s[8];
    while (nblocks > 0) {
        size_t n = MIN(nblocks, (size_t)4);
        load_blocks(s, in, n);
        decrypt4(ctx, s);
        store_blocks(out, s, n);
        in += 16 * n;
        out += 16 * n;
        nblocks -= n;
    }
}

void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE])
{
    aes256_encrypt_blocks(ctx, out, in, 1);
}

void aes256_decrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE])
{
    aes256_decrypt_blocks(ctx, out, in, 1);
}

void aes256_wipe(aes256_ctx *ctx)
{
    qv_memzero_explicit(ctx, sizeof *ctx);
}
