/* Split virtqueue walker (VirtIO 1.1 §2.6) against hostile rings: each
 * malformed case must fail with an error, set DEVICE_NEEDS_RESET, write
 * nothing but the used ring, and leave the queue untouched afterwards.
 * Also: notification suppression with and without VIRTIO_F_EVENT_IDX. */
#include "qtest.h"
#include "virtio_fake_mem.h"

#define F(b) (1ull << (b))
#define NEXT VIRTQ_DESC_F_NEXT
#define WR VIRTQ_DESC_F_WRITE
#define IND VIRTQ_DESC_F_INDIRECT
#define RAM_END (RIG_RAM_BASE + RIG_RAM_SIZE)

static struct rig *mk(uint64_t features, uint16_t qsize)
{
    struct rig *r = rig_new(features, qsize);
    r->lb.hold = true;
    struct fd_queue *q = &r->d->q[0];
    /* The device may write the used ring (and avail_event in it), nothing else. */
    fake_mem_allow(r->fm, q->device, q->device + 6 + 8ull * q->num);
    return r;
}

static struct virtqueue *q0(struct rig *r) { return virtio_mmio_queue(&r->dev, 0); }

/* The queue must refuse with `err`, flag the device, and stay quiet. */
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

QTEST(split_descriptor_loop)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, b, 16, NEXT, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8); /* a descriptor pointing at itself */
    b = data(r);
    fd_split_raw_desc(r->d, 0, 3, b, 16, NEXT, 3);
    fd_split_raw_publish(r->d, 0, 3);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(split_next_and_head_out_of_range)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 8);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8);
    fd_split_raw_publish(r->d, 0, 9);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8);
    fd_split_raw_publish(r->d, 0, 0xffff);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(split_chain_as_long_as_the_queue)
{
    /* Exactly num descriptors is fine; it is the longest legal chain. */
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    for (uint16_t i = 0; i < 8; i++)
        fd_split_raw_desc(r->d, 0, i, b + 16 * i, 16, i < 7 ? NEXT : 0, (uint16_t)(i + 1));
    fd_split_raw_publish(r->d, 0, 0);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.nsegs, 8);
    QCHECK_EQ(c.in_len, 128);
    QCHECK_EQ(c.ndesc, 8);
    QCHECK_EQ(vq_push(q0(r), &c, 0), 0);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

QTEST(split_address_outside_ram)
{
    static const struct { uint64_t addr; uint32_t len; } bad[] = {
        { 0x1000, 16 },                       /* below RAM */
        { RAM_END, 1 },                       /* just past the end */
        { RAM_END - 16, 32 },                 /* runs off the end */
        { 0xffffffffffffff00ull, 0x1000 },    /* address + length wraps */
        { 0xfffffffffffffff0ull, 0x10 },      /* ends exactly at 2^64 */
        { RIG_RAM_BASE - 8, 16 },             /* starts before RAM */
    };
    for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
        struct rig *r = mk(0, 8);
        fd_split_raw_desc(r->d, 0, 0, bad[i].addr, bad[i].len, 0, 0);
        fd_split_raw_publish(r->d, 0, 0);
        EXPECT_BROKEN(r, QV_ERR_FAULT);
        rig_free(r);
    }
    /* Writable too. */
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, RAM_END - 4, 8, WR, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_FAULT);
    rig_free(r);
}

QTEST(split_segment_across_a_ram_hole)
{
    /* First and last bytes are RAM, the middle is not: the copy helpers
     * catch it, refuse, and break the queue. */
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    r->fm->hole_lo = b + 1024;
    r->fm->hole_hi = b + 2048;
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, b + 512, 2048, WR, 0);
    fd_split_raw_publish(r->d, 0, 0);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    uint8_t buf[2048] = { 0 };
    QCHECK_EQ(vq_chain_write(q0(r), &c, 0, buf, 2048), QV_ERR_FAULT);
    QCHECK(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET);
    QCHECK_EQ(vq_chain_read(q0(r), &c, 0, buf, 16), QV_ERR_STATE);
    QCHECK(fake_mem_clean(r->fm));
    rig_free(r);
}

QTEST(split_indirect_malformed)
{
    const uint64_t I = F(VIRTIO_F_INDIRECT_DESC);
    struct rig *r;
    uint64_t b, t;

    /* Indirect inside indirect (§2.6.5.3.1). */
    r = mk(I, 8);
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    fd_split_raw_desc(r->d, 0, 0, t, 32, IND, 0);
    fm_w64(r->fm, t, b);
    fm_w32(r->fm, t + 8, 16);
    fm_w16(r->fm, t + 12, NEXT);
    fm_w16(r->fm, t + 14, 1);
    fm_w64(r->fm, t + 16, t);
    fm_w32(r->fm, t + 24, 32);
    fm_w16(r->fm, t + 28, IND);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* Table length not a multiple of 16, or zero. */
    uint32_t lens[] = { 24, 0, 8, 17 };
    for (unsigned i = 0; i < ARRAY_SIZE(lens); i++) {
        r = mk(I, 8);
        t = fake_mem_alloc(r->fm, 64, 16);
        fd_split_raw_desc(r->d, 0, 0, t, lens[i], IND, 0);
        fd_split_raw_publish(r->d, 0, 0);
        EXPECT_BROKEN(r, QV_ERR_CORRUPT);
        rig_free(r);
    }

    /* INDIRECT together with NEXT. */
    r = mk(I, 8);
    t = fake_mem_alloc(r->fm, 64, 16);
    fd_split_raw_desc(r->d, 0, 0, t, 16, IND | NEXT, 1);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* INDIRECT without the feature. */
    r = mk(0, 8);
    b = data(r);
    t = fake_mem_alloc(r->fm, 64, 16);
    fm_w64(r->fm, t, b);
    fm_w32(r->fm, t + 8, 16);
    fd_split_raw_desc(r->d, 0, 0, t, 16, IND, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* Table outside RAM, and a table larger than any queue. */
    r = mk(I, 8);
    fd_split_raw_desc(r->d, 0, 0, RAM_END - 16, 32, IND, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_FAULT);
    rig_free(r);
    r = mk(I, 8);
    fd_split_raw_desc(r->d, 0, 0, RIG_RAM_BASE, 16 * (VQ_MAX_INDIRECT + 1), IND, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_LIMIT);
    rig_free(r);

    /* A loop inside the table, and a next index past its end. */
    for (int k = 0; k < 2; k++) {
        r = mk(I, 8);
        b = data(r);
        t = fake_mem_alloc(r->fm, 64, 16);
        for (int e = 0; e < 2; e++) {
            fm_w64(r->fm, t + 16 * e, b);
            fm_w32(r->fm, t + 16 * e + 8, 16);
            fm_w16(r->fm, t + 16 * e + 12, NEXT);
            fm_w16(r->fm, t + 16 * e + 14, k == 0 ? (uint16_t)(1 - e) : 2);
        }
        fd_split_raw_desc(r->d, 0, 0, t, 32, IND, 0);
        fd_split_raw_publish(r->d, 0, 0);
        EXPECT_BROKEN(r, QV_ERR_CORRUPT);
        rig_free(r);
    }
}

QTEST(split_indirect_after_direct)
{
    /* §2.6.5.3.2: direct descriptors then one indirect one is legal. */
    struct rig *r = mk(F(VIRTIO_F_INDIRECT_DESC), 8);
    uint64_t b = data(r), t = fake_mem_alloc(r->fm, 32, 16);
    fm_w64(r->fm, t, b + 64);
    fm_w32(r->fm, t + 8, 32);
    fm_w16(r->fm, t + 12, WR);
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, t, 16, IND | WR, 0); /* WRITE ignored here */
    fd_split_raw_publish(r->d, 0, 0);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.nsegs, 2);
    QCHECK_EQ(c.in_len, 16);
    QCHECK_EQ(c.out_len, 32);
    QCHECK(c.seg[1].write);
    QCHECK_EQ(c.seg[1].gpa, b + 64);
    rig_free(r);
}

QTEST(split_direction_order)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 16, WR | NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, b + 16, 16, 0, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* Same inside an indirect table. */
    r = mk(F(VIRTIO_F_INDIRECT_DESC), 8);
    b = data(r);
    uint64_t t = fake_mem_alloc(r->fm, 32, 16);
    fm_w64(r->fm, t, b);
    fm_w32(r->fm, t + 8, 16);
    fm_w16(r->fm, t + 12, WR | NEXT);
    fm_w16(r->fm, t + 14, 1);
    fm_w64(r->fm, t + 16, b + 16);
    fm_w32(r->fm, t + 24, 16);
    fd_split_raw_desc(r->d, 0, 0, t, 32, IND, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(split_zero_lengths)
{
    /* A chain that carries no bytes at all is malformed... */
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 0, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, b, 0, WR, 0);
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    /* ...an empty descriptor inside a real chain is skipped, wherever its
     * address points. */
    r = mk(0, 8);
    b = data(r);
    fd_split_raw_desc(r->d, 0, 0, b, 16, NEXT, 1);
    fd_split_raw_desc(r->d, 0, 1, 0xdead0000ull, 0, NEXT, 2);
    fd_split_raw_desc(r->d, 0, 2, b + 16, 16, WR, 0);
    fd_split_raw_publish(r->d, 0, 0);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.nsegs, 2);
    QCHECK_EQ(c.ndesc, 3);
    rig_free(r);
}

QTEST(split_huge_lengths_and_too_many_segments)
{
    /* 65 descriptors each covering all 4 MiB of RAM: over 256 MiB total. */
    struct rig *r = mk(0, 128);
    for (uint16_t i = 0; i < 65; i++)
        fd_split_raw_desc(r->d, 0, i, RIG_RAM_BASE, (uint32_t)RIG_RAM_SIZE, i < 64 ? NEXT : 0,
                          (uint16_t)(i + 1));
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_LIMIT);
    rig_free(r);

    /* 64 of them (exactly 256 MiB) are accepted. */
    r = mk(0, 128);
    for (uint16_t i = 0; i < 64; i++)
        fd_split_raw_desc(r->d, 0, i, RIG_RAM_BASE, (uint32_t)RIG_RAM_SIZE, i < 63 ? NEXT : 0,
                          (uint16_t)(i + 1));
    fd_split_raw_publish(r->d, 0, 0);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(c.in_len, VQ_MAX_CHAIN_BYTES);
    rig_free(r);

    /* More segments than a vq_chain holds. */
    r = mk(0, 256);
    uint64_t b = data(r);
    for (uint16_t i = 0; i <= VQ_MAX_SEGS; i++)
        fd_split_raw_desc(r->d, 0, i, b, 1, i < VQ_MAX_SEGS ? NEXT : 0, (uint16_t)(i + 1));
    fd_split_raw_publish(r->d, 0, 0);
    EXPECT_BROKEN(r, QV_ERR_LIMIT);
    rig_free(r);
}

QTEST(split_avail_index_jump)
{
    struct rig *r = mk(0, 8);
    fm_w16(r->fm, r->d->q[0].driver + 2, 9); /* 9 buffers on an 8-entry ring */
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);

    r = mk(0, 8);
    fm_w16(r->fm, r->d->q[0].driver + 2, 0xfff0); /* "negative" */
    EXPECT_BROKEN(r, QV_ERR_CORRUPT);
    rig_free(r);
}

QTEST(split_backend_misuse_does_not_break_queue)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    struct vq_chain c;
    memset(&c, 0, sizeof(c));
    QCHECK_EQ(vq_push(q0(r), &c, 0), QV_ERR_INVAL); /* nothing popped */
    struct fd_buf bufs[2] = { { b, 16, false }, { b + 16, 16, true } };
    QCHECK(fd_add(r->d, 0, bufs, 2, false, false) >= 0);
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(vq_push(q0(r), &c, 17), QV_ERR_INVAL); /* more than writable */
    QCHECK_EQ(vq_push(q0(r), &c, 16), 0);
    QCHECK_EQ(rig_status(r) & VIRTIO_STATUS_NEEDS_RESET, 0);
    QCHECK_EQ(vq_pop(q0(r), &c), 0);
    rig_free(r);
}

QTEST(split_chain_copy_offsets)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    uint8_t *p = fake_mem_ptr(r->fm, b);
    for (int i = 0; i < 64; i++)
        p[i] = (uint8_t)i;
    struct fd_buf bufs[4] = { { b, 5, false }, { b + 5, 20, false }, { b + 100, 3, true },
                              { b + 200, 40, true } };
    fd_add(r->d, 0, bufs, 4, false, false);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    uint8_t out[32];
    QCHECK_EQ(vq_chain_read(q0(r), &c, 3, out, 32), 22); /* only 25 readable */
    QCHECK_MEM(out, p + 3, 22);
    uint8_t in[8] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7 };
    QCHECK_EQ(vq_chain_write(q0(r), &c, 1, in, 8), 8); /* spans both writable segments */
    QCHECK_MEM(p + 101, in, 2);
    QCHECK_MEM(p + 200, in + 2, 6);
    QCHECK_EQ(vq_chain_write(q0(r), &c, 43, in, 8), 0); /* past the end */
    rig_free(r);
}

/* Push one buffer and ask for an interrupt; true when one was raised. */
static bool push_one(struct rig *r, uint64_t b)
{
    struct fd_buf bufs[2] = { { b, 8, false }, { b + 8, 8, true } };
    struct vq_chain c;
    fd_add(r->d, 0, bufs, 2, false, false);
    if (vq_pop(q0(r), &c) != 1 || vq_push(q0(r), &c, 8))
        return false;
    unsigned before = r->irq.rises;
    vq_notify_guest(q0(r));
    fd_ack_irq(r->d);
    return r->irq.rises > before;
}

QTEST(split_interrupt_suppression_flag)
{
    struct rig *r = mk(0, 8);
    uint64_t b = data(r);
    uint32_t id, len;
    QCHECK(push_one(r, b));
    fd_get_used(r->d, 0, &id, &len);
    fd_split_set_no_interrupt(r->d, 0, true); /* §2.6.7: no interrupts please */
    QCHECK(!push_one(r, b));
    fd_get_used(r->d, 0, &id, &len);
    fd_split_set_no_interrupt(r->d, 0, false);
    QCHECK(push_one(r, b));
    /* Nothing new since the last interrupt: none. */
    unsigned before = r->irq.rises;
    vq_notify_guest(q0(r));
    QCHECK_EQ(r->irq.rises, before);
    rig_free(r);
}

QTEST(split_interrupt_event_idx)
{
    struct rig *r = mk(F(VIRTIO_F_EVENT_IDX), 8);
    r->d->manual_events = true;
    uint64_t b = data(r);
    uint32_t id, len;
    /* NO_INTERRUPT is ignored once EVENT_IDX is negotiated (§2.6.7.2). */
    fd_split_set_no_interrupt(r->d, 0, true);
    fd_split_set_used_event(r->d, 0, 0);
    QCHECK(push_one(r, b)); /* used 0 -> 1 passes used_event 0 */
    fd_get_used(r->d, 0, &id, &len);
    fd_split_set_used_event(r->d, 0, 3); /* interrupt when used idx goes past 3 */
    QCHECK(!push_one(r, b)); /* 1 -> 2 */
    fd_get_used(r->d, 0, &id, &len);
    QCHECK(!push_one(r, b)); /* 2 -> 3 */
    fd_get_used(r->d, 0, &id, &len);
    QCHECK(push_one(r, b)); /* 3 -> 4 */
    fd_get_used(r->d, 0, &id, &len);
    QCHECK(!push_one(r, b)); /* 4 -> 5: used_event stayed at 3 */
    fd_get_used(r->d, 0, &id, &len);
    /* Several buffers between two notifications: one interrupt if the
     * event index is among them. */
    fd_split_set_used_event(r->d, 0, 6);
    struct fd_buf bufs[2] = { { b, 8, false }, { b + 8, 8, true } };
    struct vq_chain c;
    for (int i = 0; i < 3; i++) {
        fd_add(r->d, 0, bufs, 2, false, false);
        QCHECK_EQ(vq_pop(q0(r), &c), 1);
        QCHECK_EQ(vq_push(q0(r), &c, 0), 0);
    }
    unsigned before = r->irq.rises;
    vq_notify_guest(q0(r)); /* 5 -> 8 covers 6 */
    QCHECK_EQ(r->irq.rises, before + 1);
    rig_free(r);
}

QTEST(split_avail_event_published)
{
    /* §2.6.8: with EVENT_IDX the device names the avail index it wants a
     * notification at: the next one it will look at. */
    struct rig *r = mk(F(VIRTIO_F_EVENT_IDX), 8);
    struct fd_queue *fq = &r->d->q[0];
    uint64_t avail_event = fq->device + 4 + 8ull * fq->num;
    uint64_t b = data(r);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q0(r), &c), 0);
    QCHECK_EQ(fm_r16(r->fm, avail_event), 0);
    struct fd_buf bufs[1] = { { b, 8, false } };
    fd_add(r->d, 0, bufs, 1, false, false);
    fd_add(r->d, 0, bufs, 1, false, false);
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(fm_r16(r->fm, avail_event), 1);
    QCHECK_EQ(vq_pop(q0(r), &c), 1);
    QCHECK_EQ(vq_pop(q0(r), &c), 0);
    QCHECK_EQ(fm_r16(r->fm, avail_event), 2);
    /* So the driver kicks for the next buffer only. */
    unsigned kicks = r->d->kicks;
    fd_add(r->d, 0, bufs, 1, false, true);
    QCHECK_EQ(r->d->kicks, kicks + 1);
    fd_add(r->d, 0, bufs, 1, false, true); /* device has not looked yet */
    QCHECK_EQ(r->d->kicks, kicks + 1);
    rig_free(r);
}
