/* Packed virtqueue walker (VirtIO 1.1 §2.7) against hostile rings, used
 * descriptor write-back with the wrap counters, and event suppression
 * (§2.7.10). Malformed rings must fail, set DEVICE_NEEDS_RESET, write
 * nothing outside the ring and leave the queue alone afterwards. */
#include "qtest.h"
#include "virtio_fake_mem.h"

#define F(b) (1ull << (b))
#define NEXT VIRTQ_DESC_F_NEXT
#define WR VIRTQ_DESC_F_WRITE
#define IND VIRTQ_DESC_F_INDIRECT
#define AV VIRTQ_DESC_F_AVAIL
#define US VIRTQ_DESC_F_USED
#define RAM_END (RIG_RAM_BASE + RIG_RAM_SIZE)

static struct rig *mk(uint64_t features, uint16_t qsize)
{
    struct rig *r = rig_new(features | F(VIRTIO_F_RING_PACKED), qsize);
    r->lb.hold = true;
    struct fd_queue *q = &r->d->q[0];
    /* The device may write the descriptor ring (used descriptors) and its
     * own event suppression area, nothing else. */
    fake_mem_allow(r->fm, q->desc, q->desc + 16ull * q->num);
    fake_mem_allow(r->fm, q->device, q->device + 4);
    return r;
}

static struct virtqueue *q0(struct rig *r) { return virtio_mmio_queue(&r->dev, 0); }

static void expect_broken(struct rig *r, int err, int line)
{
    struct vq_chain c;
    int got = vq_pop(q0(r), &c);
    if (got != err)
        printf("line %d: vq_pop = %d, want %d\n", line, got, err);
    QCHECK_EQ(got, err);
    QCHECK(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET);
    unsigned acc = r->fm->reads + r->fm->refused + r->fm->writes;
    QCHECK_EQ(vq_pop(q0(r), &c), QV_ERR_STATE);
    QCHECK_EQ(vq_push(q0(r), &c, 0), QV_ERR_STATE);
    vq_notify_guest(q0(r));
    QCHECK_EQ(r->fm->reads + r->fm->refused + r->fm->writes, acc);
    QCHECK_EQ(q0(r)->next_used, 0);
    QCHECK(fake_mem_clean(r->fm));
}
#define EXPECT_BROKEN(r, err) expect_broken((r), (err), __LINE__)

static uint64_t data(struct rig *r) { return fake_mem_alloc(r->fm, 4096, 16); }

/* Write a raw descriptor available in the first lap (wrap counter 1). */
static void desc(struct rig *r, uint16_t i, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags)
{
    fd_packed_raw_desc(r->d, 0, i, addr, len, id, (uint16_t)(flags | AV));
}

static void table_entry(struct rig *r, uint64_t t, unsigned i, uint64_t addr, uint32_t len, uint16_t flags)
{
    fm_w64(r->fm, t + 16 * i, addr);
    fm_w32(r->fm, t + 16 * i + 8, len);
    fm_w16(r->fm, t + 16 * i + 12, 0);
    fm_w16(r->fm, t + 16 * i + 14, flags);
}

QTEST(packed_wrong_wrap_counter_at_head_is_not_available)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    struct vq_chain c;
    /* AVAIL clear, USED set: available only in the second lap. */
    fd_packed_raw_desc(r->d, 0, 0, b, 16, 0, US);
    QCHECK_EQ(vq_pop(q0(r), &c), 0);
    /* Both set: a used descriptor of the first lap. */
    fd_packed_raw_desc(r->d, 0, 0, b, 16, 0, AV | US);
    QCHECK_EQ(vq_pop(q0(r), &c), 0);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    QCHECK_EQ(q0(r)->next_avail, 0);
    /* Then a proper one. */
    fd_packed_raw_desc(r->d, 0, 0, b, 16, 5, AV);
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.head, 5);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

QTEST(packed_wrong_wrap_counter_inside_chain)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    desc(r, 0, b, 16, 0, NEXT);
    fd_packed_raw_desc(r->d, 0, 1, b + 16, 16, 0, US | WR); /* wrong lap */
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(packed_chain_longer_than_queue)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    for (uint16_t i = 0; i < 8; i++)
        desc(r, i, b, 16, 0, NEXT); /* every descriptor says NEXT */
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* Even when the driver flips the bits so the wrapped part looks
     * available in the next lap. */
    r = mk(0, 4);
    b = data(r);
    for (uint16_t i = 0; i < 4; i++)
        desc(r, i, b, 16, 0, NEXT);
    struct vq_chain c;
    fd_packed_raw_desc(r->d, 0, 0, b, 16, 0, US | NEXT);
    QCHECK_EQ(vq_pop(q0(r), &c), 0); /* head not available now */
    desc(r, 0, b, 16, 0, NEXT);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(packed_address_outside_ram)
{
    static const struct { uint64_t addr; uint32_t len; } bad[] = {
        { 0x1000, 16 }, { RAM_END, 1 }, { RAM_END - 16, 32 },
        { 0xffffffffffffff00ull, 0x1000 }, { RIG_RAM_BASE - 1, 2 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
        struct rig *r = mk(0, 8);
        desc(r, 0, bad[i].addr, bad[i].len, 0, WR);
        EXPECT_BROKEN(r, QV_ERR_FAULT);
        rig_free(r);
    }
}

QTEST(packed_indirect_malformed)
{
    const uint64_t I = F(VIRTIO_F_INDIRECT_DESC);
    struct rig *r;
    uint64_t b, t;

    r = mk(I, 8); /* nested */
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 16, 0);
    table_entry(r, t, 1, t, 32, IND);
    desc(r, 0, t, 32, 0, IND);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    uint32_t lens[] = { 0, 8, 24, 33 };
    for (unsigned i = 0; i < ARRAY_SIZE(lens); i++) {
        r = mk(I, 8);
        t = fake_mem_alloc(r->fm, 64, 16);
        desc(r, 0, t, lens[i], 0, IND);
        EXPECT_BROKEN(r, QV_ERR_CORRUPT);
        rig_free(r);
    }

    r = mk(I, 8); /* INDIRECT with NEXT */
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 16, 0);
    desc(r, 1, b, 16, 0, WR);
    desc(r, 0, t, 16, 0, IND | NEXT);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(I, 8); /* INDIRECT as the second element of a chain */
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 16, WR);
    desc(r, 1, t, 16, 0, IND);
    desc(r, 0, b, 16, 0, NEXT);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8); /* not negotiated */
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 16, 0);
    desc(r, 0, t, 16, 0, IND);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(I, 8); /* table outside RAM */
    desc(r, 0, RAM_END - 16, 32, 0, IND);
    EXPECT_BROKEN(r, QV_ERR_FAULT);
    rig_free(r);

    r = mk(I, 8); /* entry outside RAM */
    t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, 0x2000, 16, 0);
    desc(r, 0, t, 16, 0, IND);
    EXPECT_BROKEN(r, QV_ERR_FAULT);
    rig_free(r);
}

QTEST(packed_indirect_ok)
{
    /* NEXT inside a packed table is ignored (§2.7.7): entries are used in
     * order; the buffer id is the ring descriptor's. */
    struct rig *r = mk(F(VIRTIO_F_INDIRECT_DESC), 8);
    uint64_t b = data(r), t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 10, NEXT);
    table_entry(r, t, 1, b + 10, 6, 0);
    table_entry(r, t, 2, b + 100, 40, WR);
    desc(r, 0, t, 48, 3, IND);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.nsegs, 3);
    QCHECK_EQ(c.in_len, 16);
    QCHECK_EQ(c.out_len, 40);
    QCHECK_EQ(c.ndesc, 1);
    QCHECK_EQ(c.head, 3);
    QCHECK_EQ(vq_push(q0(r), &c, 40), 0);
    uint32_t id, len;
    r->d->q[0].id_busy[3] = true; /* the raw post bypassed the driver's books */
    r->d->q[0].ndesc_of[3] = 1;
    QCHECK_EQ(fd_get_used(r->d, 0, &id, &len), 1);
    QCHECK_EQ(id, 3);
    QCHECK_EQ(len, 40);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

QTEST(packed_direction_and_zero_length)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    desc(r, 1, b + 16, 16, 0, 0);
    desc(r, 0, b, 16, 0, WR | NEXT);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(F(VIRTIO_F_INDIRECT_DESC), 8);
    b = data(r);
    uint64_t t = fake_mem_alloc(r->fm, 64, 16);
    table_entry(r, t, 0, b, 16, WR);
    table_entry(r, t, 1, b + 16, 16, 0);
    desc(r, 0, t, 32, 0, IND);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8);
    b = data(r);
    desc(r, 0, b, 0, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(packed_buffer_id_from_last_descriptor)
{
    /* §2.7.6: the buffer id is in the last descriptor of a list. */
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    desc(r, 2, b + 32, 16, 6, WR);
    desc(r, 1, b + 16, 16, 0x1111, NEXT);
    desc(r, 0, b, 16, 0x2222, NEXT);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.head, 6);
    QCHECK_EQ(c.ndesc, 3);
    QCHECK_EQ(q0(r)->next_avail, 3);
    rig_free(r);
}

QTEST(packed_used_descriptors_and_wrap)
{
    /* 5-entry ring, 2-descriptor chains: every lap boundary lands inside a
     * chain sooner or later; the used descriptor carries the used wrap
     * counter in both AVAIL and USED, the id, the length, and WRITE. */
    struct rig *r = mk(0, 5);
    uint64_t b = data(r);
    struct fd_queue *fq = &r->d->q[0];
    for (unsigned i = 0; i < 40; i++) {
        struct fd_buf bufs[2] = { { b, 8, false }, { b + 8, 8, true } };
        int id = fd_add(r->d, 0, bufs, 2, false, false);
        QCHECK(id >= 0);
        struct vq_chain c;
        uint16_t pos = q0(r)->next_used;
        bool wrap = q0(r)->used_wrap;
        QCHECK_EQ(vq_pop(q0(r), &c), 1);
        QCHECK_EQ(c.head, (uint32_t)id);
        QCHECK_EQ(vq_push(q0(r), &c, 5), 0);
        uint16_t fl = fm_r16(r->fm, fq->desc + 16ull * pos + 14);
        QCHECK_EQ(fl, (wrap ? AV | US : 0) | WR);
        QCHECK_EQ(fm_r16(r->fm, fq->desc + 16ull * pos + 12), (uint32_t)id);
        QCHECK_EQ(fm_r32(r->fm, fq->desc + 16ull * pos + 8), 5);
        uint32_t uid, len;
        QCHECK_EQ(fd_get_used(r->d, 0, &uid, &len), 1);
        QCHECK_EQ(uid, (uint32_t)id);
    }
    QCHECK_EQ(q0(r)->next_used, (40 * 2) % 5);
    QCHECK_EQ(q0(r)->used_wrap, ((40 * 2) / 5) % 2 == 0);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    rig_free(r);
}

QTEST(packed_out_of_order_completion)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    struct fd_buf one[1] = { { b, 8, true } }, two[2] = { { b, 8, false }, { b + 8, 8, true } };
    int a = fd_add(r->d, 0, two, 2, false, false);
    int bb = fd_add(r->d, 0, one, 1, false, false);
    struct vq_chain ca, cb;
    QCHECK_EQ(vq_pop(q0(r), &ca), 1);
    QCHECK_EQ(vq_pop(q0(r), &cb), 1);
    QCHECK_EQ(vq_push(q0(r), &cb, 8), 0); /* second one first */
    QCHECK_EQ(vq_push(q0(r), &ca, 8), 0);
    QCHECK_EQ(vq_push(q0(r), &ca, 8), QV_ERR_INVAL); /* nothing left in flight */
    uint32_t id, len;
    QCHECK_EQ(fd_get_used(r->d, 0, &id, &len), 1);
    QCHECK_EQ(id, (uint32_t)bb);
    QCHECK_EQ(fd_get_used(r->d, 0, &id, &len), 1);
    QCHECK_EQ(id, (uint32_t)a);
    QCHECK_EQ(q0(r)->next_used, 3);
    rig_free(r);
}

static bool push_one(struct rig *r, uint64_t b)
{
    struct fd_buf bufs[2] = { { b, 8, false }, { b + 8, 8, true } };
    struct vq_chain c;
    uint32_t id, len;
    fd_add(r->d, 0, bufs, 2, false, false);
    if (vq_pop(q0(r), &c) != 1 || vq_push(q0(r), &c, 8))
        return false;
    unsigned before = r->irq.rises;
    vq_notify_guest(q0(r));
    fd_ack_irq(r->d);
    fd_get_used(r->d, 0, &id, &len);
    return r->irq.rises > before;
}

QTEST(packed_event_suppression)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    struct fd_queue *fq = &r->d->q[0];
    /* The device asks for every notification. */
    QCHECK_EQ(fm_r16(r->fm, fq->device + 2), VIRTQ_EVENT_F_ENABLE);
    QCHECK(push_one(r, b));
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_DISABLE, 0);
    QCHECK(!push_one(r, b));
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_ENABLE, 0);
    QCHECK(push_one(r, b));
    /* DESC without EVENT_IDX negotiated is treated as ENABLE. */
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_DESC, 0x7fff);
    QCHECK(push_one(r, b));
    rig_free(r);
}

QTEST(packed_event_suppression_desc)
{
    /* 4-entry ring, 2-descriptor chains: used positions go 0, 2 (lap A,
     * wrap 1), 0, 2 (lap B, wrap 0), 0, 2 (lap C, wrap 1)... An event at
     * (offset, wrap) fires when the used position moves past it. */
    struct rig *r = mk(F(VIRTIO_F_EVENT_IDX), 4);
    uint64_t b = data(r);
    QCHECK(push_one(r, b));  /* A0 -> A2: the first one always interrupts */
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_DESC, 1); /* B1 */
    QCHECK(!push_one(r, b)); /* A2 -> B0 */
    QCHECK(push_one(r, b));  /* B0 -> B2 passes B1 */
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_DESC, 3 | VIRTQ_EVENT_WRAP); /* C3 */
    QCHECK(!push_one(r, b)); /* B2 -> C0 */
    QCHECK(!push_one(r, b)); /* C0 -> C2 */
    QCHECK(push_one(r, b));  /* C2 -> D0 passes C3 */
    fd_packed_set_event(r->d, 0, VIRTQ_EVENT_F_DESC, 3 | VIRTQ_EVENT_WRAP); /* C3 again: behind us */
    QCHECK(!push_one(r, b)); /* D0 -> D2 */
    rig_free(r);
}
