/* FORS (FIPS 205 §8). */
#include "pqc/slhdsa/fors.h"
#include "pqc/slhdsa/tree.h"
#include "pqc/slhdsa/wots.h"
#include "lib/string.h"

/* fors_skGen (Alg. 14) */
static void fors_sk(struct slh_ctx *c, const slh_adrs *adrs, uint32_t idx, uint8_t *out)
{
    slh_adrs sk = *adrs;

    slh_adrs_set_type(&sk, SLH_FORS_PRF);
    slh_adrs_set_keypair(&sk, slh_adrs_get_keypair(adrs));
    slh_adrs_set_tree_index(&sk, idx);
    slh_PRF(c, &sk, out);
}

struct fors_leaf_arg {
    const slh_adrs *adrs;
    uint32_t tree;
};

/* Leaf j of FORS tree i is F of secret value i 2^a + j (Alg. 15 l. 2-5). */
static void fors_leaf(struct slh_ctx *c, uint32_t j, void *arg, uint8_t *out)
{
    const struct fors_leaf_arg *fa = arg;
    uint32_t idx = (fa->tree << c->p->a) + j;
    slh_adrs a = *fa->adrs;

    fors_sk(c, &a, idx, out);
    slh_adrs_set_tree_height(&a, 0);
    slh_adrs_set_tree_index(&a, idx);
    slh_F(c, &a, out, out);
}

static void roots_adrs(slh_adrs *r, const slh_adrs *adrs)
{
    *r = *adrs;
    slh_adrs_set_type(r, SLH_FORS_ROOTS);
    slh_adrs_set_keypair(r, slh_adrs_get_keypair(adrs));
}

void slh_fors_sign(struct slh_ctx *c, const uint8_t *md, slh_adrs *adrs, uint8_t *sig,
                   uint8_t *pk)
{
    const struct slh_params *p = c->p;
    uint32_t idx[SLH_MAX_K];
    uint8_t root[SLH_MAX_N];
    struct slh_thash t;
    slh_adrs ra, node;

    slh_base_2b(md, p->a, p->k, idx);
    roots_adrs(&ra, adrs);
    slh_T_init(c, &t, &ra);
    for (uint32_t i = 0; i < p->k; i++) {
        struct fors_leaf_arg fa = { adrs, i };

        fors_sk(c, adrs, (i << p->a) + idx[i], sig);
        node = *adrs;
        slh_treehash(c, p->a, i, idx[i], &node, fors_leaf, &fa, root, sig + p->n);
        /* Roots are public (recomputable from the signature). */
        slh_T_update(c, &t, root, p->n);
        sig += (size_t)(p->a + 1) * p->n;
    }
    slh_T_final(c, &t, pk);
}

void slh_fors_pk_from_sig(struct slh_ctx *c, const uint8_t *sig, const uint8_t *md,
                          slh_adrs *adrs, uint8_t *pk)
{
    const struct slh_params *p = c->p;
    uint32_t idx[SLH_MAX_K];
    uint8_t leaf[SLH_MAX_N], root[SLH_MAX_N];
    struct slh_thash t;
    slh_adrs ra;

    slh_base_2b(md, p->a, p->k, idx);
    roots_adrs(&ra, adrs);
    slh_T_init(c, &t, &ra);
    for (uint32_t i = 0; i < p->k; i++) {
        uint32_t leaf_idx = (i << p->a) + idx[i];

        slh_adrs_set_tree_height(adrs, 0);
        slh_adrs_set_tree_index(adrs, leaf_idx);
        slh_F(c, adrs, sig, leaf);
        slh_root_from_auth(c, p->a, i, idx[i], leaf, sig + p->n, adrs, root);
        slh_T_update(c, &t, root, p->n);
        sig += (size_t)(p->a + 1) * p->n;
    }
    slh_T_final(c, &t, pk);
}
