/* Exception reporting and interrupt dispatch. A hypervisor exception is a bug
 * in the hypervisor: print everything useful (registers, faulting address,
 * decoded error code, symbolized backtrace) and stop the machine. */
#include "arch/x86_64/cpu/traps.h"
#include "arch/x86_64/cpu/lapic.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/smp.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/debug/backtrace.h"
#include "core/debug/ksyms.h"
#include "core/debug/panic.h"
#include "core/log/console.h"
#include "lib/printf.h"
#include "lib/printk.h"

static irq_handler_fn irq_handlers[256];
extern bool percpu_ready;

static const char *const exc_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available", "#DF double fault",
    "coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
    "#SS stack fault", "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 floating point", "#AC alignment check", "#MC machine check",
    "#XM SIMD floating point", "#VE virtualization", "#CP control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
    "reserved 27", "#HV hypervisor injection", "#VC VMM communication", "#SX security",
    "reserved 31",
};

const char *exception_name(unsigned vector)
{
    return vector < 32 ? exc_names[vector] : "interrupt";
}

void irq_register(unsigned vector, irq_handler_fn fn)
{
    if (vector < 256)
        irq_handlers[vector] = fn;
}

static void decode_pf_error(uint64_t ec, char *buf, size_t n)
{
    /* SDM vol. 3A §4.7, figure 4-12. */
    qv_snprintf(buf, n, "%s, %s, %s%s%s", ec & 1 ? "protection violation" : "not present",
                ec & 2 ? "write" : "read", ec & 4 ? "user" : "supervisor",
                ec & 8 ? ", reserved bit set" : "", ec & 16 ? ", instruction fetch" : "");
}

static void dump_exception(const struct trap_frame *f)
{
    unsigned cpu = percpu_ready ? this_cpu()->index : 0;
    printk(LOG_EMERG, "!!! EXCEPTION %s (vector %llu) on CPU %u, error code 0x%llx",
           exception_name((unsigned)f->vector), (unsigned long long)f->vector, cpu,
           (unsigned long long)f->error_code);
    if (f->vector == EXC_PF) {
        char why[96];
        decode_pf_error(f->error_code, why, sizeof why);
        printk(LOG_EMERG, "faulting address (CR2) 0x%016llx: %s", (unsigned long long)read_cr2(), why);
    }
    unsigned long off = 0;
    const char *fn = ksym_lookup((unsigned long)f->rip, &off);
    printk(LOG_EMERG, "RIP 0x%016llx %s+0x%lx  CS 0x%llx  RFLAGS 0x%llx", (unsigned long long)f->rip,
           fn ? fn : "?", off, (unsigned long long)f->cs, (unsigned long long)f->rflags);
    printk(LOG_EMERG, "RSP 0x%016llx  SS 0x%llx", (unsigned long long)f->rsp, (unsigned long long)f->ss);
    printk(LOG_EMERG, "RAX 0x%016llx RBX 0x%016llx RCX 0x%016llx RDX 0x%016llx",
           (unsigned long long)f->rax, (unsigned long long)f->rbx, (unsigned long long)f->rcx,
           (unsigned long long)f->rdx);
    printk(LOG_EMERG, "RSI 0x%016llx RDI 0x%016llx RBP 0x%016llx R8  0x%016llx",
           (unsigned long long)f->rsi, (unsigned long long)f->rdi, (unsigned long long)f->rbp,
           (unsigned long long)f->r8);
    printk(LOG_EMERG, "R9  0x%016llx R10 0x%016llx R11 0x%016llx R12 0x%016llx",
           (unsigned long long)f->r9, (unsigned long long)f->r10, (unsigned long long)f->r11,
           (unsigned long long)f->r12);
    printk(LOG_EMERG, "R13 0x%016llx R14 0x%016llx R15 0x%016llx", (unsigned long long)f->r13,
           (unsigned long long)f->r14, (unsigned long long)f->r15);
    printk(LOG_EMERG, "CR0 0x%llx CR2 0x%llx CR3 0x%llx CR4 0x%llx EFER 0x%llx",
           (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
           (unsigned long long)read_cr3(), (unsigned long long)read_cr4(),
           (unsigned long long)rdmsr(MSR_EFER));
    backtrace_from(f->rip, f->rbp);
}

void trap_dispatch(struct trap_frame *f)
{
    unsigned v = (unsigned)f->vector;
    if (v == EXC_NMI && percpu_ready && smp_nmi_stop_requested())
        arch_halt_forever(); /* another CPU panicked and is stopping us */
    if (v < VEC_FIRST_IRQ) {
        if (percpu_ready && this_cpu()->in_exception++) {
            /* A fault while reporting a fault: say so and stop without recursion. */
            static const char msg[] = "!!! nested exception while reporting an exception\n";
            log_enter_panic();
            console_write(msg, sizeof msg - 1);
            machine_halt(QV_EXIT_EXCEPTION);
        }
        arch_stop_other_cpus();
        log_enter_panic();
        dump_exception(f);
        machine_halt(QV_EXIT_EXCEPTION);
    }
    if (irq_handlers[v])
        irq_handlers[v](f);
    else if (v != VEC_SPURIOUS)
        pr_warn("unexpected interrupt vector %u", v);
    if (v != VEC_SPURIOUS)
        hw_lapic_eoi();
}
