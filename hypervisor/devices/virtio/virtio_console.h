/* virtio-console back-end (VirtIO 1.1 §5.3): one port, receiveq0 (queue 0,
 * host -> guest) and transmitq0 (queue 1, guest -> host), console size and
 * emergency write in the configuration space. No MULTIPORT.
 *
 * The VM builder:
 *     virtio_console_init(&con, write_to_vm_console, vm, 80, 25);
 *     give &con.be / &con to the transport, attach queues 0 and 1,
 *     virtio_console_set_kick(&con, wake_vm_device_thread, vm)   (optional)
 * Input: virtio_console_input() may be called from any CPU; it buffers the
 * bytes (bounded) and calls the kick hook. virtio_console_poll() then moves
 * them into the guest's receive buffers; like every other entry point it runs
 * serialised with the transport (queue_notify does; other callers hold
 * virtio_mmio_lock()). */
#ifndef QV_DEVICES_VIRTIO_CONSOLE_H
#define QV_DEVICES_VIRTIO_CONSOLE_H
#include "devices/virtio/virtio_dev.h"
#include "lib/spinlock.h"

/* Feature bits (§5.3.3). */
#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

#define VIRTIO_CONSOLE_RXQ 0
#define VIRTIO_CONSOLE_TXQ 1
#define VIRTIO_CONSOLE_QUEUE_SIZE 64
/* Host input held until the guest posts receive buffers; more is dropped. */
#define VIRTIO_CONSOLE_INBUF 4096
/* cols @0, rows @2, max_nr_ports @4, emerg_wr @8 (§5.3.4). */
#define VIRTIO_CONSOLE_CFG_LEN 12

typedef void (*virtio_console_out_fn)(void *ctx, const uint8_t *buf, size_t n);

struct virtio_console_stats {
    uint64_t tx_bytes, rx_bytes, in_dropped, bad_chains;
};

struct virtio_console {
    struct virtio_backend be;
    struct virtqueue *rxq, *txq;
    virtio_console_out_fn output;
    void *output_ctx;
    void (*kick)(void *ctx);
    void *kick_ctx;
    uint16_t cols, rows;
    uint64_t features;
    bool active;

    spinlock_t in_lock;            /* protects in_buf/in_head/in_count/in_dropped */
    uint32_t in_head, in_count;
    uint8_t in_buf[VIRTIO_CONSOLE_INBUF];

    struct virtio_console_stats stats;
    uint8_t io[VIRTIO_CONSOLE_INBUF]; /* copy buffer for both directions */
    struct vq_chain chain;
};

/* output: receives everything the guest transmits (must not be NULL).
 * cols/rows: console size reported with F_SIZE (0, 0: feature not offered). */
int virtio_console_init(struct virtio_console *c, virtio_console_out_fn output, void *ctx,
                        uint16_t cols, uint16_t rows);
/* qi 0 (receiveq0) or 1 (transmitq0). Returns 0 or QV_ERR_INVAL. */
int virtio_console_attach_queue(struct virtio_console *c, unsigned qi, struct virtqueue *q);
void virtio_console_set_kick(struct virtio_console *c, void (*kick)(void *ctx), void *ctx);
/* Host -> guest bytes. Returns how many were buffered (the rest is dropped
 * and counted when the buffer is full). */
size_t virtio_console_input(struct virtio_console *c, const uint8_t *buf, size_t n);
/* Deliver buffered input into posted receive buffers. Returns the bytes
 * delivered or the queue's negative error. */
int virtio_console_poll(struct virtio_console *c);
/* Drain transmitq0 into the output callback. Returns the bytes written out
 * or the queue's negative error. */
int virtio_console_transmit(struct virtio_console *c);

#endif
