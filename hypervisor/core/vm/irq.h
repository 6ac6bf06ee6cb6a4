/* How emulated devices raise interrupts, independent of which interrupt
 * controller models sit behind (8259 PIC, IOAPIC, LAPIC). A device holds a
 * struct irq_line for its pin; the VM's interrupt router fans a GSI out to the
 * PIC (GSI 0-15) and the IOAPIC, and delivers MSIs to the target LAPIC.
 *
 * Device models are pure logic: they receive this interface from whoever
 * builds the VM, so unit tests can plug in a recorder. */
#ifndef QV_CORE_VM_IRQ_H
#define QV_CORE_VM_IRQ_H
#include "lib/types.h"

struct irq_sink {
    /* Drive global system interrupt `gsi` to `level` (true = asserted).
     * Edge-triggered devices pulse it: set(true) then set(false). */
    void (*set_gsi)(void *ctx, unsigned gsi, bool level);
    /* Deliver a message-signalled interrupt (PCI MSI/MSI-X format: address
     * 0xFEExxxxx with the destination APIC ID in bits 19:12, data with the
     * vector in bits 7:0 and the delivery mode in bits 10:8). */
    void (*msi)(void *ctx, uint64_t addr, uint32_t data);
    void *ctx;
};

struct irq_line {
    const struct irq_sink *sink;
    unsigned gsi;
};

static inline void irq_line_set(const struct irq_line *l, bool level)
{
    if (l && l->sink && l->sink->set_gsi)
        l->sink->set_gsi(l->sink->ctx, l->gsi, level);
}

static inline void irq_line_pulse(const struct irq_line *l)
{
    irq_line_set(l, true);
    irq_line_set(l, false);
}

/* Virtual time for device models (timers): nanoseconds of guest time. The
 * kernel backs it with the TSC; tests with a counter they advance. */
struct vclock {
    uint64_t (*now_ns)(void *ctx);
    void *ctx;
};

static inline uint64_t vclock_now(const struct vclock *c) { return c->now_ns(c->ctx); }

#endif
