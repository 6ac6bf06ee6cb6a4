/* libFuzzer target: 16550A UART under random register accesses (any offset,
 * size, value, DLAB/loopback/FIFO states), host input bursts, time steps and
 * uart_update calls. Invariants: reads fit the access width; the FIFO never
 * holds more than 16 bytes; uart_receive stores no more than the room it
 * reported; after uart_update(now) the next event is none or in the future;
 * the IRQ line seen by the sink matches the device's own view. */
#include <stdlib.h>
#include "devices/uart16550.h"

static uint64_t now_ns;
static uint64_t clk_now(void *ctx) { (void)ctx; return now_ns; }
static bool level;
static void set_gsi(void *ctx, unsigned gsi, bool l) { (void)ctx; (void)gsi; level = l; }
static unsigned sent;
static void tx(void *ctx, uint8_t b) { (void)ctx; (void)b; sent++; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vclock clk = { clk_now, NULL };
    struct irq_sink sink = { set_gsi, NULL, NULL };
    struct irq_line line = { &sink, 4 };
    struct uart16550 u;
    now_ns = 0;
    level = false;
    uart_init(&u, &clk, &line, tx, NULL);
    while (size >= 4) {
        uint8_t op = data[0], off = data[1], sz = data[2], val = data[3];
        data += 4;
        size -= 4;
        unsigned s = sz % 10;
        uint64_t value = val | (uint64_t)sz << 8 | (uint64_t)op << 16;
        uint64_t o = off & 0x80 ? off : off % 8;
        switch (op % 6) {
        case 0: case 1: {
            uint64_t r = uart_io_read(&u, NULL, o, s);
            if (s < 8 && (r >> (8 * s)) != 0)
                abort();
            break;
        }
        case 2:
            uart_io_write(&u, NULL, o, s, value);
            break;
        case 3: {
            char buf[24];
            size_t n = val % sizeof buf;
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)(off + i);
            size_t room = uart_rx_room(&u), got = uart_receive(&u, buf, n);
            if (got > room || got > n)
                abort();
            break;
        }
        case 4:
            now_ns += (uint64_t)val << (sz % 24);
            break;
        default: {
            uart_update(&u, now_ns);
            uint64_t next = uart_next_event_ns(&u);
            if (next && next <= now_ns)
                abort();
            if (next && (val & 1))
                now_ns = next;
            break;
        }
        }
        if (u.rx_count > UART_FIFO_SIZE || u.rx_head >= UART_FIFO_SIZE || level != u.level)
            abort();
    }
    return 0;
}
