/* AES-256 block cipher (FIPS 197), constant time and table free.
 *
 * The S-box is computed arithmetically (inversion in GF(2^8) followed by the
 * affine map, FIPS 197 §5.1.1), bitsliced over four blocks, so no memory
 * access depends on key or data. Uses general-purpose registers only:
 * the same source runs in the hypervisor (-mgeneral-regs-only) and on the host. */
#ifndef QV_PQC_SYM_AES_H
#define QV_PQC_SYM_AES_H
#include "lib/types.h"

#define AES_BLOCK_SIZE 16
#define AES256_KEY_SIZE 32
#define AES256_ROUNDS 14

typedef struct {
    /* Round keys 0..14, each as two little-endian 64-bit halves of the
     * 16-byte round key (bytes 0..7 and 8..15). */
    uint64_t rk[AES256_ROUNDS + 1][2];
} aes256_ctx;

/* Key expansion (FIPS 197 §5.2). */
void aes256_init(aes256_ctx *ctx, const uint8_t key[AES256_KEY_SIZE]);
/* Cipher (§5.1) and inverse cipher (§5.3) on one block; in and out may alias. */
void aes256_encrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE]);
void aes256_decrypt_block(const aes256_ctx *ctx, uint8_t out[AES_BLOCK_SIZE],
                          const uint8_t in[AES_BLOCK_SIZE]);
/* nblocks consecutive blocks (ECB); four at a time share one bitsliced
 * S-box pass, so modes with independent blocks (CTR, XTS) should batch. */
void aes256_encrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks);
void aes256_decrypt_blocks(const aes256_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks);
/* Wipe the expanded key. */
void aes256_wipe(aes256_ctx *ctx);

#endif
