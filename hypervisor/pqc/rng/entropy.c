/* Health-tested entropy collection, common to every source. */
#include "pqc/rng/entropy.h"
#include "lib/errors.h"
#include "lib/string.h"

int pqc_entropy_get(const struct pqc_entropy_source *src, struct pqc_health *h, uint8_t *out,
                    size_t len)
{
    size_t done = 0;
    int rc = 0;
    if (!src || !src->read64)
        return PQC_ERR_ENTROPY;
    while (done < len) {
        uint64_t w = 0;
        uint8_t b[8];
        rc = src->read64(src->ctx, &w);
        if (rc)
            break;
        for (unsigned k = 0; k < 8; k++)
            b[k] = (uint8_t)(w >> (8 * k));
        rc = pqc_health_feed(h, b, 8);
        size_t n = MIN((size_t)8, len - done);
        memcpy(out + done, b, n);
        qv_memzero_explicit(b, sizeof b);
        w = 0;
        if (rc)
            break;
        done += n;
    }
    if (rc)
        qv_memzero_explicit(out, len);
    return rc;
}

int pqc_entropy_startup(const struct pqc_entropy_source *src, struct pqc_health *h)
{
    uint8_t buf[PQC_HEALTH_STARTUP_SAMPLES];
    pqc_health_init(h);
    int rc = pqc_entropy_get(src, h, buf, sizeof buf);
    qv_memzero_explicit(buf, sizeof buf);
    return rc;
}
