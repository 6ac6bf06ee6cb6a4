/* Dual 8259A PIC model; see pic8259.h. Section names refer to the Intel
 * 8259A datasheet (order no. 231468) and, for the ELCR, the Intel 82371
 * PIIX3 datasheet section 2.4.7 ("ELCR1/ELCR2 - Edge/Level Control"). */
#include "devices/pic8259.h"
#include "core/vm/iobus.h"

#define ICW1_IC4 0x01
#define ICW1_SNGL 0x02
#define ICW1_LTIM 0x08
#define ICW1_SEL 0x10      /* D4 = 1 on A0 = 0 selects ICW1 */
#define OCW3_SEL 0x08      /* D4 = 0, D3 = 1 selects OCW3 */
#define OCW3_RIS 0x01
#define OCW3_RR 0x02
#define OCW3_P 0x04
#define OCW3_SMM 0x20
#define OCW3_ESMM 0x40
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10

static bool is_level(const struct pic_chip *c, uint8_t bit)
{
    return c->ltim || (c->elcr & bit);
}

/* Priority rank of the highest-priority bit in `mask` (0 = highest) given
 * the rotation state ("Priority Rotation": the IR after `lowest` has the
 * highest priority); 8 when mask is empty. */
static unsigned rank(const struct pic_chip *c, uint8_t mask)
{
    for (unsigned i = 0; i < 8; i++)
        if (mask & (1u << ((c->lowest + 1 + i) & 7)))
            return i;
    return 8;
}

static unsigned rank_to_irq(const struct pic_chip *c, unsigned r)
{
    return (c->lowest + 1 + r) & 7;
}

/* Priority resolver ("Interrupt Sequence"): the highest-priority unmasked
 * request that outranks everything in service, or -1. In special mask mode
 * masked in-service levels do not inhibit others ("Special Mask Mode"); in
 * special fully nested mode the cascade's in-service bit does not block
 * further (higher-priority) slave requests. */
static int chip_pending(const struct pic_chip *c, bool master)
{
    unsigned req = rank(c, (uint8_t)(c->irr & ~c->imr));
    if (req == 8)
        return -1;
    uint8_t in_service = c->isr;
    if (c->special_mask)
        in_service &= (uint8_t)~c->imr;
    if (master && c->sfnm)
        in_service &= (uint8_t)~(1u << PIC_CASCADE_IRQ);
    if (req < rank(c, in_service))
        return (int)rank_to_irq(c, req);
    return -1;
}

static void update(struct pic *p)
{
    struct pic_chip *m = &p->chip[0];
    /* The slave's INT output drives master IR2 as a level. */
    const uint8_t casc = 1u << PIC_CASCADE_IRQ;
    if (!m->single && chip_pending(&p->chip[1], false) >= 0) {
        m->irr |= casc;
        m->lines |= casc;
    } else {
        m->irr &= (uint8_t)~casc;
        m->lines &= (uint8_t)~casc;
    }
    bool out = chip_pending(m, true) >= 0;
    if (out != p->output) {
        p->output = out;
        if (p->intr_changed)
            p->intr_changed(p->ctx, out);
    }
}

/* First INTA pulse on one chip: IRR -> ISR (or nothing in AEOI mode, with
 * rotation if enabled: "Automatic Rotation"). An edge request is consumed;
 * a level request stays in IRR while the input stays high. */
static void chip_accept(struct pic_chip *c, unsigned irq)
{
    uint8_t bit = (uint8_t)(1u << irq);
    if (!is_level(c, bit))
        c->irr &= (uint8_t)~bit;
    if (c->auto_eoi) {
        if (c->rotate_on_aeoi)
            c->lowest = (uint8_t)irq;
    } else {
        c->isr |= bit;
    }
}

static void chip_reset(struct pic_chip *c, uint8_t base, uint8_t icw3, uint8_t elcr_mask)
{
    *c = (struct pic_chip){ 0 };
    c->vector_base = base;
    c->icw3 = icw3;
    c->imr = 0xff;
    c->lowest = 7;
    c->icw4_needed = true;
    c->elcr_mask = elcr_mask;
}

void pic_init(struct pic *p, void (*intr_changed)(void *ctx, bool asserted), void *ctx)
{
    /* PIIX3 2.4.7: ELCR1 bits 0-2 and ELCR2 bits 0 and 5 (IRQ 0, 1, 2, 8, 13)
     * must stay edge-triggered. */
    chip_reset(&p->chip[0], 0x08, 1u << PIC_CASCADE_IRQ, 0xf8);
    chip_reset(&p->chip[1], 0x70, PIC_CASCADE_IRQ, 0xde);
    p->output = false;
    p->intr_changed = intr_changed;
    p->ctx = ctx;
}

void pic_set_irq(struct pic *p, unsigned irq, bool level)
{
    if (irq >= 16 || irq == PIC_CASCADE_IRQ)
        return;
    struct pic_chip *c = &p->chip[irq >> 3];
    uint8_t bit = (uint8_t)(1u << (irq & 7));
    if (is_level(c, bit)) {
        /* Level-triggered: IRR follows the input, so a request that goes
         * away before INTA ends up as a spurious IRQ 7/15. */
        if (level)
            c->irr |= bit;
        else
            c->irr &= (uint8_t)~bit;
    } else if (level && !(c->lines & bit)) {
        c->irr |= bit;   /* edge: latched on the low-to-high transition */
    }
    if (level)
        c->lines |= bit;
    else
        c->lines &= (uint8_t)~bit;
    update(p);
}

bool pic_has_interrupt(const struct pic *p)
{
    return p->output;
}

int pic_ack(struct pic *p)
{
    struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
    int irq = chip_pending(m, true);
    int vec;
    if (irq < 0) {
        vec = m->vector_base + 7;           /* "Spurious IR7": no ISR bit */
    } else {
        chip_accept(m, (unsigned)irq);
        if (irq == PIC_CASCADE_IRQ && !m->single) {
            /* The slave supplies the vector ("Cascading"). If its request
             * vanished it answers IR7 (IRQ 15) without setting its ISR; the
             * master's ISR bit 2 is set and the guest must EOI the master. */
            int sirq = chip_pending(s, false);
            if (sirq < 0) {
                vec = s->vector_base + 7;
            } else {
                chip_accept(s, (unsigned)sirq);
                vec = s->vector_base + sirq;
            }
        } else {
            vec = m->vector_base + irq;
        }
    }
    update(p);
    return vec & 0xff;
}

static void icw1(struct pic_chip *c, uint8_t val)
{
    /* "Initialization Command Words": the edge sense circuit is reset (an
     * input already high needs a new rising edge), IMR cleared, IR7 gets
     * the lowest priority, special mask mode cleared, status read = IRR. */
    c->init_step = 2;
    c->icw4_needed = val & ICW1_IC4;
    c->single = val & ICW1_SNGL;
    c->ltim = val & ICW1_LTIM;
    c->imr = 0;
    c->isr = 0;
    c->irr = 0;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t bit = (uint8_t)(1u << i);
        if (is_level(c, bit) && (c->lines & bit))
            c->irr |= bit;
    }
    c->lowest = 7;
    c->special_mask = false;
    c->read_isr = false;
    c->poll = false;
    c->rotate_on_aeoi = false;
    if (!c->icw4_needed) {
        /* IC4 = 0: all ICW4 functions are cleared. */
        c->auto_eoi = false;
        c->sfnm = false;
    }
}

static void ocw2(struct pic_chip *c, uint8_t val)
{
    unsigned level = val & 7;
    int top = -1;
    unsigned r = rank(c, c->isr);
    if (r < 8)
        top = (int)rank_to_irq(c, r);
    switch (val >> 5) {
    case 0: c->rotate_on_aeoi = false; break;     /* clear rotate in AEOI mode */
    case 4: c->rotate_on_aeoi = true; break;      /* set rotate in AEOI mode */
    case 1:                                       /* non-specific EOI */
        if (top >= 0)
            c->isr &= (uint8_t)~(1u << top);
        break;
    case 5:                                       /* rotate on non-specific EOI */
        if (top >= 0) {
            c->isr &= (uint8_t)~(1u << top);
            c->lowest = (uint8_t)top;
        }
        break;
    case 3:                                       /* specific EOI */
        c->isr &= (uint8_t)~(1u << level);
        break;
    case 7:                                       /* rotate on specific EOI */
        c->isr &= (uint8_t)~(1u << level);
        c->lowest = (uint8_t)level;
        break;
    case 6:                                       /* set priority command */
        c->lowest = (uint8_t)level;
        break;
    default:                                      /* 2: no operation */
        break;
    }
}

static void chip_cmd_write(struct pic_chip *c, uint8_t val)
{
    if (val & ICW1_SEL) {
        icw1(c, val);
    } else if (val & OCW3_SEL) {
        if (val & OCW3_P)
            c->poll = true;
        if (val & OCW3_RR)
            c->read_isr = val & OCW3_RIS;
        if (val & OCW3_ESMM)
            c->special_mask = val & OCW3_SMM;
    } else {
        ocw2(c, val);
    }
}

static void chip_data_write(struct pic_chip *c, uint8_t val)
{
    switch (c->init_step) {
    case 2:  /* ICW2: T7-T3 of the vector (8086 mode) */
        c->vector_base = val & 0xf8;
        c->init_step = c->single ? (c->icw4_needed ? 4 : 0) : 3;
        break;
    case 3:  /* ICW3: slave map / slave ID; the PC wiring is fixed to IR2 */
        c->icw3 = val;
        c->init_step = c->icw4_needed ? 4 : 0;
        break;
    case 4:  /* ICW4: uPM (8080 mode is not modelled), AEOI, BUF/MS, SFNM */
        c->auto_eoi = val & ICW4_AEOI;
        c->sfnm = val & ICW4_SFNM;
        c->init_step = 0;
        break;
    default: /* OCW1 */
        c->imr = val;
        break;
    }
}

static void elcr_write(struct pic_chip *c, uint8_t val)
{
    c->elcr = val & c->elcr_mask;
    /* An input that became level-triggered requests while it is high. */
    for (unsigned i = 0; i < 8; i++) {
        uint8_t bit = (uint8_t)(1u << i);
        if (is_level(c, bit)) {
            if (c->lines & bit)
                c->irr |= bit;
            else
                c->irr &= (uint8_t)~bit;
        }
    }
}

static uint8_t port_read_byte(struct pic *p, uint16_t port)
{
    switch (port) {
    case PIC_MASTER_PORT:
    case PIC_SLAVE_PORT: {
        unsigned idx = port == PIC_SLAVE_PORT;
        struct pic_chip *c = &p->chip[idx];
        if (c->poll) {
            /* "The Poll Command": the read acts as INTA; W7 = request
             * present, W2-W0 = highest-priority level. */
            c->poll = false;
            int irq = chip_pending(c, idx == 0);
            if (irq < 0)
                return 0;
            chip_accept(c, (unsigned)irq);
            update(p);
            return (uint8_t)(0x80 | irq);
        }
        return c->read_isr ? c->isr : c->irr;
    }
    case PIC_MASTER_PORT + 1: return p->chip[0].imr;
    case PIC_SLAVE_PORT + 1: return p->chip[1].imr;
    case PIC_ELCR_PORT: return p->chip[0].elcr;
    case PIC_ELCR_PORT + 1: return p->chip[1].elcr;
    default: return 0xff;
    }
}

static void port_write_byte(struct pic *p, uint16_t port, uint8_t val)
{
    switch (port) {
    case PIC_MASTER_PORT: chip_cmd_write(&p->chip[0], val); break;
    case PIC_SLAVE_PORT: chip_cmd_write(&p->chip[1], val); break;
    case PIC_MASTER_PORT + 1: chip_data_write(&p->chip[0], val); break;
    case PIC_SLAVE_PORT + 1: chip_data_write(&p->chip[1], val); break;
    case PIC_ELCR_PORT: elcr_write(&p->chip[0], val); break;
    case PIC_ELCR_PORT + 1: elcr_write(&p->chip[1], val); break;
    default: return;
    }
    update(p);
}

/* The registers are 8 bits wide; a wider access is a sequence of byte
 * accesses to consecutive ports (how the ISA bus splits it). */
uint64_t pic_port_read(struct pic *p, uint16_t port, unsigned size)
{
    if (size > 8)
        size = 8;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)port_read_byte(p, (uint16_t)(port + i)) << (8 * i);
    return v;
}

void pic_port_write(struct pic *p, uint16_t port, unsigned size, uint64_t value)
{
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++)
        port_write_byte(p, (uint16_t)(port + i), (uint8_t)(value >> (8 * i)));
}

#define PIC_OPS(name, base)                                                              \
    static uint64_t name##_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)  \
    {                                                                                    \
        (void)v;                                                                         \
        return pic_port_read(ctx, (uint16_t)((base) + (off & 0xffff)), size);            \
    }                                                                                    \
    static void name##_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size,     \
                             uint64_t val)                                               \
    {                                                                                    \
        (void)v;                                                                         \
        pic_port_write(ctx, (uint16_t)((base) + (off & 0xffff)), size, val);             \
    }                                                                                    \
    static const struct io_ops name##_ops = { name##_read, name##_write };

PIC_OPS(io_master, PIC_MASTER_PORT)
PIC_OPS(io_slave, PIC_SLAVE_PORT)
PIC_OPS(io_elcr, PIC_ELCR_PORT)

int pic_register(struct iobus *bus, struct pic *p)
{
    int rc = iobus_register_pio(bus, PIC_MASTER_PORT, 2, &io_master_ops, p, "pic-master");
    if (rc == 0)
        rc = iobus_register_pio(bus, PIC_SLAVE_PORT, 2, &io_slave_ops, p, "pic-slave");
    if (rc == 0)
        rc = iobus_register_pio(bus, PIC_ELCR_PORT, 2, &io_elcr_ops, p, "pic-elcr");
    return rc;
}
