/* Packed virtqueue walker, device side (VirtIO 1.1 §2.7).
 *
 * Layout (§2.7.22, all little-endian):
 *   descriptor ring at desc:  num x { le64 addr; le32 len; le16 id; le16 flags }
 *   driver event suppression at driver, device event suppression at device:
 *                             { le16 desc (offset | wrap << 15); le16 flags }
 * A descriptor is available when its AVAIL bit equals the device's avail wrap
 * counter and its USED bit does not (§2.7.1); the device returns a buffer by
 * writing one used descriptor (AVAIL = USED = used wrap counter) at its next
 * used position and skipping as many descriptors as the chain took (§2.7.6). */
#include "devices/virtio/virtqueue.h"
#include "lib/errors.h"

#define DESC(q, i) ((q)->desc + (uint64_t)(i) * VIRTQ_DESC_SIZE)

struct packed_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t id, flags;
};

int vq_packed_start(struct virtqueue *q)
{
    /* §2.7.22 alignment: descriptor ring 16, event suppression areas 4.
     * Any size up to 32768 is allowed (§2.7: no power of 2 needed). */
    if (!IS_ALIGNED(q->desc, 16) || !IS_ALIGNED(q->driver, 4) || !IS_ALIGNED(q->device, 4))
        return QV_ERR_INVAL;
    if (!vq_range_ok(q, q->desc, (uint64_t)q->num * VIRTQ_DESC_SIZE) ||
        !vq_range_ok(q, q->driver, 4) || !vq_range_ok(q, q->device, 4))
        return QV_ERR_FAULT;
    /* §2.7.10: we always want notifications (flags = ENABLE). */
    int err = vq_wr16(q, q->device, 0);
    if (!err)
        err = vq_wr16(q, q->device + 2, VIRTQ_EVENT_F_ENABLE);
    return err;
}

static int read_desc(struct virtqueue *q, uint64_t gpa, struct packed_desc *d)
{
    uint8_t b[VIRTQ_DESC_SIZE];
    int err = q->mem->read(q->mem->ctx, gpa, b, sizeof(b));
    if (err)
        return err;
    d->addr = vq_le64(b);
    d->len = vq_le32(b + 8);
    d->id = vq_le16(b + 12);
    d->flags = vq_le16(b + 14);
    return 0;
}

static bool is_avail(uint16_t flags, bool wrap)
{
    bool a = flags & VIRTQ_DESC_F_AVAIL, u = flags & VIRTQ_DESC_F_USED;
    return a != u && a == wrap;
}

/* §2.7.7: an indirect table is a plain array of descriptors used in order;
 * only WRITE is meaningful in it. NEXT is ignored; INDIRECT is forbidden to
 * the driver (§2.7.7.1) and refused here rather than silently ignored. */
static int walk_indirect(struct virtqueue *q, struct vq_walk *w, const struct packed_desc *ind)
{
    int entries = vq_indirect_check(q, ind->addr, ind->len);
    if (entries < 0)
        return entries;
    for (int i = 0; i < entries; i++) {
        struct packed_desc d;
        int err = read_desc(q, ind->addr + (uint64_t)i * VIRTQ_DESC_SIZE, &d);
        if (err)
            return err;
        if (d.flags & VIRTQ_DESC_F_INDIRECT)
            return QV_ERR_CORRUPT;
        err = vq_walk_add(q, w, d.addr, d.len, d.flags & VIRTQ_DESC_F_WRITE);
        if (err)
            return err;
    }
    return 0;
}

int vq_packed_pop(struct virtqueue *q, struct vq_chain *c)
{
    struct packed_desc d;
    uint16_t head_flags;
    int err = vq_rd16(q, DESC(q, q->next_avail) + 14, &head_flags);
    if (err)
        return err;
    if (!is_avail(head_flags, q->avail_wrap))
        return 0;
    /* The head's flags publish the whole chain (§2.7.21): read its fields
     * only after them. */
    vq_rmb();

    struct vq_walk w;
    vq_walk_begin(&w, c);
    uint16_t pos = q->next_avail;
    bool wrap = q->avail_wrap;
    for (uint32_t count = 0;; count++) {
        /* §2.7.7.1 / §2.7.6: no chain is longer than the queue. */
        if (count >= q->num)
            return QV_ERR_CORRUPT;
        err = read_desc(q, DESC(q, pos), &d);
        if (err)
            return err;
        /* The driver makes the rest of a chain available before its head
         * (§2.7.6), so a hole means a malformed ring. The head is checked
         * again: the copy that is used must be the one that was checked. */
        if (!is_avail(d.flags, wrap))
            return count > 0 ? QV_ERR_CORRUPT : 0;
        c->ndesc++;
        if (++pos == q->num) {
            pos = 0;
            wrap = !wrap;
        }
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            /* §2.7.7.1: an indirect descriptor is a buffer on its own, never
             * part of a NEXT list. */
            if (count > 0 || (d.flags & VIRTQ_DESC_F_NEXT))
                return QV_ERR_CORRUPT;
            err = walk_indirect(q, &w, &d);
            if (err)
                return err;
            break;
        }
        err = vq_walk_add(q, &w, d.addr, d.len, d.flags & VIRTQ_DESC_F_WRITE);
        if (err)
            return err;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            break;
    }
    err = vq_walk_end(q, &w);
    if (err)
        return err;
    /* §2.7.6: the buffer ID is in the chain's last descriptor. */
    c->head = d.id;
    q->next_avail = pos;
    q->avail_wrap = wrap;
    q->inflight += c->ndesc;
    return 1;
}

int vq_packed_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    if (c->ndesc == 0 || c->ndesc > q->inflight)
        return QV_ERR_INVAL;
    uint64_t gpa = DESC(q, q->next_used);
    int err = vq_wr16(q, gpa + 12, c->head);
    if (!err)
        err = vq_wr32(q, gpa + 8, written);
    if (err)
        return err;
    /* §2.7.4: the flags publish the used descriptor, so they go last; WRITE
     * says the length is meaningful. */
    uint16_t flags = q->used_wrap ? (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED) : 0;
    if (c->out_len)
        flags |= VIRTQ_DESC_F_WRITE;
    vq_wmb();
    err = vq_wr16(q, gpa + 14, flags);
    if (err)
        return err;
    uint32_t next = (uint32_t)q->next_used + c->ndesc;
    if (next >= q->num) {
        next -= q->num;
        q->used_wrap = !q->used_wrap;
    }
    q->next_used = (uint16_t)next;
    q->inflight -= c->ndesc;
    return 0;
}

/* Position on a line that counts two laps of the ring (wrap counter 1 then
 * 0), so that "passed an event position" is a modular comparison like the
 * split ring's (§2.6.8) over 2 * num. */
static uint32_t lap_pos(const struct virtqueue *q, uint32_t off, bool wrap)
{
    return (wrap ? off : off + q->num) % (2u * q->num);
}

/* §2.7.10: the driver's event suppression structure says ENABLE (always),
 * DISABLE (never), or DESC (only once the used position passes desc, with
 * the given wrap counter; needs VIRTIO_F_EVENT_IDX). */
bool vq_packed_need_interrupt(struct virtqueue *q)
{
    uint16_t off_wrap, flags;
    if (vq_rd16(q, q->driver + 2, &flags) || vq_rd16(q, q->driver, &off_wrap))
        return true; /* cannot tell: interrupting is always safe */
    switch (flags & 3) {
    case VIRTQ_EVENT_F_DISABLE:
        return false;
    case VIRTQ_EVENT_F_DESC:
        if (q->event_idx && q->signalled_valid)
            break;
        return true;
    default:
        return true;
    }
    uint32_t m = 2u * q->num;
    uint32_t ev = lap_pos(q, off_wrap & 0x7fffu, off_wrap & VIRTQ_EVENT_WRAP);
    uint32_t nw = lap_pos(q, q->next_used, q->used_wrap);
    uint32_t old = lap_pos(q, q->signalled_used, q->signalled_wrap);
    /* ev in [old, new): (new - ev - 1) mod m < (new - old) mod m */
    return (nw + 2 * m - ev - 1) % m < (nw + m - old) % m;
}
