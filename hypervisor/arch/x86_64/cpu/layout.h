/* Kernel memory and segment layout (keep in sync with entry/layout.inc). */
#ifndef QV_ARCH_LAYOUT_H
#define QV_ARCH_LAYOUT_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define KERNEL_TSS 0x18 /* 16-byte system descriptor: occupies slots 3 and 4 */
#define GDT_ENTRIES 5

/* Interrupt stack table slots (SDM vol. 3A §6.14.5): exceptions that must run
 * on a known-good stack even if RSP is corrupt. */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3
#define IST_STACK_SIZE 8192
#define KERNEL_STACK_SIZE 65536

/* Per-CPU area: the same virtual address on every CPU (PML4 slot 511), backed
 * by different frames through each CPU's own top-level page table. */
#define PERCPU_VA 0xFFFFFF8000000000ull
#define PERCPU_PAGES 4
#define PERCPU_SIZE (PERCPU_PAGES * 4096)

/* Real-mode page the application processors start in (SIPI vector 0x08). */
#define AP_TRAMPOLINE_PA 0x8000

#endif
