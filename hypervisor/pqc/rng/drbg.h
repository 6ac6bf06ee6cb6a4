/* HMAC_DRBG with SHA-512 (NIST SP 800-90A Rev. 1 §10.1.2), security strength
 * 256 bits, fed from a health-tested entropy source.
 *
 * Two layers: the *_raw functions are the deterministic algorithm of §10.1.2
 * with caller-supplied entropy (used by known-answer tests); pqc_drbg_init /
 * reseed / generate pull entropy themselves, reseed when the reseed interval
 * is reached, and refuse to (re)seed from a source that fails its health
 * tests. Not thread-safe: callers serialise access to one instance. */
#ifndef QV_PQC_DRBG_H
#define QV_PQC_DRBG_H
#include "lib/types.h"
#include "pqc/rng/entropy.h"
#include "pqc/rng/health.h"

#define PQC_DRBG_OUTLEN 64                  /* SHA-512 */
#define PQC_DRBG_MAX_REQUEST 65536          /* 2^19 bits per generate (§10.1 table 2) */
#define PQC_DRBG_MAX_RESEED_INTERVAL (1ull << 48) /* §10.1 table 2 */
#define PQC_DRBG_DEFAULT_RESEED_INTERVAL 1024   /* our policy: reseed often */
/* Entropy input: 256 bits of min-entropy at the claimed H = 4 bits/byte
 * (health.h) -> 64 bytes; nonce: 128 bits -> 32 more bytes (§8.6.7). */
#define PQC_DRBG_ENTROPY_LEN 64
#define PQC_DRBG_NONCE_LEN 32

struct pqc_drbg {
    uint8_t key[PQC_DRBG_OUTLEN], v[PQC_DRBG_OUTLEN];
    uint64_t reseed_counter, reseed_interval;
    bool instantiated;
    const struct pqc_entropy_source *src; /* NULL for raw (KAT) use */
    struct pqc_health health;
};

/* §10.1.2.3 instantiate, §10.1.2.4 reseed, §10.1.2.5 generate, on given inputs. */
int pqc_drbg_instantiate_raw(struct pqc_drbg *d, const uint8_t *entropy, size_t elen,
                             const uint8_t *nonce, size_t nlen, const uint8_t *pers, size_t plen);
int pqc_drbg_reseed_raw(struct pqc_drbg *d, const uint8_t *entropy, size_t elen,
                        const uint8_t *add, size_t alen);
/* PQC_ERR_RESEED when reseed_counter > reseed_interval (§10.1.2.5 step 1). */
int pqc_drbg_generate_raw(struct pqc_drbg *d, uint8_t *out, size_t outlen, const uint8_t *add,
                          size_t alen);

/* Runs the source's start-up health test, then instantiates from it. */
int pqc_drbg_init(struct pqc_drbg *d, const struct pqc_entropy_source *src, const uint8_t *pers,
                  size_t plen);
int pqc_drbg_reseed(struct pqc_drbg *d, const uint8_t *add, size_t alen);
/* Reseeds first when the interval is reached or prediction resistance is
 * asked for (§9.3.1); a failed reseed leaves the DRBG unusable (error). */
int pqc_drbg_generate(struct pqc_drbg *d, uint8_t *out, size_t outlen, const uint8_t *add,
                      size_t alen, bool prediction_resistance);
/* §9.4 uninstantiate: wipe the state. */
void pqc_drbg_wipe(struct pqc_drbg *d);

#endif
