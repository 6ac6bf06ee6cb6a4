/* GHASH with a constant-time carry-less multiply in integer arithmetic. */
#include "pqc/sym/ghash.h"
#include "pqc/sym/ctutil.h"
#include "lib/string.h"

/* Carry-less 32x32 -> 64 product. Split each operand into four classes of bits
 * (positions i mod 4). An integer product of two such sparse operands has, at
 * each position of the matching class, a count of at most 8 partial products,
 * which fits in the 4-bit gap before the next position of that class, so its
 * low bit is the GF(2) sum and the carries never reach a bit we keep. */
static uint64_t clmul32(uint32_t a, uint32_t b)
{
    const uint64_t m0 = 0x1111111111111111ull, m1 = m0 << 1, m2 = m0 << 2, m3 = m0 << 3;
    uint64_t a0 = a & (uint32_t)m0, a1 = a & (uint32_t)m1, a2 = a & (uint32_t)m2, a3 = a & (uint32_t)m3;
    uint64_t b0 = b & (uint32_t)m0, b1 = b & (uint32_t)m1, b2 = b & (uint32_t)m2, b3 = b & (uint32_t)m3;
    uint64_t z0 = (a0 * b0) ^ (a1 * b3) ^ (a2 * b2) ^ (a3 * b1);
    uint64_t z1 = (a0 * b1) ^ (a1 * b0) ^ (a2 * b3) ^ (a3 * b2);
    uint64_t z2 = (a0 * b2) ^ (a1 * b1) ^ (a2 * b0) ^ (a3 * b3);
    uint64_t z3 = (a0 * b3) ^ (a1 * b2) ^ (a2 * b1) ^ (a3 * b0);
    return (z0 & m0) | (z1 & m1) | (z2 & m2) | (z3 & m3);
}

/* Carry-less 64x64 -> 128 by Karatsuba over 32-bit halves. */
static qv_u128 clmul64(uint64_t a, uint64_t b)
{
    uint64_t lo = clmul32((uint32_t)a, (uint32_t)b);
    uint64_t hi = clmul32((uint32_t)(a >> 32), (uint32_t)(b >> 32));
    uint64_t mid = clmul32((uint32_t)a ^ (uint32_t)(a >> 32), (uint32_t)b ^ (uint32_t)(b >> 32)) ^ lo ^ hi;
    return ((qv_u128)hi << 64) ^ ((qv_u128)mid << 32) ^ lo;
}

/* SP 800-38D §6.3 numbers bits so that the most significant bit of the
 * big-endian block is the coefficient of x^0 (a bit-reflected polynomial).
 * For reflected operands A, H the integer carry-less product P satisfies:
 * bit n of P = coefficient of x^(254-n). After Q = P << 1, the high 128 bits
 * are the reflected low half of the polynomial product and the low 128 bits L
 * the reflected high half c_hi. Reduction uses x^128 = 1 + x + x^2 + x^7;
 * multiplying a reflected value by x^s is a right shift by s, and the bits
 * shifted out (the degree >= 128 overflow) are folded back once more. */
qv_u128 ghash_gfmul(qv_u128 x, qv_u128 h)
{
    uint64_t x1 = (uint64_t)(x >> 64), x0 = (uint64_t)x;
    uint64_t h1 = (uint64_t)(h >> 64), h0 = (uint64_t)h;
    qv_u128 hi = clmul64(x1, h1);
    qv_u128 lo = clmul64(x0, h0);
    qv_u128 mid = clmul64(x1 ^ x0, h1 ^ h0) ^ hi ^ lo;
    hi ^= mid >> 64;
    lo ^= mid << 64;
    /* 256-bit shift left by one */
    hi = (hi << 1) | (lo >> 127);
    lo <<= 1;
    /* overflow of c_hi * (x + x^2 + x^7), reflected: bits that fall off */
    qv_u128 o = (lo << 127) ^ (lo << 126) ^ (lo << 121);
    qv_u128 l = lo ^ o;
    return hi ^ l ^ (l >> 1) ^ (l >> 2) ^ (l >> 7);
}

static qv_u128 load128_be(const uint8_t p[16])
{
    return (qv_u128)qv_load64_be(p) << 64 | qv_load64_be(p + 8);
}

void ghash_init(ghash_ctx *g, const uint8_t h[16])
{
    g->h = load128_be(h);
    g->y = 0;
    g->n = 0;
}

void ghash_update(ghash_ctx *g, const uint8_t *p, size_t n)
{
    while (n > 0) {
        if (g->n == 0 && n >= 16) {
            g->y = ghash_gfmul(g->y ^ load128_be(p), g->h);
            p += 16;
            n -= 16;
            continue;
        }
        size_t take = MIN(n, (size_t)(16 - g->n));
        memcpy(g->buf + g->n, p, take);
        g->n += (unsigned)take;
        p += take;
        n -= take;
        if (g->n == 16) {
            g->y = ghash_gfmul(g->y ^ load128_be(g->buf), g->h);
            g->n = 0;
        }
    }
}

void ghash_pad(ghash_ctx *g)
{
    if (g->n == 0)
        return;
    memset(g->buf + g->n, 0, 16 - g->n);
    g->y = ghash_gfmul(g->y ^ load128_be(g->buf), g->h);
    g->n = 0;
}

void ghash_result(ghash_ctx *g, uint8_t out[16])
{
    ghash_pad(g);
    qv_store64_be(out, (uint64_t)(g->y >> 64));
    qv_store64_be(out + 8, (uint64_t)g->y);
}
