/* I/O APIC (Intel 82093AA register model, version 0x20 with the EOI
 * register of later chipset IOAPICs): 24 redirection entries, memory-mapped
 * at 0xFEC00000 through IOREGSEL (0x00), IOWIN (0x10) and EOI (0x40).
 *
 * Pure logic. Inputs come from ioapic_set_irq() (electrical pin level);
 * interrupt messages leave through the deliver callback (the interrupt
 * router); the LAPICs' EOI broadcast comes back through ioapic_eoi().
 * See docs/interrupts.md. */
#ifndef QV_DEVICES_IOAPIC_H
#define QV_DEVICES_IOAPIC_H
#include "lib/types.h"

struct iobus;

#define IOAPIC_DEFAULT_BASE 0xFEC00000ull
#define IOAPIC_MMIO_SIZE 0x1000ull
#define IOAPIC_PINS 24
#define IOAPIC_VERSION 0x20

/* Memory-mapped registers (82093AA 3.1) and the EOI register. */
#define IOAPIC_REG_SELECT 0x00
#define IOAPIC_REG_WINDOW 0x10
#define IOAPIC_REG_EOI 0x40

/* Indirect registers (82093AA 3.2). */
#define IOAPIC_ID 0x00
#define IOAPIC_VER 0x01
#define IOAPIC_ARB 0x02
#define IOAPIC_REDTBL 0x10

/* Redirection table entry fields (82093AA 3.2.4). */
#define IOAPIC_RTE_VECTOR 0xffull
#define IOAPIC_RTE_DELMODE_SHIFT 8
#define IOAPIC_RTE_DESTMODE BIT(11)
#define IOAPIC_RTE_DELIVS BIT(12)
#define IOAPIC_RTE_POLARITY BIT(13)   /* 1 = active low */
#define IOAPIC_RTE_REMOTE_IRR BIT(14)
#define IOAPIC_RTE_LEVEL BIT(15)
#define IOAPIC_RTE_MASK BIT(16)
#define IOAPIC_RTE_DEST_SHIFT 56

/* Delivery modes shared by the IOAPIC, MSI and ICR. */
#define APIC_DM_FIXED 0
#define APIC_DM_LOWEST 1
#define APIC_DM_SMI 2
#define APIC_DM_NMI 4
#define APIC_DM_INIT 5
#define APIC_DM_SIPI 6
#define APIC_DM_EXTINT 7

typedef void (*ioapic_deliver_fn)(void *ctx, uint32_t dest, bool logical, unsigned delivery_mode,
                                  uint8_t vector, bool level);

struct ioapic {
    uint32_t id;            /* IOAPICID bits 27:24 */
    uint8_t regsel;         /* IOREGSEL */
    uint32_t lines;         /* electrical level of each pin */
    uint64_t rte[IOAPIC_PINS];
    ioapic_deliver_fn deliver;
    void *ctx;
    uint64_t deliveries;    /* statistics: messages sent */
};

/* Reset state (82093AA 3.2.4): every entry masked, all other fields 0. */
void ioapic_init(struct ioapic *io, uint32_t id, ioapic_deliver_fn deliver, void *ctx);
/* Claims [base, base + IOAPIC_MMIO_SIZE). */
int ioapic_register(struct iobus *bus, struct ioapic *io, uint64_t base);
/* Electrical level of `pin` (pins >= 24 ignored). An active-low pin
 * (polarity 1) is asserted while the level is false. */
void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level);
/* EOI broadcast from a LAPIC for a level-triggered vector: clears remote
 * IRR of matching level entries and re-delivers those still asserted. */
void ioapic_eoi(struct ioapic *io, uint8_t vector);

/* MMIO access at `offset` within the window, exposed for tests/fuzzers. */
uint64_t ioapic_mmio_read(struct ioapic *io, uint64_t offset, unsigned size);
void ioapic_mmio_write(struct ioapic *io, uint64_t offset, unsigned size, uint64_t value);
#endif
