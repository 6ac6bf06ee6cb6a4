/* SP 800-90B §4.4 health tests. The samples are raw secret entropy, so the
 * counters are updated with masks instead of branches (no sample-dependent
 * control flow; ct-check verifies this). */
#include "pqc/rng/health.h"
#include "lib/errors.h"
#include "lib/string.h"

void pqc_health_init(struct pqc_health *h)
{
    memset(h, 0, sizeof(*h));
}

/* 1 if a == b, else 0, without branching. */
static inline uint32_t eq_u32(uint32_t a, uint32_t b)
{
    uint32_t d = a ^ b;
    return 1u ^ ((d | (0u - d)) >> 31);
}

/* 1 if a >= b (both < 2^31), else 0. */
static inline uint32_t ge_u32(uint32_t a, uint32_t b)
{
    return 1u ^ ((a - b) >> 31);
}

int pqc_health_feed(struct pqc_health *h, const uint8_t *samples, size_t n)
{
    uint32_t fail_rct = 0, fail_apt = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = samples[i];
        uint32_t first = eq_u32(h->started, 0);
        h->started = 1;
        /* RCT (§4.4.1): count identical consecutive samples; fail at C. */
        uint32_t same = eq_u32(s, h->rct_last) & (first ^ 1u);
        h->rct_count = same * (h->rct_count + 1u) + (same ^ 1u);
        h->rct_last = s;
        fail_rct |= ge_u32(h->rct_count, PQC_HEALTH_RCT_CUTOFF);
        /* APT (§4.4.2): the first sample of each W-sample window is the
         * reference; count its occurrences in the window; fail at cutoff. */
        uint32_t start = eq_u32(h->apt_pos, 0);
        uint32_t mstart = 0u - start;
        h->apt_first = (mstart & s) | (~mstart & h->apt_first);
        h->apt_count = start + (start ^ 1u) * (h->apt_count + eq_u32(s, h->apt_first));
        fail_apt |= ge_u32(h->apt_count, PQC_HEALTH_APT_CUTOFF);
        h->apt_pos = (h->apt_pos + 1u) * (1u ^ eq_u32(h->apt_pos + 1u, PQC_HEALTH_APT_WINDOW));
    }
    /* Branching on the pass/fail verdict is fine: it is public. */
    h->rct_failures += fail_rct;
    h->apt_failures += fail_apt;
    h->failed |= fail_rct | fail_apt;
    return h->failed ? PQC_ERR_HEALTH : 0;
}
