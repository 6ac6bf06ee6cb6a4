/* Inter-VM Ethernet switch: learning, flooding, filtering, quotas, bounded
 * port queues, and a two-thread sender/receiver run for the locking. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "devices/netswitch.h"
#include "lib/errors.h"
#include "qtest.h"

static const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void mac_n(uint8_t *m, unsigned n)
{
    static const uint8_t base[6] = {0x52, 0x54, 0x00, 0, 0, 0};
    memcpy(m, base, 6);
    m[4] = (uint8_t)(n >> 8);
    m[5] = (uint8_t)n;
}

static size_t frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint8_t tag, size_t len)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    for (size_t i = 14; i < len; i++)
        f[i] = (uint8_t)(tag + i);
    return len;
}

static struct netswitch_port *new_port(void)
{
    struct netswitch_port *p = calloc(1, sizeof *p);
    QCHECK(p != NULL);
    return p;
}

QTEST(netswitch_attach_limits)
{
    static struct netswitch sw;
    struct netswitch_port *p[NETSWITCH_MAX_PORTS + 1];
    netswitch_init(&sw);
    for (unsigned i = 0; i <= NETSWITCH_MAX_PORTS; i++)
        p[i] = new_port();
    for (unsigned i = 0; i < NETSWITCH_MAX_PORTS; i++)
        QCHECK_EQ(netswitch_attach(&sw, p[i], NULL, NULL, NULL), i);
    QCHECK_EQ(netswitch_attach(&sw, p[NETSWITCH_MAX_PORTS], NULL, NULL, NULL), QV_ERR_NOSPC);
    QCHECK_EQ(netswitch_attach(&sw, p[3], NULL, NULL, NULL), QV_ERR_BUSY);
    netswitch_detach(p[3]);
    QCHECK_EQ(netswitch_attach(&sw, p[NETSWITCH_MAX_PORTS], NULL, NULL, NULL), 3);
    uint8_t f[64];
    frame(f, BCAST, BCAST + 0, 0, 64);
    QCHECK_EQ(netswitch_send(p[3], f, 64), QV_ERR_STATE); /* detached */
    QCHECK_EQ(netswitch_attach(&sw, p[3], BCAST, NULL, NULL), QV_ERR_INVAL);
    for (unsigned i = 0; i <= NETSWITCH_MAX_PORTS; i++)
        free(p[i]);
}

QTEST(netswitch_learns_floods_and_filters)
{
    static struct netswitch sw;
    netswitch_init(&sw);
    struct netswitch_port *a = new_port(), *b = new_port(), *c = new_port();
    uint8_t ma[6], mb[6], mc[6], f[128], g[NETSWITCH_MAX_FRAME];
    mac_n(ma, 1);
    mac_n(mb, 2);
    mac_n(mc, 3);
    QCHECK_EQ(netswitch_attach(&sw, a, NULL, NULL, NULL), 0);
    QCHECK_EQ(netswitch_attach(&sw, b, NULL, NULL, NULL), 1);
    QCHECK_EQ(netswitch_attach(&sw, c, NULL, NULL, NULL), 2);

    /* Unknown unicast floods to every other port, never back. */
    size_t n = frame(f, mb, ma, 1, 100);
    QCHECK_EQ(netswitch_send(a, f, n), 2);
    QCHECK_EQ(netswitch_port_pending(a), 0);
    QCHECK_EQ(netswitch_port_pending(b), 1);
    QCHECK_EQ(netswitch_port_pending(c), 1);
    QCHECK_EQ(netswitch_lookup(&sw, ma), 0);
    QCHECK_EQ(netswitch_port_peek_len(b), 100);
    QCHECK_EQ(netswitch_port_recv(b, g, 99), QV_ERR_NOSPC);  /* stays queued */
    QCHECK_EQ(netswitch_port_recv(b, g, sizeof g), 100);
    QCHECK_MEM(g, f, 100);
    QCHECK_EQ(netswitch_port_recv(b, g, sizeof g), 0);
    netswitch_port_flush(c);
    QCHECK_EQ(netswitch_port_pending(c), 0);

    /* B answers: A is known, so only A gets it; then A->B is unicast too. */
    n = frame(f, ma, mb, 2, 60);
    QCHECK_EQ(netswitch_send(b, f, n), 1);
    QCHECK_EQ(netswitch_port_pending(a), 1);
    QCHECK_EQ(netswitch_port_pending(c), 0);
    n = frame(f, mb, ma, 3, 60);
    QCHECK_EQ(netswitch_send(a, f, n), 1);
    QCHECK_EQ(netswitch_port_pending(b), 1);
    QCHECK_EQ(netswitch_port_pending(c), 0);

    /* Broadcast and multicast flood. */
    n = frame(f, BCAST, mc, 4, 60);
    QCHECK_EQ(netswitch_send(c, f, n), 2);
    uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
    n = frame(f, mcast, mc, 5, 60);
    QCHECK_EQ(netswitch_send(c, f, n), 2);
    QCHECK_EQ(netswitch_port_pending(c), 0);
    QCHECK_EQ(netswitch_port_pending(a), 3);

    /* A frame for a station behind the sending port is filtered. */
    n = frame(f, ma, ma, 6, 60);
    QCHECK_EQ(netswitch_send(a, f, n), 0);

    /* Station moves: after A's address is seen on C, frames go to C. */
    n = frame(f, BCAST, ma, 7, 60);
    QCHECK_EQ(netswitch_send(c, f, n), 2);
    QCHECK_EQ(netswitch_lookup(&sw, ma), 2);

    /* Bad frames: runt, oversized, multicast source. */
    QCHECK_EQ(netswitch_send(a, f, 13), QV_ERR_INVAL);
    QCHECK_EQ(netswitch_send(a, g, NETSWITCH_MAX_FRAME + 1), QV_ERR_INVAL);
    n = frame(f, mb, mcast, 8, 60);
    QCHECK_EQ(netswitch_send(a, f, n), QV_ERR_INVAL);
    struct netswitch_port_stats st;
    netswitch_port_get_stats(a, &st);
    QCHECK_EQ(st.tx_dropped, 3);
    QCHECK_EQ(st.tx_frames, 3);

    /* Detach forgets the port's stations. */
    netswitch_detach(b);
    QCHECK_EQ(netswitch_lookup(&sw, mb), -1);
    free(a);
    free(b);
    free(c);
}

QTEST(netswitch_port_lock_refuses_spoofed_sources)
{
    static struct netswitch sw;
    netswitch_init(&sw);
    struct netswitch_port *a = new_port(), *b = new_port();
    uint8_t ma[6], mb[6], f[64];
    mac_n(ma, 1);
    mac_n(mb, 2);
    QCHECK_EQ(netswitch_attach(&sw, a, ma, NULL, NULL), 0);
    QCHECK_EQ(netswitch_attach(&sw, b, mb, NULL, NULL), 1);
    frame(f, BCAST, mb, 0, 64);   /* A pretends to be B */
    QCHECK_EQ(netswitch_send(a, f, 64), QV_ERR_PERM);
    QCHECK_EQ(netswitch_lookup(&sw, mb), -1);
    QCHECK_EQ(netswitch_port_pending(b), 0);
    frame(f, BCAST, ma, 0, 64);
    QCHECK_EQ(netswitch_send(a, f, 64), 1);
    free(a);
    free(b);
}

QTEST(netswitch_fdb_quota_per_port)
{
    static struct netswitch sw;
    netswitch_init(&sw);
    struct netswitch_port *a = new_port(), *b = new_port();
    uint8_t m[6], f[64];
    QCHECK_EQ(netswitch_attach(&sw, a, NULL, NULL, NULL), 0);
    QCHECK_EQ(netswitch_attach(&sw, b, NULL, NULL, NULL), 1);
    mac_n(m, 999);
    frame(f, BCAST, m, 0, 64);
    QCHECK_EQ(netswitch_send(b, f, 64), 1);
    /* A floods the table with 3x its quota of source addresses. */
    for (unsigned i = 0; i < 3 * NETSWITCH_MACS_PER_PORT; i++) {
        mac_n(m, 100 + i);
        frame(f, BCAST, m, 0, 64);
        netswitch_send(a, f, 64);
        netswitch_port_flush(b);
    }
    unsigned learned = 0;
    for (unsigned i = 0; i < 3 * NETSWITCH_MACS_PER_PORT; i++) {
        mac_n(m, 100 + i);
        if (netswitch_lookup(&sw, m) == 0)
            learned++;
        if (i >= 2 * NETSWITCH_MACS_PER_PORT)  /* the most recent ones stay */
            QCHECK_EQ(netswitch_lookup(&sw, m), 0);
    }
    QCHECK_EQ(learned, NETSWITCH_MACS_PER_PORT);
    mac_n(m, 999);
    QCHECK_EQ(netswitch_lookup(&sw, m), 1);   /* B's entry survived */
    free(a);
    free(b);
}

QTEST(netswitch_port_queue_is_bounded)
{
    static struct netswitch sw;
    netswitch_init(&sw);
    struct netswitch_port *a = new_port(), *b = new_port();
    uint8_t ma[6], mb[6], f[NETSWITCH_MAX_FRAME], g[NETSWITCH_MAX_FRAME];
    mac_n(ma, 1);
    mac_n(mb, 2);
    QCHECK_EQ(netswitch_attach(&sw, a, ma, NULL, NULL), 0);
    QCHECK_EQ(netswitch_attach(&sw, b, mb, NULL, NULL), 1);
    unsigned ok = 0;
    for (unsigned i = 0; i < NETSWITCH_PORT_QLEN + 10; i++) {
        frame(f, mb, ma, (uint8_t)i, NETSWITCH_MAX_FRAME);
        ok += (unsigned)netswitch_send(a, f, NETSWITCH_MAX_FRAME);
    }
    QCHECK_EQ(ok, NETSWITCH_PORT_QLEN);
    QCHECK_EQ(netswitch_port_pending(b), NETSWITCH_PORT_QLEN);
    struct netswitch_port_stats st;
    netswitch_port_get_stats(b, &st);
    QCHECK_EQ(st.rx_dropped, 10);
    QCHECK_EQ(st.rx_queued, NETSWITCH_PORT_QLEN);
    /* The oldest frames are the ones kept, in order. */
    for (unsigned i = 0; i < NETSWITCH_PORT_QLEN; i++) {
        frame(f, mb, ma, (uint8_t)i, NETSWITCH_MAX_FRAME);
        QCHECK_EQ(netswitch_port_recv(b, g, sizeof g), NETSWITCH_MAX_FRAME);
        QCHECK_MEM(g, f, NETSWITCH_MAX_FRAME);
    }
    free(a);
    free(b);
}

/* One CPU sends, another receives: every frame arrives intact and in order,
 * or is counted as dropped. */
struct race { struct netswitch_port *a, *b; unsigned n; unsigned got, bad; };

static void *sender(void *arg)
{
    struct race *r = arg;
    uint8_t f[300], mb[6], ma[6];
    mac_n(ma, 1);
    mac_n(mb, 2);
    for (unsigned i = 0; i < r->n; i++) {
        size_t len = 60 + i % 200;
        frame(f, mb, ma, (uint8_t)i, len);
        memcpy(f + 14, &i, sizeof i);
        netswitch_send(r->a, f, len);
    }
    return NULL;
}

static void *receiver(void *arg)
{
    struct race *r = arg;
    uint8_t g[NETSWITCH_MAX_FRAME];
    unsigned last = 0;
    bool first = true;
    struct netswitch_port_stats st;
    for (;;) {
        int len = netswitch_port_recv(r->b, g, sizeof g);
        if (len > 0) {
            unsigned seq;
            memcpy(&seq, g + 14, sizeof seq);
            if ((size_t)len != 60 + seq % 200 || (!first && seq <= last))
                r->bad++;
            for (int i = 18; i < len; i++)
                if (g[i] != (uint8_t)(seq + i))
                    r->bad++;
            last = seq;
            first = false;
            r->got++;
            continue;
        }
        netswitch_port_get_stats(r->b, &st);
        if (st.rx_queued + st.rx_dropped == r->n && st.rx_delivered == st.rx_queued)
            return NULL;
    }
}

QTEST(netswitch_cross_cpu_delivery)
{
    static struct netswitch sw;
    netswitch_init(&sw);
    struct race r = {new_port(), new_port(), 20000, 0, 0};
    uint8_t ma[6], mb[6], f[64];
    mac_n(ma, 1);
    mac_n(mb, 2);
    QCHECK_EQ(netswitch_attach(&sw, r.a, ma, NULL, NULL), 0);
    QCHECK_EQ(netswitch_attach(&sw, r.b, mb, NULL, NULL), 1);
    frame(f, ma, mb, 0, 64);
    QCHECK_EQ(netswitch_send(r.b, f, 64), 1);  /* teach the switch where B is */
    pthread_t ts, tr;
    QCHECK_EQ(pthread_create(&tr, NULL, receiver, &r), 0);
    QCHECK_EQ(pthread_create(&ts, NULL, sender, &r), 0);
    pthread_join(ts, NULL);
    pthread_join(tr, NULL);
    struct netswitch_port_stats st;
    netswitch_port_get_stats(r.b, &st);
    QCHECK_EQ(r.bad, 0);
    QCHECK_EQ(r.got, st.rx_queued);
    QCHECK_EQ(st.rx_queued + st.rx_dropped, r.n);
    QCHECK(r.got > 0);
    free(r.a);
    free(r.b);
}
