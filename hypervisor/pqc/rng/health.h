/* SP 800-90B §4.4 continuous health tests on raw entropy samples (bytes):
 * repetition count test (§4.4.1) and adaptive proportion test (§4.4.2).
 * Parameters assume a claimed min-entropy of H = 4 bits per byte sample
 * (conservative for RDSEED, which Intel/AMD specify as full entropy) and a
 * false-alarm probability alpha = 2^-20:
 *   RCT cutoff C = 1 + ceil(20 / H) = 6
 *   APT window W = 512, cutoff = 1 + CRITBINOM(512, 2^-4, 1 - 2^-20) = 62
 * A failure is sticky: the source stays failed until pqc_health_init(). */
#ifndef QV_PQC_HEALTH_H
#define QV_PQC_HEALTH_H
#include "lib/types.h"

#define PQC_HEALTH_H_BITS 4
#define PQC_HEALTH_RCT_CUTOFF 6
#define PQC_HEALTH_APT_WINDOW 512
#define PQC_HEALTH_APT_CUTOFF 62
/* Startup test length (§4.3 item 4: at least 1024 samples). */
#define PQC_HEALTH_STARTUP_SAMPLES 1024

struct pqc_health {
    uint32_t rct_last, rct_count;   /* last sample, run length */
    uint32_t apt_first, apt_count;  /* window's first sample, its count */
    uint32_t apt_pos;               /* samples seen in the current window */
    uint32_t started;               /* 0 until the first sample */
    uint32_t failed;                /* 0 or 1 (sticky) */
    uint64_t rct_failures, apt_failures; /* for diagnostics */
};

void pqc_health_init(struct pqc_health *h);
/* Feeds samples; 0, or PQC_ERR_HEALTH if this or an earlier call failed. */
int pqc_health_feed(struct pqc_health *h, const uint8_t *samples, size_t n);

#endif
