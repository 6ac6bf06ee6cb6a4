/* virtio-blk back-end (VirtIO 1.1 §5.2) over a disk image held in hypervisor
 * memory (a boot module). One request queue; requests IN, OUT, FLUSH, GET_ID.
 *
 * The VM builder:
 *     static struct virtio_blk blk;
 *     virtio_blk_init(&blk, image, image_len, read_only, "qv-disk0");
 *     hand &blk.be and &blk (the `dev` argument) to the transport;
 *     virtio_blk_attach_queue(&blk, 0, virtio_mmio_queue(&mmio, 0));
 *     virtio_blk_set_fault_hook(&blk, needs_reset, &mmio);
 * (needs_reset(ctx, err) calls virtio_mmio_set_needs_reset(ctx, err)).
 * Calls into one device must be serialised (the transport's per-device lock). */
#ifndef QV_DEVICES_VIRTIO_BLK_H
#define QV_DEVICES_VIRTIO_BLK_H
#include "devices/virtio/virtio_dev.h"

/* Feature bits (§5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_GEOMETRY 4
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9

/* Request types and status values (§5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_SECTOR 512u
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_HDR_LEN 16   /* le32 type, le32 reserved, le64 sector */
/* seg_max: every segment but the header and the status byte may carry data. */
#define VIRTIO_BLK_SEG_MAX (VQ_MAX_SEGS - 2)
#define VIRTIO_BLK_QUEUE_SIZE 256
/* Configuration layout up to and including blk_size (§5.2.4). */
#define VIRTIO_BLK_CFG_LEN 24

struct virtio_blk_stats {
    uint64_t reads, writes, flushes, get_ids;
    uint64_t ioerr, unsupp, malformed;
    uint64_t bytes_read, bytes_written;
};

struct virtio_blk {
    struct virtio_backend be;     /* give to the transport with dev = this */
    struct virtqueue *vq;
    uint8_t *image;
    uint64_t capacity;            /* 512-byte sectors; trailing partial sector unused */
    bool read_only;
    char id[VIRTIO_BLK_ID_BYTES];
    uint64_t features;            /* negotiated */
    bool active;
    /* A chain without a status byte cannot be answered: the device stops and
     * asks the transport to set DEVICE_NEEDS_RESET (§2.1.2). */
    bool broken;
    void (*fault)(void *ctx, int err);
    void *fault_ctx;
    struct virtio_blk_stats stats;
    uint8_t cfg[VIRTIO_BLK_CFG_LEN];
    struct vq_chain chain;        /* scratch, kept off the stack */
};

/* image: len bytes the guest reads and writes (capacity len / 512 sectors).
 * serial: up to 20 characters returned by GET_ID (NULL: empty). Returns 0 or
 * QV_ERR_INVAL (NULL image with a non-zero length). */
int virtio_blk_init(struct virtio_blk *b, uint8_t *image, uint64_t len, bool read_only,
                    const char *serial);
/* Only queue 0 exists. Returns 0 or QV_ERR_INVAL. */
int virtio_blk_attach_queue(struct virtio_blk *b, unsigned qi, struct virtqueue *q);
/* fn(ctx, QV_ERR_CORRUPT) runs when a chain cannot be answered; with the MMIO
 * transport it wraps virtio_mmio_set_needs_reset(). */
void virtio_blk_set_fault_hook(struct virtio_blk *b, void (*fn)(void *ctx, int err), void *ctx);
/* Serve every available request. Returns the number completed, or
 * QV_ERR_CORRUPT when a malformed chain stopped the device, or the queue's
 * error from vq_pop. */
int virtio_blk_process(struct virtio_blk *b);

#endif
