/* MC146818A RTC + CMOS model; see rtc_cmos.h. Section names are from the
 * Motorola MC146818A datasheet ("Address Map", "Time, Calendar and Alarm
 * Locations", "Registers A-D", "Update Cycle", "Interrupts"). */
#include "devices/rtc_cmos.h"
#include "lib/string.h"

#define NS_PER_S 1000000000ull
#define MAX_EPOCH_S 253402300799ll   /* 9999-12-31 23:59:59 */

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days are counted in 400-year eras starting on March 1st so leap days fall
 * at the end of each counted year. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct civil { int64_t year; unsigned month, day, hour, min, sec, wday; };

static struct civil civil_from_seconds(int64_t t)
{
    struct civil c;
    int64_t days = floor_div(t, 86400), rem = t - days * 86400;
    c.hour = (unsigned)(rem / 3600);
    c.min = (unsigned)(rem / 60 % 60);
    c.sec = (unsigned)(rem % 60);
    c.wday = (unsigned)((days % 7 + 11) % 7) + 1;   /* 1970-01-01 was a Thursday; Sunday = 1 */
    int64_t z = days + 719468, era = floor_div(z, 146097), doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    c.day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    c.month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2);
    return c;
}

/* ---- register encoding ("Data Mode": BCD or binary, 12 or 24 hours) ---- */

static bool binary(const struct rtc_cmos *r) { return r->reg_b & RTC_B_DM_BINARY; }

static uint8_t enc(const struct rtc_cmos *r, unsigned v)
{
    return binary(r) ? (uint8_t)v : (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

/* BCD nibbles above 9 are taken at face value (the datasheet leaves such
 * values undefined); the result is always bounded by 255. */
static unsigned dec(const struct rtc_cmos *r, uint8_t b)
{
    return binary(r) ? b : (unsigned)(b >> 4) * 10 + (b & 15);
}

/* 12-hour mode: 1-12 with bit 7 = PM. */
static uint8_t enc_hour(const struct rtc_cmos *r, unsigned h)
{
    if (r->reg_b & RTC_B_24H)
        return enc(r, h);
    unsigned h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(enc(r, h12) | (h >= 12 ? 0x80 : 0));
}

static unsigned dec_hour(const struct rtc_cmos *r, uint8_t b)
{
    if (r->reg_b & RTC_B_24H)
        return dec(r, b);
    return dec(r, b & 0x7f) % 12 + ((b & 0x80) ? 12 : 0);
}

/* ---- time keeping ---- */

static uint64_t divider_ns(const struct rtc_cmos *r, uint64_t now) { return now + r->phase_ns; }

int64_t rtc_wall_seconds(const struct rtc_cmos *r, uint64_t now_ns)
{
    return r->base_s + (int64_t)(divider_ns(r, now_ns) / NS_PER_S);
}

/* Divider bits 6:4 of register A: 010 is the 32.768 kHz time base; 11x holds
 * the divider in reset, which stops updates and periodic interrupts. */
static bool divider_running(const struct rtc_cmos *r) { return (r->reg_a & 0x60) != 0x60; }

static void snapshot_time(struct rtc_cmos *r, uint64_t now)
{
    struct civil c = civil_from_seconds(rtc_wall_seconds(r, now));
    r->ram[0] = enc(r, c.sec);
    r->ram[2] = enc(r, c.min);
    r->ram[4] = enc_hour(r, c.hour);
    r->ram[6] = enc(r, c.wday);
    r->ram[7] = enc(r, c.day);
    r->ram[8] = enc(r, c.month);
    r->ram[9] = enc(r, (unsigned)(c.year % 100));
    r->ram[RTC_CENTURY] = enc(r, (unsigned)(c.year / 100));
}

/* Takes the time bytes in RAM as the new time, keeping the divider phase so
 * the next update comes when the current second ends. The day of week is
 * derived from the date. */
static void commit_time(struct rtc_cmos *r, uint64_t now)
{
    int64_t year = (int64_t)dec(r, r->ram[RTC_CENTURY]) * 100 + dec(r, r->ram[9]);
    unsigned month = dec(r, r->ram[8]), day = dec(r, r->ram[7]);
    month = month < 1 ? 1 : month > 12 ? 12 : month;
    day = day < 1 ? 1 : day;
    int64_t t = days_from_civil(year, month, day) * 86400 + (int64_t)dec_hour(r, r->ram[4]) * 3600 +
                (int64_t)dec(r, r->ram[2]) * 60 + dec(r, r->ram[0]);
    r->base_s = t - (int64_t)(divider_ns(r, now) / NS_PER_S);
}

static unsigned periodic_shift(const struct rtc_cmos *r)
{
    /* Rate select (Table "Periodic Interrupt Rate", 32.768 kHz base): RS 1
     * and 2 give 256 and 128 Hz, RS n >= 3 gives 32768 >> (n - 1) Hz. */
    unsigned rs = r->reg_a & 15;
    return rs <= 2 ? rs + 6 : rs - 1;
}

static uint64_t ticks32k(uint64_t ns)
{
    return ns / NS_PER_S * 32768 + ns % NS_PER_S * 32768 / NS_PER_S;
}

static uint64_t periodic_index(const struct rtc_cmos *r, uint64_t now)
{
    return ticks32k(divider_ns(r, now)) >> periodic_shift(r);
}

static bool alarm_byte_matches(uint8_t alarm, uint8_t now)
{
    return (alarm & 0xc0) == 0xc0 || alarm == now;   /* 11xxxxxx = "don't care" */
}

/* Catches flags up with guest time and drives IRQ 8 from IRQF. */
static void sync(struct rtc_cmos *r, uint64_t now)
{
    if (divider_running(r) && (r->reg_a & 15)) {
        uint64_t p = periodic_index(r, now);
        if (p != r->last_periodic)
            r->reg_c |= RTC_C_PF;
        r->last_periodic = p;
    }
    uint64_t s = divider_ns(r, now) / NS_PER_S;
    if (s != r->last_sec) {
        r->last_sec = s;
        if (divider_running(r) && !(r->reg_b & RTC_B_SET)) {
            r->reg_c |= RTC_C_UF;
            struct civil c = civil_from_seconds(rtc_wall_seconds(r, now));
            if (alarm_byte_matches(r->ram[1], enc(r, c.sec)) &&
                alarm_byte_matches(r->ram[3], enc(r, c.min)) &&
                alarm_byte_matches(r->ram[5], enc_hour(r, c.hour)))
                r->reg_c |= RTC_C_AF;
        }
    }
    uint8_t en = r->reg_b & (RTC_B_PIE | RTC_B_AIE | RTC_B_UIE);   /* same bit positions as C */
    if (r->reg_c & en & (RTC_C_PF | RTC_C_AF | RTC_C_UF))
        r->reg_c |= RTC_C_IRQF;
    r->synced_ns = now;
    bool level = r->reg_c & RTC_C_IRQF;
    if (level != r->level) {
        r->level = level;
        irq_line_set(&r->irq, level);
    }
}

void rtc_update(struct rtc_cmos *r, uint64_t now_ns) { sync(r, now_ns); }

uint64_t rtc_next_event_ns(const struct rtc_cmos *r)
{
    if (!divider_running(r))
        return 0;
    uint64_t best = 0, d = divider_ns(r, r->synced_ns);
    if ((r->reg_b & RTC_B_PIE) && (r->reg_a & 15)) {
        uint64_t tick = (periodic_index(r, r->synced_ns) + 1) << periodic_shift(r);
        uint64_t at = tick / 32768 * NS_PER_S + (tick % 32768 * NS_PER_S + 32767) / 32768;
        best = at;
    }
    if ((r->reg_b & (RTC_B_UIE | RTC_B_AIE)) && !(r->reg_b & RTC_B_SET)) {
        uint64_t at = (d / NS_PER_S + 1) * NS_PER_S;
        if (!best || at < best)
            best = at;
    }
    if (!best || best < r->phase_ns)
        return 0;
    best -= r->phase_ns;   /* back from divider time to guest time */
    return best > r->synced_ns ? best : r->synced_ns + 1;
}

static bool is_time_reg(unsigned i)
{
    return (i <= 9 && i != 1 && i != 3 && i != 5) || i == RTC_CENTURY;
}

static uint8_t read_reg(struct rtc_cmos *r, unsigned i, uint64_t now)
{
    switch (i) {
    case RTC_REG_A: {
        /* UIP: set tBUC before each update while updates run ("UIP bit"). */
        bool uip = divider_running(r) && !(r->reg_b & RTC_B_SET) &&
                   divider_ns(r, now) % NS_PER_S >= NS_PER_S - RTC_UIP_NS;
        return (uint8_t)(r->reg_a | (uip ? RTC_A_UIP : 0));
    }
    case RTC_REG_B: return r->reg_b;
    case RTC_REG_C: {
        uint8_t c = r->reg_c;   /* read clears every flag and drops IRQ 8 */
        r->reg_c = 0;
        return c;
    }
    case RTC_REG_D: return 0x80;   /* VRT: the battery is fine */
    default: break;
    }
    if (is_time_reg(i) && !(r->reg_b & RTC_B_SET))
        snapshot_time(r, now);
    return r->ram[i];
}

static void write_reg(struct rtc_cmos *r, unsigned i, uint8_t v, uint64_t now)
{
    switch (i) {
    case RTC_REG_A: {
        unsigned old_rs = r->reg_a & 15;
        r->reg_a = v & 0x7f;   /* UIP is read-only */
        if ((r->reg_a & 15) != old_rs)
            r->last_periodic = periodic_index(r, now);
        return;
    }
    case RTC_REG_B: {
        bool was_set = r->reg_b & RTC_B_SET;
        if (!was_set && (v & RTC_B_SET))
            snapshot_time(r, now);   /* freeze the visible time for the update */
        if (v & RTC_B_SET)
            v &= (uint8_t)~RTC_B_UIE;   /* "UIE is cleared when SET is written to 1" */
        r->reg_b = v;
        if (was_set && !(v & RTC_B_SET)) {
            commit_time(r, now);
            r->last_sec = divider_ns(r, now) / NS_PER_S;
        }
        return;
    }
    case RTC_REG_C:
    case RTC_REG_D: return;   /* read-only */
    default: break;
    }
    if (is_time_reg(i) && !(r->reg_b & RTC_B_SET)) {
        snapshot_time(r, now);
        r->ram[i] = v;
        commit_time(r, now);
        return;
    }
    r->ram[i] = v;
}

/* Offset 0 = index port (write-only: reads 0xff), 1 = data port; wider
 * accesses are split into byte accesses like the ISA bus does. */
uint64_t rtc_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size)
{
    struct rtc_cmos *r = ctx;
    (void)v;
    uint64_t now = vclock_now(r->clk), res = 0;
    sync(r, now);
    if (size > 8)
        size = 8;
    for (unsigned k = 0; k < size; k++) {
        uint8_t b = offset + k == 1 ? read_reg(r, r->index, now) : 0xff;
        res |= (uint64_t)b << (8 * k);
    }
    sync(r, now);
    return res;
}

void rtc_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value)
{
    struct rtc_cmos *r = ctx;
    (void)v;
    uint64_t now = vclock_now(r->clk);
    sync(r, now);
    if (size > 8)
        size = 8;
    for (unsigned k = 0; k < size && offset + k < 2; k++) {
        uint8_t b = (uint8_t)(value >> (8 * k));
        if (offset + k == 0) {
            r->index = b & 0x7f;
            r->nmi_disabled = b & 0x80;
        } else {
            write_reg(r, r->index, b, now);
        }
    }
    sync(r, now);
}

static void put16(uint8_t *p, uint64_t v, uint64_t max)
{
    v = v > max ? max : v;
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void rtc_init(struct rtc_cmos *r, const struct vclock *clk, const struct irq_line *irq,
              int64_t wall_epoch_s, uint64_t ram_below_4g, uint64_t ram_above_4g)
{
    memset(r, 0, sizeof *r);
    r->clk = clk;
    if (irq)
        r->irq = *irq;
    r->reg_a = 0x26;                 /* 32.768 kHz, 1024 Hz periodic rate */
    r->reg_b = RTC_B_24H;            /* BCD, 24 hours, like a PC BIOS leaves it */
    if (wall_epoch_s < 0)
        wall_epoch_s = 0;
    if (wall_epoch_s > MAX_EPOCH_S)
        wall_epoch_s = MAX_EPOCH_S;
    uint64_t now = vclock_now(clk);
    r->base_s = wall_epoch_s - (int64_t)(now / NS_PER_S);
    r->last_sec = now / NS_PER_S;
    r->last_periodic = periodic_index(r, now);
    r->synced_ns = now;

    /* BIOS memory-size bytes (IBM PC/AT CMOS map; 0x5b-0x5d as SeaBIOS reads). */
    uint64_t ext_kb = ram_below_4g > MiB(1) ? (ram_below_4g - MiB(1)) / 1024 : 0;
    put16(&r->ram[0x15], 640, 0xffff);
    put16(&r->ram[0x17], ext_kb, 0xffff);
    put16(&r->ram[0x30], ext_kb, 0xffff);
    put16(&r->ram[0x34], ram_below_4g > MiB(16) ? (ram_below_4g - MiB(16)) >> 16 : 0, 0xffff);
    uint64_t high = ram_above_4g >> 16;
    high = high > 0xffffff ? 0xffffff : high;
    r->ram[0x5b] = (uint8_t)high;
    r->ram[0x5c] = (uint8_t)(high >> 8);
    r->ram[0x5d] = (uint8_t)(high >> 16);
    /* Standard checksum over 0x10-0x2d, big-endian at 0x2e-0x2f. */
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2d; i++)
        sum += r->ram[i];
    r->ram[0x2e] = (uint8_t)(sum >> 8);
    r->ram[0x2f] = (uint8_t)sum;
}

static const struct io_ops rtc_ops = { rtc_io_read, rtc_io_write };

int rtc_register(struct iobus *bus, struct rtc_cmos *rtc)
{
    return iobus_register_pio(bus, RTC_PORT_BASE, 2, &rtc_ops, rtc, "rtc_cmos");
}
