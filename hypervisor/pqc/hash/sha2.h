/* SHA-2 family (FIPS 180-4). Incremental and one-shot. */
#ifndef QV_PQC_SHA2_H
#define QV_PQC_SHA2_H
#include "lib/types.h"

typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t buf[64];
    unsigned n;
    unsigned outlen; /* 28 for SHA-224, 32 for SHA-256 */
} sha256_ctx;

typedef struct {
    uint64_t h[8];
    uint64_t bytes; /* messages here are < 2^64 bytes */
    uint8_t buf[128];
    unsigned n;
    unsigned outlen; /* 28, 32, 48 or 64 */
} sha512_ctx;

void sha224_init(sha256_ctx *c);
void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const uint8_t *in, size_t len);
void sha256_final(sha256_ctx *c, uint8_t *out); /* outlen bytes; wipes c */

void sha384_init(sha512_ctx *c);
void sha512_init(sha512_ctx *c);
void sha512_224_init(sha512_ctx *c);
void sha512_256_init(sha512_ctx *c);
void sha512_update(sha512_ctx *c, const uint8_t *in, size_t len);
void sha512_final(sha512_ctx *c, uint8_t *out); /* outlen bytes; wipes c */

void sha224(uint8_t out[28], const uint8_t *in, size_t len);
void sha256(uint8_t out[32], const uint8_t *in, size_t len);
void sha384(uint8_t out[48], const uint8_t *in, size_t len);
void sha512(uint8_t out[64], const uint8_t *in, size_t len);

#endif
