/* virtio-console, single port (VirtIO 1.1 §5.3.6): bytes the guest puts in
 * transmitq0 go to the VM console; host input is buffered and written into the
 * buffers the guest posts on receiveq0. */
#include "devices/virtio/virtio_console.h"
#include "lib/errors.h"
#include "lib/string.h"

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t con_config_read(void *dev, uint32_t off, unsigned size)
{
    struct virtio_console *c = dev;
    uint8_t cfg[VIRTIO_CONSOLE_CFG_LEN] = {0};
    uint32_t v = 0;
    put_le(cfg + 0, c->cols, 2);
    put_le(cfg + 2, c->rows, 2);
    put_le(cfg + 4, 1, 4); /* max_nr_ports; only meaningful with MULTIPORT */
    /* emerg_wr (offset 8) is write-only: reads return 0. */
    if (size > 4 || off >= VIRTIO_CONSOLE_CFG_LEN || size > VIRTIO_CONSOLE_CFG_LEN - off)
        return 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)cfg[off + i] << (8 * i);
    return v;
}

/* §5.3.4: writing emerg_wr outputs its low byte on port 0, usable before the
 * queues are set up (early boot messages). */
static void con_config_write(void *dev, uint32_t off, unsigned size, uint32_t value)
{
    struct virtio_console *c = dev;
    if (off == 8 && size >= 1 && size <= 4) {
        uint8_t ch = (uint8_t)value;
        c->output(c->output_ctx, &ch, 1);
        c->stats.tx_bytes++;
    }
}

static void con_notify(void *dev, unsigned qi)
{
    if (qi == VIRTIO_CONSOLE_RXQ)
        (void)virtio_console_poll(dev);
    else if (qi == VIRTIO_CONSOLE_TXQ)
        (void)virtio_console_transmit(dev);
}

static void con_activate(void *dev, uint64_t features)
{
    struct virtio_console *c = dev;
    c->features = features;
    c->active = true;
    /* Input that arrived before the driver was ready goes out now if the
     * guest already posted buffers. */
    (void)virtio_console_poll(c);
}

/* Buffered input survives a reset: it is host data not yet delivered, and a
 * rebooting guest's new driver can still receive it. */
static void con_reset(void *dev)
{
    struct virtio_console *c = dev;
    c->features = 0;
    c->active = false;
}

int virtio_console_init(struct virtio_console *c, virtio_console_out_fn output, void *ctx,
                        uint16_t cols, uint16_t rows)
{
    if (!output)
        return QV_ERR_INVAL;
    memset(c, 0, sizeof *c);
    c->in_lock = (spinlock_t)SPINLOCK_INIT;
    c->output = output;
    c->output_ctx = ctx;
    c->cols = cols;
    c->rows = rows;
    c->be.name = "virtio-console";
    c->be.device_id = VIRTIO_ID_CONSOLE;
    c->be.features = BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_CONSOLE_F_EMERG_WRITE) |
                     (cols && rows ? BIT(VIRTIO_CONSOLE_F_SIZE) : 0);
    c->be.num_queues = 2;
    c->be.queue_max_size = VIRTIO_CONSOLE_QUEUE_SIZE;
    c->be.config_read = con_config_read;
    c->be.config_write = con_config_write;
    c->be.queue_notify = con_notify;
    c->be.activate = con_activate;
    c->be.reset = con_reset;
    return QV_OK;
}

int virtio_console_attach_queue(struct virtio_console *c, unsigned qi, struct virtqueue *q)
{
    if (qi == VIRTIO_CONSOLE_RXQ)
        c->rxq = q;
    else if (qi == VIRTIO_CONSOLE_TXQ)
        c->txq = q;
    else
        return QV_ERR_INVAL;
    return QV_OK;
}

void virtio_console_set_kick(struct virtio_console *c, void (*kick)(void *ctx), void *ctx)
{
    c->kick = kick;
    c->kick_ctx = ctx;
}

size_t virtio_console_input(struct virtio_console *c, const uint8_t *buf, size_t n)
{
    size_t taken;
    spin_lock(&c->in_lock);
    taken = MIN(n, (size_t)(VIRTIO_CONSOLE_INBUF - c->in_count));
    for (size_t i = 0; i < taken; i++)
        c->in_buf[(c->in_head + c->in_count + i) % VIRTIO_CONSOLE_INBUF] = buf[i];
    c->in_count += (uint32_t)taken;
    c->stats.in_dropped += n - taken;
    spin_unlock(&c->in_lock);
    if (taken && c->kick)
        c->kick(c->kick_ctx);
    return taken;
}

/* Take up to max buffered bytes out of the ring into c->io. */
static uint32_t in_take(struct virtio_console *c, uint32_t max)
{
    spin_lock(&c->in_lock);
    uint32_t n = MIN(max, c->in_count);
    for (uint32_t i = 0; i < n; i++)
        c->io[i] = c->in_buf[(c->in_head + i) % VIRTIO_CONSOLE_INBUF];
    c->in_head = (c->in_head + n) % VIRTIO_CONSOLE_INBUF;
    c->in_count -= n;
    spin_unlock(&c->in_lock);
    return n;
}

static bool in_empty(struct virtio_console *c)
{
    spin_lock(&c->in_lock);
    bool e = c->in_count == 0;
    spin_unlock(&c->in_lock);
    return e;
}

int virtio_console_poll(struct virtio_console *c)
{
    struct vq_chain *ch = &c->chain;
    int total = 0, r = 0, pushed = 0;
    if (!c->active || !c->rxq)
        return 0;
    /* One receive buffer per pass; the ring holds at most INBUF bytes, so
     * this ends after at most INBUF buffers. */
    while (!in_empty(c)) {
        r = vq_pop(c->rxq, ch);
        if (r <= 0)
            break;
        /* §5.3.6.1: receive buffers are device-writable. A chain with no
         * writable room is returned unused rather than guessed at. */
        uint32_t n = in_take(c, MIN(ch->out_len, (uint32_t)sizeof c->io));
        if (n == 0)
            c->stats.bad_chains++;
        if (n && vq_chain_write(c->rxq, ch, 0, c->io, n) != (int)n) {
            c->stats.bad_chains++;
            n = 0;
        }
        r = vq_push(c->rxq, ch, n);
        pushed++;
        if (r < 0)
            break;
        c->stats.rx_bytes += n;
        total += (int)n;
    }
    if (pushed)
        vq_notify_guest(c->rxq);
    return r < 0 ? r : total;
}

int virtio_console_transmit(struct virtio_console *c)
{
    struct vq_chain *ch = &c->chain;
    int total = 0, r = 0, pushed = 0;
    if (!c->active || !c->txq)
        return 0;
    for (unsigned k = 0; k < 4u * VIRTQ_MAX_SIZE; k++) {
        r = vq_pop(c->txq, ch);
        if (r <= 0)
            break;
        /* §5.3.6.1: transmit buffers are device-readable; a writable part is
         * ignored. Copy out in io-sized pieces. */
        for (uint32_t off = 0; off < ch->in_len;) {
            uint32_t n = MIN(ch->in_len - off, (uint32_t)sizeof c->io);
            int got = vq_chain_read(c->txq, ch, off, c->io, n);
            if (got <= 0) {
                c->stats.bad_chains++;
                break;
            }
            c->output(c->output_ctx, c->io, (size_t)got);
            c->stats.tx_bytes += (uint32_t)got;
            total += got;
            off += (uint32_t)got;
        }
        r = vq_push(c->txq, ch, 0);
        pushed++;
        if (r < 0)
            break;
    }
    if (pushed)
        vq_notify_guest(c->txq);
    return r < 0 ? r : total;
}
