/* Bit packing and the key/signature encodings, FIPS 204 §7.1-7.2
 * (Algorithms 16-28). Decoders of untrusted data check every range. */
#ifndef QV_PQC_MLDSA_ENCODE_H
#define QV_PQC_MLDSA_ENCODE_H
#include "pqc/mldsa/params.h"

/* Alg. 16/17 with 256 coefficients of `bits` bits each (32 * bits bytes),
 * little-endian bit order. pack: writes b - a_i if b != 0 (BitPack with
 * upper bound b), else a_i (SimpleBitPack). Values must fit in `bits`. */
void mldsa_pack_bits(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t b);
/* Inverse: a_i = b - v_i if b != 0, else v_i. Constant-time. */
void mldsa_unpack_bits(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t b);

/* Polynomial vectors are arrays of int32_t[MLDSA_N]. */
typedef int32_t mldsa_poly[MLDSA_N];

/* Alg. 22 pkEncode / Alg. 23 pkDecode (no invalid encodings exist). */
void mldsa_pk_encode(const struct mldsa_params *p, uint8_t *pk, const uint8_t rho[32],
                     const mldsa_poly *t1);
void mldsa_pk_decode(const struct mldsa_params *p, uint8_t rho[32], mldsa_poly *t1,
                     const uint8_t *pk);

/* Alg. 24 skEncode / Alg. 25 skDecode. The decoder returns PQC_ERR_BAD_KEY
 * when an s1/s2 coefficient is outside [-eta, eta] (FIPS 204 §7.2 says such
 * keys are malformed; this check runs in constant time and only its final
 * verdict is revealed). NULL outputs are skipped. */
void mldsa_sk_encode(const struct mldsa_params *p, uint8_t *sk, const uint8_t rho[32],
                     const uint8_t key[32], const uint8_t tr[64], const mldsa_poly *s1,
                     const mldsa_poly *s2, const mldsa_poly *t0);
int mldsa_sk_decode(const struct mldsa_params *p, mldsa_poly *s1, mldsa_poly *s2,
                    mldsa_poly *t0, const uint8_t *sk);

/* Alg. 26 sigEncode: c~ || z || HintBitPack(h); h is k polys of 0/1 with at
 * most omega ones (caller checked). */
void mldsa_sig_encode(const struct mldsa_params *p, uint8_t *sig, const uint8_t *ctilde,
                      const mldsa_poly *z, const mldsa_poly *h);
/* Alg. 27 sigDecode + Alg. 21 HintBitUnpack: PQC_ERR_VERIFY if the hint
 * encoding is malformed (indices out of order, counts decreasing or above
 * omega, non-zero padding). z is not range checked here (Verify does it). */
int mldsa_sig_decode(const struct mldsa_params *p, mldsa_poly *z, mldsa_poly *h,
                     const uint8_t *sig);

/* Alg. 28 w1Encode: k * w1_poly_bytes bytes. */
void mldsa_w1_encode(const struct mldsa_params *p, uint8_t *out, const mldsa_poly *w1);

#endif
