/* 16550A UART against the PC16550D datasheet: register access, divisor latch,
 * loopback, FIFO trigger levels and timeout, IIR priorities, THRE interrupt
 * semantics, overrun and modem-status deltas. */
#include "qtest.h"
#include <string.h>
#include "devices/uart16550.h"

struct tclock { uint64_t now; };
static uint64_t tclock_now(void *ctx) { return ((struct tclock *)ctx)->now; }
static void rec_set(void *ctx, unsigned gsi, bool level) { (void)gsi; *(bool *)ctx = level; }

struct ufix {
    struct tclock tc;
    struct vclock clk;
    bool level;
    struct irq_sink sink;
    struct irq_line line;
    struct uart16550 u;
    uint8_t out[64];
    unsigned nout;
};

static void tx_cb(void *ctx, uint8_t b)
{
    struct ufix *f = ctx;
    if (f->nout < sizeof f->out)
        f->out[f->nout++] = b;
}

static void setup(struct ufix *f)
{
    memset(f, 0, sizeof *f);
    f->tc.now = 1000;
    f->clk = (struct vclock){ tclock_now, &f->tc };
    f->sink = (struct irq_sink){ rec_set, NULL, &f->level };
    f->line = (struct irq_line){ &f->sink, UART_COM1_IRQ };
    uart_init(&f->u, &f->clk, &f->line, tx_cb, f);
}

static void wr(struct ufix *f, unsigned reg, uint8_t v) { uart_io_write(&f->u, NULL, reg, 1, v); }
static uint8_t rd(struct ufix *f, unsigned reg) { return (uint8_t)uart_io_read(&f->u, NULL, reg, 1); }

QTEST(uart_reset_state_and_transmit)
{
    struct ufix f;
    setup(&f);
    QCHECK_EQ(rd(&f, 2), 0x01);              /* no interrupt, FIFOs off */
    QCHECK_EQ(rd(&f, 3), 0x03);
    QCHECK_EQ(rd(&f, 5), 0x60);              /* THRE | TEMT */
    QCHECK_EQ(rd(&f, 6) & 0xf0, 0xb0);       /* DCD, DSR, CTS from the host side */
    wr(&f, 0, 'h');
    wr(&f, 0, 'i');
    QCHECK_EQ(f.nout, 2);
    QCHECK_MEM(f.out, "hi", 2);
    wr(&f, 7, 0x5a);
    QCHECK_EQ(rd(&f, 7), 0x5a);
    QCHECK(!f.level);
}

QTEST(uart_divisor_latch)
{
    struct ufix f;
    setup(&f);
    wr(&f, 1, 0x05);                         /* IER */
    wr(&f, 3, 0x83);                         /* DLAB */
    wr(&f, 0, 0x01);
    wr(&f, 1, 0x00);                         /* 115200 baud */
    QCHECK_EQ(rd(&f, 0), 0x01);
    QCHECK_EQ(rd(&f, 1), 0x00);
    wr(&f, 0, 'x');                          /* DLL write: not transmitted */
    QCHECK_EQ(f.nout, 0);
    wr(&f, 3, 0x03);
    QCHECK_EQ(rd(&f, 1), 0x05);              /* IER back */
    QCHECK_EQ(f.u.dll, 'x');
    /* IER bits 7:4 are always 0. */
    wr(&f, 1, 0xff);
    QCHECK_EQ(rd(&f, 1), 0x0f);
}

QTEST(uart_loopback)
{
    struct ufix f;
    setup(&f);
    wr(&f, 4, 0x10);                         /* LOOP */
    QCHECK_EQ(rd(&f, 6), 0x0b);              /* lines dropped: DCTS, DDSR, DDCD */
    QCHECK_EQ(rd(&f, 6), 0x00);              /* deltas cleared by the read */
    wr(&f, 0, 'A');
    QCHECK_EQ(f.nout, 0);                    /* nothing goes out */
    QCHECK_EQ(rd(&f, 5) & 0x01, 1);
    QCHECK_EQ(rd(&f, 0), 'A');
    QCHECK_EQ(rd(&f, 5) & 0x01, 0);
    /* Modem outputs loop back: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
    wr(&f, 4, 0x10 | 0x01);
    QCHECK_EQ(rd(&f, 6), 0x20 | 0x02);
    wr(&f, 4, 0x10 | 0x02 | 0x04 | 0x08);
    QCHECK_EQ(rd(&f, 6), 0x10 | 0x40 | 0x80 | 0x01 | 0x02 | 0x08);
    wr(&f, 4, 0x10);
    QCHECK_EQ(rd(&f, 6), 0x01 | 0x04 | 0x08);   /* TERI on RI falling */
    /* The serial input is disconnected. */
    QCHECK_EQ(uart_receive(&f.u, "zz", 2), 0);
    QCHECK_EQ(uart_rx_room(&f.u), 0);
    QCHECK_EQ(rd(&f, 5) & 0x01, 0);
}

QTEST(uart_rx_fifo_trigger_levels)
{
    static const uint8_t fcr_bits[4] = { 0x00, 0x40, 0x80, 0xc0 };
    static const unsigned levels[4] = { 1, 4, 8, 14 };
    for (unsigned l = 0; l < 4; l++) {
        struct ufix f;
        setup(&f);
        wr(&f, 4, 0x08);                     /* OUT2: IRQ reaches the PIC */
        wr(&f, 2, (uint8_t)(0x07 | fcr_bits[l]));
        wr(&f, 1, 0x01);                     /* RDA */
        QCHECK_EQ(rd(&f, 2), 0xc1);
        for (unsigned i = 0; i + 1 < levels[l]; i++)
            uart_receive(&f.u, "a", 1);
        QCHECK_EQ(rd(&f, 2), 0xc1);          /* below the trigger */
        QCHECK(!f.level);
        uart_receive(&f.u, "b", 1);
        QCHECK_EQ(rd(&f, 2), 0xc4);
        QCHECK(f.level);
        rd(&f, 0);                           /* one below again */
        if (levels[l] > 1) {
            QCHECK_EQ(rd(&f, 2), 0xc1);
            QCHECK(!f.level);
        }
    }
}

QTEST(uart_fifo_timeout_interrupt)
{
    struct ufix f;
    setup(&f);
    wr(&f, 3, 0x83);
    wr(&f, 0, 1);                            /* 115200 baud */
    wr(&f, 3, 0x03);                         /* 8N1: 10 bits, 86.8 us per char */
    wr(&f, 4, 0x08);
    wr(&f, 2, 0xc1);                         /* FIFO, trigger 14 */
    wr(&f, 1, 0x01);
    uart_receive(&f.u, "abc", 3);
    uint64_t deadline = f.tc.now + 4 * (10ull * 1000000000 / 115200);
    QCHECK_EQ(uart_next_event_ns(&f.u), deadline);
    f.tc.now = deadline - 1;
    uart_update(&f.u, f.tc.now);
    QCHECK(!f.level);
    QCHECK_EQ(rd(&f, 2), 0xc1);
    f.tc.now = deadline;
    uart_update(&f.u, f.tc.now);
    QCHECK(f.level);
    QCHECK_EQ(uart_next_event_ns(&f.u), 0);  /* already signalled */
    QCHECK_EQ(rd(&f, 2), 0xcc);
    /* A read restarts the timer; draining the FIFO ends it. */
    QCHECK_EQ(rd(&f, 0), 'a');
    QCHECK(!f.level);
    QCHECK_EQ(uart_next_event_ns(&f.u), deadline + 4 * (10ull * 1000000000 / 115200));
    rd(&f, 0);
    rd(&f, 0);
    QCHECK_EQ(uart_next_event_ns(&f.u), 0);
    QCHECK_EQ(rd(&f, 2), 0xc1);
}

QTEST(uart_thre_interrupt_semantics)
{
    struct ufix f;
    setup(&f);
    wr(&f, 4, 0x08);
    wr(&f, 1, 0x02);                         /* enabling ETBEI with THR empty */
    QCHECK(f.level);
    QCHECK_EQ(rd(&f, 2), 0x02);              /* THRE reported ... */
    QCHECK(!f.level);                        /* ... and cleared by the IIR read */
    QCHECK_EQ(rd(&f, 2), 0x01);
    wr(&f, 1, 0x02);                         /* rewriting the same IER: no new THRE */
    QCHECK_EQ(rd(&f, 2), 0x01);
    wr(&f, 0, 'x');                          /* THR write: sent, empty again */
    QCHECK(f.level);
    QCHECK_EQ(rd(&f, 2), 0x02);
    /* A THR write also clears it, so does disabling ETBEI. */
    wr(&f, 0, 'y');
    wr(&f, 1, 0x00);
    QCHECK(!f.level);
    QCHECK_EQ(rd(&f, 2), 0x01);
    /* OUT2 gates the line, not the IIR. */
    wr(&f, 1, 0x02);
    wr(&f, 4, 0x00);
    QCHECK(!f.level);
    wr(&f, 4, 0x08);
    QCHECK(f.level);
}

QTEST(uart_iir_priorities_and_overrun)
{
    struct ufix f;
    setup(&f);
    wr(&f, 4, 0x08);
    wr(&f, 2, 0x01);                         /* FIFO on, trigger 1 */
    wr(&f, 1, 0x0f);                         /* all sources */
    /* MSR change (lowest), THRE, RDA, RLS pending together. */
    wr(&f, 4, 0x08);
    f.u.msr |= 0x01;
    char buf[20];
    memset(buf, 'q', sizeof buf);
    QCHECK_EQ(uart_receive(&f.u, buf, sizeof buf), 16);   /* 4 lost: overrun */
    QCHECK_EQ(rd(&f, 2), 0xc6);              /* RLS first */
    QCHECK_EQ(rd(&f, 5), 0x01 | 0x02 | 0x60);
    QCHECK_EQ(rd(&f, 5) & 0x02, 0);          /* OE cleared by the LSR read */
    QCHECK_EQ(rd(&f, 2), 0xc4);              /* then RDA */
    for (int i = 0; i < 16; i++)
        QCHECK_EQ(rd(&f, 0), 'q');
    QCHECK_EQ(rd(&f, 5) & 0x01, 0);
    QCHECK_EQ(rd(&f, 2), 0xc2);              /* then THRE (cleared by this read) */
    QCHECK_EQ(rd(&f, 2), 0xc0);              /* then modem status */
    QCHECK(f.level);
    rd(&f, 6);
    QCHECK_EQ(rd(&f, 2), 0xc1);
    QCHECK(!f.level);
    /* Without FIFOs the RBR holds one byte and a second overwrites it. */
    wr(&f, 2, 0x00);
    QCHECK_EQ(uart_rx_room(&f.u), 1);
    QCHECK_EQ(uart_receive(&f.u, "12", 2), 1);
    QCHECK_EQ(rd(&f, 5) & 0x03, 0x03);
    QCHECK_EQ(rd(&f, 0), '2');
}

QTEST(uart_fcr_clear_and_odd_accesses)
{
    struct ufix f;
    setup(&f);
    wr(&f, 2, 0x01);
    uart_receive(&f.u, "abcd", 4);
    wr(&f, 2, 0x03);                         /* clear RX FIFO */
    QCHECK_EQ(rd(&f, 5) & 0x01, 0);
    uart_receive(&f.u, "ef", 2);
    wr(&f, 2, 0xc0);                         /* FCR0 = 0: FIFOs off and cleared, trigger ignored */
    QCHECK_EQ(rd(&f, 5) & 0x01, 0);
    QCHECK_EQ(rd(&f, 2), 0x01);
    QCHECK_EQ(f.u.fcr, 0);
    /* Wide and out-of-range accesses. */
    QCHECK_EQ(uart_io_read(&f.u, NULL, 7, 2), 0xff00u | f.u.scr);
    QCHECK_EQ(uart_io_read(&f.u, NULL, 200, 4), 0xffffffffu);
    QCHECK_EQ(uart_io_read(&f.u, NULL, 0, 0), 0);
    uart_io_write(&f.u, NULL, 3, 2, 0x1b03);   /* LCR = 0x03, MCR = 0x1b */
    QCHECK_EQ(rd(&f, 4), 0x1b);
    uart_io_write(&f.u, NULL, 100, 1, 0x55);
    struct iobus bus = { 0 };
    QCHECK_EQ(uart_register(&bus, &f.u, UART_COM1_BASE), 0);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, UART_COM1_BASE + 3, 1), 0x03);
}
