/* Interrupt router; see irq_router.h. Message formats: Intel SDM vol. 3A
 * 10.11 (MSI address/data), 10.6.1 (ICR), 82093AA 3.2.4 (redirection). */
#include "devices/irq_router.h"
#include "core/vm/iobus.h"
#include "core/vm/vcpu.h"
#include "lib/errors.h"

#define MSI_ADDR_BASE 0xfeeu          /* address bits 31:20 */
#define MSI_ADDR_DEST_SHIFT 12        /* destination ID, bits 19:12 */
#define MSI_ADDR_DESTMODE BIT(2)      /* 1 = logical */
#define MSI_DATA_LEVEL_ASSERT BIT(14)
#define MSI_DATA_TRIGGER BIT(15)      /* 1 = level */

/* 8-bit destinations (IOAPIC, MSI, xAPIC ICR): 0xFF broadcasts in every
 * mode, also to x2APIC-mode LAPICs (10.12.10). */
static uint32_t widen_dest8(uint32_t dest)
{
    dest &= 0xff;
    return dest == 0xff ? 0xffffffffu : dest;
}

static void kick(struct irq_router *r, unsigned i)
{
    if (r->ops && r->ops->kick)
        r->ops->kick(r->ctx, i);
}

static bool targets(const struct irq_router *r, unsigned i, int src, uint32_t dest,
                    unsigned shorthand, bool logical)
{
    const struct lapic *l = &r->lapics[i];
    switch (shorthand) {
    case APIC_SH_SELF: return (int)i == src;
    case APIC_SH_ALL: return lapic_hw_enabled(l);
    case APIC_SH_ALL_BUT_SELF: return (int)i != src && lapic_hw_enabled(l);
    default: return lapic_match_dest(l, dest, logical);
    }
}

static void deliver_one(struct irq_router *r, unsigned i, unsigned mode, uint8_t vector,
                        bool level_trigger, bool level_assert)
{
    struct lapic *l = &r->lapics[i];
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        if (lapic_accept(l, vector, level_trigger))
            kick(r, i);
        break;
    case APIC_DM_NMI:
        lapic_deliver_nmi(l);
        kick(r, i);
        break;
    case APIC_DM_INIT:
        /* 10.6.1: "INIT level de-assert" (level 0, trigger level) only
         * resynchronises arbitration IDs; nothing to do. */
        if (!level_assert && level_trigger)
            break;
        lapic_init_reset(l);
        if (r->ops && r->ops->init)
            r->ops->init(r->ctx, i);
        break;
    case APIC_DM_SIPI:
        if (r->ops && r->ops->sipi)
            r->ops->sipi(r->ctx, i, vector);
        break;
    case APIC_DM_EXTINT:
        lapic_deliver_extint(l);
        kick(r, i);
        break;
    default:
        break;   /* SMI and reserved modes are not modelled */
    }
}

void irq_router_deliver_locked(struct irq_router *r, int src, uint32_t dest, unsigned shorthand,
                               bool logical, unsigned delivery_mode, uint8_t vector,
                               bool level_trigger, bool level_assert)
{
    for (unsigned i = 0; i < r->n; i++) {
        if (!targets(r, i, src, dest, shorthand & 3, logical))
            continue;
        deliver_one(r, i, delivery_mode & 7, vector, level_trigger, level_assert);
        /* Lowest priority: one target, the lowest-numbered match (the
         * arbitration of 10.6.2.4 is model specific; this is allowed). */
        if ((delivery_mode & 7) == APIC_DM_LOWEST)
            break;
    }
}

/* ---------------------------------------------------------------- callbacks */

static void lapic_send_ipi(void *ctx, unsigned src, uint32_t dest, unsigned shorthand,
                           bool logical, unsigned mode, uint8_t vector, bool level_assert,
                           bool level_trigger)
{
    struct irq_router *r = ctx;
    if (src < r->n && !lapic_x2apic_mode(&r->lapics[src]))
        dest = widen_dest8(dest);
    irq_router_deliver_locked(r, (int)src, dest, shorthand, logical, mode, vector,
                              level_trigger, level_assert);
}

static void lapic_eoi_broadcast(void *ctx, uint8_t vector)
{
    struct irq_router *r = ctx;
    ioapic_eoi(r->ioapic, vector);
}

static void ioapic_deliver(void *ctx, uint32_t dest, bool logical, unsigned mode, uint8_t vector,
                           bool level)
{
    struct irq_router *r = ctx;
    irq_router_deliver_locked(r, -1, widen_dest8(dest), APIC_SH_NONE, logical, mode, vector,
                              level, true);
}

static void pic_changed(void *ctx, bool asserted)
{
    struct irq_router *r = ctx;
    lapic_set_lint(&r->lapics[0], 0, asserted);
    if (asserted && lapic_extint_pending(&r->lapics[0]))
        kick(r, 0);
}

static void msi_locked(struct irq_router *r, uint64_t addr, uint32_t data)
{
    /* 10.11.1: the address must be 0xFEExxxxx; anything else is an
     * ordinary memory write that this model drops. Redirection hint and
     * extended destination bits are ignored: DM selects logical mode. */
    if ((addr >> 20) != MSI_ADDR_BASE) {
        r->msi_dropped++;
        return;
    }
    uint32_t dest = (uint32_t)(addr >> MSI_ADDR_DEST_SHIFT) & 0xff;
    irq_router_deliver_locked(r, -1, widen_dest8(dest), APIC_SH_NONE,
                              (addr & MSI_ADDR_DESTMODE) != 0, (data >> 8) & 7, (uint8_t)data,
                              (data & MSI_DATA_TRIGGER) != 0, (data & MSI_DATA_LEVEL_ASSERT) != 0);
}

static void set_gsi_locked(struct irq_router *r, unsigned gsi, bool level)
{
    unsigned pin = gsi;
    if (gsi < 16) {
        pic_set_irq(r->pic, gsi, level);
        pin = r->isa_route[gsi];
    }
    if (pin < IOAPIC_PINS)
        ioapic_set_irq(r->ioapic, pin, level != ((r->active_low >> pin) & 1));
}

static void sink_set_gsi(void *ctx, unsigned gsi, bool level)
{
    irq_router_set_gsi(ctx, gsi, level);
}

static void sink_msi(void *ctx, uint64_t addr, uint32_t data)
{
    irq_router_msi(ctx, addr, data);
}

/* ---------------------------------------------------------------- setup */

int irq_router_init(struct irq_router *r, struct lapic *lapics, unsigned n, struct ioapic *ioapic,
                    struct pic *pic, const struct vclock *clock, const struct irq_router_ops *ops,
                    void *ctx)
{
    if (!r || !lapics || !ioapic || !pic || n == 0 || n > 255)
        return QV_ERR_INVAL;
    r->lapics = lapics;
    r->n = n;
    r->ioapic = ioapic;
    r->pic = pic;
    r->ops = ops;
    r->ctx = ctx;
    r->lapic_ops = (struct lapic_ops){ lapic_send_ipi, lapic_eoi_broadcast };
    r->sink = (struct irq_sink){ sink_set_gsi, sink_msi, r };
    r->active_low = 0;
    r->msi_dropped = 0;
    r->lock = (spinlock_t)SPINLOCK_INIT;
    for (unsigned i = 0; i < 16; i++)
        r->isa_route[i] = (uint8_t)i;
    /* MADT interrupt source override "ISA IRQ 0 -> GSI 2"; IRQ 2 is the
     * PIC cascade and reaches no IOAPIC pin. */
    r->isa_route[0] = 2;
    r->isa_route[2] = IRQ_ROUTE_NONE;
    for (unsigned i = 0; i < n; i++)
        lapic_init(&lapics[i], i, i, i == 0, clock, &r->lapic_ops, r);
    ioapic_init(ioapic, n & 0xf, ioapic_deliver, r);
    pic_init(pic, pic_changed, r);
    return QV_OK;
}

const struct irq_sink *irq_router_sink(struct irq_router *r)
{
    return &r->sink;
}

void irq_router_set_isa_route(struct irq_router *r, unsigned isa_irq, unsigned ioapic_pin)
{
    if (isa_irq < 16)
        r->isa_route[isa_irq] = ioapic_pin < IOAPIC_PINS ? (uint8_t)ioapic_pin : IRQ_ROUTE_NONE;
}

void irq_router_set_active_low(struct irq_router *r, unsigned gsi, bool active_low)
{
    if (gsi >= IOAPIC_PINS)
        return;
    spin_lock(&r->lock);
    uint32_t bit = 1u << gsi;
    bool was = r->active_low & bit;
    if (active_low)
        r->active_low |= bit;
    else
        r->active_low &= ~bit;
    /* The idle (deasserted) electrical level flips with the polarity. */
    if (was != active_low) {
        bool line = (r->ioapic->lines >> gsi) & 1;
        ioapic_set_irq(r->ioapic, gsi, !line);
    }
    spin_unlock(&r->lock);
}

/* ---------------------------------------------------------------- entry points */

void irq_router_set_gsi(struct irq_router *r, unsigned gsi, bool level)
{
    spin_lock(&r->lock);
    set_gsi_locked(r, gsi, level);
    spin_unlock(&r->lock);
}

void irq_router_msi(struct irq_router *r, uint64_t addr, uint32_t data)
{
    spin_lock(&r->lock);
    msi_locked(r, addr, data);
    spin_unlock(&r->lock);
}

bool irq_router_has_interrupt(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return false;
    spin_lock(&r->lock);
    struct lapic *l = &r->lapics[vcpu];
    bool yes = lapic_extint_pending(l) || lapic_pending_vector(l) >= 0;
    spin_unlock(&r->lock);
    return yes;
}

int irq_router_ack_interrupt(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return -1;
    spin_lock(&r->lock);
    struct lapic *l = &r->lapics[vcpu];
    int v;
    if (lapic_extint_pending(l)) {
        /* ExtINT: the PIC supplies the vector in the INTA cycle. */
        lapic_extint_ack(l);
        v = pic_ack(r->pic);
    } else {
        v = lapic_pending_vector(l);
        if (v >= 0)
            lapic_ack(l, (uint8_t)v);
    }
    spin_unlock(&r->lock);
    return v;
}

bool irq_router_take_nmi(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return false;
    spin_lock(&r->lock);
    bool yes = lapic_nmi_pending(&r->lapics[vcpu]);
    lapic_nmi_ack(&r->lapics[vcpu]);
    spin_unlock(&r->lock);
    return yes;
}

bool irq_router_nmi_pending(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return false;
    spin_lock(&r->lock);
    bool yes = lapic_nmi_pending(&r->lapics[vcpu]);
    spin_unlock(&r->lock);
    return yes;
}

void irq_router_set_tpr(struct irq_router *r, unsigned vcpu, uint64_t cr8)
{
    if (vcpu >= r->n)
        return;
    spin_lock(&r->lock);
    lapic_set_tpr(&r->lapics[vcpu], cr8);
    spin_unlock(&r->lock);
}

uint64_t irq_router_get_tpr(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return 0;
    spin_lock(&r->lock);
    uint64_t v = lapic_get_tpr(&r->lapics[vcpu]);
    spin_unlock(&r->lock);
    return v;
}

int irq_router_msr_read(struct irq_router *r, unsigned vcpu, uint32_t msr, uint64_t *val)
{
    if (vcpu >= r->n)
        return QV_ERR_INVAL;
    spin_lock(&r->lock);
    int rc = lapic_msr_read(&r->lapics[vcpu], msr, val);
    spin_unlock(&r->lock);
    return rc;
}

int irq_router_msr_write(struct irq_router *r, unsigned vcpu, uint32_t msr, uint64_t val)
{
    if (vcpu >= r->n)
        return QV_ERR_INVAL;
    spin_lock(&r->lock);
    int rc = lapic_msr_write(&r->lapics[vcpu], msr, val);
    spin_unlock(&r->lock);
    return rc;
}

void irq_router_timer_update(struct irq_router *r, unsigned vcpu, uint64_t now_ns)
{
    if (vcpu >= r->n)
        return;
    spin_lock(&r->lock);
    struct lapic *l = &r->lapics[vcpu];
    uint64_t before = l->timer_fired;
    lapic_timer_update(l, now_ns);
    bool fired = l->timer_fired != before;
    if (fired)
        kick(r, vcpu);
    spin_unlock(&r->lock);
}

uint64_t irq_router_next_deadline_ns(struct irq_router *r, unsigned vcpu)
{
    if (vcpu >= r->n)
        return 0;
    spin_lock(&r->lock);
    uint64_t d = lapic_timer_next_deadline_ns(&r->lapics[vcpu]);
    spin_unlock(&r->lock);
    return d;
}

/* ---------------------------------------------------------------- bus glue */

static uint64_t pic_io_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint16_t base)
{
    struct irq_router *r = ctx;
    (void)v;
    spin_lock(&r->lock);
    uint64_t val = pic_port_read(r->pic, (uint16_t)(base + (off & 0xffff)), size);
    spin_unlock(&r->lock);
    return val;
}

static void pic_io_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val,
                         uint16_t base)
{
    struct irq_router *r = ctx;
    (void)v;
    spin_lock(&r->lock);
    pic_port_write(r->pic, (uint16_t)(base + (off & 0xffff)), size, val);
    spin_unlock(&r->lock);
}

#define ROUTER_PIC_OPS(name, base)                                                           \
    static uint64_t name##_rd(void *ctx, struct vcpu *v, uint64_t off, unsigned size)        \
    {                                                                                        \
        return pic_io_read(ctx, v, off, size, (base));                                       \
    }                                                                                        \
    static void name##_wr(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t x) \
    {                                                                                        \
        pic_io_write(ctx, v, off, size, x, (base));                                          \
    }                                                                                        \
    static const struct io_ops name##_ops = { name##_rd, name##_wr };

ROUTER_PIC_OPS(r_master, PIC_MASTER_PORT)
ROUTER_PIC_OPS(r_slave, PIC_SLAVE_PORT)
ROUTER_PIC_OPS(r_elcr, PIC_ELCR_PORT)

static uint64_t ioapic_rd(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct irq_router *r = ctx;
    (void)v;
    spin_lock(&r->lock);
    uint64_t val = ioapic_mmio_read(r->ioapic, off, size);
    spin_unlock(&r->lock);
    return val;
}

static void ioapic_wr(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct irq_router *r = ctx;
    (void)v;
    spin_lock(&r->lock);
    ioapic_mmio_write(r->ioapic, off, size, val);
    spin_unlock(&r->lock);
}

static const struct io_ops r_ioapic_ops = { ioapic_rd, ioapic_wr };

/* The LAPIC page is per vCPU: the accessing vCPU selects the LAPIC. Only
 * LAPICs whose IA32_APIC_BASE still points at 0xFEE00000 decode it (a
 * relocated APIC base is accepted in the MSR but not decoded elsewhere);
 * for the others the page reads all ones, like a disabled APIC. */
static struct lapic *page_owner(struct irq_router *r, struct vcpu *v)
{
    unsigned i = v ? v->id : 0;
    if (i >= r->n)
        return NULL;
    struct lapic *l = &r->lapics[i];
    if ((lapic_get_base(l) & ~0xfffull & ((1ull << 52) - 1)) != LAPIC_DEFAULT_BASE)
        return NULL;
    return l;
}

static uint64_t lapic_rd(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct irq_router *r = ctx;
    spin_lock(&r->lock);
    struct lapic *l = page_owner(r, v);
    uint64_t val = l ? lapic_mmio_read(l, off, size)
                     : size >= 8 ? ~0ull : (1ull << (8 * (size ? size : 1))) - 1;
    spin_unlock(&r->lock);
    return val;
}

static void lapic_wr(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct irq_router *r = ctx;
    spin_lock(&r->lock);
    struct lapic *l = page_owner(r, v);
    if (l)
        lapic_mmio_write(l, off, size, val);
    spin_unlock(&r->lock);
}

static const struct io_ops r_lapic_ops = { lapic_rd, lapic_wr };

int irq_router_register(struct irq_router *r, struct iobus *bus)
{
    int rc = iobus_register_pio(bus, PIC_MASTER_PORT, 2, &r_master_ops, r, "pic-master");
    if (rc == 0)
        rc = iobus_register_pio(bus, PIC_SLAVE_PORT, 2, &r_slave_ops, r, "pic-slave");
    if (rc == 0)
        rc = iobus_register_pio(bus, PIC_ELCR_PORT, 2, &r_elcr_ops, r, "pic-elcr");
    if (rc == 0)
        rc = iobus_register_mmio(bus, IOAPIC_DEFAULT_BASE, IOAPIC_MMIO_SIZE, &r_ioapic_ops, r,
                                 "ioapic");
    if (rc == 0)
        rc = iobus_register_mmio(bus, LAPIC_DEFAULT_BASE, LAPIC_MMIO_SIZE, &r_lapic_ops, r,
                                 "lapic");
    return rc;
}
