/* Software backend: the registered C implementations and an HMAC_DRBG seeded
 * from the platform entropy source (RDSEED/RDRAND in the kernel). One global
 * DRBG instance: callers serialise pqc_random (no lock API yet, see docs). */
#include "pqc/backend.h"
#include "pqc/rng/drbg.h"

static struct pqc_drbg sw_drbg;

static int sw_probe(void)
{
    static const uint8_t pers[] = "QuantaVirt PQC software backend";
    /* Re-probing re-instantiates from fresh entropy. */
    return pqc_drbg_init(&sw_drbg, pqc_entropy_default(), pers, sizeof pers - 1);
}

/* Requests above the per-call DRBG limit are split (§10.1 table 2). */
static int sw_random(uint8_t *out, size_t len)
{
    while (len) {
        size_t n = len < PQC_DRBG_MAX_REQUEST ? len : PQC_DRBG_MAX_REQUEST;
        int rc = pqc_drbg_generate(&sw_drbg, out, n, NULL, 0, false);
        if (rc)
            return rc;
        out += n;
        len -= n;
    }
    return 0;
}

const struct pqc_backend pqc_backend_sw = {
    .name = "software",
    .probe = sw_probe,
    .find_kem = pqc_sw_find_kem,
    .find_sig = pqc_sw_find_sig,
    .random = sw_random,
};
