/* HMAC (FIPS 198-1 / RFC 2104) over SHA-256/384/512 and SHA3-256. */
#ifndef QV_PQC_HMAC_H
#define QV_PQC_HMAC_H
#include "pqc/hash/hash.h"

typedef struct {
    pqc_hash_ctx inner, outer; /* keyed with K0^ipad and K0^opad */
} hmac_ctx;

/* Any key length (keys longer than the block are hashed first, §4 step 2). */
int hmac_init(hmac_ctx *c, enum pqc_hash_id id, const uint8_t *key, size_t keylen);
void hmac_update(hmac_ctx *c, const uint8_t *in, size_t len);
void hmac_final(hmac_ctx *c, uint8_t *mac); /* pqc_hash_len(id) bytes; wipes c */
int hmac(enum pqc_hash_id id, const uint8_t *key, size_t keylen, const uint8_t *msg,
         size_t mlen, uint8_t *mac);
/* Constant-time tag comparison: 0 if equal, PQC_ERR_AUTH otherwise. */
int hmac_verify(const uint8_t *a, const uint8_t *b, size_t len);

#endif
