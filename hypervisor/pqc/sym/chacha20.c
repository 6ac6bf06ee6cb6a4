/* ChaCha20 (RFC 8439 §2.1-§2.4). */
#include "pqc/sym/chacha20.h"
#include "pqc/sym/ctutil.h"
#include "lib/errors.h"
#include "lib/string.h"

#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

/* §2.1 quarter round on state words a, b, c, d. */
#define QR(x, a, b, c, d)                                   \
    do {                                                    \
        x[a] += x[b]; x[d] ^= x[a]; x[d] = ROTL32(x[d], 16); \
        x[c] += x[d]; x[b] ^= x[c]; x[b] = ROTL32(x[b], 12); \
        x[a] += x[b]; x[d] ^= x[a]; x[d] = ROTL32(x[d], 8);  \
        x[c] += x[d]; x[b] ^= x[c]; x[b] = ROTL32(x[b], 7);  \
    } while (0)

void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE])
{
    /* §2.3: constants "expand 32-byte k", key, counter, nonce. */
    uint32_t s[16], x[16];
    s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
    for (int i = 0; i < 8; i++)
        s[4 + i] = qv_load32_le(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++)
        s[13 + i] = qv_load32_le(nonce + 4 * i);
    memcpy(x, s, sizeof x);
    for (int i = 0; i < 10; i++) { /* 20 rounds = 10 column + diagonal pairs */
        QR(x, 0, 4, 8, 12); QR(x, 1, 5, 9, 13); QR(x, 2, 6, 10, 14); QR(x, 3, 7, 11, 15);
        QR(x, 0, 5, 10, 15); QR(x, 1, 6, 11, 12); QR(x, 2, 7, 8, 13); QR(x, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; i++)
        qv_store32_le(out + 4 * i, x[i] + s[i]);
    qv_memzero_explicit(s, sizeof s);
    qv_memzero_explicit(x, sizeof x);
}

int chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                 const uint8_t nonce[CHACHA20_NONCE_SIZE], const uint8_t *in, size_t len,
                 uint8_t *out)
{
    uint64_t blocks = ((uint64_t)len + CHACHA20_BLOCK_SIZE - 1) / CHACHA20_BLOCK_SIZE;
    if (blocks > ((uint64_t)1 << 32) - counter)
        return PQC_ERR_BAD_LENGTH;
    if (len && (!in || !out))
        return PQC_ERR_BAD_LENGTH;
    uint8_t ks[CHACHA20_BLOCK_SIZE];
    while (len > 0) {
        chacha20_block(key, counter++, nonce, ks);
        size_t n = MIN(len, (size_t)CHACHA20_BLOCK_SIZE);
        for (size_t i = 0; i < n; i++)
            out[i] = in[i] ^ ks[i];
        in += n;
        out += n;
        len -= n;
    }
    qv_memzero_explicit(ks, sizeof ks);
    return 0;
}
