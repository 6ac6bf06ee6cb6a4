/* Poly1305 one-time authenticator (RFC 8439 §2.5), constant time. */
#ifndef QV_PQC_SYM_POLY1305_H
#define QV_PQC_SYM_POLY1305_H
#include "lib/types.h"

#define POLY1305_KEY_SIZE 32
#define POLY1305_TAG_SIZE 16

typedef struct {
    uint32_t r[5];   /* clamped r in radix 2^26 */
    uint32_t h[5];   /* accumulator in radix 2^26 */
    uint32_t pad[4]; /* s */
    uint8_t buf[16];
    unsigned n;
} poly1305_ctx;

void poly1305_init(poly1305_ctx *c, const uint8_t key[POLY1305_KEY_SIZE]);
void poly1305_update(poly1305_ctx *c, const uint8_t *m, size_t len);
/* Writes the tag and wipes the context. */
void poly1305_final(poly1305_ctx *c, uint8_t tag[POLY1305_TAG_SIZE]);
void poly1305_mac(const uint8_t key[POLY1305_KEY_SIZE], const uint8_t *m, size_t len,
                  uint8_t tag[POLY1305_TAG_SIZE]);

#endif
