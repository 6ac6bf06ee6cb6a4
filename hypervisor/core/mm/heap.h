/* Kernel heap on top of the frame allocator.
 *
 * Memory comes in 8 KiB "blocks" (2 frames, 8 KiB aligned) whose first 64
 * bytes are a header, so the header of any heap pointer is found by rounding
 * it down to 8 KiB:
 *  - small requests (1..2048 bytes) use size classes 16, 32, ..., 2048; a slab
 *    block carves (8192 - 64) / class objects and is returned to the frame
 *    allocator as soon as its last object is freed;
 *  - larger requests get their own run of whole frames (8 KiB aligned) with the
 *    header in front; kfree returns the run immediately.
 * Every pointer returned is 16-byte aligned.
 *
 * Bad frees are detected where it is cheap: magic + self pointer in the block
 * header, object offset on a class boundary, large pointers exactly after the
 * header, and a tag in freed objects that triggers a free-list walk to confirm
 * a double free. They are logged, counted in bad_frees, and change nothing.
 *
 * Not locked: the kernel wraps heap calls with a spinlock (as it does for the
 * frame allocator the heap draws from).
 */
#ifndef QV_CORE_MM_HEAP_H
#define QV_CORE_MM_HEAP_H
#include "lib/types.h"

struct frame_alloc;
struct heap_block;

#define HEAP_NUM_CLASSES 8 /* 16 << 0 .. 16 << 7 = 2048 */
#define HEAP_MAX_SMALL 2048
#define HEAP_BLOCK_PAGES 2
#define HEAP_BLOCK_SIZE (HEAP_BLOCK_PAGES * PAGE_SIZE)
#define HEAP_HDR_SIZE 64

struct heap_stats {
    uint64_t objects; /* live allocations */
    uint64_t bytes; /* usable bytes of live allocations (class size / request) */
    uint64_t pages; /* frames currently held from the frame allocator */
    uint64_t bad_frees; /* rejected kfree calls */
    uint64_t corruptions; /* damaged free objects found while allocating */
};

struct heap {
    struct frame_alloc *fa;
    struct heap_block *partial[HEAP_NUM_CLASSES]; /* slabs with a free object */
    struct heap_stats st;
};

/* Set up `h` over `fa` and make it the default heap used by kmalloc & co. */
void heap_init(struct heap *h, struct frame_alloc *fa);

void *heap_alloc(struct heap *h, size_t size); /* NULL for 0 or no memory */
/* QV_OK; QV_ERR_INVAL for a pointer the heap did not hand out; QV_ERR_STATE
 * for a double free. NULL is accepted (QV_OK). */
int heap_free(struct heap *h, void *ptr);
void heap_get_stats(const struct heap *h, struct heap_stats *out);

/* Lock taken around every kmalloc/kfree of the default heap (the kernel passes
 * its memory lock; without one the default heap is not thread-safe). */
void heap_set_lock(uint64_t (*lock)(void), void (*unlock)(uint64_t));

/* Default heap (the last one passed to heap_init); NULL before heap_init. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *kcalloc(size_t n, size_t size); /* NULL if n * size overflows */
void kfree(void *ptr);

#endif
