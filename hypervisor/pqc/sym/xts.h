/* AES-256-XTS (IEEE Std 1619-2007, NIST SP 800-38E) for storage encryption.
 *
 * The 64-byte key is Key1 (data, bytes 0..31) || Key2 (tweak, bytes 32..63).
 * A data unit may be any length >= 16 bytes up to 2^20 blocks (§5.1);
 * a trailing partial block uses ciphertext stealing (§5.3.2, §5.4.2). */
#ifndef QV_PQC_SYM_XTS_H
#define QV_PQC_SYM_XTS_H
#include "lib/types.h"
#include "pqc/sym/aes.h"

#define XTS_KEY_SIZE 64
#define XTS_TWEAK_SIZE 16
#define XTS_MIN_UNIT 16
#define XTS_MAX_UNIT ((size_t)1 << 24) /* 2^20 blocks of 16 bytes */

typedef struct {
    aes256_ctx data;  /* Key1 */
    aes256_ctx tweak; /* Key2 */
} aes256_xts_ctx;

/* Returns PQC_ERR_BAD_KEY if Key1 == Key2 (SP 800-38E / FIPS 140-3 IG C.I
 * forbid equal halves, which would make the mode malleable). */
int aes256_xts_init(aes256_xts_ctx *ctx, const uint8_t key[XTS_KEY_SIZE]);
void aes256_xts_wipe(aes256_xts_ctx *ctx);

/* The tweak is the 128-bit data unit sequence number, little-endian (§5.1). */
void aes256_xts_sector_tweak(uint8_t tweak[XTS_TWEAK_SIZE], uint64_t sector);

/* Encrypt/decrypt one data unit; out may equal in. Returns 0 or PQC_ERR_BAD_LENGTH. */
int aes256_xts_encrypt(const aes256_xts_ctx *ctx, const uint8_t tweak[XTS_TWEAK_SIZE],
                       const uint8_t *in, size_t len, uint8_t *out);
int aes256_xts_decrypt(const aes256_xts_ctx *ctx, const uint8_t tweak[XTS_TWEAK_SIZE],
                       const uint8_t *in, size_t len, uint8_t *out);

#endif
