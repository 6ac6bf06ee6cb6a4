/* ChaCha20-Poly1305 AEAD construction (RFC 8439 §2.8). */
#include "pqc/sym/chacha20poly1305.h"
#include "pqc/sym/chacha20.h"
#include "pqc/sym/poly1305.h"
#include "pqc/sym/ctutil.h"
#include "lib/errors.h"
#include "lib/string.h"

static const uint8_t zeros[16];

/* §2.8: mac_data = AAD || pad16 || C || pad16 || le64(len AAD) || le64(len C),
 * keyed with the first 32 bytes of ChaCha20 block 0 (§2.6). */
static void compute_tag(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
                        size_t aad_len, const uint8_t *ct, size_t len, uint8_t tag[16])
{
    uint8_t block0[64], lens[16];
    poly1305_ctx p;
    chacha20_block(key, 0, nonce, block0);
    poly1305_init(&p, block0);
    poly1305_update(&p, aad, aad_len);
    poly1305_update(&p, zeros, (16 - aad_len % 16) % 16);
    poly1305_update(&p, ct, len);
    poly1305_update(&p, zeros, (16 - len % 16) % 16);
    qv_store64_le(lens, (uint64_t)aad_len);
    qv_store64_le(lens + 8, (uint64_t)len);
    poly1305_update(&p, lens, 16);
    poly1305_final(&p, tag);
    qv_memzero_explicit(block0, sizeof block0);
}

static int check(const uint8_t *key, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                 const uint8_t *in, size_t len, const uint8_t *out, const uint8_t *tag)
{
    if (!key || !nonce || !tag || (aad_len && !aad) || (len && (!in || !out)))
        return PQC_ERR_BAD_LENGTH;
    if ((uint64_t)len > CHACHA20POLY1305_MAX_TEXT)
        return PQC_ERR_BAD_LENGTH;
    return 0;
}

int chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                          uint8_t tag[16])
{
    int err = check(key, nonce, aad, aad_len, in, len, out, tag);
    if (err)
        return err;
    err = chacha20_xor(key, 1, nonce, in, len, out);
    if (err)
        return err;
    compute_tag(key, nonce, aad, aad_len, out, len, tag);
    return 0;
}

int chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
                          size_t aad_len, const uint8_t *in, size_t len, const uint8_t tag[16],
                          uint8_t *out)
{
    int err = check(key, nonce, aad, aad_len, in, len, out, tag);
    if (err)
        return err;
    uint8_t t[16];
    compute_tag(key, nonce, aad, aad_len, in, len, t);
    int bad = qv_ct_memneq(t, tag, 16);
    qv_memzero_explicit(t, sizeof t);
    qv_ct_declassify(&bad, sizeof bad);
    if (bad) {
        if (len)
            memset(out, 0, len);
        return PQC_ERR_VERIFY;
    }
    return chacha20_xor(key, 1, nonce, in, len, out);
}
