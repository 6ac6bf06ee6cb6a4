/* virtio-net tests: two (or three) devices on one switch, each with its own
 * fake receive/transmit queues (test_virtio_rng.c) and its own area of the
 * fake guest memory. */
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_net.h"
#include "lib/errors.h"
#include "qtest.h"

/* Fake queue (defined in test_virtio_rng.c). */
struct fq_seg { uint64_t gpa; uint32_t len; bool write; };
extern uint8_t fq_mem[];
struct virtqueue *fq_new(void);
void fq_free(struct virtqueue *q);
unsigned fq_add(struct virtqueue *q, const struct fq_seg *s, unsigned n);
unsigned fq_used(const struct virtqueue *q);
uint32_t fq_used_len(const struct virtqueue *q, unsigned i);
unsigned fq_notifies(const struct virtqueue *q);
unsigned fq_avail(const struct virtqueue *q);

#define NVM 3
#define AREA 20000u  /* guest memory of VM i starts at i * AREA */

struct vm {
    struct virtio_net net;
    struct netswitch_port port;
    struct virtqueue *rx, *tx;
    uint8_t mac[6];
    unsigned kicks, posted;
};

static struct netswitch sw;
static struct vm *vms[NVM];

static void kick(void *ctx)
{
    struct vm *v = ctx;
    v->kicks++;
    (void)virtio_net_poll(&v->net); /* single-threaded test: run the receive path now */
}

static void setup(unsigned n)
{
    netswitch_init(&sw);
    memset(fq_mem, 0, 65536);
    for (unsigned i = 0; i < n; i++) {
        struct vm *v = vms[i] = calloc(1, sizeof *v);
        QCHECK(v != NULL);
        uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, (uint8_t)(0x10 + i)};
        memcpy(v->mac, mac, 6);
        v->rx = fq_new();
        v->tx = fq_new();
        QCHECK_EQ(netswitch_attach(&sw, &v->port, mac, kick, v), i);
        QCHECK_EQ(virtio_net_init(&v->net, mac, &v->port), QV_OK);
        QCHECK_EQ(virtio_net_attach_queue(&v->net, VIRTIO_NET_RXQ, v->rx), QV_OK);
        QCHECK_EQ(virtio_net_attach_queue(&v->net, VIRTIO_NET_TXQ, v->tx), QV_OK);
        v->net.be.activate(&v->net, v->net.be.features);
    }
}

static void teardown(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        netswitch_detach(&vms[i]->port);
        fq_free(vms[i]->rx);
        fq_free(vms[i]->tx);
        free(vms[i]);
    }
}

/* Post `count` receive buffers of `len` bytes in VM i's area: the k-th
 * buffer ever posted sits at offset 8192 + (k % 6) * 1600. */
static void post_rx(unsigned i, unsigned count, uint32_t len)
{
    for (unsigned k = 0; k < count; k++) {
        unsigned slot = vms[i]->posted++ % 6;
        struct fq_seg s = {i * AREA + 8192 + slot * 1600, len, true};
        fq_add(vms[i]->rx, &s, 1);
    }
}

/* VM i transmits: 12-byte header (flags, gso as given) and an Ethernet frame
 * to dst of `len` bytes, header and frame in separate segments. */
static void send(unsigned i, const uint8_t *dst, uint32_t len, uint8_t flags, uint8_t gso,
                 uint8_t tag)
{
    uint8_t *h = fq_mem + i * AREA, *f = h + 64;
    memset(h, 0, 12);
    h[0] = flags;
    h[1] = gso;
    memcpy(f, dst, 6);
    memcpy(f + 6, vms[i]->mac, 6);
    f[12] = 0x08;
    f[13] = 0x06;
    for (uint32_t k = 14; k < len; k++)
        f[k] = (uint8_t)(tag + k);
    struct fq_seg s[] = {{i * AREA, 12, false}, {i * AREA + 64, len, false}};
    fq_add(vms[i]->tx, s, 2);
    vms[i]->net.be.queue_notify(&vms[i]->net, VIRTIO_NET_TXQ);
}

/* The k-th receive buffer of VM i holds a zero header (num_buffers 1) and
 * the frame VM `from` sent with `tag`. */
static void check_rx(unsigned i, unsigned k, unsigned from, uint32_t len, uint8_t tag)
{
    const uint8_t *b = fq_mem + i * AREA + 8192 + k * 1600;
    static const uint8_t hdr[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    QCHECK_MEM(b, hdr, 12);
    QCHECK_MEM(b + 12 + 6, vms[from]->mac, 6);  /* source address */
    for (uint32_t n = 14; n < len; n++)
        if (b + 12 + n < fq_mem + 65536 && b[12 + n] != (uint8_t)(tag + n)) {
            QCHECK(!"payload differs");
            break;
        }
}

static const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

QTEST(net_config_and_features)
{
    setup(1);
    struct virtio_net *n = &vms[0]->net;
    QCHECK_EQ(n->be.device_id, VIRTIO_ID_NET);
    QCHECK_EQ(n->be.num_queues, 2);
    QCHECK(n->be.features & BIT(VIRTIO_NET_F_MAC));
    QCHECK(n->be.features & BIT(VIRTIO_NET_F_STATUS));
    QCHECK(!(n->be.features & BIT(VIRTIO_NET_F_CSUM)));
    QCHECK(!(n->be.features & BIT(VIRTIO_NET_F_MRG_RXBUF)));
    QCHECK_EQ(n->be.config_read(n, 0, 4), 0x12005452u);
    QCHECK_EQ(n->be.config_read(n, 4, 2), 0x1034);
    QCHECK_EQ(n->be.config_read(n, 6, 2), VIRTIO_NET_S_LINK_UP);
    QCHECK_EQ(n->be.config_read(n, 10, 2), 1500);
    QCHECK_EQ(n->be.config_read(n, 12, 1), 0);
    n->be.config_write(n, 0, 4, 0);
    QCHECK_EQ(n->be.config_read(n, 0, 1), 0x52);
    uint8_t mcast[6] = {1, 2, 3, 4, 5, 6};
    struct virtio_net other;
    QCHECK_EQ(virtio_net_init(&other, mcast, &vms[0]->port), QV_ERR_INVAL);
    QCHECK_EQ(virtio_net_init(&other, vms[0]->mac, NULL), QV_ERR_INVAL);
    QCHECK_EQ(virtio_net_attach_queue(n, 2, NULL), QV_ERR_INVAL);
    teardown(1);
}

QTEST(net_two_vms_exchange_frames)
{
    setup(3);
    post_rx(0, 4, 1600);
    post_rx(1, 4, 1600);
    post_rx(2, 4, 1600);
    /* Broadcast from A reaches B and C, not A. */
    send(0, BCAST, 60, 0, 0, 1);
    QCHECK_EQ(fq_used(vms[0]->tx), 1);
    QCHECK_EQ(fq_used_len(vms[0]->tx, 0), 0);
    QCHECK_EQ(fq_used(vms[0]->rx), 0);
    QCHECK_EQ(fq_used(vms[1]->rx), 1);
    QCHECK_EQ(fq_used(vms[2]->rx), 1);
    QCHECK_EQ(fq_used_len(vms[1]->rx, 0), 12 + 60);
    check_rx(1, 0, 0, 60, 1);
    check_rx(2, 0, 0, 60, 1);
    QCHECK_EQ(fq_notifies(vms[1]->rx), 1);
    /* B answers A by unicast: A has been learned, C sees nothing. */
    send(1, vms[0]->mac, 1514, 0, 0, 2);
    QCHECK_EQ(fq_used(vms[0]->rx), 1);
    QCHECK_EQ(fq_used_len(vms[0]->rx, 0), 12 + 1514);
    check_rx(0, 0, 1, 1514, 2);
    QCHECK_EQ(fq_used(vms[2]->rx), 1);
    /* A to B, now learned both ways. */
    send(0, vms[1]->mac, 100, 0, 0, 3);
    QCHECK_EQ(fq_used(vms[1]->rx), 2);
    check_rx(1, 1, 0, 100, 3);
    QCHECK_EQ(fq_used(vms[2]->rx), 1);
    QCHECK_EQ(vms[0]->net.stats.tx_frames, 2);
    QCHECK_EQ(vms[1]->net.stats.rx_frames, 2);
    teardown(3);
}

QTEST(net_rx_waits_for_buffers_and_port_queue_is_bounded)
{
    setup(2);
    for (unsigned k = 0; k < NETSWITCH_PORT_QLEN + 5; k++)
        send(0, vms[1]->mac, 60, 0, 0, (uint8_t)k);
    QCHECK_EQ(fq_used(vms[0]->tx), NETSWITCH_PORT_QLEN + 5);
    QCHECK_EQ(netswitch_port_pending(&vms[1]->port), NETSWITCH_PORT_QLEN);
    struct netswitch_port_stats st;
    netswitch_port_get_stats(&vms[1]->port, &st);
    QCHECK_EQ(st.rx_dropped, 5);
    /* B posts buffers: the oldest frames arrive, in order. */
    post_rx(1, 3, 1600);
    vms[1]->net.be.queue_notify(&vms[1]->net, VIRTIO_NET_RXQ);
    QCHECK_EQ(fq_used(vms[1]->rx), 3);
    for (unsigned k = 0; k < 3; k++)
        check_rx(1, k, 0, 60, (uint8_t)k);
    QCHECK_EQ(netswitch_port_pending(&vms[1]->port), NETSWITCH_PORT_QLEN - 3);
    /* A device reset drops what was queued for the old driver. */
    vms[1]->net.be.reset(&vms[1]->net);
    QCHECK_EQ(netswitch_port_pending(&vms[1]->port), 0);
    /* Not active: frames wait in the port and no buffer is consumed. */
    post_rx(1, 1, 1600);
    send(0, vms[1]->mac, 60, 0, 0, 9);
    QCHECK_EQ(netswitch_port_pending(&vms[1]->port), 1);
    QCHECK_EQ(fq_avail(vms[1]->rx), 1);
    vms[1]->net.be.activate(&vms[1]->net, 0);
    QCHECK_EQ(virtio_net_poll(&vms[1]->net), 1);
    teardown(2);
}

QTEST(net_bad_transmit_chains_are_dropped)
{
    setup(2);
    post_rx(1, 8, 1600);
    send(0, BCAST, 1515, 0, 0, 1);                          /* oversized */
    send(0, BCAST, 13, 0, 0, 1);                            /* runt */
    send(0, BCAST, 60, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 1);  /* offload not offered */
    send(0, BCAST, 60, 0, 1 /* GSO_TCPV4 */, 1);
    send(0, BCAST, 60, 0, 0x80 /* ECN only */, 1);
    struct fq_seg shorthdr = {0, 11, false};                /* header cut short */
    fq_add(vms[0]->tx, &shorthdr, 1);
    vms[0]->net.be.queue_notify(&vms[0]->net, VIRTIO_NET_TXQ);
    QCHECK_EQ(fq_used(vms[0]->tx), 6);                      /* all returned */
    for (unsigned k = 0; k < 6; k++)
        QCHECK_EQ(fq_used_len(vms[0]->tx, k), 0);
    QCHECK_EQ(fq_used(vms[1]->rx), 0);
    QCHECK_EQ(vms[0]->net.stats.tx_bad_length, 2);
    QCHECK_EQ(vms[0]->net.stats.tx_bad_header, 4);
    QCHECK_EQ(vms[0]->net.stats.tx_frames, 0);
    /* A spoofed source is refused by the port. */
    memcpy(vms[0]->mac, vms[1]->mac, 6);
    send(0, BCAST, 60, 0, 0, 1);
    QCHECK_EQ(vms[0]->net.stats.tx_refused, 1);
    QCHECK_EQ(fq_used(vms[1]->rx), 0);
    teardown(2);
}

QTEST(net_small_receive_buffer_drops_the_frame)
{
    setup(2);
    post_rx(1, 1, 12 + 99);     /* one byte short */
    post_rx(1, 1, 12 + 100);    /* exact fit */
    send(0, vms[1]->mac, 100, 0, 0, 4);
    send(0, vms[1]->mac, 100, 0, 0, 5);
    QCHECK_EQ(fq_used(vms[1]->rx), 2);
    QCHECK_EQ(fq_used_len(vms[1]->rx, 0), 0);
    QCHECK_EQ(fq_used_len(vms[1]->rx, 1), 112);
    check_rx(1, 1, 0, 100, 5);
    QCHECK_EQ(vms[1]->net.stats.rx_small_buffer, 1);
    QCHECK_EQ(vms[1]->net.stats.rx_frames, 1);
    /* Header and frame may be split over several writable segments. */
    struct fq_seg s[] = {{AREA + 30000, 5, true}, {AREA + 30100, 7, true},
                         {AREA + 30200, 100, true}};
    fq_add(vms[1]->rx, s, 3);
    send(0, vms[1]->mac, 100, 0, 0, 6);
    QCHECK_EQ(fq_used_len(vms[1]->rx, 2), 112);
    QCHECK_EQ(fq_mem[AREA + 30100 + 5], 1);   /* num_buffers low byte */
    QCHECK_MEM(fq_mem + AREA + 30200, vms[1]->mac, 6);
    teardown(2);
}
