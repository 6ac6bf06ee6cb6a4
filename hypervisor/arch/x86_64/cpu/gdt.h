#ifndef QV_ARCH_GDT_H
#define QV_ARCH_GDT_H
#include "lib/types.h"
struct percpu;
/* Fill pc's GDT and TSS; ist_tops = top of the #DF, NMI and #MC stacks. */
void gdt_init_cpu(struct percpu *pc, const uint64_t ist_tops[3]);
/* Load this CPU's GDT (at the per-CPU address) and its TSS. */
void gdt_load(void);
#endif
