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

/* rho offsets and pi destinations along the (x,y) -> (y, 2x+3y) walk
 * starting at lane 1 (FIPS 202 §3.2.2 table 2, §3.2.3). */
static const unsigned keccak_rho[24] = {
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
    27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
};
static const unsigned keccak_pi[24] = {
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
    15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
};

static inline uint64_t rol64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> ((64 - n) & 63));
}

/* Keccak-p[1600, 24] = Keccak-f[1600] (FIPS 202 §3.3, §3.4). */
void keccak_f1600(uint64_t s[25])
{
    for (unsigned round = 0; round < 24; round++) {
        uint64_t c[5], t;
        /* theta (§3.2.1) */
        for (unsigned x = 0; x < 5; x++)
            c[x] = s[x] ^ s[x + 5] ^ s[x + 10] ^ s[x + 15] ^ s[x + 20];
        for (unsigned x = 0; x < 5; x++) {
            t = c[(x + 4) % 5] ^ rol64(c[(x + 1) % 5], 1);
            for (unsigned y = 0; y < 25; y += 5)
                s[y + x] ^= t;
        }
        /* rho and pi together (§3.2.2, §3.2.3) */
        t = s[1];
        for (unsigned i = 0; i < 24; i++) {
            unsigned j = keccak_pi[i];
            uint64_t tmp = s[j];
            s[j] = rol64(t, keccak_rho[i]);
            t = tmp;
        }
        /* chi (§3.2.4) */
        for (unsigned y = 0; y < 25; y += 5) {
            for (unsigned x = 0; x < 5; x++)
                c[x] = s[y + x];
            for (unsigned x = 0; x < 5; x++)
                s[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
        }
        /* iota (§3.2.5) */
        s[0] ^= keccak_rc[round];
    }
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

void keccak_absorb(keccak_ctx *c, const uint8_t *in, size_t len)
{
    unsigned pos = c->pos;
    /* Whole lanes when aligned: keeps large-message hashing reasonably fast. */
    while (len > 0) {
        if ((pos & 7) == 0 && len >= 8 && pos + 8 <= c->rate) {
            uint64_t w = 0;
            for (unsigned k = 0; k < 8; k++)
                w |= (uint64_t)in[k] << (8 * k);
            c->s[pos >> 3] ^= w;
            pos += 8;
            in += 8;
            len -= 8;
        } else {
            xor_byte(c->s, pos++, *in++);
            len--;
        }
        if (pos == c->rate) {
            keccak_f1600(c->s);
            pos = 0;
        }
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

void keccak_squeeze(keccak_ctx *c, uint8_t *out, size_t len)
{
    if (!c->squeezing)
        keccak_finalize(c);
    unsigned pos = c->pos;
    while (len > 0) {
        if (pos == c->rate) {
            keccak_f1600(c->s);
            pos = 0;
        }
        if ((pos & 7) == 0 && len >= 8 && pos + 8 <= c->rate) {
            uint64_t w = c->s[pos >> 3];
            for (unsigned k = 0; k < 8; k++)
                out[k] = (uint8_t)(w >> (8 * k));
            out += 8;
            pos += 8;
            len -= 8;
        } else {
            *out++ = get_byte(c->s, pos++);
            len--;
        }
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
