/* Multiprocessor bring-up and cross-CPU calls. */
#ifndef QV_ARCH_SMP_H
#define QV_ARCH_SMP_H
#include "arch/x86_64/cpu/percpu.h"
#include "lib/types.h"
struct frame_alloc;

/* Set up the bootstrap processor's per-CPU area, page table, GDT/TSS/IDT. */
int smp_init_bsp(struct frame_alloc *fa);
/* Start each listed application processor (INIT-SIPI-SIPI), at most max_cpus in
 * total including the BSP. Returns the number of CPUs online. */
unsigned smp_boot_aps(const uint32_t *apic_ids, unsigned count, unsigned max_cpus);
/* Run fn(arg) on CPU `cpu` and wait for it to finish. QV_ERR_TIMEOUT if it
 * does not answer within a second, QV_ERR_INVAL for an offline CPU. */
int smp_call_on(unsigned cpu, ipi_fn fn, void *arg);
bool smp_nmi_stop_requested(void);
#endif
