/* libFuzzer target: two virtio-net devices on one switch, driven by
 * arbitrary transmit and receive chains. Checks: nothing outside guest
 * memory is touched (ASan), transmit chains are always returned with used
 * length 0, every delivered buffer holds a zero header with num_buffers 1
 * and a frame of 14..1514 bytes from the *other* VM (source address locked,
 * no echo), port queues stay within their bound. */
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_net.h"
#include "lib/errors.h"

#define MEM 8192u
#define MAXC 16

struct virtqueue {
    struct vq_chain c[MAXC];
    unsigned n, next;
    uint32_t last_written;
    const struct vq_chain *last;
    unsigned used;
};

static uint8_t *mem;

int vq_pop(struct virtqueue *q, struct vq_chain *c)
{
    if (q->next == q->n)
        return 0;
    *c = q->c[q->next++];
    return 1;
}

int vq_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    if (written > c->out_len)
        abort();
    q->last_written = written;
    q->last = c;
    q->used++;
    return 0;
}

void vq_notify_guest(struct virtqueue *q) { (void)q; }

/* Copy between buf and the readable (wr false) or writable part; to_mem
 * says which way. */
static int copy(const struct vq_chain *c, bool wr, bool to_mem, uint32_t off, uint8_t *buf,
                uint32_t len)
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
            if (to_mem)
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
    return copy(c, false, false, off, buf, len);
}

int vq_chain_write(struct virtqueue *q, const struct vq_chain *c, uint32_t off, const void *buf,
                   uint32_t len)
{
    (void)q;
    return copy(c, true, true, off, (uint8_t *)buf, len);
}

struct dev {
    struct virtio_net net;
    struct netswitch_port port;
    struct virtqueue rx, tx;
    uint8_t mac[6];
};

static struct netswitch sw;
static struct dev devs[2];

/* After a receive chain was used: check what landed in it. */
static void check_rx(unsigned d)
{
    struct virtqueue *q = &devs[d].rx;
    uint32_t w = q->last_written;
    if (w == 0)
        return;
    if (w < VIRTIO_NET_HDR_LEN + NETSWITCH_MIN_FRAME || w > VIRTIO_NET_HDR_LEN + NETSWITCH_MAX_FRAME)
        abort();
    /* The guest may alias its own segments; then the bytes it reads back
     * are its own problem and only the length is checked. */
    const struct vq_chain *c = q->last;
    for (unsigned i = 0; i < c->nsegs; i++)
        for (unsigned j = i + 1; j < c->nsegs; j++)
            if (c->seg[i].write && c->seg[j].write &&
                c->seg[i].gpa < c->seg[j].gpa + c->seg[j].len &&
                c->seg[j].gpa < c->seg[i].gpa + c->seg[i].len)
                return;
    uint8_t buf[VIRTIO_NET_HDR_LEN + NETSWITCH_MAX_FRAME];
    if (copy(c, true, false, 0, buf, w) != (int)w)
        abort();
    static const uint8_t hdr[VIRTIO_NET_HDR_LEN] = {[10] = 1};
    if (memcmp(buf, hdr, sizeof hdr) != 0 ||
        memcmp(buf + VIRTIO_NET_HDR_LEN + 6, devs[!d].mac, 6) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mem = malloc(MEM);
    memset(mem, 0, MEM);
    size_t m = size < MEM / 2 ? size : MEM / 2;
    memcpy(mem, data, m);
    netswitch_init(&sw);
    for (unsigned d = 0; d < 2; d++) {
        struct dev *v = &devs[d];
        memset(&v->rx, 0, sizeof v->rx);
        memset(&v->tx, 0, sizeof v->tx);
        memset(&v->port, 0, sizeof v->port);
        static const uint8_t base[6] = {0x52, 0x54, 0, 0, 0, 0};
        memcpy(v->mac, base, 6);
        v->mac[5] = (uint8_t)d;
        if (netswitch_attach(&sw, &v->port, v->mac, NULL, NULL) != (int)d ||
            virtio_net_init(&v->net, v->mac, &v->port) != QV_OK)
            abort();
        virtio_net_attach_queue(&v->net, VIRTIO_NET_RXQ, &v->rx);
        virtio_net_attach_queue(&v->net, VIRTIO_NET_TXQ, &v->tx);
        v->net.be.activate(&v->net, v->net.be.features);
    }
    /* Ops: [op][nsegs][segs...]; op bit 0 = device, bits 1-2 = action. */
    size_t p = 0;
    while (p + 2 <= size) {
        unsigned d = data[p] & 1, act = (data[p] >> 1) & 3, n = data[p + 1] % 9;
        p += 2;
        struct dev *v = &devs[d];
        if (act == 3) {
            v->net.be.reset(&v->net);
            v->net.be.activate(&v->net, 0);
            continue;
        }
        struct virtqueue *q = act == 0 ? &v->tx : &v->rx;
        struct vq_seg segs[8];
        unsigned nr = 0;
        for (unsigned i = 0; i < n && p + 4 <= size; i++, p += 4) {
            uint32_t gpa = (data[p] | data[p + 1] << 8) % MEM;
            uint32_t l = data[p + 2] | (data[p + 3] & 0x7f) << 8;
            segs[nr].gpa = gpa;
            segs[nr].len = l % (MEM - gpa + 1);
            segs[nr].write = data[p + 3] & 0x80;
            nr++;
        }
        /* One chain per queue at a time, so the used entry can be checked. */
        q->n = q->next = 0;
        struct vq_chain *c = &q->c[q->n++];
        memset(c, 0, sizeof *c);
        for (int pass = 0; pass < 2; pass++)
            for (unsigned i = 0; i < nr; i++)
                if (segs[i].write == (pass == 1)) {
                    c->seg[c->nsegs++] = segs[i];
                    if (segs[i].write)
                        c->out_len += segs[i].len;
                    else
                        c->in_len += segs[i].len;
                }
        unsigned before = q->used;
        if (act == 0) {
            v->net.be.queue_notify(&v->net, VIRTIO_NET_TXQ);
            if (q->used != before + 1 || q->last_written != 0)
                abort();
        } else {
            v->net.be.queue_notify(&v->net, VIRTIO_NET_RXQ);
            if (q->used == before + 1)
                check_rx(d);
            else if (q->used != before || netswitch_port_pending(&v->port) != 0)
                abort(); /* a frame waiting and a buffer posted: it must be used */
        }
        for (unsigned k = 0; k < 2; k++)
            if (netswitch_port_pending(&devs[k].port) > NETSWITCH_PORT_QLEN)
                abort();
    }
    netswitch_detach(&devs[0].port);
    netswitch_detach(&devs[1].port);
    free(mem);
    return 0;
}
