/* SampleNTT and SamplePolyCBD (FIPS 203 §4.2.2). */
#include "pqc/mlkem/sample.h"
#include "lib/string.h"
#include "pqc/hash/sha3.h"

/* Three SHAKE128 blocks (504 bytes, a multiple of 3) give the 256 accepted
 * candidates with high probability (each 12-bit candidate is accepted with
 * probability q / 4096, 336 candidates are expected to yield ~273); they are
 * squeezed in one call, and further blocks one at a time. */
#define SAMPLE_NTT_FIRST_BLOCKS 3

/* Alg. 7 lines 5-13 over buf[0, len), len a multiple of 3: two 12-bit
 * candidates per 3 bytes, each kept when < q; returns the new count j.
 * While two free slots remain, every candidate is stored and the count
 * advances by the comparison result, so there is no hard-to-predict branch
 * per candidate (a rejected value is overwritten by the next accepted one).
 * The input is public (rho), so this is only about speed. */
static unsigned rej_uniform(int16_t *r, unsigned j, const uint8_t *buf, size_t len)
{
    size_t p = 0;

    for (; p < len && j + 2 <= MLKEM_N; p += 3) {
        uint16_t d1 = (uint16_t)(buf[p] | ((buf[p + 1] & 0x0f) << 8));
        uint16_t d2 = (uint16_t)((buf[p + 1] >> 4) | (buf[p + 2] << 4));
        r[j] = (int16_t)d1;
        j += d1 < MLKEM_Q;
        r[j] = (int16_t)d2;
        j += d2 < MLKEM_Q;
    }
    for (; p < len && j < MLKEM_N; p += 3) {
        uint16_t d1 = (uint16_t)(buf[p] | ((buf[p + 1] & 0x0f) << 8));
        uint16_t d2 = (uint16_t)((buf[p + 1] >> 4) | (buf[p + 2] << 4));
        if (d1 < MLKEM_Q)
            r[j++] = (int16_t)d1;
        if (d2 < MLKEM_Q && j < MLKEM_N)
            r[j++] = (int16_t)d2;
    }
    return j;
}

void mlkem_sample_ntt(mlkem_poly *r, const uint8_t rho[MLKEM_SYM_BYTES], uint8_t b0, uint8_t b1)
{
    uint8_t buf[SAMPLE_NTT_FIRST_BLOCKS * SHAKE128_RATE];
    uint8_t seed[MLKEM_SYM_BYTES + 2];
    keccak_ctx xof;
    unsigned j;

    memcpy(seed, rho, MLKEM_SYM_BYTES);
    seed[MLKEM_SYM_BYTES] = b0;
    seed[MLKEM_SYM_BYTES + 1] = b1;
    shake128_init(&xof);
    keccak_absorb(&xof, seed, sizeof seed);
    keccak_squeeze(&xof, buf, sizeof buf);
    /* SHAKE128_RATE is a multiple of 3, so no candidate straddles two
     * squeezes. */
    j = rej_uniform(r->c, 0, buf, sizeof buf);
    while (j < MLKEM_N) {
        keccak_squeeze(&xof, buf, SHAKE128_RATE);
        j = rej_uniform(r->c, j, buf, SHAKE128_RATE);
    }
}

static uint32_t load24(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
}

static uint32_t load32(const uint8_t *p)
{
    return load24(p) | ((uint32_t)p[3] << 24);
}

/* Alg. 8: f_i = sum of eta bits minus sum of the next eta bits, taken from
 * the bit string b in order. Bits are counted in parallel inside a word:
 * adding the word's bits shifted by 0..eta-1 under a mask that keeps every
 * eta-th bit leaves the count of each eta-bit group in that group's field. */
void mlkem_cbd(mlkem_poly *r, const uint8_t *buf, unsigned eta)
{
    if (eta == 2) {
        /* 32 bits: 8 coefficients of 4 bits (2 for x, 2 for y). */
        for (unsigned i = 0; i < MLKEM_N / 8; i++) {
            uint32_t w = load32(buf + 4 * i);
            uint32_t s = (w & 0x55555555u) + ((w >> 1) & 0x55555555u);
            for (unsigned c = 0; c < 8; c++) {
                int16_t x = (int16_t)((s >> (4 * c)) & 3);
                int16_t y = (int16_t)((s >> (4 * c + 2)) & 3);
                r->c[8 * i + c] = (int16_t)(x - y);
            }
        }
    } else { /* eta == 3: 24 bits = 4 coefficients of 6 bits */
        for (unsigned i = 0; i < MLKEM_N / 4; i++) {
            uint32_t w = load24(buf + 3 * i);
            uint32_t s = (w & 0x249249u) + ((w >> 1) & 0x249249u) + ((w >> 2) & 0x249249u);
            for (unsigned c = 0; c < 4; c++) {
                int16_t x = (int16_t)((s >> (6 * c)) & 7);
                int16_t y = (int16_t)((s >> (6 * c + 3)) & 7);
                r->c[4 * i + c] = (int16_t)(x - y);
            }
        }
    }
}

void mlkem_sample_cbd(mlkem_poly *r, const uint8_t sigma[MLKEM_SYM_BYTES], uint8_t n, unsigned eta)
{
    /* PRF_eta(s, b) = SHAKE256(s || b, 64 eta) (§4.1, eq. 4.3). */
    uint8_t in[MLKEM_SYM_BYTES + 1];
    uint8_t buf[64 * 3];

    memcpy(in, sigma, MLKEM_SYM_BYTES);
    in[MLKEM_SYM_BYTES] = n;
    shake256(buf, 64 * eta, in, sizeof in);
    mlkem_cbd(r, buf, eta);
    qv_memzero_explicit(in, sizeof in);
    qv_memzero_explicit(buf, sizeof buf);
}
