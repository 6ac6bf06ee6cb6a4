/* One interface over the hashes HMAC, HKDF and the DRBG are built on. */
#ifndef QV_PQC_HASH_H
#define QV_PQC_HASH_H
#include "lib/errors.h"
#include "lib/types.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"

enum pqc_hash_id { PQC_HASH_SHA256, PQC_HASH_SHA384, PQC_HASH_SHA512, PQC_HASH_SHA3_256 };

#define PQC_HASH_MAX_LEN 64
#define PQC_HASH_MAX_BLOCK 136 /* SHA3-256 rate; SHA-512 block is 128 */

typedef struct {
    enum pqc_hash_id id;
    union {
        sha256_ctx s256;
        sha512_ctx s512;
        keccak_ctx k;
    } u;
} pqc_hash_ctx;

/* Digest length and HMAC block length B in bytes (FIPS 198-1 §3; for SHA-3
 * the block length is the rate, FIPS 202 §7). 0 for an unknown id. */
size_t pqc_hash_len(enum pqc_hash_id id);
size_t pqc_hash_block(enum pqc_hash_id id);
int pqc_hash_init(pqc_hash_ctx *c, enum pqc_hash_id id);
void pqc_hash_update(pqc_hash_ctx *c, const uint8_t *in, size_t len);
void pqc_hash_final(pqc_hash_ctx *c, uint8_t *out); /* wipes c */

#endif
