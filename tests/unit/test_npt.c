/* arch/x86_64/npt/npt_format: exact bits of NPT and host x86-64 entries
 * (APM vol. 2 §5.4, §7.8.2, §15.25), read straight from the tables. */
#include "qtest.h"
#include "pt_test_util.h"
#include "arch/x86_64/npt/npt_format.h"
#include "arch/x86_64/cpu/host_pte.h"
#include "lib/errors.h"

/* Raw entry for va at `level`, following table pointers by the x86 bits only. */
static uint64_t npt_raw(const struct pt *pt, uint64_t va, unsigned level)
{
    const uint64_t *t = pt->root;
    for (unsigned l = PT_LEVELS;; l--) {
        uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];
        if (l == level || !(e & X86_PTE_P))
            return e;
        t = (const uint64_t *)(uintptr_t)(e & X86_PTE_ADDR_MASK);
    }
}

QTEST(npt_leaf_and_table_bits)
{
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
    pta_init(&a, &al);
    QCHECK_EQ(pt_init(&pt, &pt_fmt_npt, &al), 0);
    QCHECK_EQ(pt_map(&pt, 0x5000, 0xabc000, PAGE_SIZE, PT_R | PT_W | PT_X, PT_MT_WB), 0);
    QCHECK_EQ(npt_raw(&pt, 0x5000, 1), 0xabc000 | X86_PTE_P | X86_PTE_RW | X86_PTE_US);
    /* Tables: P|RW|US, NX clear, so the leaf alone decides. */
    for (unsigned l = 4; l >= 2; l--) {
        uint64_t e = npt_raw(&pt, 0x5000, l);
        QCHECK_EQ(e & ~X86_PTE_ADDR_MASK, X86_PTE_P | X86_PTE_RW | X86_PTE_US);
    }
    QCHECK_EQ(pt_map(&pt, MiB(2), GiB(4), MiB(2), PT_R | PT_X, PT_MT_WB), 0);
    QCHECK_EQ(npt_raw(&pt, MiB(2), 2), GiB(4) | X86_PTE_P | X86_PTE_US | X86_PTE_PS);
    QCHECK_EQ(pt_map(&pt, GiB(1), GiB(9), GiB(1), PT_R, PT_MT_WB), 0);
    QCHECK_EQ(npt_raw(&pt, GiB(1), 3),
              GiB(9) | X86_PTE_P | X86_PTE_US | X86_PTE_PS | X86_PTE_NX);
    QCHECK_EQ(pt_map(&pt, 0x6000, 0x1000, PAGE_SIZE, PT_R | PT_W, PT_MT_WB), 0);
    QCHECK_EQ(npt_raw(&pt, 0x6000, 1),
              0x1000 | X86_PTE_P | X86_PTE_RW | X86_PTE_US | X86_PTE_NX);
    /* U is structural in NPT: callers may not ask for it, nor omit R. */
    QCHECK_EQ(pt_map(&pt, 0x7000, 0, PAGE_SIZE, PT_R | PT_U, PT_MT_WB), QV_ERR_INVAL);
    QCHECK_EQ(pt_map(&pt, 0x7000, 0, PAGE_SIZE, PT_X, PT_MT_WB), QV_ERR_INVAL);
    uint32_t perms = 0;
    QCHECK_EQ(pt_lookup(&pt, MiB(3), NULL, &perms, NULL), 0);
    QCHECK_EQ(perms, PT_R | PT_X);
    pt_destroy(&pt);
    QCHECK_EQ(a.live, 0);
}

QTEST(npt_pat_layout)
{
    /* X86_PAT_QV byte i = type of PAT entry i (APM vol. 2 §7.8.1). */
    QCHECK_EQ((X86_PAT_QV >> (8 * X86_PAT_IDX_WB)) & 0xff, PT_MT_WB);
    QCHECK_EQ((X86_PAT_QV >> (8 * X86_PAT_IDX_WT)) & 0xff, PT_MT_WT);
    QCHECK_EQ((X86_PAT_QV >> (8 * X86_PAT_IDX_UC)) & 0xff, PT_MT_UC);
    QCHECK_EQ((X86_PAT_QV >> (8 * X86_PAT_IDX_WC)) & 0xff, PT_MT_WC);
    QCHECK_EQ((X86_PAT_QV >> (8 * X86_PAT_IDX_WP)) & 0xff, PT_MT_WP);
    /* Power-on PAT is 0x0007040600070406: entries 0..3 unchanged. */
    QCHECK_EQ(X86_PAT_QV & 0xffffffffull, 0x0007040600070406ull & 0xffffffffull);
    QCHECK_EQ(x86_pte_memtype_bits(3, 1), ~0ull);
}

QTEST(npt_memtype_bits_per_level)
{
    static const struct { unsigned mt; uint64_t bits4k, bits_large; } c[] = {
        { PT_MT_WB, 0, 0 },
        { PT_MT_WT, X86_PTE_PWT, X86_PTE_PWT },
        { PT_MT_UC, X86_PTE_PWT | X86_PTE_PCD, X86_PTE_PWT | X86_PTE_PCD },
        { PT_MT_WC, X86_PTE_PAT_4K, X86_PTE_PAT_LARGE },
        { PT_MT_WP, X86_PTE_PAT_4K | X86_PTE_PWT, X86_PTE_PAT_LARGE | X86_PTE_PWT },
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct pt_test_alloc a;
        struct pt_alloc al;
        struct pt pt;
        pta_init(&a, &al);
        QCHECK_EQ(pt_init(&pt, &pt_fmt_npt, &al), 0);
        const uint64_t base = X86_PTE_P | X86_PTE_RW | X86_PTE_US;
        QCHECK_EQ(pt_map(&pt, GiB(1), GiB(2), GiB(1), PT_R | PT_W | PT_X, c[i].mt), 0);
        QCHECK_EQ(npt_raw(&pt, GiB(1), 3), GiB(2) | base | X86_PTE_PS | c[i].bits_large);
        /* Split down to 4 KiB: PAT moves from bit 12 to bit 7, type kept. */
        QCHECK_EQ(pt_unmap(&pt, GiB(1), PAGE_SIZE), 0);
        QCHECK_EQ(npt_raw(&pt, GiB(1) + MiB(2), 2),
                  (GiB(2) + MiB(2)) | base | X86_PTE_PS | c[i].bits_large);
        QCHECK_EQ(npt_raw(&pt, GiB(1) + PAGE_SIZE, 1), (GiB(2) + PAGE_SIZE) | base | c[i].bits4k);
        struct pt_mapping m;
        QCHECK_EQ(pt_lookup_mapping(&pt, GiB(1) + PAGE_SIZE, &m), 0);
        QCHECK_EQ(m.memtype, c[i].mt);
        QCHECK_EQ(pt_lookup_mapping(&pt, GiB(1) + MiB(2), &m), 0);
        QCHECK_EQ(m.memtype, c[i].mt);
        pt_destroy(&pt);
        QCHECK_EQ(a.live, 0);
    }
}

QTEST(host_pte_user_bit_and_format)
{
    struct pt_test_alloc a;
    struct pt_alloc al;
    struct pt pt;
    pta_init(&a, &al);
    QCHECK(&host_pt_format == &pt_fmt_x86_host);
    QCHECK_EQ(pt_init(&pt, &host_pt_format, &al), 0);
    const uint64_t k = 0xffff800000200000ull;
    QCHECK_EQ(pt_map(&pt, k, MiB(2), MiB(2), PT_R | PT_W, PT_MT_WB), 0);
    QCHECK_EQ(pt_map(&pt, 0x400000, MiB(4), PAGE_SIZE, PT_R | PT_X | PT_U, PT_MT_WB), 0);
    QCHECK_EQ(npt_raw(&pt, k, 2), MiB(2) | X86_PTE_P | X86_PTE_RW | X86_PTE_PS | X86_PTE_NX);
    QCHECK_EQ(npt_raw(&pt, 0x400000, 1), MiB(4) | X86_PTE_P | X86_PTE_US);
    uint32_t perms = 0;
    QCHECK_EQ(pt_lookup(&pt, 0x400000, NULL, &perms, NULL), 0);
    QCHECK_EQ(perms, PT_R | PT_X | PT_U);
    QCHECK_EQ(pt_map(&pt, 0x500000, 0, PAGE_SIZE, PT_W, PT_MT_WB), QV_ERR_INVAL);
    pt_destroy(&pt);
    QCHECK_EQ(a.live, 0);
}
