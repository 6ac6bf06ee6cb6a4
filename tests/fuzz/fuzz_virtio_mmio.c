/* libFuzzer target for the VirtIO MMIO register interface (VirtIO 1.1 §4.2)
 * with a loopback back-end behind it, over a 64 KiB fake guest RAM.
 * Input: a list of 8-byte operations { kind, off_lo, off_hi, size, val[4] }:
 *   0 register read, 1 register write (any offset/size),
 *   2 write of a well-known register (offset picked from the layout table),
 *   3 guest RAM store (the "driver" building or corrupting rings),
 *   4 full driver probe (reset, negotiate val's features, queues of size off),
 *   5 post a well-formed buffer on queue val&1 and kick,
 *   6 collect used buffers and acknowledge the interrupt,
 *   7 config change from the back-end.
 * Checks: no crash or access outside the fake RAM; the identity registers
 * never change; the interrupt line follows InterruptStatus; NEEDS_RESET
 * freezes every queue; QueueNumMax stays within VIRTQ_MAX_SIZE; every chain
 * the back-end pops keeps the virtio_dev.h promises. */
#include <stdio.h>
#include <stdlib.h>
#include "virtio_fake_mem.h"

#define CHECK(c)                                                                      \
    do {                                                                              \
        if (!(c)) {                                                                   \
            fprintf(stderr, "fuzz_virtio_mmio: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

#define BASE 0x80000000ull
#define RAM (64u * 1024)

static struct fake_mem *g_fm;

/* The loopback's notify, plus the chain invariants. */
static void checked_notify(void *ctx, unsigned qi)
{
    struct loopback *lb = ctx;
    struct virtqueue *q = virtio_mmio_queue(lb->t, qi);
    CHECK(q);
    for (unsigned guard = 0; guard < 2 * VIRTQ_MAX_SIZE; guard++) {
        int r = vq_pop(q, &lb->c);
        if (r <= 0) {
            if (r < 0)
                CHECK(lb->t->status & VIRTIO_STATUS_NEEDS_RESET);
            break;
        }
        CHECK(fake_chain_sane(g_fm, &lb->c));
        uint32_t n = MIN(MIN(lb->c.in_len, lb->c.out_len), (uint32_t)sizeof(lb->data));
        if (vq_chain_read(q, &lb->c, 0, lb->data, n) != (int)n)
            break;
        if (vq_chain_write(q, &lb->c, 0, lb->data, n) != (int)n)
            break;
        CHECK(vq_push(q, &lb->c, n) == 0);
    }
    vq_notify_guest(q);
}

static const unsigned regs[] = {
    VIRTIO_MMIO_DEVICE_FEATURES_SEL, VIRTIO_MMIO_DRIVER_FEATURES, VIRTIO_MMIO_DRIVER_FEATURES_SEL,
    VIRTIO_MMIO_QUEUE_SEL, VIRTIO_MMIO_QUEUE_NUM, VIRTIO_MMIO_QUEUE_READY, VIRTIO_MMIO_QUEUE_NOTIFY,
    VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_STATUS, VIRTIO_MMIO_QUEUE_DESC_LOW,
    VIRTIO_MMIO_QUEUE_DESC_HIGH, VIRTIO_MMIO_QUEUE_DRIVER_LOW, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, VIRTIO_MMIO_CONFIG,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct virtio_mmio_dev dev;
    static struct loopback lb;
    static struct fake_irq irq;
    struct virtio_backend be = loopback_backend;
    be.queue_notify = checked_notify;
    struct fake_mem *fm = g_fm = fake_mem_new(BASE, RAM);
    memset(&lb, 0, sizeof(lb));
    memset(&irq, 0, sizeof(irq));
    lb.t = &dev;
    CHECK(virtio_mmio_init(&dev, &be, &lb, &fm->gm, fake_irq_line(&irq, 9)) == 0);
    struct fake_driver *d = fd_new(fm, &dev);

    for (size_t i = 0; i + 8 <= size && i < 8 * 512; i += 8) {
        const uint8_t *op = data + i;
        unsigned off = op[1] | (op[2] << 8);
        unsigned sz = 1u << (op[3] & 3);
        uint32_t val = (uint32_t)op[4] | ((uint32_t)op[5] << 8) | ((uint32_t)op[6] << 16) |
                       ((uint32_t)op[7] << 24);
        switch (op[0] & 7) {
        case 0: (void)virtio_mmio_read(&dev, off & 0x3ff, sz); break;
        case 1: virtio_mmio_write(&dev, off & 0x3ff, sz, val); break;
        case 2: virtio_mmio_write(&dev, regs[off % ARRAY_SIZE(regs)], 4, val); break;
        case 3: if ((off & 0xfffe) + 2u <= RAM) fm_w16(fm, BASE + (off & 0xfffe), (uint16_t)val); break;
        case 4: {
            uint64_t f = ((uint64_t)(val & 0x7) << VIRTIO_F_INDIRECT_DESC) | BIT(VIRTIO_F_VERSION_1);
            if (val & 8)
                f |= BIT(VIRTIO_F_RING_PACKED);
            fm->brk = BASE + 0x1000; /* reuse the ring memory */
            (void)fd_probe(d, f, (uint16_t)(off % 300));
            break;
        }
        case 5: {
            unsigned qi = val & 1;
            if (!d->q[qi].live || (dev.status & VIRTIO_STATUS_NEEDS_RESET))
                break;
            uint64_t b = BASE + RAM - 0x1000;
            struct fd_buf bufs[3] = { { b, 1 + (off & 0xff), false }, { b + 0x400, 16, true },
                                      { b + 0x800, 1 + (off >> 8), true } };
            (void)fd_add(d, qi, bufs, 1 + (val >> 1) % 3, (val >> 3) & 1, true);
            break;
        }
        case 6: {
            uint32_t id, len;
            for (unsigned qi = 0; qi < 2; qi++)
                if (d->q[qi].live && !(dev.status & VIRTIO_STATUS_NEEDS_RESET))
                    for (int k = 0; k < 4 && fd_get_used(d, qi, &id, &len) == 1; k++)
                        ;
            (void)fd_ack_irq(d);
            break;
        }
        case 7: virtio_mmio_config_changed(&dev); break;
        }
        CHECK(virtio_mmio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE, 4) == VIRTIO_MMIO_MAGIC);
        CHECK(virtio_mmio_read(&dev, VIRTIO_MMIO_VERSION_REG, 4) == 2);
        CHECK(virtio_mmio_read(&dev, VIRTIO_MMIO_QUEUE_NUM_MAX, 4) <= VIRTQ_MAX_SIZE);
        CHECK(irq.level == (dev.isr != 0));
        CHECK((dev.isr & ~3u) == 0);
        if (dev.status & VIRTIO_STATUS_NEEDS_RESET)
            for (unsigned qi = 0; qi < dev.num_queues; qi++)
                CHECK(dev.vq[qi].broken);
        if (dev.status & VIRTIO_STATUS_FEATURES_OK)
            CHECK((dev.features & ~dev.device_features) == 0 &&
                  (dev.features & BIT(VIRTIO_F_VERSION_1)));
        for (unsigned qi = 0; qi < dev.num_queues; qi++)
            if (dev.vq[qi].ready)
                CHECK(dev.vq[qi].num >= 1 && dev.vq[qi].num <= dev.queue_max);
    }
    CHECK(fake_mem_clean(fm));
    fd_free(d);
    fake_mem_free(fm);
    return 0;
}
