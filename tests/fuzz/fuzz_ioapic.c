/* libFuzzer target: random MMIO accesses (any offset and size), pin levels
 * and EOIs on the IOAPIC. Invariants: every message matches the entry that
 * sent it (vector, mode, destination), masked entries never send, remote
 * IRR is only ever set on level fixed/lowest-priority entries, read-only
 * ID/version fields keep their values. */
#include <stdlib.h>
#include "devices/ioapic.h"

static struct ioapic io;
static unsigned sent;

static void deliver(void *ctx, uint32_t dest, bool logical, unsigned mode, uint8_t vector, bool level)
{
    (void)ctx;
    sent++;
    for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
        uint64_t rte = io.rte[pin];
        if ((rte & IOAPIC_RTE_MASK) || (uint8_t)rte != vector || ((rte >> 8) & 7) != mode ||
            (uint32_t)(rte >> 56) != dest || !!(rte & IOAPIC_RTE_DESTMODE) != logical)
            continue;
        if (level && !(rte & IOAPIC_RTE_LEVEL))
            continue;
        return;
    }
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint64_t offs[] = { 0x00, 0x10, 0x40, 0x04, 0x11, 0x20, 0xffc, 0x3f };
    ioapic_init(&io, 2, deliver, NULL);
    size_t i = 0;
    while (i + 6 <= size) {
        uint8_t op = data[i], a = data[i + 1];
        uint32_t v = (uint32_t)data[i + 2] | (uint32_t)data[i + 3] << 8 |
                     (uint32_t)data[i + 4] << 16 | (uint32_t)data[i + 5] << 24;
        i += 6;
        unsigned before = sent;
        switch (op % 6) {
        case 0: ioapic_mmio_write(&io, offs[a & 7], 1u << ((a >> 3) & 3), v); break;
        case 1: (void)ioapic_mmio_read(&io, offs[a & 7], 1u << ((a >> 3) & 3)); break;
        case 2: ioapic_set_irq(&io, a % 32, v & 1); break;
        case 3: ioapic_eoi(&io, (uint8_t)v); break;
        case 4:  /* select then write a redirection register */
            ioapic_mmio_write(&io, 0, 4, 0x10 + (a % 52));
            ioapic_mmio_write(&io, 0x10, 4, v);
            break;
        default: ioapic_mmio_write(&io, 0, 4, a); break;
        }
        if (sent - before > IOAPIC_PINS)
            abort();
        for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
            uint64_t rte = io.rte[pin];
            unsigned mode = (rte >> 8) & 7;
            if ((rte & IOAPIC_RTE_REMOTE_IRR) &&
                (!(rte & IOAPIC_RTE_LEVEL) || (mode != 0 && mode != 1)))
                abort();
            if (rte & (IOAPIC_RTE_DELIVS | 0x00fffffffffe0000ull))
                abort();
        }
        if (io.id > 15 || (ioapic_mmio_write(&io, 0, 4, 1), ioapic_mmio_read(&io, 0x10, 4)) != 0x170020)
            abort();
    }
    return 0;
}
