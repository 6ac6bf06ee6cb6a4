/* Host local APIC (xAPIC MMIO mode; Intel SDM vol. 3A chapter 11). */
#ifndef QV_ARCH_LAPIC_H
#define QV_ARCH_LAPIC_H
#include "lib/types.h"

#define LAPIC_DEFAULT_BASE 0xFEE00000ull

/* ICR delivery modes and flags (SDM vol. 3A §11.6.1). */
#define ICR_FIXED 0x000
#define ICR_NMI 0x400
#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_ASSERT 0x4000
#define ICR_LEVEL 0x8000
#define ICR_SHORTHAND_SELF (1u << 18)
#define ICR_SHORTHAND_ALL_BUT_SELF (3u << 18)

void hw_lapic_init_cpu(void);
uint32_t hw_lapic_id(void);
void hw_lapic_eoi(void);
/* Send an IPI; waits (bounded) for the previous one to be accepted. Returns false on timeout. */
bool hw_lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);

/* Timer (SDM vol. 3A §11.5.4). hw_lapic_timer_calibrate measures the timer's
 * input clock against the TSC (which must already be calibrated). */
void hw_lapic_timer_calibrate(void);
uint64_t hw_lapic_timer_hz(void);
void hw_lapic_timer_periodic(uint32_t hz, uint8_t vector);
void hw_lapic_timer_oneshot_ns(uint64_t ns, uint8_t vector);
void hw_lapic_timer_stop(void);
#endif
