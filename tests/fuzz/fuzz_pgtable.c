/* libFuzzer target for core/mm/pgtable: random map/unmap/protect sequences on
 * a 4 GiB window straddling a PML4 boundary (510..514 GiB), with page-size-
 * biased addresses, checked page by page against a flat reference model:
 * translations, permissions, memory types, error codes, the flush rule,
 * all-or-nothing behaviour under injected allocation failure, table
 * accounting, "no empty table stays linked", and no leak after destroy.
 *
 * Input: byte 0 picks the format and the largest leaf; then 7-byte ops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pt_test_util.h"
#include "arch/x86_64/npt/npt_format.h"
#include "arch/x86_64/ept/ept_format.h"
#include "lib/errors.h"

#define WIN_BASE (GiB(512) - GiB(2))
#define WIN_SIZE GiB(4)
#define WIN_PAGES (WIN_SIZE / PAGE_SIZE)
#define MAX_OPS 48

/* Model entry per 4 KiB page: 0 = unmapped, else pa | perms << 1 | mt << 5 | 1. */
static uint64_t model[WIN_PAGES];
static size_t model_mapped;

static uint64_t menc(uint64_t pa, uint32_t perms, unsigned mt)
{
    return pa | (uint64_t)perms << 1 | (uint64_t)mt << 5 | 1;
}

#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "fuzz_pgtable: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                              \
        }                                                                         \
    } while (0)

struct rd {
    const uint8_t *p;
    size_t n;
};

static unsigned rd8(struct rd *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

static unsigned rd16(struct rd *r)
{
    return rd8(r) | rd8(r) << 8;
}

/* Offsets inside the window biased towards 1G/2M boundaries and their neighbours. */
static uint64_t pick_off(unsigned s)
{
    unsigned v = s >> 2;
    switch (s & 3) {
    case 0: return (uint64_t)(v % 4) * GiB(1);
    case 1: return (uint64_t)(v % 2048) * MiB(2);
    case 2: return ((uint64_t)(v >> 4) % 2048) * MiB(2) + ((uint64_t)(v & 15) - 8) * PAGE_SIZE;
    default: return (uint64_t)(v * 64 + (v & 63)) % WIN_PAGES * PAGE_SIZE;
    }
}

static uint64_t pick_size(unsigned s)
{
    unsigned v = s >> 2;
    switch (s & 3) {
    case 0: return (uint64_t)(v % 16 + 1) * PAGE_SIZE;
    case 1: return (uint64_t)(v % 8 + 1) * MiB(2);
    case 2: return (uint64_t)(v % 2 + 1) * GiB(1);
    default: return MiB(2) + ((uint64_t)(v % 8) - 4) * PAGE_SIZE;
    }
}

static uint64_t pick_pa_delta(unsigned s)
{
    switch (s & 3) {
    case 0: return GiB(8) * (s >> 2 & 7);
    case 1: return MiB(2) * (s >> 2);
    case 2: return PAGE_SIZE * (s >> 2);
    default: return GiB(64) + MiB(2) + PAGE_SIZE * (s >> 2 & 1);
    }
}

static const unsigned memtypes[] = { PT_MT_WB, PT_MT_UC, PT_MT_WC, PT_MT_WT, PT_MT_WP, 3 };
/* Few choices so that protect often repeats a mapping's rights; some are
 * invalid for some formats (W-only, PT_U, none). */
static const uint32_t perm_choices[] = {
    PT_R, PT_R | PT_W, PT_R | PT_X, PT_R | PT_W | PT_X, PT_X, PT_W, PT_R | PT_U, 0,
};

static void check_page(const struct pt *pt, uint64_t off)
{
    struct pt_mapping m;
    uint64_t want = model[off / PAGE_SIZE];
    int rc = pt_lookup_mapping(pt, WIN_BASE + off + 0x10, &m);
    if (!want) {
        CHECK(rc == QV_ERR_NOENT);
        return;
    }
    CHECK(rc == 0);
    CHECK(m.level <= pt->max_leaf_level);
    CHECK(menc(m.pa - 0x10, m.perms, m.memtype) == want);
}

/* Page by page over [off, off+size) plus a 2 MiB margin; large ranges sampled. */
static void check_range(const struct pt *pt, uint64_t off, uint64_t size)
{
    uint64_t lo = off > MiB(2) ? off - MiB(2) : 0;
    uint64_t hi = MIN(off + size + MiB(2), WIN_SIZE);
    uint64_t step = hi - lo > MiB(64) ? 509 * PAGE_SIZE : PAGE_SIZE;
    for (uint64_t o = lo; o < hi; o += step)
        check_page(pt, o);
    if (off < WIN_SIZE)
        check_page(pt, off);
    if (off + size - PAGE_SIZE < WIN_SIZE)
        check_page(pt, off + size - PAGE_SIZE);
}

struct full_ctx {
    size_t pages;
    unsigned max_level;
};

static int full_leaf(void *ctx, uint64_t va, uint64_t size, const struct pt_mapping *m)
{
    struct full_ctx *c = ctx;
    CHECK(va >= WIN_BASE && va + size <= WIN_BASE + WIN_SIZE);
    CHECK(m->level <= c->max_level);
    for (uint64_t o = 0; o < size; o += PAGE_SIZE)
        CHECK(model[(va - WIN_BASE + o) / PAGE_SIZE] == menc(m->pa + o, m->perms, m->memtype));
    c->pages += size / PAGE_SIZE;
    return 0;
}

/* Counts reachable tables and checks that none but the root is empty. */
static size_t count_tables(const struct pt *pt, const uint64_t *t, unsigned level)
{
    const struct pt_format *f = pt->fmt;
    size_t n = 1, present = 0;
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = t[i];
        if (!f->present(e))
            continue;
        present++;
        if (level == PT_LEVEL_4K || (level <= PT_LEVEL_1G && f->is_leaf(e, level)))
            continue;
        n += count_tables(pt, (const uint64_t *)(uintptr_t)f->addr(e, level), level - 1);
    }
    CHECK(present > 0 || level == PT_LEVELS);
    return n;
}

static void check_all(const struct pt *pt, const struct pt_test_alloc *a)
{
    struct full_ctx c = { 0, pt->max_leaf_level };
    CHECK(pt_for_each_leaf(pt, full_leaf, &c) == 0);
    CHECK(c.pages == model_mapped);
    CHECK(count_tables(pt, pt->root, PT_LEVELS) + pt->nr_deferred == pt->nr_tables);
    CHECK(a->live == pt->nr_tables);
}

/* Would the operation change any present page? (the flush rule) */
static bool touches_present(uint64_t off, uint64_t size, bool unmap, uint32_t perms)
{
    for (uint64_t p = off / PAGE_SIZE; p < (off + size) / PAGE_SIZE; p++) {
        uint64_t e = model[p];
        if (e && (unmap || ((e >> 1) & 15) != perms))
            return true;
    }
    return false;
}

static void run(const uint8_t *data, size_t size)
{
    struct rd r = { data, size };
    static const struct pt_format *const fmts[] = { &pt_fmt_npt, &pt_fmt_ept, &pt_fmt_x86_host };
    unsigned cfg = rd8(&r);
    const struct pt_format *fmt = fmts[(cfg & 3) % 3];
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
    pta_init(&a, &al);
    CHECK(pt_init(&pt, fmt, &al) == 0);
    unsigned lim = (cfg >> 2) % 4;
    if (lim && lim < PT_LEVEL_1G)
        CHECK(pt_limit_leaf_level(&pt, lim) == 0);
    memset(model, 0, sizeof model);
    model_mapped = 0;

    for (unsigned n = 0; n < MAX_OPS && r.n; n++) {
        unsigned op = rd8(&r);
        uint64_t off = pick_off(rd16(&r));
        uint64_t sz = pick_size(rd16(&r));
        unsigned arg = rd16(&r);
        if (off >= WIN_SIZE)
            continue; /* negative neighbour of offset 0 */
        if (sz > WIN_SIZE - off)
            sz = WIN_SIZE - off;
        uint32_t perms = perm_choices[arg & 7];
        bool inject = (op & 0x80) != 0;
        a.budget = inject ? (long)((op >> 4) & 7) : -1;
        bool flush_before = pt.flush_needed;
        bool expect_flush = false;
        int rc;

        switch (op % 4) {
        case 0: { /* map */
            unsigned mt = memtypes[(arg >> 3) % ARRAY_SIZE(memtypes)];
            uint64_t pa = off + pick_pa_delta(arg >> 8);
            rc = pt_map(&pt, WIN_BASE + off, pa, sz, perms, mt);
            bool valid = perms && fmt->perms_ok(perms) && mt != 3;
            bool clash = false;
            for (uint64_t p = off / PAGE_SIZE; p < (off + sz) / PAGE_SIZE && !clash; p++)
                clash = model[p] != 0;
            if (!valid) {
                CHECK(rc == QV_ERR_INVAL);
            } else if (clash) {
                CHECK(rc == QV_ERR_EXIST);
            } else {
                CHECK(rc == 0 || (inject && rc == QV_ERR_NOMEM));
                if (rc == 0) {
                    for (uint64_t o = 0; o < sz; o += PAGE_SIZE)
                        model[(off + o) / PAGE_SIZE] = menc(pa + o, perms, mt);
                    model_mapped += sz / PAGE_SIZE;
                }
            }
            break;
        }
        case 1: /* unmap */
            expect_flush = touches_present(off, sz, true, 0);
            rc = pt_unmap(&pt, WIN_BASE + off, sz);
            CHECK(rc == 0 || (inject && rc == QV_ERR_NOMEM));
            if (rc == 0)
                for (uint64_t p = off / PAGE_SIZE; p < (off + sz) / PAGE_SIZE; p++)
                    if (model[p]) {
                        model[p] = 0;
                        model_mapped--;
                    }
            break;
        case 2: /* protect */
            rc = pt_protect(&pt, WIN_BASE + off, sz, perms);
            if (!perms || !fmt->perms_ok(perms)) {
                CHECK(rc == QV_ERR_INVAL);
                break;
            }
            expect_flush = touches_present(off, sz, false, perms);
            CHECK(rc == 0 || (inject && rc == QV_ERR_NOMEM));
            if (rc == 0)
                for (uint64_t p = off / PAGE_SIZE; p < (off + sz) / PAGE_SIZE; p++)
                    if (model[p])
                        model[p] = (model[p] & ~(15ull << 1)) | (uint64_t)perms << 1;
            break;
        default: /* the caller flushed the TLBs */
            pt_flush_done(&pt);
            CHECK(!pt.flush_needed && pt.nr_deferred == 0);
            check_all(&pt, &a);
            continue;
        }
        a.budget = -1;
        if (rc) {
            CHECK(pt.flush_needed == flush_before); /* nothing happened */
            if (rc == QV_ERR_NOMEM)
                check_all(&pt, &a);
        } else {
            CHECK(pt.flush_needed == (flush_before || expect_flush));
        }
        CHECK(a.live == pt.nr_tables);
        check_range(&pt, off, sz);
    }
    check_all(&pt, &a);
    pt_destroy(&pt);
    CHECK(a.live == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size);
    return 0;
}

/* Every input frees thousands of table pages; a small ASan quarantine keeps
 * the resident size modest on shared CI machines. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}
