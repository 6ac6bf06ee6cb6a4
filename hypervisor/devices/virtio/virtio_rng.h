/* virtio-rng (entropy device) back-end, VirtIO 1.1 §5.4: one request queue
 * whose device-writable buffers are filled with random bytes from a callback.
 *
 * The VM builder passes the entropy source, normally the PQC DRBG:
 *     static int drbg(void *ctx, uint8_t *b, size_t n) { (void)ctx; return pqc_random(b, n); }
 *     virtio_rng_init(&rng, drbg, NULL);
 * then gives &rng.be / &rng to the transport and attaches queue 0. */
#ifndef QV_DEVICES_VIRTIO_RNG_H
#define QV_DEVICES_VIRTIO_RNG_H
#include "devices/virtio/virtio_dev.h"

/* Bytes handed out per request at most (§5.4.6.1 lets the device use less
 * than the whole buffer). */
#define VIRTIO_RNG_MAX_REQ 4096u
#define VIRTIO_RNG_QUEUE_SIZE 64

/* Fill buf with n random bytes; 0 or a negative error (nothing is used). */
typedef int (*virtio_rng_entropy_fn)(void *ctx, uint8_t *buf, size_t n);

struct virtio_rng_stats {
    uint64_t requests, bytes, source_failures, empty_chains;
};

struct virtio_rng {
    struct virtio_backend be;
    struct virtqueue *vq;
    virtio_rng_entropy_fn get_entropy;
    void *entropy_ctx;
    bool active;
    /* A popped request the source could not serve yet; retried first on
     * the next notification (never answered with non-random bytes). */
    bool pending;
    struct virtio_rng_stats stats;
    struct vq_chain chain;
    uint8_t buf[VIRTIO_RNG_MAX_REQ];
};

int virtio_rng_init(struct virtio_rng *r, virtio_rng_entropy_fn fn, void *ctx);
int virtio_rng_attach_queue(struct virtio_rng *r, unsigned qi, struct virtqueue *q);
/* Serve available requests; returns the number completed, or a negative
 * error (queue error, or the entropy source's error with the request kept
 * pending). */
int virtio_rng_process(struct virtio_rng *r);

#endif
