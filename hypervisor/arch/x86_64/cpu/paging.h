/* Host paging: the identity map of RAM and MMIO, and per-CPU top-level tables. */
#ifndef QV_ARCH_PAGING_H
#define QV_ARCH_PAGING_H
#include "lib/types.h"
struct frame_alloc;
/* Extend the boot identity map (first 4 GiB) to cover RAM up to max_pa. */
int paging_map_identity(struct frame_alloc *fa, uint64_t max_pa, bool use_1g);
/* Build a PML4 for one CPU: the shared identity map plus its per-CPU area at
 * PERCPU_VA. Returns the PML4's physical address or 0. */
uint64_t paging_build_cpu_pml4(struct frame_alloc *fa, uint64_t percpu_pa);
#endif
