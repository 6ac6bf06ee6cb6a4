/* libFuzzer target: MC146818A RTC/CMOS under random index/data accesses (any
 * offset, size, value: garbage BCD, SET toggling, divider resets, rate
 * changes), time steps and rtc_update calls. Invariants: reads fit the access
 * width; register D reads 0x80; after rtc_update(now) the next event is none
 * or in the future; IRQ 8 is asserted exactly while register C's IRQF is set. */
#include <stdlib.h>
#include "devices/rtc_cmos.h"

static uint64_t now_ns;
static uint64_t clk_now(void *ctx) { (void)ctx; return now_ns; }
static bool level;
static void set_gsi(void *ctx, unsigned gsi, bool l) { (void)ctx; (void)gsi; level = l; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vclock clk = { clk_now, NULL };
    struct irq_sink sink = { set_gsi, NULL, NULL };
    struct irq_line line = { &sink, 8 };
    struct rtc_cmos rtc;
    int64_t epoch = 0;
    now_ns = 0;
    level = false;
    if (size >= 8) {   /* any start time, including out-of-range ones */
        for (int i = 0; i < 8; i++)
            epoch = (int64_t)((uint64_t)epoch << 8 | data[i]);
        now_ns = (uint64_t)data[0] << 36;
        data += 8;
        size -= 8;
    }
    rtc_init(&rtc, &clk, &line, epoch, (uint64_t)epoch, (uint64_t)epoch << 3);
    while (size >= 4) {
        uint8_t op = data[0], off = data[1], sz = data[2], val = data[3];
        data += 4;
        size -= 4;
        unsigned s = sz % 10;
        uint64_t value = val | (uint64_t)sz << 8;
        uint64_t o = off & 0x80 ? off : off % 2;
        switch (op % 5) {
        case 0: {
            uint64_t r = rtc_io_read(&rtc, NULL, o, s);
            if (s < 8 && (r >> (8 * s)) != 0)
                abort();
            break;
        }
        case 1:
            rtc_io_write(&rtc, NULL, o, s, value);
            break;
        case 2:   /* index then data, the common pattern */
            rtc_io_write(&rtc, NULL, 0, 1, off);
            if (op & 8)
                rtc_io_write(&rtc, NULL, 1, 1, val);
            else if (off % 128 == RTC_REG_D && rtc_io_read(&rtc, NULL, 1, 1) != 0x80)
                abort();
            break;
        case 3:
            now_ns += (uint64_t)val << (sz % 32);
            break;
        default: {
            rtc_update(&rtc, now_ns);
            uint64_t next = rtc_next_event_ns(&rtc);
            if (next && next <= now_ns)
                abort();
            if (next && (val & 1))
                now_ns = next;
            break;
        }
        }
        if (level != !!(rtc.reg_c & RTC_C_IRQF) || rtc.index > 127)
            abort();
    }
    return 0;
}
