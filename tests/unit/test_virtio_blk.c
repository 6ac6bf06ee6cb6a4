/* virtio-blk back-end tests over the fake queue (test_virtio_rng.c). */
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_blk.h"
#include "lib/errors.h"
#include "qtest.h"

/* Fake queue (defined in test_virtio_rng.c). */
struct fq_seg { uint64_t gpa; uint32_t len; bool write; };
extern uint8_t fq_mem[];
struct virtqueue *fq_new(void);
void fq_free(struct virtqueue *q);
unsigned fq_add(struct virtqueue *q, const struct fq_seg *s, unsigned n);
void fq_set_pop_error(struct virtqueue *q, int err);
unsigned fq_used(const struct virtqueue *q);
unsigned fq_used_head(const struct virtqueue *q, unsigned i);
uint32_t fq_used_len(const struct virtqueue *q, unsigned i);
unsigned fq_notifies(const struct virtqueue *q);
unsigned fq_avail(const struct virtqueue *q);

#define SECTORS 16
#define IMG_LEN (SECTORS * 512)
/* Guest layout: header at 0, status at 64, data buffers from 4096. */
#define HDR 0
#define STATUS 64
#define DATA 4096

static uint8_t img[IMG_LEN], orig[IMG_LEN];
static struct virtio_blk blk;
static unsigned faults;
static int fault_err;

static void on_fault(void *ctx, int err)
{
    (void)ctx;
    faults++;
    fault_err = err;
}

static struct virtqueue *setup(bool ro)
{
    for (unsigned i = 0; i < IMG_LEN; i++)
        img[i] = (uint8_t)(i * 7 + i / 512);
    memcpy(orig, img, IMG_LEN);
    memset(fq_mem, 0xEE, 65536);
    faults = 0;
    struct virtqueue *q = fq_new();
    QCHECK_EQ(virtio_blk_init(&blk, img, IMG_LEN, ro, "qv-disk0"), QV_OK);
    QCHECK_EQ(virtio_blk_attach_queue(&blk, 0, q), QV_OK);
    virtio_blk_set_fault_hook(&blk, on_fault, NULL);
    blk.be.activate(&blk, blk.be.features);
    return q;
}

static void put_hdr(uint32_t type, uint64_t sector)
{
    uint8_t h[16] = {0};
    for (int i = 0; i < 4; i++)
        h[i] = (uint8_t)(type >> (8 * i));
    for (int i = 0; i < 8; i++)
        h[8 + i] = (uint8_t)(sector >> (8 * i));
    memcpy(fq_mem + HDR, h, 16);
}

/* Queue a request: header, then `nd` data segments of `dlen` bytes each
 * (readable for writes, writable otherwise), then the status byte. */
static void add_req(struct virtqueue *q, uint32_t type, uint64_t sector, unsigned nd,
                    uint32_t dlen, bool data_write)
{
    struct fq_seg s[8];
    unsigned n = 0;
    put_hdr(type, sector);
    s[n++] = (struct fq_seg){HDR, 16, false};
    for (unsigned i = 0; i < nd; i++)
        s[n++] = (struct fq_seg){DATA + i * 8192, dlen, data_write};
    s[n++] = (struct fq_seg){STATUS, 1, true};
    fq_add(q, s, n);
}

QTEST(blk_config_and_features)
{
    struct virtqueue *q = setup(false);
    QCHECK_EQ(blk.be.device_id, VIRTIO_ID_BLOCK);
    QCHECK_EQ(blk.be.num_queues, 1);
    QCHECK(blk.be.features & BIT(VIRTIO_BLK_F_SEG_MAX));
    QCHECK(blk.be.features & BIT(VIRTIO_BLK_F_BLK_SIZE));
    QCHECK(blk.be.features & BIT(VIRTIO_BLK_F_FLUSH));
    QCHECK(!(blk.be.features & BIT(VIRTIO_BLK_F_RO)));
    QCHECK_EQ(blk.be.config_read(&blk, 0, 4), SECTORS);     /* capacity low */
    QCHECK_EQ(blk.be.config_read(&blk, 4, 4), 0);           /* capacity high */
    QCHECK_EQ(blk.be.config_read(&blk, 12, 4), VIRTIO_BLK_SEG_MAX);
    QCHECK_EQ(blk.be.config_read(&blk, 20, 4), 512);
    QCHECK_EQ(blk.be.config_read(&blk, 0, 1), SECTORS);
    QCHECK_EQ(blk.be.config_read(&blk, 22, 4), 0);          /* crosses the end */
    QCHECK_EQ(blk.be.config_read(&blk, 0x1000, 4), 0);
    fq_free(q);
    q = setup(true);
    QCHECK(blk.be.features & BIT(VIRTIO_BLK_F_RO));
    fq_free(q);
    QCHECK_EQ(virtio_blk_init(&blk, NULL, 512, false, NULL), QV_ERR_INVAL);
    /* A trailing partial sector is not exposed. */
    QCHECK_EQ(virtio_blk_init(&blk, img, 1000, false, NULL), QV_OK);
    QCHECK_EQ(blk.capacity, 1);
}

QTEST(blk_read_across_segments)
{
    struct virtqueue *q = setup(false);
    add_req(q, VIRTIO_BLK_T_IN, 3, 2, 512, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_used(q), 1);
    QCHECK_EQ(fq_used_head(q, 0), 100);
    QCHECK_EQ(fq_used_len(q, 0), 1025);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    QCHECK_MEM(fq_mem + DATA, img + 3 * 512, 512);
    QCHECK_MEM(fq_mem + DATA + 8192, img + 4 * 512, 512);
    QCHECK_EQ(fq_notifies(q), 1);
    QCHECK_EQ(blk.stats.bytes_read, 1024);
    fq_free(q);
}

QTEST(blk_write_changes_exactly_the_written_bytes)
{
    struct virtqueue *q = setup(false);
    memset(fq_mem + DATA, 0xA1, 512);
    memset(fq_mem + DATA + 8192, 0xB2, 512);
    add_req(q, VIRTIO_BLK_T_OUT, 5, 2, 512, false);
    blk.be.queue_notify(&blk, 0);
    QCHECK_EQ(fq_used(q), 1);
    QCHECK_EQ(fq_used_len(q, 0), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    uint8_t want[IMG_LEN];
    memcpy(want, orig, IMG_LEN);
    memset(want + 5 * 512, 0xA1, 512);
    memset(want + 6 * 512, 0xB2, 512);
    QCHECK_MEM(img, want, IMG_LEN);
    /* Read it back through the device. */
    memset(fq_mem + DATA, 0, 1024);
    add_req(q, VIRTIO_BLK_T_IN, 5, 1, 1024, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_MEM(fq_mem + DATA, want + 5 * 512, 1024);
    /* Last sector of the disk is writable. */
    add_req(q, VIRTIO_BLK_T_OUT, SECTORS - 1, 1, 512, false);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    QCHECK_MEM(img + (SECTORS - 1) * 512, fq_mem + DATA, 512);
    fq_free(q);
}

QTEST(blk_flush_get_id_unsupported)
{
    struct virtqueue *q = setup(false);
    add_req(q, VIRTIO_BLK_T_FLUSH, 0, 0, 0, true);
    add_req(q, VIRTIO_BLK_T_GET_ID, 0, 1, 20, true);
    QCHECK_EQ(virtio_blk_process(&blk), 2);
    QCHECK_EQ(fq_used_len(q, 0), 1);
    QCHECK_EQ(fq_used_len(q, 1), 21);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    static const char id[20] = "qv-disk0";          /* NUL padded */
    QCHECK_MEM(fq_mem + DATA, id, 20);
    QCHECK_EQ(fq_notifies(q), 1);

    /* A 20-character serial fills the field with no terminator. */
    QCHECK_EQ(virtio_blk_init(&blk, img, IMG_LEN, false, "0123456789abcdefghijKLM"), QV_OK);
    QCHECK_EQ(virtio_blk_attach_queue(&blk, 0, q), QV_OK);
    blk.be.activate(&blk, 0);
    add_req(q, VIRTIO_BLK_T_GET_ID, 0, 1, 20, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_MEM(fq_mem + DATA, "0123456789abcdefghij", 20);

    /* GET_ID into a too-small buffer, and unknown types. */
    memset(fq_mem + DATA, 0x55, 32);
    add_req(q, VIRTIO_BLK_T_GET_ID, 0, 1, 19, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    QCHECK_EQ(fq_mem[DATA], 0x55);
    add_req(q, 11 /* DISCARD, not offered */, 0, 1, 16, false);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_UNSUPP);
    QCHECK_EQ(fq_used_len(q, 4), 1);
    add_req(q, 0x80000000u, 0, 0, 0, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_UNSUPP);
    QCHECK_MEM(img, orig, IMG_LEN);
    fq_free(q);
}

QTEST(blk_out_of_range_sectors)
{
    struct virtqueue *q = setup(false);
    static const uint64_t bad[] = {SECTORS, SECTORS - 1 /* 2 sectors */, UINT64_MAX,
                                   UINT64_MAX / 512 + 1, 1ull << 55};
    for (unsigned i = 0; i < 5; i++) {
        fq_mem[STATUS] = 0xEE;
        add_req(q, VIRTIO_BLK_T_IN, bad[i], 1, 1024, true);
        QCHECK_EQ(virtio_blk_process(&blk), 1);
        QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
        QCHECK_EQ(fq_used_len(q, 2 * i), 1);
        fq_mem[STATUS] = 0xEE;
        add_req(q, VIRTIO_BLK_T_OUT, bad[i], 1, 1024, false);
        QCHECK_EQ(virtio_blk_process(&blk), 1);
        QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    }
    QCHECK_EQ(blk.stats.ioerr, 10);
    QCHECK_MEM(img, orig, IMG_LEN);
    QCHECK_EQ(faults, 0);
    fq_free(q);
}

QTEST(blk_bad_lengths_and_short_header)
{
    struct virtqueue *q = setup(false);
    /* Requests share the header address: submit them one at a time. */
    fq_mem[STATUS] = 0xEE;
    add_req(q, VIRTIO_BLK_T_OUT, 0, 1, 100, false);      /* not a multiple of 512 */
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    QCHECK_MEM(img, orig, IMG_LEN);
    add_req(q, VIRTIO_BLK_T_OUT, 0, 2, 256, false);      /* 2 x 256 = one sector: fine */
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    QCHECK_MEM(img, fq_mem + DATA, 256);
    QCHECK_MEM(img + 256, fq_mem + DATA + 8192, 256);
    QCHECK_MEM(img + 512, orig + 512, IMG_LEN - 512);
    add_req(q, VIRTIO_BLK_T_IN, 0, 1, 513, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    QCHECK_EQ(fq_used_len(q, 2), 1);
    QCHECK_EQ(blk.stats.ioerr, 2);

    /* A header shorter than 16 bytes: IOERR, nothing else. */
    struct fq_seg s[] = {{HDR, 8, false}, {STATUS, 1, true}};
    put_hdr(VIRTIO_BLK_T_OUT, 0);
    fq_add(q, s, 2);
    fq_mem[STATUS] = 0xEE;
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    /* A read request carrying readable data after the header. */
    struct fq_seg r[] = {{HDR, 16, false}, {DATA, 512, false}, {DATA + 8192, 512, true},
                         {STATUS, 1, true}};
    put_hdr(VIRTIO_BLK_T_IN, 0);
    fq_add(q, r, 4);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    QCHECK_EQ(faults, 0);
    fq_free(q);
}

QTEST(blk_missing_status_byte_stops_the_device)
{
    struct virtqueue *q = setup(false);
    /* The "status" byte is in a readable segment: no writable part at all. */
    struct fq_seg s[] = {{HDR, 16, false}, {DATA, 512, false}, {STATUS, 1, false}};
    put_hdr(VIRTIO_BLK_T_OUT, 0);
    fq_add(q, s, 3);
    add_req(q, VIRTIO_BLK_T_FLUSH, 0, 0, 0, true);
    QCHECK_EQ(virtio_blk_process(&blk), QV_ERR_CORRUPT);
    QCHECK_EQ(faults, 1);
    QCHECK_EQ(fault_err, QV_ERR_CORRUPT);
    QCHECK_EQ(fq_used(q), 0);
    QCHECK_EQ(fq_notifies(q), 0);
    QCHECK_MEM(img, orig, IMG_LEN);
    /* Stopped until reset: the next request waits. */
    blk.be.queue_notify(&blk, 0);
    QCHECK_EQ(fq_avail(q), 1);
    QCHECK_EQ(faults, 1);
    blk.be.reset(&blk);
    blk.be.activate(&blk, 0);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    /* A read whose only segment is writable data with no header: the status
     * goes into its last byte, as IOERR. */
    struct fq_seg w[] = {{DATA, 512, true}};
    fq_add(q, w, 1);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[DATA + 511], VIRTIO_BLK_S_IOERR);
    fq_free(q);
}

QTEST(blk_read_only_and_lifecycle)
{
    struct virtqueue *q = setup(true);
    memset(fq_mem + DATA, 0x77, 512);
    add_req(q, VIRTIO_BLK_T_OUT, 1, 1, 512, false);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_IOERR);
    QCHECK_MEM(img, orig, IMG_LEN);
    add_req(q, VIRTIO_BLK_T_IN, 1, 1, 512, true);
    QCHECK_EQ(virtio_blk_process(&blk), 1);
    QCHECK_EQ(fq_mem[STATUS], VIRTIO_BLK_S_OK);
    QCHECK_MEM(fq_mem + DATA, img + 512, 512);
    /* Before DRIVER_OK nothing is consumed (§3.1.1). */
    blk.be.reset(&blk);
    add_req(q, VIRTIO_BLK_T_FLUSH, 0, 0, 0, true);
    blk.be.queue_notify(&blk, 0);
    QCHECK_EQ(fq_avail(q), 1);
    /* A ring error from the walker is passed on. */
    blk.be.activate(&blk, 0);
    fq_set_pop_error(q, QV_ERR_CORRUPT);
    QCHECK_EQ(virtio_blk_process(&blk), QV_ERR_CORRUPT);
    fq_free(q);
}
