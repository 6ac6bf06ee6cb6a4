/* HKDF (RFC 5869) over any pqc_hash_id (SHA-256 and SHA3-256 in practice). */
#ifndef QV_PQC_HKDF_H
#define QV_PQC_HKDF_H
#include "pqc/hash/hash.h"

/* PRK = HMAC(salt, IKM); salt NULL/0 means HashLen zero bytes (§2.2). */
int hkdf_extract(enum pqc_hash_id id, const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
                 size_t ikmlen, uint8_t *prk);
/* OKM of okmlen <= 255 * HashLen bytes (§2.3), else PQC_ERR_BAD_LENGTH. */
int hkdf_expand(enum pqc_hash_id id, const uint8_t *prk, size_t prklen, const uint8_t *info,
                size_t infolen, uint8_t *okm, size_t okmlen);
int hkdf(enum pqc_hash_id id, const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
         size_t ikmlen, const uint8_t *info, size_t infolen, uint8_t *okm, size_t okmlen);

#endif
