/* HMAC, FIPS 198-1 §4: MAC = H((K0 ^ opad) || H((K0 ^ ipad) || text)). */
#include "pqc/mac/hmac.h"
#include "lib/errors.h"
#include "lib/string.h"

int hmac_init(hmac_ctx *c, enum pqc_hash_id id, const uint8_t *key, size_t keylen)
{
    uint8_t k0[PQC_HASH_MAX_BLOCK], pad[PQC_HASH_MAX_BLOCK];
    size_t b = pqc_hash_block(id);
    if (!b)
        return PQC_ERR_UNKNOWN_ALG;
    memset(k0, 0, sizeof k0);
    if (keylen > b) { /* step 2: K0 = H(K) padded with zeros */
        pqc_hash_ctx h;
        pqc_hash_init(&h, id);
        pqc_hash_update(&h, key, keylen);
        pqc_hash_final(&h, k0);
    } else if (keylen) { /* step 1/3: K padded with zeros */
        memcpy(k0, key, keylen);
    }
    for (size_t i = 0; i < b; i++)
        pad[i] = k0[i] ^ 0x36;
    pqc_hash_init(&c->inner, id);
    pqc_hash_update(&c->inner, pad, b);
    for (size_t i = 0; i < b; i++)
        pad[i] = k0[i] ^ 0x5c;
    pqc_hash_init(&c->outer, id);
    pqc_hash_update(&c->outer, pad, b);
    qv_memzero_explicit(k0, sizeof k0);
    qv_memzero_explicit(pad, sizeof pad);
    return 0;
}

void hmac_update(hmac_ctx *c, const uint8_t *in, size_t len)
{
    pqc_hash_update(&c->inner, in, len);
}

void hmac_final(hmac_ctx *c, uint8_t *mac)
{
    uint8_t ih[PQC_HASH_MAX_LEN];
    size_t n = pqc_hash_len(c->inner.id);
    pqc_hash_final(&c->inner, ih);
    pqc_hash_update(&c->outer, ih, n);
    pqc_hash_final(&c->outer, mac);
    qv_memzero_explicit(ih, sizeof ih);
    qv_memzero_explicit(c, sizeof(*c));
}

int hmac(enum pqc_hash_id id, const uint8_t *key, size_t keylen, const uint8_t *msg,
         size_t mlen, uint8_t *mac)
{
    hmac_ctx c;
    int rc = hmac_init(&c, id, key, keylen);
    if (rc)
        return rc;
    hmac_update(&c, msg, mlen);
    hmac_final(&c, mac);
    return 0;
}

int hmac_verify(const uint8_t *a, const uint8_t *b, size_t len)
{
    uint8_t d = 0;
    for (size_t i = 0; i < len; i++)
        d |= a[i] ^ b[i];
    /* (d - 1) >> 8 is all-ones exactly when d == 0: no branch on the tag bytes. */
    uint32_t eq = ((uint32_t)d - 1u) >> 8 & 1u;
    return (int)(eq - 1u) & PQC_ERR_AUTH;
}
