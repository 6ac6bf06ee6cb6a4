/* Entropy sources feeding the DRBG. A source returns raw 64-bit words; the
 * caller runs the SP 800-90B health tests on them (pqc_entropy_get). */
#ifndef QV_PQC_ENTROPY_H
#define QV_PQC_ENTROPY_H
#include "lib/errors.h"
#include "lib/types.h"
#include "pqc/rng/health.h"

struct pqc_entropy_source {
    const char *name;
    /* One raw 64-bit sample word; 0 or PQC_ERR_ENTROPY (source exhausted or
     * absent after its own bounded retries). */
    int (*read64)(void *ctx, uint64_t *out);
    void *ctx;
};

/* The platform's source: RDSEED (RDRAND if RDSEED is missing) in the kernel
 * (entropy_x86.c), getrandom() in host programs (entropy_host.c). NULL if
 * the machine has none. */
const struct pqc_entropy_source *pqc_entropy_default(void);

/* Fills out[0..len) from src, feeding every byte through the health tests h;
 * PQC_ERR_ENTROPY / PQC_ERR_HEALTH on failure (out is then wiped). */
int pqc_entropy_get(const struct pqc_entropy_source *src, struct pqc_health *h, uint8_t *out,
                    size_t len);
/* Start-up test (SP 800-90B §4.3): resets h and runs the health tests over
 * PQC_HEALTH_STARTUP_SAMPLES samples that are then discarded. */
int pqc_entropy_startup(const struct pqc_entropy_source *src, struct pqc_health *h);

#endif
