/* 8254 PIT model; see pit8254.h. Section references are to the Intel 82C54
 * datasheet (order no. 231244): "Control Word Format", "Read-Back Command",
 * "Counter Latch Command", "Mode Definitions". */
#include "devices/pit8254.h"
#include "lib/string.h"

#define NS_PER_S 1000000000ull

uint64_t pit_ticks(uint64_t ns)
{
    /* Split so the products fit in 64 bits: floor(ns * F / 1e9). */
    return ns / NS_PER_S * PIT_FREQ_HZ + ns % NS_PER_S * PIT_FREQ_HZ / NS_PER_S;
}

/* First guest time at which pit_ticks() reaches `tick` (ceil(tick * 1e9 / F)). */
static uint64_t tick_ns(uint64_t tick)
{
    uint64_t whole = tick / PIT_FREQ_HZ, rem = tick % PIT_FREQ_HZ;
    if (whole > UINT64_MAX / NS_PER_S - 1)
        return UINT64_MAX;
    return whole * NS_PER_S + (rem * NS_PER_S + PIT_FREQ_HZ - 1) / PIT_FREQ_HZ;
}

static uint64_t now_ticks(const struct pit8254 *pit)
{
    return pit_ticks(vclock_now(pit->clk));
}

/* Clocks counted by the counting element up to absolute tick `t`. */
static uint64_t elapsed_at(const struct pit_channel *c, uint64_t t)
{
    uint64_t e = c->elapsed;
    if (c->running && t > c->start_tick)
        e += t - c->start_tick;
    return e;
}

static bool periodic(const struct pit_channel *c)
{
    return c->mode == 2 || c->mode == 3;
}

/* Terminal-count events by elapsed clock `e`. The count is loaded on the first
 * clock after it is written (e = 1), so a one-shot count N expires at e = N + 1
 * ("Mode 0: OUT goes high N + 1 CLK pulses after the count is written");
 * modes 2/3 restart the output cycle every N clocks after that. */
static uint64_t events_at(const struct pit_channel *c, uint64_t e)
{
    if (!c->armed || e == 0)
        return 0;
    if (periodic(c))
        return (e - 1) / c->n;
    return e >= (uint64_t)c->n + 1 ? 1 : 0;
}

static bool out_at(const struct pit_channel *c, uint64_t e)
{
    if (!c->armed)
        return c->mode != 0;   /* mode 0: OUT low from the control word on */
    switch (c->mode) {
    case 0: return e >= (uint64_t)c->n + 1;
    case 1: return !(e >= 1 && e <= c->n);            /* low from trigger to terminal count */
    case 2:                                           /* low for the clock where count = 1 */
        if (!c->gate || e == 0)
            return true;
        return (e - 1) % c->n != c->n - 1;
    case 3:                                           /* high for ceil(N/2), low for floor(N/2) */
        if (!c->gate || e == 0)
            return true;
        return (e - 1) % c->n < (c->n + 1) / 2;
    default: return e != (uint64_t)c->n + 1;          /* modes 4, 5: one-clock low strobe */
    }
}

static uint16_t to_bcd(uint32_t v)
{
    v %= 10000;
    return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

/* BCD counts: each nibble is a decimal digit; nibbles above 9 are taken at
 * face value (the datasheet leaves them undefined). 0 means 10^4. */
static uint32_t count_value(uint16_t raw, bool bcd)
{
    if (!bcd)
        return raw ? raw : 65536;
    uint32_t v = (raw >> 12) * 1000u + (raw >> 8 & 15) * 100u + (raw >> 4 & 15) * 10u + (raw & 15);
    return v ? v : 10000;
}

/* Counting-element value (binary, before BCD conversion). */
static uint32_t count_at(const struct pit_channel *c, uint64_t e)
{
    uint32_t mod = c->bcd ? 10000 : 65536;
    if (!c->armed || e == 0)
        return (c->armed ? c->n : count_value(c->reload, c->bcd)) % mod;
    if (c->mode == 2)
        return (uint32_t)(c->n - (e - 1) % c->n) % mod;
    if (c->mode == 3) {
        /* Decrements by two; odd counts load N - 1 ("Mode 3" text). */
        uint32_t p = (uint32_t)((e - 1) % c->n), hi = (c->n + 1) / 2;
        uint32_t q = p < hi ? p : p - hi;
        return ((c->n & ~1u) - 2 * q) % mod;
    }
    /* One-shot modes keep decrementing (wrapping) after terminal count. */
    return (uint32_t)((c->n + mod - (e - 1) % mod) % mod);
}

static uint16_t read_value(const struct pit_channel *c, uint64_t t)
{
    uint32_t v = count_at(c, elapsed_at(c, t));
    return c->bcd ? to_bcd(v) : (uint16_t)v;
}

/* Start counting a freshly loaded or triggered count from tick `t`. */
static void start(struct pit_channel *c, uint64_t t, bool run)
{
    c->armed = true;
    c->elapsed = 0;
    c->start_tick = t;
    c->running = run;
    c->irq_events = 0;
}

static void deliver(struct pit8254 *pit, uint64_t t)
{
    struct pit_channel *c = &pit->ch[0];
    uint64_t ev = events_at(c, elapsed_at(c, t));
    if (ev > c->irq_events) {
        c->irq_events = ev;
        irq_line_pulse(&pit->irq0);
    }
}

void pit_update(struct pit8254 *pit, uint64_t now_ns)
{
    deliver(pit, pit_ticks(now_ns));
}

uint64_t pit_next_event_ns(const struct pit8254 *pit)
{
    const struct pit_channel *c = &pit->ch[0];
    if (!c->armed || !c->running)
        return 0;
    uint64_t target;
    if (periodic(c))
        target = (c->irq_events + 1) * c->n + 1;
    else if (c->irq_events)
        return 0;
    else
        target = (uint64_t)c->n + 1;
    uint64_t tick = target > c->elapsed ? c->start_tick + (target - c->elapsed) : c->start_tick;
    uint64_t ns = tick_ns(tick);
    return ns ? ns : 1;
}

/* A complete count was written ("Mode Definitions": when it takes effect). */
static void load_count(struct pit_channel *c, uint16_t raw, uint64_t t)
{
    c->reload = raw;
    c->has_count = true;
    if (c->mode == 1 || c->mode == 5) {
        /* Hardware-triggered modes: the count waits for a gate rising edge. */
        c->null_count = !c->armed;
        return;
    }
    /* Modes 0 and 4 restart with the new count; modes 2 and 3 do so too here
     * (the chip would finish the current period first: documented). */
    c->n = count_value(raw, c->bcd);
    c->null_count = false;
    start(c, t, c->gate);
}

static void write_counter(struct pit8254 *pit, unsigned i, uint8_t b, uint64_t t)
{
    struct pit_channel *c = &pit->ch[i];
    switch (c->rw) {
    case 1: load_count(c, b, t); break;
    case 2: load_count(c, (uint16_t)(b << 8), t); break;
    default:
        if (!c->wr_msb_next) {
            c->wr_lsb = b;
            c->wr_msb_next = true;
            /* Mode 0: writing the first byte stops counting and sets OUT low. */
            if (c->mode == 0 && c->armed) {
                c->armed = false;
                c->running = false;
            }
        } else {
            c->wr_msb_next = false;
            load_count(c, (uint16_t)(c->wr_lsb | b << 8), t);
        }
        break;
    }
}

static void latch_count(struct pit_channel *c, uint64_t t)
{
    if (c->count_latched)          /* later latches are ignored until read */
        return;
    c->latch = read_value(c, t);
    c->count_latched = true;
    c->latch_msb_next = false;
}

static void latch_status(struct pit_channel *c, uint64_t t)
{
    if (c->status_latched)
        return;
    /* Read-back status: OUT, NULL COUNT, then the programmed RW/M/BCD bits. */
    c->status = (uint8_t)((out_at(c, elapsed_at(c, t)) ? 0x80 : 0) | (c->null_count ? 0x40 : 0) |
                          c->cw);
    c->status_latched = true;
}

static void write_control(struct pit8254 *pit, uint8_t b, uint64_t t)
{
    unsigned sc = b >> 6, rw = (b >> 4) & 3;
    if (sc == 3) {
        /* Read-back: bit 5 = 0 latches counts, bit 4 = 0 latches status,
         * bits 3:1 select channels 2:0. */
        for (unsigned i = 0; i < PIT_CHANNELS; i++) {
            if (!(b & (2u << i)))
                continue;
            if (!(b & 0x20))
                latch_count(&pit->ch[i], t);
            if (!(b & 0x10))
                latch_status(&pit->ch[i], t);
        }
        return;
    }
    struct pit_channel *c = &pit->ch[sc];
    if (rw == 0) {
        latch_count(c, t);
        return;
    }
    /* A control word resets the channel's control logic. */
    bool gate = c->gate;
    uint16_t reload = c->reload;
    memset(c, 0, sizeof *c);
    c->gate = gate;
    c->reload = reload;
    c->cw = b & 0x3f;
    c->rw = (uint8_t)rw;
    c->mode = (b >> 1) & 7;
    if (c->mode >= 6)
        c->mode -= 4;
    c->bcd = b & 1;
    c->null_count = true;
    c->n = 65536;
}

static uint8_t read_counter(struct pit8254 *pit, unsigned i, uint64_t t)
{
    struct pit_channel *c = &pit->ch[i];
    if (c->status_latched) {   /* status first when both are latched */
        c->status_latched = false;
        return c->status;
    }
    uint16_t v;
    bool msb;
    if (c->count_latched) {
        v = c->latch;
        if (c->rw == 3 && !c->latch_msb_next) {
            msb = false;
            c->latch_msb_next = true;
        } else {
            msb = c->rw == 2 || c->rw == 3;
            c->count_latched = false;
            c->latch_msb_next = false;
        }
    } else {
        v = read_value(c, t);
        if (c->rw == 3) {
            msb = c->rd_msb_next;
            c->rd_msb_next = !c->rd_msb_next;
        } else {
            msb = c->rw == 2;
        }
    }
    return (uint8_t)(msb ? v >> 8 : v);
}

/* Multi-byte accesses are split into byte accesses at consecutive ports, as
 * the ISA bus does; bytes beyond port 0x43 read as 0xff. */
uint64_t pit_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size)
{
    struct pit8254 *pit = ctx;
    (void)v;
    uint64_t t = now_ticks(pit), r = 0;
    deliver(pit, t);
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++) {
        uint64_t off = offset + i;
        uint8_t b = off < PIT_CHANNELS ? read_counter(pit, (unsigned)off, t) : 0xff;
        r |= (uint64_t)b << (8 * i);   /* port 0x43 is write-only: reads 0xff */
    }
    return r;
}

void pit_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value)
{
    struct pit8254 *pit = ctx;
    (void)v;
    uint64_t t = now_ticks(pit);
    deliver(pit, t);   /* do not lose an expiry the VM loop has not seen yet */
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size && offset + i < 4; i++) {
        uint8_t b = (uint8_t)(value >> (8 * i));
        if (offset + i == 3)
            write_control(pit, b, t);
        else
            write_counter(pit, (unsigned)(offset + i), b, t);
    }
}

void pit_set_gate(struct pit8254 *pit, unsigned ch, bool level)
{
    if (ch >= PIT_CHANNELS)
        return;
    struct pit_channel *c = &pit->ch[ch];
    uint64_t t = now_ticks(pit);
    deliver(pit, t);
    if (c->gate == level)
        return;
    c->gate = level;
    switch (c->mode) {
    case 0:
    case 4:   /* gate enables/disables counting */
        if (!level && c->running) {
            c->elapsed = elapsed_at(c, t);
            c->running = false;
        } else if (level && c->armed) {
            c->start_tick = t;
            c->running = true;
        }
        break;
    case 2:
    case 3:   /* low: stop with OUT high; rising edge reloads the count */
        if (!level)
            c->running = false;
        else if (c->armed)
            start(c, t, true);
        break;
    default:  /* modes 1, 5: a rising edge (re)triggers the written count */
        if (level && c->has_count) {
            c->n = count_value(c->reload, c->bcd);
            c->null_count = false;
            start(c, t, true);
        }
        break;
    }
}

bool pit_get_out(struct pit8254 *pit, unsigned ch)
{
    if (ch >= PIT_CHANNELS)
        return false;
    const struct pit_channel *c = &pit->ch[ch];
    return out_at(c, elapsed_at(c, now_ticks(pit)));
}

void pit_init(struct pit8254 *pit, const struct vclock *clk, const struct irq_line *irq0)
{
    memset(pit, 0, sizeof *pit);
    pit->clk = clk;
    if (irq0)
        pit->irq0 = *irq0;
    for (unsigned i = 0; i < PIT_CHANNELS; i++) {
        pit->ch[i].rw = 3;
        pit->ch[i].cw = 0x30;
        pit->ch[i].n = 65536;
        pit->ch[i].gate = i != 2;
    }
}

static const struct io_ops pit_ops = { pit_io_read, pit_io_write };

int pit_register(struct iobus *bus, struct pit8254 *pit)
{
    return iobus_register_pio(bus, PIT_PORT_BASE, 4, &pit_ops, pit, "pit8254");
}
