/* ACPI PM timer and PM1a registers (ACPI 6.5 §4.8.3): counter frequency and
 * wrap, TMR_STS on MSB toggles, write-1-to-clear status, SCI gating, S5. */
#include "qtest.h"
#include "devices/pm_timer.h"

struct tclock { uint64_t now; };
static uint64_t tclock_now(void *ctx) { return ((struct tclock *)ctx)->now; }
static void rec_set(void *ctx, unsigned gsi, bool level) { (void)gsi; *(bool *)ctx = level; }
static void off_cb(void *ctx) { ++*(int *)ctx; }

struct pfix {
    struct tclock tc;
    struct vclock clk;
    bool sci;
    struct irq_sink sink;
    struct irq_line line;
    int offs;
    struct pm_timer pm;
    struct iobus bus;
};

static void setup(struct pfix *f, bool ext32)
{
    *f = (struct pfix){ 0 };
    f->clk = (struct vclock){ tclock_now, &f->tc };
    f->sink = (struct irq_sink){ rec_set, NULL, &f->sci };
    f->line = (struct irq_line){ &f->sink, 9 };
    pm_timer_init(&f->pm, &f->clk, &f->line, ext32, off_cb, &f->offs);
    QCHECK_EQ(pm_timer_register(&f->bus, &f->pm, PM1A_EVT_PORT_DEFAULT, PM1A_CNT_PORT_DEFAULT,
                                PM_TMR_PORT_DEFAULT), 0);
}

static uint64_t in(struct pfix *f, uint16_t port, unsigned size)
{
    return iobus_pio_read(&f->bus, NULL, port, size);
}
static void out(struct pfix *f, uint16_t port, unsigned size, uint64_t v)
{
    iobus_pio_write(&f->bus, NULL, port, size, v);
}

QTEST(pm_timer_frequency_and_wrap_24)
{
    struct pfix f;
    setup(&f, false);
    QCHECK_EQ(in(&f, 0x608, 4), 0);
    f.tc.now = 1000000000ull;
    QCHECK_EQ(in(&f, 0x608, 4), PM_TIMER_FREQ_HZ);
    f.tc.now = 1000;                             /* 3.58 ticks */
    QCHECK_EQ(in(&f, 0x608, 4), 3);
    /* 2^24 ticks = 4.6869 s: wraps to 0, never exceeds 24 bits. */
    uint64_t wrap_ns = (1ull << 24) * 1000000000ull / PM_TIMER_FREQ_HZ;
    f.tc.now = wrap_ns - 1000;
    QCHECK(in(&f, 0x608, 4) > 0xfff000);
    f.tc.now = wrap_ns + 1000;
    QCHECK(in(&f, 0x608, 4) < 0x10);
    /* Byte reads see the same lanes; writes are ignored. */
    f.tc.now = 1000000000ull;
    QCHECK_EQ(in(&f, 0x609, 1), (PM_TIMER_FREQ_HZ >> 8) & 0xff);
    out(&f, 0x608, 4, 0);
    QCHECK_EQ(in(&f, 0x608, 4), PM_TIMER_FREQ_HZ);
}

QTEST(pm_timer_32bit_extension)
{
    struct pfix f;
    setup(&f, true);
    f.tc.now = 10 * 1000000000ull;
    QCHECK_EQ(in(&f, 0x608, 4), 10ull * PM_TIMER_FREQ_HZ);   /* > 2^24 */
    f.tc.now = 1200ull * 1000000000ull;                       /* past 2^32 ticks */
    QCHECK_EQ(in(&f, 0x608, 4), (1200ull * PM_TIMER_FREQ_HZ) & 0xffffffffu);
}

QTEST(pm_timer_tmr_sts_and_sci)
{
    struct pfix f;
    setup(&f, false);
    QCHECK_EQ(pm_timer_next_event_ns(&f.pm), 0);  /* TMR_EN clear */
    out(&f, 0x602, 2, PM1_TMR);                   /* TMR_EN */
    uint64_t half = (1ull << 23) * 1000000000ull / PM_TIMER_FREQ_HZ + 1;   /* MSB toggles */
    QCHECK_EQ(pm_timer_next_event_ns(&f.pm), half);
    f.tc.now = half - 1;
    pm_timer_update(&f.pm, f.tc.now);
    QCHECK(!f.sci);
    QCHECK_EQ(in(&f, 0x600, 2) & PM1_TMR, 0);
    f.tc.now = half;
    pm_timer_update(&f.pm, f.tc.now);
    QCHECK(f.sci);
    QCHECK_EQ(in(&f, 0x600, 2) & PM1_TMR, PM1_TMR);
    QCHECK(pm_timer_next_event_ns(&f.pm) > f.tc.now);
    out(&f, 0x600, 2, 0x0000);                    /* writing 0 clears nothing */
    QCHECK(f.sci);
    out(&f, 0x600, 2, PM1_TMR);                   /* write 1 to clear */
    QCHECK(!f.sci);
    QCHECK_EQ(in(&f, 0x600, 2) & PM1_TMR, 0);
    /* SCI_EN off: status still latched, no SCI. */
    out(&f, 0x604, 2, 0);
    f.tc.now = 3 * half;
    pm_timer_update(&f.pm, f.tc.now);
    QCHECK_EQ(in(&f, 0x600, 2) & PM1_TMR, PM1_TMR);
    QCHECK(!f.sci);
    out(&f, 0x604, 2, PM1_SCI_EN);
    QCHECK(f.sci);
}

QTEST(pm_timer_power_button_and_enable_lanes)
{
    struct pfix f;
    setup(&f, false);
    QCHECK_EQ(in(&f, 0x604, 2), PM1_SCI_EN);      /* ACPI mode from reset */
    pm_timer_power_button(&f.pm);
    QCHECK(!f.sci);                               /* PWRBTN_EN clear */
    out(&f, 0x603, 1, PM1_PWRBTN >> 8);           /* byte write to PM1_EN high byte */
    QCHECK_EQ(in(&f, 0x602, 2), PM1_PWRBTN);
    QCHECK(f.sci);
    QCHECK_EQ(in(&f, 0x600, 4), (uint32_t)PM1_PWRBTN << 16 | PM1_PWRBTN);
    out(&f, 0x601, 1, 0x01);                      /* clear PWRBTN_STS by byte */
    QCHECK(!f.sci);
    out(&f, 0x602, 2, 0xffff);                    /* reserved enable bits stay 0 */
    QCHECK_EQ(in(&f, 0x602, 2), 0x0721);
}

QTEST(pm_timer_s5_poweroff)
{
    struct pfix f;
    setup(&f, false);
    /* SLP_TYP alone does nothing; SLP_EN reads back 0. */
    out(&f, 0x604, 2, PM1_SCI_EN | PM_SLP_TYP_S5 << PM1_SLP_TYP_SHIFT);
    QCHECK_EQ(f.offs, 0);
    QCHECK_EQ(in(&f, 0x604, 2), PM1_SCI_EN | PM_SLP_TYP_S5 << PM1_SLP_TYP_SHIFT);
    /* Another sleep type with SLP_EN: ignored. */
    out(&f, 0x604, 2, PM1_SCI_EN | 1 << PM1_SLP_TYP_SHIFT | PM1_SLP_EN);
    QCHECK_EQ(f.offs, 0);
    QCHECK_EQ(in(&f, 0x604, 2) & PM1_SLP_EN, 0);
    /* Linux's acpi_hw_legacy_sleep: write SLP_TYP, then SLP_TYP | SLP_EN. */
    out(&f, 0x604, 2, PM1_SCI_EN | PM_SLP_TYP_S5 << PM1_SLP_TYP_SHIFT);
    out(&f, 0x604, 2, PM1_SCI_EN | PM_SLP_TYP_S5 << PM1_SLP_TYP_SHIFT | PM1_SLP_EN);
    QCHECK_EQ(f.offs, 1);
    /* High byte alone (SLP_TYP and SLP_EN live in bits 13:10). */
    out(&f, 0x605, 1, (PM_SLP_TYP_S5 << PM1_SLP_TYP_SHIFT | PM1_SLP_EN) >> 8);
    QCHECK_EQ(f.offs, 2);
    QCHECK_EQ(in(&f, 0x606, 1), 0xff);            /* unclaimed port */
}
