/* Polynomials of R_q = Z_q[X]/(X^256 + 1) with signed 16-bit coefficients, and
 * their encodings: ByteEncode/ByteDecode (FIPS 203 Alg. 5/6) combined with
 * Compress/Decompress (§4.2.1). All routines are constant-time. */
#ifndef QV_PQC_MLKEM_POLY_H
#define QV_PQC_MLKEM_POLY_H
#include "lib/types.h"
#include "pqc/mlkem/params.h"

typedef struct {
    int16_t c[MLKEM_N];
} mlkem_poly;

/* r = a + b and r = a - b, no reduction (callers keep |result| < 2^15). */
void mlkem_poly_add(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b);
void mlkem_poly_sub(mlkem_poly *r, const mlkem_poly *a, const mlkem_poly *b);
/* Each coefficient to its representative in [0, q). */
void mlkem_poly_canon(mlkem_poly *r);
/* r = r * 2^16 mod q (centred, |r_i| < q); cancels basemul's 2^-16. */
void mlkem_poly_tomont(mlkem_poly *r);

/* ByteEncode_12 of a polynomial with coefficients in [0, q): 384 bytes. */
void mlkem_poly_tobytes(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a);
/* ByteDecode_12 (Alg. 6, m = q): coefficients reduced into [0, q). Returns 0
 * when every 12-bit field was already < q, nonzero otherwise (the modulus
 * check of §7.2 is exactly "no field needed reducing"). */
unsigned mlkem_poly_frombytes(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES]);

/* ByteEncode_d(Compress_d(a)) for 1 <= d <= 11, coefficients in [0, q):
 * writes 32 d bytes. */
void mlkem_poly_compress(uint8_t *out, const mlkem_poly *a, unsigned d);
/* Decompress_d(ByteDecode_d(in)) for 1 <= d <= 11: reads 32 d bytes. */
void mlkem_poly_decompress(mlkem_poly *r, const uint8_t *in, unsigned d);

/* Scalar forms, exposed for tests. x in [0, q), y < 2^d. */
uint16_t mlkem_compress(uint16_t x, unsigned d);
uint16_t mlkem_decompress(uint16_t y, unsigned d);

#endif
