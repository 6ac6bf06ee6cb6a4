/* VirtIO over MMIO, version 2 ("modern") register layout (VirtIO 1.1 §4.2).
 *
 * One struct virtio_mmio_dev per device. The VM builder:
 *   static struct virtio_mmio_dev dev;
 *   virtio_mmio_init(&dev, &my_backend, my_backend_state, &guest_mem, irq);
 *   iobus_register_mmio(&vm->iobus, base, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, &dev, "virtio-blk");
 * and tells the guest about base/irq (e.g. "virtio_mmio.device=512@base:irq").
 *
 * Every register access takes the device lock; back-end callbacks
 * (queue_notify, activate, reset, config_*) run under it and may call the
 * vq_* operations on virtio_mmio_queue() queues directly. A back-end that
 * works from elsewhere (host input, timers) wraps its vq_* calls in
 * virtio_mmio_lock()/virtio_mmio_unlock(). */
#ifndef QV_DEVICES_VIRTIO_MMIO_H
#define QV_DEVICES_VIRTIO_MMIO_H
#include "core/vm/iobus.h"
#include "devices/virtio/virtio_dev.h"
#include "devices/virtio/virtqueue.h"
#include "lib/spinlock.h"

#define VIRTIO_MMIO_SIZE 0x200
#define VIRTIO_MMIO_MAX_QUEUES 8
#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt" */
#define VIRTIO_MMIO_VERSION 2u
#define VIRTIO_MMIO_VENDOR 0x56515651u /* "QVQV" */

/* Register offsets (§4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION_REG 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

/* Device status bits (§2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* InterruptStatus bits (§4.2.2). */
#define VIRTIO_MMIO_INT_VRING 1u
#define VIRTIO_MMIO_INT_CONFIG 2u

/* Feature bits the transport itself implements and always offers. */
#define VIRTIO_MMIO_TRANSPORT_FEATURES                                              \
    (BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_RING_PACKED) | BIT(VIRTIO_F_EVENT_IDX) | \
     BIT(VIRTIO_F_INDIRECT_DESC))

struct virtio_mmio_dev {
    spinlock_t lock;
    const struct virtio_backend *be;
    void *be_ctx;
    const struct guest_mem *mem;
    struct irq_line irq;
    unsigned num_queues;
    uint16_t queue_max;

    uint64_t device_features;  /* offered */
    uint64_t driver_features;  /* written by the driver */
    uint64_t features;         /* negotiated, fixed at FEATURES_OK */
    uint32_t device_features_sel, driver_features_sel;
    uint32_t queue_sel;
    uint32_t status;
    uint32_t isr;
    uint32_t config_generation;
    bool irq_level;
    int last_error;            /* first error since reset (diagnostics) */
    uint64_t errors;           /* rings found malformed, all time */

    struct virtqueue vq[VIRTIO_MMIO_MAX_QUEUES];
};

/* Set up `t` for back-end `be` (state `be_ctx`). `mem` and `be` must outlive
 * the device. QV_ERR_INVAL for a back-end the transport cannot host (no or
 * too many queues, no queue size). */
int virtio_mmio_init(struct virtio_mmio_dev *t, const struct virtio_backend *be, void *be_ctx,
                     const struct guest_mem *mem, struct irq_line irq);
/* Register block accessors for iobus_register_mmio(); the context is the
 * struct virtio_mmio_dev. */
extern const struct io_ops virtio_mmio_ops;
/* Queue `qi` for the back-end's vq_* calls, NULL past num_queues. */
struct virtqueue *virtio_mmio_queue(struct virtio_mmio_dev *t, unsigned qi);
/* The back-end changed its configuration space: bump ConfigGeneration and
 * raise a configuration change interrupt (§2.4.2). Takes the lock. */
void virtio_mmio_config_changed(struct virtio_mmio_dev *t);
/* Same, for callers that already hold the lock (back-end callbacks). */
void virtio_mmio_config_changed_locked(struct virtio_mmio_dev *t);
/* A back-end found a request it cannot make sense of: set
 * DEVICE_NEEDS_RESET (§2.1.2) and stop using the queues. Lock held. */
void virtio_mmio_set_needs_reset(struct virtio_mmio_dev *t, int err);
/* Serialise with register accesses for work outside the MMIO path. */
void virtio_mmio_lock(struct virtio_mmio_dev *t);
void virtio_mmio_unlock(struct virtio_mmio_dev *t);
/* Direct register access (same as virtio_mmio_ops, with no vCPU). */
uint64_t virtio_mmio_read(struct virtio_mmio_dev *t, uint64_t off, unsigned size);
void virtio_mmio_write(struct virtio_mmio_dev *t, uint64_t off, unsigned size, uint64_t val);

#endif
