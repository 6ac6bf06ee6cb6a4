/* Polynomial arithmetic helpers and encodings for ML-KEM (FIPS 203 §4.2.1). */
#include "pqc/mlkem/poly.h"
#include "pqc/mlkem/reduce.h"

void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b)
{
    for (unsigned i = 0; i < MLKEM_N; i++)
        r->c[i] = (int16_t)(a->c[i] + b->c[i]);
}

void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b)
{
    for (unsigned i = 0; i < MLKEM_N; i++)
        r->c[i] = (int16_t)(a->c[i] - b->c[i]);
}

void mlkem_poly_canon(mlkem_poly *r)
{
    for (unsigned i = 0; i < MLKEM_N; i++)
        r->c[i] = mlkem_caddq(mlkem_barrett_reduce(r->c[i]));
}

void mlkem_poly_tomont(mlkem_poly *r)
{
    for (unsigned i = 0; i < MLKEM_N; i++)
        r->c[i] = mlkem_fqmul(r->c[i], MLKEM_R2);
}

/* Compress_d(x) = round(2^d x / q) mod 2^d. q is odd, so 2^d x / q is never
 * a half-integer and round(...) = floor((2^d x + 1664) / q). The division is
 * a multiplication by ceil(2^36 / q) and a shift (exact for numerators below
 * 2^23, checked exhaustively by the unit test): a hardware divide would take
 * data-dependent time on secret coefficients. */
uint16_t mlkem_compress(uint16_t x, unsigned d)
{
    uint64_t n = ((uint64_t)x << d) + (MLKEM_Q - 1) / 2;
    return (uint16_t)(((n * 20642679u) >> 36) & ((1u << d) - 1));
}

/* Decompress_d(y) = round(q y / 2^d), ties rounded up (only possible for d = 1). */
uint16_t mlkem_decompress(uint16_t y, unsigned d)
{
    return (uint16_t)(((uint32_t)y * MLKEM_Q + (1u << (d - 1))) >> d);
}

/* ByteEncode_d (Alg. 5) of Compress_d(a) (or of a itself when d = 12):
 * 256 d-bit values, least significant bit first. Eight values fill exactly
 * d bytes, so the polynomial is done in groups of 8. pack()/unpack() are
 * always inlined with a constant d (see the switches below), so with the
 * group loop unrolled the bit position is a constant at every step and each
 * case compiles to fixed shifts and stores, specialised for its d. Working
 * on the polynomial directly avoids a temporary copy of secret values. The
 * code shape depends only on d. */
static inline __attribute__((always_inline)) void pack(uint8_t *out, const mlkem_poly *a,
                                                       unsigned d)
{
    for (unsigned g = 0; g < MLKEM_N; g += 8) {
        uint64_t acc = 0;
        unsigned bits = 0;
#pragma GCC unroll 8
        for (unsigned i = 0; i < 8; i++) {
            uint16_t x = (uint16_t)a->c[g + i];
            acc |= (uint64_t)(d == 12 ? x : mlkem_compress(x, d)) << bits;
            bits += d;
#pragma GCC unroll 2
            while (bits >= 8) {
                *out++ = (uint8_t)acc;
                acc >>= 8;
                bits -= 8;
            }
        }
    }
}

/* ByteDecode_d (Alg. 6) without the final reduction: 256 raw d-bit fields,
 * d bytes per group of 8, specialised like pack(). */
static inline __attribute__((always_inline)) void unpack(mlkem_poly *r, const uint8_t *in,
                                                         unsigned d)
{
    for (unsigned g = 0; g < MLKEM_N; g += 8) {
        uint64_t acc = 0;
        unsigned bits = 0;
#pragma GCC unroll 8
        for (unsigned i = 0; i < 8; i++) {
#pragma GCC unroll 2
            while (bits < d) {
                acc |= (uint64_t)*in++ << bits;
                bits += 8;
            }
            r->c[g + i] = (int16_t)(acc & ((1u << d) - 1));
            acc >>= d;
            bits -= d;
        }
    }
}

void mlkem_poly_tobytes(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a)
{
    pack(out, a, 12);
}

unsigned mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES])
{
    unsigned bad = 0;
    unpack(r, in, 12);
    for (unsigned i = 0; i < MLKEM_N; i++) {
        /* x - q is negative exactly when x < q; the sign bit is the mask. */
        int32_t t = (int32_t)r->c[i] - MLKEM_Q;
        uint32_t lt = (uint32_t)t >> 31;          /* 1 if x < q */
        bad |= lt ^ 1u;
        r->c[i] = (int16_t)(t + (int32_t)(MLKEM_Q & -lt));
    }
    return bad;
}

/* The d used by ML-KEM (FIPS 203 Table 2: du 10/11, dv 4/5, and 1 for the
 * message) get their own specialised copy; any other d the generic one. */
void mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d)
{
    switch (d) {
    case 1: pack(out, a, 1); break;
    case 4: pack(out, a, 4); break;
    case 5: pack(out, a, 5); break;
    case 10: pack(out, a, 10); break;
    case 11: pack(out, a, 11); break;
    default: pack(out, a, d); break;
    }
}

static inline __attribute__((always_inline)) void decompress_d(mlkem_poly *r, const uint8_t *in,
                                                               unsigned d)
{
    unpack(r, in, d);
    for (unsigned i = 0; i < MLKEM_N; i++)
        r->c[i] = (int16_t)mlkem_decompress((uint16_t)r->c[i], d);
}

void mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d)
{
    switch (d) {
    case 1: decompress_d(r, in, 1); break;
    case 4: decompress_d(r, in, 4); break;
    case 5: decompress_d(r, in, 5); break;
    case 10: decompress_d(r, in, 10); break;
    case 11: decompress_d(r, in, 11); break;
    default: decompress_d(r, in, d); break;
    }
}
