/* SHA-3 / SHAKE (FIPS 202). Lanes are little-endian 64-bit words (§B.1), so
 * byte i of the state is byte (i % 8) of lane i / 8. All loops have fixed,
 * data-independent bounds: hashing is used on secrets (seeds, keys). */
#include "pqc/hash/sha3.h"
#include "lib/string.h"

/* Round constants RC[ir] of the iota step (FIPS 202 §3.2.5, Algorithm 5/6). */
static const uint64_t keccak_rc[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull,
    0x8000000080008000ull, 0x000000000000808bull, 0x0000000080000001ull,
    0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull,
    0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull,
    0x000000000000800aull, 0x800000008000000aull, 0x8000000080008081ull,
    0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

static inline uint64_t rol64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> ((64 - n) & 63));
}

/* One round Rnd(A, ir) = iota(chi(pi(rho(theta(A))))) (FIPS 202 §3.3), from
 * the 25 lanes A##xy into the 25 lanes E##xy, where xy are the lane
 * coordinates x, y (lane x + 5y of the state array, §3.1.2).
 *  - theta (§3.2.1): c_x = column parities, d_x = c_{x-1} ^ ROT(c_{x+1}, 1);
 *  - rho (§3.2.2): lane (x, y) rotated by the offset of Table 2 (mod 64);
 *  - pi (§3.2.3): output lane (X, Y) comes from input lane (X + 3Y, X);
 *  - chi (§3.2.4) on each output plane Y as soon as its 5 lanes b_X exist:
 *    E_XY = b_X ^ (~b_{X+1} & b_{X+2});
 *  - iota (§3.2.5): lane (0, 0) ^= RC[ir].
 * The rotation counts and source lanes are constants, so the compiler keeps
 * the lanes in registers (spilling some) with no table look-ups at all. The
 * text below was written out mechanically from those rules (rho offsets from
 * Alg. 2: (t + 1)(t + 2) / 2 along the walk (x, y) -> (y, 2x + 3y)). */
#define KECCAK_ROUND(A, E, rc)                               \
    do {                                                     \
        uint64_t c0 = A##00 ^ A##01 ^ A##02 ^ A##03 ^ A##04; \
        uint64_t c1 = A##10 ^ A##11 ^ A##12 ^ A##13 ^ A##14; \
        uint64_t c2 = A##20 ^ A##21 ^ A##22 ^ A##23 ^ A##24; \
        uint64_t c3 = A##30 ^ A##31 ^ A##32 ^ A##33 ^ A##34; \
        uint64_t c4 = A##40 ^ A##41 ^ A##42 ^ A##43 ^ A##44; \
        uint64_t d0 = c4 ^ rol64(c1, 1);                     \
        uint64_t d1 = c0 ^ rol64(c2, 1);                     \
        uint64_t d2 = c1 ^ rol64(c3, 1);                     \
        uint64_t d3 = c2 ^ rol64(c4, 1);                     \
        uint64_t d4 = c3 ^ rol64(c0, 1);                     \
        uint64_t b0, b1, b2, b3, b4;                         \
        b0 = A##00 ^ d0;                                     \
        b1 = rol64(A##11 ^ d1, 44);                          \
        b2 = rol64(A##22 ^ d2, 43);                          \
        b3 = rol64(A##33 ^ d3, 21);                          \
        b4 = rol64(A##44 ^ d4, 14);                          \
        E##00 = b0 ^ (~b1 & b2) ^ (rc);                      \
        E##10 = b1 ^ (~b2 & b3);                             \
        E##20 = b2 ^ (~b3 & b4);                             \
        E##30 = b3 ^ (~b4 & b0);                             \
        E##40 = b4 ^ (~b0 & b1);                             \
        b0 = rol64(A##30 ^ d3, 28);                          \
        b1 = rol64(A##41 ^ d4, 20);                          \
        b2 = rol64(A##02 ^ d0, 3);                           \
        b3 = rol64(A##13 ^ d1, 45);                          \
        b4 = rol64(A##24 ^ d2, 61);                          \
        E##01 = b0 ^ (~b1 & b2);                             \
        E##11 = b1 ^ (~b2 & b3);                             \
        E##21 = b2 ^ (~b3 & b4);                             \
        E##31 = b3 ^ (~b4 & b0);                             \
        E##41 = b4 ^ (~b0 & b1);                             \
        b0 = rol64(A##10 ^ d1, 1);                           \
        b1 = rol64(A##21 ^ d2, 6);                           \
        b2 = rol64(A##32 ^ d3, 25);                          \
        b3 = rol64(A##43 ^ d4, 8);                           \
        b4 = rol64(A##04 ^ d0, 18);                          \
        E##02 = b0 ^ (~b1 & b2);                             \
        E##12 = b1 ^ (~b2 & b3);                             \
        E##22 = b2 ^ (~b3 & b4);                             \
        E##32 = b3 ^ (~b4 & b0);                             \
        E##42 = b4 ^ (~b0 & b1);                             \
        b0 = rol64(A##40 ^ d4, 27);                          \
        b1 = rol64(A##01 ^ d0, 36);                          \
        b2 = rol64(A##12 ^ d1, 10);                          \
        b3 = rol64(A##23 ^ d2, 15);                          \
        b4 = rol64(A##34 ^ d3, 56);                          \
        E##03 = b0 ^ (~b1 & b2);                             \
        E##13 = b1 ^ (~b2 & b3);                             \
        E##23 = b2 ^ (~b3 & b4);                             \
        E##33 = b3 ^ (~b4 & b0);                             \
        E##43 = b4 ^ (~b0 & b1);                             \
        b0 = rol64(A##20 ^ d2, 62);                          \
        b1 = rol64(A##31 ^ d3, 55);                          \
        b2 = rol64(A##42 ^ d4, 39);                          \
        b3 = rol64(A##03 ^ d0, 41);                          \
        b4 = rol64(A##14 ^ d1, 2);                           \
        E##04 = b0 ^ (~b1 & b2);                             \
        E##14 = b1 ^ (~b2 & b3);                             \
        E##24 = b2 ^ (~b3 & b4);                             \
        E##34 = b3 ^ (~b4 & b0);                             \
        E##44 = b4 ^ (~b0 & b1);                             \
    } while (0)

#define KECCAK_LANES(A)                                                   \
    uint64_t A##00, A##10, A##20, A##30, A##40, A##01, A##11, A##21, A##31, \
        A##41, A##02, A##12, A##22, A##32, A##42, A##03, A##13, A##23,      \
        A##33, A##43, A##04, A##14, A##24, A##34, A##44

/* Keccak-p[1600, 24] = Keccak-f[1600] (FIPS 202 §3.3, §3.4). Rounds go in
 * pairs a -> e -> a so that no lane is ever copied. */
void keccak_f1600(uint64_t s[25])
{
    KECCAK_LANES(a);
    KECCAK_LANES(e);

    a00 = s[0];  a10 = s[1];  a20 = s[2];  a30 = s[3];  a40 = s[4];
    a01 = s[5];  a11 = s[6];  a21 = s[7];  a31 = s[8];  a41 = s[9];
    a02 = s[10]; a12 = s[11]; a22 = s[12]; a32 = s[13]; a42 = s[14];
    a03 = s[15]; a13 = s[16]; a23 = s[17]; a33 = s[18]; a43 = s[19];
    a04 = s[20]; a14 = s[21]; a24 = s[22]; a34 = s[23]; a44 = s[24];
    for (unsigned ir = 0; ir < 24; ir += 2) {
        KECCAK_ROUND(a, e, keccak_rc[ir]);
        KECCAK_ROUND(e, a, keccak_rc[ir + 1]);
    }
    s[0] = a00;  s[1] = a10;  s[2] = a20;  s[3] = a30;  s[4] = a40;
    s[5] = a01;  s[6] = a11;  s[7] = a21;  s[8] = a31;  s[9] = a41;
    s[10] = a02; s[11] = a12; s[12] = a22; s[13] = a32; s[14] = a42;
    s[15] = a03; s[16] = a13; s[17] = a23; s[18] = a33; s[19] = a43;
    s[20] = a04; s[21] = a14; s[22] = a24; s[23] = a34; s[24] = a44;
}

static void keccak_init(keccak_ctx *c, unsigned rate, uint8_t dsbyte)
{
    memset(c, 0, sizeof(*c));
    c->rate = rate;
    c->dsbyte = dsbyte;
}

/* Capacity c = 2 * digest length for SHA3 (§6.1); SHAKE128/256 rates from §6.2.
 * The domain byte holds the suffix bits (01 for SHA3, 1111 for SHAKE, §6.1/6.2,
 * B.2) followed by the first bit of pad10*1. */
void sha3_224_init(keccak_ctx *c) { keccak_init(c, 144, 0x06); }
void sha3_256_init(keccak_ctx *c) { keccak_init(c, SHA3_256_RATE, 0x06); }
void sha3_384_init(keccak_ctx *c) { keccak_init(c, 104, 0x06); }
void sha3_512_init(keccak_ctx *c) { keccak_init(c, SHA3_512_RATE, 0x06); }
void shake128_init(keccak_ctx *c) { keccak_init(c, SHAKE128_RATE, 0x1f); }
void shake256_init(keccak_ctx *c) { keccak_init(c, SHAKE256_RATE, 0x1f); }

static inline void xor_byte(uint64_t *s, unsigned i, uint8_t b)
{
    s[i >> 3] ^= (uint64_t)b << (8 * (i & 7));
}

static inline uint8_t get_byte(const uint64_t *s, unsigned i)
{
    return (uint8_t)(s[i >> 3] >> (8 * (i & 7)));
}

/* Lanes are little-endian (§B.1). __builtin_memcpy is expanded inline even
 * under the kernel's -fno-builtin and has no alignment requirement. */
static inline uint64_t load64_le(const uint8_t *p)
{
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline void store64_le(uint8_t *p, uint64_t w)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    __builtin_memcpy(p, &w, 8);
}

/* state bytes [pos, pos + n) ^= in[0, n), n <= rate - pos: bytes up to a
 * lane boundary, then whole lanes, then the remaining bytes. */
static void xor_in(uint64_t *s, unsigned pos, const uint8_t *in, size_t n)
{
    for (; n > 0 && (pos & 7) != 0; n--)
        xor_byte(s, pos++, *in++);
    for (; n >= 8; n -= 8, pos += 8, in += 8)
        s[pos >> 3] ^= load64_le(in);
    for (; n > 0; n--)
        xor_byte(s, pos++, *in++);
}

/* out[0, n) = state bytes [pos, pos + n), n <= rate - pos. */
static void copy_out(const uint64_t *s, unsigned pos, uint8_t *out, size_t n)
{
    for (; n > 0 && (pos & 7) != 0; n--)
        *out++ = get_byte(s, pos++);
    for (; n >= 8; n -= 8, pos += 8, out += 8)
        store64_le(out, s[pos >> 3]);
    for (; n > 0; n--)
        *out++ = get_byte(s, pos++);
}

/* Sponge absorbing (§4, Alg. 8 steps 5-6), incrementally: every rate is a
 * multiple of 8 bytes, so whole blocks are XORed in lane by lane. */
void keccak_absorb(keccak_ctx *c, const uint8_t *in, size_t len)
{
    unsigned pos = c->pos, rate = c->rate;

    if (pos != 0) {
        size_t n = len < rate - pos ? len : rate - pos;
        xor_in(c->s, pos, in, n);
        pos += (unsigned)n;
        in += n;
        len -= n;
        if (pos == rate) {
            keccak_f1600(c->s);
            pos = 0;
        }
    }
    for (; len >= rate; len -= rate, in += rate) {
        for (unsigned i = 0; i < rate / 8; i++)
            c->s[i] ^= load64_le(in + 8 * i);
        keccak_f1600(c->s);
    }
    if (len > 0) {
        xor_in(c->s, pos, in, len);
        pos += (unsigned)len;
    }
    c->pos = pos;
}

/* pad10*1 (§5.1) with the domain suffix, then switch to squeezing. */
static void keccak_finalize(keccak_ctx *c)
{
    xor_byte(c->s, c->pos, c->dsbyte);
    xor_byte(c->s, c->rate - 1, 0x80);
    keccak_f1600(c->s);
    c->pos = 0;
    c->squeezing = true;
}

/* Sponge squeezing (Alg. 8 steps 7-10): the permutation runs only when more
 * output is asked for after a block is used up, so squeezing exactly k
 * blocks costs k - 1 permutations after the padding one. */
void keccak_squeeze(keccak_ctx *c, uint8_t *out, size_t len)
{
    if (!c->squeezing)
        keccak_finalize(c);
    unsigned pos = c->pos, rate = c->rate;
    while (len > 0) {
        if (pos == rate) {
            keccak_f1600(c->s);
            pos = 0;
        }
        size_t n = len < rate - pos ? len : rate - pos;
        copy_out(c->s, pos, out, n);
        pos += (unsigned)n;
        out += n;
        len -= n;
    }
    c->pos = pos;
}

void sha3_final(keccak_ctx *c, uint8_t *out)
{
    /* Digest length d = capacity / 2 = (200 - rate) / 2 bytes (§6.1). */
    keccak_squeeze(c, out, (200u - c->rate) / 2u);
    qv_memzero_explicit(c, sizeof(*c));
}

#define SHA3_ONESHOT(fn, initfn, n)                                \
    void fn(uint8_t out[n], const uint8_t *in, size_t len)         \
    {                                                              \
        keccak_ctx c;                                              \
        initfn(&c);                                                \
        keccak_absorb(&c, in, len);                                \
        sha3_final(&c, out);                                       \
    }
SHA3_ONESHOT(sha3_224, sha3_224_init, 28)
SHA3_ONESHOT(sha3_256, sha3_256_init, 32)
SHA3_ONESHOT(sha3_384, sha3_384_init, 48)
SHA3_ONESHOT(sha3_512, sha3_512_init, 64)

void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    keccak_ctx c;
    shake128_init(&c);
    keccak_absorb(&c, in, inlen);
    keccak_squeeze(&c, out, outlen);
    qv_memzero_explicit(&c, sizeof(c));
}

void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
    keccak_ctx c;
    shake256_init(&c);
    keccak_absorb(&c, in, inlen);
    keccak_squeeze(&c, out, outlen);
    qv_memzero_explicit(&c, sizeof(c));
}
