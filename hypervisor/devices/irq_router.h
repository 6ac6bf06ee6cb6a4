/* Interrupt router of one VM: owns its LAPICs (one per vCPU), the IOAPIC
 * and the dual 8259 PIC, implements the device-facing struct irq_sink
 * (core/vm/irq.h) and gives the vCPU loop what to inject.
 *
 * Wiring (PC/AT + MADT conventions, docs/interrupts.md):
 *   ISA IRQ n (GSI n < 16 from a device) -> PIC input n and IOAPIC pin
 *     isa_route[n] (default: identity, IRQ 0 -> pin 2, IRQ 2 -> nowhere);
 *   GSI >= 16 -> IOAPIC pin (electrical level inverted for active-low GSIs);
 *   PIC INT output -> LINT0 of vCPU 0 (ExtINT);
 *   IOAPIC / MSI / IPI messages -> lapic_accept() on the matching LAPICs.
 * All entry points take the router's lock; callbacks (kick, init, sipi)
 * run under it and must not call back into the router. */
#ifndef QV_DEVICES_IRQ_ROUTER_H
#define QV_DEVICES_IRQ_ROUTER_H
#include "core/vm/irq.h"
#include "devices/ioapic.h"
#include "devices/lapic.h"
#include "devices/pic8259.h"
#include "lib/spinlock.h"
#include "lib/types.h"

struct iobus;

struct irq_router_ops {
    /* vCPU `vcpu` has something new (interrupt, NMI): wake it if halted,
     * IPI its physical CPU if running. */
    void (*kick)(void *ctx, unsigned vcpu);
    /* INIT received (its LAPIC is already reset): the vCPU now waits for
     * a SIPI (SDM vol. 3A 8.4.3). */
    void (*init)(void *ctx, unsigned vcpu);
    /* Start-up IPI: start the vCPU in real mode at CS = vector << 8,
     * IP = 0 (address vector * 0x1000), if it is waiting for a SIPI. */
    void (*sipi)(void *ctx, unsigned vcpu, uint8_t vector);
};

#define IRQ_ROUTE_NONE 0xff

struct irq_router {
    struct lapic *lapics;
    unsigned n;
    struct ioapic *ioapic;
    struct pic *pic;
    struct irq_sink sink;            /* hand &sink to device models */
    struct lapic_ops lapic_ops;
    const struct irq_router_ops *ops;
    void *ctx;
    uint8_t isa_route[16];           /* ISA IRQ -> IOAPIC pin */
    uint32_t active_low;             /* IOAPIC pins whose line is active low */
    spinlock_t lock;
    uint64_t msi_dropped;            /* MSIs with a non-0xFEExxxxx address */
};

/* Initialises everything: LAPIC i gets APIC ID i (vCPU 0 is the BSP),
 * the IOAPIC gets ID n, the PIC its BIOS state. clock backs the LAPIC
 * timers. Returns QV_ERR_INVAL when n is 0 or > 255. */
int irq_router_init(struct irq_router *r, struct lapic *lapics, unsigned n, struct ioapic *ioapic,
                    struct pic *pic, const struct vclock *clock, const struct irq_router_ops *ops,
                    void *ctx);
/* Claims the PIC ports (0x20, 0xA0, 0x4D0), the IOAPIC page at 0xFEC00000
 * and the LAPIC page at 0xFEE00000 (dispatched on the accessing vCPU). */
int irq_router_register(struct irq_router *r, struct iobus *bus);
const struct irq_sink *irq_router_sink(struct irq_router *r);

/* Board configuration (must match what the ACPI MADT / MP table says). */
void irq_router_set_isa_route(struct irq_router *r, unsigned isa_irq, unsigned ioapic_pin);
void irq_router_set_active_low(struct irq_router *r, unsigned gsi, bool active_low);

/* Device side (also reachable through the irq_sink). */
void irq_router_set_gsi(struct irq_router *r, unsigned gsi, bool level);
void irq_router_msi(struct irq_router *r, uint64_t addr, uint32_t data);

/* vCPU loop side. has_interrupt: a maskable interrupt is deliverable (PIC
 * ExtINT first, then the LAPIC's highest vector above PPR). ack_interrupt:
 * the vector to inject now (INTA on the PIC or IRR -> ISR), or -1.
 * take_nmi: consumes a pending NMI. */
bool irq_router_has_interrupt(struct irq_router *r, unsigned vcpu);
int irq_router_ack_interrupt(struct irq_router *r, unsigned vcpu);
bool irq_router_take_nmi(struct irq_router *r, unsigned vcpu);
/* An NMI is waiting (does not consume it): wakes a halted vCPU too. */
bool irq_router_nmi_pending(struct irq_router *r, unsigned vcpu);
/* CR8 accesses (TPR[7:4]). */
void irq_router_set_tpr(struct irq_router *r, unsigned vcpu, uint64_t cr8);
uint64_t irq_router_get_tpr(struct irq_router *r, unsigned vcpu);
/* LAPIC MSRs (lapic_msr_owned()): 0, QV_ERR_INVAL (#GP) or QV_ERR_NOENT. */
int irq_router_msr_read(struct irq_router *r, unsigned vcpu, uint32_t msr, uint64_t *val);
int irq_router_msr_write(struct irq_router *r, unsigned vcpu, uint32_t msr, uint64_t val);
/* Timer: run expired LAPIC timers at `now_ns` (kicks on a fired timer) and
 * the next deadline to arm a host timer for (0 = none). */
void irq_router_timer_update(struct irq_router *r, unsigned vcpu, uint64_t now_ns);
uint64_t irq_router_next_deadline_ns(struct irq_router *r, unsigned vcpu);

/* Message delivery to the LAPICs (IOAPIC, MSI and IPIs share it); src is
 * the sending vCPU for shorthands, or -1. Caller holds the lock. */
void irq_router_deliver_locked(struct irq_router *r, int src, uint32_t dest, unsigned shorthand,
                               bool logical, unsigned delivery_mode, uint8_t vector,
                               bool level_trigger, bool level_assert);
#endif
