/* Learning Ethernet switch between VMs (see netswitch.h for the locking and
 * memory-bound design). Forwarding follows the transparent-bridge rules of
 * IEEE 802.1D §7.7-7.9: learn the source address on the receiving port,
 * forward a known unicast destination to its port only, flood group
 * (I/G bit set) and unknown destinations, never send a frame back out of the
 * port it came from. */
#include "devices/netswitch.h"
#include "lib/errors.h"
#include "lib/string.h"

/* Bit 0 of the first octet is the individual/group bit (IEEE 802-2014 §8.2). */
static bool mac_is_group(const uint8_t *mac) { return (mac[0] & 1u) != 0; }

void netswitch_init(struct netswitch *sw)
{
    memset(sw, 0, sizeof *sw);
    sw->lock = (spinlock_t)SPINLOCK_INIT;
}

static void port_queue_reset(struct netswitch_port *p)
{
    spin_lock(&p->qlock);
    p->head = 0;
    p->count = 0;
    spin_unlock(&p->qlock);
}

int netswitch_attach(struct netswitch *sw, struct netswitch_port *p, const uint8_t *mac,
                     void (*kick)(void *ctx), void *kick_ctx)
{
    if (mac && mac_is_group(mac))
        return QV_ERR_INVAL;
    spin_lock(&sw->lock);
    if (p->sw) {
        spin_unlock(&sw->lock);
        return QV_ERR_BUSY;
    }
    unsigned i;
    for (i = 0; i < NETSWITCH_MAX_PORTS; i++)
        if (!sw->ports[i])
            break;
    if (i == NETSWITCH_MAX_PORTS) {
        spin_unlock(&sw->lock);
        return QV_ERR_NOSPC;
    }
    p->qlock = (spinlock_t)SPINLOCK_INIT;
    p->head = 0;
    p->count = 0;
    memset(&p->stats, 0, sizeof p->stats);
    p->mac_locked = mac != NULL;
    if (mac)
        memcpy(p->mac, mac, ETH_ALEN);
    else
        memset(p->mac, 0, ETH_ALEN);
    p->kick = kick;
    p->kick_ctx = kick_ctx;
    p->index = i;
    p->sw = sw;
    sw->ports[i] = p;
    spin_unlock(&sw->lock);
    return (int)i;
}

void netswitch_detach(struct netswitch_port *p)
{
    struct netswitch *sw = p->sw;
    if (!sw)
        return;
    spin_lock(&sw->lock);
    for (unsigned i = 0; i < NETSWITCH_FDB_SIZE; i++)
        if (sw->fdb[i].valid && sw->fdb[i].port == p->index)
            sw->fdb[i].valid = false;
    sw->ports[p->index] = NULL;
    p->sw = NULL;
    spin_unlock(&sw->lock);
    port_queue_reset(p);
}

/* Caller holds sw->lock. */
static int fdb_find(const struct netswitch *sw, const uint8_t *mac)
{
    for (unsigned i = 0; i < NETSWITCH_FDB_SIZE; i++)
        if (sw->fdb[i].valid && memcmp(sw->fdb[i].mac, mac, ETH_ALEN) == 0)
            return (int)i;
    return -1;
}

/* Make room for one more entry of `port` within its quota: returns a free
 * slot, or the port's least recently used entry when the quota is used up.
 * Every port stays within NETSWITCH_MACS_PER_PORT, so the table
 * (NETSWITCH_MAX_PORTS times that) always has a free slot otherwise.
 * Caller holds sw->lock. */
static unsigned fdb_slot_for(struct netswitch *sw, unsigned port)
{
    unsigned used = 0, oldest = 0, free_slot = NETSWITCH_FDB_SIZE;
    uint64_t oldest_stamp = UINT64_MAX;
    for (unsigned i = 0; i < NETSWITCH_FDB_SIZE; i++) {
        const struct netswitch_fdb_entry *e = &sw->fdb[i];
        if (!e->valid) {
            if (free_slot == NETSWITCH_FDB_SIZE)
                free_slot = i;
            continue;
        }
        if (e->port != port)
            continue;
        used++;
        if (e->stamp < oldest_stamp) {
            oldest_stamp = e->stamp;
            oldest = i;
        }
    }
    if (used >= NETSWITCH_MACS_PER_PORT || free_slot == NETSWITCH_FDB_SIZE)
        return oldest;
    return free_slot;
}

/* Caller holds sw->lock; `mac` is an individual address. */
static void fdb_learn(struct netswitch *sw, const uint8_t *mac, unsigned port)
{
    int i = fdb_find(sw, mac);
    sw->clock++;
    if (i >= 0 && sw->fdb[i].port == port) {
        sw->fdb[i].stamp = sw->clock;
        return;
    }
    /* New station, or one that moved to this port: either way it now counts
     * against this port's quota. */
    if (i >= 0)
        sw->fdb[i].valid = false;
    unsigned s = fdb_slot_for(sw, port);
    struct netswitch_fdb_entry *e = &sw->fdb[s];
    memcpy(e->mac, mac, ETH_ALEN);
    e->port = (uint8_t)port;
    e->stamp = sw->clock;
    e->valid = true;
}

/* Copy the frame into p's queue. Caller holds sw->lock (p stays attached). */
static bool port_enqueue(struct netswitch_port *p, const void *frame, size_t len)
{
    bool ok = false;
    spin_lock(&p->qlock);
    if (p->count < NETSWITCH_PORT_QLEN) {
        struct netswitch_frame *f = &p->q[(p->head + p->count) % NETSWITCH_PORT_QLEN];
        memcpy(f->data, frame, len);
        f->len = (uint16_t)len;
        p->count++;
        p->stats.rx_queued++;
        ok = true;
    } else {
        p->stats.rx_dropped++;
    }
    spin_unlock(&p->qlock);
    return ok;
}

static void port_count_tx(struct netswitch_port *p, bool ok)
{
    spin_lock(&p->qlock);
    if (ok)
        p->stats.tx_frames++;
    else
        p->stats.tx_dropped++;
    spin_unlock(&p->qlock);
}

int netswitch_send(struct netswitch_port *from, const void *frame, size_t len)
{
    const uint8_t *eth = frame;
    struct netswitch *sw = from->sw;
    if (!sw)
        return QV_ERR_STATE;
    if (len < NETSWITCH_MIN_FRAME || len > NETSWITCH_MAX_FRAME) {
        port_count_tx(from, false);
        return QV_ERR_INVAL;
    }
    const uint8_t *dst = eth, *src = eth + ETH_ALEN;
    if (mac_is_group(src)) {
        port_count_tx(from, false);
        return QV_ERR_INVAL;
    }
    if (from->mac_locked && memcmp(src, from->mac, ETH_ALEN) != 0) {
        port_count_tx(from, false);
        return QV_ERR_PERM;
    }

    spin_lock(&sw->lock);
    if (from->sw != sw) { /* detached concurrently */
        spin_unlock(&sw->lock);
        return QV_ERR_STATE;
    }
    fdb_learn(sw, src, from->index);
    int target = -1;
    if (!mac_is_group(dst)) {
        int e = fdb_find(sw, dst);
        if (e >= 0)
            target = sw->fdb[e].port;
    }
    int queued = 0;
    if (target >= 0) {
        /* Known station; if it sits behind the sending port the frame is
         * already where it belongs and is filtered (802.1D §7.7.1). */
        struct netswitch_port *p = sw->ports[target];
        if (p && p != from && port_enqueue(p, frame, len)) {
            queued = 1;
            if (p->kick)
                p->kick(p->kick_ctx);
        }
    } else {
        for (unsigned i = 0; i < NETSWITCH_MAX_PORTS; i++) {
            struct netswitch_port *p = sw->ports[i];
            if (!p || p == from || !port_enqueue(p, frame, len))
                continue;
            queued++;
            if (p->kick)
                p->kick(p->kick_ctx);
        }
    }
    spin_unlock(&sw->lock);
    port_count_tx(from, true);
    return queued;
}

unsigned netswitch_port_pending(struct netswitch_port *p)
{
    spin_lock(&p->qlock);
    unsigned n = p->count;
    spin_unlock(&p->qlock);
    return n;
}

size_t netswitch_port_peek_len(struct netswitch_port *p)
{
    spin_lock(&p->qlock);
    size_t n = p->count ? p->q[p->head].len : 0;
    spin_unlock(&p->qlock);
    return n;
}

int netswitch_port_recv(struct netswitch_port *p, void *buf, size_t cap)
{
    int ret = 0;
    spin_lock(&p->qlock);
    if (p->count) {
        struct netswitch_frame *f = &p->q[p->head];
        if (f->len > cap) {
            ret = QV_ERR_NOSPC;
        } else {
            memcpy(buf, f->data, f->len);
            ret = f->len;
            p->head = (p->head + 1) % NETSWITCH_PORT_QLEN;
            p->count--;
            p->stats.rx_delivered++;
        }
    }
    spin_unlock(&p->qlock);
    return ret;
}

void netswitch_port_flush(struct netswitch_port *p) { port_queue_reset(p); }

void netswitch_port_get_stats(struct netswitch_port *p, struct netswitch_port_stats *out)
{
    spin_lock(&p->qlock);
    *out = p->stats;
    spin_unlock(&p->qlock);
}

int netswitch_lookup(struct netswitch *sw, const uint8_t mac[ETH_ALEN])
{
    spin_lock(&sw->lock);
    int e = fdb_find(sw, mac);
    int port = e >= 0 ? sw->fdb[e].port : -1;
    spin_unlock(&sw->lock);
    return port;
}
