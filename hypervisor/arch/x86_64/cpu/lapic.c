/* Host local APIC driver, xAPIC MMIO (identity-mapped at its physical base). */
#include "arch/x86_64/cpu/lapic.h"
#include "arch/x86_64/cpu/pit.h"
#include "arch/x86_64/cpu/tsc.h"
#include "arch/x86_64/cpu/traps.h"
#include "arch/x86_64/cpu/x86.h"

#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0B0
#define APIC_SVR 0x0F0
#define APIC_ESR 0x280
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3E0

#define SVR_ENABLE BIT(8)
#define LVT_MASKED BIT(16)
#define LVT_TIMER_PERIODIC BIT(17)
#define ICR_PENDING BIT(12)
#define APIC_BASE_ENABLE BIT(11)
#define TIMER_DIV_16 0x3

static volatile uint32_t *lapic_mmio;
static uint64_t timer_hz; /* LAPIC timer input frequency after the /16 divider */

static inline uint32_t rd(uint32_t reg) { return lapic_mmio[reg / 4]; }
static inline void wr(uint32_t reg, uint32_t v) { lapic_mmio[reg / 4] = v; }

void hw_lapic_init_cpu(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    if (!(base & APIC_BASE_ENABLE))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    lapic_mmio = (volatile uint32_t *)(uintptr_t)(base & ~0xfffull);
    wr(APIC_TPR, 0);
    wr(APIC_LVT_TIMER, LVT_MASKED);
    wr(APIC_LVT_LINT0, LVT_MASKED);
    wr(APIC_LVT_LINT1, 0x400); /* NMI delivery, unmasked: platform NMIs still reach us */
    wr(APIC_LVT_ERROR, LVT_MASKED);
    wr(APIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
    wr(APIC_ESR, 0);
    wr(APIC_ESR, 0);
    wr(APIC_EOI, 0);
}

uint32_t hw_lapic_id(void) { return rd(APIC_ID) >> 24; }
void hw_lapic_eoi(void) { wr(APIC_EOI, 0); }

bool hw_lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
    for (int i = 0; i < 1000000 && (rd(APIC_ICR_LO) & ICR_PENDING); i++)
        cpu_relax();
    wr(APIC_ICR_HI, apic_id << 24);
    wr(APIC_ICR_LO, icr_low);
    for (int i = 0; i < 1000000; i++) {
        if (!(rd(APIC_ICR_LO) & ICR_PENDING))
            return true;
        cpu_relax();
    }
    return false;
}

void hw_lapic_timer_calibrate(void)
{
    /* Count timer ticks over a PIT-timed 10 ms window. */
    wr(APIC_TIMER_DIV, TIMER_DIV_16);
    wr(APIC_LVT_TIMER, LVT_MASKED);
    wr(APIC_TIMER_INIT, 0xffffffffu);
    uint32_t start = rd(APIC_TIMER_CUR);
    pit_wait_us(10000);
    uint32_t end = rd(APIC_TIMER_CUR);
    wr(APIC_TIMER_INIT, 0);
    timer_hz = (uint64_t)(start - end) * 100;
}

uint64_t hw_lapic_timer_hz(void) { return timer_hz; }

void hw_lapic_timer_periodic(uint32_t hz, uint8_t vector)
{
    wr(APIC_TIMER_DIV, TIMER_DIV_16);
    wr(APIC_LVT_TIMER, LVT_TIMER_PERIODIC | vector);
    uint64_t count = hz ? timer_hz / hz : 0;
    wr(APIC_TIMER_INIT, (uint32_t)MAX(count, 1));
}

void hw_lapic_timer_oneshot_ns(uint64_t ns, uint8_t vector)
{
    wr(APIC_TIMER_DIV, TIMER_DIV_16);
    wr(APIC_LVT_TIMER, vector);
    uint64_t count = timer_hz * ns / 1000000000ull;
    wr(APIC_TIMER_INIT, (uint32_t)MIN(MAX(count, 1), 0xffffffffull));
}

void hw_lapic_timer_stop(void)
{
    wr(APIC_LVT_TIMER, LVT_MASKED);
    wr(APIC_TIMER_INIT, 0);
}
