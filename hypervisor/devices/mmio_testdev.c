/* MMIO test device; register map in mmio_testdev.h. */
#include "devices/mmio_testdev.h"
#include "lib/errors.h"
#include "lib/string.h"

static bool is_observation(uint64_t off)
{
    return off >= MMIO_TESTDEV_REG_COUNT && off < MMIO_TESTDEV_OBS_END;
}

/* Byte i (0-7) of a little-endian 64-bit register. */
static uint8_t reg_byte(uint64_t reg, unsigned i) { return (uint8_t)(reg >> (8 * i)); }

static uint8_t read_byte(const struct mmio_testdev *d, uint64_t off)
{
    if (off < MMIO_TESTDEV_SCRATCH + MMIO_TESTDEV_SCRATCH_LEN)
        return d->scratch[off - MMIO_TESTDEV_SCRATCH];
    if (off >= MMIO_TESTDEV_OBS_END || off < MMIO_TESTDEV_REG_ID)
        return 0xff; /* unimplemented */
    unsigned i = (unsigned)(off & 7);
    switch (off & ~7ull) {
    case MMIO_TESTDEV_REG_ID: return reg_byte(MMIO_TESTDEV_ID, i);
    case MMIO_TESTDEV_REG_COUNT: return reg_byte(d->count, i);
    case MMIO_TESTDEV_REG_LAST: return reg_byte(d->last, i);
    default: return reg_byte(d->last_value, i);
    }
}

/* Returns true if the byte landed in COUNT. */
static bool write_byte(struct mmio_testdev *d, uint64_t off, uint8_t b)
{
    if (off < MMIO_TESTDEV_SCRATCH + MMIO_TESTDEV_SCRATCH_LEN) {
        d->scratch[off - MMIO_TESTDEV_SCRATCH] = b;
        return false;
    }
    if ((off & ~7ull) != MMIO_TESTDEV_REG_COUNT)
        return false; /* ID, LAST, LAST_VALUE are read-only; the rest is unimplemented */
    unsigned sh = 8 * (unsigned)(off & 7);
    d->count = (d->count & ~(0xffull << sh)) | (uint64_t)b << sh;
    return true;
}

static bool valid_size(unsigned size) { return size == 1 || size == 2 || size == 4 || size == 8; }

static uint64_t size_mask(unsigned size) { return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1; }

static void record(struct mmio_testdev *d, uint64_t off, unsigned size, bool write, uint64_t val)
{
    d->count++;
    d->last = (off & MMIO_TESTDEV_LAST_OFF_MASK) | (uint64_t)size << MMIO_TESTDEV_LAST_SIZE_SHIFT |
              (write ? MMIO_TESTDEV_LAST_WRITE : 0) | MMIO_TESTDEV_LAST_VALID;
    d->last_value = val & size_mask(size);
}

static uint64_t testdev_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct mmio_testdev *d = ctx;
    (void)v;
    if (!valid_size(size))
        return ~0ull;
    uint64_t val = 0;
    for (unsigned i = 0; i < size; i++) {
        /* Bytes past the page (not reachable through the emulator) read as
         * all-ones like any unimplemented offset. */
        uint8_t b = off + i < MMIO_TESTDEV_SIZE ? read_byte(d, off + i) : 0xff;
        val |= (uint64_t)b << (8 * i);
    }
    if (!is_observation(off))
        record(d, off, size, false, val);
    return val;
}

static void testdev_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct mmio_testdev *d = ctx;
    (void)v;
    if (!valid_size(size))
        return;
    bool count_written = false;
    for (unsigned i = 0; i < size; i++)
        if (off + i < MMIO_TESTDEV_SIZE)
            count_written |= write_byte(d, off + i, (uint8_t)(val >> (8 * i)));
    if (count_written) {
        /* Restarting a measurement: forget the previous access too. */
        d->last = 0;
        d->last_value = 0;
    }
    if (!is_observation(off))
        record(d, off, size, true, val);
}

const struct io_ops mmio_testdev_ops = { testdev_read, testdev_write };

int mmio_testdev_attach_at(struct iobus *bus, struct mmio_testdev *d, uint64_t base)
{
    if (!bus || !d || (base & (MMIO_TESTDEV_SIZE - 1)))
        return QV_ERR_INVAL;
    memset(d, 0, sizeof *d);
    return iobus_register_mmio(bus, base, MMIO_TESTDEV_SIZE, &mmio_testdev_ops, d, "mmio-testdev");
}

int mmio_testdev_attach(struct iobus *bus, struct mmio_testdev *d)
{
    return mmio_testdev_attach_at(bus, d, MMIO_TESTDEV_GPA);
}
