/* Time since boot, provided by the architecture's clocksource (TSC on x86). */
#ifndef QV_CORE_CLOCK_H
#define QV_CORE_CLOCK_H
#include "lib/types.h"
uint64_t clock_boot_ns(void);     /* 0 until the clocksource is calibrated */
unsigned clock_cpu_index(void);   /* current CPU's index (for log prefixes) */
#endif
