/* TSC frequency and the boot clock. */
#include "arch/x86_64/cpu/tsc.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/pit.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/time/clock.h"

static uint64_t khz;
static uint64_t boot_tsc;
static uint64_t ns_mult; /* ns = (cycles * ns_mult) >> 32 */
static const char *source = "none";
bool percpu_ready;

static uint64_t pit_calibrate_once(void)
{
    uint64_t t0 = rdtsc();
    if (!pit_wait_us(10000))
        return 0;
    return (rdtsc() - t0) / 10; /* cycles per ms = kHz */
}

void tsc_init(void)
{
    boot_tsc = boot_tsc ? boot_tsc : rdtsc();
    /* CPUID 0x15: TSC/crystal ratio (SDM vol. 3B §18.7.3). */
    struct cpuid_regs r = cpuid(0, 0);
    if (r.eax >= 0x15) {
        struct cpuid_regs t = cpuid(0x15, 0);
        if (t.eax && t.ebx && t.ecx) {
            khz = (uint64_t)t.ecx * t.ebx / t.eax / 1000;
            source = "CPUID 0x15";
        }
    }
    if (!khz) {
        /* Median of three PIT windows: robust against one disturbed run. */
        uint64_t a = pit_calibrate_once(), b = pit_calibrate_once(), c = pit_calibrate_once();
        uint64_t lo = MIN(a, MIN(b, c)), hi = MAX(a, MAX(b, c));
        khz = a + b + c - lo - hi;
        source = "PIT calibration";
    }
    if (khz)
        ns_mult = (1000000ull << 32) / khz;
}

uint64_t tsc_khz(void) { return khz; }
uint64_t tsc_at_boot_clock_zero(void) { return boot_tsc; }
const char *tsc_source(void) { return source; }

uint64_t tsc_to_ns(uint64_t cycles)
{
    return (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
}

void udelay(uint64_t us)
{
    uint64_t end = rdtsc() + (khz ? khz * us / 1000 : us * 3000);
    while ((int64_t)(rdtsc() - end) < 0)
        cpu_relax();
}

uint64_t clock_boot_ns(void)
{
    return ns_mult ? tsc_to_ns(rdtsc() - boot_tsc) : 0;
}

unsigned clock_cpu_index(void)
{
    return percpu_ready ? this_cpu()->index : 0;
}
