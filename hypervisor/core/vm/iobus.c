/* Port and MMIO range registry; pure logic (host-tested). */
#include "core/vm/iobus.h"
#include "lib/errors.h"

static int add(struct io_range *arr, unsigned *n, uint64_t base, uint64_t len, uint64_t limit,
               const struct io_ops *ops, void *ctx, const char *name)
{
    if (!len || !ops || base + len < base || base + len > limit)
        return QV_ERR_INVAL;
    if (*n == IOBUS_MAX_RANGES)
        return QV_ERR_LIMIT;
    for (unsigned i = 0; i < *n; i++)
        if (base < arr[i].base + arr[i].len && arr[i].base < base + len)
            return QV_ERR_EXIST;
    arr[(*n)++] = (struct io_range){ base, len, ops, ctx, name };
    return QV_OK;
}

int iobus_register_pio(struct iobus *bus, uint16_t base, uint16_t len, const struct io_ops *ops,
                       void *ctx, const char *name)
{
    return add(bus->pio, &bus->npio, base, len, 0x10000, ops, ctx, name);
}

int iobus_register_mmio(struct iobus *bus, uint64_t base, uint64_t len, const struct io_ops *ops,
                        void *ctx, const char *name)
{
    return add(bus->mmio, &bus->nmmio, base, len, 1ull << 52, ops, ctx, name);
}

static const struct io_range *find(const struct io_range *arr, unsigned n, uint64_t a)
{
    for (unsigned i = 0; i < n; i++)
        if (a >= arr[i].base && a - arr[i].base < arr[i].len)
            return &arr[i];
    return NULL;
}

const struct io_range *iobus_find_pio(const struct iobus *bus, uint16_t port)
{
    return find(bus->pio, bus->npio, port);
}

const struct io_range *iobus_find_mmio(const struct iobus *bus, uint64_t gpa)
{
    return find(bus->mmio, bus->nmmio, gpa);
}

#ifdef QV_KERNEL
uint64_t iobus_lock(struct iobus *bus) { return spin_lock_irqsave(&bus->lock); }
void iobus_unlock(struct iobus *bus, uint64_t flags) { spin_unlock_irqrestore(&bus->lock, flags); }
#else
uint64_t iobus_lock(struct iobus *bus) { spin_lock(&bus->lock); return 0; }
void iobus_unlock(struct iobus *bus, uint64_t flags) { (void)flags; spin_unlock(&bus->lock); }
#endif

uint64_t iobus_pio_read(struct iobus *bus, struct vcpu *v, uint16_t port, unsigned size)
{
    const struct io_range *r = iobus_find_pio(bus, port);
    if (!r || !r->ops->read) {
        bus->unclaimed_pio++;
        return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
    }
    uint64_t f = iobus_lock(bus);
    uint64_t val = r->ops->read(r->ctx, v, port - r->base, size);
    iobus_unlock(bus, f);
    return val;
}

void iobus_pio_write(struct iobus *bus, struct vcpu *v, uint16_t port, unsigned size, uint64_t val)
{
    const struct io_range *r = iobus_find_pio(bus, port);
    if (!r || !r->ops->write) {
        bus->unclaimed_pio++;
        return;
    }
    uint64_t f = iobus_lock(bus);
    r->ops->write(r->ctx, v, port - r->base, size, val);
    iobus_unlock(bus, f);
}

int iobus_mmio_read(struct iobus *bus, struct vcpu *v, uint64_t gpa, unsigned size, uint64_t *val)
{
    const struct io_range *r = iobus_find_mmio(bus, gpa);
    if (!r)
        return QV_ERR_NOENT;
    uint64_t f = iobus_lock(bus);
    *val = r->ops->read ? r->ops->read(r->ctx, v, gpa - r->base, size) : ~0ull;
    iobus_unlock(bus, f);
    return QV_OK;
}

int iobus_mmio_write(struct iobus *bus, struct vcpu *v, uint64_t gpa, unsigned size, uint64_t val)
{
    const struct io_range *r = iobus_find_mmio(bus, gpa);
    if (!r)
        return QV_ERR_NOENT;
    if (r->ops->write) {
        uint64_t f = iobus_lock(bus);
        r->ops->write(r->ctx, v, gpa - r->base, size, val);
        iobus_unlock(bus, f);
    }
    return QV_OK;
}
