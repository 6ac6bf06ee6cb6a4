/* XMSS and hypertree (FIPS 205 §6, §7). */
#include "pqc/slhdsa/xmss.h"
#include "pqc/slhdsa/ct.h"
#include "pqc/slhdsa/tree.h"
#include "pqc/slhdsa/wots.h"
#include "lib/string.h"

/* Leaf i of an XMSS tree is the WOTS+ public key of key pair i (Alg. 9 l. 2-3). */
static void xmss_leaf(struct slh_ctx *c, uint32_t i, void *arg, uint8_t *out)
{
    slh_adrs a = *(const slh_adrs *)arg;

    slh_adrs_set_type(&a, SLH_WOTS_HASH);
    slh_adrs_set_keypair(&a, i);
    slh_wots_pkgen(c, &a, out);
}

static void tree_nodes(struct slh_ctx *c, slh_adrs *adrs, uint32_t idx, uint8_t *root,
                       uint8_t *auth)
{
    slh_adrs node = *adrs;

    slh_adrs_set_type(&node, SLH_TREE);
    slh_treehash(c, c->p->hp, 0, idx, &node, xmss_leaf, adrs, root, auth);
}

void slh_xmss_root(struct slh_ctx *c, slh_adrs *adrs, uint8_t *root)
{
    tree_nodes(c, adrs, 0, root, NULL);
}

void slh_xmss_sign(struct slh_ctx *c, const uint8_t *msg, uint32_t idx, slh_adrs *adrs,
                   uint8_t *sig, uint8_t *root)
{
    const struct slh_params *p = c->p;

    tree_nodes(c, adrs, idx, root, sig + (size_t)p->len * p->n);
    slh_adrs_set_type(adrs, SLH_WOTS_HASH);
    slh_adrs_set_keypair(adrs, idx);
    slh_wots_sign(c, msg, adrs, sig);
}

void slh_xmss_pk_from_sig(struct slh_ctx *c, uint32_t idx, const uint8_t *sig, const uint8_t *msg,
                          slh_adrs *adrs, uint8_t *root)
{
    const struct slh_params *p = c->p;
    uint8_t leaf[SLH_MAX_N];

    slh_adrs_set_type(adrs, SLH_WOTS_HASH);
    slh_adrs_set_keypair(adrs, idx);
    slh_wots_pk_from_sig(c, sig, msg, adrs, leaf);
    slh_adrs_set_type(adrs, SLH_TREE);
    slh_root_from_auth(c, p->hp, 0, idx, leaf, sig + (size_t)p->len * p->n, adrs, root);
}

void slh_ht_sign(struct slh_ctx *c, const uint8_t *msg, uint64_t idx_tree, uint32_t idx_leaf,
                 uint8_t *sig)
{
    const struct slh_params *p = c->p;
    size_t xmss_bytes = (size_t)(p->len + p->hp) * p->n;
    uint8_t cur[SLH_MAX_N], root[SLH_MAX_N];
    slh_adrs adrs;

    memcpy(cur, msg, p->n);
    for (unsigned j = 0; j < p->d; j++) {
        slh_adrs_zero(&adrs);
        slh_adrs_set_layer(&adrs, j);
        slh_adrs_set_tree(&adrs, idx_tree);
        /* Each layer signs the root of the layer below (Alg. 12 l. 9-16). */
        slh_xmss_sign(c, cur, idx_leaf, &adrs, sig + j * xmss_bytes, root);
        /* Tree roots are public: anyone recomputes them from the signature. */
        SLH_PUBLIC(root, p->n);
        memcpy(cur, root, p->n);
        idx_leaf = (uint32_t)(idx_tree & ((1u << p->hp) - 1));
        idx_tree >>= p->hp;
    }
}

bool slh_ht_verify(struct slh_ctx *c, const uint8_t *msg, const uint8_t *sig, uint64_t idx_tree,
                   uint32_t idx_leaf, const uint8_t *pk_root)
{
    const struct slh_params *p = c->p;
    size_t xmss_bytes = (size_t)(p->len + p->hp) * p->n;
    uint8_t node[SLH_MAX_N];
    slh_adrs adrs;

    memcpy(node, msg, p->n);
    for (unsigned j = 0; j < p->d; j++) {
        slh_adrs_zero(&adrs);
        slh_adrs_set_layer(&adrs, j);
        slh_adrs_set_tree(&adrs, idx_tree);
        slh_xmss_pk_from_sig(c, idx_leaf, sig + j * xmss_bytes, node, &adrs, node);
        idx_leaf = (uint32_t)(idx_tree & ((1u << p->hp) - 1));
        idx_tree >>= p->hp;
    }
    return memcmp(node, pk_root, p->n) == 0;
}
