/* Merkle tree root and authentication path in one pass (the treehash form of
 * FIPS 205 Alg. 9/10 for XMSS and Alg. 15/16 for FORS). */
#ifndef QV_PQC_SLHDSA_TREE_H
#define QV_PQC_SLHDSA_TREE_H
#include "pqc/slhdsa/hash.h"

#define SLH_MAX_TREE_HEIGHT SLH_MAX_A

typedef void (*slh_leaf_fn)(struct slh_ctx *c, uint32_t idx, void *arg, uint8_t *out);

/* Root of the tree of the given height whose i-th leaf is leaf(i), plus (when
 * auth != NULL) the height * n byte authentication path of leaf `target`.
 * The node at height z and position j is hashed with tree height z and tree
 * index (offset << (height - z)) + j in node_adrs, whose other words the
 * caller set (offset = FORS tree number, 0 for XMSS). */
void slh_treehash(struct slh_ctx *c, unsigned height, uint32_t offset, uint32_t target,
                  slh_adrs *node_adrs, slh_leaf_fn leaf, void *arg, uint8_t *root, uint8_t *auth);

/* Root from a leaf and its authentication path (Alg. 11 l. 6-14, Alg. 17 l. 6-16). */
void slh_root_from_auth(struct slh_ctx *c, unsigned height, uint32_t offset, uint32_t leaf_idx,
                        const uint8_t *leaf, const uint8_t *auth, slh_adrs *node_adrs,
                        uint8_t *root);

#endif
