/* core/mm/pgtable: page-size choice, splits, lookups, flush rule, freeing,
 * and all-or-nothing behaviour under allocation failure. Runs on the NPT
 * format unless a test is about a format property. */
#include <stdlib.h>
#include "qtest.h"
#include "pt_test_util.h"
#include "arch/x86_64/npt/npt_format.h"
#include "arch/x86_64/ept/ept_format.h"
#include "lib/errors.h"

#define RWX (PT_R | PT_W | PT_X)

struct fixture {
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
};

static void setup(struct fixture *f, const struct pt_format *fmt)
{
    pta_init(&f->a, &f->al);
    QCHECK_EQ(pt_init(&f->pt, fmt, &f->al), 0);
}

static void teardown(struct fixture *f)
{
    pt_destroy(&f->pt);
    QCHECK_EQ(f->a.live, 0);
}

static unsigned level_at(const struct pt *pt, uint64_t va)
{
    unsigned level = 0;
    QCHECK_EQ(pt_lookup(pt, va, NULL, NULL, &level), 0);
    return level;
}

QTEST(pt_map_each_page_size)
{
    static const struct { uint64_t va, pa, size; unsigned level; size_t tables; } c[] = {
        { 0x1000, 0x7000, PAGE_SIZE, PT_LEVEL_4K, 4 },
        { MiB(6), MiB(10), MiB(2), PT_LEVEL_2M, 3 },
        { GiB(3), GiB(7), GiB(1), PT_LEVEL_1G, 2 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct fixture f;
        setup(&f, &pt_fmt_npt);
        QCHECK_EQ(pt_map(&f.pt, c[i].va, c[i].pa, c[i].size, RWX, PT_MT_WB), 0);
        QCHECK_EQ(f.pt.nr_tables, c[i].tables);
        QCHECK_EQ(f.a.live, c[i].tables);
        QCHECK(!f.pt.flush_needed); /* only empty slots were filled */
        uint64_t pa = 0;
        uint32_t perms = 0;
        unsigned level = 0;
        uint64_t off = c[i].size - 8;
        QCHECK_EQ(pt_lookup(&f.pt, c[i].va + off, &pa, &perms, &level), 0);
        QCHECK_EQ(pa, c[i].pa + off);
        QCHECK_EQ(perms, RWX);
        QCHECK_EQ(level, c[i].level);
        QCHECK_EQ(pt_lookup(&f.pt, c[i].va + c[i].size, NULL, NULL, NULL), QV_ERR_NOENT);
        QCHECK_EQ(pt_lookup(&f.pt, c[i].va - 1, NULL, NULL, NULL), QV_ERR_NOENT);
        teardown(&f);
    }
}

/* va 2 MiB-aligned but pa only 4 KiB-aligned: no large leaf is possible. */
QTEST(pt_map_pa_alignment_limits_size)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, GiB(1), GiB(1) + 0x1000, GiB(1), PT_R, PT_MT_WB), 0);
    struct pt_snapshot s;
    pt_snapshot_take(&f.pt, &s);
    QCHECK_EQ(s.n, 262144);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_4K), 262144);
    pt_snapshot_free(&s);
    /* pa 2 MiB-aligned but not 1 GiB-aligned: 2 MiB leaves. */
    QCHECK_EQ(pt_map(&f.pt, GiB(4), GiB(4) + MiB(2), GiB(1), PT_R, PT_MT_WB), 0);
    QCHECK_EQ(level_at(&f.pt, GiB(4)), PT_LEVEL_2M);
    QCHECK_EQ(level_at(&f.pt, GiB(5) - 1), PT_LEVEL_2M);
    teardown(&f);
}

/* [1G - 2M - 4K, 2G + 2M + 4K) splits into 4K | 2M | 1G | 2M | 4K. */
QTEST(pt_map_mixed_alignment)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    uint64_t va = GiB(1) - MiB(2) - KiB(4), size = GiB(1) + MiB(4) + KiB(8);
    QCHECK_EQ(pt_map(&f.pt, va, va + GiB(8), size, PT_R | PT_W, PT_MT_WB), 0);
    struct pt_snapshot s;
    pt_snapshot_take(&f.pt, &s);
    QCHECK_EQ(s.n, 5);
    static const unsigned want[] = { PT_LEVEL_4K, PT_LEVEL_2M, PT_LEVEL_1G, PT_LEVEL_2M,
                                     PT_LEVEL_4K };
    uint64_t at = va;
    for (size_t i = 0; i < 5 && i < s.n; i++) {
        QCHECK_EQ(s.leaf[i].m.level, want[i]);
        QCHECK_EQ(s.leaf[i].va, at);
        QCHECK_EQ(s.leaf[i].m.pa, at + GiB(8));
        at += s.leaf[i].size;
    }
    QCHECK_EQ(at, va + size);
    pt_snapshot_free(&s);

    /* The range 0x1000..0x40201000: 511 x 4K, 512 x 2M, 1 x 4K. */
    QCHECK_EQ(pt_map(&f.pt, 0x1000, 0x1000, 0x40200000, RWX, PT_MT_WB), QV_ERR_EXIST);
    QCHECK_EQ(pt_unmap(&f.pt, va, size), 0);
    QCHECK_EQ(pt_map(&f.pt, 0x1000, 0x1000, 0x40200000, RWX, PT_MT_WB), 0);
    pt_snapshot_take(&f.pt, &s);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_4K), 512);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_2M), 512);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_1G), 0);
    pt_snapshot_free(&s);
    teardown(&f);
}

QTEST(pt_limit_leaf_level)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_limit_leaf_level(&f.pt, 4), QV_ERR_INVAL);
    QCHECK_EQ(pt_limit_leaf_level(&f.pt, 0), QV_ERR_INVAL);
    QCHECK_EQ(pt_limit_leaf_level(&f.pt, PT_LEVEL_2M), 0);
    QCHECK_EQ(pt_map(&f.pt, 0, 0, GiB(1), RWX, PT_MT_WB), 0);
    QCHECK_EQ(level_at(&f.pt, 0), PT_LEVEL_2M);
    QCHECK_EQ(level_at(&f.pt, GiB(1) - 1), PT_LEVEL_2M);
    QCHECK_EQ(pt_limit_leaf_level(&f.pt, PT_LEVEL_4K), 0);
    QCHECK_EQ(pt_map(&f.pt, GiB(2), 0, MiB(2), RWX, PT_MT_WB), 0);
    QCHECK_EQ(level_at(&f.pt, GiB(2)), PT_LEVEL_4K);
    teardown(&f);
}

QTEST(pt_invalid_arguments)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, 0x1001, 0, PAGE_SIZE, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x1000, 0x10, PAGE_SIZE, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x1000, 0, 100, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x1000, 0, 0, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 1ull << 48, 0, PAGE_SIZE, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, (1ull << 48) - PAGE_SIZE, 0, 2 * PAGE_SIZE, RWX, PT_MT_WB),
              QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0, 1ull << 52, PAGE_SIZE, RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0, (1ull << 52) - PAGE_SIZE, 2 * PAGE_SIZE, RWX, PT_MT_WB),
              QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0, 0, PAGE_SIZE, RWX, 2), QV_ERR_INVAL);  /* reserved type */
    QCHECK_EQ(pt_map(&f.pt, 0, 0, PAGE_SIZE, RWX, 7), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0, 0, PAGE_SIZE, PT_W, PT_MT_WB), QV_ERR_INVAL);  /* no R */
    QCHECK_EQ(pt_map(&f.pt, 0, 0, PAGE_SIZE, 1u << 7, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_unmap(&f.pt, 0x800, PAGE_SIZE), QV_ERR_INVAL);
    QCHECK_EQ(pt_protect(&f.pt, 0, PAGE_SIZE, 0), QV_ERR_INVAL);
    QCHECK_EQ(pt_lookup(&f.pt, 1ull << 48, NULL, NULL, NULL), QV_ERR_INVAL);
    QCHECK_EQ(f.a.live, 1);
    /* The highest page below 2^48 is fine. */
    QCHECK_EQ(pt_map(&f.pt, (1ull << 48) - PAGE_SIZE, 0, PAGE_SIZE, RWX, PT_MT_WB), 0);
    QCHECK_EQ(level_at(&f.pt, (1ull << 48) - 1), PT_LEVEL_4K);
    teardown(&f);
}

QTEST(pt_host_canonical_addresses)
{
    struct fixture f;
    setup(&f, &pt_fmt_x86_host);
    const uint64_t hi = 0xffff800000000000ull;
    QCHECK_EQ(pt_map(&f.pt, 0x0000800000000000ull, 0, PAGE_SIZE, PT_R, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, hi - PAGE_SIZE, 0, PAGE_SIZE, PT_R, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x00007ffffffff000ull, 0, 2 * PAGE_SIZE, PT_R, PT_MT_WB),
              QV_ERR_INVAL); /* would cross the hole */
    QCHECK_EQ(pt_map(&f.pt, 0xffffffffc0000000ull, GiB(2), GiB(1), PT_R | PT_W, PT_MT_WB), 0);
    QCHECK_EQ(pt_map(&f.pt, hi, 0, PAGE_SIZE, PT_R, PT_MT_WB), 0);
    uint64_t pa = 0;
    QCHECK_EQ(pt_lookup(&f.pt, 0xfffffffffffff123ull, &pa, NULL, NULL), 0);
    QCHECK_EQ(pa, GiB(3) - PAGE_SIZE + 0x123);
    QCHECK_EQ(pt_lookup(&f.pt, 0x0000ffffc0000000ull, NULL, NULL, NULL), QV_ERR_INVAL);
    struct pt_snapshot s;
    pt_snapshot_take(&f.pt, &s);
    QCHECK_EQ(s.n, 2);
    if (s.n == 2) {
        QCHECK_EQ(s.leaf[0].va, hi);
        QCHECK_EQ(s.leaf[1].va, 0xffffffffc0000000ull);
        QCHECK_EQ(s.leaf[1].m.level, PT_LEVEL_1G);
    }
    pt_snapshot_free(&s);
    QCHECK_EQ(pt_unmap(&f.pt, 0xffffffffc0000000ull, GiB(1)), 0);
    teardown(&f);
}

QTEST(pt_map_over_existing_is_refused)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, MiB(4) + 0x5000, 0x5000, PAGE_SIZE, RWX, PT_MT_WB), 0);
    struct pt_snapshot before, after;
    pt_snapshot_take(&f.pt, &before);
    size_t tables = f.pt.nr_tables;
    /* A 1 GiB map whose last page collides: nothing may be created. */
    QCHECK_EQ(pt_map(&f.pt, MiB(4) + 0x6000 - GiB(1), 0, GiB(1), RWX, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0, 0, GiB(1), RWX, PT_MT_WB), QV_ERR_EXIST);
    QCHECK_EQ(pt_map(&f.pt, MiB(4), 0, MiB(2), RWX, PT_MT_WB), QV_ERR_EXIST);
    QCHECK_EQ(pt_map(&f.pt, GiB(1) - MiB(2), 0, MiB(2) + PAGE_SIZE, RWX, PT_MT_WB), 0);
    QCHECK_EQ(pt_map(&f.pt, GiB(1) - PAGE_SIZE, 0, PAGE_SIZE, RWX, PT_MT_WB), QV_ERR_EXIST);
    QCHECK_EQ(pt_unmap(&f.pt, GiB(1) - MiB(2), MiB(2) + PAGE_SIZE), 0);
    pt_flush_done(&f.pt);
    pt_snapshot_take(&f.pt, &after);
    QCHECK(pt_snapshot_equal(&before, &after));
    QCHECK_EQ(f.pt.nr_tables, tables);
    QCHECK_EQ(f.a.live, tables);
    pt_snapshot_free(&before);
    pt_snapshot_free(&after);
    teardown(&f);
}

static void check_range(const struct pt *pt, uint64_t va, uint64_t size, uint64_t pa,
                        uint32_t perms, unsigned mt, unsigned level)
{
    for (uint64_t o = 0; o < size; o += PAGE_SIZE) {
        struct pt_mapping m;
        int rc = pt_lookup_mapping(pt, va + o, &m);
        QCHECK_EQ(rc, 0);
        if (rc)
            return;
        if (m.pa != pa + o || m.perms != perms || m.memtype != mt || m.level != level) {
            QCHECK_EQ(m.pa, pa + o);
            QCHECK_EQ(m.perms, perms);
            QCHECK_EQ(m.memtype, mt);
            QCHECK_EQ(m.level, level);
            return;
        }
    }
}

static void check_hole(const struct pt *pt, uint64_t va, uint64_t size)
{
    for (uint64_t o = 0; o < size; o += PAGE_SIZE)
        if (pt_lookup(pt, va + o, NULL, NULL, NULL) != QV_ERR_NOENT) {
            QCHECK_EQ(pt_lookup(pt, va + o, NULL, NULL, NULL), QV_ERR_NOENT);
            return;
        }
}

QTEST(pt_unmap_splits_2m)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, MiB(8), MiB(32), MiB(2), PT_R | PT_X, PT_MT_WC), 0);
    QCHECK_EQ(f.pt.nr_tables, 3);
    QCHECK_EQ(pt_unmap(&f.pt, MiB(8) + 0x3000, 0x2000), 0);
    QCHECK(f.pt.flush_needed);
    QCHECK_EQ(f.pt.nr_tables, 4);
    check_range(&f.pt, MiB(8), 0x3000, MiB(32), PT_R | PT_X, PT_MT_WC, PT_LEVEL_4K);
    check_hole(&f.pt, MiB(8) + 0x3000, 0x2000);
    check_range(&f.pt, MiB(8) + 0x5000, MiB(2) - 0x5000, MiB(32) + 0x5000, PT_R | PT_X,
                PT_MT_WC, PT_LEVEL_4K);
    teardown(&f);
}

QTEST(pt_unmap_splits_1g_twice)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, GiB(2), GiB(5), GiB(1), RWX, PT_MT_WT), 0);
    uint64_t hole = GiB(2) + MiB(300) + 0x7000;
    QCHECK_EQ(pt_unmap(&f.pt, hole, PAGE_SIZE), 0);
    QCHECK_EQ(f.pt.nr_tables, 4); /* root, PDPT, new PD, new PT */
    struct pt_snapshot s;
    pt_snapshot_take(&f.pt, &s);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_2M), 511);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_4K), 511);
    QCHECK_EQ(pt_snapshot_count(&s, PT_LEVEL_1G), 0);
    pt_snapshot_free(&s);
    check_hole(&f.pt, hole, PAGE_SIZE);
    check_range(&f.pt, ALIGN_DOWN(hole, MiB(2)), hole - ALIGN_DOWN(hole, MiB(2)),
                ALIGN_DOWN(hole, MiB(2)) + GiB(3), RWX, PT_MT_WT, PT_LEVEL_4K);
    check_range(&f.pt, GiB(2), MiB(300), GiB(5), RWX, PT_MT_WT, PT_LEVEL_2M);
    check_range(&f.pt, GiB(2) + MiB(302), GiB(1) - MiB(302), GiB(5) + MiB(302), RWX,
                PT_MT_WT, PT_LEVEL_2M);
    teardown(&f);
}

QTEST(pt_protect_splits_and_preserves)
{
    struct fixture f;
    setup(&f, &pt_fmt_ept);
    QCHECK_EQ(pt_map(&f.pt, 0, GiB(1), GiB(1), RWX, PT_MT_WB), 0);
    /* Same permissions: no split, no flush. */
    QCHECK_EQ(pt_protect(&f.pt, MiB(2), PAGE_SIZE, RWX), 0);
    QCHECK(!f.pt.flush_needed);
    QCHECK_EQ(f.pt.nr_tables, 2);
    /* 2 MiB + 4 KiB starting at 4 MiB: one whole 2M leaf and a split one. */
    QCHECK_EQ(pt_protect(&f.pt, MiB(4), MiB(2) + PAGE_SIZE, PT_R), 0);
    QCHECK(f.pt.flush_needed);
    QCHECK_EQ(f.pt.nr_tables, 4);
    check_range(&f.pt, 0, MiB(4), GiB(1), RWX, PT_MT_WB, PT_LEVEL_2M);
    check_range(&f.pt, MiB(4), MiB(2), GiB(1) + MiB(4), PT_R, PT_MT_WB, PT_LEVEL_2M);
    check_range(&f.pt, MiB(6), PAGE_SIZE, GiB(1) + MiB(6), PT_R, PT_MT_WB, PT_LEVEL_4K);
    check_range(&f.pt, MiB(6) + PAGE_SIZE, MiB(2) - PAGE_SIZE, GiB(1) + MiB(6) + PAGE_SIZE, RWX,
                PT_MT_WB, PT_LEVEL_4K);
    check_range(&f.pt, MiB(8), GiB(1) - MiB(8), GiB(1) + MiB(8), RWX, PT_MT_WB, PT_LEVEL_2M);
    /* Whole leaf: rewritten in place, no new table. */
    pt_flush_done(&f.pt);
    QCHECK_EQ(pt_protect(&f.pt, MiB(10), MiB(2), PT_R | PT_X), 0);
    QCHECK(f.pt.flush_needed);
    QCHECK_EQ(f.pt.nr_tables, 4);
    check_range(&f.pt, MiB(10), MiB(2), GiB(1) + MiB(10), PT_R | PT_X, PT_MT_WB, PT_LEVEL_2M);
    /* Holes are skipped. */
    QCHECK_EQ(pt_protect(&f.pt, GiB(1) - MiB(2), MiB(4), PT_R), 0);
    check_range(&f.pt, GiB(1) - MiB(2), MiB(2), GiB(2) - MiB(2), PT_R, PT_MT_WB, PT_LEVEL_2M);
    check_hole(&f.pt, GiB(1), MiB(2));
    teardown(&f);
}

QTEST(pt_unmap_frees_empty_tables_after_flush)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    QCHECK_EQ(pt_map(&f.pt, GiB(600), 0, PAGE_SIZE, RWX, PT_MT_WB), 0);
    QCHECK_EQ(pt_map(&f.pt, GiB(600) + MiB(2), 0, PAGE_SIZE, RWX, PT_MT_WB), 0);
    QCHECK_EQ(f.a.live, 5);
    QCHECK_EQ(pt_unmap(&f.pt, GiB(600), PAGE_SIZE), 0);
    QCHECK(f.pt.flush_needed);
    QCHECK_EQ(f.pt.nr_deferred, 1);
    QCHECK_EQ(f.a.live, 5); /* still parked: another CPU may cache it */
    pt_flush_done(&f.pt);
    QCHECK(!f.pt.flush_needed);
    QCHECK_EQ(f.a.live, 4);
    QCHECK_EQ(pt_unmap(&f.pt, 0, GiB(1024)), 0); /* big, mostly empty range */
    QCHECK_EQ(f.pt.nr_deferred, 3);
    pt_flush_done(&f.pt);
    QCHECK_EQ(f.a.live, 1);
    QCHECK_EQ(f.pt.nr_tables, 1);
    /* Unmapping nothing changes nothing. */
    QCHECK_EQ(pt_unmap(&f.pt, 0, GiB(4)), 0);
    QCHECK(!f.pt.flush_needed);
    /* The slots can be reused, now with a large leaf. */
    QCHECK_EQ(pt_map(&f.pt, GiB(600), 0, GiB(1), RWX, PT_MT_WB), 0);
    QCHECK_EQ(level_at(&f.pt, GiB(600)), PT_LEVEL_1G);
    teardown(&f);
}

QTEST(pt_destroy_frees_everything)
{
    struct fixture f;
    setup(&f, &pt_fmt_npt);
    for (unsigned i = 0; i < 8; i++)
        QCHECK_EQ(pt_map(&f.pt, GiB(512) * i + MiB(2) * i + PAGE_SIZE * i, 0, MiB(3), RWX,
                         PT_MT_WB), 0);
    QCHECK_EQ(pt_unmap(&f.pt, GiB(512) + MiB(2) + PAGE_SIZE, PAGE_SIZE), 0);
    QCHECK(f.a.live > 8);
    QCHECK_EQ(f.a.live, f.pt.nr_tables);
    teardown(&f); /* checks live == 0, deferred pages included */
    pt_destroy(&f.pt); /* second destroy is harmless */
    QCHECK_EQ(f.a.live, 0);
}

QTEST(pt_init_nomem)
{
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
    pta_init(&a, &al);
    a.budget = 0;
    QCHECK_EQ(pt_init(&pt, &pt_fmt_npt, &al), QV_ERR_NOMEM);
    QCHECK_EQ(a.live, 0);
}

/* Runs op with an allocation budget of 0, 1, 2, ... : every failing attempt must
 * leave leaves, table count, live pages and flush state exactly as before. */
typedef int (*pt_op_fn)(struct pt *pt);

static void nomem_everywhere(const struct pt_format *fmt, pt_op_fn prepare, pt_op_fn op,
                             size_t min_pages)
{
    struct fixture f;
    setup(&f, fmt);
    QCHECK_EQ(prepare(&f.pt), 0);
    pt_flush_done(&f.pt);
    struct pt_snapshot before, after;
    pt_snapshot_take(&f.pt, &before);
    size_t tables = f.pt.nr_tables, live = f.a.live, failures = 0;
    for (long budget = 0;; budget++) {
        f.a.budget = budget;
        int rc = op(&f.pt);
        if (rc == 0)
            break;
        QCHECK_EQ(rc, QV_ERR_NOMEM);
        failures++;
        pt_snapshot_take(&f.pt, &after);
        QCHECK(pt_snapshot_equal(&before, &after));
        pt_snapshot_free(&after);
        QCHECK_EQ(f.pt.nr_tables, tables);
        QCHECK_EQ(f.a.live, live);
        QCHECK(!f.pt.flush_needed);
        if (rc != QV_ERR_NOMEM || budget > 100000)
            break;
    }
    QCHECK_EQ(failures, min_pages);
    f.a.budget = -1;
    pt_snapshot_free(&before);
    teardown(&f);
}

static int prep_none(struct pt *pt)
{
    (void)pt;
    return 0;
}

static int prep_1g(struct pt *pt)
{
    return pt_map(pt, GiB(1), GiB(1), GiB(1), RWX, PT_MT_WB);
}

static int op_map_spread(struct pt *pt)
{
    /* 4K..1G pieces over two PML4 slots: PDPT x2, PD x2, PT x2. */
    return pt_map(pt, GiB(512) - MiB(2) - PAGE_SIZE, GiB(3) - MiB(2) - PAGE_SIZE,
                  GiB(1) + MiB(4) + 2 * PAGE_SIZE, PT_R | PT_W, PT_MT_UC);
}

static int op_unmap_middle(struct pt *pt)
{
    return pt_unmap(pt, GiB(1) + MiB(5) + PAGE_SIZE, PAGE_SIZE);
}

static int op_protect_both_edges(struct pt *pt)
{
    /* Each edge: 1G -> 2M and 2M -> 4K; one new PD is shared by both. */
    return pt_protect(pt, GiB(1) + MiB(5) + PAGE_SIZE, MiB(100), PT_R);
}

QTEST(pt_nomem_leaves_tables_unchanged)
{
    nomem_everywhere(&pt_fmt_npt, prep_none, op_map_spread, 6);
    nomem_everywhere(&pt_fmt_npt, prep_1g, op_map_spread, 5); /* shares PML4 slot 0's PDPT */
    nomem_everywhere(&pt_fmt_npt, prep_1g, op_unmap_middle, 2);
    nomem_everywhere(&pt_fmt_ept, prep_1g, op_protect_both_edges, 3);
}
