/* The SLH-DSA tweakable hash functions PRF, PRF_msg, H_msg, F, H and T_l for
 * the SHAKE (FIPS 205 §11.1) and SHA2 (§11.2.1 category 1, §11.2.2
 * categories 3 and 5) instantiations. */
#ifndef QV_PQC_SLHDSA_HASH_H
#define QV_PQC_SLHDSA_HASH_H
#include "lib/types.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"
#include "pqc/slhdsa/address.h"
#include "pqc/slhdsa/params.h"

/* Incremental T_l (the WOTS+ and FORS public-key compressions). */
struct slh_thash {
    union {
        sha256_ctx s256;
        sha512_ctx s512;
        keccak_ctx k;
    } u;
};

/* Per-key state. Lives in the caller's work buffer; slh_ctx_wipe() clears the
 * secret seed and the hash scratch (which held secret chain values). */
struct slh_ctx {
    const struct slh_params *p;
    uint8_t pk_seed[SLH_MAX_N];
    uint8_t sk_seed[SLH_MAX_N];   /* all-zero when only verifying */
    /* SHA2: PK.seed || toByte(0, 64 - n) fills exactly one SHA-256 block and
     * PK.seed || toByte(0, 128 - n) one SHA-512 block (§11.2), so their
     * compression is done once per key here and copied for each call. */
    sha256_ctx pre256;
    sha512_ctx pre512;
    /* Scratch for one hash call; overwritten each time, wiped at the end. */
    struct slh_thash tmp;
    uint8_t dig[64];
};

/* A message given as two pieces so the FIPS 205 §10.2 prefix
 * (domain byte, context, OID...) is never copied in front of M. */
struct slh_msg {
    const uint8_t *head;
    size_t head_len;
    const uint8_t *body;
    size_t body_len;
};

void slh_ctx_init(struct slh_ctx *c, const struct slh_params *p, const uint8_t *pk_seed,
                  const uint8_t *sk_seed /* NULL for verification */);
void slh_ctx_wipe(struct slh_ctx *c);

void slh_F(struct slh_ctx *c, const slh_adrs *a, const uint8_t *in, uint8_t *out);
void slh_H(struct slh_ctx *c, const slh_adrs *a, const uint8_t *l, const uint8_t *r, uint8_t *out);
/* PRF(PK.seed, SK.seed, ADRS) */
void slh_PRF(struct slh_ctx *c, const slh_adrs *a, uint8_t *out);

void slh_T_init(const struct slh_ctx *c, struct slh_thash *t, const slh_adrs *a);
void slh_T_update(const struct slh_ctx *c, struct slh_thash *t, const uint8_t *in, size_t len);
void slh_T_final(struct slh_ctx *c, struct slh_thash *t, uint8_t *out);

/* PRF_msg(SK.prf, opt_rand, M): n bytes. */
void slh_PRF_msg(struct slh_ctx *c, const uint8_t *sk_prf, const uint8_t *opt_rand,
                 const struct slh_msg *m, uint8_t *out);
/* H_msg(R, PK.seed, PK.root, M): m bytes. */
void slh_H_msg(struct slh_ctx *c, const uint8_t *R, const uint8_t *pk_root,
               const struct slh_msg *m, uint8_t *out);

#endif
