/* virtio-rng request handling (VirtIO 1.1 §5.4.6). */
#include "devices/virtio/virtio_rng.h"
#include "lib/errors.h"
#include "lib/string.h"

/* §5.4.4: no configuration space. */
static uint32_t rng_config_read(void *dev, uint32_t off, unsigned size)
{
    (void)dev; (void)off; (void)size;
    return 0;
}

static void rng_config_write(void *dev, uint32_t off, unsigned size, uint32_t value)
{
    (void)dev; (void)off; (void)size; (void)value;
}

static void rng_notify(void *dev, unsigned qi)
{
    if (qi == 0)
        (void)virtio_rng_process(dev);
}

static void rng_activate(void *dev, uint64_t features)
{
    (void)features;
    ((struct virtio_rng *)dev)->active = true;
}

static void rng_reset(void *dev)
{
    struct virtio_rng *r = dev;
    r->active = false;
    r->pending = false;
}

int virtio_rng_init(struct virtio_rng *r, virtio_rng_entropy_fn fn, void *ctx)
{
    if (!fn)
        return QV_ERR_INVAL;
    memset(r, 0, sizeof *r);
    r->get_entropy = fn;
    r->entropy_ctx = ctx;
    r->be.name = "virtio-rng";
    r->be.device_id = VIRTIO_ID_RNG;
    r->be.features = BIT(VIRTIO_F_VERSION_1); /* §5.4.3: no device features */
    r->be.num_queues = 1;
    r->be.queue_max_size = VIRTIO_RNG_QUEUE_SIZE;
    r->be.config_read = rng_config_read;
    r->be.config_write = rng_config_write;
    r->be.queue_notify = rng_notify;
    r->be.activate = rng_activate;
    r->be.reset = rng_reset;
    return QV_OK;
}

int virtio_rng_attach_queue(struct virtio_rng *r, unsigned qi, struct virtqueue *q)
{
    if (qi != 0)
        return QV_ERR_INVAL;
    r->vq = q;
    return QV_OK;
}

/* Answer r->chain. Returns 1 when used, or the source's error (kept pending). */
static int rng_serve(struct virtio_rng *r)
{
    struct vq_chain *c = &r->chain;
    /* §5.4.6.1: the device fills device-writable buffers; readable parts
     * carry nothing for it. */
    uint32_t n = MIN(c->out_len, VIRTIO_RNG_MAX_REQ);
    if (n) {
        int e = r->get_entropy(r->entropy_ctx, r->buf, n);
        if (e < 0) {
            r->stats.source_failures++;
            r->pending = true;
            qv_memzero_explicit(r->buf, n);
            return e;
        }
        int w = vq_chain_write(r->vq, c, 0, r->buf, n);
        /* The bytes now belong to the guest; keep no copy. */
        qv_memzero_explicit(r->buf, n);
        n = w > 0 ? (uint32_t)w : 0;
    } else {
        r->stats.empty_chains++;
    }
    r->pending = false;
    r->stats.requests++;
    r->stats.bytes += n;
    int p = vq_push(r->vq, c, n);
    return p < 0 ? p : 1;
}

int virtio_rng_process(struct virtio_rng *r)
{
    int done = 0, e = 0;
    if (!r->active || !r->vq)
        return 0;
    if (r->pending) {
        e = rng_serve(r);
        if (e < 0)
            return e;
        done++;
    }
    for (unsigned k = 0; k < 4u * VIRTQ_MAX_SIZE; k++) {
        e = vq_pop(r->vq, &r->chain);
        if (e <= 0)
            break;
        e = rng_serve(r);
        if (e < 0)
            break;
        done++;
    }
    if (done)
        vq_notify_guest(r->vq);
    return e < 0 ? e : done;
}
