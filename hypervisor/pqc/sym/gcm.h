/* AES-256-GCM authenticated encryption (NIST SP 800-38D).
 *
 * Any IV length of at least one byte is accepted (96-bit IVs take the
 * direct path of §7.1 step 2, others are hashed with GHASH). Encryption
 * always produces a 16-byte tag; decryption accepts tags of 12..16 bytes
 * (§5.2.1.2) and on mismatch returns PQC_ERR_VERIFY with the output zeroed,
 * so unauthenticated plaintext is never released. */
#ifndef QV_PQC_SYM_GCM_H
#define QV_PQC_SYM_GCM_H
#include "lib/types.h"
#include "pqc/sym/aes.h"

#define GCM_TAG_SIZE 16
#define GCM_MIN_TAG_SIZE 12
#define GCM_IV96_SIZE 12
/* §5.2.1.1: len(P) <= 2^39 - 256 bits. */
#define GCM_MAX_TEXT ((((uint64_t)1) << 36) - 32)

typedef struct {
    aes256_ctx aes;
    uint8_t h[16]; /* hash subkey E_K(0^128) */
} aes256_gcm_ctx;

void aes256_gcm_init(aes256_gcm_ctx *ctx, const uint8_t key[AES256_KEY_SIZE]);
void aes256_gcm_wipe(aes256_gcm_ctx *ctx);

/* out may equal in (in-place). Returns 0 or PQC_ERR_BAD_LENGTH. */
int aes256_gcm_encrypt(const aes256_gcm_ctx *ctx, const uint8_t *iv, size_t iv_len,
                       const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                       uint8_t *out, uint8_t tag[GCM_TAG_SIZE]);
/* Verifies the tag before decrypting. Returns 0, PQC_ERR_BAD_LENGTH or
 * PQC_ERR_VERIFY (then out[0..len) is all zero). */
int aes256_gcm_decrypt(const aes256_gcm_ctx *ctx, const uint8_t *iv, size_t iv_len,
                       const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                       const uint8_t *tag, size_t tag_len, uint8_t *out);

#endif
