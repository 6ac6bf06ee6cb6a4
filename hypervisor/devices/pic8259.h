/* Dual Intel 8259A programmable interrupt controller as wired in a PC/AT:
 * master at ports 0x20/0x21, slave at 0xA0/0xA1 cascaded on master IR2, and
 * the PIIX/ICH edge/level control registers (ELCR) at 0x4D0/0x4D1.
 *
 * Pure logic: the guest programs it through the io_ops registered by
 * pic_register(); devices drive inputs with pic_set_irq(); the VM asks
 * pic_has_interrupt() and runs the INTA cycle with pic_ack(). Every change of
 * the master's INT output is reported through intr_changed so the VM can
 * raise LINT0 (ExtINT) of vCPU 0. See docs/interrupts.md. */
#ifndef QV_DEVICES_PIC8259_H
#define QV_DEVICES_PIC8259_H
#include "lib/types.h"

struct iobus;

#define PIC_MASTER_PORT 0x20
#define PIC_SLAVE_PORT 0xA0
#define PIC_ELCR_PORT 0x4D0
#define PIC_CASCADE_IRQ 2

/* One 8259A (Intel 8259A datasheet, "Programming the 8259A"). */
struct pic_chip {
    uint8_t irr;          /* interrupt request register */
    uint8_t isr;          /* in-service register */
    uint8_t imr;          /* interrupt mask register (OCW1) */
    uint8_t lines;        /* current level of the IR inputs (edge detection) */
    uint8_t elcr;         /* 1 = level-triggered input (PIIX ELCR) */
    uint8_t elcr_mask;    /* ELCR bits that are writable */
    uint8_t vector_base;  /* ICW2 T7-T3 */
    uint8_t lowest;       /* IR with the lowest priority (rotation state) */
    uint8_t icw3;
    uint8_t init_step;    /* 0: operational; 2/3/4: expecting ICW2/3/4 */
    bool icw4_needed;
    bool single;          /* ICW1 SNGL: no cascade */
    bool ltim;            /* ICW1 LTIM: all inputs level-triggered */
    bool auto_eoi;        /* ICW4 AEOI */
    bool rotate_on_aeoi;  /* OCW2 R=1 SL=0 EOI=0 */
    bool sfnm;            /* ICW4 special fully nested mode (master) */
    bool special_mask;    /* OCW3 SMM */
    bool read_isr;        /* OCW3 RR/RIS: next command-port read returns ISR */
    bool poll;            /* OCW3 P: next command-port read is a poll */
};

struct pic {
    struct pic_chip chip[2];   /* 0 = master, 1 = slave */
    bool output;               /* master INT pin */
    /* Called whenever the master INT output changes. */
    void (*intr_changed)(void *ctx, bool asserted);
    void *ctx;
};

/* Power-on state as a PC BIOS leaves it: ICW1-4 done (vectors 0x08 and 0x70,
 * cascade on IR2, 8086 mode, normal EOI), every input masked, all edge. */
void pic_init(struct pic *p, void (*intr_changed)(void *ctx, bool asserted), void *ctx);
/* Claims 0x20-0x21, 0xA0-0xA1, 0x4D0-0x4D1. Returns 0 or a QV_ERR_* code. */
int pic_register(struct iobus *bus, struct pic *p);
/* Drive input irq 0..15 (out-of-range numbers are ignored). IRQ 2 is the
 * cascade input and is ignored too (the slave drives it). */
void pic_set_irq(struct pic *p, unsigned irq, bool level);
/* Master INT output asserted. */
bool pic_has_interrupt(const struct pic *p);
/* INTA cycle: returns the vector to deliver (IRR -> ISR unless AEOI); the
 * IRQ7 / IRQ15 vector (without setting ISR) when the request vanished. */
int pic_ack(struct pic *p);

/* Register access, exposed for tests and fuzzers (port = absolute I/O port,
 * size 1, 2 or 4: wider accesses touch consecutive ports). */
uint64_t pic_port_read(struct pic *p, uint16_t port, unsigned size);
void pic_port_write(struct pic *p, uint16_t port, unsigned size, uint64_t value);
#endif
