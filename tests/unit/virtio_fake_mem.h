/* Test doubles for VirtIO device tests (header-only, host builds):
 *
 *  - struct fake_mem: guest RAM [base, base+size) in a host buffer between
 *    two canary guard zones, exposed as a struct guest_mem. Accesses outside
 *    RAM (or inside an optional hole) are refused with QV_ERR_FAULT, as the
 *    contract requires, and counted; in `strict` mode any refused access is
 *    a failure. Device writes can be confined to "allowed" windows (e.g. the
 *    used ring only); a write elsewhere counts as a violation.
 *    fake_mem_clean() says whether nothing went wrong.
 *  - struct fake_driver: a guest driver that talks to a virtio_mmio_dev
 *    through its registers exactly like Linux's virtio_mmio driver (reset,
 *    ACKNOWLEDGE, DRIVER, features, FEATURES_OK read back, queue setup,
 *    DRIVER_OK), then posts buffers on split or packed rings (with or
 *    without indirect tables), kicks the device honouring its notification
 *    suppression, and collects used buffers.
 *
 * Typical use:
 *   struct fake_mem *fm = fake_mem_new(0x40000000, MiB(4));
 *   virtio_mmio_init(&dev, &backend, state, &fm->gm, irq);
 *   struct fake_driver *d = fd_new(fm, &dev);
 *   fd_probe(d, wanted_features, 64);          // 0 when the device is live
 *   uint64_t buf = fake_mem_alloc(fm, 512, 16);
 *   struct fd_buf b[2] = { { buf, 16, false }, { buf + 16, 496, true } };
 *   fd_add(d, 0, b, 2, false, true);           // post + kick
 *   fd_get_used(d, 0, &id, &len);              // 1 when a buffer came back
 */
#ifndef TESTS_VIRTIO_FAKE_MEM_H
#define TESTS_VIRTIO_FAKE_MEM_H
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_mmio.h"
#include "lib/errors.h"

#define FM_GUARD 4096u
#define FM_CANARY 0xA5u
#define FM_MAX_ALLOW 8

struct fake_mem {
    uint8_t *buf; /* guard | ram | guard */
    uint8_t *ram;
    uint64_t base, size;
    uint64_t hole_lo, hole_hi;  /* refused too when hole_hi > hole_lo */
    unsigned refused;           /* accesses refused (outside RAM or in the hole) */
    bool strict;                /* then every refused access is a failure */
    unsigned strict_failures;
    uint64_t allow_lo[FM_MAX_ALLOW], allow_hi[FM_MAX_ALLOW];
    unsigned nallow;            /* 0: any write inside RAM is fine */
    unsigned violations;        /* writes outside the allowed windows */
    unsigned reads, writes;     /* successful accesses */
    uint64_t brk;               /* bump allocator for rings and buffers */
    struct guest_mem gm;
};

static inline bool fake_mem_in_ram(const struct fake_mem *fm, uint64_t gpa, size_t len)
{
    if (gpa < fm->base || gpa - fm->base > fm->size || len > fm->size - (gpa - fm->base))
        return false;
    if (fm->hole_hi > fm->hole_lo && gpa < fm->hole_hi && gpa + len > fm->hole_lo)
        return false;
    return true;
}

static inline int fake_mem_refuse(struct fake_mem *fm)
{
    fm->refused++;
    if (fm->strict)
        fm->strict_failures++;
    return QV_ERR_FAULT;
}

static inline int fake_mem_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
    struct fake_mem *fm = ctx;
    if (!fake_mem_in_ram(fm, gpa, len))
        return fake_mem_refuse(fm);
    memcpy(buf, fm->ram + (gpa - fm->base), len);
    fm->reads++;
    return 0;
}

static inline int fake_mem_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    struct fake_mem *fm = ctx;
    if (!fake_mem_in_ram(fm, gpa, len))
        return fake_mem_refuse(fm);
    if (fm->nallow) {
        bool ok = false;
        for (unsigned i = 0; i < fm->nallow; i++)
            if (gpa >= fm->allow_lo[i] && gpa + len <= fm->allow_hi[i])
                ok = true;
        if (!ok)
            fm->violations++;
    }
    memcpy(fm->ram + (gpa - fm->base), buf, len);
    fm->writes++;
    return 0;
}

static inline struct fake_mem *fake_mem_new(uint64_t base, uint64_t size)
{
    struct fake_mem *fm = calloc(1, sizeof(*fm));
    fm->buf = malloc(size + 2 * FM_GUARD);
    memset(fm->buf, FM_CANARY, size + 2 * FM_GUARD);
    fm->ram = fm->buf + FM_GUARD;
    memset(fm->ram, 0, size);
    fm->base = base;
    fm->size = size;
    fm->brk = base + 0x1000;
    fm->gm.read = fake_mem_read;
    fm->gm.write = fake_mem_write;
    fm->gm.ctx = fm;
    return fm;
}

static inline void fake_mem_free(struct fake_mem *fm)
{
    if (!fm)
        return;
    free(fm->buf);
    free(fm);
}

/* Zeroed, aligned guest memory from the bump allocator (0 when full). */
static inline uint64_t fake_mem_alloc(struct fake_mem *fm, uint64_t len, uint64_t align)
{
    uint64_t p = (fm->brk + align - 1) & ~(align - 1);
    if (p + len > fm->base + fm->size)
        return 0;
    fm->brk = p + len;
    memset(fm->ram + (p - fm->base), 0, len);
    return p;
}

static inline void *fake_mem_ptr(struct fake_mem *fm, uint64_t gpa) { return fm->ram + (gpa - fm->base); }

/* Restrict device writes to [lo, hi) windows (call repeatedly to add). */
static inline void fake_mem_allow(struct fake_mem *fm, uint64_t lo, uint64_t hi)
{
    if (fm->nallow < FM_MAX_ALLOW) {
        fm->allow_lo[fm->nallow] = lo;
        fm->allow_hi[fm->nallow] = hi;
        fm->nallow++;
    }
}

/* Guards intact, no strict failure, no write outside the allowed windows. */
static inline bool fake_mem_clean(const struct fake_mem *fm)
{
    for (unsigned i = 0; i < FM_GUARD; i++)
        if (fm->buf[i] != FM_CANARY || fm->ram[fm->size + i] != FM_CANARY)
            return false;
    return fm->strict_failures == 0 && fm->violations == 0;
}

/* Little-endian helpers on guest memory (driver side: no checks needed). */
static inline void fm_w16(struct fake_mem *fm, uint64_t gpa, uint16_t v)
{
    uint8_t *p = fake_mem_ptr(fm, gpa);
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void fm_w32(struct fake_mem *fm, uint64_t gpa, uint32_t v)
{
    fm_w16(fm, gpa, (uint16_t)v);
    fm_w16(fm, gpa + 2, (uint16_t)(v >> 16));
}
static inline void fm_w64(struct fake_mem *fm, uint64_t gpa, uint64_t v)
{
    fm_w32(fm, gpa, (uint32_t)v);
    fm_w32(fm, gpa + 4, (uint32_t)(v >> 32));
}
static inline uint16_t fm_r16(struct fake_mem *fm, uint64_t gpa)
{
    const uint8_t *p = fake_mem_ptr(fm, gpa);
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t fm_r32(struct fake_mem *fm, uint64_t gpa)
{
    return fm_r16(fm, gpa) | ((uint32_t)fm_r16(fm, gpa + 2) << 16);
}

/* The promises virtio_dev.h makes about a chain from vq_pop(), checked
 * against the fake RAM (tests and fuzzers): at least one segment, none
 * empty, all inside RAM, readable before writable, totals add up and stay
 * within VQ_MAX_CHAIN_BYTES. */
static inline bool fake_chain_sane(const struct fake_mem *fm, const struct vq_chain *c)
{
    if (c->nsegs == 0 || c->nsegs > VQ_MAX_SEGS)
        return false;
    uint64_t in = 0, out = 0;
    bool w = false;
    for (unsigned i = 0; i < c->nsegs; i++) {
        const struct vq_seg *s = &c->seg[i];
        if (s->len == 0 || s->gpa < fm->base || s->gpa - fm->base > fm->size ||
            s->len > fm->size - (s->gpa - fm->base))
            return false;
        if (s->write)
            w = true;
        else if (w)
            return false;
        if (s->write)
            out += s->len;
        else
            in += s->len;
    }
    return in == c->in_len && out == c->out_len && in <= VQ_MAX_CHAIN_BYTES &&
           out <= VQ_MAX_CHAIN_BYTES;
}

/* ------------------------------------------------------------ fake driver */

struct fd_buf {
    uint64_t gpa;
    uint32_t len;
    bool write; /* device-writable */
};

struct fd_queue {
    uint16_t num;
    bool packed, live;
    uint64_t desc, driver, device;
    /* split */
    uint16_t avail_idx, last_used;
    bool desc_busy[VIRTQ_MAX_SIZE];
    uint16_t desc_next[VIRTQ_MAX_SIZE]; /* our own copy of the chain links */
    bool desc_has_next[VIRTQ_MAX_SIZE];
    /* packed */
    uint16_t next_avail, used_pos;
    bool avail_wrap, used_wrap;
    bool id_busy[VIRTQ_MAX_SIZE];
    /* both */
    uint16_t free_descs;
    uint16_t ndesc_of[VIRTQ_MAX_SIZE]; /* descriptors taken by head (split) / id (packed) */
    uint64_t table_of[VIRTQ_MAX_SIZE]; /* indirect table per head / id, allocated once */
};

struct fake_driver {
    struct fake_mem *fm;
    struct virtio_mmio_dev *t;
    uint64_t features;
    unsigned nq;
    unsigned kicks; /* QueueNotify writes */
    bool manual_events; /* don't move used_event after collecting (split, EVENT_IDX) */
    struct fd_queue q[VIRTIO_MMIO_MAX_QUEUES];
};

static inline uint32_t fd_rd(struct fake_driver *d, unsigned off) { return (uint32_t)virtio_mmio_read(d->t, off, 4); }
static inline void fd_wr(struct fake_driver *d, unsigned off, uint32_t v) { virtio_mmio_write(d->t, off, 4, v); }

static inline struct fake_driver *fd_new(struct fake_mem *fm, struct virtio_mmio_dev *t)
{
    struct fake_driver *d = calloc(1, sizeof(*d));
    d->fm = fm;
    d->t = t;
    return d;
}

static inline bool fd_has(const struct fake_driver *d, unsigned bit) { return (d->features >> bit) & 1; }

/* Set up queue qi with (at most) `size` entries, ring memory from the fake RAM. */
static inline int fd_setup_queue(struct fake_driver *d, unsigned qi, uint16_t size)
{
    struct fd_queue *q = &d->q[qi];
    fd_wr(d, VIRTIO_MMIO_QUEUE_SEL, qi);
    if (fd_rd(d, VIRTIO_MMIO_QUEUE_READY))
        return -1;
    uint32_t max = fd_rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
    if (max == 0)
        return -2;
    memset(q, 0, sizeof(*q));
    q->num = (uint16_t)(size < max ? size : max);
    q->packed = fd_has(d, VIRTIO_F_RING_PACKED);
    q->desc = fake_mem_alloc(d->fm, 16ull * q->num, 16);
    if (q->packed) {
        q->driver = fake_mem_alloc(d->fm, 4, 4);
        q->device = fake_mem_alloc(d->fm, 4, 4);
    } else {
        q->driver = fake_mem_alloc(d->fm, 6 + 2ull * q->num, 2);
        q->device = fake_mem_alloc(d->fm, 6 + 8ull * q->num, 4);
    }
    if (!q->desc || !q->driver || !q->device)
        return -3;
    q->free_descs = q->num;
    q->avail_wrap = q->used_wrap = true;
    fd_wr(d, VIRTIO_MMIO_QUEUE_NUM, q->num);
    fd_wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
    fd_wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q->desc >> 32));
    fd_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->driver);
    fd_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(q->driver >> 32));
    fd_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->device);
    fd_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(q->device >> 32));
    fd_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
    if (fd_rd(d, VIRTIO_MMIO_QUEUE_READY) != 1)
        return -4;
    q->live = true;
    return 0;
}

/* Negotiate (offered & wanted) and set up every queue with `qsize` entries.
 * 0 when DRIVER_OK is set, a negative step number otherwise. */
static inline int fd_probe(struct fake_driver *d, uint64_t wanted, uint16_t qsize)
{
    if (fd_rd(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC || fd_rd(d, VIRTIO_MMIO_VERSION_REG) != 2 ||
        fd_rd(d, VIRTIO_MMIO_DEVICE_ID) == 0)
        return -10;
    fd_wr(d, VIRTIO_MMIO_STATUS, 0);
    fd_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    fd_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    fd_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t offered = (uint64_t)fd_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
    fd_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    offered |= fd_rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
    d->features = offered & wanted;
    fd_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    fd_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(d->features >> 32));
    fd_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    fd_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)d->features);
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    fd_wr(d, VIRTIO_MMIO_STATUS, st);
    if (!(fd_rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        return -11;
    d->nq = d->t->num_queues;
    for (unsigned i = 0; i < d->nq; i++)
        if (fd_setup_queue(d, i, qsize))
            return -12;
    fd_wr(d, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    return fd_rd(d, VIRTIO_MMIO_STATUS) == (st | VIRTIO_STATUS_DRIVER_OK) ? 0 : -13;
}

static inline void fd_kick(struct fake_driver *d, unsigned qi)
{
    d->kicks++;
    fd_wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, qi);
}

static inline uint64_t fd_table(struct fake_driver *d, struct fd_queue *q, uint16_t slot)
{
    if (!q->table_of[slot])
        q->table_of[slot] = fake_mem_alloc(d->fm, 16ull * VQ_MAX_SEGS, 16);
    return q->table_of[slot];
}

/* §2.6.13: post a buffer on a split ring. Returns the head or -1 if full. */
static inline int fd_split_add(struct fake_driver *d, unsigned qi, const struct fd_buf *b, unsigned n,
                               bool indirect)
{
    struct fake_mem *fm = d->fm;
    struct fd_queue *q = &d->q[qi];
    unsigned need = indirect ? 1 : n;
    if (n == 0 || n > VQ_MAX_SEGS || q->free_descs < need)
        return -1;
    uint16_t idx[VQ_MAX_SEGS];
    for (unsigned k = 0, i = 0; k < need; i++)
        if (!q->desc_busy[i])
            idx[k++] = (uint16_t)i;
    if (indirect && !fd_table(d, q, idx[0]))
        return -1; /* out of fake RAM */
    if (indirect) {
        uint64_t tbl = fd_table(d, q, idx[0]);
        for (unsigned k = 0; k < n; k++) {
            uint64_t e = tbl + 16ull * k;
            fm_w64(fm, e, b[k].gpa);
            fm_w32(fm, e + 8, b[k].len);
            fm_w16(fm, e + 12, (uint16_t)((b[k].write ? VIRTQ_DESC_F_WRITE : 0) |
                                          (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0)));
            fm_w16(fm, e + 14, (uint16_t)(k + 1));
        }
        uint64_t e = q->desc + 16ull * idx[0];
        fm_w64(fm, e, tbl);
        fm_w32(fm, e + 8, 16 * n);
        fm_w16(fm, e + 12, VIRTQ_DESC_F_INDIRECT);
        fm_w16(fm, e + 14, 0);
        q->desc_has_next[idx[0]] = false;
    } else {
        for (unsigned k = 0; k < n; k++) {
            uint64_t e = q->desc + 16ull * idx[k];
            fm_w64(fm, e, b[k].gpa);
            fm_w32(fm, e + 8, b[k].len);
            fm_w16(fm, e + 12, (uint16_t)((b[k].write ? VIRTQ_DESC_F_WRITE : 0) |
                                          (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0)));
            fm_w16(fm, e + 14, k + 1 < n ? idx[k + 1] : 0);
            q->desc_has_next[idx[k]] = k + 1 < n;
            q->desc_next[idx[k]] = k + 1 < n ? idx[k + 1] : 0;
        }
    }
    for (unsigned k = 0; k < need; k++)
        q->desc_busy[idx[k]] = true;
    q->free_descs = (uint16_t)(q->free_descs - need);
    q->ndesc_of[idx[0]] = (uint16_t)need;
    fm_w16(fm, q->driver + 4 + 2ull * (q->avail_idx % q->num), idx[0]);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    q->avail_idx++;
    fm_w16(fm, q->driver + 2, q->avail_idx);
    return idx[0];
}

/* §2.7.21: post a buffer on a packed ring. Returns the buffer id or -1. */
static inline int fd_packed_add(struct fake_driver *d, unsigned qi, const struct fd_buf *b, unsigned n,
                                bool indirect)
{
    struct fake_mem *fm = d->fm;
    struct fd_queue *q = &d->q[qi];
    unsigned need = indirect ? 1 : n;
    if (n == 0 || n > VQ_MAX_SEGS || q->free_descs < need)
        return -1;
    int id = -1;
    for (unsigned i = 0; i < q->num && id < 0; i++)
        if (!q->id_busy[i])
            id = (int)i;
    if (id < 0 || (indirect && !fd_table(d, q, (uint16_t)id)))
        return -1;
    uint16_t head = q->next_avail, head_flags = 0;
    bool wrap = q->avail_wrap;
    for (unsigned k = 0; k < need; k++) {
        uint64_t e = q->desc + 16ull * q->next_avail;
        uint16_t fl = wrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
        if (indirect) {
            uint64_t tbl = fd_table(d, q, (uint16_t)id);
            for (unsigned j = 0; j < n; j++) {
                uint64_t t = tbl + 16ull * j;
                fm_w64(fm, t, b[j].gpa);
                fm_w32(fm, t + 8, b[j].len);
                fm_w16(fm, t + 12, 0);
                fm_w16(fm, t + 14, b[j].write ? VIRTQ_DESC_F_WRITE : 0);
            }
            fm_w64(fm, e, tbl);
            fm_w32(fm, e + 8, 16 * n);
            fl |= VIRTQ_DESC_F_INDIRECT;
        } else {
            fm_w64(fm, e, b[k].gpa);
            fm_w32(fm, e + 8, b[k].len);
            fl |= (b[k].write ? VIRTQ_DESC_F_WRITE : 0) | (k + 1 < need ? VIRTQ_DESC_F_NEXT : 0);
        }
        fm_w16(fm, e + 12, (uint16_t)id);
        if (k == 0)
            head_flags = fl; /* the head is published last */
        else
            fm_w16(fm, e + 14, fl);
        if (++q->next_avail == q->num) {
            q->next_avail = 0;
            q->avail_wrap = !q->avail_wrap;
            wrap = q->avail_wrap;
        }
    }
    q->id_busy[id] = true;
    q->ndesc_of[id] = (uint16_t)need;
    q->free_descs = (uint16_t)(q->free_descs - need);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    fm_w16(fm, q->desc + 16ull * head + 14, head_flags);
    return id;
}

/* Would the device like a notification after avail moved old -> new?
 * §2.6.7.2 / §2.6.8 (split), §2.7.10 (packed). */
static inline bool fd_should_kick(struct fake_driver *d, unsigned qi, uint16_t old_idx, uint16_t new_idx)
{
    struct fd_queue *q = &d->q[qi];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (q->packed) {
        uint16_t flags = fm_r16(d->fm, q->device + 2) & 3;
        return flags != VIRTQ_EVENT_F_DISABLE; /* DESC mode: kick too (conservative) */
    }
    if (fd_has(d, VIRTIO_F_EVENT_IDX)) {
        uint16_t ev = fm_r16(d->fm, q->device + 4 + 8ull * q->num);
        return (uint16_t)(new_idx - ev - 1) < (uint16_t)(new_idx - old_idx);
    }
    return !(fm_r16(d->fm, q->device) & VIRTQ_USED_F_NO_NOTIFY);
}

/* Post on whichever ring was negotiated; kick if asked and wanted. */
static inline int fd_add(struct fake_driver *d, unsigned qi, const struct fd_buf *b, unsigned n,
                         bool indirect, bool kick)
{
    struct fd_queue *q = &d->q[qi];
    uint16_t old = q->avail_idx;
    int r = q->packed ? fd_packed_add(d, qi, b, n, indirect) : fd_split_add(d, qi, b, n, indirect);
    if (r >= 0 && kick && fd_should_kick(d, qi, old, q->avail_idx))
        fd_kick(d, qi);
    return r;
}

/* Collect one used buffer: 1 with its id (split: head) and length, 0 if none. */
static inline int fd_get_used(struct fake_driver *d, unsigned qi, uint32_t *id, uint32_t *len)
{
    struct fake_mem *fm = d->fm;
    struct fd_queue *q = &d->q[qi];
    if (q->packed) {
        uint64_t e = q->desc + 16ull * q->used_pos;
        uint16_t fl = fm_r16(fm, e + 14);
        bool a = fl & VIRTQ_DESC_F_AVAIL, u = fl & VIRTQ_DESC_F_USED;
        if (a != q->used_wrap || u != q->used_wrap)
            return 0;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint16_t bid = fm_r16(fm, e + 12);
        *id = bid;
        *len = fm_r32(fm, e + 8);
        if (bid >= q->num || !q->id_busy[bid])
            return -1;
        q->id_busy[bid] = false;
        q->free_descs = (uint16_t)(q->free_descs + q->ndesc_of[bid]);
        uint32_t p = q->used_pos + q->ndesc_of[bid];
        if (p >= q->num) {
            p -= q->num;
            q->used_wrap = !q->used_wrap;
        }
        q->used_pos = (uint16_t)p;
        return 1;
    }
    uint16_t used = fm_r16(fm, q->device + 2);
    if (used == q->last_used)
        return 0;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint64_t e = q->device + 4 + 8ull * (q->last_used % q->num);
    *id = fm_r32(fm, e);
    *len = fm_r32(fm, e + 4);
    q->last_used++;
    /* Like Linux: with EVENT_IDX, ask for an interrupt at the next used
     * buffer once this one is collected (§2.6.8.3). */
    if (fd_has(d, VIRTIO_F_EVENT_IDX) && !d->manual_events)
        fm_w16(fm, q->driver + 4 + 2ull * q->num, q->last_used);
    if (*id >= q->num || !q->desc_busy[*id])
        return -1;
    uint16_t i = (uint16_t)*id;
    for (;;) {
        q->desc_busy[i] = false;
        q->free_descs++;
        if (!q->desc_has_next[i])
            break;
        i = q->desc_next[i];
    }
    return 1;
}

/* Read and acknowledge InterruptStatus, like the guest's interrupt handler. */
static inline uint32_t fd_ack_irq(struct fake_driver *d)
{
    uint32_t isr = fd_rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);
    if (isr)
        fd_wr(d, VIRTIO_MMIO_INTERRUPT_ACK, isr);
    return isr;
}

/* Raw split ring access for malformed-ring tests. */
static inline void fd_split_raw_desc(struct fake_driver *d, unsigned qi, uint16_t i, uint64_t addr,
                                     uint32_t len, uint16_t flags, uint16_t next)
{
    uint64_t e = d->q[qi].desc + 16ull * i;
    fm_w64(d->fm, e, addr);
    fm_w32(d->fm, e + 8, len);
    fm_w16(d->fm, e + 12, flags);
    fm_w16(d->fm, e + 14, next);
}

static inline void fd_split_raw_publish(struct fake_driver *d, unsigned qi, uint16_t head)
{
    struct fd_queue *q = &d->q[qi];
    fm_w16(d->fm, q->driver + 4 + 2ull * (q->avail_idx % q->num), head);
    q->avail_idx++;
    fm_w16(d->fm, q->driver + 2, q->avail_idx);
}

/* Raw packed descriptor write (flags included, written last). */
static inline void fd_packed_raw_desc(struct fake_driver *d, unsigned qi, uint16_t i, uint64_t addr,
                                      uint32_t len, uint16_t id, uint16_t flags)
{
    uint64_t e = d->q[qi].desc + 16ull * i;
    fm_w64(d->fm, e, addr);
    fm_w32(d->fm, e + 8, len);
    fm_w16(d->fm, e + 12, id);
    fm_w16(d->fm, e + 14, flags);
}

/* Flags that make a packed descriptor available in the driver's lap `wrap`. */
static inline uint16_t fd_packed_avail_flags(bool wrap)
{
    return wrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
}

/* Interrupt suppression, driver side. Split: used_event (EVENT_IDX) and
 * VIRTQ_AVAIL_F_NO_INTERRUPT; packed: the driver event suppression area. */
static inline void fd_split_set_used_event(struct fake_driver *d, unsigned qi, uint16_t v)
{
    fm_w16(d->fm, d->q[qi].driver + 4 + 2ull * d->q[qi].num, v);
}
static inline void fd_split_set_no_interrupt(struct fake_driver *d, unsigned qi, bool on)
{
    fm_w16(d->fm, d->q[qi].driver, on ? VIRTQ_AVAIL_F_NO_INTERRUPT : 0);
}
static inline void fd_packed_set_event(struct fake_driver *d, unsigned qi, uint16_t flags, uint16_t off_wrap)
{
    fm_w16(d->fm, d->q[qi].driver, off_wrap);
    fm_w16(d->fm, d->q[qi].driver + 2, flags);
}

static inline void fd_free(struct fake_driver *d) { free(d); }

/* ------------------------------------------------- interrupt recorder */

struct fake_irq {
    struct irq_sink sink;
    bool level;
    unsigned rises; /* low -> high transitions */
};

static inline void fake_irq_set(void *ctx, unsigned gsi, bool level)
{
    struct fake_irq *fi = ctx;
    (void)gsi;
    if (level && !fi->level)
        fi->rises++;
    fi->level = level;
}

static inline struct irq_line fake_irq_line(struct fake_irq *fi, unsigned gsi)
{
    fi->sink.set_gsi = fake_irq_set;
    fi->sink.ctx = fi;
    return (struct irq_line){ .sink = &fi->sink, .gsi = gsi };
}

/* ------------------------------------------- loopback back-end + test rig */

/* A two-queue device: every chain's device-readable bytes are copied into
 * its device-writable part (as much as fits), and the chain is returned with
 * that length. Counts the back-end callbacks. */
struct loopback {
    struct virtio_mmio_dev *t;
    unsigned notifies, activations, resets;
    uint64_t features;
    int last_pop;      /* last vq_pop() result */
    unsigned chains;   /* chains returned */
    unsigned insane;   /* popped chains that broke a virtio_dev.h promise */
    bool hold;         /* pop nothing on notify (for tests that pop themselves) */
    uint8_t config[16];
    struct vq_chain c;
    uint8_t data[8192];
};

#define LOOPBACK_FEATURE_BIT 3 /* a device-specific feature bit it offers */

static inline void loopback_notify(void *ctx, unsigned qi)
{
    struct loopback *lb = ctx;
    struct virtqueue *q = virtio_mmio_queue(lb->t, qi);
    lb->notifies++;
    if (lb->hold || !q)
        return;
    for (;;) {
        int r = lb->last_pop = vq_pop(q, &lb->c);
        if (r <= 0)
            break;
        if (!fake_chain_sane(lb->t->mem->ctx, &lb->c))
            lb->insane++;
        uint32_t n = lb->c.in_len < lb->c.out_len ? lb->c.in_len : lb->c.out_len;
        if (n > sizeof(lb->data))
            n = sizeof(lb->data);
        if (vq_chain_read(q, &lb->c, 0, lb->data, n) != (int)n)
            break;
        if (vq_chain_write(q, &lb->c, 0, lb->data, n) != (int)n)
            break;
        if (vq_push(q, &lb->c, n))
            break;
        lb->chains++;
    }
    vq_notify_guest(q);
}

static inline uint32_t loopback_config_read(void *ctx, uint32_t off, unsigned size)
{
    struct loopback *lb = ctx;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        if (off + i < sizeof(lb->config))
            v |= (uint32_t)lb->config[off + i] << (8 * i);
    return v;
}

static inline void loopback_config_write(void *ctx, uint32_t off, unsigned size, uint32_t v)
{
    struct loopback *lb = ctx;
    for (unsigned i = 0; i < size; i++)
        if (off + i < sizeof(lb->config))
            lb->config[off + i] = (uint8_t)(v >> (8 * i));
}

static inline void loopback_activate(void *ctx, uint64_t features)
{
    struct loopback *lb = ctx;
    lb->activations++;
    lb->features = features;
}

static inline void loopback_reset(void *ctx)
{
    struct loopback *lb = ctx;
    lb->resets++;
}

__attribute__((unused)) static const struct virtio_backend loopback_backend = {
    .name = "loopback",
    .device_id = VIRTIO_ID_RNG,
    .features = 1ull << LOOPBACK_FEATURE_BIT,
    .num_queues = 2,
    .queue_max_size = 256,
    .config_read = loopback_config_read,
    .config_write = loopback_config_write,
    .queue_notify = loopback_notify,
    .activate = loopback_activate,
    .reset = loopback_reset,
};

#define RIG_RAM_BASE 0x40000000ull
#define RIG_RAM_SIZE (4ull << 20)

struct rig {
    struct fake_mem *fm;
    struct virtio_mmio_dev dev;
    struct fake_driver *d;
    struct loopback lb;
    struct fake_irq irq;
};

/* Device + driver; `features` is what the driver wants (VERSION_1 is added). */
static inline struct rig *rig_new(uint64_t features, uint16_t qsize)
{
    struct rig *r = calloc(1, sizeof(*r));
    r->fm = fake_mem_new(RIG_RAM_BASE, RIG_RAM_SIZE);
    r->lb.t = &r->dev;
    if (virtio_mmio_init(&r->dev, &loopback_backend, &r->lb, &r->fm->gm, fake_irq_line(&r->irq, 5)))
        abort();
    r->d = fd_new(r->fm, &r->dev);
    if (qsize && fd_probe(r->d, features | (1ull << VIRTIO_F_VERSION_1), qsize))
        abort();
    return r;
}

static inline void rig_free(struct rig *r)
{
    fd_free(r->d);
    fake_mem_free(r->fm);
    free(r);
}

static inline uint32_t rig_status(struct rig *r) { return fd_rd(r->d, VIRTIO_MMIO_STATUS); }

#endif
