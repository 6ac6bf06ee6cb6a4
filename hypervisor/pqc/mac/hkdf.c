/* HKDF, RFC 5869 §2. */
#include "pqc/mac/hkdf.h"
#include "pqc/mac/hmac.h"
#include "lib/errors.h"
#include "lib/string.h"

int hkdf_extract(enum pqc_hash_id id, const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
                 size_t ikmlen, uint8_t *prk)
{
    static const uint8_t zeros[PQC_HASH_MAX_LEN];
    if (!salt || !saltlen) {
        salt = zeros;
        saltlen = pqc_hash_len(id);
    }
    return hmac(id, salt, saltlen, ikm, ikmlen, prk);
}

/* T(i) = HMAC(PRK, T(i-1) || info || i), OKM = first L bytes of T(1)||T(2)... */
int hkdf_expand(enum pqc_hash_id id, const uint8_t *prk, size_t prklen, const uint8_t *info,
                size_t infolen, uint8_t *okm, size_t okmlen)
{
    size_t hl = pqc_hash_len(id);
    uint8_t t[PQC_HASH_MAX_LEN];
    if (!hl)
        return PQC_ERR_UNKNOWN_ALG;
    if (okmlen > 255 * hl)
        return PQC_ERR_BAD_LENGTH;
    for (size_t done = 0, i = 1; done < okmlen; i++) {
        hmac_ctx c;
        uint8_t ctr = (uint8_t)i;
        int rc = hmac_init(&c, id, prk, prklen);
        if (rc)
            return rc;
        if (i > 1)
            hmac_update(&c, t, hl);
        hmac_update(&c, info, infolen);
        hmac_update(&c, &ctr, 1);
        hmac_final(&c, t);
        size_t n = MIN(hl, okmlen - done);
        memcpy(okm + done, t, n);
        done += n;
    }
    qv_memzero_explicit(t, sizeof t);
    return 0;
}

int hkdf(enum pqc_hash_id id, const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
         size_t ikmlen, const uint8_t *info, size_t infolen, uint8_t *okm, size_t okmlen)
{
    uint8_t prk[PQC_HASH_MAX_LEN];
    size_t hl = pqc_hash_len(id);
    if (!hl)
        return PQC_ERR_UNKNOWN_ALG;
    if (okmlen > 255 * hl)
        return PQC_ERR_BAD_LENGTH;
    int rc = hkdf_extract(id, salt, saltlen, ikm, ikmlen, prk);
    if (!rc)
        rc = hkdf_expand(id, prk, hl, info, infolen, okm, okmlen);
    qv_memzero_explicit(prk, sizeof prk);
    return rc;
}
