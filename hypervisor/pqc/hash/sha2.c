/* SHA-224/256/384/512, SHA-512/224, SHA-512/256 (FIPS 180-4). Message words
 * are big-endian (§3.1). Only data-independent control flow: HMAC/HKDF and the
 * DRBG hash secrets with these functions. */
#include "pqc/hash/sha2.h"
#include "lib/string.h"

/* K constants, FIPS 180-4 §4.2.2 (first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes). */
static const uint32_t k256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* K constants, §4.2.3 (64-bit, first 80 primes). */
static const uint64_t k512[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static inline uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static inline uint64_t ror64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static inline uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t load_be64(const uint8_t *p)
{
    return (uint64_t)load_be32(p) << 32 | load_be32(p + 4);
}
static inline void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void store_be64(uint8_t *p, uint64_t v)
{
    store_be32(p, (uint32_t)(v >> 32));
    store_be32(p + 4, (uint32_t)v);
}

/* SHA-256 compression (§6.2.2); the 16-word rolling schedule keeps the frame small. */
static void sha256_block(uint32_t h[8], const uint8_t *blk)
{
    uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned t = 0; t < 64; t++) {
        uint32_t wt;
        if (t < 16) {
            wt = load_be32(blk + 4 * t);
        } else {
            uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
            uint32_t s0 = ror32(w15, 7) ^ ror32(w15, 18) ^ (w15 >> 3);   /* sigma0, (4.6) */
            uint32_t s1 = ror32(w2, 17) ^ ror32(w2, 19) ^ (w2 >> 10);    /* sigma1, (4.7) */
            wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
        }
        w[t & 15] = wt;
        uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + k256[t] + wt;
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    qv_memzero_explicit(w, sizeof(w));
}

/* SHA-512 compression (§6.4.2). */
static void sha512_block(uint64_t h[8], const uint8_t *blk)
{
    uint64_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned t = 0; t < 80; t++) {
        uint64_t wt;
        if (t < 16) {
            wt = load_be64(blk + 8 * t);
        } else {
            uint64_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
            uint64_t s0 = ror64(w15, 1) ^ ror64(w15, 8) ^ (w15 >> 7);    /* (4.12) */
            uint64_t s1 = ror64(w2, 19) ^ ror64(w2, 61) ^ (w2 >> 6);     /* (4.13) */
            wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
        }
        w[t & 15] = wt;
        uint64_t t1 = hh + (ror64(e, 14) ^ ror64(e, 18) ^ ror64(e, 41)) + ((e & f) ^ (~e & g)) + k512[t] + wt;
        uint64_t t2 = (ror64(a, 28) ^ ror64(a, 34) ^ ror64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    qv_memzero_explicit(w, sizeof(w));
}

/* Initial hash values, §5.3.2 (SHA-224) and §5.3.3 (SHA-256). */
void sha224_init(sha256_ctx *c)
{
    static const uint32_t iv[8] = { 0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
                                    0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4 };
    memset(c, 0, sizeof(*c));
    memcpy(c->h, iv, sizeof(iv));
    c->outlen = 28;
}

void sha256_init(sha256_ctx *c)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memset(c, 0, sizeof(*c));
    memcpy(c->h, iv, sizeof(iv));
    c->outlen = 32;
}

void sha256_update(sha256_ctx *c, const uint8_t *in, size_t len)
{
    c->bytes += len;
    while (len > 0) {
        if (c->n == 0 && len >= 64) {
            sha256_block(c->h, in);
            in += 64;
            len -= 64;
            continue;
        }
        size_t take = MIN((size_t)(64 - c->n), len);
        memcpy(c->buf + c->n, in, take);
        c->n += (unsigned)take;
        in += take;
        len -= take;
        if (c->n == 64) {
            sha256_block(c->h, c->buf);
            c->n = 0;
        }
    }
}

/* Padding §5.1.1: 0x80, zeros, 64-bit big-endian bit length. */
void sha256_final(sha256_ctx *c, uint8_t *out)
{
    uint64_t bits = c->bytes << 3;
    c->buf[c->n++] = 0x80;
    if (c->n > 56) {
        memset(c->buf + c->n, 0, 64 - c->n);
        sha256_block(c->h, c->buf);
        c->n = 0;
    }
    memset(c->buf + c->n, 0, 56 - c->n);
    store_be64(c->buf + 56, bits);
    sha256_block(c->h, c->buf);
    for (unsigned i = 0; i < c->outlen / 4; i++)
        store_be32(out + 4 * i, c->h[i]);
    qv_memzero_explicit(c, sizeof(*c));
}

static void sha512_init_iv(sha512_ctx *c, const uint64_t iv[8], unsigned outlen)
{
    memset(c, 0, sizeof(*c));
    memcpy(c->h, iv, 8 * sizeof(uint64_t));
    c->outlen = outlen;
}

/* §5.3.4 (SHA-384), §5.3.5 (SHA-512), §5.3.6.1/5.3.6.2 (SHA-512/t). */
void sha384_init(sha512_ctx *c)
{
    static const uint64_t iv[8] = {
        0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
        0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull };
    sha512_init_iv(c, iv, 48);
}

void sha512_init(sha512_ctx *c)
{
    static const uint64_t iv[8] = {
        0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
        0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull };
    sha512_init_iv(c, iv, 64);
}

void sha512_224_init(sha512_ctx *c)
{
    static const uint64_t iv[8] = {
        0x8C3D37C819544DA2ull, 0x73E1996689DCD4D6ull, 0x1DFAB7AE32FF9C82ull, 0x679DD514582F9FCFull,
        0x0F6D2B697BD44DA8ull, 0x77E36F7304C48942ull, 0x3F9D85A86A1D36C8ull, 0x1112E6AD91D692A1ull };
    sha512_init_iv(c, iv, 28);
}

void sha512_256_init(sha512_ctx *c)
{
    static const uint64_t iv[8] = {
        0x22312194FC2BF72Cull, 0x9F555FA3C84C64C2ull, 0x2393B86B6F53B151ull, 0x963877195940EABDull,
        0x96283EE2A88EFFE3ull, 0xBE5E1E2553863992ull, 0x2B0199FC2C85B8AAull, 0x0EB72DDC81C52CA2ull };
    sha512_init_iv(c, iv, 32);
}

void sha512_update(sha512_ctx *c, const uint8_t *in, size_t len)
{
    c->bytes += len;
    while (len > 0) {
        if (c->n == 0 && len >= 128) {
            sha512_block(c->h, in);
            in += 128;
            len -= 128;
            continue;
        }
        size_t take = MIN((size_t)(128 - c->n), len);
        memcpy(c->buf + c->n, in, take);
        c->n += (unsigned)take;
        in += take;
        len -= take;
        if (c->n == 128) {
            sha512_block(c->h, c->buf);
            c->n = 0;
        }
    }
}

/* Padding §5.1.2: 128-bit length; the high 64 bits are the top 3 bits of the
 * byte count (messages stay below 2^64 bytes). */
void sha512_final(sha512_ctx *c, uint8_t *out)
{
    uint64_t hi = c->bytes >> 61, lo = c->bytes << 3;
    c->buf[c->n++] = 0x80;
    if (c->n > 112) {
        memset(c->buf + c->n, 0, 128 - c->n);
        sha512_block(c->h, c->buf);
        c->n = 0;
    }
    memset(c->buf + c->n, 0, 112 - c->n);
    store_be64(c->buf + 112, hi);
    store_be64(c->buf + 120, lo);
    sha512_block(c->h, c->buf);
    /* SHA-512/224 ends mid-word (§6.7): emit whole words, then the remainder. */
    uint8_t full[64];
    for (unsigned i = 0; i < 8; i++)
        store_be64(full + 8 * i, c->h[i]);
    memcpy(out, full, c->outlen);
    qv_memzero_explicit(full, sizeof(full));
    qv_memzero_explicit(c, sizeof(*c));
}

void sha224(uint8_t out[28], const uint8_t *in, size_t len)
{
    sha256_ctx c;
    sha224_init(&c);
    sha256_update(&c, in, len);
    sha256_final(&c, out);
}

void sha256(uint8_t out[32], const uint8_t *in, size_t len)
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, in, len);
    sha256_final(&c, out);
}

void sha384(uint8_t out[48], const uint8_t *in, size_t len)
{
    sha512_ctx c;
    sha384_init(&c);
    sha512_update(&c, in, len);
    sha512_final(&c, out);
}

void sha512(uint8_t out[64], const uint8_t *in, size_t len)
{
    sha512_ctx c;
    sha512_init(&c);
    sha512_update(&c, in, len);
    sha512_final(&c, out);
}
