/* PIT channel 2 one-shot wait. Channel 2's gate is port 0x61 bit 0 and its
 * output is readable at port 0x61 bit 5 (IBM PC/AT technical reference), so no
 * interrupt is needed. */
#include "arch/x86_64/cpu/pit.h"
#include "arch/x86_64/cpu/x86.h"

#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61

bool pit_wait_us(uint32_t us)
{
    uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000u);
    if (count > 0xffff)
        count = 0xffff;
    uint8_t b = inb(PORT_B);
    outb(PORT_B, (b & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(PIT_CMD, 0xB0);                /* channel 2, lobyte/hibyte, mode 0, binary */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    /* Bounded: ~1e8 port reads is far longer than any real PIT needs. */
    for (uint32_t i = 0; i < 100000000u; i++)
        if (inb(PORT_B) & 0x20)
            return true;
    return false;
}
