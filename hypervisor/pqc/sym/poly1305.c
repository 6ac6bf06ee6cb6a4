/* Poly1305 (RFC 8439 §2.5): h = (h + m_i) * r mod 2^130 - 5, tag = h + s mod 2^128.
 *
 * Radix 2^26 with five limbs: each product limb is < 2^52 and a sum of five
 * fits in 64 bits. Reduction uses 2^130 = 5 (mod p), so high limbs fold back
 * multiplied by 5 (precomputed as 5*r). The final reduction selects h or h - p
 * with a mask, never a branch. */
#include "pqc/sym/poly1305.h"
#include "pqc/sym/ctutil.h"
#include "lib/string.h"

void poly1305_init(poly1305_ctx *c, const uint8_t key[POLY1305_KEY_SIZE])
{
    /* §2.5.1 clamp: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff */
    uint32_t t0 = qv_load32_le(key) & 0x0fffffff, t1 = qv_load32_le(key + 4) & 0x0ffffffc,
             t2 = qv_load32_le(key + 8) & 0x0ffffffc, t3 = qv_load32_le(key + 12) & 0x0ffffffc;
    c->r[0] = t0 & 0x3ffffff;
    c->r[1] = ((t0 >> 26) | (t1 << 6)) & 0x3ffffff;
    c->r[2] = ((t1 >> 20) | (t2 << 12)) & 0x3ffffff;
    c->r[3] = ((t2 >> 14) | (t3 << 18)) & 0x3ffffff;
    c->r[4] = t3 >> 8;
    for (int i = 0; i < 5; i++)
        c->h[i] = 0;
    for (int i = 0; i < 4; i++)
        c->pad[i] = qv_load32_le(key + 16 + 4 * i);
    c->n = 0;
}

/* One 16-byte block with the extra high bit `hibit` (2^128, or the
 * explicit 0x01 byte of a padded final block, §2.5.1). */
static void block(poly1305_ctx *c, const uint8_t m[16], uint32_t hibit)
{
    const uint32_t r0 = c->r[0], r1 = c->r[1], r2 = c->r[2], r3 = c->r[3], r4 = c->r[4];
    const uint32_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
    uint32_t m0 = qv_load32_le(m), m1 = qv_load32_le(m + 4), m2 = qv_load32_le(m + 8),
             m3 = qv_load32_le(m + 12);
    uint64_t h0 = c->h[0] + (m0 & 0x3ffffff);
    uint64_t h1 = c->h[1] + (((m0 >> 26) | (m1 << 6)) & 0x3ffffff);
    uint64_t h2 = c->h[2] + (((m1 >> 20) | (m2 << 12)) & 0x3ffffff);
    uint64_t h3 = c->h[3] + (((m2 >> 14) | (m3 << 18)) & 0x3ffffff);
    uint64_t h4 = c->h[4] + ((m3 >> 8) | hibit);

    uint64_t d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
    uint64_t d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
    uint64_t d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
    uint64_t d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
    uint64_t d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

    /* carry propagation, partially reduced (h < 2^131 is fine for the next block) */
    d1 += d0 >> 26; h0 = d0 & 0x3ffffff;
    d2 += d1 >> 26; h1 = d1 & 0x3ffffff;
    d3 += d2 >> 26; h2 = d2 & 0x3ffffff;
    d4 += d3 >> 26; h3 = d3 & 0x3ffffff;
    h0 += (d4 >> 26) * 5; h4 = d4 & 0x3ffffff;
    h1 += h0 >> 26; h0 &= 0x3ffffff;
    c->h[0] = (uint32_t)h0; c->h[1] = (uint32_t)h1; c->h[2] = (uint32_t)h2;
    c->h[3] = (uint32_t)h3; c->h[4] = (uint32_t)h4;
}

void poly1305_update(poly1305_ctx *c, const uint8_t *m, size_t len)
{
    while (len > 0) {
        if (c->n == 0 && len >= 16) {
            block(c, m, 1u << 24);
            m += 16;
            len -= 16;
            continue;
        }
        size_t take = MIN(len, (size_t)(16 - c->n));
        memcpy(c->buf + c->n, m, take);
        c->n += (unsigned)take;
        m += take;
        len -= take;
        if (c->n == 16) {
            block(c, c->buf, 1u << 24);
            c->n = 0;
        }
    }
}

void poly1305_final(poly1305_ctx *c, uint8_t tag[POLY1305_TAG_SIZE])
{
    if (c->n) { /* the message length is public */
        c->buf[c->n] = 1;
        memset(c->buf + c->n + 1, 0, 15 - c->n);
        block(c, c->buf, 0);
    }
    uint32_t h0 = c->h[0], h1 = c->h[1], h2 = c->h[2], h3 = c->h[3], h4 = c->h[4];
    /* full carry */
    h2 += h1 >> 26; h1 &= 0x3ffffff;
    h3 += h2 >> 26; h2 &= 0x3ffffff;
    h4 += h3 >> 26; h3 &= 0x3ffffff;
    h0 += (h4 >> 26) * 5; h4 &= 0x3ffffff;
    h1 += h0 >> 26; h0 &= 0x3ffffff;
    /* g = h + 5 - 2^130; if no borrow, h >= p and the result is g */
    uint32_t g0 = h0 + 5, g1 = h1 + (g0 >> 26), g2, g3, g4;
    g0 &= 0x3ffffff;
    g2 = h2 + (g1 >> 26); g1 &= 0x3ffffff;
    g3 = h3 + (g2 >> 26); g2 &= 0x3ffffff;
    g4 = h4 + (g3 >> 26) - (1u << 26); g3 &= 0x3ffffff;
    uint32_t use_g = (g4 >> 31) - 1; /* all ones when g4 did not go negative */
    h0 = (h0 & ~use_g) | (g0 & use_g);
    h1 = (h1 & ~use_g) | (g1 & use_g);
    h2 = (h2 & ~use_g) | (g2 & use_g);
    h3 = (h3 & ~use_g) | (g3 & use_g);
    h4 = (h4 & ~use_g) | (g4 & use_g);
    /* repack to 4x32 and add s mod 2^128 */
    uint64_t f;
    f = (uint64_t)(h0 | (h1 << 26)) + c->pad[0];
    qv_store32_le(tag, (uint32_t)f);
    f = (uint64_t)((h1 >> 6) | (h2 << 20)) + c->pad[1] + (f >> 32);
    qv_store32_le(tag + 4, (uint32_t)f);
    f = (uint64_t)((h2 >> 12) | (h3 << 14)) + c->pad[2] + (f >> 32);
    qv_store32_le(tag + 8, (uint32_t)f);
    f = (uint64_t)((h3 >> 18) | (h4 << 8)) + c->pad[3] + (f >> 32);
    qv_store32_le(tag + 12, (uint32_t)f);
    qv_memzero_explicit(c, sizeof *c);
}

void poly1305_mac(const uint8_t key[POLY1305_KEY_SIZE], const uint8_t *m, size_t len,
                  uint8_t tag[POLY1305_TAG_SIZE])
{
    poly1305_ctx c;
    poly1305_init(&c, key);
    poly1305_update(&c, m, len);
    poly1305_final(&c, tag);
}
