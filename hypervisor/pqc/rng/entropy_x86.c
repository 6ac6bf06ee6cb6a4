/* x86 hardware entropy for the kernel: RDSEED (conditioned NRBG output, Intel
 * SDM vol. 1 §7.3.17 / AMD APM vol. 3) with RDRAND as a fallback on CPUs
 * without it. Both report "no data" with CF = 0 and must be retried; Intel's
 * DRNG guide recommends a bounded retry loop with PAUSE for RDSEED and 10
 * retries for RDRAND, after which the source is considered failed. */
#include "pqc/rng/entropy.h"
#include "lib/errors.h"

#define RDSEED_RETRIES 1000
#define RDRAND_RETRIES 10

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static int rdseed64(void *ctx, uint64_t *out)
{
    (void)ctx;
    for (int i = 0; i < RDSEED_RETRIES; i++) {
        uint64_t v;
        uint8_t ok;
        __asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok)::"cc");
        if (ok) {
            *out = v;
            return 0;
        }
        __asm__ volatile("pause");
    }
    return PQC_ERR_ENTROPY;
}

static int rdrand64(void *ctx, uint64_t *out)
{
    (void)ctx;
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        uint64_t v;
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok)::"cc");
        if (ok) {
            *out = v;
            return 0;
        }
    }
    return PQC_ERR_ENTROPY;
}

static const struct pqc_entropy_source src_rdseed = { "rdseed", rdseed64, NULL };
static const struct pqc_entropy_source src_rdrand = { "rdrand", rdrand64, NULL };

const struct pqc_entropy_source *pqc_entropy_default(void)
{
    uint32_t r[4];
    cpuid_count(0, 0, r);
    uint32_t max = r[0];
    if (max >= 7) {
        cpuid_count(7, 0, r);
        if (r[1] & (1u << 18)) /* CPUID.(EAX=7,ECX=0):EBX[18] = RDSEED */
            return &src_rdseed;
    }
    cpuid_count(1, 0, r);
    if (r[2] & (1u << 30)) /* CPUID.1:ECX[30] = RDRAND */
        return &src_rdrand;
    return NULL;
}
