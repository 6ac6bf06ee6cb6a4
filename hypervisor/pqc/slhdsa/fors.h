/* FORS few-time signatures (FIPS 205 §8). */
#ifndef QV_PQC_SLHDSA_FORS_H
#define QV_PQC_SLHDSA_FORS_H
#include "pqc/slhdsa/hash.h"

/* `adrs` has type FORS_TREE with tree and key-pair address set (Alg. 19 l. 10-12). */

/* Alg. 16, also returning the FORS public key (Alg. 17 on the fresh
 * signature) computed from the same trees. sig gets k (a + 1) n bytes. */
void slh_fors_sign(struct slh_ctx *c, const uint8_t *md, slh_adrs *adrs, uint8_t *sig,
                   uint8_t *pk);

/* Alg. 17 */
void slh_fors_pk_from_sig(struct slh_ctx *c, const uint8_t *sig, const uint8_t *md,
                          slh_adrs *adrs, uint8_t *pk);

#endif
