#include "devices/mmio_testdev.h"
#include "lib/errors.h"
#include "qtest.h"
#include <string.h>

/* Accesses go through the bus registration, as the #NPF path does. */
struct rig {
    struct iobus bus;
    struct mmio_testdev dev;
    const struct io_range *r;
};

static void rig_init(struct rig *g)
{
    memset(g, 0, sizeof *g);
    QCHECK_EQ(mmio_testdev_attach(&g->bus, &g->dev), QV_OK);
    g->r = iobus_find_mmio(&g->bus, MMIO_TESTDEV_GPA + 0x80);
    QCHECK(g->r != NULL);
}

static uint64_t rd(struct rig *g, uint64_t off, unsigned size)
{
    return g->r->ops->read(g->r->ctx, NULL, off, size);
}

static void wr(struct rig *g, uint64_t off, unsigned size, uint64_t v)
{
    g->r->ops->write(g->r->ctx, NULL, off, size, v);
}

static uint64_t last(unsigned off, unsigned size, bool write)
{
    return off | (uint64_t)size << 16 | (write ? 1u << 24 : 0) | 1u << 31;
}

QTEST(mmio_testdev_attach_claims_one_page)
{
    struct rig g;
    rig_init(&g);
    QCHECK_EQ(g.r->base, 0xFEB00000ull);
    QCHECK_EQ(g.r->len, 4096);
    QCHECK(iobus_find_mmio(&g.bus, 0xFEB00000ull - 1) == NULL);
    QCHECK(iobus_find_mmio(&g.bus, 0xFEB01000ull) == NULL);
    struct mmio_testdev d2;
    QCHECK_EQ(mmio_testdev_attach(&g.bus, &d2), QV_ERR_EXIST);
    QCHECK_EQ(mmio_testdev_attach_at(&g.bus, &d2, 0xFEB02010ull), QV_ERR_INVAL);
    QCHECK_EQ(mmio_testdev_attach_at(&g.bus, &d2, 0xFEB02000ull), QV_OK);
}

QTEST(mmio_testdev_scratch_any_width_and_alignment)
{
    struct rig g;
    rig_init(&g);
    QCHECK_EQ(rd(&g, 0, 8), 0); /* starts zeroed */
    wr(&g, 0x10, 8, 0x8877665544332211ull);
    QCHECK_EQ(rd(&g, 0x10, 8), 0x8877665544332211ull);
    QCHECK_EQ(rd(&g, 0x11, 1), 0x22);
    QCHECK_EQ(rd(&g, 0x13, 2), 0x5544);
    QCHECK_EQ(rd(&g, 0x13, 4), 0x77665544);
    QCHECK_EQ(rd(&g, 0x15, 8), 0x0000000000887766ull);
    wr(&g, 0x17, 2, 0xbbaa); /* unaligned, across the 8-byte boundary */
    QCHECK_EQ(rd(&g, 0x10, 8), 0xaa77665544332211ull);
    QCHECK_EQ(rd(&g, 0x18, 1), 0xbb);
    wr(&g, 0x12, 1, 0xcc); /* a byte store touches only its byte */
    QCHECK_EQ(rd(&g, 0x10, 4), 0x44cc2211);
    wr(&g, 0xfc, 4, 0xdeadbeef); /* last dword of the scratch area */
    QCHECK_EQ(rd(&g, 0xfc, 4), 0xdeadbeef);
}

QTEST(mmio_testdev_scratch_end_meets_id_register)
{
    struct rig g;
    rig_init(&g);
    wr(&g, 0xfc, 8, 0x1122334455667788ull); /* the upper half hits the read-only ID */
    QCHECK_EQ(rd(&g, 0xfc, 4), 0x55667788);
    QCHECK_EQ(rd(&g, 0xfe, 4), 0x56515566); /* "QV" from ID after two scratch bytes */
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_ID, 8), MMIO_TESTDEV_ID);
}

QTEST(mmio_testdev_id_is_read_only)
{
    struct rig g;
    rig_init(&g);
    QCHECK_EQ(rd(&g, 0x100, 8), 0x3144545345545651ull);
    QCHECK_EQ(rd(&g, 0x100, 4), 0x45545651); /* "QVTE" */
    QCHECK_EQ(rd(&g, 0x106, 2), 0x3144);
    wr(&g, 0x100, 8, 0);
    wr(&g, 0x103, 1, 0);
    QCHECK_EQ(rd(&g, 0x100, 8), MMIO_TESTDEV_ID);
}

QTEST(mmio_testdev_unimplemented_offsets)
{
    struct rig g;
    rig_init(&g);
    const uint64_t offs[] = { 0x120, 0x200, 0x800, 0xff8 };
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        wr(&g, offs[i], 8, 0);
        QCHECK_EQ(rd(&g, offs[i], 1), 0xff);
        QCHECK_EQ(rd(&g, offs[i], 2), 0xffff);
        QCHECK_EQ(rd(&g, offs[i], 4), 0xffffffffull);
        QCHECK_EQ(rd(&g, offs[i], 8), ~0ull);
    }
    /* Bytes past the page, if a caller ever passed such an access. */
    QCHECK_EQ(rd(&g, 0xffe, 4), 0xffffffffull);
    QCHECK_EQ(rd(&g, 0x5000, 4), 0xffffffffull);
    wr(&g, 0x5000, 8, 0);
    /* Bad sizes are refused without touching anything. */
    QCHECK_EQ(rd(&g, 0, 3), ~0ull);
    uint64_t c = rd(&g, MMIO_TESTDEV_REG_COUNT, 8);
    wr(&g, 0, 16, 0x55);
    QCHECK_EQ(rd(&g, 0, 1), 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), c + 1); /* only the read just above */
}

QTEST(mmio_testdev_count_and_last_access)
{
    struct rig g;
    rig_init(&g);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), 0); /* not valid yet */
    wr(&g, 0x21, 2, 0x12345);                        /* value truncated to its size */
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 1);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), last(0x21, 2, true));
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8), 0x2345);
    QCHECK_EQ(rd(&g, 0x20, 4), 0x234500);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 4), 2);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 4), last(0x20, 4, false));
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8), 0x234500);
    /* ID and unimplemented offsets count as accesses too. */
    rd(&g, MMIO_TESTDEV_REG_ID, 1);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), last(0x100, 1, false));
    wr(&g, 0xabc, 8, 7);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 4);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), last(0xabc, 8, true));
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8), 7);
    /* Sub-width reads of the observation registers, not recorded. */
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST + 2, 1), 8);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST + 3, 1), 0x81);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 4);
    /* LAST and LAST_VALUE are read-only. */
    wr(&g, MMIO_TESTDEV_REG_LAST, 8, 0);
    wr(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8, 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), last(0xabc, 8, true));
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8), 7);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 4);
}

QTEST(mmio_testdev_count_write_restarts)
{
    struct rig g;
    rig_init(&g);
    wr(&g, 0, 4, 1);
    wr(&g, 4, 4, 2);
    wr(&g, MMIO_TESTDEV_REG_COUNT, 4, 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST, 8), 0);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_LAST_VALUE, 8), 0);
    wr(&g, MMIO_TESTDEV_REG_COUNT + 1, 1, 0x10); /* covers only byte 1 */
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 0x1000);
    rd(&g, 0, 8);
    QCHECK_EQ(rd(&g, MMIO_TESTDEV_REG_COUNT, 8), 0x1001);
    QCHECK_EQ(rd(&g, 0, 8), 0x0000000200000001ull); /* scratch untouched by the reset */
}
