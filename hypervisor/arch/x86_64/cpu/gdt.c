/* Per-CPU GDT and TSS (SDM vol. 3A §3.4.5, §7.2.3). Each CPU has its own TSS so
 * that the IST stacks for #DF, NMI and #MC are per-CPU. */
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/cpu/percpu.h"
#include "lib/string.h"

#define SEG_CODE64 0x00209a0000000000ull /* P, DPL0, code, L=1 */
#define SEG_DATA 0x0000920000000000ull   /* P, DPL0, data, writable */

struct gdt_ptr {
    uint16_t limit;
    uint64_t base;
} __packed;

void gdt_init_cpu(struct percpu *pc, const uint64_t ist_tops[3])
{
    memset(&pc->tss, 0, sizeof(pc->tss));
    pc->tss.rsp[0] = pc->stack_top;
    pc->tss.ist[IST_DF - 1] = ist_tops[0];
    pc->tss.ist[IST_NMI - 1] = ist_tops[1];
    pc->tss.ist[IST_MC - 1] = ist_tops[2];
    pc->tss.iomap_base = sizeof(struct tss64); /* no I/O bitmap */

    /* The TSS descriptor holds the address the CPU will use: the fixed
     * per-CPU virtual address, valid on whichever CPU loads it. */
    uint64_t base = PERCPU_VA + offsetof(struct percpu, tss);
    uint64_t limit = sizeof(struct tss64) - 1;
    pc->gdt[0] = 0;
    pc->gdt[1] = SEG_CODE64;
    pc->gdt[2] = SEG_DATA;
    pc->gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) /* P, 64-bit TSS available */
               | (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    pc->gdt[4] = base >> 32;
}

void gdt_load(void)
{
    struct percpu *pc = this_cpu();
    struct gdt_ptr p = { sizeof(pc->gdt) - 1, (uint64_t)&pc->gdt[0] };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%ss\n\t"
        "ltr %w3\n\t"
        :
        : "m"(p), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(KERNEL_TSS)
        : "rax", "memory");
}
