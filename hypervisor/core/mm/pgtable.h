/* Generic 4-level page-table engine shared by AMD NPT, Intel EPT and host paging.
 *
 * The walker only knows the shape common to all three (AMD APM vol. 2 §5.3,
 * §15.25; Intel SDM vol. 3C §29.3.2): 4 levels, 512 entries of 64 bits per 4 KiB
 * table, 9 address bits per level, leaves of 4 KiB (level 1), 2 MiB (level 2)
 * or 1 GiB (level 3). Everything about the bits inside an entry comes from a
 * struct pt_format (npt/npt_format.h, ept/ept_format.h).
 *
 * Rules (docs/paging.md):
 * - pt_map picks the largest leaf that the alignment of va, pa and the remaining
 *   size allows (up to pt->max_leaf_level). Mapping over any present mapping is
 *   refused with QV_ERR_EXIST and changes nothing: remap = unmap + map.
 * - pt_unmap / pt_protect split a large leaf that is only partly covered; the
 *   rest keeps its address, permissions and memory type. Holes are skipped.
 * - Validate, then commit: each call first walks the tables without writing,
 *   counting the table pages it will need, allocates them all, and only then
 *   writes. An error (QV_ERR_INVAL/EXIST/NOMEM) leaves the tables untouched.
 * - Every entry update is one 64-bit store; new tables are filled completely
 *   before they are linked, so a concurrent hardware walker sees old or new.
 * - Any write that changes a present entry sets pt->flush_needed. Table pages
 *   freed by unmap are kept until the caller has flushed the TLBs of every CPU
 *   using these tables and called pt_flush_done(): until then another CPU's
 *   paging-structure cache may still point at them.
 * Callers serialise operations on one struct pt (one lock per address space). */
#ifndef QV_CORE_MM_PGTABLE_H
#define QV_CORE_MM_PGTABLE_H
#include "lib/types.h"

#define PT_LEVELS 4
#define PT_ENTRIES 512u
#define PT_LEVEL_4K 1u
#define PT_LEVEL_2M 2u
#define PT_LEVEL_1G 3u
/* Bits 47:0 are translated by a 4-level walk. */
#define PT_VA_BITS 48
/* Architectural maximum physical address width (APM vol. 2 §5.3.1, SDM vol. 3A §4.1.4). */
#define PT_PA_BITS 52

/* Format-neutral permissions (a mapping's effective rights at its leaf). */
#define PT_R (1u << 0)
#define PT_W (1u << 1)
#define PT_X (1u << 2)
#define PT_U (1u << 3) /* user-accessible: host paging only */

/* Memory types. The values are the architectural encodings shared by the PAT
 * entries (APM vol. 2 §7.8 "Page-Attribute Table Mechanism"; SDM vol. 3A
 * "Page Attribute Table (PAT)") and the EPT memory-type field (SDM vol. 3C
 * §29.3.7), so formats can store them unchanged. */
enum pt_memtype {
    PT_MT_UC = 0,
    PT_MT_WC = 1,
    PT_MT_WT = 4,
    PT_MT_WP = 5,
    PT_MT_WB = 6,
};

static inline unsigned pt_level_shift(unsigned level)
{
    return PAGE_SHIFT + 9 * (level - 1);
}

static inline uint64_t pt_level_size(unsigned level)
{
    return 1ull << pt_level_shift(level);
}

/* Entry encoding of one page-table flavour. `level` is 1..4 as above. */
struct pt_format {
    const char *name;
    /* Non-leaf entry pointing at the table at physical address pa. */
    uint64_t (*make_table)(uint64_t pa);
    /* Leaf mapping pa (aligned to the level's size) with perms and memtype. */
    uint64_t (*make_leaf)(uint64_t pa, unsigned level, uint32_t perms, unsigned memtype);
    bool (*present)(uint64_t e);
    /* Only asked for present entries. */
    bool (*is_leaf)(uint64_t e, unsigned level);
    /* Physical address of the next table or of the mapped page. */
    uint64_t (*addr)(uint64_t e, unsigned level);
    uint32_t (*perms)(uint64_t e);
    unsigned (*memtype)(uint64_t e, unsigned level);
    /* Whether this format can express perms (e.g. EPT has no write-only). */
    bool (*perms_ok)(uint32_t perms);
    /* 1 GiB leaves exist in the format (the CPU may still lack them:
     * see pt_limit_leaf_level). 2 MiB leaves always exist. */
    bool large_1g;
    /* Addresses are canonical virtual addresses (bits 63:48 copy bit 47)
     * instead of guest-physical addresses below 2^48. */
    bool canonical_va;
};

/* Table pages come from the caller: the kernel's frame allocator, or malloc'd
 * pages in host tests (where pa can simply be the pointer value). */
struct pt_alloc {
    /* A zeroed, 4 KiB-aligned 4 KiB frame; returns its pa, or 0 when out of memory. */
    uint64_t (*alloc_page)(void *ctx);
    void (*free_page)(void *ctx, uint64_t pa);
    void *(*phys_to_virt)(void *ctx, uint64_t pa);
    void *ctx;
};

struct pt {
    const struct pt_format *fmt;
    struct pt_alloc alloc;
    uint64_t root_pa;
    uint64_t *root;
    unsigned max_leaf_level;   /* PT_LEVEL_4K..PT_LEVEL_1G */
    bool flush_needed;         /* a present entry changed since pt_flush_done() */
    uint64_t deferred_pa;      /* unlinked tables awaiting pt_flush_done(), chained */
    size_t nr_deferred;
    size_t nr_tables;          /* table pages owned, root and deferred included */
};

struct pt_mapping {
    uint64_t pa;      /* physical address of the looked-up va itself */
    uint32_t perms;
    unsigned memtype;
    unsigned level;   /* leaf level: PT_LEVEL_4K/2M/1G */
};

/* Allocates the root table. 0 or QV_ERR_NOMEM / QV_ERR_INVAL. */
int pt_init(struct pt *pt, const struct pt_format *fmt, const struct pt_alloc *alloc);
/* Use no leaves larger than `level` (e.g. PT_LEVEL_2M when CPUID lacks 1 GiB
 * pages). Affects later pt_map calls only. QV_ERR_INVAL if the format cannot. */
int pt_limit_leaf_level(struct pt *pt, unsigned level);
/* Frees every table page (leaves' target memory is not owned). */
void pt_destroy(struct pt *pt);
static inline uint64_t pt_root_pa(const struct pt *pt)
{
    return pt->root_pa;
}

/* va, pa and size must be 4 KiB-aligned and non-zero size; the range must be
 * valid for the format (below 2^48, or canonical within one half). */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t perms,
           unsigned memtype);
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size);
int pt_protect(struct pt *pt, uint64_t va, uint64_t size, uint32_t perms);

/* 0 and the translation of va, or QV_ERR_NOENT. Any out pointer may be NULL. */
int pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, uint32_t *perms,
              unsigned *level);
int pt_lookup_mapping(const struct pt *pt, uint64_t va, struct pt_mapping *m);

/* Calls fn for every leaf in address order; stops at and returns the first
 * non-zero value fn returns. va is the leaf's first address (sign-extended for
 * canonical formats), m->pa its first physical address. */
typedef int (*pt_leaf_fn)(void *ctx, uint64_t va, uint64_t size, const struct pt_mapping *m);
int pt_for_each_leaf(const struct pt *pt, pt_leaf_fn fn, void *ctx);

/* Call after invalidating the TLBs (and paging-structure caches) of every CPU
 * that may use these tables: clears flush_needed and frees the deferred tables. */
void pt_flush_done(struct pt *pt);

#ifdef QV_HOST
/* Host tests only: called after every entry store, to check that each
 * intermediate state a concurrent walker could see is consistent. */
extern void (*pt_store_hook)(void *ctx);
extern void *pt_store_hook_ctx;
#endif

#endif
