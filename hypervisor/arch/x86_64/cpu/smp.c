/* SMP bring-up (Intel SDM vol. 3A §9.4 "MP initialization"; the universal
 * INIT-SIPI-SIPI sequence with the delays of §9.4.4.1) and cross-CPU calls. */
#include "arch/x86_64/cpu/smp.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/cpu/lapic.h"
#include "arch/x86_64/cpu/layout.h"
#include "arch/x86_64/cpu/paging.h"
#include "arch/x86_64/cpu/traps.h"
#include "arch/x86_64/cpu/tsc.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/debug/backtrace.h"
#include "core/log/console_input.h"
#include "core/sched/sched.h"
#include "core/mm/frame.h"
#include "core/mm/kframes.h"
#include "core/mm/phys.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "lib/string.h"

struct percpu *cpu_areas[MAX_CPUS];
unsigned cpus_online;
unsigned cpus_possible;
extern bool percpu_ready;

struct ap_tramp_params {
    uint64_t cr3, stack, entry, arg;
};
extern const char __ap_trampoline_end[];
extern const char tramp_start[], tramp_params[];

static struct frame_alloc *frames;
static volatile bool stop_requested;
static spinlock_t call_lock = SPINLOCK_INIT; /* one cross-CPU call at a time */

static uint64_t alloc_pages(size_t n)
{
    return kframe_alloc_contig(n, 1);
}

/* Allocate and fill the per-CPU area, stacks and page table of one CPU. */
static struct percpu *percpu_create(unsigned index, uint32_t apic_id)
{
    uint64_t area = alloc_pages(PERCPU_PAGES);
    uint64_t stack = alloc_pages(KERNEL_STACK_SIZE / PAGE_SIZE);
    uint64_t ist = alloc_pages(3 * IST_STACK_SIZE / PAGE_SIZE);
    if (!area || !stack || !ist)
        return NULL;
    uint64_t pml4 = paging_build_cpu_pml4(frames, area);
    if (!pml4)
        return NULL;
    struct percpu *pc = phys_to_virt(area);
    pc->self_pa = pc;
    pc->index = index;
    pc->apic_id = apic_id;
    pc->pml4_pa = pml4;
    pc->stack_top = stack + KERNEL_STACK_SIZE;
    uint64_t ist_tops[3] = { ist + IST_STACK_SIZE, ist + 2 * IST_STACK_SIZE, ist + 3 * IST_STACK_SIZE };
    gdt_init_cpu(pc, ist_tops);
    cpu_areas[index] = pc;
    return pc;
}

static void ipi_call_handler(struct trap_frame *f)
{
    (void)f;
    struct percpu *pc = this_cpu();
    uint32_t seq = pc->call_seq;
    ipi_fn fn = pc->call_fn;
    if (fn)
        fn(pc->call_arg);
    __atomic_store_n(&pc->call_done, seq, __ATOMIC_RELEASE);
}

static void timer_tick_handler(struct trap_frame *f)
{
    (void)f;
    this_cpu()->timer_ticks++;
    if (this_cpu()->index == 0)
        console_input_poll_hw(); /* keyboard input for the console VM */
}

/* What every CPU does once it runs on its own page table. */
static void cpu_local_init(void)
{
    gdt_load();
    idt_load();
    hw_lapic_init_cpu();
}

int smp_init_bsp(struct frame_alloc *fa)
{
    frames = fa;
    idt_init();
    irq_register(VEC_IPI_CALL, ipi_call_handler);
    irq_register(VEC_LAPIC_TIMER, timer_tick_handler);
    /* The BSP's APIC ID: read it through the identity-mapped default base. */
    uint32_t apic_id = (uint32_t)(*(volatile uint32_t *)(uintptr_t)(
                           (rdmsr(MSR_APIC_BASE) & ~0xfffull) + 0x20) >> 24);
    struct percpu *pc = percpu_create(0, apic_id);
    if (!pc)
        return QV_ERR_NOMEM;
    /* Keep running on the boot stack: it stays mapped (identity). */
    write_cr3(pc->pml4_pa);
    percpu_ready = true;
    cpu_local_init();
    pc->online = true;
    cpus_online = 1;
    cpus_possible = 1;
    return QV_OK;
}

__noreturn static void ap_entry(struct percpu *pc)
{
    (void)pc; /* this_cpu() is the same area, through PERCPU_VA */
    cpu_local_init();
    __atomic_add_fetch(&cpus_online, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&this_cpu()->online, true, __ATOMIC_RELEASE);
    sched_idle_loop(); /* runs this CPU's vCPUs; sleeps when there are none */
}

static bool wait_online(struct percpu *pc, uint64_t us)
{
    uint64_t end = rdtsc() + tsc_khz() * us / 1000;
    while ((int64_t)(rdtsc() - end) < 0) {
        if (__atomic_load_n(&pc->online, __ATOMIC_ACQUIRE))
            return true;
        cpu_relax();
    }
    return __atomic_load_n(&pc->online, __ATOMIC_ACQUIRE);
}

unsigned smp_boot_aps(const uint32_t *apic_ids, unsigned count, unsigned max_cpus)
{
    /* Copy from the code's own first label: the section may start earlier
     * than it because of alignment padding. */
    size_t len = (size_t)(__ap_trampoline_end - tramp_start);
    uint8_t *tramp = phys_to_virt(AP_TRAMPOLINE_PA);
    memcpy(tramp, tramp_start, len);
    struct ap_tramp_params *params =
        (struct ap_tramp_params *)(tramp + (tramp_params - tramp_start));

    uint32_t bsp = this_cpu()->apic_id;
    for (unsigned i = 0; i < count; i++) {
        if (apic_ids[i] == bsp)
            continue;
        if (cpus_possible >= max_cpus || cpus_possible >= MAX_CPUS) {
            pr_info("smp: not starting APIC ID %u (limit %u CPUs)", apic_ids[i], max_cpus);
            continue;
        }
        pr_debug("smp: preparing CPU %u (APIC ID %u)", cpus_possible, apic_ids[i]);
        struct percpu *pc = percpu_create(cpus_possible, apic_ids[i]);
        if (!pc) {
            pr_err("smp: out of memory for CPU with APIC ID %u", apic_ids[i]);
            break;
        }
        cpus_possible++;
        params->cr3 = pc->pml4_pa;
        params->stack = pc->stack_top;
        params->entry = (uint64_t)(uintptr_t)ap_entry;
        params->arg = (uint64_t)(uintptr_t)pc;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);

        uint32_t vec = AP_TRAMPOLINE_PA >> 12;
        pr_debug("smp: INIT-SIPI-SIPI to APIC ID %u", pc->apic_id);
        hw_lapic_send_ipi(pc->apic_id, ICR_INIT | ICR_ASSERT | ICR_LEVEL);
        udelay(10000);
        hw_lapic_send_ipi(pc->apic_id, ICR_STARTUP | vec);
        if (!wait_online(pc, 1000)) {
            hw_lapic_send_ipi(pc->apic_id, ICR_STARTUP | vec);
            if (!wait_online(pc, 500000)) {
                pr_err("smp: CPU %u (APIC ID %u) did not come online", pc->index, pc->apic_id);
                continue;
            }
        }
        pr_info("smp: CPU %u online (APIC ID %u)", pc->index, pc->apic_id);
    }
    return cpus_online;
}

int smp_call_on(unsigned cpu, ipi_fn fn, void *arg)
{
    if (cpu >= MAX_CPUS || !cpu_areas[cpu] || !cpu_areas[cpu]->online)
        return QV_ERR_INVAL;
    struct percpu *pc = cpu_areas[cpu];
    if (pc == this_cpu()->self_pa) {
        fn(arg);
        return QV_OK;
    }
    spin_lock(&call_lock);
    pc->call_fn = fn;
    pc->call_arg = arg;
    uint32_t seq = pc->call_seq + 1;
    __atomic_store_n(&pc->call_seq, seq, __ATOMIC_RELEASE);
    int rc = QV_OK;
    if (!hw_lapic_send_ipi(pc->apic_id, ICR_FIXED | VEC_IPI_CALL))
        rc = QV_ERR_TIMEOUT;
    uint64_t end = rdtsc() + tsc_khz() * 1000;
    while (rc == QV_OK && __atomic_load_n(&pc->call_done, __ATOMIC_ACQUIRE) != seq) {
        if ((int64_t)(rdtsc() - end) > 0)
            rc = QV_ERR_TIMEOUT;
        cpu_relax();
    }
    spin_unlock(&call_lock);
    return rc;
}

bool smp_nmi_stop_requested(void) { return stop_requested; }

void arch_stop_other_cpus(void)
{
    if (!percpu_ready || cpus_online <= 1)
        return;
    stop_requested = true;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    hw_lapic_send_ipi(0, ICR_NMI | ICR_SHORTHAND_ALL_BUT_SELF);
}
