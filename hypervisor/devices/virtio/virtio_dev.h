/* The contract between the VirtIO transport + virtqueue code (virtio_mmio.c,
 * virtqueue.c) and the device back-ends (blk, net, console, rng).
 * VirtIO 1.1 (OASIS, 2019): §2 (basic facilities), §4.2 (MMIO transport),
 * §2.6 split and §2.7 packed virtqueues.
 *
 * Guest memory is reached only through struct guest_mem, which refuses
 * anything outside the VM's RAM, so a malicious descriptor can never make the
 * hypervisor touch other memory. */
#ifndef QV_DEVICES_VIRTIO_DEV_H
#define QV_DEVICES_VIRTIO_DEV_H
#include "core/vm/irq.h"
#include "lib/types.h"

/* Guest-physical memory access (the kernel wraps vm_read/write_memory;
 * tests use a buffer). Both return 0 or a negative QV_ERR_* (QV_ERR_FAULT
 * outside guest RAM). */
struct guest_mem {
    int (*read)(void *ctx, uint64_t gpa, void *buf, size_t len);
    int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
    void *ctx;
};

/* Device IDs (VirtIO 1.1 §5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* Reserved feature bits (§6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34

#define VIRTQ_MAX_SIZE 1024

/* One buffer chain popped from a queue, already validated: every segment lies
 * inside guest RAM, device-readable segments come before device-writable ones
 * (§2.6.4.2), total lengths are bounded. */
#define VQ_MAX_SEGS 128
struct vq_seg {
    uint64_t gpa;
    uint32_t len;
    bool write; /* device writes into it */
};
struct vq_chain {
    uint16_t head;      /* id to hand back when the chain is used */
    uint16_t nsegs;
    uint32_t in_len;    /* total device-readable bytes */
    uint32_t out_len;   /* total device-writable bytes */
    struct vq_seg seg[VQ_MAX_SEGS];
    uint16_t ndesc;     /* descriptors consumed (packed rings need it) */
};

struct virtqueue; /* opaque, defined by virtqueue.c */

/* Queue operations offered to back-ends. */
/* 1 and a chain, 0 if the queue is empty, or a negative QV_ERR_* when the
 * guest's ring is malformed (the transport then marks the device
 * NEEDS_RESET and stops using the queue). */
int vq_pop(struct virtqueue *q, struct vq_chain *c);
/* Return a chain with `written` bytes written into its writable part. */
int vq_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written);
/* Interrupt the guest if it asked to be (respects VIRTIO_F_EVENT_IDX /
 * suppression flags). */
void vq_notify_guest(struct virtqueue *q);
/* Copy helpers over a chain's segments: read from its readable part starting
 * at byte `off`, write into its writable part starting at `off`. Return the
 * bytes copied or a negative QV_ERR_*. */
int vq_chain_read(struct virtqueue *q, const struct vq_chain *c, uint32_t off, void *buf, uint32_t len);
int vq_chain_write(struct virtqueue *q, const struct vq_chain *c, uint32_t off, const void *buf, uint32_t len);

/* A device back-end. */
struct virtio_backend {
    const char *name;
    uint32_t device_id;
    uint64_t features;        /* offered, device-specific and reserved bits */
    unsigned num_queues;
    uint16_t queue_max_size;
    /* Device configuration space (§4.2.2 offset 0x100+). */
    uint32_t (*config_read)(void *dev, uint32_t offset, unsigned size);
    void (*config_write)(void *dev, uint32_t offset, unsigned size, uint32_t value);
    /* Guest notified queue `qi` (QueueNotify); process what is available. */
    void (*queue_notify)(void *dev, unsigned qi);
    /* DRIVER_OK was set with these negotiated features / device reset. */
    void (*activate)(void *dev, uint64_t features);
    void (*reset)(void *dev);
};

#endif
