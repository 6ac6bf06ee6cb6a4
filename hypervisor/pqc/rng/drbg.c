/* HMAC_DRBG (SP 800-90A Rev. 1 §10.1.2) over HMAC-SHA-512. */
#include "pqc/rng/drbg.h"
#include "lib/errors.h"
#include "lib/string.h"
#include "pqc/mac/hmac.h"

/* §10.1.2.2 HMAC_DRBG_Update with provided_data = a || b || c (the
 * concatenation is streamed into HMAC, nothing is copied). */
static void drbg_update(struct pqc_drbg *d, const uint8_t *a, size_t alen, const uint8_t *b,
                        size_t blen, const uint8_t *c, size_t clen)
{
    bool has_data = alen + blen + clen > 0;
    for (uint8_t round = 0; round < 2; round++) {
        hmac_ctx h;
        /* K = HMAC(K, V || round || provided_data) */
        hmac_init(&h, PQC_HASH_SHA512, d->key, sizeof d->key);
        hmac_update(&h, d->v, sizeof d->v);
        hmac_update(&h, &round, 1);
        if (alen) hmac_update(&h, a, alen);
        if (blen) hmac_update(&h, b, blen);
        if (clen) hmac_update(&h, c, clen);
        hmac_final(&h, d->key);
        /* V = HMAC(K, V) */
        hmac(PQC_HASH_SHA512, d->key, sizeof d->key, d->v, sizeof d->v, d->v);
        if (!has_data) /* step 3: stop after one round without provided_data */
            break;
    }
}

int pqc_drbg_instantiate_raw(struct pqc_drbg *d, const uint8_t *entropy, size_t elen,
                             const uint8_t *nonce, size_t nlen, const uint8_t *pers, size_t plen)
{
    /* §10.1.2.3: Key = 0x00..00, V = 0x01..01, Update(entropy || nonce || pers). */
    memset(d->key, 0x00, sizeof d->key);
    memset(d->v, 0x01, sizeof d->v);
    drbg_update(d, entropy, elen, nonce, nlen, pers, plen);
    d->reseed_counter = 1;
    if (!d->reseed_interval || d->reseed_interval > PQC_DRBG_MAX_RESEED_INTERVAL)
        d->reseed_interval = PQC_DRBG_DEFAULT_RESEED_INTERVAL;
    d->instantiated = true;
    return 0;
}

int pqc_drbg_reseed_raw(struct pqc_drbg *d, const uint8_t *entropy, size_t elen,
                        const uint8_t *add, size_t alen)
{
    if (!d->instantiated)
        return PQC_ERR_NOT_SEEDED;
    drbg_update(d, entropy, elen, add, alen, NULL, 0); /* §10.1.2.4 */
    d->reseed_counter = 1;
    return 0;
}

int pqc_drbg_generate_raw(struct pqc_drbg *d, uint8_t *out, size_t outlen, const uint8_t *add,
                          size_t alen)
{
    if (!d->instantiated)
        return PQC_ERR_NOT_SEEDED;
    if (outlen > PQC_DRBG_MAX_REQUEST)
        return PQC_ERR_REQUEST_TOO_BIG;
    if (d->reseed_counter > d->reseed_interval) /* step 1 */
        return PQC_ERR_RESEED;
    if (alen) /* step 2 */
        drbg_update(d, add, alen, NULL, 0, NULL, 0);
    for (size_t done = 0; done < outlen;) { /* steps 3-4 */
        hmac(PQC_HASH_SHA512, d->key, sizeof d->key, d->v, sizeof d->v, d->v);
        size_t n = MIN((size_t)PQC_DRBG_OUTLEN, outlen - done);
        memcpy(out + done, d->v, n);
        done += n;
    }
    drbg_update(d, add, alen, NULL, 0, NULL, 0); /* step 6 */
    d->reseed_counter++;
    return 0;
}

/* Pulls entropy (and optionally a nonce) through the health tests. */
static int drbg_collect(struct pqc_drbg *d, uint8_t *buf, size_t len)
{
    if (!d->src)
        return PQC_ERR_ENTROPY;
    return pqc_entropy_get(d->src, &d->health, buf, len);
}

int pqc_drbg_init(struct pqc_drbg *d, const struct pqc_entropy_source *src, const uint8_t *pers,
                  size_t plen)
{
    uint8_t seed[PQC_DRBG_ENTROPY_LEN + PQC_DRBG_NONCE_LEN];
    uint64_t interval = d->reseed_interval;
    memset(d, 0, sizeof(*d));
    d->reseed_interval = interval;
    d->src = src;
    if (!src)
        return PQC_ERR_ENTROPY;
    int rc = pqc_entropy_startup(src, &d->health);
    if (!rc)
        rc = drbg_collect(d, seed, sizeof seed);
    if (!rc)
        rc = pqc_drbg_instantiate_raw(d, seed, PQC_DRBG_ENTROPY_LEN, seed + PQC_DRBG_ENTROPY_LEN,
                                      PQC_DRBG_NONCE_LEN, pers, plen);
    qv_memzero_explicit(seed, sizeof seed);
    if (rc) {
        qv_memzero_explicit(d->key, sizeof d->key);
        qv_memzero_explicit(d->v, sizeof d->v);
        d->instantiated = false;
    }
    return rc;
}

int pqc_drbg_reseed(struct pqc_drbg *d, const uint8_t *add, size_t alen)
{
    uint8_t e[PQC_DRBG_ENTROPY_LEN];
    if (!d->instantiated)
        return PQC_ERR_NOT_SEEDED;
    int rc = drbg_collect(d, e, sizeof e);
    if (!rc) {
        rc = pqc_drbg_reseed_raw(d, e, sizeof e, add, alen);
    } else {
        /* A source that fails its health tests must not be trusted again, and
         * output from a state that could not be refreshed is refused. */
        d->reseed_counter = d->reseed_interval + 1;
    }
    qv_memzero_explicit(e, sizeof e);
    return rc;
}

int pqc_drbg_generate(struct pqc_drbg *d, uint8_t *out, size_t outlen, const uint8_t *add,
                      size_t alen, bool prediction_resistance)
{
    if (!d->instantiated)
        return PQC_ERR_NOT_SEEDED;
    if (outlen > PQC_DRBG_MAX_REQUEST)
        return PQC_ERR_REQUEST_TOO_BIG;
    if (prediction_resistance || d->reseed_counter > d->reseed_interval) {
        /* §9.3.1 step 7: reseed with the additional input, then generate without it. */
        int rc = pqc_drbg_reseed(d, add, alen);
        if (rc)
            return rc;
        add = NULL;
        alen = 0;
    }
    return pqc_drbg_generate_raw(d, out, outlen, add, alen);
}

void pqc_drbg_wipe(struct pqc_drbg *d)
{
    qv_memzero_explicit(d, sizeof(*d));
}
