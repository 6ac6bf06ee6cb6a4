/* VirtIO MMIO transport, version 2 register layout (VirtIO 1.1 §4.2.2),
 * device status state machine (§2.1, §3.1.1), feature negotiation (§2.2),
 * queue setup (§4.2.3.2) and the interrupt status register (§4.2.2). */
#include "devices/virtio/virtio_mmio.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

static void update_irq(struct virtio_mmio_dev *t)
{
    /* Level-triggered: the line follows InterruptStatus != 0. */
    bool level = t->isr != 0;
    if (level != t->irq_level) {
        t->irq_level = level;
        irq_line_set(&t->irq, level);
    }
}

static void raise(struct virtio_mmio_dev *t, uint32_t bits)
{
    t->isr |= bits;
    update_irq(t);
}

void virtio_mmio_set_needs_reset(struct virtio_mmio_dev *t, int err)
{
    if (t->status & VIRTIO_STATUS_NEEDS_RESET)
        return;
    t->status |= VIRTIO_STATUS_NEEDS_RESET;
    t->last_error = err;
    t->errors++;
    /* Stop touching every queue of the device until the driver resets it. */
    for (unsigned i = 0; i < t->num_queues; i++) {
        if (!t->vq[i].broken) {
            t->vq[i].broken = true;
            t->vq[i].error = QV_ERR_STATE;
        }
    }
    pr_warn("virtio-mmio %s: device needs reset (%s)\n", t->be->name ? t->be->name : "?",
            qv_strerror(err));
    /* §2.1.2: after DRIVER_OK, a NEEDS_RESET comes with a configuration
     * change notification. */
    if (t->status & VIRTIO_STATUS_DRIVER_OK)
        raise(t, VIRTIO_MMIO_INT_CONFIG);
}

static void vq_host_interrupt(void *ctx, unsigned qi)
{
    (void)qi;
    raise(ctx, VIRTIO_MMIO_INT_VRING);
}

static void vq_host_error(void *ctx, unsigned qi, int err)
{
    (void)qi;
    virtio_mmio_set_needs_reset(ctx, err);
}

static const struct vq_host mmio_vq_host = {
    .interrupt = vq_host_interrupt,
    .error = vq_host_error,
};

static void device_reset(struct virtio_mmio_dev *t)
{
    if (t->be->reset)
        t->be->reset(t->be_ctx);
    for (unsigned i = 0; i < t->num_queues; i++)
        vq_reset(&t->vq[i]);
    t->driver_features = 0;
    t->features = 0;
    t->device_features_sel = t->driver_features_sel = 0;
    t->queue_sel = 0;
    t->status = 0;
    t->isr = 0;
    t->last_error = 0;
    update_irq(t);
}

int virtio_mmio_init(struct virtio_mmio_dev *t, const struct virtio_backend *be, void *be_ctx,
                     const struct guest_mem *mem, struct irq_line irq)
{
    if (!t || !be || !mem || !mem->read || !mem->write)
        return QV_ERR_INVAL;
    if (be->num_queues == 0 || be->num_queues > VIRTIO_MMIO_MAX_QUEUES || be->queue_max_size == 0)
        return QV_ERR_INVAL;
    memset(t, 0, sizeof(*t));
    t->lock = (spinlock_t)SPINLOCK_INIT;
    t->be = be;
    t->be_ctx = be_ctx;
    t->mem = mem;
    t->irq = irq;
    t->num_queues = be->num_queues;
    t->queue_max = MIN(be->queue_max_size, (uint16_t)VIRTQ_MAX_SIZE);
    t->device_features = be->features | VIRTIO_MMIO_TRANSPORT_FEATURES;
    for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
        vq_bind(&t->vq[i], i, mem, &mmio_vq_host, t);
    return 0;
}

struct virtqueue *virtio_mmio_queue(struct virtio_mmio_dev *t, unsigned qi)
{
    return qi < t->num_queues ? &t->vq[qi] : NULL;
}

void virtio_mmio_lock(struct virtio_mmio_dev *t) { spin_lock(&t->lock); }
void virtio_mmio_unlock(struct virtio_mmio_dev *t) { spin_unlock(&t->lock); }

void virtio_mmio_config_changed_locked(struct virtio_mmio_dev *t)
{
    t->config_generation++;
    if (t->status & VIRTIO_STATUS_DRIVER_OK)
        raise(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_config_changed(struct virtio_mmio_dev *t)
{
    spin_lock(&t->lock);
    virtio_mmio_config_changed_locked(t);
    spin_unlock(&t->lock);
}

static struct virtqueue *sel_queue(struct virtio_mmio_dev *t)
{
    return t->queue_sel < t->num_queues ? &t->vq[t->queue_sel] : NULL;
}

/* §3.1.1 step 7 / §4.2.3.2: queues are configured after FEATURES_OK, before
 * DRIVER_OK, while not ready; writes at other times are ignored. */
static struct virtqueue *setup_queue(struct virtio_mmio_dev *t)
{
    struct virtqueue *q = sel_queue(t);
    uint32_t need = VIRTIO_STATUS_FEATURES_OK;
    uint32_t forbid = VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED;
    if (!q || q->ready || (t->status & need) != need || (t->status & forbid))
        return NULL;
    return q;
}

/* §2.2.2 / §6.1: the driver may only accept offered features, and a device
 * without legacy support requires VIRTIO_F_VERSION_1. */
static bool features_acceptable(const struct virtio_mmio_dev *t)
{
    return (t->driver_features & ~t->device_features) == 0 &&
           (t->driver_features & BIT(VIRTIO_F_VERSION_1));
}

static void write_status(struct virtio_mmio_dev *t, uint32_t v)
{
    if (v == 0) { /* §4.2.2: writing zero resets the device */
        device_reset(t);
        return;
    }
    uint32_t cur = t->status;
    v &= ~VIRTIO_STATUS_NEEDS_RESET; /* set by the device only */
    /* §2.1.1: the driver never clears a bit; such a write is ignored. */
    if ((cur & ~VIRTIO_STATUS_NEEDS_RESET) & ~v)
        return;
    uint32_t add = v & ~cur;
    /* §3.1.1: each step needs the previous ones. A step taken out of order
     * is dropped, which the driver sees when it reads Status back. */
    if (add & VIRTIO_STATUS_FAILED)
        cur |= VIRTIO_STATUS_FAILED;
    if (add & VIRTIO_STATUS_ACKNOWLEDGE)
        cur |= VIRTIO_STATUS_ACKNOWLEDGE;
    if ((add & VIRTIO_STATUS_DRIVER) && (cur & VIRTIO_STATUS_ACKNOWLEDGE))
        cur |= VIRTIO_STATUS_DRIVER;
    if ((add & VIRTIO_STATUS_FEATURES_OK) && (cur & VIRTIO_STATUS_DRIVER) && features_acceptable(t)) {
        cur |= VIRTIO_STATUS_FEATURES_OK;
        t->features = t->driver_features;
    }
    bool activate = false;
    if ((add & VIRTIO_STATUS_DRIVER_OK) && (cur & VIRTIO_STATUS_FEATURES_OK)) {
        cur |= VIRTIO_STATUS_DRIVER_OK;
        activate = !(cur & VIRTIO_STATUS_NEEDS_RESET);
    }
    t->status = cur;
    if (activate && t->be->activate)
        t->be->activate(t->be_ctx, t->features);
}

static void write_queue_ready(struct virtio_mmio_dev *t, uint32_t v)
{
    struct virtqueue *q = sel_queue(t);
    if (!q)
        return;
    if (!(v & 1)) {
        q->ready = false; /* stop using it; its configuration stays */
        return;
    }
    if (!setup_queue(t))
        return;
    if (q->num > t->queue_max) {
        virtio_mmio_set_needs_reset(t, QV_ERR_RANGE);
        return;
    }
    int err = vq_start(q, t->features);
    if (err)
        virtio_mmio_set_needs_reset(t, err);
}

static void set_half(uint64_t *r, bool high, uint32_t v)
{
    *r = high ? ((*r & 0xffffffffull) | ((uint64_t)v << 32)) : ((*r & ~0xffffffffull) | v);
}

static void write_queue_addr(struct virtio_mmio_dev *t, uint64_t off, uint32_t v)
{
    struct virtqueue *q = setup_queue(t);
    if (!q)
        return;
    bool high = off & 4;
    switch (off & ~4ull) {
    case VIRTIO_MMIO_QUEUE_DESC_LOW: set_half(&q->desc, high, v); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: set_half(&q->driver, high, v); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: set_half(&q->device, high, v); break;
    }
}

static void queue_notify(struct virtio_mmio_dev *t, uint32_t v)
{
    /* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
    uint32_t need = VIRTIO_STATUS_DRIVER_OK;
    if ((t->status & (need | VIRTIO_STATUS_NEEDS_RESET)) != need || v >= t->num_queues)
        return;
    struct virtqueue *q = &t->vq[v];
    if (!q->ready || q->broken || !t->be->queue_notify)
        return;
    t->be->queue_notify(t->be_ctx, v);
}

static uint32_t config_read(struct virtio_mmio_dev *t, uint64_t off, unsigned size)
{
    if (!t->be->config_read)
        return 0;
    return t->be->config_read(t->be_ctx, (uint32_t)(off - VIRTIO_MMIO_CONFIG), size);
}

static uint64_t read_locked(struct virtio_mmio_dev *t, uint64_t off, unsigned size)
{
    if (off >= VIRTIO_MMIO_SIZE || size == 0 || size > 8 || off + size > VIRTIO_MMIO_SIZE)
        return 0;
    if (off >= VIRTIO_MMIO_CONFIG) {
        /* §4.2.2: device configuration accepts any natural access; a 64-bit
         * read is two 32-bit ones. */
        if (size == 8)
            return config_read(t, off, 4) | ((uint64_t)config_read(t, off + 4, 4) << 32);
        if (size == 1 || size == 2 || size == 4)
            return config_read(t, off, size);
        return 0;
    }
    /* §4.2.2: control registers are 32 bits wide and aligned. */
    if (size != 4 || (off & 3))
        return 0;
    struct virtqueue *q = sel_queue(t);
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION_REG: return VIRTIO_MMIO_VERSION;
    case VIRTIO_MMIO_DEVICE_ID: return t->be->device_id;
    case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        if (t->device_features_sel > 1)
            return 0;
        return (uint32_t)(t->device_features >> (32 * t->device_features_sel));
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return q ? t->queue_max : 0;
    case VIRTIO_MMIO_QUEUE_NUM: return q ? q->num : 0;
    case VIRTIO_MMIO_QUEUE_READY: return q ? q->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return t->isr;
    case VIRTIO_MMIO_STATUS: return t->status;
    case VIRTIO_MMIO_QUEUE_DESC_LOW: return q ? (uint32_t)q->desc : 0;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: return q ? (uint32_t)(q->desc >> 32) : 0;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: return q ? (uint32_t)q->driver : 0;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: return q ? (uint32_t)(q->driver >> 32) : 0;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: return q ? (uint32_t)q->device : 0;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: return q ? (uint32_t)(q->device >> 32) : 0;
    /* §4.2.2: no shared memory regions; a missing region has length -1. */
    case VIRTIO_MMIO_SHM_LEN_LOW:
    case VIRTIO_MMIO_SHM_LEN_HIGH: return 0xffffffffu;
    case VIRTIO_MMIO_CONFIG_GENERATION: return t->config_generation;
    default: return 0;
    }
}

static void write_locked(struct virtio_mmio_dev *t, uint64_t off, unsigned size, uint64_t val)
{
    if (off >= VIRTIO_MMIO_SIZE || size == 0 || size > 8 || off + size > VIRTIO_MMIO_SIZE)
        return;
    if (off >= VIRTIO_MMIO_CONFIG) {
        if (!t->be->config_write)
            return;
        uint32_t rel = (uint32_t)(off - VIRTIO_MMIO_CONFIG);
        if (size == 8) {
            t->be->config_write(t->be_ctx, rel, 4, (uint32_t)val);
            t->be->config_write(t->be_ctx, rel + 4, 4, (uint32_t)(val >> 32));
        } else if (size == 1 || size == 2 || size == 4) {
            t->be->config_write(t->be_ctx, rel, size, (uint32_t)val);
        }
        return;
    }
    if (size != 4 || (off & 3))
        return;
    uint32_t v = (uint32_t)val;
    struct virtqueue *q;
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->device_features_sel = v; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        /* §3.1.1 step 5: features are written after DRIVER, before FEATURES_OK. */
        if ((t->status & (VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK)) != VIRTIO_STATUS_DRIVER)
            break;
        if (t->driver_features_sel == 0)
            t->driver_features = (t->driver_features & ~0xffffffffull) | v;
        else if (t->driver_features_sel == 1)
            t->driver_features = (t->driver_features & 0xffffffffull) | ((uint64_t)v << 32);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->driver_features_sel = v; break;
    case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = v; break;
    case VIRTIO_MMIO_QUEUE_NUM:
        q = setup_queue(t);
        if (q)
            q->num = (uint16_t)MIN(v, 0xffffu);
        break;
    case VIRTIO_MMIO_QUEUE_READY: write_queue_ready(t, v); break;
    case VIRTIO_MMIO_QUEUE_NOTIFY: queue_notify(t, v); break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        t->isr &= ~v;
        update_irq(t);
        break;
    case VIRTIO_MMIO_STATUS: write_status(t, v); break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: write_queue_addr(t, off, v); break;
    default: break; /* read-only or reserved */
    }
}

uint64_t virtio_mmio_read(struct virtio_mmio_dev *t, uint64_t off, unsigned size)
{
    spin_lock(&t->lock);
    uint64_t v = read_locked(t, off, size);
    spin_unlock(&t->lock);
    return v;
}

void virtio_mmio_write(struct virtio_mmio_dev *t, uint64_t off, unsigned size, uint64_t val)
{
    spin_lock(&t->lock);
    write_locked(t, off, size, val);
    spin_unlock(&t->lock);
}

static uint64_t ops_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size)
{
    (void)v;
    return virtio_mmio_read(ctx, offset, size);
}

static void ops_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value)
{
    (void)v;
    virtio_mmio_write(ctx, offset, size, value);
}

const struct io_ops virtio_mmio_ops = {
    .read = ops_read,
    .write = ops_write,
};
