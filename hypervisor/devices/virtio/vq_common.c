/* Virtqueue code shared by the split and packed walkers: queue lifecycle,
 * segment validation, the virtio_dev.h operations and the chain copy helpers.
 * VirtIO 1.1 §2.6 / §2.7. */
#include "devices/virtio/virtqueue.h"
#include "lib/errors.h"
#include "lib/string.h"

void vq_bind(struct virtqueue *q, unsigned index, const struct guest_mem *mem,
             const struct vq_host *host, void *host_ctx)
{
    memset(q, 0, sizeof(*q));
    q->mem = mem;
    q->host = host;
    q->host_ctx = host_ctx;
    q->index = index;
}

void vq_reset(struct virtqueue *q)
{
    const struct guest_mem *mem = q->mem;
    const struct vq_host *host = q->host;
    void *ctx = q->host_ctx;
    unsigned index = q->index;
    vq_bind(q, index, mem, host, ctx);
}

int vq_start(struct virtqueue *q, uint64_t features)
{
    q->packed = (features & BIT(VIRTIO_F_RING_PACKED)) != 0;
    q->event_idx = (features & BIT(VIRTIO_F_EVENT_IDX)) != 0;
    q->indirect = (features & BIT(VIRTIO_F_INDIRECT_DESC)) != 0;
    q->next_avail = q->next_used = 0;
    q->avail_wrap = q->used_wrap = true; /* §2.7.1: both counters start at 1 */
    q->signalled_used = 0;
    q->signalled_wrap = true;
    q->signalled_valid = false;
    q->used_since_signal = false;
    q->inflight = 0;
    q->broken = false;
    q->error = 0;
    if (q->num == 0 || q->num > VIRTQ_MAX_SIZE)
        return QV_ERR_RANGE;
    int err = q->packed ? vq_packed_start(q) : vq_split_start(q);
    if (err)
        return err;
    q->ready = true;
    return 0;
}

int vq_fail(struct virtqueue *q, int err)
{
    if (!q->broken) {
        q->broken = true;
        q->error = err;
        if (q->host && q->host->error)
            q->host->error(q->host_ctx, q->index, err);
    }
    return err;
}

int vq_rd16(const struct virtqueue *q, uint64_t gpa, uint16_t *v)
{
    uint8_t b[2];
    int err = q->mem->read(q->mem->ctx, gpa, b, 2);
    if (err)
        return err;
    *v = vq_le16(b);
    return 0;
}

int vq_wr16(const struct virtqueue *q, uint64_t gpa, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    return q->mem->write(q->mem->ctx, gpa, b, 2);
}

int vq_wr32(const struct virtqueue *q, uint64_t gpa, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    return q->mem->write(q->mem->ctx, gpa, b, 4);
}

bool vq_range_ok(const struct virtqueue *q, uint64_t gpa, uint64_t len)
{
    uint8_t probe;
    if (len == 0)
        return true;
    if (gpa + (len - 1) < gpa)
        return false;
    if (q->mem->read(q->mem->ctx, gpa, &probe, 1))
        return false;
    return q->mem->read(q->mem->ctx, gpa + (len - 1), &probe, 1) == 0;
}

void vq_walk_begin(struct vq_walk *w, struct vq_chain *c)
{
    c->head = 0;
    c->nsegs = 0;
    c->in_len = 0;
    c->out_len = 0;
    c->ndesc = 0;
    w->c = c;
    w->saw_write = false;
}

int vq_walk_add(struct virtqueue *q, struct vq_walk *w, uint64_t gpa, uint32_t len, bool write)
{
    struct vq_chain *c = w->c;
    /* §2.6.4.2 / §2.7.5: device-readable descriptors come first. The flag
     * counts even on an empty descriptor, which carries no data and takes
     * no segment. */
    if (write)
        w->saw_write = true;
    else if (w->saw_write)
        return QV_ERR_CORRUPT;
    if (len == 0)
        return 0;
    if (!vq_range_ok(q, gpa, len))
        return QV_ERR_FAULT;
    uint32_t *total = write ? &c->out_len : &c->in_len;
    if (len > VQ_MAX_CHAIN_BYTES - *total)
        return QV_ERR_LIMIT;
    if (c->nsegs >= VQ_MAX_SEGS)
        return QV_ERR_LIMIT;
    *total += len;
    c->seg[c->nsegs].gpa = gpa;
    c->seg[c->nsegs].len = len;
    c->seg[c->nsegs].write = write;
    c->nsegs++;
    return 0;
}

int vq_walk_end(struct virtqueue *q, struct vq_walk *w)
{
    (void)q;
    /* A chain that moves no data at all has no meaning for any device. */
    if (w->c->nsegs == 0)
        return QV_ERR_CORRUPT;
    return 0;
}

int vq_indirect_check(struct virtqueue *q, uint64_t gpa, uint32_t len)
{
    /* §2.6.5.3.1 / §2.7.7.1: only with VIRTIO_F_INDIRECT_DESC. */
    if (!q->indirect)
        return QV_ERR_CORRUPT;
    if (len == 0 || len % VIRTQ_DESC_SIZE)
        return QV_ERR_CORRUPT;
    if (len / VIRTQ_DESC_SIZE > VQ_MAX_INDIRECT)
        return QV_ERR_LIMIT;
    /* No alignment is required of a table (§2.6.5.3); accesses are copies. */
    if (!vq_range_ok(q, gpa, len))
        return QV_ERR_FAULT;
    return (int)(len / VIRTQ_DESC_SIZE);
}

/* ---- virtio_dev.h operations ---- */

int vq_pop(struct virtqueue *q, struct vq_chain *c)
{
    if (!q->ready || q->broken)
        return QV_ERR_STATE;
    int r = q->packed ? vq_packed_pop(q, c) : vq_split_pop(q, c);
    return r < 0 ? vq_fail(q, r) : r;
}

int vq_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    if (!q->ready || q->broken)
        return QV_ERR_STATE;
    /* A back-end cannot claim more than the chain's writable bytes. */
    if (written > c->out_len)
        return QV_ERR_INVAL;
    int r = q->packed ? vq_packed_push(q, c, written) : vq_split_push(q, c, written);
    if (r == QV_ERR_FAULT)
        return vq_fail(q, r); /* the ring left guest RAM under us */
    if (r == 0)
        q->used_since_signal = true;
    return r;
}

void vq_notify_guest(struct virtqueue *q)
{
    if (!q->ready || q->broken || !q->used_since_signal)
        return;
    /* The used index/descriptor writes must be visible before the
     * suppression fields are read (§2.6.7.1, §2.7.10). */
    vq_mb();
    bool need = q->packed ? vq_packed_need_interrupt(q) : vq_split_need_interrupt(q);
    q->used_since_signal = false;
    q->signalled_used = q->next_used;
    q->signalled_wrap = q->used_wrap;
    q->signalled_valid = true;
    if (need && !q->broken && q->host && q->host->interrupt)
        q->host->interrupt(q->host_ctx, q->index);
}

/* Walk the segments of one direction of a chain, copying between them and a
 * flat buffer, starting `off` bytes into that direction. */
static int chain_copy(struct virtqueue *q, const struct vq_chain *c, bool write, uint32_t off,
                      uint8_t *buf, uint32_t len)
{
    if (!q->ready || q->broken)
        return QV_ERR_STATE;
    if (c->nsegs > VQ_MAX_SEGS)
        return QV_ERR_INVAL;
    uint32_t done = 0;
    for (unsigned i = 0; i < c->nsegs && done < len; i++) {
        const struct vq_seg *s = &c->seg[i];
        if (s->write != write)
            continue;
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        uint32_t n = MIN(s->len - off, len - done);
        int err = write ? q->mem->write(q->mem->ctx, s->gpa + off, buf + done, n)
                        : q->mem->read(q->mem->ctx, s->gpa + off, buf + done, n);
        if (err)
            return vq_fail(q, err); /* e.g. a segment spanning a RAM hole */
        done += n;
        off = 0;
    }
    return (int)done;
}

int vq_chain_read(struct virtqueue *q, const struct vq_chain *c, uint32_t off, void *buf, uint32_t len)
{
    if (len > (uint32_t)INT32_MAX)
        return QV_ERR_INVAL;
    return chain_copy(q, c, false, off, buf, len);
}

int vq_chain_write(struct virtqueue *q, const struct vq_chain *c, uint32_t off, const void *buf,
                   uint32_t len)
{
    if (len > (uint32_t)INT32_MAX)
        return QV_ERR_INVAL;
    /* chain_copy only reads from buf when writing guest memory. */
    return chain_copy(q, c, true, off, (uint8_t *)(uintptr_t)buf, len);
}
