/* virtio-console back-end tests over the fake queue (test_virtio_rng.c). */
#include <string.h>
#include "devices/virtio/virtio_console.h"
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

static uint8_t out[16384];
static size_t out_len;
static unsigned out_calls, kicks;

static void sink(void *ctx, const uint8_t *buf, size_t n)
{
    QCHECK(ctx == &out);
    QCHECK(out_len + n <= sizeof out);
    memcpy(out + out_len, buf, n);
    out_len += n;
    out_calls++;
}

static void kick(void *ctx) { (void)ctx; kicks++; }

static struct virtio_console con;

static void setup(struct virtqueue *rx, struct virtqueue *tx)
{
    out_len = 0;
    out_calls = kicks = 0;
    memset(fq_mem, 0, 65536);
    QCHECK_EQ(virtio_console_init(&con, sink, &out, 80, 25), QV_OK);
    QCHECK_EQ(virtio_console_attach_queue(&con, VIRTIO_CONSOLE_RXQ, rx), QV_OK);
    QCHECK_EQ(virtio_console_attach_queue(&con, VIRTIO_CONSOLE_TXQ, tx), QV_OK);
    QCHECK_EQ(virtio_console_attach_queue(&con, 2, tx), QV_ERR_INVAL);
    virtio_console_set_kick(&con, kick, NULL);
}

QTEST(console_config_features_emergency_write)
{
    struct virtqueue *rx = fq_new(), *tx = fq_new();
    setup(rx, tx);
    QCHECK_EQ(con.be.device_id, VIRTIO_ID_CONSOLE);
    QCHECK_EQ(con.be.num_queues, 2);
    QCHECK(con.be.features & BIT(VIRTIO_CONSOLE_F_SIZE));
    QCHECK(con.be.features & BIT(VIRTIO_CONSOLE_F_EMERG_WRITE));
    QCHECK(!(con.be.features & BIT(VIRTIO_CONSOLE_F_MULTIPORT)));
    QCHECK_EQ(con.be.config_read(&con, 0, 2), 80);
    QCHECK_EQ(con.be.config_read(&con, 2, 2), 25);
    QCHECK_EQ(con.be.config_read(&con, 0, 4), 80 | 25 << 16);
    QCHECK_EQ(con.be.config_read(&con, 10, 4), 0);
    /* Emergency write works before DRIVER_OK (§5.3.4). */
    con.be.config_write(&con, 8, 4, 0x1234 | 'Q');
    con.be.config_write(&con, 4, 4, 'X');  /* max_nr_ports: read-only */
    QCHECK_EQ(out_len, 1);
    QCHECK_EQ(out[0], (uint8_t)(0x1234 | 'Q'));
    QCHECK_EQ(virtio_console_init(&con, NULL, NULL, 0, 0), QV_ERR_INVAL);
    QCHECK_EQ(virtio_console_init(&con, sink, &out, 0, 0), QV_OK);
    QCHECK(!(con.be.features & BIT(VIRTIO_CONSOLE_F_SIZE)));
    fq_free(rx);
    fq_free(tx);
}

QTEST(console_transmit_reaches_the_output)
{
    struct virtqueue *rx = fq_new(), *tx = fq_new();
    setup(rx, tx);
    memcpy(fq_mem + 100, "hello, ", 7);
    memcpy(fq_mem + 5000, "world\n", 6);
    struct fq_seg a[] = {{100, 7, false}, {5000, 6, false}};
    fq_add(tx, a, 2);
    con.be.queue_notify(&con, VIRTIO_CONSOLE_TXQ);
    QCHECK_EQ(out_len, 0);  /* not before DRIVER_OK */
    QCHECK_EQ(fq_avail(tx), 1);
    con.be.activate(&con, con.be.features);
    con.be.queue_notify(&con, VIRTIO_CONSOLE_TXQ);
    QCHECK_EQ(out_len, 13);
    QCHECK_MEM(out, "hello, world\n", 13);
    QCHECK_EQ(fq_used(tx), 1);
    QCHECK_EQ(fq_used_len(tx, 0), 0);
    QCHECK_EQ(fq_notifies(tx), 1);
    /* A long buffer goes out whole, in pieces. */
    for (unsigned i = 0; i < 10000; i++)
        fq_mem[20000 + i] = (uint8_t)i;
    struct fq_seg b[] = {{20000, 10000, false}, {100, 4, true}};
    fq_add(tx, b, 2);
    QCHECK_EQ(virtio_console_transmit(&con), 10000);
    QCHECK_EQ(out_len, 13 + 10000);
    QCHECK_MEM(out + 13, fq_mem + 20000, 10000);
    QCHECK_EQ(fq_used_len(tx, 1), 0);
    QCHECK_EQ(con.stats.tx_bytes, 10013);
    fq_free(rx);
    fq_free(tx);
}

QTEST(console_input_before_buffers_are_posted)
{
    struct virtqueue *rx = fq_new(), *tx = fq_new();
    setup(rx, tx);
    QCHECK_EQ(virtio_console_input(&con, (const uint8_t *)"hello", 5), 5);
    QCHECK_EQ(kicks, 1);
    con.be.activate(&con, con.be.features);   /* no buffers yet: kept */
    QCHECK_EQ(virtio_console_poll(&con), 0);
    QCHECK_EQ(fq_used(rx), 0);
    struct fq_seg a[] = {{300, 3, true}};
    struct fq_seg b[] = {{400, 8, true}};
    struct fq_seg c[] = {{500, 8, true}};
    fq_add(rx, a, 1);
    fq_add(rx, b, 1);
    fq_add(rx, c, 1);
    con.be.queue_notify(&con, VIRTIO_CONSOLE_RXQ);
    QCHECK_EQ(fq_used(rx), 2);
    QCHECK_EQ(fq_used_len(rx, 0), 3);
    QCHECK_EQ(fq_used_len(rx, 1), 2);
    QCHECK_MEM(fq_mem + 300, "hel", 3);
    QCHECK_MEM(fq_mem + 400, "lo", 2);
    QCHECK_EQ(fq_mem[402], 0);
    QCHECK_EQ(fq_avail(rx), 1);            /* third buffer still posted */
    QCHECK_EQ(fq_notifies(rx), 1);
    /* Later input goes into the buffer already waiting. */
    QCHECK_EQ(virtio_console_input(&con, (const uint8_t *)"ok", 2), 2);
    QCHECK_EQ(virtio_console_poll(&con), 2);
    QCHECK_MEM(fq_mem + 500, "ok", 2);
    QCHECK_EQ(fq_used_len(rx, 2), 2);
    QCHECK_EQ(con.stats.rx_bytes, 7);
    fq_free(rx);
    fq_free(tx);
}

QTEST(console_input_is_bounded_and_wraps)
{
    struct virtqueue *rx = fq_new(), *tx = fq_new();
    setup(rx, tx);
    static uint8_t big[VIRTIO_CONSOLE_INBUF + 1000];
    for (unsigned i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 13);
    QCHECK_EQ(virtio_console_input(&con, big, sizeof big), VIRTIO_CONSOLE_INBUF);
    QCHECK_EQ(con.stats.in_dropped, 1000);
    QCHECK_EQ(virtio_console_input(&con, big, 1), 0);
    QCHECK_EQ(con.stats.in_dropped, 1001);
    con.be.activate(&con, 0);
    /* Take 1000 bytes, add 1000 more (wrapping the ring), take the rest. */
    struct fq_seg a[] = {{0, 1000, true}};
    fq_add(rx, a, 1);
    QCHECK_EQ(virtio_console_poll(&con), 1000);
    QCHECK_MEM(fq_mem, big, 1000);
    QCHECK_EQ(virtio_console_input(&con, big + 7, 1000), 1000);
    struct fq_seg b[] = {{8192, 2000, true}, {16384, 8192, true}};
    fq_add(rx, b, 2);
    QCHECK_EQ(virtio_console_poll(&con), VIRTIO_CONSOLE_INBUF);
    QCHECK_MEM(fq_mem + 8192, big + 1000, 2000);
    QCHECK_MEM(fq_mem + 16384, big + 3000, VIRTIO_CONSOLE_INBUF - 3000);
    QCHECK_MEM(fq_mem + 16384 + VIRTIO_CONSOLE_INBUF - 3000, big + 7, 1000);
    QCHECK_EQ(fq_used_len(rx, 1), VIRTIO_CONSOLE_INBUF);
    /* A receive chain with no writable room is returned empty. */
    QCHECK_EQ(virtio_console_input(&con, big, 4), 4);
    struct fq_seg c[] = {{0, 16, false}};
    fq_add(rx, c, 1);
    QCHECK_EQ(virtio_console_poll(&con), 0);
    QCHECK_EQ(fq_used_len(rx, 2), 0);
    QCHECK_EQ(con.stats.bad_chains, 1);
    fq_free(rx);
    fq_free(tx);
}
