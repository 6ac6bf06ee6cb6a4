/* WOTS+ one-time signatures (FIPS 205 §5, Algorithms 4-8). */
#ifndef QV_PQC_SLHDSA_WOTS_H
#define QV_PQC_SLHDSA_WOTS_H
#include "pqc/slhdsa/hash.h"

/* base_2b (Alg. 4): out_len digits of b bits from X, most significant first. */
void slh_base_2b(const uint8_t *x, unsigned b, unsigned out_len, uint32_t *out);

/* The len = len1 + len2 base-w digits signed for an n-byte message (Alg. 7
 * lines 1-9): message digits followed by the checksum digits. */
void slh_wots_digits(const struct slh_params *p, const uint8_t *msg, uint32_t *digits);

/* `adrs` has type WOTS_HASH with layer, tree and key-pair address set (as the
 * callers in Alg. 9, 10 and 11 prepare it); chain and hash words are changed. */
void slh_wots_pkgen(struct slh_ctx *c, slh_adrs *adrs, uint8_t *pk);                     /* Alg. 6 */
void slh_wots_sign(struct slh_ctx *c, const uint8_t *msg, slh_adrs *adrs, uint8_t *sig); /* Alg. 7 */
void slh_wots_pk_from_sig(struct slh_ctx *c, const uint8_t *sig, const uint8_t *msg,
                          slh_adrs *adrs, uint8_t *pk);                                  /* Alg. 8 */

#endif
