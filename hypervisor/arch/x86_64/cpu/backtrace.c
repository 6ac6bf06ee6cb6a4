/* Frame-pointer backtraces (the kernel is built with -fno-omit-frame-pointer:
 * [rbp] = caller's rbp, [rbp+8] = return address; System V ABI §3.2.2). */
#include "core/debug/backtrace.h"
#include "core/debug/ksyms.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/printk.h"

extern char __kernel_start[], __kernel_end[];

static bool plausible_frame(uint64_t fp, uint64_t prev)
{
    /* Stacks are identity-mapped RAM below 4 GiB or the per-CPU area; a frame
     * must be aligned and move towards the stack base. */
    if (fp == 0 || (fp & 7) || fp <= prev)
        return false;
    return fp < (1ull << 32) || fp >= 0xFFFFFF8000000000ull;
}

static void print_frame(int i, uint64_t addr)
{
    unsigned long off = 0;
    const char *name = ksym_lookup((unsigned long)addr, &off);
    if (name)
        printk(LOG_EMERG, "  #%d 0x%016llx %s+0x%lx", i, (unsigned long long)addr, name, off);
    else
        printk(LOG_EMERG, "  #%d 0x%016llx ?", i, (unsigned long long)addr);
}

void backtrace_from(uint64_t rip, uint64_t fp)
{
    printk(LOG_EMERG, "backtrace:");
    print_frame(0, rip);
    uint64_t prev = 0;
    for (int i = 1; i < 32 && plausible_frame(fp, prev); i++) {
        uint64_t ret = ((uint64_t *)fp)[1];
        if (ret == 0)
            break;
        /* A return address points after the call: show the call site. */
        print_frame(i, ret - 1);
        prev = fp;
        fp = ((uint64_t *)fp)[0];
    }
}

void backtrace_here(void)
{
    uint64_t fp;
    __asm__ volatile("mov %%rbp, %0" : "=r"(fp));
    backtrace_from((uint64_t)(uintptr_t)backtrace_here, fp);
}

void arch_irq_disable(void) { cli(); }

__noreturn void arch_halt_forever(void)
{
    for (;;) {
        cli();
        hlt();
    }
}
