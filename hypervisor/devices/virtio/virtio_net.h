/* virtio-net back-end (VirtIO 1.1 §5.1) attached to a netswitch port:
 * receiveq1 (queue 0) and transmitq1 (queue 1), no control queue, no
 * multiqueue, no offloads. Features: VERSION_1, MAC, STATUS (link up), MTU.
 *
 * The VM builder (caller memory for both structures):
 *     netswitch_attach(&sw, &port, mac, kick, vm)     kick: make VM run virtio_net_poll
 *     virtio_net_init(&net, mac, &port);
 *     give &net.be / &net to the transport, attach queues 0 and 1.
 * Transmit happens on the guest's notification of queue 1. Frames other VMs
 * send wait (bounded) in the port's queue until virtio_net_poll() or the
 * guest's notification of queue 0 copies them into posted receive buffers;
 * both run serialised with the transport (a caller outside queue_notify holds
 * virtio_mmio_lock()). The kick runs on the sender's CPU under the switch
 * lock: it should only signal the receiving VM. */
#ifndef QV_DEVICES_VIRTIO_NET_H
#define QV_DEVICES_VIRTIO_NET_H
#include "devices/netswitch.h"
#include "devices/virtio/virtio_dev.h"

/* Feature bits (§5.1.3). */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1

/* struct virtio_net_hdr (§5.1.6): flags, gso_type, le16 hdr_len, gso_size,
 * csum_start, csum_offset, num_buffers; 12 bytes with VERSION_1. */
#define VIRTIO_NET_HDR_LEN 12
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_GSO_NONE 0

#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1
#define VIRTIO_NET_QUEUE_SIZE 256
/* Largest frame (Ethernet header included) either way; config mtu is the
 * payload size, 1500. */
#define VIRTIO_NET_MAX_FRAME NETSWITCH_MAX_FRAME
#define VIRTIO_NET_MTU 1500
/* mac @0, le16 status @6, le16 max_virtqueue_pairs @8, le16 mtu @10 (§5.1.4). */
#define VIRTIO_NET_CFG_LEN 12

struct virtio_net_stats {
    uint64_t tx_frames, tx_bad_header, tx_bad_length, tx_refused;
    uint64_t rx_frames, rx_small_buffer;
};

struct virtio_net {
    struct virtio_backend be;
    struct virtqueue *rxq, *txq;
    struct netswitch_port *port;
    uint8_t mac[ETH_ALEN];
    uint64_t features;
    bool active;
    struct virtio_net_stats stats;
    struct vq_chain chain;
    uint8_t frame[VIRTIO_NET_MAX_FRAME];
};

/* mac: the guest's station address, also given to netswitch_attach so the
 * port refuses other sources. port: attached (or attached later) port. */
int virtio_net_init(struct virtio_net *n, const uint8_t mac[ETH_ALEN],
                    struct netswitch_port *port);
int virtio_net_attach_queue(struct virtio_net *n, unsigned qi, struct virtqueue *q);
/* Send what the guest queued on transmitq1. Returns frames handed to the
 * switch, or the queue's negative error. */
int virtio_net_transmit(struct virtio_net *n);
/* Move frames waiting in the port into posted receive buffers. Returns the
 * frames delivered, or the queue's negative error. */
int virtio_net_poll(struct virtio_net *n);

#endif
