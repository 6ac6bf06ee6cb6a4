/* XMSS (FIPS 205 §6) and the hypertree (§7). */
#ifndef QV_PQC_SLHDSA_XMSS_H
#define QV_PQC_SLHDSA_XMSS_H
#include "pqc/slhdsa/hash.h"

/* Root of the XMSS tree at adrs' layer and tree address (Alg. 9 with z = h'). */
void slh_xmss_root(struct slh_ctx *c, slh_adrs *adrs, uint8_t *root);

/* Alg. 10, also returning the tree root (which Alg. 12 would otherwise
 * recompute with xmss_pkFromSig). sig gets (len + h') * n bytes. */
void slh_xmss_sign(struct slh_ctx *c, const uint8_t *msg, uint32_t idx, slh_adrs *adrs,
                   uint8_t *sig, uint8_t *root);

/* Alg. 11 */
void slh_xmss_pk_from_sig(struct slh_ctx *c, uint32_t idx, const uint8_t *sig, const uint8_t *msg,
                          slh_adrs *adrs, uint8_t *root);

/* Alg. 12: sig gets d (len + h') n bytes. */
void slh_ht_sign(struct slh_ctx *c, const uint8_t *msg, uint64_t idx_tree, uint32_t idx_leaf,
                 uint8_t *sig);

/* Alg. 13: true when the signature leads to pk_root. */
bool slh_ht_verify(struct slh_ctx *c, const uint8_t *msg, const uint8_t *sig, uint64_t idx_tree,
                   uint32_t idx_leaf, const uint8_t *pk_root);

#endif
