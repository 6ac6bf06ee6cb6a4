/* ChaCha20-Poly1305 AEAD (RFC 8439 §2.8): 256-bit key, 96-bit nonce,
 * 16-byte tag. open() verifies before decrypting and returns PQC_ERR_VERIFY
 * with the output zeroed on mismatch. */
#ifndef QV_PQC_SYM_CHACHA20POLY1305_H
#define QV_PQC_SYM_CHACHA20POLY1305_H
#include "lib/types.h"

#define CHACHA20POLY1305_KEY_SIZE 32
#define CHACHA20POLY1305_NONCE_SIZE 12
#define CHACHA20POLY1305_TAG_SIZE 16
/* §2.8: the plaintext is limited to 2^32 - 1 blocks of 64 bytes (counter 1..). */
#define CHACHA20POLY1305_MAX_TEXT ((((uint64_t)1) << 38) - 64)

/* out may equal in. Returns 0 or PQC_ERR_BAD_LENGTH. */
int chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                          uint8_t tag[16]);
/* Returns 0, PQC_ERR_BAD_LENGTH or PQC_ERR_VERIFY. */
int chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, const uint8_t tag[16],
                          uint8_t *out);

#endif
