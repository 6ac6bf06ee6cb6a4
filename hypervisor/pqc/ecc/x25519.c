/* X25519 (RFC 7748). Field elements are five 51-bit limbs (value =
 * sum f[i] * 2^(51 i)); products use unsigned __int128, which compiles to
 * general-register mul/adc, so the code is also fine in the hypervisor. */
#include "pqc/ecc/x25519.h"
#include "pqc/sym/ctutil.h"
#include "lib/errors.h"
#include "lib/string.h"

typedef unsigned __int128 u128;
typedef uint64_t fe[5];

#define MASK51 ((((uint64_t)1) << 51) - 1)

static void fe_carry(fe h)
{
    uint64_t c;
    for (int i = 0; i < 4; i++) {
        c = h[i] >> 51;
        h[i] &= MASK51;
        h[i + 1] += c;
    }
    c = h[4] >> 51;
    h[4] &= MASK51;
    h[0] += c * 19; /* 2^255 = 19 (mod p) */
    c = h[0] >> 51;
    h[0] &= MASK51;
    h[1] += c;
}

static void fe_add(fe h, const fe f, const fe g)
{
    for (int i = 0; i < 5; i++)
        h[i] = f[i] + g[i];
    fe_carry(h);
}

/* f - g + 4p keeps every limb positive for limbs of g below 2^53. */
static void fe_sub(fe h, const fe f, const fe g)
{
    h[0] = f[0] + ((MASK51 - 18) << 2) - g[0];
    for (int i = 1; i < 5; i++)
        h[i] = f[i] + (MASK51 << 2) - g[i];
    fe_carry(h);
}

static void fe_mul(fe h, const fe f, const fe g)
{
    uint64_t g1 = g[1] * 19, g2 = g[2] * 19, g3 = g[3] * 19, g4 = g[4] * 19;
    u128 r0 = (u128)f[0] * g[0] + (u128)f[1] * g4 + (u128)f[2] * g3 + (u128)f[3] * g2 + (u128)f[4] * g1;
    u128 r1 = (u128)f[0] * g[1] + (u128)f[1] * g[0] + (u128)f[2] * g4 + (u128)f[3] * g3 + (u128)f[4] * g2;
    u128 r2 = (u128)f[0] * g[2] + (u128)f[1] * g[1] + (u128)f[2] * g[0] + (u128)f[3] * g4 + (u128)f[4] * g3;
    u128 r3 = (u128)f[0] * g[3] + (u128)f[1] * g[2] + (u128)f[2] * g[1] + (u128)f[3] * g[0] + (u128)f[4] * g4;
    u128 r4 = (u128)f[0] * g[4] + (u128)f[1] * g[3] + (u128)f[2] * g[2] + (u128)f[3] * g[1] + (u128)f[4] * g[0];
    r1 += (uint64_t)(r0 >> 51);
    r2 += (uint64_t)(r1 >> 51);
    r3 += (uint64_t)(r2 >> 51);
    r4 += (uint64_t)(r3 >> 51);
    h[0] = ((uint64_t)r0 & MASK51) + (uint64_t)(r4 >> 51) * 19;
    h[1] = (uint64_t)r1 & MASK51;
    h[2] = (uint64_t)r2 & MASK51;
    h[3] = (uint64_t)r3 & MASK51;
    h[4] = (uint64_t)r4 & MASK51;
    h[1] += h[0] >> 51;
    h[0] &= MASK51;
}

static void fe_sq(fe h, const fe f)
{
    fe_mul(h, f, f);
}

static void fe_sqn(fe h, const fe f, int n)
{
    fe_sq(h, f);
    while (--n > 0)
        fe_sq(h, h);
}

static void fe_mul_small(fe h, const fe f, uint32_t k)
{
    u128 c = 0;
    for (int i = 0; i < 5; i++) {
        c += (u128)f[i] * k;
        h[i] = (uint64_t)c & MASK51;
        c >>= 51;
    }
    h[0] += (uint64_t)c * 19;
    h[1] += h[0] >> 51;
    h[0] &= MASK51;
}

/* z^(p-2) = z^(2^255 - 21) (Fermat), fixed addition chain, so time is
 * independent of z. */
static void fe_invert(fe out, const fe z)
{
    fe t0, t1, t2, t3;
    fe_sq(t0, z);            /* 2 */
    fe_sqn(t1, t0, 2);       /* 8 */
    fe_mul(t1, t1, z);       /* 9 */
    fe_mul(t0, t0, t1);      /* 11 */
    fe_sq(t2, t0);           /* 22 */
    fe_mul(t1, t1, t2);      /* 31 = 2^5 - 1 */
    fe_sqn(t2, t1, 5);
    fe_mul(t1, t2, t1);      /* 2^10 - 1 */
    fe_sqn(t2, t1, 10);
    fe_mul(t2, t2, t1);      /* 2^20 - 1 */
    fe_sqn(t3, t2, 20);
    fe_mul(t3, t3, t2);      /* 2^40 - 1 */
    fe_sqn(t3, t3, 10);
    fe_mul(t1, t3, t1);      /* 2^50 - 1 */
    fe_sqn(t2, t1, 50);
    fe_mul(t2, t2, t1);      /* 2^100 - 1 */
    fe_sqn(t3, t2, 100);
    fe_mul(t3, t3, t2);      /* 2^200 - 1 */
    fe_sqn(t3, t3, 50);
    fe_mul(t3, t3, t1);      /* 2^250 - 1 */
    fe_sqn(t3, t3, 5);       /* 2^255 - 32 */
    fe_mul(out, t3, t0);     /* 2^255 - 21 */
    qv_memzero_explicit(t0, sizeof t0);
    qv_memzero_explicit(t1, sizeof t1);
    qv_memzero_explicit(t2, sizeof t2);
    qv_memzero_explicit(t3, sizeof t3);
}

/* §5: decodeUCoordinate masks bit 255; values >= p are accepted and reduce. */
static void fe_frombytes(fe h, const uint8_t s[32])
{
    uint64_t w0 = qv_load64_le(s), w1 = qv_load64_le(s + 8), w2 = qv_load64_le(s + 16),
             w3 = qv_load64_le(s + 24) & 0x7fffffffffffffffull;
    h[0] = w0 & MASK51;
    h[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
    h[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
    h[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
    h[4] = w3 >> 12;
}

/* Canonical encoding: fully reduce, then subtract p when h >= p, computed
 * as q = floor((h + 19) / 2^255) without branching. */
static void fe_tobytes(uint8_t s[32], const fe f)
{
    fe h;
    memcpy(h, f, sizeof h);
    fe_carry(h);
    fe_carry(h);
    uint64_t q = (h[0] + 19) >> 51;
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    h[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
        h[i + 1] += h[i] >> 51;
        h[i] &= MASK51;
    }
    h[4] &= MASK51; /* drops the 2^255 that q accounted for */
    qv_store64_le(s, h[0] | (h[1] << 51));
    qv_store64_le(s + 8, (h[1] >> 13) | (h[2] << 38));
    qv_store64_le(s + 16, (h[2] >> 26) | (h[3] << 25));
    qv_store64_le(s + 24, (h[3] >> 39) | (h[4] << 12));
    qv_memzero_explicit(h, sizeof h);
}

/* Swap f and g when swap == 1, by masking (§5 cswap). */
static void fe_cswap(fe f, fe g, uint64_t swap)
{
    uint64_t m = 0 - swap;
    for (int i = 0; i < 5; i++) {
        uint64_t t = m & (f[i] ^ g[i]);
        f[i] ^= t;
        g[i] ^= t;
    }
}

void x25519_scalarmult(uint8_t out[X25519_KEY_SIZE], const uint8_t scalar[X25519_KEY_SIZE],
                       const uint8_t u[X25519_KEY_SIZE])
{
    uint8_t k[32];
    fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb;
    /* §5 decodeScalar25519: clear bits 0-2 and 255, set bit 254. */
    memcpy(k, scalar, 32);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;

    fe_frombytes(x1, u);
    memset(x2, 0, sizeof x2);
    x2[0] = 1;
    memset(z2, 0, sizeof z2);
    memcpy(x3, x1, sizeof x3);
    memset(z3, 0, sizeof z3);
    z3[0] = 1;
    uint64_t swap = 0;
    for (int t = 254; t >= 0; t--) {
        uint64_t kt = (k[t >> 3] >> (t & 7)) & 1; /* t is public: the index is too */
        swap ^= kt;
        fe_cswap(x2, x3, swap);
        fe_cswap(z2, z3, swap);
        swap = kt;
        fe_add(a, x2, z2);
        fe_sq(aa, a);
        fe_sub(b, x2, z2);
        fe_sq(bb, b);
        fe_sub(e, aa, bb);
        fe_add(c, x3, z3);
        fe_sub(d, x3, z3);
        fe_mul(da, d, a);
        fe_mul(cb, c, b);
        fe_add(x3, da, cb);
        fe_sq(x3, x3);
        fe_sub(z3, da, cb);
        fe_sq(z3, z3);
        fe_mul(z3, z3, x1);
        fe_mul(x2, aa, bb);
        fe_mul_small(z2, e, 121665); /* a24 = (486662 - 2) / 4 */
        fe_add(z2, z2, aa);
        fe_mul(z2, z2, e);
    }
    fe_cswap(x2, x3, swap);
    fe_cswap(z2, z3, swap);
    fe_invert(z2, z2);
    fe_mul(x2, x2, z2);
    fe_tobytes(out, x2);

    qv_memzero_explicit(k, sizeof k);
    qv_memzero_explicit(x1, sizeof x1);
    qv_memzero_explicit(x2, sizeof x2);
    qv_memzero_explicit(z2, sizeof z2);
    qv_memzero_explicit(x3, sizeof x3);
    qv_memzero_explicit(z3, sizeof z3);
    qv_memzero_explicit(a, sizeof a);
    qv_memzero_explicit(aa, sizeof aa);
    qv_memzero_explicit(b, sizeof b);
    qv_memzero_explicit(bb, sizeof bb);
    qv_memzero_explicit(e, sizeof e);
    qv_memzero_explicit(c, sizeof c);
    qv_memzero_explicit(d, sizeof d);
    qv_memzero_explicit(da, sizeof da);
    qv_memzero_explicit(cb, sizeof cb);
}

void x25519_public_key(uint8_t pub[X25519_KEY_SIZE], const uint8_t priv[X25519_KEY_SIZE])
{
    static const uint8_t base[32] = { 9 };
    x25519_scalarmult(pub, priv, base);
}

int x25519_shared_secret(uint8_t shared[X25519_KEY_SIZE], const uint8_t priv[X25519_KEY_SIZE],
                         const uint8_t peer[X25519_KEY_SIZE])
{
    x25519_scalarmult(shared, priv, peer);
    /* §6.1: an all-zero output means a small-order peer point; the check
     * must not reveal anything else about the secret, hence qv_ct_is_zero. */
    int zero = qv_ct_is_zero(shared, X25519_KEY_SIZE);
    qv_ct_declassify(&zero, sizeof zero);
    if (zero) {
        qv_memzero_explicit(shared, X25519_KEY_SIZE);
        return PQC_ERR_BAD_KEY;
    }
    return 0;
}
