/* Guest RAM: each region is backed by extents of physically contiguous frames
 * (2 MiB-aligned runs when the allocator can give them, so the nested page
 * table can use large pages; 4 KiB frames otherwise) and mapped into the VM's
 * nested page table with the region's permissions. */
#include "core/vm/vm_memory.h"
#include "core/vm/engine.h"
#include "core/mm/heap.h"
#include "core/mm/kframes.h"
#include "core/mm/phys.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

#define PAGES_2M 512

int vm_memory_init(struct vm *vm)
{
    int rc = pt_init(&vm->nested, vm_engine->nested_format, &kframe_pt_alloc);
    vm->nested_ready = rc == QV_OK;
    return rc;
}

/* Record [gpa, gpa+size) -> hpa; merged into the previous extent when both
 * sides are contiguous, but never across a region boundary (first = the
 * region's first extent), so a failed region can be rolled back exactly. */
static int push_extent(struct vm *vm, unsigned first, uint64_t gpa, uint64_t hpa, uint64_t size)
{
    if (vm->nextents > first && vm->extents[vm->nextents - 1].gpa + vm->extents[vm->nextents - 1].size == gpa &&
        vm->extents[vm->nextents - 1].hpa + vm->extents[vm->nextents - 1].size == hpa) {
        vm->extents[vm->nextents - 1].size += size; /* physically contiguous: merge */
        return QV_OK;
    }
    if (vm->nextents == vm->extents_cap) {
        unsigned cap = vm->extents_cap ? vm->extents_cap * 2 : 64;
        struct vm_extent *n = kcalloc(cap, sizeof *n);
        if (!n)
            return QV_ERR_NOMEM;
        if (vm->extents)
            memcpy(n, vm->extents, vm->nextents * sizeof *n);
        kfree(vm->extents);
        vm->extents = n;
        vm->extents_cap = cap;
    }
    vm->extents[vm->nextents++] = (struct vm_extent){ gpa, hpa, size };
    return QV_OK;
}

static uint32_t pt_perms(uint32_t flags)
{
    /* The NPT format sets U in every entry itself (guest accesses are user
     * accesses to the nested walk, APM vol. 2 §15.25.5). */
    return ((flags & VM_MEM_READ) ? PT_R : 0) | ((flags & VM_MEM_WRITE) ? PT_W : 0) |
           ((flags & VM_MEM_EXEC) ? PT_X : 0);
}

static void release_extents(struct vm *vm, unsigned from)
{
    for (unsigned i = from; i < vm->nextents; i++) {
        pt_unmap(&vm->nested, vm->extents[i].gpa, vm->extents[i].size);
        kframe_free(vm->extents[i].hpa, vm->extents[i].size / PAGE_SIZE);
    }
    vm->nextents = from;
}

int vm_add_memory_region(struct vm *vm, uint64_t gpa_base, uint64_t size, uint32_t flags)
{
    if (!vm || vm->state != VM_CREATED || !size || !IS_ALIGNED(gpa_base | size, PAGE_SIZE) ||
        !(flags & VM_MEM_RWX) || (flags & ~VM_MEM_RWX) || gpa_base + size < gpa_base ||
        gpa_base + size > (1ull << 48))
        return QV_ERR_INVAL;
    if (vm->nregions == VM_MAX_REGIONS)
        return QV_ERR_LIMIT;
    for (unsigned i = 0; i < vm->nregions; i++)
        if (gpa_base < vm->regions[i].gpa + vm->regions[i].size &&
            vm->regions[i].gpa < gpa_base + size)
            return QV_ERR_EXIST;

    unsigned first = vm->nextents;
    uint64_t gpa = gpa_base, end = gpa_base + size;
    int rc = QV_OK;
    while (gpa < end && rc == QV_OK) {
        uint64_t hpa = 0, chunk = PAGE_SIZE;
        if (IS_ALIGNED(gpa, MiB(2)) && end - gpa >= MiB(2)) {
            hpa = kframe_alloc_contig(PAGES_2M, PAGES_2M);
            chunk = MiB(2);
        }
        if (!hpa) {
            hpa = kframe_alloc();
            chunk = PAGE_SIZE;
        }
        if (!hpa) {
            rc = QV_ERR_NOMEM;
            break;
        }
        rc = push_extent(vm, first, gpa, hpa, chunk);
        if (rc != QV_OK) {
            kframe_free(hpa, chunk / PAGE_SIZE); /* not recorded anywhere yet */
            break;
        }
        /* From here the frames belong to an extent: the error path below
         * (release_extents) unmaps and frees them. */
        rc = pt_map(&vm->nested, gpa, hpa, chunk, pt_perms(flags), PT_MT_WB);
        gpa += chunk;
    }
    if (rc != QV_OK) {
        /* Nothing half-applied: give back what this call took. */
        release_extents(vm, first);
        pt_flush_done(&vm->nested);
        return rc;
    }
    vm->regions[vm->nregions++] = (struct vm_mem_region){ gpa_base, size, flags, first,
                                                          vm->nextents - first };
    return QV_OK;
}

static const struct vm_extent *find_extent(const struct vm *vm, uint64_t gpa)
{
    /* Extents are appended in increasing gpa order within a region, but
     * regions may be added in any order: linear scan over few extents. */
    for (unsigned i = 0; i < vm->nextents; i++)
        if (gpa >= vm->extents[i].gpa && gpa - vm->extents[i].gpa < vm->extents[i].size)
            return &vm->extents[i];
    return NULL;
}

uint64_t vm_gpa_to_hpa(struct vm *vm, uint64_t gpa)
{
    const struct vm_extent *e = vm ? find_extent(vm, gpa) : NULL;
    return e ? e->hpa + (gpa - e->gpa) : 0;
}

void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa)
{
    uint64_t hpa = vm_gpa_to_hpa(vm, gpa);
    return hpa ? phys_to_virt(hpa) : NULL;
}

static int copy_guest(struct vm *vm, uint64_t gpa, void *buf, size_t len, bool write)
{
    if (!vm || (len && !buf))
        return QV_ERR_INVAL;
    uint8_t *p = buf;
    while (len) {
        const struct vm_extent *e = find_extent(vm, gpa);
        if (!e)
            return QV_ERR_FAULT;
        uint64_t off = gpa - e->gpa;
        size_t n = (size_t)MIN((uint64_t)len, e->size - off);
        void *hva = phys_to_virt(e->hpa + off);
        if (write)
            memcpy(hva, p, n);
        else
            memcpy(p, hva, n);
        p += n;
        gpa += n;
        len -= n;
    }
    return QV_OK;
}

int vm_read_memory(struct vm *vm, uint64_t gpa, void *buf, size_t len)
{
    return copy_guest(vm, gpa, buf, len, false);
}

int vm_write_memory(struct vm *vm, uint64_t gpa, const void *buf, size_t len)
{
    return copy_guest(vm, gpa, (void *)buf, len, true);
}

void vm_memory_destroy(struct vm *vm)
{
    release_extents(vm, 0);
    kfree(vm->extents);
    vm->extents = NULL;
    vm->nregions = 0;
    if (vm->nested_ready) {
        pt_flush_done(&vm->nested);
        pt_destroy(&vm->nested);
        vm->nested_ready = false;
    }
}
