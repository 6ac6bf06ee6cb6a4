/* VirtIO MMIO transport (VirtIO 1.1 §4.2): registers, status state machine,
 * feature negotiation, queue setup rules, interrupts, and data round trips
 * through a loopback back-end on split and packed rings. */
#include "qtest.h"
#include "virtio_fake_mem.h"

#define F(b) (1ull << (b))
#define RINGS_ALL (F(VIRTIO_F_EVENT_IDX) | F(VIRTIO_F_INDIRECT_DESC))

static uint32_t rd(struct rig *r, unsigned off) { return fd_rd(r->d, off); }
static void wr(struct rig *r, unsigned off, uint32_t v) { fd_wr(r->d, off, v); }

QTEST(virtio_mmio_identity_registers)
{
    struct rig *r = rig_new(0, 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976u);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_VERSION_REG), 2);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
    wr(r, VIRTIO_MMIO_QUEUE_SEL, 1);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_NUM_MAX), 256);
    wr(r, VIRTIO_MMIO_QUEUE_SEL, 2); /* past num_queues: not available */
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_READY), 0);
    /* Control registers are 32-bit aligned only (§4.2.2). */
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_MAGIC_VALUE, 2), 0);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_MAGIC_VALUE + 1, 4), 0);
    QCHECK_EQ(virtio_mmio_read(&r->dev, 0x1fe, 4), 0); /* runs past the window */
    QCHECK_EQ(virtio_mmio_read(&r->dev, 0x400, 4), 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffffu);
    /* Through the iobus accessors too. */
    QCHECK_EQ(virtio_mmio_ops.read(&r->dev, NULL, VIRTIO_MMIO_VERSION_REG, 4), 2);
    rig_free(r);
}

QTEST(virtio_mmio_feature_negotiation)
{
    struct rig *r = rig_new(0, 0);
    wr(r, VIRTIO_MMIO_STATUS, 0);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(r, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64_t lo = rd(r, VIRTIO_MMIO_DEVICE_FEATURES);
    wr(r, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t hi = rd(r, VIRTIO_MMIO_DEVICE_FEATURES);
    wr(r, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_DEVICE_FEATURES), 0);
    uint64_t offered = lo | hi << 32;
    QCHECK_EQ(offered, F(VIRTIO_F_VERSION_1) | F(VIRTIO_F_RING_PACKED) | F(VIRTIO_F_EVENT_IDX) |
                           F(VIRTIO_F_INDIRECT_DESC) | F(LOOPBACK_FEATURE_BIT));
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

    /* Without VERSION_1: FEATURES_OK does not stick (§3.1.1 step 6). */
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, F(LOOPBACK_FEATURE_BIT));
    wr(r, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FEATURES_OK);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), st);
    /* A feature that was not offered: refused too. */
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, 1u | (1u << 8)); /* VERSION_1 | bit 40 */
    wr(r, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FEATURES_OK);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), st);
    /* A subset with VERSION_1: accepted. */
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, 1u | (1u << (VIRTIO_F_RING_PACKED - 32)));
    wr(r, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FEATURES_OK);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), st | VIRTIO_STATUS_FEATURES_OK);
    /* Features are frozen from now on. */
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, 0xffffffffu);
    uint64_t want = F(VIRTIO_F_VERSION_1) | F(VIRTIO_F_RING_PACKED) | F(LOOPBACK_FEATURE_BIT);
    QCHECK_EQ(r->dev.features, want);
    QCHECK_EQ(fd_setup_queue(r->d, 0, 16), 0);
    QCHECK_EQ(fd_setup_queue(r->d, 1, 16), 0);
    QCHECK_EQ(r->lb.activations, 0);
    wr(r, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
    QCHECK_EQ(r->lb.activations, 1);
    QCHECK_EQ(r->lb.features, want);
    QCHECK(r->dev.vq[0].packed && r->dev.vq[1].packed);
    rig_free(r);
}

QTEST(virtio_mmio_status_order_and_reset)
{
    struct rig *r = rig_new(0, 0);
    /* DRIVER without ACKNOWLEDGE, DRIVER_OK without FEATURES_OK: dropped. */
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), 0);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    QCHECK_EQ(r->lb.activations, 0);
    /* The driver cannot set NEEDS_RESET, nor clear a bit without a reset. */
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_NEEDS_RESET);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    /* A full probe, then reset: everything back to zero. */
    QCHECK_EQ(fd_probe(r->d, F(VIRTIO_F_VERSION_1), 32), 0);
    QCHECK_EQ(r->lb.activations, 1);
    unsigned resets = r->lb.resets;
    wr(r, VIRTIO_MMIO_STATUS, 0);
    QCHECK_EQ(r->lb.resets, resets + 1);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_STATUS), 0);
    wr(r, VIRTIO_MMIO_QUEUE_SEL, 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_READY), 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_NUM), 0);
    QCHECK_EQ(r->dev.features, 0);
    /* And it can be brought up again, this time packed. */
    QCHECK_EQ(fd_probe(r->d, F(VIRTIO_F_VERSION_1) | F(VIRTIO_F_RING_PACKED), 32), 0);
    QCHECK_EQ(r->lb.activations, 2);
    rig_free(r);
}

/* Bring a fresh device to FEATURES_OK with `features`. */
static void to_features_ok(struct rig *r, uint64_t features)
{
    struct fake_driver *d = r->d;
    wr(r, VIRTIO_MMIO_STATUS, 0);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(r, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    d->features = features;
}

static void set_queue(struct rig *r, unsigned qi, uint32_t num, uint64_t desc, uint64_t drv, uint64_t dev)
{
    wr(r, VIRTIO_MMIO_QUEUE_SEL, qi);
    wr(r, VIRTIO_MMIO_QUEUE_NUM, num);
    wr(r, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    wr(r, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    wr(r, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)drv);
    wr(r, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(drv >> 32));
    wr(r, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)dev);
    wr(r, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(dev >> 32));
    wr(r, VIRTIO_MMIO_QUEUE_READY, 1);
}

QTEST(virtio_mmio_queue_setup_rules)
{
    struct rig *r = rig_new(0, 0);
    const uint64_t V1 = F(VIRTIO_F_VERSION_1), PK = F(VIRTIO_F_RING_PACKED);
    uint64_t ring = fake_mem_alloc(r->fm, 0x4000, 4096);

    /* Before FEATURES_OK the queue registers are ignored. */
    wr(r, VIRTIO_MMIO_STATUS, 0);
    wr(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    set_queue(r, 0, 16, ring, ring + 0x1000, ring + 0x2000);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_READY), 0);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_NUM), 0);

    struct { uint64_t feat; uint32_t num; uint64_t desc, drv, dev; bool ok; } cases[] = {
        { V1, 16, ring, ring + 0x1000, ring + 0x2000, true },
        { V1, 12, ring, ring + 0x1000, ring + 0x2000, false },      /* split: not a power of 2 */
        { V1 | PK, 12, ring, ring + 0x1000, ring + 0x2000, true },  /* packed: any size */
        { V1, 512, ring, ring + 0x1000, ring + 0x2000, false },     /* above QueueNumMax */
        { V1, 0, ring, ring + 0x1000, ring + 0x2000, false },
        { V1, 16, ring + 8, ring + 0x1000, ring + 0x2000, false },  /* desc not 16-aligned */
        { V1, 16, ring, ring + 0x1001, ring + 0x2000, false },      /* avail not 2-aligned */
        { V1, 16, ring, ring + 0x1000, ring + 0x2002, false },      /* used not 4-aligned */
        { V1 | PK, 16, ring, ring + 0x1002, ring + 0x2000, false }, /* event area not 4-aligned */
        { V1, 16, 0x1000, ring + 0x1000, ring + 0x2000, false },    /* below RAM */
        { V1, 16, ring, RIG_RAM_BASE + RIG_RAM_SIZE - 8, ring + 0x2000, false }, /* runs off RAM */
        { V1, 16, ring, ring + 0x1000, 0xfffffffffffffff0ull, false }, /* wraps */
        { V1 | PK, 16, ring, ring + 0x1000, RIG_RAM_BASE + RIG_RAM_SIZE, false },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        to_features_ok(r, cases[i].feat);
        set_queue(r, 0, cases[i].num, cases[i].desc, cases[i].drv, cases[i].dev);
        bool ready = rd(r, VIRTIO_MMIO_QUEUE_READY) == 1;
        bool nr = rd(r, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET;
        if (ready != cases[i].ok || nr == cases[i].ok)
            printf("queue setup case %u\n", i);
        QCHECK_EQ(ready, cases[i].ok);
        QCHECK_EQ(nr, !cases[i].ok);
    }
    /* After DRIVER_OK the layout is frozen. */
    to_features_ok(r, V1);
    set_queue(r, 0, 16, ring, ring + 0x1000, ring + 0x2000);
    wr(r, VIRTIO_MMIO_STATUS, rd(r, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
    wr(r, VIRTIO_MMIO_QUEUE_SEL, 0);
    wr(r, VIRTIO_MMIO_QUEUE_NUM, 32);
    wr(r, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1234);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_NUM), 16);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_QUEUE_DESC_LOW), (uint32_t)ring);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

/* Post `rounds` requests (sizes varying) and check each comes back with the
 * right bytes, in both directions, through the loopback back-end. */
static void round_trips(uint64_t features, uint16_t qsize, unsigned rounds, bool indirect)
{
    struct rig *r = rig_new(features, qsize);
    r->fm->strict = true;
    uint64_t src = fake_mem_alloc(r->fm, 4096, 16), dst = fake_mem_alloc(r->fm, 4096, 16);
    unsigned got = 0;
    for (unsigned i = 0; i < rounds; i++) {
        uint32_t len = 1 + (i * 37) % 3000;
        uint8_t *s = fake_mem_ptr(r->fm, src), *dd = fake_mem_ptr(r->fm, dst);
        for (uint32_t k = 0; k < len; k++)
            s[k] = (uint8_t)(k * 7 + i);
        memset(dd, 0, 4096);
        /* Split the request in up to three readable and two writable parts. */
        uint32_t a = len / 3, b = len / 3;
        struct fd_buf bufs[5] = {
            { src, a, false }, { src + a, b, false }, { src + a + b, len - a - b, false },
            { dst, 100, true }, { dst + 100, 3996, true },
        };
        struct fd_buf *first = bufs;
        unsigned n = 5;
        if (a == 0) { /* drop the empty parts */
            first = bufs + 2;
            n = 3;
        }
        unsigned irqs = r->irq.rises;
        int id = fd_add(r->d, i & 1, first, n, indirect, true);
        QCHECK(id >= 0);
        uint32_t uid, ulen;
        QCHECK_EQ(fd_get_used(r->d, i & 1, &uid, &ulen), 1);
        QCHECK_EQ(uid, (uint32_t)id);
        QCHECK_EQ(ulen, len);
        QCHECK_MEM(dd, s, len);
        QCHECK_EQ(dd[len], 0);
        QCHECK_EQ(r->irq.rises, irqs + 1);
        QCHECK(r->irq.level);
        QCHECK_EQ(fd_ack_irq(r->d), VIRTIO_MMIO_INT_VRING);
        QCHECK(!r->irq.level);
        got++;
    }
    QCHECK_EQ(got, rounds);
    QCHECK_EQ(r->lb.chains, rounds);
    QCHECK_EQ(r->lb.insane, 0);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    QCHECK_EQ(r->fm->refused, 0);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

QTEST(virtio_mmio_loopback_split)
{
    round_trips(0, 8, 300, false); /* wraps the 8-slot ring many times */
    round_trips(F(VIRTIO_F_EVENT_IDX), 16, 200, false);
}

QTEST(virtio_mmio_loopback_split_indirect)
{
    round_trips(F(VIRTIO_F_INDIRECT_DESC), 4, 100, true);
    round_trips(RINGS_ALL, 4, 100, true);
}

QTEST(virtio_mmio_loopback_packed)
{
    round_trips(F(VIRTIO_F_RING_PACKED), 8, 300, false);
    round_trips(F(VIRTIO_F_RING_PACKED), 7, 300, false); /* chains straddle the wrap */
    round_trips(F(VIRTIO_F_RING_PACKED) | F(VIRTIO_F_EVENT_IDX), 16, 200, false);
}

QTEST(virtio_mmio_loopback_packed_indirect)
{
    round_trips(F(VIRTIO_F_RING_PACKED) | RINGS_ALL, 4, 100, true);
}

QTEST(virtio_mmio_split_index_wraps_16_bits)
{
    /* 70000 buffers: the free-running avail/used indices wrap at 65536. */
    struct rig *r = rig_new(F(VIRTIO_F_EVENT_IDX), 4);
    uint64_t buf = fake_mem_alloc(r->fm, 64, 16);
    unsigned ok = 0;
    for (unsigned i = 0; i < 70000; i++) {
        struct fd_buf b[2] = { { buf, 8, false }, { buf + 8, 8, true } };
        uint32_t id, len;
        fd_add(r->d, 0, b, 2, false, true);
        if (fd_get_used(r->d, 0, &id, &len) == 1 && len == 8)
            ok++;
        fd_ack_irq(r->d);
    }
    QCHECK_EQ(ok, 70000);
    QCHECK_EQ(r->dev.vq[0].next_used, (uint16_t)70000);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    rig_free(r);
}

QTEST(virtio_mmio_config_space)
{
    struct rig *r = rig_new(0, 16);
    memcpy(r->lb.config, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_CONFIG, 1), 0x11);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_CONFIG + 2, 2), 0x4433);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_CONFIG + 4, 4), 0x88776655u);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_CONFIG, 8), 0x8877665544332211ull);
    QCHECK_EQ(virtio_mmio_read(&r->dev, VIRTIO_MMIO_CONFIG, 3), 0);
    virtio_mmio_write(&r->dev, VIRTIO_MMIO_CONFIG + 1, 2, 0xbeef);
    QCHECK_EQ(r->lb.config[1], 0xef);
    QCHECK_EQ(r->lb.config[2], 0xbe);
    uint32_t gen = rd(r, VIRTIO_MMIO_CONFIG_GENERATION);
    virtio_mmio_config_changed(&r->dev);
    QCHECK_EQ(rd(r, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
    QCHECK(r->irq.level);
    QCHECK_EQ(fd_ack_irq(r->d), VIRTIO_MMIO_INT_CONFIG);
    QCHECK(!r->irq.level);
    rig_free(r);
}

QTEST(virtio_mmio_needs_reset_stops_device)
{
    struct rig *r = rig_new(0, 16);
    /* A chain whose buffer lies outside guest RAM. */
    fd_split_raw_desc(r->d, 0, 0, 0x1000, 64, 0, 0);
    fd_split_raw_publish(r->d, 0, 0);
    fd_kick(r->d, 0);
    QCHECK_EQ(r->lb.last_pop, (uint64_t)(int64_t)QV_ERR_FAULT);
    QCHECK(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET);
    QCHECK_EQ(r->dev.errors, 1);
    /* §2.1.2: the driver hears about it through a configuration interrupt. */
    QCHECK(r->irq.level);
    QCHECK_EQ(fd_ack_irq(r->d), VIRTIO_MMIO_INT_CONFIG);
    /* The other queue is frozen too, and notifications are ignored. */
    unsigned notifies = r->lb.notifies;
    uint64_t buf = fake_mem_alloc(r->fm, 16, 16);
    struct fd_buf b[2] = { { buf, 8, false }, { buf + 8, 8, true } };
    fd_add(r->d, 1, b, 2, false, true);
    QCHECK_EQ(r->lb.notifies, notifies);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(virtio_mmio_queue(&r->dev, 1), &c), (uint64_t)(int64_t)QV_ERR_STATE);
    /* Reset and probe again: the device works. */
    QCHECK_EQ(fd_probe(r->d, F(VIRTIO_F_VERSION_1), 16), 0);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    fd_add(r->d, 1, b, 2, false, true);
    uint32_t id, len;
    QCHECK_EQ(fd_get_used(r->d, 1, &id, &len), 1);
    QCHECK_EQ(len, 8);
    rig_free(r);
}

QTEST(virtio_mmio_notify_rules)
{
    struct rig *r = rig_new(0, 0);
    /* Before DRIVER_OK, QueueNotify reaches no back-end. */
    to_features_ok(r, F(VIRTIO_F_VERSION_1));
    QCHECK_EQ(fd_setup_queue(r->d, 0, 8), 0);
    fd_kick(r->d, 0);
    QCHECK_EQ(r->lb.notifies, 0);
    wr(r, VIRTIO_MMIO_STATUS, rd(r, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
    fd_kick(r->d, 0);
    QCHECK_EQ(r->lb.notifies, 1);
    fd_kick(r->d, 1); /* queue 1 was never made ready */
    fd_kick(r->d, 7);
    fd_kick(r->d, 0xffffffffu);
    QCHECK_EQ(r->lb.notifies, 1);
    /* QueueReady = 0 stops it. */
    wr(r, VIRTIO_MMIO_QUEUE_SEL, 0);
    wr(r, VIRTIO_MMIO_QUEUE_READY, 0);
    fd_kick(r->d, 0);
    QCHECK_EQ(r->lb.notifies, 1);
    rig_free(r);
}

QTEST(virtio_mmio_init_rejects_bad_backend)
{
    struct fake_mem *fm = fake_mem_new(0, 4096);
    struct virtio_mmio_dev t;
    struct virtio_backend be = loopback_backend;
    struct irq_line none = { 0 };
    be.num_queues = 0;
    QCHECK_EQ(virtio_mmio_init(&t, &be, NULL, &fm->gm, none), (uint64_t)(int64_t)QV_ERR_INVAL);
    be.num_queues = VIRTIO_MMIO_MAX_QUEUES + 1;
    QCHECK_EQ(virtio_mmio_init(&t, &be, NULL, &fm->gm, none), (uint64_t)(int64_t)QV_ERR_INVAL);
    be.num_queues = 1;
    be.queue_max_size = 0;
    QCHECK_EQ(virtio_mmio_init(&t, &be, NULL, &fm->gm, none), (uint64_t)(int64_t)QV_ERR_INVAL);
    be.queue_max_size = 4096; /* clamped to VIRTQ_MAX_SIZE */
    QCHECK_EQ(virtio_mmio_init(&t, &be, NULL, &fm->gm, none), 0);
    QCHECK_EQ(virtio_mmio_read(&t, VIRTIO_MMIO_QUEUE_NUM_MAX, 4), VIRTQ_MAX_SIZE);
    fake_mem_free(fm);
}
