/* libFuzzer target: a 3-vCPU interrupt router (LAPICs, IOAPIC, PIC) driven
 * by random xAPIC page accesses, x2APIC/APIC_BASE/TSC-deadline MSRs, GSIs,
 * MSIs, INTA cycles, EOIs and a moving clock. Invariants after every step:
 * lapic_pending_vector() agrees with IRR and PPR; PPR follows its
 * definition; ISR never holds vectors 0-15; reserved-bit MSR writes in
 * x2APIC mode are refused; time never makes a timer deadline go back. */
#include <stdlib.h>
#include "devices/irq_router.h"
#include "core/vm/vcpu.h"
#include "lib/errors.h"

#define NCPU 3
static uint64_t now;
static uint64_t clk(void *ctx) { (void)ctx; return now; }
static const struct vclock vclk = { clk, NULL };

static int highest(const uint32_t r[8])
{
    for (int i = 7; i >= 0; i--)
        if (r[i])
            return i * 32 + 31 - __builtin_clz(r[i]);
    return -1;
}

static void check(const struct lapic *l)
{
    int isrv = highest(l->isr), irrv = highest(l->irr);
    uint32_t ppr = lapic_ppr(l);
    uint32_t want = (l->tpr & 0xf0) >= (uint32_t)(isrv < 0 ? 0 : isrv & 0xf0) ? l->tpr
                                                                              : (uint32_t)isrv & 0xf0;
    if (ppr != want)
        abort();
    int pv = lapic_pending_vector(l);
    if (pv >= 0) {
        if (pv != irrv || (uint32_t)(pv & 0xf0) <= (ppr & 0xf0) || !lapic_hw_enabled(l))
            abort();
    } else if (irrv >= 0 && lapic_hw_enabled(l) && (uint32_t)(irrv & 0xf0) > (ppr & 0xf0)) {
        abort();
    }
    if ((l->isr[0] & 0xffff) || (l->irr[0] & 0xffff))
        abort();
    if (lapic_x2apic_mode(l) && l->ldr != (((l->id >> 4) << 16) | (1u << (l->id & 0xf))))
        abort();
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void kick(void *ctx, unsigned v) { (void)ctx; if (v >= NCPU) abort(); }
static void init(void *ctx, unsigned v) { (void)ctx; if (v >= NCPU) abort(); }
static void sipi(void *ctx, unsigned v, uint8_t vec) { (void)ctx; (void)vec; if (v >= NCPU) abort(); }
static const struct irq_router_ops ops = { kick, init, sipi };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct lapic lapics[NCPU];
    static struct ioapic io;
    static struct pic pic;
    static struct irq_router r;
    static const uint32_t msrs[] = { 0x1b, 0x6e0, 0x802, 0x803, 0x808, 0x80a, 0x80b, 0x80d,
                                     0x80f, 0x810, 0x828, 0x82f, 0x830, 0x831, 0x832, 0x835,
                                     0x837, 0x838, 0x839, 0x83e, 0x83f, 0x8ff };
    now = 0;
    irq_router_init(&r, lapics, NCPU, &io, &pic, &vclk, &ops, NULL);
    struct vcpu vc[NCPU];
    for (unsigned i = 0; i < NCPU; i++)
        vc[i].id = i;
    size_t i = 0;
    while (i + 11 <= size) {
        uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
        uint64_t v = get64(data + i + 3);
        i += 11;
        unsigned cpu = a % NCPU;
        struct lapic *l = &lapics[cpu];
        switch (op % 12) {
        case 0: {   /* xAPIC page write, mostly aligned dwords */
            uint64_t off = (op & 0x80) ? (uint64_t)b << 4 : ((uint64_t)b << 4 | (a >> 4));
            lapic_mmio_write(l, off & 0xfff, 1u << ((a >> 2) & 3), v);
            break;
        }
        case 1:
            (void)lapic_mmio_read(l, ((uint64_t)b << 4 | (a >> 4)) & 0xfff, 1u << ((a >> 2) & 3));
            break;
        case 2: {
            uint32_t msr = msrs[b % ARRAY_SIZE(msrs)];
            bool x2 = lapic_x2apic_mode(l);
            int rc = irq_router_msr_write(&r, cpu, msr, v);
            /* 32-bit x2APIC registers refuse non-zero upper halves. */
            if (x2 && msr >= 0x800 && msr != 0x830 && (v >> 32) && rc == 0)
                abort();
            break;
        }
        case 3: {
            uint64_t out;
            (void)irq_router_msr_read(&r, cpu, msrs[b % ARRAY_SIZE(msrs)], &out);
            break;
        }
        case 4: irq_router_set_gsi(&r, b % 30, v & 1); break;
        case 5: irq_router_msi(&r, (op & 0x80) ? 0xfee00000u | ((v >> 32) & 0xffffc) : v >> 16,
                               (uint32_t)v); break;
        case 6: {
            int vec = irq_router_ack_interrupt(&r, cpu);
            if (vec > 255)
                abort();
            break;
        }
        case 7: lapic_eoi(l); break;
        case 8: {
            uint64_t before = lapic_timer_next_deadline_ns(l);
            now += v & 0xffffff;
            irq_router_timer_update(&r, cpu, now);
            uint64_t after = lapic_timer_next_deadline_ns(l);
            if (after && after <= now && lapic_hw_enabled(l))
                abort();   /* an expired deadline must have been consumed */
            (void)before;
            break;
        }
        case 9: (void)irq_router_take_nmi(&r, cpu); irq_router_set_tpr(&r, cpu, v); break;
        case 10: {  /* external LINT0/LINT1 wires */
            lapic_set_lint(l, b & 1, v & 1);
            (void)lapic_extint_pending(l);
            break;
        }
        default:
            ioapic_mmio_write(&io, (b & 1) ? 0x10 : 0, 4, v);
            break;
        }
        for (unsigned c = 0; c < NCPU; c++)
            check(&lapics[c]);
    }
    return 0;
}
