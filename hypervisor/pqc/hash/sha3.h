/* SHA-3 and SHAKE (FIPS 202) over Keccak-f[1600]. Incremental and one-shot. */
#ifndef QV_PQC_SHA3_H
#define QV_PQC_SHA3_H
#include "lib/types.h"

#define SHA3_256_RATE 136
#define SHA3_512_RATE 72
#define SHAKE128_RATE 168
#define SHAKE256_RATE 136

typedef struct {
    uint64_t s[25];
    unsigned pos;     /* byte position inside the current rate block */
    unsigned rate;    /* bytes */
    uint8_t dsbyte;   /* domain separation + first pad bit: 0x06 SHA3, 0x1f SHAKE */
    bool squeezing;
} keccak_ctx;

void sha3_224_init(keccak_ctx *c);
void sha3_256_init(keccak_ctx *c);
void sha3_384_init(keccak_ctx *c);
void sha3_512_init(keccak_ctx *c);
void shake128_init(keccak_ctx *c);
void shake256_init(keccak_ctx *c);
void keccak_absorb(keccak_ctx *c, const uint8_t *in, size_t len);
/* SHA3-*: writes the digest (28/32/48/64 bytes by the init used) and wipes c. */
void sha3_final(keccak_ctx *c, uint8_t *out);
/* SHAKE: pad once, then squeeze any number of times. */
void keccak_squeeze(keccak_ctx *c, uint8_t *out, size_t len);

void sha3_224(uint8_t out[28], const uint8_t *in, size_t len);
void sha3_256(uint8_t out[32], const uint8_t *in, size_t len);
void sha3_384(uint8_t out[48], const uint8_t *in, size_t len);
void sha3_512(uint8_t out[64], const uint8_t *in, size_t len);
void shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);

/* The permutation itself (FIPS 202 §3.3), for callers that batch. */
void keccak_f1600(uint64_t s[25]);

#endif
