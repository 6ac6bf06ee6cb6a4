/* 8254 PIT and port 0x61 against the 82C54 datasheet's mode descriptions,
 * with guest time under test control. Times are given in PIT clocks since
 * the count was written: a count N is loaded on the first clock (e = 1) and
 * one-shot OUT rises at e = N + 1. */
#include "qtest.h"
#include "devices/pit8254.h"
#include "devices/port61.h"

struct tclock { uint64_t now; };
static uint64_t tclock_now(void *ctx) { return ((struct tclock *)ctx)->now; }

struct irqrec { unsigned pulses, level_changes; bool level; };
static void rec_set(void *ctx, unsigned gsi, bool level)
{
    struct irqrec *r = ctx;
    (void)gsi;
    if (level && !r->level)
        r->pulses++;
    if (level != r->level)
        r->level_changes++;
    r->level = level;
}

struct fixture {
    struct tclock tc;
    struct vclock clk;
    struct irqrec rec;
    struct irq_sink sink;
    struct irq_line line;
    struct pit8254 pit;
    struct port61 p61;
    uint64_t t0;      /* tick at which the test's count was written */
};

#define T0_NS 5000000000ull   /* start at 5 s so absolute offsets matter */

static uint64_t ns_of(uint64_t tick)
{
    return (tick * 1000000000ull + PIT_FREQ_HZ - 1) / PIT_FREQ_HZ;
}

static void setup(struct fixture *f)
{
    *f = (struct fixture){ 0 };
    f->tc.now = T0_NS;
    f->clk = (struct vclock){ tclock_now, &f->tc };
    f->sink = (struct irq_sink){ rec_set, NULL, &f->rec };
    f->line = (struct irq_line){ &f->sink, 0 };
    pit_init(&f->pit, &f->clk, &f->line);
    port61_init(&f->p61, &f->pit);
    f->t0 = pit_ticks(T0_NS);
}

/* Move guest time to `e` clocks after t0. */
static void at(struct fixture *f, uint64_t e) { f->tc.now = ns_of(f->t0 + e); }
static void outb(struct fixture *f, unsigned port, uint8_t v)
{
    if (port == 0x61)
        port61_io_write(&f->p61, NULL, 0, 1, v);
    else
        pit_io_write(&f->pit, NULL, port - 0x40, 1, v);
}
static uint8_t inb(struct fixture *f, unsigned port)
{
    if (port == 0x61)
        return (uint8_t)port61_io_read(&f->p61, NULL, 0, 1);
    return (uint8_t)pit_io_read(&f->pit, NULL, port - 0x40, 1);
}
static uint16_t read16(struct fixture *f, unsigned port)
{
    uint8_t lo = inb(f, port);
    return (uint16_t)(lo | inb(f, port) << 8);
}

QTEST(pit_tick_conversion)
{
    QCHECK_EQ(pit_ticks(1000000000ull), PIT_FREQ_HZ);
    QCHECK_EQ(pit_ticks(0), 0);
    QCHECK_EQ(pit_ticks(838), 0);            /* one clock is 838.095 ns */
    QCHECK_EQ(pit_ticks(839), 1);
    for (uint64_t k = 0; k < 5000000; k += 12347) {
        QCHECK_EQ(pit_ticks(ns_of(k)), k);
        QCHECK_EQ(pit_ticks(ns_of(k) - (k ? 1 : 0)), k ? k - 1 : 0);
    }
    QCHECK(pit_ticks(UINT64_MAX) > 0);       /* no overflow trap */
}

QTEST(pit_mode0_interrupt_on_terminal_count)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x30);                    /* ch0, LSB then MSB, mode 0, binary */
    QCHECK(!pit_get_out(&f.pit, 0));         /* OUT low after the control word */
    outb(&f, 0x40, 100);
    outb(&f, 0x40, 0);
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(f.t0 + 101));
    at(&f, 1);
    QCHECK_EQ(read16(&f, 0x40), 100);
    at(&f, 51);
    QCHECK_EQ(read16(&f, 0x40), 50);
    at(&f, 100);
    QCHECK_EQ(read16(&f, 0x40), 1);
    QCHECK(!pit_get_out(&f.pit, 0));
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 0);
    at(&f, 101);
    QCHECK(pit_get_out(&f.pit, 0));
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    QCHECK(!f.rec.level);                    /* edge: pulsed, not held */
    QCHECK_EQ(pit_next_event_ns(&f.pit), 0); /* one-shot */
    at(&f, 5000);
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    QCHECK(pit_get_out(&f.pit, 0));          /* stays high */
    /* The counter keeps decrementing (wrapping) after terminal count. */
    at(&f, 103);
    QCHECK_EQ(read16(&f, 0x40), 0xfffe);
    /* Writing the first byte of a new count sets OUT low again. */
    outb(&f, 0x40, 10);
    QCHECK(!pit_get_out(&f.pit, 0));
    outb(&f, 0x40, 0);
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 11);
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 2);
}

QTEST(pit_mode2_rate_generator)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x34);                    /* ch0, lohi, mode 2 (Linux periodic) */
    outb(&f, 0x40, 0xe8);
    outb(&f, 0x40, 0x03);                    /* 1000 */
    at(&f, 1);
    QCHECK_EQ(read16(&f, 0x40), 1000);
    QCHECK(pit_get_out(&f.pit, 0));
    at(&f, 999);
    QCHECK_EQ(read16(&f, 0x40), 2);
    at(&f, 1000);                            /* count 1: OUT low for one clock */
    QCHECK_EQ(read16(&f, 0x40), 1);
    QCHECK(!pit_get_out(&f.pit, 0));
    at(&f, 1001);                            /* reloaded, OUT high: IRQ edge */
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(f.t0 + 1001));
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    QCHECK_EQ(read16(&f, 0x40), 1000);
    QCHECK(pit_get_out(&f.pit, 0));
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(f.t0 + 2001));
    at(&f, 2000);
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    at(&f, 2001);
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 2);
    /* A late update coalesces missed periods into one pulse and moves on. */
    at(&f, 10500);
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 3);
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(f.t0 + 11001));
}

QTEST(pit_mode3_square_wave)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x36);                    /* ch0, lohi, mode 3 */
    outb(&f, 0x40, 10);
    outb(&f, 0x40, 0);
    static const uint8_t even_counts[10] = { 10, 8, 6, 4, 2, 10, 8, 6, 4, 2 };
    for (unsigned e = 1; e <= 10; e++) {
        at(&f, e);
        QCHECK_EQ(read16(&f, 0x40), even_counts[e - 1]);
        QCHECK_EQ(pit_get_out(&f.pit, 0), e <= 5);
    }
    at(&f, 11);
    QCHECK(pit_get_out(&f.pit, 0));
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    /* Odd count 7: high for 4 clocks, low for 3. */
    outb(&f, 0x43, 0x36);
    outb(&f, 0x40, 7);
    outb(&f, 0x40, 0);
    f.t0 = pit_ticks(f.tc.now);
    unsigned high = 0;
    for (unsigned e = 1; e <= 7; e++) {
        at(&f, e);
        high += pit_get_out(&f.pit, 0);
    }
    QCHECK_EQ(high, 4);
    /* Count 0 is 65536: 18.2 Hz, the BIOS default. */
    outb(&f, 0x43, 0x36);
    outb(&f, 0x40, 0);
    outb(&f, 0x40, 0);
    f.t0 = pit_ticks(f.tc.now);
    uint64_t next = pit_next_event_ns(&f.pit);
    QCHECK_EQ(next, ns_of(f.t0 + 65537));
}

QTEST(pit_mode4_software_strobe_oneshot)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x38);                    /* Linux's one-shot clockevent */
    outb(&f, 0x40, 50);
    outb(&f, 0x40, 0);
    QCHECK(pit_get_out(&f.pit, 0));
    at(&f, 51);
    QCHECK(!pit_get_out(&f.pit, 0));         /* one-clock strobe */
    at(&f, 52);
    QCHECK(pit_get_out(&f.pit, 0));
    pit_update(&f.pit, f.tc.now);
    QCHECK_EQ(f.rec.pulses, 1);
    QCHECK_EQ(pit_next_event_ns(&f.pit), 0);
    /* Rewriting the count retriggers. */
    outb(&f, 0x40, 20);
    outb(&f, 0x40, 0);
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(pit_ticks(f.tc.now) + 21));
}

QTEST(pit_counter_latch_and_flip_flops)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x34);
    outb(&f, 0x40, 0x34);
    outb(&f, 0x40, 0x12);                    /* 0x1234 */
    at(&f, 0x11);
    outb(&f, 0x43, 0x00);                    /* latch channel 0 */
    at(&f, 0x100);
    outb(&f, 0x43, 0x00);                    /* ignored: already latched */
    QCHECK_EQ(inb(&f, 0x40), 0x24);
    at(&f, 0x200);
    QCHECK_EQ(inb(&f, 0x40), 0x12);          /* still the latched value */
    /* Latch released: live reads. Read flip-flop alternates LSB/MSB. */
    QCHECK_EQ(read16(&f, 0x40), 0x1234 - 0x1ff);
    /* LSB-only and MSB-only access modes. */
    outb(&f, 0x43, 0x54);                    /* ch1, LSB only, mode 2 */
    outb(&f, 0x41, 0x80);
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 0x11);
    QCHECK_EQ(inb(&f, 0x41), 0x70);
    QCHECK_EQ(inb(&f, 0x41), 0x70);
    outb(&f, 0x43, 0x64);                    /* ch1, MSB only, mode 2 */
    outb(&f, 0x41, 0x02);                    /* 0x200 */
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 0x101);
    QCHECK_EQ(inb(&f, 0x41), 0x01);
    outb(&f, 0x43, 0x40);                    /* latch ch1: one MSB read releases it */
    QCHECK_EQ(inb(&f, 0x41), 0x01);
    at(&f, 0x1ff);
    QCHECK_EQ(inb(&f, 0x41), 0x00);
}

QTEST(pit_read_back_command)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0xb0);                    /* ch2, lohi, mode 0 */
    /* Status before a count: OUT low, NULL COUNT set, RW=3 mode 0 binary. */
    outb(&f, 0x43, 0xe8);                    /* read-back status only, ch2 */
    QCHECK_EQ(inb(&f, 0x42), 0x40 | 0x30);
    outb(&f, 0x42, 0x00);
    outb(&f, 0x42, 0x01);                    /* 256, gate still low */
    outb(&f, 0x61, 0x01);                    /* gate high: counting */
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 17);
    outb(&f, 0x43, 0xc8);                    /* count + status, ch2 */
    at(&f, 100);
    QCHECK_EQ(inb(&f, 0x42), 0x30);          /* status first: OUT low, count loaded */
    QCHECK_EQ(read16(&f, 0x42), 256 - 16);   /* then the latched count */
    at(&f, 257);
    outb(&f, 0x43, 0xe8);                    /* status only (bit 5 set = no count) */
    QCHECK_EQ(inb(&f, 0x42), 0x80 | 0x30);   /* OUT high at terminal count */
    QCHECK_EQ(read16(&f, 0x42), 0);          /* live count */
    /* Read-back of several channels latches each. */
    outb(&f, 0x43, 0x36);
    outb(&f, 0x43, 0xee);                    /* status of ch0, ch1, ch2 */
    QCHECK_EQ(inb(&f, 0x40), 0x80 | 0x40 | 0x36);   /* mode 3: OUT high until counting */
    QCHECK_EQ(inb(&f, 0x41), 0x30);          /* ch1 never programmed: mode 0 default */
    QCHECK_EQ(inb(&f, 0x42), 0x80 | 0x30);
}

QTEST(pit_bcd_counting)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0x35);                    /* ch0, lohi, mode 2, BCD */
    outb(&f, 0x40, 0x00);
    outb(&f, 0x40, 0x01);                    /* BCD 0100 = 100 clocks */
    at(&f, 11);
    QCHECK_EQ(read16(&f, 0x40), 0x0090);
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(f.t0 + 101));
    outb(&f, 0x43, 0x31);                    /* mode 0, BCD, count 0 = 10000 */
    outb(&f, 0x40, 0);
    outb(&f, 0x40, 0);
    QCHECK_EQ(pit_next_event_ns(&f.pit), ns_of(pit_ticks(f.tc.now) + 10001));
}

QTEST(pit_channel2_gate_and_port61)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0xb0);                    /* ch2, lohi, mode 0 */
    outb(&f, 0x42, 10);
    outb(&f, 0x42, 0);
    at(&f, 1000);                            /* gate low: nothing counted */
    QCHECK_EQ(read16(&f, 0x42), 10);
    QCHECK_EQ(inb(&f, 0x61) & 0x20, 0);
    outb(&f, 0x61, 0x01);
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 5);
    QCHECK_EQ(read16(&f, 0x42), 6);
    outb(&f, 0x61, 0x00);                    /* pause mode 0 */
    at(&f, 500);
    QCHECK_EQ(read16(&f, 0x42), 6);
    QCHECK_EQ(inb(&f, 0x61) & 0x21, 0);
    outb(&f, 0x61, 0x01);                    /* resume: 5 clocks counted, 6 to go */
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 5);
    QCHECK_EQ(inb(&f, 0x61) & 0x20, 0);
    at(&f, 6);
    QCHECK_EQ(inb(&f, 0x61) & 0x21, 0x21);
    QCHECK_EQ(f.rec.pulses, 0);              /* channel 2 raises no IRQ */
    /* Port 0x61 keeps bits 3:0, reads 0 in 7:6, toggles bit 4 every 18 clocks. */
    outb(&f, 0x61, 0xff);
    QCHECK_EQ(inb(&f, 0x61) & 0xcf, 0x0f);
    f.tc.now = ns_of(18 * 1000);
    uint8_t a = inb(&f, 0x61) & 0x10;
    f.tc.now = ns_of(18 * 1001);
    QCHECK_EQ(inb(&f, 0x61) & 0x10, a ^ 0x10);
    QCHECK_EQ(port61_io_read(&f.p61, NULL, 0, 2) >> 8, 0xff);
}

/* Linux arch/x86/kernel/tsc.c pit_calibrate_tsc(): gate on and speaker off,
 * channel 2 mode 0 with a 10 ms count, then poll bit 5 of port 0x61. */
QTEST(pit_linux_tsc_calibration_sequence)
{
    struct fixture f;
    setup(&f);
    const uint16_t latch = PIT_FREQ_HZ / 100;          /* CLOCK_TICK_RATE / (1000 / 10) */
    outb(&f, 0x61, (uint8_t)((inb(&f, 0x61) & ~0x02) | 0x01));
    outb(&f, 0x43, 0xb0);
    outb(&f, 0x42, latch & 0xff);
    outb(&f, 0x42, latch >> 8);
    uint64_t start = f.tc.now, polls = 0;
    while ((inb(&f, 0x61) & 0x20) == 0 && polls < 100000) {
        f.tc.now += 1000;                              /* guest spins 1 us per poll */
        polls++;
    }
    uint64_t took = f.tc.now - start;
    QCHECK(took >= 10000000ull - 1000 && took <= 10000000ull + 2000);

    /* quick_pit_calibrate(): count 0xffff, reads LSB then MSB; the MSB must
     * step down through every value as time passes. */
    outb(&f, 0x61, (uint8_t)((inb(&f, 0x61) & ~0x02) | 0x01));
    outb(&f, 0x43, 0xb0);
    outb(&f, 0x42, 0xff);
    outb(&f, 0x42, 0xff);
    inb(&f, 0x42);
    QCHECK_EQ(inb(&f, 0x42), 0xff);
    unsigned prev = 0xff, bad = 0;
    for (unsigned i = 0; i < 200; i++) {
        f.tc.now += 214000;                            /* ~255 clocks per step */
        inb(&f, 0x42);
        unsigned msb = inb(&f, 0x42);
        if (msb != prev && msb != prev - 1)
            bad++;
        prev = msb;
    }
    QCHECK_EQ(bad, 0);
    QCHECK(prev < 0x40);
}

QTEST(pit_modes_1_and_5_hardware_triggered)
{
    struct fixture f;
    setup(&f);
    outb(&f, 0x43, 0xb2);                    /* ch2, lohi, mode 1 */
    outb(&f, 0x42, 20);
    outb(&f, 0x42, 0);
    at(&f, 100);
    QCHECK(pit_get_out(&f.pit, 2));          /* waits for a trigger */
    outb(&f, 0x61, 0x01);                    /* rising gate edge triggers */
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 1);
    QCHECK(!pit_get_out(&f.pit, 2));
    at(&f, 21);
    QCHECK(pit_get_out(&f.pit, 2));
    outb(&f, 0x43, 0xba);                    /* mode 5 */
    outb(&f, 0x42, 5);
    outb(&f, 0x42, 0);
    outb(&f, 0x61, 0x00);
    outb(&f, 0x61, 0x01);
    f.t0 = pit_ticks(f.tc.now);
    at(&f, 6);
    QCHECK(!pit_get_out(&f.pit, 2));
    at(&f, 7);
    QCHECK(pit_get_out(&f.pit, 2));
}

QTEST(pit_odd_accesses)
{
    struct fixture f;
    setup(&f);
    QCHECK_EQ(pit_io_read(&f.pit, NULL, 3, 1), 0xff);          /* control port is write-only */
    QCHECK_EQ(pit_io_read(&f.pit, NULL, 3, 2), 0xffff);
    QCHECK_EQ(pit_io_read(&f.pit, NULL, 1000, 4), 0xffffffffu);
    pit_io_write(&f.pit, NULL, 99, 4, 0x12345678);            /* ignored */
    /* A 16-bit write at 0x42 reaches 0x42 and 0x43, like the ISA bus. */
    pit_io_write(&f.pit, NULL, 2, 2, 0xb0 << 8 | 0x55);
    QCHECK_EQ(f.pit.ch[2].mode, 0);
    QCHECK_EQ(f.pit.ch[2].rw, 3);
    pit_io_read(&f.pit, NULL, 0, 0);
    struct iobus bus = { 0 };
    QCHECK_EQ(pit_register(&bus, &f.pit), 0);
    QCHECK_EQ(port61_register(&bus, &f.p61), 0);
    QCHECK(iobus_find_pio(&bus, 0x43) != NULL);
    QCHECK(iobus_find_pio(&bus, 0x61) != NULL);
}
