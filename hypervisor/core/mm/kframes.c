/* Locked access to the kernel frame allocator; see kframes.h. */
#include "core/mm/kframes.h"
#include "core/mm/phys.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "lib/string.h"

/* One lock for the frame allocator and the heap built on it. */
static spinlock_t kframes_lock = SPINLOCK_INIT;

uint64_t kmem_lock(void) { return spin_lock_irqsave(&kframes_lock); }
void kmem_unlock(uint64_t flags) { spin_unlock_irqrestore(&kframes_lock, flags); }

uint64_t kframe_alloc_contig(size_t npages, size_t align_pages)
{
    uint64_t f = spin_lock_irqsave(&kframes_lock);
    uint64_t pa = frame_alloc_contig(&kernel_frames, npages, align_pages);
    spin_unlock_irqrestore(&kframes_lock, f);
    if (pa)
        memset(phys_to_virt(pa), 0, npages * PAGE_SIZE);
    return pa;
}

uint64_t kframe_alloc(void) { return kframe_alloc_contig(1, 1); }

void kframe_free(uint64_t pa, size_t npages)
{
    uint64_t f = spin_lock_irqsave(&kframes_lock);
    int rc = frame_free(&kernel_frames, pa, npages);
    spin_unlock_irqrestore(&kframes_lock, f);
    if (rc)
        pr_err("kframe_free(0x%llx, %zu) rejected (%d)", (unsigned long long)pa, npages, rc);
}

static uint64_t pt_alloc_page(void *ctx) { (void)ctx; return kframe_alloc(); }
static void pt_free_page(void *ctx, uint64_t pa) { (void)ctx; kframe_free(pa, 1); }
static void *pt_p2v(void *ctx, uint64_t pa) { (void)ctx; return phys_to_virt(pa); }

const struct pt_alloc kframe_pt_alloc = { pt_alloc_page, pt_free_page, pt_p2v, NULL };
