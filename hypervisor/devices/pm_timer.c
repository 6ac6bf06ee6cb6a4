/* ACPI PM timer and PM1a event/control registers; see pm_timer.h. */
#include "devices/pm_timer.h"
#include "lib/string.h"

#define NS_PER_S 1000000000ull
#define EN_MASK (PM1_TMR | PM1_GBL | PM1_PWRBTN | PM1_SLPBTN | PM1_RTC)
#define STS_MASK (EN_MASK | PM1_WAK_STS)
#define CNT_RW_MASK 0x1c03u   /* SCI_EN, BM_RLD, SLP_TYP; GBL_RLS and SLP_EN are write-only */

static uint64_t ticks(uint64_t ns)
{
    return ns / NS_PER_S * PM_TIMER_FREQ_HZ + ns % NS_PER_S * PM_TIMER_FREQ_HZ / NS_PER_S;
}

static unsigned msb_shift(const struct pm_timer *pm) { return pm->ext32 ? 31 : 23; }

uint32_t pm_timer_value(const struct pm_timer *pm, uint64_t now_ns)
{
    uint64_t t = ticks(now_ns);
    return (uint32_t)(pm->ext32 ? t : t & 0xffffff);
}

/* §4.8.3.3: TMR_STS is set whenever the counter's most significant bit
 * toggles; an SCI follows when TMR_EN is set. SCIs are only generated while
 * SCI_EN is set (otherwise events would go to SMI, which is absent). */
static void sync(struct pm_timer *pm, uint64_t now)
{
    uint64_t periods = ticks(now) >> msb_shift(pm);
    if (periods > pm->msb_periods) {
        pm->msb_periods = periods;
        pm->sts |= PM1_TMR;
    }
    pm->synced_ns = now;
    bool level = (pm->cnt & PM1_SCI_EN) && (pm->sts & pm->en & EN_MASK);
    if (level != pm->level) {
        pm->level = level;
        irq_line_set(&pm->sci, level);
    }
}

void pm_timer_update(struct pm_timer *pm, uint64_t now_ns) { sync(pm, now_ns); }

uint64_t pm_timer_next_event_ns(const struct pm_timer *pm)
{
    if (!(pm->en & PM1_TMR))
        return 0;
    uint64_t tick = (pm->msb_periods + 1) << msb_shift(pm);
    if (tick / PM_TIMER_FREQ_HZ >= UINT64_MAX / NS_PER_S)
        return UINT64_MAX;
    /* First ns at which ticks() reaches `tick`. */
    uint64_t ns = tick / PM_TIMER_FREQ_HZ * NS_PER_S +
                  (tick % PM_TIMER_FREQ_HZ * NS_PER_S + PM_TIMER_FREQ_HZ - 1) / PM_TIMER_FREQ_HZ;
    return ns > pm->synced_ns ? ns : pm->synced_ns + 1;
}

void pm_timer_power_button(struct pm_timer *pm)
{
    pm->sts |= PM1_PWRBTN;
    sync(pm, vclock_now(pm->clk));
}

/* Byte-lane helpers: a register block seen as a little-endian value; bytes
 * outside the block read as 0xff and are not written. */
static uint64_t lanes_read(uint32_t reg, unsigned len, uint64_t off, unsigned size)
{
    uint64_t r = 0;
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++) {
        uint64_t o = off + i;
        uint8_t b = o < len ? (uint8_t)(reg >> (8 * o)) : 0xff;
        r |= (uint64_t)b << (8 * i);
    }
    return r;
}

/* Returns the bytes written within the block as a value and a byte mask. */
static uint32_t lanes_write(unsigned len, uint64_t off, unsigned size, uint64_t val, uint32_t *mask)
{
    uint32_t v = 0;
    *mask = 0;
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++) {
        uint64_t o = off + i;
        if (o >= len)
            break;
        v |= (uint32_t)(uint8_t)(val >> (8 * i)) << (8 * o);
        *mask |= 0xffu << (8 * o);
    }
    return v;
}

static uint64_t evt_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct pm_timer *pm = ctx;
    (void)v;
    sync(pm, vclock_now(pm->clk));
    return lanes_read((uint32_t)pm->en << 16 | pm->sts, 4, off, size);
}

/* PM1_STS bits are cleared by writing 1 (§4.8.3.1.1); PM1_EN is read/write. */
static void evt_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct pm_timer *pm = ctx;
    (void)v;
    uint64_t now = vclock_now(pm->clk);
    sync(pm, now);
    uint32_t mask, w = lanes_write(4, off, size, val, &mask);
    pm->sts &= (uint16_t)~(w & mask & STS_MASK);
    uint16_t en_mask = (uint16_t)(mask >> 16) & EN_MASK;
    pm->en = (uint16_t)((pm->en & ~en_mask) | ((w >> 16) & en_mask));
    sync(pm, now);
}

static uint64_t cnt_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct pm_timer *pm = ctx;
    (void)v;
    return lanes_read(pm->cnt, 2, off, size);
}

static void cnt_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct pm_timer *pm = ctx;
    (void)v;
    uint32_t mask, w = lanes_write(2, off, size, val, &mask);
    uint16_t m = (uint16_t)(mask & CNT_RW_MASK);
    pm->cnt = (uint16_t)((pm->cnt & ~m) | (w & m));
    sync(pm, vclock_now(pm->clk));
    /* §4.8.3.2.1 / §16.1.7: SLP_EN starts the transition to the sleep state
     * in SLP_TYP. Only S5 (soft off) exists here; other types are ignored. */
    if ((w & mask & PM1_SLP_EN) && ((pm->cnt >> PM1_SLP_TYP_SHIFT) & 7) == PM_SLP_TYP_S5 &&
        pm->poweroff)
        pm->poweroff(pm->ctx);
}

static uint64_t tmr_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct pm_timer *pm = ctx;
    (void)v;
    return lanes_read(pm_timer_value(pm, vclock_now(pm->clk)), 4, off, size);
}

static void tmr_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    (void)ctx; (void)v; (void)off; (void)size; (void)val;   /* PM_TMR is read-only */
}

const struct io_ops pm_evt_ops = { evt_read, evt_write };
const struct io_ops pm_cnt_ops = { cnt_read, cnt_write };
const struct io_ops pm_tmr_ops = { tmr_read, tmr_write };

void pm_timer_init(struct pm_timer *pm, const struct vclock *clk, const struct irq_line *sci,
                   bool ext32, void (*poweroff)(void *ctx), void *ctx)
{
    memset(pm, 0, sizeof *pm);
    pm->clk = clk;
    if (sci)
        pm->sci = *sci;
    pm->ext32 = ext32;
    pm->poweroff = poweroff;
    pm->ctx = ctx;
    pm->cnt = PM1_SCI_EN;      /* no SMI_CMD: always in ACPI mode */
    pm->synced_ns = vclock_now(clk);
    pm->msb_periods = ticks(pm->synced_ns) >> msb_shift(pm);
}

int pm_timer_register(struct iobus *bus, struct pm_timer *pm, uint16_t evt_port,
                      uint16_t cnt_port, uint16_t tmr_port)
{
    int rc = iobus_register_pio(bus, evt_port, 4, &pm_evt_ops, pm, "pm1a_evt");
    if (rc == 0)
        rc = iobus_register_pio(bus, cnt_port, 2, &pm_cnt_ops, pm, "pm1a_cnt");
    if (rc == 0)
        rc = iobus_register_pio(bus, tmr_port, 4, &pm_tmr_ops, pm, "pm_tmr");
    return rc;
}
