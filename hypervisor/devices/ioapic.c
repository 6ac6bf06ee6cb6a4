/* I/O APIC model; see ioapic.h. Sections refer to the Intel 82093AA I/O
 * Advanced Programmable Interrupt Controller datasheet (order no. 290566). */
#include "devices/ioapic.h"
#include "core/vm/iobus.h"

/* Bits of the low dword software may write: vector, delivery mode,
 * destination mode, polarity, trigger mode, mask (delivery status and
 * remote IRR are read-only). */
#define RTE_LOW_WRITABLE 0x1afffull
#define RTE_HIGH_WRITABLE 0xff000000ull   /* destination, bits 63:56 */

static bool pin_asserted(const struct ioapic *io, unsigned pin)
{
    bool level = (io->lines >> pin) & 1;
    /* 3.2.4 "Interrupt Input Pin Polarity": 1 = active low. */
    return (io->rte[pin] & IOAPIC_RTE_POLARITY) ? !level : level;
}

static unsigned rte_mode(uint64_t rte)
{
    return (unsigned)(rte >> IOAPIC_RTE_DELMODE_SHIFT) & 7;
}

/* Remote IRR is only meaningful for level-triggered fixed and lowest
 * priority entries: NMI, SMI, INIT and ExtINT are never EOIed by a LAPIC
 * (SDM vol. 3A 10.11.2: those modes are edge), so they behave as edge. */
static bool uses_remote_irr(uint64_t rte)
{
    unsigned m = rte_mode(rte);
    return (rte & IOAPIC_RTE_LEVEL) && (m == APIC_DM_FIXED || m == APIC_DM_LOWEST);
}

static void send(struct ioapic *io, unsigned pin)
{
    uint64_t rte = io->rte[pin];
    bool level = uses_remote_irr(rte);
    if (level)
        io->rte[pin] |= IOAPIC_RTE_REMOTE_IRR;
    io->deliveries++;
    if (io->deliver)
        io->deliver(io->ctx, (uint32_t)(rte >> IOAPIC_RTE_DEST_SHIFT),
                    (rte & IOAPIC_RTE_DESTMODE) != 0, rte_mode(rte),
                    (uint8_t)(rte & IOAPIC_RTE_VECTOR), level);
}

/* A level entry (re)fires while its pin is asserted, unmasked and not
 * waiting for an EOI (3.2.4 "Remote IRR"). */
static void check_level(struct ioapic *io, unsigned pin)
{
    uint64_t rte = io->rte[pin];
    if (uses_remote_irr(rte) && !(rte & (IOAPIC_RTE_MASK | IOAPIC_RTE_REMOTE_IRR)) &&
        pin_asserted(io, pin))
        send(io, pin);
}

void ioapic_init(struct ioapic *io, uint32_t id, ioapic_deliver_fn deliver, void *ctx)
{
    io->id = id & 0xf;
    io->regsel = 0;
    io->lines = 0;
    for (unsigned i = 0; i < IOAPIC_PINS; i++)
        io->rte[i] = IOAPIC_RTE_MASK;
    io->deliver = deliver;
    io->ctx = ctx;
    io->deliveries = 0;
}

void ioapic_set_irq(struct ioapic *io, unsigned pin, bool level)
{
    if (pin >= IOAPIC_PINS)
        return;
    bool was = pin_asserted(io, pin);
    if (level)
        io->lines |= 1u << pin;
    else
        io->lines &= ~(1u << pin);
    bool now = pin_asserted(io, pin);
    uint64_t rte = io->rte[pin];
    if (uses_remote_irr(rte)) {
        check_level(io, pin);
    } else if (now && !was && !(rte & IOAPIC_RTE_MASK)) {
        /* 3.2.4 "Interrupt Mask": edges on a masked pin are discarded. */
        send(io, pin);
    }
}

void ioapic_eoi(struct ioapic *io, uint8_t vector)
{
    for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
        uint64_t rte = io->rte[pin];
        if ((rte & IOAPIC_RTE_REMOTE_IRR) && (uint8_t)(rte & IOAPIC_RTE_VECTOR) == vector) {
            io->rte[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
            check_level(io, pin);
        }
    }
}

static uint32_t reg_read(const struct ioapic *io)
{
    unsigned r = io->regsel;
    switch (r) {
    case IOAPIC_ID: return io->id << 24;
    /* 3.2.2: version in 7:0, maximum redirection entry in 23:16. */
    case IOAPIC_VER: return ((IOAPIC_PINS - 1u) << 16) | IOAPIC_VERSION;
    case IOAPIC_ARB: return io->id << 24;   /* 3.2.3: loaded from the ID */
    default:
        if (r >= IOAPIC_REDTBL && r < IOAPIC_REDTBL + 2 * IOAPIC_PINS) {
            uint64_t rte = io->rte[(r - IOAPIC_REDTBL) / 2];
            return (r & 1) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
        }
        return 0;   /* reserved registers read as 0 */
    }
}

static void reg_write(struct ioapic *io, uint32_t val)
{
    unsigned r = io->regsel;
    if (r == IOAPIC_ID) {
        io->id = (val >> 24) & 0xf;
        return;
    }
    if (r < IOAPIC_REDTBL || r >= IOAPIC_REDTBL + 2 * IOAPIC_PINS)
        return;   /* VER, ARB and reserved registers are read-only */
    unsigned pin = (r - IOAPIC_REDTBL) / 2;
    uint64_t rte = io->rte[pin];
    if (r & 1) {
        rte = (rte & 0xffffffffull) | ((uint64_t)(val & RTE_HIGH_WRITABLE) << 32);
    } else {
        rte = (rte & ~RTE_LOW_WRITABLE) | (val & RTE_LOW_WRITABLE);
        /* Remote IRR is undefined for edge entries; clear it when the entry
         * stops using it so a later switch back to level starts idle (what
         * chipset IOAPICs do and what OSes use to unstick an entry). */
        if (!uses_remote_irr(rte))
            rte &= ~IOAPIC_RTE_REMOTE_IRR;
    }
    io->rte[pin] = rte;
    /* Unmasking (or re-programming) an asserted level entry fires it. */
    check_level(io, pin);
}

/* 3.1: only 32-bit accesses are defined. IOREGSEL is 8 bits wide, so any
 * access size is accepted there (low byte). IOWIN reads return its low
 * `size` bytes; IOWIN and EOI writes narrower than 4 bytes are ignored.
 * Everything else reads as 0 and ignores writes. */
uint64_t ioapic_mmio_read(struct ioapic *io, uint64_t offset, unsigned size)
{
    uint64_t v;
    if (offset == IOAPIC_REG_SELECT)
        v = io->regsel;
    else if (offset == IOAPIC_REG_WINDOW)
        v = reg_read(io);
    else
        v = 0;
    if (size < 8)
        v &= (1ull << (size * 8)) - 1;
    return v;
}

void ioapic_mmio_write(struct ioapic *io, uint64_t offset, unsigned size, uint64_t value)
{
    if (size == 0)
        return;
    if (offset == IOAPIC_REG_SELECT)
        io->regsel = (uint8_t)value;
    else if (offset == IOAPIC_REG_WINDOW && size >= 4)
        reg_write(io, (uint32_t)value);
    else if (offset == IOAPIC_REG_EOI && size >= 4)
        ioapic_eoi(io, (uint8_t)value);
}

static uint64_t mmio_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    (void)v;
    return ioapic_mmio_read(ctx, off, size);
}

static void mmio_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    (void)v;
    ioapic_mmio_write(ctx, off, size, val);
}

static const struct io_ops ioapic_ops = { mmio_read, mmio_write };

int ioapic_register(struct iobus *bus, struct ioapic *io, uint64_t base)
{
    return iobus_register_mmio(bus, base, IOAPIC_MMIO_SIZE, &ioapic_ops, io, "ioapic");
}
