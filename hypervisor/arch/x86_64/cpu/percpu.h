/* Per-CPU data at a fixed virtual address (NOVA/Jailhouse style): this_cpu()
 * is a constant, no segment register or lookup needed. */
#ifndef QV_ARCH_PERCPU_H
#define QV_ARCH_PERCPU_H
#include "arch/x86_64/cpu/layout.h"
#include "lib/types.h"

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __packed;

typedef void (*ipi_fn)(void *arg);

struct percpu {
    struct percpu *self_pa;   /* identity address of this area (valid on other CPUs) */
    uint32_t index;           /* 0 = bootstrap processor */
    uint32_t apic_id;
    volatile bool online;
    uint64_t pml4_pa;         /* this CPU's own top-level page table */
    uint64_t stack_top;       /* kernel stack (identity-mapped) */
    uint64_t gdt[GDT_ENTRIES] __aligned(16);
    struct tss64 tss __aligned(16);
    /* Cross-CPU function call slot (smp_call_on). */
    volatile ipi_fn call_fn;
    void *volatile call_arg;
    volatile uint32_t call_seq;   /* bumped by the caller */
    volatile uint32_t call_done;  /* set to call_seq by the target when finished */
    volatile uint64_t timer_ticks;
    volatile uint32_t in_exception;
    /* Room for later subsystems (SVM host save area pointer, current vCPU, ...). */
    void *arch_virt;
    void *current_vcpu;
};

_Static_assert(sizeof(struct percpu) <= PERCPU_SIZE, "per-CPU area too small");

static inline struct percpu *this_cpu(void)
{
    return (struct percpu *)PERCPU_VA;
}

#define MAX_CPUS 64
/* Identity-mapped pointers to every CPU's area, indexed by cpu index. */
extern struct percpu *cpu_areas[MAX_CPUS];
extern unsigned cpus_online;
extern unsigned cpus_possible;

#endif
