/* See console_input.h. Single producer (the boot CPU's tick), consumers
 * serialised by a lock; bytes beyond the ring's size are dropped. */
#include "core/log/console_input.h"
#include "drivers/serial/uart16550.h"
#include "lib/spinlock.h"

#define RING 256
static char ring[RING];
static volatile unsigned head, tail;
static spinlock_t take_lock = SPINLOCK_INIT;

void console_input_poll_hw(void)
{
    for (int i = 0; i < 16; i++) {
        int c = hostuart_getc(COM1_PORT);
        if (c < 0)
            return;
        unsigned h = head;
        if (h - tail >= RING)
            continue; /* full: drop */
        ring[h % RING] = (char)c;
        __atomic_store_n(&head, h + 1, __ATOMIC_RELEASE);
    }
}

size_t console_input_take(char *buf, size_t cap)
{
    uint64_t f = spin_lock_irqsave(&take_lock);
    size_t n = 0;
    unsigned h = __atomic_load_n(&head, __ATOMIC_ACQUIRE);
    while (tail != h && n < cap)
        buf[n++] = ring[tail++ % RING];
    spin_unlock_irqrestore(&take_lock, f);
    return n;
}
