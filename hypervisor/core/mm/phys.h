/* Physical <-> virtual address conversion.
 *
 * The kernel identity-maps all RAM (arch/x86_64/cpu/paging.c), so both
 * directions are plain casts. Host unit tests use real pointers into a buffer
 * as "physical" addresses, which makes the same identity hold there: code
 * written against these helpers runs unchanged in both builds. */
#ifndef QV_CORE_MM_PHYS_H
#define QV_CORE_MM_PHYS_H
#include "lib/types.h"

static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(uintptr_t)pa;
}

static inline uint64_t virt_to_phys(const void *va)
{
    return (uint64_t)(uintptr_t)va;
}

#endif
