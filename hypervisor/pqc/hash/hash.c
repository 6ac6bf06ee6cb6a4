/* Dispatch from pqc_hash_id to SHA-2 / SHA-3. The id is public (which
 * algorithm), so branching on it leaks nothing. */
#include "pqc/hash/hash.h"
#include "lib/errors.h"
#include "lib/string.h"

size_t pqc_hash_len(enum pqc_hash_id id)
{
    switch (id) {
    case PQC_HASH_SHA256: return 32;
    case PQC_HASH_SHA384: return 48;
    case PQC_HASH_SHA512: return 64;
    case PQC_HASH_SHA3_256: return 32;
    }
    return 0;
}

size_t pqc_hash_block(enum pqc_hash_id id)
{
    switch (id) {
    case PQC_HASH_SHA256: return 64;
    case PQC_HASH_SHA384:
    case PQC_HASH_SHA512: return 128;
    case PQC_HASH_SHA3_256: return SHA3_256_RATE;
    }
    return 0;
}

int pqc_hash_init(pqc_hash_ctx *c, enum pqc_hash_id id)
{
    c->id = id;
    switch (id) {
    case PQC_HASH_SHA256: sha256_init(&c->u.s256); return 0;
    case PQC_HASH_SHA384: sha384_init(&c->u.s512); return 0;
    case PQC_HASH_SHA512: sha512_init(&c->u.s512); return 0;
    case PQC_HASH_SHA3_256: sha3_256_init(&c->u.k); return 0;
    }
    return PQC_ERR_UNKNOWN_ALG;
}

void pqc_hash_update(pqc_hash_ctx *c, const uint8_t *in, size_t len)
{
    switch (c->id) {
    case PQC_HASH_SHA256: sha256_update(&c->u.s256, in, len); break;
    case PQC_HASH_SHA384:
    case PQC_HASH_SHA512: sha512_update(&c->u.s512, in, len); break;
    case PQC_HASH_SHA3_256: keccak_absorb(&c->u.k, in, len); break;
    }
}

void pqc_hash_final(pqc_hash_ctx *c, uint8_t *out)
{
    switch (c->id) {
    case PQC_HASH_SHA256: sha256_final(&c->u.s256, out); break;
    case PQC_HASH_SHA384:
    case PQC_HASH_SHA512: sha512_final(&c->u.s512, out); break;
    case PQC_HASH_SHA3_256: sha3_final(&c->u.k, out); break;
    }
    qv_memzero_explicit(c, sizeof(*c));
}
