/* ChaCha20 stream cipher (RFC 8439 §2.3-§2.4): 256-bit key, 96-bit nonce,
 * 32-bit block counter. Add/rotate/xor only, so naturally constant time. */
#ifndef QV_PQC_SYM_CHACHA20_H
#define QV_PQC_SYM_CHACHA20_H
#include "lib/types.h"

#define CHACHA20_KEY_SIZE 32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* One 64-byte keystream block (§2.3). */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE]);

/* XOR len bytes with the keystream starting at block `counter` (§2.4);
 * out may equal in. Returns 0, or PQC_ERR_BAD_LENGTH if the 32-bit block
 * counter would wrap (more than 2^32 - counter blocks). */
int chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                 const uint8_t nonce[CHACHA20_NONCE_SIZE], const uint8_t *in, size_t len,
                 uint8_t *out);

#endif
