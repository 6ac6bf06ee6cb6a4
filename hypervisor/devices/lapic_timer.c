/* LAPIC timer (SDM vol. 3A 10.5.4): one-shot and periodic modes counting a
 * LAPIC_TIMER_HZ (1 GHz) clock through the divide configuration register,
 * and TSC-deadline mode (10.5.4.1). Virtual time in ns; the timer is a
 * deadline the VM polls through lapic_timer_update(). */
#include "devices/lapic.h"

_Static_assert(LAPIC_TIMER_HZ == 1000000000ull, "timer code assumes one count per ns");

#define NS_PER_SEC 1000000000ull

unsigned lapic_timer_mode(const struct lapic *l)
{
    return (l->lvt[LVT_TIMER] >> 17) & 3;
}

/* Figure 10-10: bits 0, 1 and 3; 111b = divide by 1, else 2^(value+1). */
static unsigned divide_shift(uint32_t dcr)
{
    unsigned v = (dcr & 3) | ((dcr >> 1) & 4);
    return v == 7 ? 0 : v + 1;
}

/* a * mul / div without 128-bit division (no libgcc in the kernel);
 * saturates. Exact while (div - 1) * mul fits in 64 bits. */
static uint64_t muldiv(uint64_t a, uint64_t mul, uint64_t div)
{
    uint64_t q = a / div, r = a % div;
    if (q && mul > UINT64_MAX / q)
        return UINT64_MAX;
    uint64_t hi = q * mul, lo = r * mul / div;
    return hi > UINT64_MAX - lo ? UINT64_MAX : hi + lo;
}

static void fire(struct lapic *l)
{
    l->timer_fired++;
    uint32_t lvt = l->lvt[LVT_TIMER];
    if (!(lvt & APIC_LVT_MASK))
        lapic_accept(l, (uint8_t)lvt, false);
}

uint32_t lapic_timer_current(const struct lapic *l, uint64_t now)
{
    if (lapic_timer_mode(l) == APIC_TIMER_TSC_DEADLINE || !l->timer_deadline_ns)
        return 0;
    unsigned sh = divide_shift(l->timer_dcr);
    uint64_t left;
    if (now < l->timer_deadline_ns) {
        left = l->timer_deadline_ns - now;
    } else if (lapic_timer_mode(l) == APIC_TIMER_PERIODIC && l->timer_initial) {
        /* Expired but not yet processed: where the reloaded count is. */
        uint64_t period = (uint64_t)l->timer_initial << sh;
        left = period - (now - l->timer_deadline_ns) % period;
    } else {
        return 0;
    }
    uint64_t count = (left + (1ull << sh) - 1) >> sh;
    return count > l->timer_initial ? l->timer_initial : (uint32_t)count;
}

/* Writing the initial count (re)starts the count-down; 0 stops it. Ignored
 * in TSC-deadline mode (10.5.4.1). */
void lapic_timer_write_initial(struct lapic *l, uint32_t count, uint64_t now)
{
    if (lapic_timer_mode(l) == APIC_TIMER_TSC_DEADLINE)
        return;
    l->timer_initial = count;
    l->timer_deadline_ns = count ? now + ((uint64_t)count << divide_shift(l->timer_dcr)) : 0;
}

/* A new divider applies from now on: the current count is kept and counts
 * down at the new rate. */
void lapic_timer_write_dcr(struct lapic *l, uint32_t dcr, uint64_t now)
{
    uint32_t cur = lapic_timer_current(l, now);
    bool running = lapic_timer_mode(l) != APIC_TIMER_TSC_DEADLINE && l->timer_deadline_ns &&
                   now < l->timer_deadline_ns;
    l->timer_dcr = dcr & 0xb;
    if (running)
        l->timer_deadline_ns = now + ((uint64_t)(cur ? cur : 1) << divide_shift(l->timer_dcr));
}

/* 10.5.4.1: changing between TSC-deadline and the count-down modes disarms
 * the timer; one-shot <-> periodic keeps the running count. */
void lapic_timer_write_lvt(struct lapic *l, uint32_t lvt, uint64_t now)
{
    (void)now;
    bool was_tsc = lapic_timer_mode(l) == APIC_TIMER_TSC_DEADLINE;
    l->lvt[LVT_TIMER] = lvt;
    bool is_tsc = lapic_timer_mode(l) == APIC_TIMER_TSC_DEADLINE;
    if (was_tsc != is_tsc) {
        l->timer_initial = 0;
        l->timer_deadline_ns = 0;
        l->tsc_deadline = 0;
    }
}

uint64_t lapic_tsc_deadline_read(const struct lapic *l)
{
    /* Reads 0 outside TSC-deadline mode (10.5.4.1). */
    return lapic_timer_mode(l) == APIC_TIMER_TSC_DEADLINE ? l->tsc_deadline : 0;
}

void lapic_tsc_deadline_write(struct lapic *l, uint64_t tsc, uint64_t now)
{
    if (lapic_timer_mode(l) != APIC_TIMER_TSC_DEADLINE)
        return;                     /* writes ignored in other modes */
    l->tsc_deadline = tsc;
    if (!tsc) {
        l->timer_deadline_ns = 0;   /* writing 0 disarms */
        return;
    }
    uint64_t ns = tsc > l->tsc_offset ? muldiv(tsc - l->tsc_offset, NS_PER_SEC, l->tsc_hz) : 0;
    l->timer_deadline_ns = ns ? ns : 1;
    lapic_timer_update(l, now);     /* a deadline in the past fires at once */
}

void lapic_set_tsc(struct lapic *l, uint64_t tsc_hz, uint64_t tsc_offset)
{
    /* The bounds keep muldiv exact (r * 1e9 < 2^64 needs hz < 2^34). */
    if (tsc_hz < 1000000)
        tsc_hz = 1000000;
    if (tsc_hz > (1ull << 34))
        tsc_hz = 1ull << 34;
    l->tsc_hz = tsc_hz;
    l->tsc_offset = tsc_offset;
}

uint64_t lapic_timer_next_deadline_ns(const struct lapic *l)
{
    return lapic_hw_enabled(l) ? l->timer_deadline_ns : 0;
}

void lapic_timer_update(struct lapic *l, uint64_t now)
{
    uint64_t dl = l->timer_deadline_ns;
    if (!dl || now < dl || !lapic_hw_enabled(l))
        return;
    fire(l);
    switch (lapic_timer_mode(l)) {
    case APIC_TIMER_PERIODIC: {
        /* Reload (10.5.4); periods missed while nobody looked are
         * coalesced into this one interrupt (IRR holds one bit anyway). */
        uint64_t period = (uint64_t)l->timer_initial << divide_shift(l->timer_dcr);
        if (!period) {
            l->timer_deadline_ns = 0;
            break;
        }
        uint64_t late = (now - dl) / period + 1;
        l->timer_deadline_ns = late > (UINT64_MAX - dl) / period ? 0 : dl + late * period;
        break;
    }
    case APIC_TIMER_TSC_DEADLINE:
        l->tsc_deadline = 0;        /* "disarms itself and clears the MSR" */
        l->timer_deadline_ns = 0;
        break;
    default:
        l->timer_deadline_ns = 0;   /* one-shot: count stays at 0 */
        break;
    }
}
