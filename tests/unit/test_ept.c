/* arch/x86_64/ept/ept_format: exact bits of EPT entries and the EPTP
 * (SDM vol. 3C §29.3.2, §29.3.7, §25.6.11), read straight from the tables. */
#include "qtest.h"
#include "pt_test_util.h"
#include "arch/x86_64/ept/ept_format.h"
#include "lib/errors.h"

static uint64_t ept_raw(const struct pt *pt, uint64_t va, unsigned level)
{
    const uint64_t *t = pt->root;
    for (unsigned l = PT_LEVELS;; l--) {
        uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];
        if (l == level || !(e & EPT_RWX))
            return e;
        t = (const uint64_t *)(uintptr_t)(e & EPT_ADDR_MASK);
    }
}

struct ept_fixture {
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
};

QTEST(ept_leaf_and_table_bits)
{
    struct ept_fixture f;
    pta_init(&f.a, &f.al);
    QCHECK_EQ(pt_init(&f.pt, &pt_fmt_ept, &f.al), 0);
    const uint32_t rwx = PT_R | PT_W | PT_X;
    QCHECK_EQ(pt_map(&f.pt, 0x3000, 0x9000, PAGE_SIZE, rwx, PT_MT_WB), 0);
    QCHECK_EQ(ept_raw(&f.pt, 0x3000, 1), 0x9000 | EPT_R | EPT_W | EPT_X | (6ull << 3));
    for (unsigned l = 4; l >= 2; l--)
        QCHECK_EQ(ept_raw(&f.pt, 0x3000, l) & ~EPT_ADDR_MASK, EPT_R | EPT_W | EPT_X);
    QCHECK_EQ(pt_map(&f.pt, MiB(2), MiB(64), MiB(2), rwx, PT_MT_WB), 0);
    QCHECK_EQ(ept_raw(&f.pt, MiB(2), 2), MiB(64) | EPT_RWX | (6ull << 3) | (1ull << 7));
    QCHECK_EQ(pt_map(&f.pt, GiB(3), GiB(1), GiB(1), PT_R, PT_MT_UC), 0);
    QCHECK_EQ(ept_raw(&f.pt, GiB(3), 3), GiB(1) | EPT_R | EPT_LARGE);
    QCHECK_EQ(pt_map(&f.pt, 0x4000, 0xa000, PAGE_SIZE, PT_R | PT_W, PT_MT_WC), 0);
    QCHECK_EQ(ept_raw(&f.pt, 0x4000, 1), 0xa000 | EPT_R | EPT_W | (1ull << 3));
    /* Execute-only is expressible (with EPT_CAP_EXEC_ONLY); W without R is not. */
    QCHECK_EQ(pt_map(&f.pt, 0x5000, 0xb000, PAGE_SIZE, PT_X, PT_MT_WP), 0);
    QCHECK_EQ(ept_raw(&f.pt, 0x5000, 1), 0xb000 | EPT_X | (5ull << 3));
    QCHECK_EQ(pt_map(&f.pt, 0x6000, 0, PAGE_SIZE, PT_W, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x6000, 0, PAGE_SIZE, PT_W | PT_X, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&f.pt, 0x6000, 0, PAGE_SIZE, PT_R | PT_U, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_protect(&f.pt, 0x3000, PAGE_SIZE, 0), QV_ERR_INVAL);
    pt_destroy(&f.pt);
    QCHECK_EQ(f.a.live, 0);
}

QTEST(ept_split_keeps_type_and_rights)
{
    struct ept_fixture f;
    pta_init(&f.a, &f.al);
    QCHECK_EQ(pt_init(&f.pt, &pt_fmt_ept, &f.al), 0);
    QCHECK_EQ(pt_map(&f.pt, 0, GiB(2), GiB(1), PT_R | PT_X, PT_MT_WT), 0);
    QCHECK_EQ(pt_protect(&f.pt, MiB(2) + PAGE_SIZE, PAGE_SIZE, PT_R), 0);
    QCHECK(f.pt.flush_needed);
    /* 1G became a table of 2M leaves; one of them a table of 4K leaves. */
    QCHECK_EQ(ept_raw(&f.pt, 0, 3) & ~EPT_ADDR_MASK, EPT_RWX);
    QCHECK_EQ(ept_raw(&f.pt, 0, 2), GiB(2) | EPT_R | EPT_X | (4ull << 3) | EPT_LARGE);
    QCHECK_EQ(ept_raw(&f.pt, MiB(4), 2),
              (GiB(2) + MiB(4)) | EPT_R | EPT_X | (4ull << 3) | EPT_LARGE);
    QCHECK_EQ(ept_raw(&f.pt, MiB(2), 2) & ~EPT_ADDR_MASK, EPT_RWX);
    QCHECK_EQ(ept_raw(&f.pt, MiB(2), 1), (GiB(2) + MiB(2)) | EPT_R | EPT_X | (4ull << 3));
    QCHECK_EQ(ept_raw(&f.pt, MiB(2) + PAGE_SIZE, 1),
              (GiB(2) + MiB(2) + PAGE_SIZE) | EPT_R | (4ull << 3));
    pt_destroy(&f.pt);
    QCHECK_EQ(f.a.live, 0);
}

QTEST(ept_eptp)
{
    QCHECK_EQ(ept_make_eptp(0x123000, false), 0x123000ull | 6 | (3 << 3));
    QCHECK_EQ(ept_make_eptp(0x123000, true), 0x123000ull | 6 | (3 << 3) | (1 << 6));
    QCHECK_EQ(EPT_SUPPRESS_VE, 1ull << 63);
    QCHECK_EQ(EPT_X_USER, 1ull << 10);
    QCHECK_EQ(EPT_ACCESSED | EPT_DIRTY, 3ull << 8);
    QCHECK_EQ(EPT_IGNORE_PAT, 1ull << 6);
}
