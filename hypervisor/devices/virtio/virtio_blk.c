/* virtio-blk request handling (VirtIO 1.1 §5.2.6). Every field of a request
 * comes from the guest and is checked before use; the only memory touched is
 * the image (within capacity) and the guest's own buffers through the queue's
 * copy helpers. */
#include "devices/virtio/virtio_blk.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t blk_config_read(void *dev, uint32_t off, unsigned size)
{
    struct virtio_blk *b = dev;
    uint32_t v = 0;
    if (size > 4 || off >= VIRTIO_BLK_CFG_LEN || size > VIRTIO_BLK_CFG_LEN - off)
        return 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)b->cfg[off + i] << (8 * i);
    return v;
}

/* Every field we expose is read-only (writeback needs F_CONFIG_WCE, §5.2.4). */
static void blk_config_write(void *dev, uint32_t off, unsigned size, uint32_t value)
{
    (void)dev; (void)off; (void)size; (void)value;
}

static void blk_notify(void *dev, unsigned qi)
{
    if (qi == 0)
        (void)virtio_blk_process(dev);
}

static void blk_activate(void *dev, uint64_t features)
{
    struct virtio_blk *b = dev;
    b->features = features;
    b->active = true;
}

static void blk_reset(void *dev)
{
    struct virtio_blk *b = dev;
    b->features = 0;
    b->active = false;
    b->broken = false;
}

int virtio_blk_init(struct virtio_blk *b, uint8_t *image, uint64_t len, bool read_only,
                    const char *serial)
{
    if (!image && len)
        return QV_ERR_INVAL;
    memset(b, 0, sizeof *b);
    b->image = image;
    b->capacity = len / VIRTIO_BLK_SECTOR;
    b->read_only = read_only;
    for (unsigned i = 0; serial && i < VIRTIO_BLK_ID_BYTES && serial[i]; i++)
        b->id[i] = serial[i];

    /* §5.2.4: capacity @0, size_max @8, seg_max @12, geometry @16, blk_size @20. */
    put_le(b->cfg + 0, b->capacity, 8);
    put_le(b->cfg + 12, VIRTIO_BLK_SEG_MAX, 4);
    put_le(b->cfg + 20, VIRTIO_BLK_SECTOR, 4);

    b->be.name = "virtio-blk";
    b->be.device_id = VIRTIO_ID_BLOCK;
    b->be.features = BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_BLK_F_SEG_MAX) |
                     BIT(VIRTIO_BLK_F_BLK_SIZE) | BIT(VIRTIO_BLK_F_FLUSH) |
                     (read_only ? BIT(VIRTIO_BLK_F_RO) : 0);
    b->be.num_queues = 1;
    b->be.queue_max_size = VIRTIO_BLK_QUEUE_SIZE;
    b->be.config_read = blk_config_read;
    b->be.config_write = blk_config_write;
    b->be.queue_notify = blk_notify;
    b->be.activate = blk_activate;
    b->be.reset = blk_reset;
    return QV_OK;
}

int virtio_blk_attach_queue(struct virtio_blk *b, unsigned qi, struct virtqueue *q)
{
    if (qi != 0)
        return QV_ERR_INVAL;
    b->vq = q;
    return QV_OK;
}

void virtio_blk_set_fault_hook(struct virtio_blk *b, void (*fn)(void *ctx, int err), void *ctx)
{
    b->fault = fn;
    b->fault_ctx = ctx;
}

/* sector/count (in 512-byte units) lie inside the image; overflow-safe. */
static bool in_range(const struct virtio_blk *b, uint64_t sector, uint64_t count)
{
    return sector <= b->capacity && count <= b->capacity - sector;
}

/* Handle one request whose chain has a writable part (out_len >= 1). Sets
 * *written to the bytes placed in the writable part before the status byte
 * and returns the status (§5.2.6). */
static uint8_t blk_request(struct virtio_blk *b, const struct vq_chain *c, uint32_t *written)
{
    uint8_t hdr[VIRTIO_BLK_HDR_LEN];
    *written = 0;
    /* §5.2.6: the header is device-readable; without it the type is unknown. */
    if (c->in_len < VIRTIO_BLK_HDR_LEN ||
        vq_chain_read(b->vq, c, 0, hdr, VIRTIO_BLK_HDR_LEN) != VIRTIO_BLK_HDR_LEN)
        return VIRTIO_BLK_S_IOERR;
    uint32_t type = le32(hdr);
    uint64_t sector = le32(hdr + 8) | (uint64_t)le32(hdr + 12) << 32;
    uint32_t rd_data = c->in_len - VIRTIO_BLK_HDR_LEN; /* data the driver sends */
    uint32_t wr_data = c->out_len - 1;                 /* room before the status byte */

    switch (type) {
    case VIRTIO_BLK_T_IN: {
        b->stats.reads++;
        /* §5.2.6.1: data length is a multiple of 512; sector counts 512 bytes
         * whatever blk_size says. */
        if (rd_data || wr_data % VIRTIO_BLK_SECTOR ||
            !in_range(b, sector, wr_data / VIRTIO_BLK_SECTOR))
            return VIRTIO_BLK_S_IOERR;
        if (wr_data && vq_chain_write(b->vq, c, 0, b->image + sector * VIRTIO_BLK_SECTOR,
                                      wr_data) != (int)wr_data)
            return VIRTIO_BLK_S_IOERR;
        b->stats.bytes_read += wr_data;
        *written = wr_data;
        return VIRTIO_BLK_S_OK;
    }
    case VIRTIO_BLK_T_OUT:
        b->stats.writes++;
        /* §5.2.6.2: a read-only device fails writes and writes nothing. */
        if (b->read_only || rd_data % VIRTIO_BLK_SECTOR ||
            !in_range(b, sector, rd_data / VIRTIO_BLK_SECTOR))
            return VIRTIO_BLK_S_IOERR;
        if (rd_data && vq_chain_read(b->vq, c, VIRTIO_BLK_HDR_LEN,
                                     b->image + sector * VIRTIO_BLK_SECTOR,
                                     rd_data) != (int)rd_data)
            return VIRTIO_BLK_S_IOERR;
        b->stats.bytes_written += rd_data;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_FLUSH:
        /* The image lives in RAM: every completed write is already in it. */
        b->stats.flushes++;
        return VIRTIO_BLK_S_OK;
    case VIRTIO_BLK_T_GET_ID:
        /* §5.2.6: 20 bytes, NUL-padded when the serial is shorter. */
        b->stats.get_ids++;
        if (wr_data < VIRTIO_BLK_ID_BYTES ||
            vq_chain_write(b->vq, c, 0, b->id, VIRTIO_BLK_ID_BYTES) != VIRTIO_BLK_ID_BYTES)
            return VIRTIO_BLK_S_IOERR;
        *written = VIRTIO_BLK_ID_BYTES;
        return VIRTIO_BLK_S_OK;
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void blk_fail(struct virtio_blk *b, const char *why)
{
    b->stats.malformed++;
    b->broken = true;
    pr_warn("%s\n", why);
    if (b->fault)
        b->fault(b->fault_ctx, QV_ERR_CORRUPT);
}

int virtio_blk_process(struct virtio_blk *b)
{
    struct vq_chain *c = &b->chain;
    int done = 0, r = 0;
    if (b->broken)
        return QV_ERR_CORRUPT;
    /* §3.1.1: no buffer is consumed before DRIVER_OK. */
    if (!b->vq || !b->active)
        return 0;
    /* Bound the work of one notification: a guest adding requests from other
     * vCPUs while we run gets them served by its own notification. */
    for (unsigned n = 0; n < 4u * VIRTQ_MAX_SIZE; n++) {
        r = vq_pop(b->vq, c);
        if (r <= 0)
            break;
        /* §5.2.6: the status byte is the last byte of the device-writable
         * part. With no writable part there is nowhere to report, so the
         * request cannot be completed: the device needs a reset. */
        if (c->out_len == 0) {
            blk_fail(b, "virtio-blk: request without a writable status byte");
            r = QV_ERR_CORRUPT;
            break;
        }
        uint32_t written;
        uint8_t status = blk_request(b, c, &written);
        if (status == VIRTIO_BLK_S_IOERR)
            b->stats.ioerr++;
        else if (status == VIRTIO_BLK_S_UNSUPP)
            b->stats.unsupp++;
        if (status != VIRTIO_BLK_S_OK)
            written = 0;
        if (vq_chain_write(b->vq, c, c->out_len - 1, &status, 1) != 1) {
            blk_fail(b, "virtio-blk: status byte not writable");
            r = QV_ERR_CORRUPT;
            break;
        }
        r = vq_push(b->vq, c, written + 1);
        if (r < 0)
            break;
        done++;
    }
    if (done)
        vq_notify_guest(b->vq);
    return r < 0 ? r : done;
}
