/* Virtqueue state and the transport-facing side of the ring walkers.
 * VirtIO 1.1: §2.6 split virtqueues (split_ring.c), §2.7 packed virtqueues
 * (packed_ring.c); vq_common.c holds what both share (segment validation,
 * the copy helpers, dispatch of the virtio_dev.h operations).
 *
 * Everything in a ring is written by the guest and is untrusted: each field
 * is read once into a local copy, validated, and only the copy is used (no
 * double fetch); every guest address goes through struct guest_mem. A
 * malformed ring "breaks" the queue: the walker stops touching it and tells
 * the transport, which sets DEVICE_NEEDS_RESET (§2.1.1). */
#ifndef QV_DEVICES_VIRTIO_VIRTQUEUE_H
#define QV_DEVICES_VIRTIO_VIRTQUEUE_H
#include "devices/virtio/virtio_dev.h"

/* Descriptor flags (§2.6.5 split, §2.7.1 packed). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_DESC_F_AVAIL (1u << 7)  /* packed only */
#define VIRTQ_DESC_F_USED (1u << 15)  /* packed only */
#define VIRTQ_DESC_SIZE 16u           /* both formats */

/* Split ring suppression flags (§2.6.6, §2.6.8). */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u

/* Packed ring event suppression (§2.7.10). */
#define VIRTQ_EVENT_F_ENABLE 0u
#define VIRTQ_EVENT_F_DISABLE 1u
#define VIRTQ_EVENT_F_DESC 2u
#define VIRTQ_EVENT_WRAP (1u << 15)

/* Bounds this implementation puts on a single chain (beyond the spec's "no
 * longer than the queue size", §2.6.5.3.1 / §2.7.7.1). */
#define VQ_MAX_CHAIN_BYTES (256u << 20) /* per direction */
#define VQ_MAX_INDIRECT VIRTQ_MAX_SIZE  /* entries in one indirect table */

/* Callbacks from a queue to its transport (called with the transport's lock
 * held, from inside vq_* calls). */
struct vq_host {
    void (*interrupt)(void *ctx, unsigned qi);          /* used buffer notification */
    void (*error)(void *ctx, unsigned qi, int err);     /* ring malformed: NEEDS_RESET */
};

struct virtqueue {
    /* Set once by vq_bind(). */
    const struct guest_mem *mem;
    const struct vq_host *host;
    void *host_ctx;
    unsigned index;

    /* Driver-written configuration (§4.2.2 QueueNum, QueueDesc/Driver/Device).
     * For a packed ring, `driver` and `device` are the event suppression
     * areas (§2.7.10). */
    uint16_t num;
    uint64_t desc, driver, device;
    bool ready;

    /* Fixed by vq_start() from the negotiated features. */
    bool packed, event_idx, indirect;

    /* Runtime. Split: free-running 16-bit ring indices (§2.6.6, §2.6.8).
     * Packed: descriptor positions 0..num-1 plus wrap counters (§2.7.1). */
    uint16_t next_avail;
    uint16_t next_used;
    bool avail_wrap, used_wrap;
    uint16_t signalled_used; /* position at the last guest interrupt */
    bool signalled_wrap;
    bool signalled_valid;
    bool used_since_signal;
    uint32_t inflight;       /* split: chains; packed: descriptors popped, not pushed */
    bool broken;
    int error;               /* first error that broke the queue */
};

/* Attach a queue to its guest memory and transport; leaves it unconfigured. */
void vq_bind(struct virtqueue *q, unsigned index, const struct guest_mem *mem,
             const struct vq_host *host, void *host_ctx);
/* Forget configuration and runtime state (device reset, QueueReady = 0). */
void vq_reset(struct virtqueue *q);
/* QueueReady = 1: check the layout the driver wrote (size, alignment, every
 * ring area inside guest RAM) for the ring format the negotiated `features`
 * select, then start the queue. 0 or a negative QV_ERR_* (queue not started). */
int vq_start(struct virtqueue *q, uint64_t features);

/* ---- internal to the walkers (vq_common.c, split_ring.c, packed_ring.c) ---- */

/* Little-endian field access over guest memory (§2.4: rings are little-endian
 * for VIRTIO_F_VERSION_1 devices). */
int vq_rd16(const struct virtqueue *q, uint64_t gpa, uint16_t *v);
int vq_wr16(const struct virtqueue *q, uint64_t gpa, uint16_t v);
int vq_wr32(const struct virtqueue *q, uint64_t gpa, uint32_t v);
static inline uint16_t vq_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t vq_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t vq_le64(const uint8_t *p) { return vq_le32(p) | ((uint64_t)vq_le32(p + 4) << 32); }

/* True when [gpa, gpa+len) does not wrap and its first and last bytes are in
 * guest RAM. Holes inside the range are still caught by the copy helpers. */
bool vq_range_ok(const struct virtqueue *q, uint64_t gpa, uint64_t len);
/* Mark the queue broken with `err` and report it to the transport; returns err. */
int vq_fail(struct virtqueue *q, int err);

/* Accumulates one chain while a walker follows it. */
struct vq_walk {
    struct vq_chain *c;
    bool saw_write;
};
void vq_walk_begin(struct vq_walk *w, struct vq_chain *c);
/* Validate one buffer descriptor (direction order §2.6.4.2 / §2.7.5, range,
 * byte totals, segment count) and append it. 0 or a negative QV_ERR_*. */
int vq_walk_add(struct virtqueue *q, struct vq_walk *w, uint64_t gpa, uint32_t len, bool write);
/* Final checks on a complete chain (non-empty). */
int vq_walk_end(struct virtqueue *q, struct vq_walk *w);
/* Check an indirect table descriptor (§2.6.5.3 / §2.7.7): feature negotiated,
 * length a non-zero multiple of 16 and bounded, table inside guest RAM.
 * Returns the entry count or a negative QV_ERR_*. */
int vq_indirect_check(struct virtqueue *q, uint64_t gpa, uint32_t len);

int vq_split_start(struct virtqueue *q);
int vq_split_pop(struct virtqueue *q, struct vq_chain *c);
int vq_split_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written);
bool vq_split_need_interrupt(struct virtqueue *q);
int vq_packed_start(struct virtqueue *q);
int vq_packed_pop(struct virtqueue *q, struct vq_chain *c);
int vq_packed_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written);
bool vq_packed_need_interrupt(struct virtqueue *q);

/* Full barrier between the device's ring writes and its reads of the
 * driver's suppression fields (§2.6.7.1 / §2.7.10: store->load order). */
static inline void vq_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
/* Compiler/CPU ordering for acquire (index read before ring entries) and
 * release (entries written before the index/flags that publish them). */
static inline void vq_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static inline void vq_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

#endif
