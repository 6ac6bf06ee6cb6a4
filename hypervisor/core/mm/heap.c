/* Kernel heap: size-class slabs and page runs (see heap.h). */
#include "core/mm/heap.h"
#include "core/mm/frame.h"
#include "core/mm/phys.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

#define MAGIC_SLAB 0x51564845415053ull /* "SPAEHVQ" */
#define MAGIC_LARGE 0x5156484541504cull /* "LPAEHVQ" */
#define FREE_TAG 0xf4eef4eef4eef4eeull /* xor-ed with the object address */

struct heap_block {
    uint64_t magic;
    struct heap_block *self; /* second check against stray data that looks like a magic */
    struct heap_block *next, *prev; /* partial-slab list of the class */
    void **free; /* slab: first free object; each holds next + tag */
    uint16_t cls;
    bool on_list; /* slab is on its class's partial list */
    uint32_t inuse, capacity, npages;
    uint64_t size; /* large: requested bytes */
};
_Static_assert(sizeof(struct heap_block) <= HEAP_HDR_SIZE, "heap header grew");
_Static_assert(HEAP_HDR_SIZE % 16 == 0, "objects must stay 16-byte aligned");

static struct heap *default_heap;

static size_t class_size(unsigned cls)
{
    return (size_t)16 << cls;
}

static unsigned class_of(size_t size)
{
    unsigned cls = 0;
    while (class_size(cls) < size)
        cls++;
    return cls;
}

static uintptr_t obj_tag(void *obj)
{
    return (uintptr_t)(FREE_TAG ^ (uintptr_t)obj);
}

void heap_init(struct heap *h, struct frame_alloc *fa)
{
    memset(h, 0, sizeof *h);
    h->fa = fa;
    default_heap = h;
}

static void list_add(struct heap *h, struct heap_block *b)
{
    b->on_list = true;
    b->prev = NULL;
    b->next = h->partial[b->cls];
    if (b->next)
        b->next->prev = b;
    h->partial[b->cls] = b;
}

static void list_del(struct heap *h, struct heap_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        h->partial[b->cls] = b->next;
    if (b->next)
        b->next->prev = b->prev;
    b->next = b->prev = NULL;
    b->on_list = false;
}

static void push_free(struct heap_block *b, void *obj)
{
    void **o = obj;
    o[0] = b->free;
    o[1] = (void *)obj_tag(obj);
    b->free = o;
}

static struct heap_block *new_slab(struct heap *h, unsigned cls)
{
    uint64_t pa = frame_alloc_contig(h->fa, HEAP_BLOCK_PAGES, HEAP_BLOCK_PAGES);
    if (!pa)
        return NULL;
    struct heap_block *b = phys_to_virt(pa);
    memset(b, 0, HEAP_HDR_SIZE);
    b->magic = MAGIC_SLAB;
    b->self = b;
    b->cls = (uint16_t)cls;
    b->npages = HEAP_BLOCK_PAGES;
    b->capacity = (uint32_t)((HEAP_BLOCK_SIZE - HEAP_HDR_SIZE) / class_size(cls));
    /* Push in reverse so objects are handed out in address order. */
    for (uint32_t i = b->capacity; i-- > 0;)
        push_free(b, (uint8_t *)b + HEAP_HDR_SIZE + i * class_size(cls));
    h->st.pages += HEAP_BLOCK_PAGES;
    list_add(h, b);
    return b;
}

static void release_block(struct heap *h, struct heap_block *b)
{
    uint32_t npages = b->npages;
    b->magic = 0; /* stale pointers into it now fail the header check */
    b->self = NULL;
    h->st.pages -= npages;
    if (frame_free(h->fa, virt_to_phys(b), npages) != QV_OK)
        pr_err("heap: frame allocator refused block %p\n", (void *)b);
}

static void *alloc_small(struct heap *h, size_t size)
{
    unsigned cls = class_of(size);
    struct heap_block *b = h->partial[cls];
    if (!b && !(b = new_slab(h, cls)))
        return NULL;
    void **obj = b->free;
    if (obj[1] != (void *)obj_tag(obj)) {
        /* Someone wrote to a freed object: abandon this slab's free list
         * rather than hand out memory that may be in use. */
        pr_err("heap: corrupted free object %p (class %zu): use after free?\n", (void *)obj,
               class_size(cls));
        h->st.corruptions++;
        /* The abandoned free objects count as in use forever: the slab
         * leaks, but is never released while something may use it. */
        b->free = NULL;
        b->inuse = b->capacity;
        list_del(h, b);
        return alloc_small(h, size);
    }
    b->free = obj[0];
    obj[0] = obj[1] = NULL;
    if (++b->inuse == b->capacity)
        list_del(h, b);
    return obj;
}

static void *alloc_large(struct heap *h, size_t size)
{
    if (size > SIZE_MAX - HEAP_HDR_SIZE - PAGE_SIZE)
        return NULL;
    size_t npages = (size + HEAP_HDR_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t pa = frame_alloc_contig(h->fa, npages, HEAP_BLOCK_PAGES);
    if (!pa)
        return NULL;
    struct heap_block *b = phys_to_virt(pa);
    memset(b, 0, HEAP_HDR_SIZE);
    b->magic = MAGIC_LARGE;
    b->self = b;
    b->npages = (uint32_t)npages;
    b->size = size;
    h->st.pages += npages;
    return (uint8_t *)b + HEAP_HDR_SIZE;
}

void *heap_alloc(struct heap *h, size_t size)
{
    if (!h || size == 0)
        return NULL;
    /* Large runs record npages in 32 bits: 16 TiB is far beyond any request. */
    if (size > ((uint64_t)UINT32_MAX << PAGE_SHIFT) - HEAP_BLOCK_SIZE)
        return NULL;
    void *p = size <= HEAP_MAX_SMALL ? alloc_small(h, size) : alloc_large(h, size);
    if (p) {
        h->st.objects++;
        h->st.bytes += size <= HEAP_MAX_SMALL ? class_size(class_of(size)) : size;
    }
    return p;
}

static int bad_free(struct heap *h, void *ptr, int rc, const char *why)
{
    pr_err("heap: kfree(%p): %s\n", ptr, why);
    h->st.bad_frees++;
    return rc;
}

/* A freed-looking object is confirmed as double free by finding it in the
 * slab's free list; a live object that happens to contain the tag is not. */
static bool on_free_list(const struct heap_block *b, void *obj)
{
    uint32_t steps = 0;
    for (void **o = b->free; o && steps <= b->capacity; o = o[0], steps++)
        if ((void *)o == obj)
            return true;
    return false;
}

int heap_free(struct heap *h, void *ptr)
{
    if (!ptr)
        return QV_OK;
    uintptr_t p = (uintptr_t)ptr;
    if (p % 16)
        return bad_free(h, ptr, QV_ERR_INVAL, "not 16-byte aligned");
    struct heap_block *b = (struct heap_block *)ALIGN_DOWN(p, HEAP_BLOCK_SIZE);
    if (b->self != b || (b->magic != MAGIC_SLAB && b->magic != MAGIC_LARGE))
        return bad_free(h, ptr, QV_ERR_INVAL, "no heap block header (bad pointer or freed block)");

    if (b->magic == MAGIC_LARGE) {
        if (p != (uintptr_t)b + HEAP_HDR_SIZE)
            return bad_free(h, ptr, QV_ERR_INVAL, "points inside a large allocation");
        h->st.objects--;
        h->st.bytes -= b->size;
        release_block(h, b);
        return QV_OK;
    }

    size_t csz = class_size(b->cls);
    uintptr_t off = p - ((uintptr_t)b + HEAP_HDR_SIZE);
    if (p < (uintptr_t)b + HEAP_HDR_SIZE || off % csz || off / csz >= b->capacity)
        return bad_free(h, ptr, QV_ERR_INVAL, "not the start of a heap object");
    void **obj = ptr;
    if (obj[1] == (void *)obj_tag(ptr) && on_free_list(b, ptr))
        return bad_free(h, ptr, QV_ERR_STATE, "double free");

    push_free(b, ptr);
    b->inuse--;
    h->st.objects--;
    h->st.bytes -= csz;
    if (b->inuse == 0) {
        if (b->on_list)
            list_del(h, b);
        release_block(h, b);
    } else if (!b->on_list) {
        list_add(h, b);
    }
    return QV_OK;
}

void heap_get_stats(const struct heap *h, struct heap_stats *out)
{
    *out = h->st;
}

/* The kernel serialises the default heap with the lock that also guards the
 * frame allocator underneath it (core/mm/kframes.c); host tests need none. */
static uint64_t (*heap_lock_fn)(void);
static void (*heap_unlock_fn)(uint64_t);

void heap_set_lock(uint64_t (*lock)(void), void (*unlock)(uint64_t))
{
    heap_lock_fn = lock;
    heap_unlock_fn = unlock;
}

void *kmalloc(size_t size)
{
    uint64_t f = heap_lock_fn ? heap_lock_fn() : 0;
    void *p = heap_alloc(default_heap, size);
    if (heap_unlock_fn)
        heap_unlock_fn(f);
    return p;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *kcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return kzalloc(n * size);
}

void kfree(void *ptr)
{
    if (!default_heap)
        return;
    uint64_t f = heap_lock_fn ? heap_lock_fn() : 0;
    heap_free(default_heap, ptr);
    if (heap_unlock_fn)
        heap_unlock_fn(f);
}
