/* SLH-DSA hash instantiations: SHAKE (FIPS 205 §11.1) and SHA2 (§11.2).
 *
 * SHA2 uses SHA-256 for everything at category 1 (n = 16); at categories 3
 * and 5 (n = 24, 32) H, T_l, H_msg and PRF_msg use SHA-512 while F and PRF
 * stay on SHA-256 (§11.2.2). */
#include "pqc/slhdsa/hash.h"
#include "lib/string.h"
#include "pqc/mac/hmac.h"

static bool big_sha2(const struct slh_params *p) { return p->n > 16; }

void slh_ctx_init(struct slh_ctx *c, const struct slh_params *p, const uint8_t *pk_seed,
                  const uint8_t *sk_seed)
{
    uint8_t block[128];

    memset(c, 0, sizeof(*c));
    c->p = p;
    memcpy(c->pk_seed, pk_seed, p->n);
    if (sk_seed)
        memcpy(c->sk_seed, sk_seed, p->n);
    if (p->family != SLH_SHA2)
        return;
    memset(block, 0, sizeof(block));
    memcpy(block, pk_seed, p->n);
    sha256_init(&c->pre256);
    sha256_update(&c->pre256, block, 64);
    if (big_sha2(p)) {
        sha512_init(&c->pre512);
        sha512_update(&c->pre512, block, 128);
    }
}

void slh_ctx_wipe(struct slh_ctx *c) { qv_memzero_explicit(c, sizeof(*c)); }

/* SHA2 F, H, T_l, PRF all hash PK.seed || pad || ADRSc || input; the prefix
 * block is the precomputed state. `wide` selects SHA-512. */
static void sha2_thash_begin(const struct slh_ctx *c, struct slh_thash *t, const slh_adrs *a,
                             bool wide)
{
    uint8_t ac[SLH_ADRSC_BYTES];

    slh_adrs_compress(ac, a);
    if (wide) {
        t->u.s512 = c->pre512;
        sha512_update(&t->u.s512, ac, sizeof(ac));
    } else {
        t->u.s256 = c->pre256;
        sha256_update(&t->u.s256, ac, sizeof(ac));
    }
}

static void shake_thash_begin(const struct slh_ctx *c, keccak_ctx *k, const slh_adrs *a)
{
    shake256_init(k);
    keccak_absorb(k, c->pk_seed, c->p->n);
    keccak_absorb(k, a->b, SLH_ADRS_BYTES);
}

/* One tweakable hash of in1 || in2 (in2 may be NULL) with SHA-256 or SHA-512. */
static void thash2(struct slh_ctx *c, const slh_adrs *a, const uint8_t *in1, const uint8_t *in2,
                   bool wide, uint8_t *out)
{
    unsigned n = c->p->n;

    if (c->p->family == SLH_SHAKE) {
        shake_thash_begin(c, &c->tmp.u.k, a);
        keccak_absorb(&c->tmp.u.k, in1, n);
        if (in2)
            keccak_absorb(&c->tmp.u.k, in2, n);
        keccak_squeeze(&c->tmp.u.k, out, n);
        return;
    }
    sha2_thash_begin(c, &c->tmp, a, wide);
    if (wide) {
        sha512_update(&c->tmp.u.s512, in1, n);
        if (in2)
            sha512_update(&c->tmp.u.s512, in2, n);
        sha512_final(&c->tmp.u.s512, c->dig);
    } else {
        sha256_update(&c->tmp.u.s256, in1, n);
        if (in2)
            sha256_update(&c->tmp.u.s256, in2, n);
        sha256_final(&c->tmp.u.s256, c->dig);
    }
    memcpy(out, c->dig, n); /* Trunc_n */
}

void slh_F(struct slh_ctx *c, const slh_adrs *a, const uint8_t *in, uint8_t *out)
{
    thash2(c, a, in, NULL, false, out);
}

void slh_H(struct slh_ctx *c, const slh_adrs *a, const uint8_t *l, const uint8_t *r, uint8_t *out)
{
    thash2(c, a, l, r, big_sha2(c->p), out);
}

/* PRF has the shape of F with SK.seed as the input (§11.1, §11.2). */
void slh_PRF(struct slh_ctx *c, const slh_adrs *a, uint8_t *out)
{
    thash2(c, a, c->sk_seed, NULL, false, out);
}

void slh_T_init(const struct slh_ctx *c, struct slh_thash *t, const slh_adrs *a)
{
    if (c->p->family == SLH_SHAKE)
        shake_thash_begin(c, &t->u.k, a);
    else
        sha2_thash_begin(c, t, a, big_sha2(c->p));
}

void slh_T_update(const struct slh_ctx *c, struct slh_thash *t, const uint8_t *in, size_t len)
{
    if (c->p->family == SLH_SHAKE)
        keccak_absorb(&t->u.k, in, len);
    else if (big_sha2(c->p))
        sha512_update(&t->u.s512, in, len);
    else
        sha256_update(&t->u.s256, in, len);
}

void slh_T_final(struct slh_ctx *c, struct slh_thash *t, uint8_t *out)
{
    if (c->p->family == SLH_SHAKE) {
        keccak_squeeze(&t->u.k, out, c->p->n);
        return;
    }
    if (big_sha2(c->p))
        sha512_final(&t->u.s512, c->dig);
    else
        sha256_final(&t->u.s256, c->dig);
    memcpy(out, c->dig, c->p->n);
}

/* ---- message hashing: one interface over SHA-256 / SHA-512 ---------------- */

static void md_init(struct slh_ctx *c, bool wide)
{
    if (wide)
        sha512_init(&c->tmp.u.s512);
    else
        sha256_init(&c->tmp.u.s256);
}

static void md_update(struct slh_ctx *c, bool wide, const uint8_t *in, size_t len)
{
    if (!len)
        return;
    if (wide)
        sha512_update(&c->tmp.u.s512, in, len);
    else
        sha256_update(&c->tmp.u.s256, in, len);
}

static void md_final(struct slh_ctx *c, bool wide, uint8_t *out)
{
    if (wide)
        sha512_final(&c->tmp.u.s512, out);
    else
        sha256_final(&c->tmp.u.s256, out);
}

static void md_msg(struct slh_ctx *c, bool wide, const struct slh_msg *m)
{
    md_update(c, wide, m->head, m->head_len);
    md_update(c, wide, m->body, m->body_len);
}

void slh_PRF_msg(struct slh_ctx *c, const uint8_t *sk_prf, const uint8_t *opt_rand,
                 const struct slh_msg *m, uint8_t *out)
{
    unsigned n = c->p->n;

    if (c->p->family == SLH_SHAKE) {
        shake256_init(&c->tmp.u.k);
        keccak_absorb(&c->tmp.u.k, sk_prf, n);
        keccak_absorb(&c->tmp.u.k, opt_rand, n);
        keccak_absorb(&c->tmp.u.k, m->head, m->head_len);
        keccak_absorb(&c->tmp.u.k, m->body, m->body_len);
        keccak_squeeze(&c->tmp.u.k, out, n);
        qv_memzero_explicit(&c->tmp, sizeof(c->tmp));
        return;
    }
    /* PRF_msg = Trunc_n(HMAC-SHA-X(SK.prf, opt_rand || M)) (§11.2.1, §11.2.2). */
    hmac_ctx h;
    if (hmac_init(&h, big_sha2(c->p) ? PQC_HASH_SHA512 : PQC_HASH_SHA256, sk_prf, n)) {
        memset(out, 0, n); /* unreachable: both ids are supported */
        return;
    }
    hmac_update(&h, opt_rand, n);
    if (m->head_len)
        hmac_update(&h, m->head, m->head_len);
    if (m->body_len)
        hmac_update(&h, m->body, m->body_len);
    hmac_final(&h, c->dig); /* wipes h */
    memcpy(out, c->dig, n);
}

void slh_H_msg(struct slh_ctx *c, const uint8_t *R, const uint8_t *pk_root,
               const struct slh_msg *m, uint8_t *out)
{
    const struct slh_params *p = c->p;
    unsigned n = p->n;

    if (p->family == SLH_SHAKE) {
        shake256_init(&c->tmp.u.k);
        keccak_absorb(&c->tmp.u.k, R, n);
        keccak_absorb(&c->tmp.u.k, c->pk_seed, n);
        keccak_absorb(&c->tmp.u.k, pk_root, n);
        keccak_absorb(&c->tmp.u.k, m->head, m->head_len);
        keccak_absorb(&c->tmp.u.k, m->body, m->body_len);
        keccak_squeeze(&c->tmp.u.k, out, p->m);
        return;
    }

    /* MGF1-SHA-X(R || PK.seed || SHA-X(R || PK.seed || PK.root || M), m). */
    bool wide = big_sha2(p);
    unsigned dl = wide ? 64 : 32;
    uint8_t seed[2 * SLH_MAX_N + 64], ctr[4];

    md_init(c, wide);
    md_update(c, wide, R, n);
    md_update(c, wide, c->pk_seed, n);
    md_update(c, wide, pk_root, n);
    md_msg(c, wide, m);
    memcpy(seed, R, n);
    memcpy(seed + n, c->pk_seed, n);
    md_final(c, wide, seed + 2 * n);

    for (uint32_t i = 0, done = 0; done < p->m; i++) {
        slh_put32(ctr, i);
        md_init(c, wide);
        md_update(c, wide, seed, 2 * n + dl);
        md_update(c, wide, ctr, 4);
        md_final(c, wide, c->dig);
        unsigned take = MIN(dl, p->m - done);
        memcpy(out + done, c->dig, take);
        done += take;
    }
}
