/* TSC clocksource (the time base for printk and timeouts). */
#ifndef QV_ARCH_TSC_H
#define QV_ARCH_TSC_H
#include "lib/types.h"
/* Find the TSC frequency: CPUID leaf 0x15 when it reports one, else PIT calibration. */
void tsc_init(void);
uint64_t tsc_khz(void);
/* TSC value at clock_boot_ns() == 0 (guest TSC models need it). */
uint64_t tsc_at_boot_clock_zero(void);
const char *tsc_source(void);
uint64_t tsc_to_ns(uint64_t cycles);
void udelay(uint64_t us);
#endif
