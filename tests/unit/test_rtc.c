/* MC146818A RTC/CMOS: BCD and binary data modes, 12-hour mode, setting the
 * time with SET, UIP timing, periodic interrupt rate and register C
 * clear-on-read with IRQ 8 level semantics, update-ended and alarm
 * interrupts, CMOS memory-size bytes. */
#include "qtest.h"
#include "devices/rtc_cmos.h"

struct tclock { uint64_t now; };
static uint64_t tclock_now(void *ctx) { return ((struct tclock *)ctx)->now; }
static void rec_set(void *ctx, unsigned gsi, bool level) { (void)gsi; *(bool *)ctx = level; }

struct rfix {
    struct tclock tc;
    struct vclock clk;
    bool level;
    struct irq_sink sink;
    struct irq_line line;
    struct rtc_cmos rtc;
};

/* 2024-02-29 23:59:58 UTC, a Thursday. */
#define EPOCH_2024_02_29_235958 1709251198ll
#define S 1000000000ull

static void setup(struct rfix *f, int64_t epoch)
{
    *f = (struct rfix){ 0 };
    f->clk = (struct vclock){ tclock_now, &f->tc };
    f->sink = (struct irq_sink){ rec_set, NULL, &f->level };
    f->line = (struct irq_line){ &f->sink, RTC_IRQ };
    rtc_init(&f->rtc, &f->clk, &f->line, epoch, MiB(512), GiB(2));
}

static uint8_t cmos(struct rfix *f, uint8_t idx)
{
    rtc_io_write(&f->rtc, NULL, 0, 1, idx);
    return (uint8_t)rtc_io_read(&f->rtc, NULL, 1, 1);
}
static void cmos_w(struct rfix *f, uint8_t idx, uint8_t v)
{
    rtc_io_write(&f->rtc, NULL, 0, 1, idx);
    rtc_io_write(&f->rtc, NULL, 1, 1, v);
}

QTEST(rtc_bcd_time_and_rollover)
{
    struct rfix f;
    setup(&f, EPOCH_2024_02_29_235958);
    QCHECK_EQ(cmos(&f, 0), 0x58);
    QCHECK_EQ(cmos(&f, 2), 0x59);
    QCHECK_EQ(cmos(&f, 4), 0x23);
    QCHECK_EQ(cmos(&f, 6), 5);                /* Thursday (Sunday = 1) */
    QCHECK_EQ(cmos(&f, 7), 0x29);
    QCHECK_EQ(cmos(&f, 8), 0x02);
    QCHECK_EQ(cmos(&f, 9), 0x24);
    QCHECK_EQ(cmos(&f, RTC_CENTURY), 0x20);
    QCHECK_EQ(cmos(&f, RTC_REG_D), 0x80);
    f.tc.now = 2 * S;                         /* leap day ends */
    QCHECK_EQ(cmos(&f, 0), 0x00);
    QCHECK_EQ(cmos(&f, 4), 0x00);
    QCHECK_EQ(cmos(&f, 7), 0x01);
    QCHECK_EQ(cmos(&f, 8), 0x03);
    QCHECK_EQ(cmos(&f, 6), 6);
    /* 1999-12-31 23:59:59 -> 2000-01-01: the century byte follows. */
    setup(&f, 946684799);
    QCHECK_EQ(cmos(&f, 9), 0x99);
    QCHECK_EQ(cmos(&f, RTC_CENTURY), 0x19);
    f.tc.now = S;
    QCHECK_EQ(cmos(&f, 9), 0x00);
    QCHECK_EQ(cmos(&f, RTC_CENTURY), 0x20);
}

QTEST(rtc_binary_and_12_hour_modes)
{
    struct rfix f;
    setup(&f, EPOCH_2024_02_29_235958);
    cmos_w(&f, RTC_REG_B, RTC_B_DM_BINARY | RTC_B_24H);
    QCHECK_EQ(cmos(&f, 0), 58);
    QCHECK_EQ(cmos(&f, 4), 23);
    QCHECK_EQ(cmos(&f, 9), 24);
    QCHECK_EQ(cmos(&f, RTC_CENTURY), 20);
    cmos_w(&f, RTC_REG_B, RTC_B_DM_BINARY);   /* 12 hours, binary */
    QCHECK_EQ(cmos(&f, 4), 0x80 | 11);        /* 11 PM */
    cmos_w(&f, RTC_REG_B, 0);                 /* 12 hours, BCD */
    QCHECK_EQ(cmos(&f, 4), 0x91);
    f.tc.now = 2 * S;                         /* midnight is 12 AM */
    QCHECK_EQ(cmos(&f, 4), 0x12);
    f.tc.now = 2 * S + 12 * 3600 * S;         /* noon is 12 PM */
    QCHECK_EQ(cmos(&f, 4), 0x92);
}

QTEST(rtc_set_time_with_set_bit)
{
    struct rfix f;
    setup(&f, EPOCH_2024_02_29_235958);
    f.tc.now = S / 2;                         /* half-way through a second */
    cmos_w(&f, RTC_REG_B, RTC_B_SET | RTC_B_24H | RTC_B_UIE);
    QCHECK_EQ(cmos(&f, RTC_REG_B) & RTC_B_UIE, 0);   /* SET clears UIE */
    /* Linux set_rtc_time order: 2001-09-09 01:46:40 (10^9 s). */
    cmos_w(&f, 0, 0x40);
    cmos_w(&f, 2, 0x46);
    cmos_w(&f, 4, 0x01);
    cmos_w(&f, 7, 0x09);
    cmos_w(&f, 8, 0x09);
    cmos_w(&f, 9, 0x01);
    f.tc.now = 3 * S;                         /* frozen while SET */
    QCHECK_EQ(cmos(&f, 0), 0x40);
    QCHECK_EQ(cmos(&f, 9), 0x01);
    QCHECK_EQ(cmos(&f, RTC_REG_A) & RTC_A_UIP, 0);
    cmos_w(&f, RTC_REG_B, RTC_B_24H);
    QCHECK_EQ(rtc_wall_seconds(&f.rtc, f.tc.now), 1000000000);
    QCHECK_EQ(cmos(&f, 6), 1);                /* derived: a Sunday */
    f.tc.now = 4 * S - 1;                     /* the divider phase was kept */
    QCHECK_EQ(cmos(&f, 0), 0x40);
    f.tc.now = 4 * S;
    QCHECK_EQ(cmos(&f, 0), 0x41);
    /* A single register written without SET takes effect at once. */
    cmos_w(&f, 2, 0x10);
    QCHECK_EQ(cmos(&f, 2), 0x10);
    QCHECK_EQ(cmos(&f, 4), 0x01);
}

QTEST(rtc_update_in_progress)
{
    struct rfix f;
    setup(&f, 0);
    f.tc.now = S - RTC_UIP_NS - 1;
    QCHECK_EQ(cmos(&f, RTC_REG_A), 0x26);
    f.tc.now = S - RTC_UIP_NS;
    QCHECK_EQ(cmos(&f, RTC_REG_A), 0x80 | 0x26);
    QCHECK_EQ(cmos(&f, 0), 0x00);             /* still the old second */
    f.tc.now = S;
    QCHECK_EQ(cmos(&f, RTC_REG_A), 0x26);
    QCHECK_EQ(cmos(&f, 0), 0x01);
    cmos_w(&f, RTC_REG_A, 0xff);              /* UIP is read-only; divider reset */
    f.tc.now = 2 * S - 1000;
    QCHECK_EQ(cmos(&f, RTC_REG_A), 0x7f);
}

QTEST(rtc_periodic_interrupt_rate_and_reg_c)
{
    struct rfix f;
    setup(&f, 0);
    cmos_w(&f, RTC_REG_A, 0x26);              /* RS 6: 1024 Hz */
    cmos_w(&f, RTC_REG_B, RTC_B_24H | RTC_B_PIE);
    uint64_t period = S / 1024;               /* 976562.5 ns */
    QCHECK_EQ(rtc_next_event_ns(&f.rtc), period + 1);
    unsigned irqs = 0;
    for (unsigned i = 0; i < 2048; i++) {
        uint64_t next = rtc_next_event_ns(&f.rtc);
        QCHECK(next > f.tc.now);
        f.tc.now = next;
        rtc_update(&f.rtc, next);
        if (f.level) {
            irqs++;
            QCHECK_EQ(cmos(&f, RTC_REG_C) & 0xc0, 0xc0);   /* IRQF | PF */
            QCHECK(!f.level);                               /* read clears, line drops */
            QCHECK_EQ(cmos(&f, RTC_REG_C), 0);
        }
    }
    QCHECK_EQ(irqs, 2048);
    QCHECK(f.tc.now >= 2 * S && f.tc.now <= 2 * S + 1);
    /* Level semantics: without a C read the line stays asserted. */
    f.tc.now += period + 1;
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(f.level);
    f.tc.now += 5 * period;
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(f.level);
    cmos(&f, RTC_REG_C);
    QCHECK(!f.level);
    /* RS 15: 2 Hz; RS 3: 8192 Hz; RS 1: 256 Hz. */
    static const uint8_t rs[3] = { 15, 3, 1 };
    static const uint64_t hz[3] = { 2, 8192, 256 };
    for (unsigned k = 0; k < 3; k++) {
        cmos_w(&f, RTC_REG_A, (uint8_t)(0x20 | rs[k]));
        uint64_t start = rtc_next_event_ns(&f.rtc), n = 0, t = start;
        while (n < hz[k]) {
            f.tc.now = t;
            rtc_update(&f.rtc, t);
            cmos(&f, RTC_REG_C);
            t = rtc_next_event_ns(&f.rtc);
            n++;
        }
        QCHECK(t - start >= S - 2 && t - start <= S + 2);   /* hz periods per second */
    }
    /* PF is set even with PIE off, but raises no IRQ. */
    cmos_w(&f, RTC_REG_B, RTC_B_24H);
    f.tc.now += S;
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(!f.level);
    QCHECK_EQ(cmos(&f, RTC_REG_C) & 0xf0, RTC_C_PF | RTC_C_UF);
}

QTEST(rtc_update_ended_and_alarm_interrupts)
{
    struct rfix f;
    setup(&f, 3600 * 10 + 59);                /* 1970-01-01 10:00:59 */
    cmos_w(&f, RTC_REG_A, 0x20);              /* no periodic rate */
    cmos_w(&f, RTC_REG_B, RTC_B_24H | RTC_B_UIE);
    QCHECK_EQ(rtc_next_event_ns(&f.rtc), S);
    f.tc.now = S;
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(f.level);
    QCHECK_EQ(cmos(&f, RTC_REG_C), RTC_C_IRQF | RTC_C_UF);
    /* Alarm at 10:02:00 with seconds exact, minutes exact, hours don't-care. */
    cmos_w(&f, 1, 0x00);
    cmos_w(&f, 3, 0x02);
    cmos_w(&f, 5, 0xc0);
    cmos_w(&f, RTC_REG_B, RTC_B_24H | RTC_B_AIE);
    f.tc.now = 60 * S;                        /* 10:01:59 */
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(!f.level);
    QCHECK_EQ(cmos(&f, RTC_REG_C) & RTC_C_AF, 0);
    f.tc.now = 61 * S;                        /* 10:02:00 */
    rtc_update(&f.rtc, f.tc.now);
    QCHECK(f.level);
    QCHECK_EQ(cmos(&f, RTC_REG_C), RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
    QCHECK(!f.level);
}

QTEST(rtc_cmos_memory_and_index_port)
{
    struct rfix f;
    setup(&f, 0);
    QCHECK_EQ(cmos(&f, 0x15) | cmos(&f, 0x16) << 8, 640);
    QCHECK_EQ(cmos(&f, 0x17) | cmos(&f, 0x18) << 8, 0xffff);   /* KiB above 1 MiB, saturated */
    QCHECK_EQ(cmos(&f, 0x30) | cmos(&f, 0x31) << 8, 0xffff);
    QCHECK_EQ(cmos(&f, 0x34) | cmos(&f, 0x35) << 8, (512 - 16) * 16);   /* 64 KiB units */
    QCHECK_EQ(cmos(&f, 0x5b) | cmos(&f, 0x5c) << 8 | cmos(&f, 0x5d) << 16, 2 * 16384);
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2d; i++)
        sum += cmos(&f, (uint8_t)i);
    QCHECK_EQ(cmos(&f, 0x2e) << 8 | cmos(&f, 0x2f), sum);
    /* Large guests saturate the 16-bit fields. */
    struct rfix g;
    setup(&g, 0);
    rtc_init(&g.rtc, &g.clk, &g.line, 0, GiB(3), 0);
    QCHECK_EQ(cmos(&g, 0x34) | cmos(&g, 0x35) << 8, (3072 - 16) * 16);
    rtc_init(&g.rtc, &g.clk, &g.line, 0, MiB(32), 0);
    QCHECK_EQ(cmos(&g, 0x17) | cmos(&g, 0x18) << 8, 31 * 1024);
    QCHECK_EQ(cmos(&g, 0x30) | cmos(&g, 0x31) << 8, 31 * 1024);
    QCHECK_EQ(cmos(&g, 0x5b) | cmos(&g, 0x5c) | cmos(&g, 0x5d), 0);
    /* General RAM, NMI-disable bit in the index, write-only index port. */
    rtc_io_write(&f.rtc, NULL, 0, 1, 0x80 | 0x40);
    QCHECK(f.rtc.nmi_disabled);
    rtc_io_write(&f.rtc, NULL, 1, 1, 0xa5);
    QCHECK_EQ(cmos(&f, 0x40), 0xa5);
    QCHECK(!f.rtc.nmi_disabled);
    QCHECK_EQ(rtc_io_read(&f.rtc, NULL, 0, 1), 0xff);
    cmos_w(&f, RTC_REG_D, 0);                 /* read-only */
    QCHECK_EQ(cmos(&f, RTC_REG_D), 0x80);
    QCHECK_EQ(rtc_io_read(&f.rtc, NULL, 1, 2) >> 8, 0xff);
    struct iobus bus = { 0 };
    QCHECK_EQ(rtc_register(&bus, &f.rtc), 0);
    iobus_pio_write(&bus, NULL, 0x70, 1, 0x41);
    iobus_pio_write(&bus, NULL, 0x71, 1, 0x5a);
    QCHECK_EQ(cmos(&f, 0x41), 0x5a);
}
