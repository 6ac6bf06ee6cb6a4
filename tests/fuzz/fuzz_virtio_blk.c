/* libFuzzer target: the virtio-blk request parser on arbitrary chains.
 * The input is a disk image mode, guest memory contents and a list of
 * chains (segments anywhere in guest memory, readable before writable, as
 * the real walker guarantees). Checks: no access outside the image or guest
 * memory (ASan, both allocated to size), used length within the writable
 * part, a valid status byte as the last writable byte, a chain without a
 * writable part stops the device, a read-only image never changes. */
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_blk.h"
#include "lib/errors.h"

#define MEM 8192u
#define IMG (8 * 512u)

struct virtqueue {
    struct vq_chain c;
    bool avail;
    unsigned used;
    uint32_t used_len;
};

static uint8_t *mem;

int vq_pop(struct virtqueue *q, struct vq_chain *c)
{
    if (!q->avail)
        return 0;
    q->avail = false;
    *c = q->c;
    return 1;
}

int vq_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    if (written > c->out_len)
        abort();
    q->used++;
    q->used_len = written;
    return 0;
}

void vq_notify_guest(struct virtqueue *q) { (void)q; }

static int copy(const struct vq_chain *c, bool wr, uint32_t off, uint8_t *buf, uint32_t len)
{
    uint32_t done = 0, pos = 0;
    for (unsigned i = 0; i < c->nsegs && done < len; i++) {
        const struct vq_seg *s = &c->seg[i];
        if (s->write != wr)
            continue;
        if (off < pos + s->len) {
            uint32_t skip = off - pos, n = s->len - skip;
            if (n > len - done)
                n = len - done;
            if (wr)
                memcpy(mem + s->gpa + skip, buf + done, n);
            else
                memcpy(buf + done, mem + s->gpa + skip, n);
            done += n;
            off += n;
        }
        pos += s->len;
    }
    return (int)done;
}

int vq_chain_read(struct virtqueue *q, const struct vq_chain *c, uint32_t off, void *buf, uint32_t len)
{
    (void)q;
    return copy(c, false, off, buf, len);
}

int vq_chain_write(struct virtqueue *q, const struct vq_chain *c, uint32_t off, const void *buf,
                   uint32_t len)
{
    (void)q;
    return copy(c, true, off, (uint8_t *)buf, len);
}

static unsigned faults;
static void on_fault(void *ctx, int err)
{
    (void)ctx;
    if (err >= 0)
        abort();
    faults++;
}

static struct virtio_blk blk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool ro = data[0] & 1;
    uint32_t img_len = (data[0] & 2) ? IMG : IMG - 100; /* also a partial last sector */
    data++;
    size--;
    mem = malloc(MEM);
    uint8_t *img = malloc(img_len), *orig = malloc(img_len);
    for (uint32_t i = 0; i < img_len; i++)
        img[i] = (uint8_t)(i * 31);
    memcpy(orig, img, img_len);
    /* Guest memory: the first min(size, MEM) input bytes, zero after. */
    memset(mem, 0, MEM);
    size_t m = size < MEM / 2 ? size : MEM / 2;
    memcpy(mem, data, m);

    struct virtqueue q = {0};
    if (virtio_blk_init(&blk, img, img_len, ro, "fuzz") != QV_OK)
        abort();
    virtio_blk_attach_queue(&blk, 0, &q);
    virtio_blk_set_fault_hook(&blk, on_fault, NULL);
    blk.be.activate(&blk, blk.be.features);
    faults = 0;

    /* Chains: [nsegs][gpa lo, gpa hi, len lo, len hi | write in bit 15 of len] */
    size_t p = 0;
    while (p < size) {
        unsigned n = data[p++] % 9;
        struct vq_chain *c = &q.c;
        memset(c, 0, sizeof *c);
        c->head = 1;
        unsigned nr = 0;
        struct vq_seg segs[8];
        for (unsigned i = 0; i < n && p + 4 <= size; i++, p += 4) {
            uint32_t gpa = (data[p] | data[p + 1] << 8) % MEM;
            uint32_t l = data[p + 2] | (data[p + 3] & 0x7f) << 8;
            segs[nr].gpa = gpa;
            segs[nr].len = l % (MEM - gpa + 1);
            segs[nr].write = data[p + 3] & 0x80;
            nr++;
        }
        /* Readable segments first (the walker's guarantee, §2.6.4.2). */
        for (int pass = 0; pass < 2; pass++)
            for (unsigned i = 0; i < nr; i++)
                if (segs[i].write == (pass == 1)) {
                    c->seg[c->nsegs++] = segs[i];
                    if (segs[i].write)
                        c->out_len += segs[i].len;
                    else
                        c->in_len += segs[i].len;
                }
        q.avail = true;
        unsigned used_before = q.used;
        int r = virtio_blk_process(&blk);
        bool no_status = c->out_len == 0;
        if (no_status) {
            if (r != QV_ERR_CORRUPT || !blk.broken || faults != 1 || q.used != used_before)
                abort();
            blk.be.reset(&blk);
            blk.be.activate(&blk, blk.be.features);
            faults = 0;
            continue;
        }
        if (r != 1 || q.used != used_before + 1 || faults)
            abort();
        /* The status byte: last byte of the last writable segment with a
         * non-zero length. */
        const struct vq_seg *last = NULL;
        for (unsigned i = 0; i < c->nsegs; i++)
            if (c->seg[i].write && c->seg[i].len)
                last = &c->seg[i];
        uint8_t st = mem[last->gpa + last->len - 1];
        if (st > VIRTIO_BLK_S_UNSUPP)
            abort();
        if (st != VIRTIO_BLK_S_OK && q.used_len != 1)
            abort();
    }
    if (ro && memcmp(img, orig, img_len) != 0)
        abort();
    free(mem);
    free(img);
    free(orig);
    return 0;
}
