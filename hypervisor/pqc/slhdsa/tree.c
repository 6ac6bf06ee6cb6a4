/* Merkle trees for XMSS and FORS (FIPS 205 §6.1, §6.3, §8.2, §8.3). */
#include "pqc/slhdsa/tree.h"
#include "lib/string.h"

void slh_treehash(struct slh_ctx *c, unsigned height, uint32_t offset, uint32_t target,
                  slh_adrs *node_adrs, slh_leaf_fn leaf, void *arg, uint8_t *root, uint8_t *auth)
{
    /* Nodes waiting for their right sibling: at most one per height, so the
     * frame stays at (height + 1) * n bytes instead of a whole tree. */
    uint8_t stack[SLH_MAX_TREE_HEIGHT + 1][SLH_MAX_N];
    unsigned n = c->p->n, sp = 0;

    for (uint32_t i = 0; i < (1u << height); i++) {
        uint8_t *node = stack[sp];
        uint32_t idx = i;
        unsigned z = 0;

        leaf(c, i, arg, node);
        if (auth && (target ^ 1u) == i)
            memcpy(auth, node, n);
        /* A node with an odd position is a right child: combine it with the
         * left sibling on the stack until it becomes a left child. */
        while (idx & 1u) {
            z++;
            idx >>= 1;
            sp--;
            slh_adrs_set_tree_height(node_adrs, z);
            slh_adrs_set_tree_index(node_adrs, (offset << (height - z)) + idx);
            slh_H(c, node_adrs, stack[sp], node, stack[sp]);
            node = stack[sp];
            if (auth && z < height && ((target >> z) ^ 1u) == idx)
                memcpy(auth + (size_t)z * n, node, n);
        }
        sp++;
    }
    memcpy(root, stack[0], n);
    qv_memzero_explicit(stack, sizeof(stack));
}

void slh_root_from_auth(struct slh_ctx *c, unsigned height, uint32_t offset, uint32_t leaf_idx,
                        const uint8_t *leaf, const uint8_t *auth, slh_adrs *node_adrs,
                        uint8_t *root)
{
    unsigned n = c->p->n;
    uint32_t idx = leaf_idx;

    memcpy(root, leaf, n);
    for (unsigned z = 1; z <= height; z++, auth += n) {
        bool right = idx & 1u;
        idx >>= 1;
        slh_adrs_set_tree_height(node_adrs, z);
        slh_adrs_set_tree_index(node_adrs, (offset << (height - z)) + idx);
        if (right)
            slh_H(c, node_adrs, auth, root, root);
        else
            slh_H(c, node_adrs, root, auth, root);
    }
}
