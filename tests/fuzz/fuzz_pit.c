/* libFuzzer target: 8254 PIT + port 0x61 under random port accesses (any
 * offset, size, value) interleaved with guest-time steps and pit_update calls.
 * Invariants: reads fit the access width; after pit_update(now) the next event
 * is none or strictly in the future (the VM loop must never spin); IRQ 0 is
 * only ever pulsed, never left asserted. */
#include <stdlib.h>
#include "devices/pit8254.h"
#include "devices/port61.h"

static uint64_t now_ns;
static uint64_t clk_now(void *ctx) { (void)ctx; return now_ns; }
static bool level;
static void set_gsi(void *ctx, unsigned gsi, bool l) { (void)ctx; (void)gsi; level = l; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vclock clk = { clk_now, NULL };
    struct irq_sink sink = { set_gsi, NULL, NULL };
    struct irq_line line = { &sink, 0 };
    struct pit8254 pit;
    struct port61 p61;
    now_ns = size ? (uint64_t)data[0] << 40 : 0;   /* also start far from zero */
    level = false;
    pit_init(&pit, &clk, &line);
    port61_init(&p61, &pit);
    while (size >= 4) {
        uint8_t op = data[0], off = data[1], sz = data[2], val = data[3];
        data += 4;
        size -= 4;
        unsigned s = sz % 10;
        uint64_t value = val | (uint64_t)sz << 8 | (uint64_t)op << 16;
        switch (op & 7) {
        case 0: case 1: {
            uint64_t r = pit_io_read(&pit, NULL, off & 0x80 ? off : off % 4, s);
            if (s < 8 && (r >> (8 * s)) != 0)
                abort();
            break;
        }
        case 2: case 3:
            pit_io_write(&pit, NULL, off & 0x80 ? off : off % 4, s, value);
            break;
        case 4:
            port61_io_write(&p61, NULL, off & 0x80 ? off : 0, s, val);
            break;
        case 5: {
            uint64_t r = port61_io_read(&p61, NULL, off & 0x80 ? off : 0, s);
            if (s < 8 && (r >> (8 * s)) != 0)
                abort();
            break;
        }
        case 6:   /* time step: a few ns up to ~100 ms */
            now_ns += (uint64_t)val << (sz % 20);
            break;
        default: {
            pit_update(&pit, now_ns);
            uint64_t next = pit_next_event_ns(&pit);
            if (next != 0 && next <= now_ns)
                abort();
            if (next)                    /* jump to the event sometimes */
                now_ns = val & 1 ? next : now_ns;
            break;
        }
        }
        if (level)
            abort();
    }
    return 0;
}
