/* The kernel's frame allocator instance, with the lock the allocator itself
 * does not take (frame.h). Every kernel user allocates frames through these. */
#ifndef QV_CORE_MM_KFRAMES_H
#define QV_CORE_MM_KFRAMES_H
#include "core/mm/frame.h"
#include "core/mm/pgtable.h"

extern struct frame_alloc kernel_frames;
uint64_t kframe_alloc_contig(size_t npages, size_t align_pages); /* zeroed; 0 on failure */
uint64_t kframe_alloc(void);                                      /* zeroed; 0 on failure */
void kframe_free(uint64_t pa, size_t npages);
/* The kernel memory lock (frames and the default heap). */
uint64_t kmem_lock(void);
void kmem_unlock(uint64_t flags);
/* Page-table allocator interface backed by the kernel frames (for NPT/EPT). */
extern const struct pt_alloc kframe_pt_alloc;
#endif
