/* X25519 Diffie-Hellman (RFC 7748 §5, §6.1), constant time.
 *
 * Montgomery ladder with masked conditional swaps over GF(2^255 - 19) in
 * radix 2^51. Used for the classical half of hybrid key exchange. */
#ifndef QV_PQC_ECC_X25519_H
#define QV_PQC_ECC_X25519_H
#include "lib/types.h"

#define X25519_KEY_SIZE 32

/* The X25519 function of RFC 7748 §5: clamps the scalar, ignores bit 255 of
 * the u-coordinate and accepts non-canonical u. No checks (used by KATs). */
void x25519_scalarmult(uint8_t out[X25519_KEY_SIZE], const uint8_t scalar[X25519_KEY_SIZE],
                       const uint8_t u[X25519_KEY_SIZE]);
/* Public key = X25519(priv, 9). */
void x25519_public_key(uint8_t pub[X25519_KEY_SIZE], const uint8_t priv[X25519_KEY_SIZE]);
/* Shared secret = X25519(priv, peer). Returns PQC_ERR_BAD_KEY (output zeroed)
 * if the result is all zero, i.e. the peer sent a small-order point (§6.1). */
int x25519_shared_secret(uint8_t shared[X25519_KEY_SIZE], const uint8_t priv[X25519_KEY_SIZE],
                         const uint8_t peer[X25519_KEY_SIZE]);

#endif
