/* In-hypervisor learning Ethernet switch connecting the virtio-net ports of
 * different VMs (IEEE 802.1D-style forwarding without spanning tree: one
 * switch, no loops).
 *
 * Safety between VMs on different CPUs:
 *  - frames are copied: the sender's device reads its own guest memory into a
 *    private buffer, netswitch_send() copies that into each destination port's
 *    queue, and the receiver's device copies from its queue into its own guest
 *    memory. No VM's memory is ever touched on behalf of another VM.
 *  - every port queue has its own lock and a fixed number of slots, so a fast
 *    or malicious sender can fill a receiver's queue (further frames are
 *    dropped and counted) but never make the hypervisor allocate memory.
 *  - the forwarding database has a fixed per-port quota, so a VM that sends
 *    from many source addresses only recycles its own entries.
 * Lock order: switch lock, then a port's queue lock. The receiver takes only
 * its queue lock. All memory comes from the caller. */
#ifndef QV_DEVICES_NETSWITCH_H
#define QV_DEVICES_NETSWITCH_H
#include "lib/spinlock.h"
#include "lib/types.h"

#define NETSWITCH_MAX_PORTS 16
#define NETSWITCH_MACS_PER_PORT 16
#define NETSWITCH_FDB_SIZE (NETSWITCH_MAX_PORTS * NETSWITCH_MACS_PER_PORT)
/* 14-byte Ethernet header + 1500-byte payload (no FCS, no VLAN tag). */
#define NETSWITCH_MIN_FRAME 14
#define NETSWITCH_MAX_FRAME 1514
#define NETSWITCH_PORT_QLEN 64
#define ETH_ALEN 6

struct netswitch;

struct netswitch_frame {
    uint16_t len;
    uint8_t data[NETSWITCH_MAX_FRAME];
};

struct netswitch_port_stats {
    uint64_t tx_frames;     /* accepted from this port */
    uint64_t tx_dropped;    /* refused: bad length, spoofed or multicast source */
    uint64_t rx_queued;     /* frames placed in this port's queue */
    uint64_t rx_dropped;    /* frames for this port lost because its queue was full */
    uint64_t rx_delivered;  /* frames taken out by the port's device */
};

struct netswitch_port {
    /* Set by netswitch_attach; NULL while detached. */
    struct netswitch *sw;
    unsigned index;
    /* When locked, frames whose source address differs from `mac` are
     * refused (a VM cannot impersonate another VM's station). */
    bool mac_locked;
    uint8_t mac[ETH_ALEN];
    /* Called (with the switch lock held, no queue lock) after frames were
     * queued for this port, to tell the receiving VM to run its device's
     * receive path. It must not call netswitch_send/attach/detach; it may
     * call netswitch_port_pending/recv. */
    void (*kick)(void *ctx);
    void *kick_ctx;

    spinlock_t qlock;       /* protects head, count, q[], stats */
    uint32_t head;
    uint32_t count;
    struct netswitch_port_stats stats;
    struct netswitch_frame q[NETSWITCH_PORT_QLEN];
};

struct netswitch_fdb_entry {
    uint8_t mac[ETH_ALEN];
    bool valid;
    uint8_t port;
    uint64_t stamp;         /* logical time of the last frame from mac */
};

struct netswitch {
    spinlock_t lock;        /* protects ports[], fdb[], clock */
    uint64_t clock;
    struct netswitch_port *ports[NETSWITCH_MAX_PORTS];
    struct netswitch_fdb_entry fdb[NETSWITCH_FDB_SIZE];
};

void netswitch_init(struct netswitch *sw);

/* Connect `p` (caller memory, zeroed or previously detached) to the first
 * free port. `mac` (may be NULL) locks the port to that source address.
 * Returns the port index, QV_ERR_NOSPC when all ports are taken,
 * QV_ERR_BUSY if `p` is already attached, QV_ERR_INVAL for a multicast mac. */
int netswitch_attach(struct netswitch *sw, struct netswitch_port *p, const uint8_t *mac,
                     void (*kick)(void *ctx), void *kick_ctx);
/* Disconnect: forgets the port's learned addresses and queued frames. */
void netswitch_detach(struct netswitch_port *p);

/* Forward one frame (len NETSWITCH_MIN_FRAME..NETSWITCH_MAX_FRAME) sent by
 * `from`: learn its source address, then queue a copy to the port that owns
 * the destination, or to every other port for broadcast, multicast and
 * unknown destinations. Never back to `from`. Returns the number of ports the
 * frame was queued to (0 if none had room or none other exists),
 * QV_ERR_INVAL for a bad length or multicast source, QV_ERR_PERM for a
 * spoofed source on a locked port, QV_ERR_STATE if `from` is detached. */
int netswitch_send(struct netswitch_port *from, const void *frame, size_t len);

/* Receiver side (the device of the VM that owns the port). */
unsigned netswitch_port_pending(struct netswitch_port *p);
/* Length of the oldest queued frame, or 0 if the queue is empty. */
size_t netswitch_port_peek_len(struct netswitch_port *p);
/* Dequeue the oldest frame into buf (cap >= NETSWITCH_MAX_FRAME always
 * suffices). Returns its length, 0 if the queue is empty, or QV_ERR_NOSPC
 * (frame left queued) if cap is too small. */
int netswitch_port_recv(struct netswitch_port *p, void *buf, size_t cap);
/* Drop every queued frame (device reset). */
void netswitch_port_flush(struct netswitch_port *p);
/* Snapshot of the port's counters. */
void netswitch_port_get_stats(struct netswitch_port *p, struct netswitch_port_stats *out);

/* Port index that learned `mac`, or -1 (diagnostics and tests). */
int netswitch_lookup(struct netswitch *sw, const uint8_t mac[ETH_ALEN]);

#endif
