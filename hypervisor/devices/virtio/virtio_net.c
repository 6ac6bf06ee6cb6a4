/* virtio-net packet paths (VirtIO 1.1 §5.1.6). Transmit strips and checks
 * the header and hands the frame to the switch; receive writes a zeroed
 * header and the frame into one guest buffer. No offloads are offered, so a
 * header asking for checksum or segmentation work is a driver error and the
 * frame is dropped (§5.1.6.2.1: the driver must not request them unless
 * negotiated). */
#include "devices/virtio/virtio_net.h"
#include "lib/errors.h"
#include "lib/string.h"

static uint32_t net_config_read(void *dev, uint32_t off, unsigned size)
{
    struct virtio_net *n = dev;
    uint8_t cfg[VIRTIO_NET_CFG_LEN] = {0};
    uint32_t v = 0;
    memcpy(cfg, n->mac, ETH_ALEN);
    cfg[6] = VIRTIO_NET_S_LINK_UP;          /* status, le16 */
    cfg[8] = 1;                             /* max_virtqueue_pairs (valid with MQ only) */
    cfg[10] = VIRTIO_NET_MTU & 0xff;        /* mtu, le16 */
    cfg[11] = VIRTIO_NET_MTU >> 8;
    if (size > 4 || off >= VIRTIO_NET_CFG_LEN || size > VIRTIO_NET_CFG_LEN - off)
        return 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)cfg[off + i] << (8 * i);
    return v;
}

/* §5.1.4: the driver must not write the configuration; the mac in
 * particular is the address the switch port is locked to. Ignored. */
static void net_config_write(void *dev, uint32_t off, unsigned size, uint32_t value)
{
    (void)dev; (void)off; (void)size; (void)value;
}

static void net_notify(void *dev, unsigned qi)
{
    if (qi == VIRTIO_NET_RXQ)
        (void)virtio_net_poll(dev);
    else if (qi == VIRTIO_NET_TXQ)
        (void)virtio_net_transmit(dev);
}

static void net_activate(void *dev, uint64_t features)
{
    struct virtio_net *n = dev;
    n->features = features;
    n->active = true;
}

/* Frames queued for an old driver instance are stale after a reset. */
static void net_reset(void *dev)
{
    struct virtio_net *n = dev;
    n->features = 0;
    n->active = false;
    if (n->port)
        netswitch_port_flush(n->port);
}

int virtio_net_init(struct virtio_net *n, const uint8_t mac[ETH_ALEN],
                    struct netswitch_port *port)
{
    if (!mac || (mac[0] & 1u) || !port)
        return QV_ERR_INVAL;
    memset(n, 0, sizeof *n);
    memcpy(n->mac, mac, ETH_ALEN);
    n->port = port;
    n->be.name = "virtio-net";
    n->be.device_id = VIRTIO_ID_NET;
    n->be.features = BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_NET_F_MAC) |
                     BIT(VIRTIO_NET_F_STATUS) | BIT(VIRTIO_NET_F_MTU);
    n->be.num_queues = 2;
    n->be.queue_max_size = VIRTIO_NET_QUEUE_SIZE;
    n->be.config_read = net_config_read;
    n->be.config_write = net_config_write;
    n->be.queue_notify = net_notify;
    n->be.activate = net_activate;
    n->be.reset = net_reset;
    return QV_OK;
}

int virtio_net_attach_queue(struct virtio_net *n, unsigned qi, struct virtqueue *q)
{
    if (qi == VIRTIO_NET_RXQ)
        n->rxq = q;
    else if (qi == VIRTIO_NET_TXQ)
        n->txq = q;
    else
        return QV_ERR_INVAL;
    return QV_OK;
}

/* One transmit chain: header + frame in the device-readable part
 * (§5.1.6.2). Returns true if the frame went to the switch. */
static bool net_tx_one(struct virtio_net *n, const struct vq_chain *c)
{
    uint8_t hdr[VIRTIO_NET_HDR_LEN];
    if (c->in_len < VIRTIO_NET_HDR_LEN ||
        vq_chain_read(n->txq, c, 0, hdr, VIRTIO_NET_HDR_LEN) != VIRTIO_NET_HDR_LEN) {
        n->stats.tx_bad_header++;
        return false;
    }
    if ((hdr[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) || hdr[1] != VIRTIO_NET_HDR_GSO_NONE) {
        n->stats.tx_bad_header++;
        return false;
    }
    uint32_t len = c->in_len - VIRTIO_NET_HDR_LEN;
    if (len < NETSWITCH_MIN_FRAME || len > VIRTIO_NET_MAX_FRAME) {
        n->stats.tx_bad_length++;
        return false;
    }
    if (vq_chain_read(n->txq, c, VIRTIO_NET_HDR_LEN, n->frame, len) != (int)len) {
        n->stats.tx_bad_length++;
        return false;
    }
    if (netswitch_send(n->port, n->frame, len) < 0) {
        n->stats.tx_refused++;
        return false;
    }
    n->stats.tx_frames++;
    return true;
}

int virtio_net_transmit(struct virtio_net *n)
{
    int sent = 0, r = 0, pushed = 0;
    if (!n->active || !n->txq)
        return 0;
    for (unsigned k = 0; k < 4u * VIRTQ_MAX_SIZE; k++) {
        r = vq_pop(n->txq, &n->chain);
        if (r <= 0)
            break;
        if (net_tx_one(n, &n->chain))
            sent++;
        /* Transmit buffers are only read: used length 0 (§2.6.8). */
        r = vq_push(n->txq, &n->chain, 0);
        pushed++;
        if (r < 0)
            break;
    }
    if (pushed)
        vq_notify_guest(n->txq);
    return r < 0 ? r : sent;
}

int virtio_net_poll(struct virtio_net *n)
{
    int got = 0, r = 0, pushed = 0;
    if (!n->active || !n->rxq)
        return 0;
    /* Only this device dequeues from its port, so a frame seen pending is
     * still there after the pop below. Frames without a posted buffer stay
     * queued; the switch drops (and counts) what does not fit in the port. */
    while (netswitch_port_pending(n->port)) {
        r = vq_pop(n->rxq, &n->chain);
        if (r <= 0)
            break;
        int len = netswitch_port_recv(n->port, n->frame, sizeof n->frame);
        uint32_t written = 0;
        /* §5.1.6.3: without MRG_RXBUF each packet takes one buffer, which
         * must hold header and frame; a smaller one gets nothing (the frame
         * is dropped rather than truncated). */
        if (len > 0 && n->chain.out_len >= VIRTIO_NET_HDR_LEN + (uint32_t)len) {
            /* §5.1.6.4: no offloads, so flags/gso fields are 0; num_buffers
             * is 1 without MRG_RXBUF. */
            uint8_t hdr[VIRTIO_NET_HDR_LEN] = {0};
            hdr[10] = 1;
            if (vq_chain_write(n->rxq, &n->chain, 0, hdr, sizeof hdr) == (int)sizeof hdr &&
                vq_chain_write(n->rxq, &n->chain, VIRTIO_NET_HDR_LEN, n->frame,
                               (uint32_t)len) == len) {
                written = VIRTIO_NET_HDR_LEN + (uint32_t)len;
                n->stats.rx_frames++;
                got++;
            } else {
                n->stats.rx_small_buffer++;
            }
        } else {
            n->stats.rx_small_buffer++;
        }
        r = vq_push(n->rxq, &n->chain, written);
        pushed++;
        if (r < 0)
            break;
    }
    if (pushed)
        vq_notify_guest(n->rxq);
    return r < 0 ? r : got;
}
