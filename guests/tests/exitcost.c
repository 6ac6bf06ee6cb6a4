/* exitcost: cost of one VM-exit round trip for CPUID, OUT and VMMCALL, read
 * with RDTSC around tight loops (also run by bench/exit-cost). Under QEMU with
 * `-icount shift=0,sleep=off` the TSC counts instructions, so each number is
 * the exact path length of one round trip including the 3-6 loop instructions
 * (platform.md). Loop count: command-line `loops=N` or a bare number, default
 * 10000. Prints `exit-cost <kind>: <ticks per round trip>`. */
#include "arch.h"
#include "console.h"
#include "hypercall.h"
#include "rt.h"
#include "test.h"

#define DEFAULT_LOOPS 10000u
#define LEAF_HV_BASE 0x40000000u

int guest_main(void)
{
    uint32_t loops = guest_arg_u32("loops", DEFAULT_LOOPS);
    if (loops == 0)
        loops = 1;
    con_printf("exit-cost loops: %u\n", loops);

    uint32_t n = loops, sig_ebx;
    uint64_t t0 = rdtsc();
    __asm__ volatile("1: mov %[leaf], %%eax\n\t"
                     "xor %%ecx, %%ecx\n\t"
                     "cpuid\n\t"
                     "dec %%esi\n\t"
                     "jnz 1b"
                     : "+S"(n), "=b"(sig_ebx) : [leaf] "i"(LEAF_HV_BASE)
                     : "eax", "ecx", "edx", "memory");
    uint64_t t1 = rdtsc();
    uint64_t cpuid_cost = div_u64(t1 - t0, loops, NULL);

    n = loops;
    t0 = rdtsc();
    __asm__ volatile("1: outb %%al, %%dx\n\t"
                     "dec %%esi\n\t"
                     "jnz 1b"
                     : "+S"(n) : "a"(0), "d"(COM1_SCR) : "memory");
    t1 = rdtsc();
    uint64_t out_cost = div_u64(t1 - t0, loops, NULL);

    uint32_t bad = 0;
    n = loops;
    t0 = rdtsc();
    __asm__ volatile("1: mov %[nr], %%eax\n\t"
                     "vmmcall\n\t"
                     "test %%eax, %%eax\n\t"
                     "jg 2f\n\t"
                     "inc %%edi\n"
                     "2: dec %%esi\n\t"
                     "jnz 1b"
                     : "+S"(n), "+D"(bad) : [nr] "i"(HC_VERSION)
                     : "eax", "memory");
    t1 = rdtsc();
    uint64_t vmmcall_cost = div_u64(t1 - t0, loops, NULL);

    con_printf("exit-cost cpuid: %llu\n", cpuid_cost);
    con_printf("exit-cost out: %llu\n", out_cost);
    con_printf("exit-cost vmmcall: %llu\n", vmmcall_cost);

    test_check("exitcost-cpuid", sig_ebx == 0x6e617551u /* "Quan" */ && cpuid_cost > 0,
               "EBX 0x%x, %llu ticks", sig_ebx, cpuid_cost);
    test_check("exitcost-out", out_cost > 0, "%llu ticks", out_cost);
    test_check("exitcost-vmmcall", bad == 0 && vmmcall_cost > 0,
               "%u of %u version calls failed, %llu ticks", bad, loops, vmmcall_cost);
    return test_summary();
}
