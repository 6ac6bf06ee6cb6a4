/* core/mm/pgtable: every single entry store leaves tables a concurrent walker
 * can use. After each store, sample addresses must translate either exactly as
 * before the operation or exactly as after it, and once an address shows its
 * new translation it must never show the old one again (no transient holes
 * while a split table is being linked, no half-built tables). */
#include <stdlib.h>
#include "qtest.h"
#include "pt_test_util.h"
#include "arch/x86_64/npt/npt_format.h"
#include "arch/x86_64/ept/ept_format.h"
#include "lib/errors.h"

#define RWX (PT_R | PT_W | PT_X)
#define NSAMPLES 2048

struct xlat {
    int rc;
    struct pt_mapping m;
};

struct watch {
    const struct pt *pt;
    size_t n;
    uint64_t va[NSAMPLES];
    struct xlat old[NSAMPLES], new[NSAMPLES];
    bool switched[NSAMPLES];
    size_t stores, bad;
};

static struct xlat xl(const struct pt *pt, uint64_t va)
{
    struct xlat x = { 0 };
    x.rc = pt_lookup_mapping(pt, va, &x.m);
    return x;
}

static bool same(struct xlat a, struct xlat b)
{
    if (a.rc != b.rc)
        return false;
    return a.rc || (a.m.pa == b.m.pa && a.m.perms == b.m.perms && a.m.memtype == b.m.memtype);
}

static void on_store(void *ctx)
{
    struct watch *w = ctx;
    w->stores++;
    for (size_t i = 0; i < w->n; i++) {
        struct xlat now = xl(w->pt, w->va[i]);
        bool is_old = same(now, w->old[i]), is_new = same(now, w->new[i]);
        if (is_new && !is_old)
            w->switched[i] = true;
        if ((!is_old && !is_new) || (is_old && !is_new && w->switched[i]))
            w->bad++;
    }
}

typedef int (*op_fn)(struct pt *pt);

/* Builds the same tables twice with prep; op on the first gives the "after"
 * translations, op on the second runs under the store hook. */
static void check_atomic(const struct pt_format *fmt, op_fn prep, op_fn op, uint64_t lo,
                         uint64_t hi)
{
    static struct watch w;
    struct pt_test_alloc a1, a2;
    struct pt_alloc al1, al2;
    struct pt p1, p2;
    pta_init(&a1, &al1);
    pta_init(&a2, &al2);
    QCHECK_EQ(pt_init(&p1, fmt, &al1), 0);
    QCHECK_EQ(pt_init(&p2, fmt, &al2), 0);
    QCHECK_EQ(prep(&p1), 0);
    QCHECK_EQ(prep(&p2), 0);
    w = (struct watch){ .pt = &p2 };
    /* Samples: each 2 MiB boundary and its neighbours, plus a spread of pages. */
    uint64_t step = (hi - lo) / (NSAMPLES / 4);
    for (uint64_t va = lo; va < hi && w.n + 3 <= NSAMPLES; va += MAX(step, MiB(2))) {
        w.va[w.n++] = va;
        w.va[w.n++] = va + PAGE_SIZE;
        if (va > lo)
            w.va[w.n++] = va - PAGE_SIZE;
    }
    for (uint64_t va = lo + 0x3000; va < hi && w.n < NSAMPLES; va += 0x7d000)
        w.va[w.n++] = va;
    for (size_t i = 0; i < w.n; i++)
        w.old[i] = xl(&p1, w.va[i]);
    QCHECK_EQ(op(&p1), 0);
    for (size_t i = 0; i < w.n; i++)
        w.new[i] = xl(&p1, w.va[i]);
    pt_store_hook_ctx = &w;
    pt_store_hook = on_store;
    QCHECK_EQ(op(&p2), 0);
    pt_store_hook = NULL;
    QCHECK(w.stores > 0);
    QCHECK_EQ(w.bad, 0);
    for (size_t i = 0; i < w.n; i++)
        QCHECK(same(xl(&p2, w.va[i]), w.new[i]));
    pt_destroy(&p1);
    pt_destroy(&p2);
    QCHECK_EQ(a1.live + a2.live, 0);
}

static int prep_1g(struct pt *pt)
{
    return pt_map(pt, GiB(1), GiB(4), GiB(1), RWX, PT_MT_WB);
}

static int prep_4k_pieces(struct pt *pt)
{
    int rc = pt_map(pt, GiB(1) + 0x5000, GiB(4), MiB(6), PT_R, PT_MT_UC);
    return rc ? rc : pt_map(pt, GiB(1) + MiB(20), GiB(5), PAGE_SIZE, PT_R, PT_MT_UC);
}

static int none(struct pt *pt)
{
    (void)pt;
    return 0;
}

static int unmap_one_page(struct pt *pt)
{
    return pt_unmap(pt, GiB(1) + MiB(7) + PAGE_SIZE, PAGE_SIZE);
}

static int protect_edges(struct pt *pt)
{
    return pt_protect(pt, GiB(1) + MiB(3) + 0x2000, MiB(9), PT_R | PT_X);
}

static int map_mixed(struct pt *pt)
{
    return pt_map(pt, GiB(1) - MiB(2) - PAGE_SIZE, GiB(7) - MiB(2) - PAGE_SIZE,
                  GiB(1) + MiB(4) + 2 * PAGE_SIZE, RWX, PT_MT_WB);
}

static int unmap_all(struct pt *pt)
{
    return pt_unmap(pt, GiB(1), GiB(1));
}

QTEST(pt_every_store_is_consistent)
{
    check_atomic(&pt_fmt_npt, prep_1g, unmap_one_page, GiB(1), GiB(2));
    check_atomic(&pt_fmt_ept, prep_1g, protect_edges, GiB(1), GiB(2));
    check_atomic(&pt_fmt_npt, none, map_mixed, GiB(1) - MiB(4), GiB(2) + MiB(4));
    check_atomic(&pt_fmt_x86_host, prep_4k_pieces, unmap_all, GiB(1), GiB(1) + MiB(32));
    check_atomic(&pt_fmt_npt, prep_4k_pieces, protect_edges, GiB(1), GiB(1) + MiB(32));
}
