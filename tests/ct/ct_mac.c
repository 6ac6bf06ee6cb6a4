/* Constant-time cases for HMAC, HKDF, the DRBG and the health tests: keys,
 * seeds, entropy and DRBG state are secret. */
#include "ct.h"
#include "pqc/mac/hkdf.h"
#include "pqc/mac/hmac.h"
#include "pqc/rng/drbg.h"
#include "pqc/rng/health.h"

static void ct_hmac(void)
{
    uint8_t key[200], msg[100], mac[64], mac2[64];
    ct_fill(key, sizeof key, 20);
    ct_fill(msg, sizeof msg, 21);
    ct_secret(key, sizeof key);
    ct_secret(msg, sizeof msg);
    static const enum pqc_hash_id ids[] = { PQC_HASH_SHA256, PQC_HASH_SHA512, PQC_HASH_SHA3_256 };
    for (unsigned i = 0; i < 3; i++) {
        hmac(ids[i], key, 32, msg, sizeof msg, mac);
        hmac(ids[i], key, sizeof key, msg, sizeof msg, mac2); /* long key: hashed first */
        int eq = hmac_verify(mac, mac2, pqc_hash_len(ids[i])); /* secret tags compared */
        ct_public(&eq, sizeof eq);
        ct_public(mac, sizeof mac);
    }
}
CT_CASE(hmac, ct_hmac)

static void ct_hkdf(void)
{
    uint8_t ikm[64], salt[32], okm[200];
    ct_fill(ikm, sizeof ikm, 22);
    ct_fill(salt, sizeof salt, 23);
    ct_secret(ikm, sizeof ikm);
    hkdf(PQC_HASH_SHA3_256, salt, sizeof salt, ikm, sizeof ikm, salt, 8, okm, sizeof okm);
    hkdf(PQC_HASH_SHA256, NULL, 0, ikm, sizeof ikm, NULL, 0, okm, 100);
    ct_public(okm, sizeof okm);
}
CT_CASE(hkdf, ct_hkdf)

static void ct_drbg(void)
{
    struct pqc_drbg d = { 0 };
    uint8_t seed[96], out[300];
    ct_fill(seed, sizeof seed, 24);
    ct_secret(seed, sizeof seed);
    pqc_drbg_instantiate_raw(&d, seed, 64, seed + 64, 32, NULL, 0);
    pqc_drbg_generate_raw(&d, out, sizeof out, seed, 16);
    pqc_drbg_reseed_raw(&d, seed, 64, NULL, 0);
    pqc_drbg_generate_raw(&d, out, sizeof out, NULL, 0);
    ct_public(out, sizeof out);
    pqc_drbg_wipe(&d);
}
CT_CASE(drbg, ct_drbg)

static void ct_health(void)
{
    struct pqc_health h;
    uint8_t raw[2048];
    ct_fill(raw, sizeof raw, 25);
    ct_secret(raw, sizeof raw);
    pqc_health_init(&h);
    /* The verdict may be inspected; the per-sample counting must not leak. */
    int rc = pqc_health_feed(&h, raw, sizeof raw);
    ct_public(&rc, sizeof rc);
}
CT_CASE(health, ct_health)
