/* Split virtqueue walker, device side (VirtIO 1.1 §2.6).
 *
 * Layout (§2.6.2, all little-endian):
 *   descriptor table at desc:   num x { le64 addr; le32 len; le16 flags; le16 next }
 *   available ring at driver:   le16 flags; le16 idx; le16 ring[num]; le16 used_event
 *   used ring at device:        le16 flags; le16 idx; { le32 id; le32 len } ring[num];
 *                               le16 avail_event
 * idx fields are free-running 16-bit counters; a ring slot is idx % num. */
#include "devices/virtio/virtqueue.h"
#include "lib/errors.h"

#define AVAIL_IDX(q) ((q)->driver + 2)
#define AVAIL_RING(q, i) ((q)->driver + 4 + 2ull * (i))
#define USED_EVENT(q) ((q)->driver + 4 + 2ull * (q)->num)
#define USED_IDX(q) ((q)->device + 2)
#define USED_RING(q, i) ((q)->device + 4 + 8ull * (i))
#define AVAIL_EVENT(q) ((q)->device + 4 + 8ull * (q)->num)

int vq_split_start(struct virtqueue *q)
{
    uint64_t n = q->num;
    /* §2.6: the split queue size is a power of 2. */
    if (n & (n - 1))
        return QV_ERR_RANGE;
    /* §2.6 alignment table: descriptors 16, available ring 2, used ring 4. */
    if (!IS_ALIGNED(q->desc, 16) || !IS_ALIGNED(q->driver, 2) || !IS_ALIGNED(q->device, 4))
        return QV_ERR_INVAL;
    if (!vq_range_ok(q, q->desc, 16 * n) || !vq_range_ok(q, q->driver, 6 + 2 * n) ||
        !vq_range_ok(q, q->device, 6 + 8 * n))
        return QV_ERR_FAULT;
    return 0;
}

struct split_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static int read_desc(struct virtqueue *q, uint64_t table, uint32_t i, struct split_desc *d)
{
    uint8_t b[VIRTQ_DESC_SIZE];
    int err = q->mem->read(q->mem->ctx, table + (uint64_t)i * VIRTQ_DESC_SIZE, b, sizeof(b));
    if (err)
        return err;
    d->addr = vq_le64(b);
    d->len = vq_le32(b + 8);
    d->flags = vq_le16(b + 12);
    d->next = vq_le16(b + 14);
    return 0;
}

/* §2.6.5.3: follow an indirect table. Entries chain with NEXT inside the
 * table; a chain can visit at most every entry once, so a longer walk is a
 * loop. A table may not point at another table. */
static int walk_indirect(struct virtqueue *q, struct vq_walk *w, const struct split_desc *ind)
{
    int entries = vq_indirect_check(q, ind->addr, ind->len);
    if (entries < 0)
        return entries;
    uint32_t i = 0;
    for (int count = 0;; count++) {
        struct split_desc d;
        if (count >= entries)
            return QV_ERR_CORRUPT;
        int err = read_desc(q, ind->addr, i, &d);
        if (err)
            return err;
        if (d.flags & VIRTQ_DESC_F_INDIRECT)
            return QV_ERR_CORRUPT;
        err = vq_walk_add(q, w, d.addr, d.len, d.flags & VIRTQ_DESC_F_WRITE);
        if (err)
            return err;
        w->c->ndesc++;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return 0;
        i = d.next;
        if (i >= (uint32_t)entries)
            return QV_ERR_CORRUPT;
    }
}

/* §2.6.5: follow a chain from `head`. At most num descriptors (§2.6.5.3.1:
 * no chain is longer than the queue), which also stops loops. Zero or more
 * direct descriptors may be followed by one indirect one (§2.6.5.3.2). */
static int walk_chain(struct virtqueue *q, uint16_t head, struct vq_chain *c)
{
    struct vq_walk w;
    vq_walk_begin(&w, c);
    c->head = head;
    uint32_t i = head;
    for (uint32_t count = 0;; count++) {
        struct split_desc d;
        if (i >= q->num || count >= q->num)
            return QV_ERR_CORRUPT;
        int err = read_desc(q, q->desc, i, &d);
        if (err)
            return err;
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            /* §2.6.5.3.1: INDIRECT and NEXT are exclusive; the device
             * ignores WRITE on the table descriptor (§2.6.5.3.2). */
            if (d.flags & VIRTQ_DESC_F_NEXT)
                return QV_ERR_CORRUPT;
            err = walk_indirect(q, &w, &d);
            if (err)
                return err;
            break;
        }
        err = vq_walk_add(q, &w, d.addr, d.len, d.flags & VIRTQ_DESC_F_WRITE);
        if (err)
            return err;
        c->ndesc++;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            break;
        i = d.next;
    }
    return vq_walk_end(q, &w);
}

int vq_split_pop(struct virtqueue *q, struct vq_chain *c)
{
    uint16_t avail;
    int err = vq_rd16(q, AVAIL_IDX(q), &avail);
    if (err)
        return err;
    uint16_t pending = (uint16_t)(avail - q->next_avail);
    if (pending == 0 && q->event_idx) {
        /* §2.6.8: ask to be notified when the next buffer arrives, then look
         * again in case the driver added one before it saw the request. */
        err = vq_wr16(q, AVAIL_EVENT(q), q->next_avail);
        if (err)
            return err;
        vq_mb();
        err = vq_rd16(q, AVAIL_IDX(q), &avail);
        if (err)
            return err;
        pending = (uint16_t)(avail - q->next_avail);
    }
    if (pending == 0)
        return 0;
    /* The driver never has more than num buffers outstanding (§2.6.6). */
    if (pending > q->num)
        return QV_ERR_CORRUPT;
    vq_rmb(); /* ring entry after the index that published it */
    uint16_t head;
    err = vq_rd16(q, AVAIL_RING(q, q->next_avail & (q->num - 1)), &head);
    if (err)
        return err;
    err = walk_chain(q, head, c);
    if (err)
        return err;
    q->next_avail++;
    q->inflight++;
    if (q->event_idx) {
        err = vq_wr16(q, AVAIL_EVENT(q), q->next_avail);
        if (err)
            return err;
    }
    return 1;
}

int vq_split_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    if (q->inflight == 0 || c->head >= q->num)
        return QV_ERR_INVAL;
    uint64_t slot = USED_RING(q, q->next_used & (q->num - 1));
    int err = vq_wr32(q, slot, c->head);
    if (!err)
        err = vq_wr32(q, slot + 4, written);
    if (err)
        return err;
    vq_wmb(); /* §2.6.8.2: the element before the index that publishes it */
    q->next_used++;
    q->inflight--;
    return vq_wr16(q, USED_IDX(q), q->next_used);
}

/* §2.6.7 / §2.6.8: without EVENT_IDX the driver suppresses interrupts with
 * VIRTQ_AVAIL_F_NO_INTERRUPT; with it, it names the used index it wants an
 * interrupt at (used_event), and the device interrupts when the used index
 * moved past it since the last interrupt. */
bool vq_split_need_interrupt(struct virtqueue *q)
{
    uint16_t v;
    if (!q->event_idx) {
        if (vq_rd16(q, q->driver, &v))
            return true; /* cannot tell: interrupting is always safe */
        return !(v & VIRTQ_AVAIL_F_NO_INTERRUPT);
    }
    if (!q->signalled_valid)
        return true;
    if (vq_rd16(q, USED_EVENT(q), &v))
        return true;
    uint16_t new_idx = q->next_used, old_idx = q->signalled_used;
    return (uint16_t)(new_idx - v - 1) < (uint16_t)(new_idx - old_idx);
}
