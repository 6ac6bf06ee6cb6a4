/* The IDT (SDM vol. 3A §6.14.1): one table shared by all CPUs; #DF, NMI and #MC
 * run on per-CPU IST stacks so they work even with a corrupt RSP. */
#include "arch/x86_64/cpu/layout.h"
#include "arch/x86_64/cpu/traps.h"

struct idt_entry {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t off_mid;
    uint32_t off_hi;
    uint32_t zero;
} __packed;

static struct idt_entry idt[256] __aligned(16);
extern const uint64_t isr_table[256];

void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++) {
        uint64_t h = isr_table[v];
        idt[v].off_lo = h & 0xffff;
        idt[v].sel = KERNEL_CS;
        idt[v].ist = v == EXC_DF ? IST_DF : v == EXC_NMI ? IST_NMI : v == EXC_MC ? IST_MC : 0;
        idt[v].type_attr = 0x8E; /* present, DPL0, 64-bit interrupt gate (IF cleared) */
        idt[v].off_mid = (h >> 16) & 0xffff;
        idt[v].off_hi = h >> 32;
        idt[v].zero = 0;
    }
}

void idt_load(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __packed p = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(p));
}
