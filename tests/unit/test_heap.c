/* Kernel heap over the frame allocator and fake "physical" memory mapped at a
 * low address (identity phys_to_virt, as in test_frame.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "qtest.h"
#include "core/mm/frame.h"
#include "core/mm/heap.h"
#include "core/mm/phys.h"
#include "lib/errors.h"

#define FAKE_SIZE MiB(32)

static uint8_t *fake;
static uint64_t B;
static uint64_t *bitmap;
static struct frame_alloc fa;
static struct heap heap;
static uint64_t free_at_start;

/* Fresh frame allocator with `ram` bytes of RAM at B+1 MiB, and a heap on it. */
static void setup(uint64_t ram)
{
    if (!fake) {
        static const uint64_t hints[] = { 0x48000000, 0x58000000, 0x28000000, 0x68000000 };
        for (size_t i = 0; i < ARRAY_SIZE(hints) && !fake; i++) {
            void *p = mmap((void *)(uintptr_t)hints[i], FAKE_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == (void *)(uintptr_t)hints[i])
                fake = p;
            else if (p != MAP_FAILED)
                munmap(p, FAKE_SIZE);
        }
        if (!fake) {
            fprintf(stderr, "cannot map fake physical memory at a low address\n");
            abort();
        }
        B = virt_to_phys(fake);
        bitmap = malloc(frame_bitmap_words(B + FAKE_SIZE) * sizeof(uint64_t));
    }
    memset(fake, 0xee, FAKE_SIZE); /* stale data everywhere */
    QCHECK_EQ(frame_init(&fa, B + FAKE_SIZE, bitmap, frame_bitmap_words(B + FAKE_SIZE)), QV_OK);
    frame_add_free(&fa, B + MiB(1), ram);
    struct frame_stats s;
    frame_stats(&fa, &s);
    free_at_start = s.free;
    heap_init(&heap, &fa);
}

static void check_all_returned(void)
{
    struct frame_stats s;
    struct heap_stats h;
    frame_stats(&fa, &s);
    heap_get_stats(&heap, &h);
    QCHECK_EQ(s.free, free_at_start);
    QCHECK_EQ(s.used, 0);
    QCHECK_EQ(h.objects, 0);
    QCHECK_EQ(h.bytes, 0);
    QCHECK_EQ(h.pages, 0);
}

QTEST(heap_sizes_alignment_and_return)
{
    static const size_t sizes[] = { 1, 15, 16, 17, 31, 32, 48, 64, 100, 128, 200, 256,
                                    500, 512, 1000, 1024, 2000, 2048, 2049, 4000, 4032,
                                    4033, 8192, 12345, 100000, 1 << 20 };
    void *p[ARRAY_SIZE(sizes)];
    setup(MiB(8));
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        p[i] = kmalloc(sizes[i]);
        QCHECK(p[i] != NULL);
        QCHECK_EQ((uintptr_t)p[i] % 16, 0);
        QCHECK((uint8_t *)p[i] >= fake && (uint8_t *)p[i] + sizes[i] <= fake + FAKE_SIZE);
        memset(p[i], (int)i + 1, sizes[i]);
    }
    /* No two allocations overlap: each still holds its own pattern. */
    size_t damaged = 0;
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
        for (size_t k = 0; k < sizes[i]; k++)
            damaged += ((uint8_t *)p[i])[k] != (uint8_t)(i + 1);
    QCHECK_EQ(damaged, 0);
    struct heap_stats h;
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.objects, ARRAY_SIZE(sizes));
    QCHECK(h.pages > 0);
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
        kfree(p[i]);
    check_all_returned();
    QCHECK(kmalloc(0) == NULL);
    kfree(NULL);
}

QTEST(heap_large_returns_pages)
{
    setup(MiB(8));
    struct frame_stats s;
    void *a = kmalloc(100000); /* (100000 + 64) / 4096 -> 25 frames */
    QCHECK(a != NULL);
    QCHECK(IS_ALIGNED((uintptr_t)a - HEAP_HDR_SIZE, HEAP_BLOCK_SIZE));
    frame_stats(&fa, &s);
    QCHECK_EQ(free_at_start - s.free, 25);
    struct heap_stats h;
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.pages, 25);
    QCHECK_EQ(h.bytes, 100000);
    kfree(a);
    check_all_returned();
    /* More than the machine has: NULL, nothing leaked. */
    QCHECK(kmalloc(MiB(9)) == NULL);
    QCHECK(kmalloc(SIZE_MAX) == NULL);
    QCHECK(kmalloc(SIZE_MAX - 100) == NULL);
    check_all_returned();
}

QTEST(heap_slab_reuse_and_release)
{
    setup(MiB(8));
    /* A 64-byte slab holds (8192 - 64) / 64 = 127 objects. */
    void *p[300];
    for (int i = 0; i < 300; i++)
        p[i] = kmalloc(64);
    struct heap_stats h;
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.pages, 3 * HEAP_BLOCK_PAGES);
    QCHECK_EQ(h.bytes, 300 * 64);
    /* Freed objects are reused before a new slab is taken. */
    kfree(p[5]);
    void *q = kmalloc(60);
    QCHECK(q == p[5]);
    p[5] = q;
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.pages, 3 * HEAP_BLOCK_PAGES);
    /* Emptying the first slab returns its frames. */
    for (int i = 0; i < 127; i++)
        kfree(p[i]);
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.pages, 2 * HEAP_BLOCK_PAGES);
    for (int i = 127; i < 300; i++)
        kfree(p[i]);
    check_all_returned();
}

QTEST(heap_zeroing_and_calloc)
{
    static const uint8_t zero[3000];
    setup(MiB(4));
    uint8_t *a = kmalloc(3000);
    memset(a, 0x77, 3000);
    kfree(a);
    uint8_t *z = kzalloc(3000);
    QCHECK(z != NULL);
    QCHECK_MEM(z, zero, 3000);
    uint8_t *c = kcalloc(100, 30);
    QCHECK(c != NULL);
    QCHECK_MEM(c, zero, 3000);
    QCHECK(kcalloc(SIZE_MAX / 2, 3) == NULL);
    QCHECK(kcalloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
    QCHECK(kcalloc(0, 16) == NULL);
    kfree(z);
    kfree(c);
    check_all_returned();
}

QTEST(heap_bad_frees_detected)
{
    setup(MiB(4));
    uint8_t *s = kmalloc(100); /* class 128 */
    uint8_t *s2 = kmalloc(100);
    uint8_t *l = kmalloc(20000);
    struct heap_stats before, after;
    heap_get_stats(&heap, &before);

    QCHECK_EQ(heap_free(&heap, s + 8), QV_ERR_INVAL); /* misaligned */
    QCHECK_EQ(heap_free(&heap, s + 64), QV_ERR_INVAL); /* inside an object */
    QCHECK_EQ(heap_free(&heap, l + 4096), QV_ERR_INVAL); /* inside a large run */
    QCHECK_EQ(heap_free(&heap, l + HEAP_BLOCK_SIZE), QV_ERR_INVAL); /* no header there */
    /* Past the last object of the slab: (8192-64)/128 = 63 objects. */
    uint8_t *blk = (uint8_t *)ALIGN_DOWN((uintptr_t)s, HEAP_BLOCK_SIZE);
    QCHECK_EQ(heap_free(&heap, blk + HEAP_HDR_SIZE + 63 * 128), QV_ERR_INVAL);
    QCHECK_EQ(heap_free(&heap, blk), QV_ERR_INVAL); /* the header itself */
    /* Memory the heap never owned (8 KiB aligned, zero-filled). */
    void *foreign = aligned_alloc(HEAP_BLOCK_SIZE, HEAP_BLOCK_SIZE);
    memset(foreign, 0, HEAP_BLOCK_SIZE);
    QCHECK_EQ(heap_free(&heap, (uint8_t *)foreign + 64), QV_ERR_INVAL);
    free(foreign);
    heap_get_stats(&heap, &after);
    QCHECK_EQ(after.bad_frees, 7);
    QCHECK_EQ(after.objects, before.objects);
    QCHECK_EQ(after.pages, before.pages);

    /* Double free of a small object (slab stays alive thanks to s2). */
    QCHECK_EQ(heap_free(&heap, s), QV_OK);
    QCHECK_EQ(heap_free(&heap, s), QV_ERR_STATE);
    /* A live object whose content happens to look like a freed one is not a
     * double free: the free-list walk decides. */
    ((uint64_t *)s2)[1] = ((uint64_t *)s)[1] ^ (uint64_t)(uintptr_t)s ^ (uint64_t)(uintptr_t)s2;
    QCHECK_EQ(heap_free(&heap, s2), QV_OK);
    /* Double free of a large object: its header was cleared. */
    QCHECK_EQ(heap_free(&heap, l), QV_OK);
    QCHECK_EQ(heap_free(&heap, l), QV_ERR_INVAL);
    heap_get_stats(&heap, &after);
    QCHECK_EQ(after.bad_frees, 9);
    check_all_returned();
}

QTEST(heap_use_after_free_detected)
{
    setup(MiB(4));
    uint64_t *a = kmalloc(32), *b = kmalloc(32);
    kfree(b);
    b[1] = 0x1234; /* write after free clobbers the free-object tag */
    void *c = kmalloc(32);
    QCHECK(c != NULL && c != b);
    struct heap_stats h;
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.corruptions, 1);
    kfree(c);
    kfree(a);
    heap_get_stats(&heap, &h);
    QCHECK_EQ(h.objects, 0);
    QCHECK_EQ(h.pages, HEAP_BLOCK_PAGES); /* the damaged slab is never reused */
}

QTEST(heap_exhaustion)
{
    setup(KiB(64)); /* 16 frames: 8 slab blocks at most */
    void *p[2000];
    size_t n = 0;
    while (n < ARRAY_SIZE(p) && (p[n] = kmalloc(1024)) != NULL)
        n++;
    QCHECK_EQ(n, 8 * 7); /* (8192 - 64) / 1024 = 7 per slab */
    QCHECK(kmalloc(5000) == NULL);
    for (size_t i = 0; i < n; i++)
        kfree(p[i]);
    check_all_returned();
    QCHECK(kmalloc(KiB(60)) != NULL); /* all 16 frames (65536 - 64 fits 16 pages) */
}

/* Random alloc/free with content checks: catches overlap and lost memory. */
QTEST(heap_random_patterns)
{
    enum { SLOTS = 512 };
    static struct { uint8_t *p; size_t n; uint8_t v; } slot[SLOTS];
    uint32_t seed = 777;
    uint64_t damaged = 0, misaligned = 0, failed = 0;
#define RND() (seed = seed * 1664525u + 1013904223u, seed >> 7)
    setup(MiB(24));
    memset(slot, 0, sizeof slot);
    for (int op = 0; op < 20000; op++) {
        size_t i = RND() % SLOTS;
        if (slot[i].p) {
            for (size_t k = 0; k < slot[i].n; k++)
                damaged += slot[i].p[k] != slot[i].v;
            kfree(slot[i].p);
            slot[i].p = NULL;
        } else {
            unsigned r = RND() % 100;
            size_t n = r < 80 ? 1 + RND() % 256 : r < 97 ? 1 + RND() % 2048 : 1 + RND() % 40000;
            slot[i].p = kmalloc(n);
            if (!slot[i].p) {
                failed++;
                continue;
            }
            slot[i].n = n;
            slot[i].v = (uint8_t)(RND() | 1);
            misaligned += (uintptr_t)slot[i].p % 16 != 0;
            memset(slot[i].p, slot[i].v, n);
        }
    }
    QCHECK_EQ(damaged, 0);
    QCHECK_EQ(misaligned, 0);
    QCHECK_EQ(failed, 0);
    for (size_t i = 0; i < SLOTS; i++)
        kfree(slot[i].p);
    check_all_returned();
#undef RND
}
