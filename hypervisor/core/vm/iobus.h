/* Per-VM registry of emulated port-I/O and MMIO ranges. Device models register
 * ranges and are called with decoded accesses (offset within the range, size
 * 1/2/4/8, value). Unclaimed port reads return all-ones, like an empty bus. */
#ifndef QV_CORE_VM_IOBUS_H
#define QV_CORE_VM_IOBUS_H
#include "lib/spinlock.h"
#include "lib/types.h"

struct vm;
struct vcpu;

struct io_ops {
    uint64_t (*read)(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
    void (*write)(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);
};

#define IOBUS_MAX_RANGES 64

struct io_range {
    uint64_t base, len;
    const struct io_ops *ops;
    void *ctx;
    const char *name;
};

struct iobus {
    /* Device models are not reentrant: one access at a time per VM, from
     * any vCPU (taken by the dispatch functions below; device timers take
     * it through iobus_lock). Lock order: bus, then a device's own locks. */
    spinlock_t lock;
    struct io_range pio[IOBUS_MAX_RANGES];
    unsigned npio;
    struct io_range mmio[IOBUS_MAX_RANGES];
    unsigned nmmio;
    uint64_t unclaimed_pio;  /* accesses nobody answered (diagnostics) */
};

/* QV_ERR_EXIST on overlap, QV_ERR_LIMIT when full, QV_ERR_INVAL for bad ranges. */
int iobus_register_pio(struct iobus *bus, uint16_t base, uint16_t len, const struct io_ops *ops,
                       void *ctx, const char *name);
int iobus_register_mmio(struct iobus *bus, uint64_t base, uint64_t len, const struct io_ops *ops,
                        void *ctx, const char *name);
const struct io_range *iobus_find_pio(const struct iobus *bus, uint16_t port);
const struct io_range *iobus_find_mmio(const struct iobus *bus, uint64_t gpa);
/* Dispatch one port access; returns the value read (all-ones when unclaimed). */
uint64_t iobus_pio_read(struct iobus *bus, struct vcpu *v, uint16_t port, unsigned size);
void iobus_pio_write(struct iobus *bus, struct vcpu *v, uint16_t port, unsigned size, uint64_t val);
uint64_t iobus_lock(struct iobus *bus);
void iobus_unlock(struct iobus *bus, uint64_t flags);
/* Dispatch one MMIO access; QV_ERR_NOENT when no device claims gpa. */
int iobus_mmio_read(struct iobus *bus, struct vcpu *v, uint64_t gpa, unsigned size, uint64_t *val);
int iobus_mmio_write(struct iobus *bus, struct vcpu *v, uint64_t gpa, unsigned size, uint64_t val);
#endif
