/* Generic 4-level page-table engine: see pgtable.h for the rules and
 * docs/paging.md for the design. Entry bits are the format's business. */
#include "core/mm/pgtable.h"
#include "lib/errors.h"

#define VA48_MASK ((1ull << PT_VA_BITS) - 1)
#define CANON_HALF (1ull << (PT_VA_BITS - 1))
#define PA_LIMIT (1ull << PT_PA_BITS)

/* Hardware walkers on other CPUs read entries concurrently, so every entry
 * update is one aligned 64-bit store (atomic on x86-64: SDM vol. 3A §9.1.1,
 * APM vol. 2 §7.1). Release order publishes a new table's contents before the
 * entry that links it, also against compiler reordering. */
static inline uint64_t ent_load(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

#ifdef QV_HOST
void (*pt_store_hook)(void *ctx);
void *pt_store_hook_ctx;
#endif

static inline void ent_store(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
#ifdef QV_HOST
    if (pt_store_hook)
        pt_store_hook(pt_store_hook_ctx);
#endif
}

static inline uint64_t *table_ptr(const struct pt *pt, uint64_t pa)
{
    return (uint64_t *)pt->alloc.phys_to_virt(pt->alloc.ctx, pa);
}

static inline unsigned slot_index(uint64_t va48, unsigned level)
{
    return (unsigned)(va48 >> pt_level_shift(level)) & (PT_ENTRIES - 1);
}

/* ------------------------------------------------------------ validation */

/* Checks a page-aligned range and returns its start in the 48-bit index space. */
static int check_range(const struct pt *pt, uint64_t va, uint64_t size, uint64_t *va48)
{
    if (!size || !IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
        return QV_ERR_INVAL;
    if (pt->fmt->canonical_va) {
        /* Canonical form (APM vol. 2 §5.3.1, SDM vol. 3A §3.3.7.1): a range
         * must stay inside one half, never crossing the non-canonical hole. */
        if (va < CANON_HALF) {
            if (size > CANON_HALF - va)
                return QV_ERR_INVAL;
        } else if (va >= (uint64_t)0 - CANON_HALF) {
            if (size > (uint64_t)0 - va)
                return QV_ERR_INVAL;
        } else {
            return QV_ERR_INVAL;
        }
    } else if (va > VA48_MASK || size > (1ull << PT_VA_BITS) - va) {
        return QV_ERR_INVAL;
    }
    *va48 = va & VA48_MASK;
    return 0;
}

static bool memtype_ok(unsigned mt)
{
    return mt == PT_MT_UC || mt == PT_MT_WC || mt == PT_MT_WT || mt == PT_MT_WP ||
           mt == PT_MT_WB;
}

static bool perms_ok(const struct pt *pt, uint32_t perms)
{
    return !(perms & ~(PT_R | PT_W | PT_X | PT_U)) && pt->fmt->perms_ok(perms);
}

/* ------------------------------------------------------------ the walker
 *
 * Each operation walks its range twice with the same code. The dry pass
 * writes nothing: it finds errors (QV_ERR_EXIST) and counts the table pages
 * the commit will take. Those are allocated up front; the commit pass then
 * cannot fail. In the dry pass a table the commit would create is "virtual":
 * all empty (tmpl == 0) or the split of the large leaf tmpl. */

enum pt_op { OP_MAP, OP_UNMAP, OP_PROTECT };

struct walk {
    struct pt *pt;
    enum pt_op op;
    bool dry;
    uint64_t va0, pa0;     /* map: va0 (48-bit) translates to pa0 */
    uint32_t perms;
    unsigned memtype;
    size_t need;           /* dry: table pages the commit will take */
    uint64_t reserve;      /* commit: preallocated pages, chained via word 0 */
};

struct tab {
    uint64_t *t;           /* real table, or NULL for a virtual one (dry only) */
    uint64_t tmpl;         /* virtual: the leaf one level up being split, or 0 */
    unsigned level;        /* level of the entries in this table */
};

/* Entry i of the table replacing the large leaf at leaf_level: same
 * permissions and memory type, 1/512th of the range (split rule). */
static uint64_t split_entry(const struct pt_format *f, uint64_t leaf, unsigned leaf_level,
                            unsigned i)
{
    uint64_t pa = f->addr(leaf, leaf_level) + (uint64_t)i * pt_level_size(leaf_level - 1);
    return f->make_leaf(pa, leaf_level - 1, f->perms(leaf), f->memtype(leaf, leaf_level));
}

static uint64_t read_entry(const struct walk *w, struct tab tb, unsigned i)
{
    if (tb.t)
        return ent_load(&tb.t[i]);
    return tb.tmpl ? split_entry(w->pt->fmt, tb.tmpl, tb.level + 1, i) : 0;
}

static void release_reserve(struct walk *w)
{
    while (w->reserve) {
        uint64_t pa = w->reserve;
        uint64_t *p = table_ptr(w->pt, pa);
        w->reserve = p[0];
        p[0] = 0;
        w->pt->alloc.free_page(w->pt->alloc.ctx, pa);
    }
}

static int fill_reserve(struct walk *w)
{
    for (size_t n = 0; n < w->need; n++) {
        uint64_t pa = w->pt->alloc.alloc_page(w->pt->alloc.ctx);
        if (!pa || !IS_ALIGNED(pa, PAGE_SIZE) || pa >= PA_LIMIT) {
            if (pa)
                w->pt->alloc.free_page(w->pt->alloc.ctx, pa);
            release_reserve(w);
            return QV_ERR_NOMEM;
        }
        uint64_t *p = table_ptr(w->pt, pa);
        p[0] = w->reserve;
        w->reserve = pa;
    }
    return 0;
}

/* The dry pass counted this page, so the reserve cannot be empty here. */
static uint64_t take_page(struct walk *w)
{
    uint64_t pa = w->reserve;
    uint64_t *p = table_ptr(w->pt, pa);
    w->reserve = p[0];
    p[0] = 0;
    w->pt->nr_tables++;
    return pa;
}

static bool table_empty(const struct pt *pt, const uint64_t *t)
{
    for (unsigned i = 0; i < PT_ENTRIES; i++)
        if (pt->fmt->present(ent_load(&t[i])))
            return false;
    return true;
}

/* Park an unlinked, empty table until pt_flush_done(). Its word 0 becomes the
 * chain link: a 4 KiB-aligned value has bits 2:0 clear, which is "not present"
 * in x86 (P = bit 0) and EPT (R/W/X = bits 2:0) entries alike, so a stale
 * walker on another CPU still sees an empty table. */
static void defer_free(struct pt *pt, uint64_t pa)
{
    uint64_t *t = table_ptr(pt, pa);
    ent_store(&t[0], pt->deferred_pa);
    pt->deferred_pa = pa;
    pt->nr_deferred++;
}

static int walk(struct walk *w, struct tab tb, uint64_t va, uint64_t end);

/* Slot i gets a new table: empty (map) or the split of leaf tmpl. The table
 * is filled completely before the single store that links it. */
static int descend_new(struct walk *w, struct tab tb, unsigned i, uint64_t tmpl, uint64_t va,
                       uint64_t end)
{
    const struct pt_format *f = w->pt->fmt;
    if (w->dry) {
        w->need++;
        return walk(w, (struct tab){ NULL, tmpl, tb.level - 1 }, va, end);
    }
    uint64_t pa = take_page(w);
    uint64_t *t = table_ptr(w->pt, pa);
    if (tmpl)
        for (unsigned j = 0; j < PT_ENTRIES; j++)
            t[j] = split_entry(f, tmpl, tb.level, j);
    walk(w, (struct tab){ t, 0, tb.level - 1 }, va, end);
    ent_store(&tb.t[i], f->make_table(pa));
    if (tmpl)
        w->pt->flush_needed = true; /* a present leaf was replaced */
    return 0;
}

/* Slot i holds table entry e. After an unmap empties the child, unlink it so
 * that no empty table ever stays linked (pt_map relies on this: a linked
 * table always contains a mapping, so it can never be replaced by a leaf). */
static int descend(struct walk *w, struct tab tb, unsigned i, uint64_t e, uint64_t va,
                   uint64_t end)
{
    uint64_t cpa = w->pt->fmt->addr(e, tb.level);
    uint64_t *ct = table_ptr(w->pt, cpa);
    int rc = walk(w, (struct tab){ ct, 0, tb.level - 1 }, va, end);
    if (rc || w->dry || w->op != OP_UNMAP || !table_empty(w->pt, ct))
        return rc;
    ent_store(&tb.t[i], 0);
    defer_free(w->pt, cpa);
    w->pt->flush_needed = true;
    return 0;
}

/* [va, end) is the part of slot i the operation covers; full if all of it. */
static int visit(struct walk *w, struct tab tb, unsigned i, uint64_t va, uint64_t end, bool full)
{
    const struct pt_format *f = w->pt->fmt;
    unsigned level = tb.level;
    uint64_t e = read_entry(w, tb, i);
    bool present = f->present(e);
    bool leaf = present && f->is_leaf(e, level);

    if (present && !leaf)
        return descend(w, tb, i, e, va, end);

    if (w->op == OP_MAP) {
        if (present)
            return QV_ERR_EXIST;
        uint64_t pa = w->pa0 + (va - w->va0);
        if (full && level <= w->pt->max_leaf_level && IS_ALIGNED(pa, pt_level_size(level))) {
            if (!w->dry)
                ent_store(&tb.t[i], f->make_leaf(pa, level, w->perms, w->memtype));
            return 0;
        }
        return descend_new(w, tb, i, 0, va, end);
    }

    if (!present)
        return 0; /* unmap/protect skip holes */
    if (w->op == OP_PROTECT && f->perms(e) == w->perms)
        return 0; /* nothing to change: do not split for nothing */
    if (!full)
        return descend_new(w, tb, i, e, va, end);
    if (!w->dry) {
        uint64_t ne = w->op == OP_UNMAP
                          ? 0
                          : f->make_leaf(f->addr(e, level), level, w->perms, f->memtype(e, level));
        ent_store(&tb.t[i], ne);
        w->pt->flush_needed = true;
    }
    return 0;
}

static int walk(struct walk *w, struct tab tb, uint64_t va, uint64_t end)
{
    uint64_t size = pt_level_size(tb.level);
    while (va < end) {
        uint64_t slot = ALIGN_DOWN(va, size);
        uint64_t next = slot + size;
        uint64_t hi = MIN(end, next);
        int rc = visit(w, tb, slot_index(va, tb.level), va, hi, va == slot && hi == next);
        if (rc)
            return rc;
        va = hi;
    }
    return 0;
}

static int run(struct walk *w, uint64_t va48, uint64_t size)
{
    struct tab root = { w->pt->root, 0, PT_LEVELS };
    w->dry = true;
    w->need = 0;
    w->reserve = 0;
    int rc = walk(w, root, va48, va48 + size);
    if (rc)
        return rc;
    rc = fill_reserve(w);
    if (rc)
        return rc;
    w->dry = false;
    walk(w, root, va48, va48 + size); /* cannot fail: validated and preallocated */
    release_reserve(w);               /* empty unless the passes disagree */
    return 0;
}

/* ------------------------------------------------------------ public API */

int pt_init(struct pt *pt, const struct pt_format *fmt, const struct pt_alloc *alloc)
{
    if (!pt || !fmt || !alloc || !alloc->alloc_page || !alloc->free_page ||
        !alloc->phys_to_virt || !fmt->make_table || !fmt->make_leaf || !fmt->present ||
        !fmt->is_leaf || !fmt->addr || !fmt->perms || !fmt->memtype || !fmt->perms_ok)
        return QV_ERR_INVAL;
    *pt = (struct pt){ .fmt = fmt, .alloc = *alloc };
    uint64_t pa = alloc->alloc_page(alloc->ctx);
    if (!pa)
        return QV_ERR_NOMEM;
    if (!IS_ALIGNED(pa, PAGE_SIZE) || pa >= PA_LIMIT) {
        alloc->free_page(alloc->ctx, pa);
        return QV_ERR_NOMEM;
    }
    pt->root_pa = pa;
    pt->root = table_ptr(pt, pa);
    pt->max_leaf_level = fmt->large_1g ? PT_LEVEL_1G : PT_LEVEL_2M;
    pt->nr_tables = 1;
    return 0;
}

int pt_limit_leaf_level(struct pt *pt, unsigned level)
{
    unsigned max = pt->fmt->large_1g ? PT_LEVEL_1G : PT_LEVEL_2M;
    if (level < PT_LEVEL_4K || level > max)
        return QV_ERR_INVAL;
    pt->max_leaf_level = level;
    return 0;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t perms,
           unsigned memtype)
{
    uint64_t va48;
    int rc = check_range(pt, va, size, &va48);
    if (rc)
        return rc;
    if (!IS_ALIGNED(pa, PAGE_SIZE) || pa >= PA_LIMIT || size > PA_LIMIT - pa ||
        !perms_ok(pt, perms) || !memtype_ok(memtype))
        return QV_ERR_INVAL;
    struct walk w = { .pt = pt, .op = OP_MAP, .va0 = va48, .pa0 = pa, .perms = perms,
                      .memtype = memtype };
    return run(&w, va48, size);
}

int pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
    uint64_t va48;
    int rc = check_range(pt, va, size, &va48);
    if (rc)
        return rc;
    struct walk w = { .pt = pt, .op = OP_UNMAP };
    return run(&w, va48, size);
}

int pt_protect(struct pt *pt, uint64_t va, uint64_t size, uint32_t perms)
{
    uint64_t va48;
    int rc = check_range(pt, va, size, &va48);
    if (rc)
        return rc;
    if (!perms_ok(pt, perms))
        return QV_ERR_INVAL;
    struct walk w = { .pt = pt, .op = OP_PROTECT, .perms = perms };
    return run(&w, va48, size);
}

int pt_lookup_mapping(const struct pt *pt, uint64_t va, struct pt_mapping *m)
{
    const struct pt_format *f = pt->fmt;
    uint64_t va48;
    if (check_range(pt, ALIGN_DOWN(va, PAGE_SIZE), PAGE_SIZE, &va48))
        return QV_ERR_INVAL;
    va48 |= va & (PAGE_SIZE - 1);
    const uint64_t *t = pt->root;
    for (unsigned level = PT_LEVELS; level >= PT_LEVEL_4K; level--) {
        uint64_t e = ent_load(&t[slot_index(va48, level)]);
        if (!f->present(e))
            return QV_ERR_NOENT;
        if (level <= PT_LEVEL_1G && f->is_leaf(e, level)) {
            m->pa = f->addr(e, level) + (va48 & (pt_level_size(level) - 1));
            m->perms = f->perms(e);
            m->memtype = f->memtype(e, level);
            m->level = level;
            return 0;
        }
        if (level == PT_LEVEL_4K)
            break;
        t = table_ptr(pt, f->addr(e, level));
    }
    return QV_ERR_NOENT;
}

int pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, uint32_t *perms, unsigned *level)
{
    struct pt_mapping m;
    int rc = pt_lookup_mapping(pt, va, &m);
    if (rc)
        return rc;
    if (pa)
        *pa = m.pa;
    if (perms)
        *perms = m.perms;
    if (level)
        *level = m.level;
    return 0;
}

static int each_leaf(const struct pt *pt, const uint64_t *t, unsigned level, uint64_t base,
                     pt_leaf_fn fn, void *ctx)
{
    const struct pt_format *f = pt->fmt;
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = ent_load(&t[i]);
        uint64_t va48 = base + ((uint64_t)i << pt_level_shift(level));
        if (!f->present(e))
            continue;
        int rc;
        if (level <= PT_LEVEL_1G && f->is_leaf(e, level)) {
            struct pt_mapping m = { f->addr(e, level), f->perms(e), f->memtype(e, level), level };
            uint64_t va = va48;
            if (f->canonical_va && (va48 & CANON_HALF))
                va |= ~VA48_MASK;
            rc = fn(ctx, va, pt_level_size(level), &m);
        } else {
            rc = each_leaf(pt, table_ptr(pt, f->addr(e, level)), level - 1, va48, fn, ctx);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int pt_for_each_leaf(const struct pt *pt, pt_leaf_fn fn, void *ctx)
{
    return each_leaf(pt, pt->root, PT_LEVELS, 0, fn, ctx);
}

void pt_flush_done(struct pt *pt)
{
    while (pt->deferred_pa) {
        uint64_t pa = pt->deferred_pa;
        uint64_t *t = table_ptr(pt, pa);
        pt->deferred_pa = t[0];
        t[0] = 0;
        pt->alloc.free_page(pt->alloc.ctx, pa);
        pt->nr_tables--;
    }
    pt->nr_deferred = 0;
    pt->flush_needed = false;
}

static void free_tree(struct pt *pt, uint64_t *t, unsigned level)
{
    const struct pt_format *f = pt->fmt;
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = t[i];
        if (!f->present(e) || (level <= PT_LEVEL_1G && f->is_leaf(e, level)))
            continue;
        uint64_t cpa = f->addr(e, level);
        free_tree(pt, table_ptr(pt, cpa), level - 1);
        pt->alloc.free_page(pt->alloc.ctx, cpa);
        pt->nr_tables--;
    }
}

/* The caller guarantees no CPU uses the tables any more (guest stopped, TLBs
 * flushed or ASID/VPID retired), so deferred pages go too. */
void pt_destroy(struct pt *pt)
{
    if (!pt->root)
        return;
    pt_flush_done(pt);
    free_tree(pt, pt->root, PT_LEVELS);
    pt->alloc.free_page(pt->alloc.ctx, pt->root_pa);
    pt->nr_tables--;
    pt->root = NULL;
    pt->root_pa = 0;
}
