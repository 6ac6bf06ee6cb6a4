/* 8259A model against the Intel 8259A datasheet behaviours. */
#include "qtest.h"
#include "devices/pic8259.h"
#include "core/vm/iobus.h"

static int changes, last_level;

static void on_change(void *ctx, bool asserted)
{
    (void)ctx;
    changes++;
    last_level = asserted;
}

static void out(struct pic *p, uint16_t port, uint8_t v) { pic_port_write(p, port, 1, v); }
static uint8_t in(struct pic *p, uint16_t port) { return (uint8_t)pic_port_read(p, port, 1); }

/* Linux's init_8259A sequence: ICW1 edge+ICW4, vectors 0x30/0x38. */
static void setup(struct pic *p)
{
    changes = 0;
    last_level = 0;
    pic_init(p, on_change, NULL);
    out(p, 0x20, 0x11); out(p, 0x21, 0x30); out(p, 0x21, 0x04); out(p, 0x21, 0x01);
    out(p, 0xa0, 0x11); out(p, 0xa1, 0x38); out(p, 0xa1, 0x02); out(p, 0xa1, 0x01);
    out(p, 0x21, 0x00);
    out(p, 0xa1, 0x00);
}

static uint8_t read_isr(struct pic *p, uint16_t port)
{
    out(p, port, 0x0b);
    uint8_t v = in(p, port);
    out(p, port, 0x0a);
    return v;
}

QTEST(pic_power_on_state_masked)
{
    struct pic p;
    pic_init(&p, on_change, NULL);
    QCHECK_EQ(in(&p, 0x21), 0xff);
    QCHECK_EQ(in(&p, 0xa1), 0xff);
    pic_set_irq(&p, 1, true);
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x21, 0xfd);
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x09);   /* BIOS vector base 0x08 */
}

QTEST(pic_init_sequence_and_edge_delivery)
{
    struct pic p;
    setup(&p);
    QCHECK(!pic_has_interrupt(&p));
    pic_set_irq(&p, 1, true);
    pic_set_irq(&p, 1, false);          /* a pulse is latched */
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(changes, 1);
    QCHECK_EQ(last_level, 1);
    QCHECK_EQ(in(&p, 0x20), 0x02);      /* IRR (default read register) */
    QCHECK_EQ(pic_ack(&p), 0x31);
    QCHECK(!pic_has_interrupt(&p));
    QCHECK_EQ(last_level, 0);
    QCHECK_EQ(read_isr(&p, 0x20), 0x02);
    QCHECK_EQ(in(&p, 0x20), 0x00);      /* edge request consumed */
    out(&p, 0x20, 0x20);                /* non-specific EOI */
    QCHECK_EQ(read_isr(&p, 0x20), 0x00);
    QCHECK(!pic_has_interrupt(&p));
}

QTEST(pic_edge_needs_new_rising_edge)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 3, true);
    QCHECK_EQ(pic_ack(&p), 0x33);
    out(&p, 0x20, 0x20);
    pic_set_irq(&p, 3, true);           /* still high: no new edge */
    QCHECK(!pic_has_interrupt(&p));
    pic_set_irq(&p, 3, false);
    pic_set_irq(&p, 3, true);
    QCHECK(pic_has_interrupt(&p));
}

QTEST(pic_mask_holds_request)
{
    struct pic p;
    setup(&p);
    out(&p, 0x21, 0x10);
    pic_set_irq(&p, 4, true);
    QCHECK(!pic_has_interrupt(&p));
    QCHECK_EQ(in(&p, 0x20), 0x10);      /* IRR records it anyway */
    QCHECK_EQ(in(&p, 0x21), 0x10);
    out(&p, 0x21, 0x00);
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x34);
}

QTEST(pic_fixed_priority_and_nesting)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 5, true);
    pic_set_irq(&p, 3, true);
    QCHECK_EQ(pic_ack(&p), 0x33);       /* IR3 outranks IR5 */
    QCHECK(!pic_has_interrupt(&p));     /* IR5 blocked by IR3 in service */
    pic_set_irq(&p, 1, true);
    QCHECK(pic_has_interrupt(&p));      /* IR1 nests */
    QCHECK_EQ(pic_ack(&p), 0x31);
    QCHECK_EQ(read_isr(&p, 0x20), 0x0a);
    out(&p, 0x20, 0x20);                /* clears IR1 (highest) */
    QCHECK_EQ(read_isr(&p, 0x20), 0x08);
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x20, 0x20);
    QCHECK_EQ(pic_ack(&p), 0x35);
}

QTEST(pic_specific_eoi)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 6, true);
    QCHECK_EQ(pic_ack(&p), 0x36);
    pic_set_irq(&p, 2, true);       /* cascade input is not a device input */
    QCHECK(!pic_has_interrupt(&p));
    pic_set_irq(&p, 0, true);
    QCHECK_EQ(pic_ack(&p), 0x30);
    out(&p, 0x20, 0x66);                /* specific EOI for IR6 */
    QCHECK_EQ(read_isr(&p, 0x20), 0x01);
}

QTEST(pic_level_retriggers_and_spurious_irq7)
{
    struct pic p;
    setup(&p);
    pic_port_write(&p, 0x4d0, 1, 0x20);  /* IRQ5 level */
    QCHECK_EQ(pic_port_read(&p, 0x4d0, 1), 0x20);
    pic_set_irq(&p, 5, true);
    QCHECK_EQ(pic_ack(&p), 0x35);
    QCHECK_EQ(in(&p, 0x20), 0x20);      /* level: IRR follows the line */
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x20, 0x20);
    QCHECK(pic_has_interrupt(&p));      /* still asserted: fires again */
    QCHECK_EQ(pic_ack(&p), 0x35);
    out(&p, 0x20, 0x20);
    pic_set_irq(&p, 5, false);
    QCHECK(!pic_has_interrupt(&p));
    /* Request gone before INTA: spurious IR7, ISR untouched. */
    QCHECK_EQ(pic_ack(&p), 0x37);
    QCHECK_EQ(read_isr(&p, 0x20), 0x00);
}

QTEST(pic_elcr_reserved_bits)
{
    struct pic p;
    setup(&p);
    pic_port_write(&p, 0x4d0, 2, 0xffff);
    QCHECK_EQ(pic_port_read(&p, 0x4d0, 2), 0xdef8);   /* IRQ0-2, 8, 13 edge only */
}

QTEST(pic_cascaded_slave)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 10, true);
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(in(&p, 0x20), 0x04);      /* master sees IR2 */
    QCHECK_EQ(pic_ack(&p), 0x3a);
    QCHECK_EQ(read_isr(&p, 0x20), 0x04);
    QCHECK_EQ(read_isr(&p, 0xa0), 0x04);
    pic_set_irq(&p, 1, true);           /* higher than IR2 on the master */
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x31);
    out(&p, 0x20, 0x20);                /* EOI IR1 */
    pic_set_irq(&p, 9, true);           /* blocked: master IR2 in service */
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0xa0, 0x20);
    out(&p, 0x20, 0x20);
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x39);
    /* Slave masked: nothing reaches the master. */
    out(&p, 0xa0, 0x20); out(&p, 0x20, 0x20);
    out(&p, 0xa1, 0x10);
    pic_set_irq(&p, 12, true);
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x21, 0x04);                /* mask the cascade itself */
    out(&p, 0xa1, 0x00);
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x21, 0x00);
    QCHECK_EQ(pic_ack(&p), 0x3c);
}

QTEST(pic_special_fully_nested_mode)
{
    struct pic p;
    setup(&p);
    out(&p, 0x20, 0x11); out(&p, 0x21, 0x30); out(&p, 0x21, 0x04); out(&p, 0x21, 0x11);
    out(&p, 0x21, 0x00);
    pic_set_irq(&p, 12, true);
    QCHECK_EQ(pic_ack(&p), 0x3c);
    pic_set_irq(&p, 9, true);           /* higher-priority slave request passes */
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x39);
}

QTEST(pic_auto_eoi)
{
    struct pic p;
    setup(&p);
    out(&p, 0x20, 0x11); out(&p, 0x21, 0x30); out(&p, 0x21, 0x04); out(&p, 0x21, 0x03);
    out(&p, 0x21, 0x00);
    pic_set_irq(&p, 4, true);
    QCHECK_EQ(pic_ack(&p), 0x34);
    QCHECK_EQ(read_isr(&p, 0x20), 0x00);
    pic_set_irq(&p, 6, true);
    QCHECK(pic_has_interrupt(&p));      /* nothing in service blocks */
}

QTEST(pic_rotation)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 0, true);
    QCHECK_EQ(pic_ack(&p), 0x30);
    out(&p, 0x20, 0xa0);                /* rotate on non-specific EOI: IR0 lowest */
    pic_set_irq(&p, 0, false);
    pic_set_irq(&p, 0, true);
    pic_set_irq(&p, 7, true);
    QCHECK_EQ(pic_ack(&p), 0x37);       /* IR7 now outranks IR0 */
    out(&p, 0x20, 0xe7);                /* rotate on specific EOI: IR7 lowest */
    pic_set_irq(&p, 7, false);
    pic_set_irq(&p, 7, true);
    QCHECK_EQ(pic_ack(&p), 0x30);
    out(&p, 0x20, 0x20);
    out(&p, 0x20, 0xc3);                /* set priority: IR3 lowest, IR4 highest */
    pic_set_irq(&p, 3, true);
    pic_set_irq(&p, 4, true);
    QCHECK_EQ(pic_ack(&p), 0x34);
}

QTEST(pic_rotate_in_aeoi_mode)
{
    struct pic p;
    setup(&p);
    out(&p, 0x20, 0x11); out(&p, 0x21, 0x30); out(&p, 0x21, 0x04); out(&p, 0x21, 0x03);
    out(&p, 0x21, 0x00);
    out(&p, 0x20, 0x80);                /* set rotate in AEOI */
    pic_set_irq(&p, 1, true);
    QCHECK_EQ(pic_ack(&p), 0x31);
    pic_set_irq(&p, 1, false);
    pic_set_irq(&p, 1, true);
    pic_set_irq(&p, 5, true);
    QCHECK_EQ(pic_ack(&p), 0x35);       /* IR1 became lowest */
}

QTEST(pic_poll_command)
{
    struct pic p;
    setup(&p);
    out(&p, 0x20, 0x0c);
    QCHECK_EQ(in(&p, 0x20), 0x00);      /* nothing pending */
    pic_set_irq(&p, 6, true);
    out(&p, 0x20, 0x0c);
    QCHECK_EQ(in(&p, 0x20), 0x86);
    QCHECK_EQ(read_isr(&p, 0x20), 0x40);
    QCHECK(!pic_has_interrupt(&p));
}

QTEST(pic_special_mask_mode)
{
    struct pic p;
    setup(&p);
    pic_set_irq(&p, 3, true);
    QCHECK_EQ(pic_ack(&p), 0x33);
    pic_set_irq(&p, 5, true);
    QCHECK(!pic_has_interrupt(&p));
    out(&p, 0x21, 0x08);                /* mask IR3 */
    out(&p, 0x20, 0x68);                /* set special mask mode */
    QCHECK(pic_has_interrupt(&p));
    QCHECK_EQ(pic_ack(&p), 0x35);
    out(&p, 0x20, 0x48);                /* reset special mask mode */
    out(&p, 0x20, 0x65);                /* specific EOI IR5 */
    pic_set_irq(&p, 5, false);
    pic_set_irq(&p, 5, true);
    QCHECK(!pic_has_interrupt(&p));     /* IR3 still in service blocks */
}

QTEST(pic_reinit_clears_state)
{
    struct pic p;
    setup(&p);
    out(&p, 0x21, 0x54);
    pic_set_irq(&p, 0, true);
    QCHECK_EQ(pic_ack(&p), 0x30);
    out(&p, 0x20, 0x11);
    QCHECK_EQ(in(&p, 0x21), 0x00);      /* IMR cleared by ICW1 */
    out(&p, 0x21, 0x40); out(&p, 0x21, 0x04); out(&p, 0x21, 0x01);
    QCHECK_EQ(read_isr(&p, 0x20), 0x00);
    QCHECK(!pic_has_interrupt(&p));     /* IR0 still high: needs a new edge */
    QCHECK_EQ(in(&p, 0x21), 0x00);      /* ICWs did not touch IMR */
    pic_set_irq(&p, 0, false);
    pic_set_irq(&p, 0, true);
    QCHECK_EQ(pic_ack(&p), 0x40);
}

QTEST(pic_wide_access_and_registration)
{
    struct pic p;
    setup(&p);
    out(&p, 0x21, 0x5a);
    pic_set_irq(&p, 0, true);
    QCHECK_EQ(pic_port_read(&p, 0x20, 2), 0x5a01);
    QCHECK_EQ(pic_port_read(&p, 0x21, 2), 0xff5a);  /* 0x22 is not ours */
    struct iobus bus = { 0 };
    QCHECK_EQ(pic_register(&bus, &p), 0);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0xa1, 1), 0x00);
    iobus_pio_write(&bus, NULL, 0xa1, 1, 0x77);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0xa1, 1), 0x77);
    QCHECK(pic_register(&bus, &p) != 0);
}
