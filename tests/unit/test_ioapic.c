/* IOAPIC model against the 82093AA datasheet behaviours. */
#include "qtest.h"
#include "devices/ioapic.h"
#include "core/vm/iobus.h"

struct msg {
    uint32_t dest;
    bool logical;
    unsigned mode;
    uint8_t vector;
    bool level;
};
static struct msg msgs[16];
static unsigned nmsgs;

static void record(void *ctx, uint32_t dest, bool logical, unsigned mode, uint8_t vector, bool level)
{
    (void)ctx;
    if (nmsgs < 16)
        msgs[nmsgs] = (struct msg){ dest, logical, mode, vector, level };
    nmsgs++;
}

static void setup(struct ioapic *io)
{
    nmsgs = 0;
    ioapic_init(io, 1, record, NULL);
}

static uint32_t rd(struct ioapic *io, uint8_t reg)
{
    ioapic_mmio_write(io, IOAPIC_REG_SELECT, 4, reg);
    return (uint32_t)ioapic_mmio_read(io, IOAPIC_REG_WINDOW, 4);
}

static void wr(struct ioapic *io, uint8_t reg, uint32_t v)
{
    ioapic_mmio_write(io, IOAPIC_REG_SELECT, 4, reg);
    ioapic_mmio_write(io, IOAPIC_REG_WINDOW, 4, v);
}

static void program(struct ioapic *io, unsigned pin, uint32_t low, uint8_t dest)
{
    wr(io, (uint8_t)(0x10 + 2 * pin + 1), (uint32_t)dest << 24);
    wr(io, (uint8_t)(0x10 + 2 * pin), low);
}

QTEST(ioapic_id_version_arbitration)
{
    struct ioapic io;
    setup(&io);
    QCHECK_EQ(rd(&io, 0), 0x01000000u);
    QCHECK_EQ(rd(&io, 1), 0x00170020u);
    wr(&io, 0, 0xffffffffu);
    QCHECK_EQ(rd(&io, 0), 0x0f000000u);   /* only bits 27:24 */
    QCHECK_EQ(rd(&io, 2), 0x0f000000u);
    wr(&io, 1, 0);
    QCHECK_EQ(rd(&io, 1), 0x00170020u);   /* read-only */
    QCHECK_EQ(rd(&io, 0x3f), 0u);         /* reserved */
    QCHECK_EQ(rd(&io, 0x40), 0u);
    ioapic_mmio_write(&io, IOAPIC_REG_SELECT, 1, 0x12);
    QCHECK_EQ(ioapic_mmio_read(&io, IOAPIC_REG_SELECT, 4), 0x12);
}

QTEST(ioapic_reset_entries_masked_and_readonly_bits)
{
    struct ioapic io;
    setup(&io);
    for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
        QCHECK_EQ(rd(&io, (uint8_t)(0x10 + 2 * pin)), 0x10000u);
        QCHECK_EQ(rd(&io, (uint8_t)(0x11 + 2 * pin)), 0u);
    }
    wr(&io, 0x10, 0xffffffffu);
    QCHECK_EQ(rd(&io, 0x10), 0x1afffu);   /* delivery status, remote IRR RO */
    wr(&io, 0x11, 0xffffffffu);
    QCHECK_EQ(rd(&io, 0x11), 0xff000000u);
    /* Masked level pin asserted: nothing was sent while programming. */
    QCHECK_EQ(nmsgs, 0u);
}

QTEST(ioapic_edge_delivery_and_mask)
{
    struct ioapic io;
    setup(&io);
    program(&io, 4, 0x30, 3);               /* fixed, physical, edge, unmasked */
    ioapic_set_irq(&io, 4, true);
    QCHECK_EQ(nmsgs, 1u);
    QCHECK_EQ(msgs[0].vector, 0x30);
    QCHECK_EQ(msgs[0].dest, 3u);
    QCHECK(!msgs[0].logical);
    QCHECK_EQ(msgs[0].mode, 0u);
    QCHECK(!msgs[0].level);
    ioapic_set_irq(&io, 4, true);           /* no new edge */
    QCHECK_EQ(nmsgs, 1u);
    ioapic_set_irq(&io, 4, false);
    ioapic_set_irq(&io, 4, true);
    QCHECK_EQ(nmsgs, 2u);
    QCHECK_EQ(rd(&io, 0x18) & IOAPIC_RTE_REMOTE_IRR, 0u);
    program(&io, 4, 0x10030, 3);            /* masked */
    ioapic_set_irq(&io, 4, false);
    ioapic_set_irq(&io, 4, true);
    QCHECK_EQ(nmsgs, 2u);                   /* edge on a masked pin is lost */
    program(&io, 4, 0x30, 3);
    QCHECK_EQ(nmsgs, 2u);                   /* and not replayed on unmask */
}

QTEST(ioapic_level_remote_irr_and_eoi)
{
    struct ioapic io;
    setup(&io);
    program(&io, 9, 0x8000 | 0x41, 0);      /* level, fixed */
    ioapic_set_irq(&io, 9, true);
    QCHECK_EQ(nmsgs, 1u);
    QCHECK(msgs[0].level);
    QCHECK(rd(&io, 0x10 + 18) & IOAPIC_RTE_REMOTE_IRR);
    ioapic_set_irq(&io, 9, false);
    ioapic_set_irq(&io, 9, true);
    QCHECK_EQ(nmsgs, 1u);                   /* remote IRR blocks */
    ioapic_eoi(&io, 0x42);                  /* other vector: no effect */
    QCHECK(rd(&io, 0x10 + 18) & IOAPIC_RTE_REMOTE_IRR);
    ioapic_eoi(&io, 0x41);
    QCHECK_EQ(nmsgs, 2u);                   /* still asserted: re-fires */
    QCHECK(rd(&io, 0x10 + 18) & IOAPIC_RTE_REMOTE_IRR);
    ioapic_set_irq(&io, 9, false);
    ioapic_eoi(&io, 0x41);
    QCHECK_EQ(nmsgs, 2u);
    QCHECK_EQ(rd(&io, 0x10 + 18) & IOAPIC_RTE_REMOTE_IRR, 0u);
}

QTEST(ioapic_eoi_register)
{
    struct ioapic io;
    setup(&io);
    program(&io, 10, 0x8000 | 0x51, 0);
    ioapic_set_irq(&io, 10, true);
    QCHECK_EQ(nmsgs, 1u);
    ioapic_mmio_write(&io, IOAPIC_REG_EOI, 2, 0x51);   /* narrow: ignored */
    QCHECK_EQ(nmsgs, 1u);
    ioapic_mmio_write(&io, IOAPIC_REG_EOI, 4, 0x51);
    QCHECK_EQ(nmsgs, 2u);
}

QTEST(ioapic_level_unmask_fires_asserted_pin)
{
    struct ioapic io;
    setup(&io);
    ioapic_set_irq(&io, 11, true);
    program(&io, 11, 0x18000 | 0x61, 0);    /* level, masked */
    QCHECK_EQ(nmsgs, 0u);
    program(&io, 11, 0x8000 | 0x61, 0);     /* unmask */
    QCHECK_EQ(nmsgs, 1u);
    /* Switching to edge clears remote IRR. */
    program(&io, 11, 0x61, 0);
    QCHECK_EQ(rd(&io, 0x10 + 22) & IOAPIC_RTE_REMOTE_IRR, 0u);
}

QTEST(ioapic_polarity_active_low)
{
    struct ioapic io;
    setup(&io);
    ioapic_set_irq(&io, 16, true);          /* idle high line */
    program(&io, 16, 0xa000 | 0x70, 0);     /* level, active low */
    QCHECK_EQ(nmsgs, 0u);
    ioapic_set_irq(&io, 16, false);         /* asserted */
    QCHECK_EQ(nmsgs, 1u);
    QCHECK_EQ(msgs[0].vector, 0x70);
    ioapic_set_irq(&io, 16, true);
    ioapic_eoi(&io, 0x70);
    QCHECK_EQ(nmsgs, 1u);
    /* Edge, active low: falling edge delivers. */
    program(&io, 17, 0x2000 | 0x71, 0);
    ioapic_set_irq(&io, 17, true);
    QCHECK_EQ(nmsgs, 1u);
    ioapic_set_irq(&io, 17, false);
    QCHECK_EQ(nmsgs, 2u);
}

QTEST(ioapic_delivery_modes_and_logical)
{
    struct ioapic io;
    setup(&io);
    program(&io, 1, 0x0800 | 0x0100 | 0x22, 0x0f);    /* lowest priority, logical */
    program(&io, 2, 0x8000 | 0x0400, 0);              /* NMI, level -> edge semantics */
    program(&io, 3, 0x0700, 0);                       /* ExtINT */
    ioapic_set_irq(&io, 1, true);
    ioapic_set_irq(&io, 2, true);
    ioapic_set_irq(&io, 3, true);
    QCHECK_EQ(nmsgs, 3u);
    QCHECK(msgs[0].logical);
    QCHECK_EQ(msgs[0].dest, 0x0fu);
    QCHECK_EQ(msgs[0].mode, 1u);
    QCHECK_EQ(msgs[1].mode, 4u);
    QCHECK(!msgs[1].level);
    QCHECK_EQ(rd(&io, 0x14) & IOAPIC_RTE_REMOTE_IRR, 0u);
    QCHECK_EQ(msgs[2].mode, 7u);
    ioapic_set_irq(&io, 2, true);
    QCHECK_EQ(nmsgs, 3u);
}

QTEST(ioapic_odd_accesses_are_safe)
{
    struct ioapic io;
    setup(&io);
    ioapic_set_irq(&io, 24, true);          /* out of range */
    ioapic_set_irq(&io, 1000, true);
    QCHECK_EQ(io.lines, 0u);
    wr(&io, 0x10 + 48, 0x30);               /* past the table */
    QCHECK_EQ(rd(&io, 0x10 + 48), 0u);
    QCHECK_EQ(ioapic_mmio_read(&io, 0x20, 4), 0u);
    ioapic_mmio_write(&io, IOAPIC_REG_SELECT, 4, 0x10);
    ioapic_mmio_write(&io, IOAPIC_REG_WINDOW, 1, 0);  /* narrow write ignored */
    QCHECK_EQ(rd(&io, 0x10), 0x10000u);
    QCHECK_EQ(ioapic_mmio_read(&io, IOAPIC_REG_WINDOW, 2), 0u);
    ioapic_mmio_write(&io, IOAPIC_REG_SELECT, 4, 1);
    QCHECK_EQ(ioapic_mmio_read(&io, IOAPIC_REG_WINDOW, 1), 0x20u);
    struct iobus bus = { 0 };
    QCHECK_EQ(ioapic_register(&bus, &io, IOAPIC_DEFAULT_BASE), 0);
    QCHECK(iobus_find_mmio(&bus, 0xfec00010) != NULL);
}
