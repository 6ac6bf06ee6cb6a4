/* x86-64 long-mode entries for the generic page-table engine: AMD nested
 * page tables (APM vol. 2 §15.25) and host paging (APM vol. 2 §5.3-5.4). */
#include "arch/x86_64/npt/npt_format.h"

uint64_t x86_pte_memtype_bits(unsigned memtype, unsigned level)
{
    unsigned idx;
    switch (memtype) {
    case PT_MT_WB: idx = X86_PAT_IDX_WB; break;
    case PT_MT_WT: idx = X86_PAT_IDX_WT; break;
    case PT_MT_UC: idx = X86_PAT_IDX_UC; break;
    case PT_MT_WC: idx = X86_PAT_IDX_WC; break;
    case PT_MT_WP: idx = X86_PAT_IDX_WP; break;
    default: return ~0ull;
    }
    /* PAT index = PAT:PCD:PWT (APM vol. 2 §7.8.2 table 7-10); the PAT bit sits
     * at bit 7 in 4 KiB leaves and at bit 12 in large leaves, where bit 7 is PS. */
    uint64_t bits = 0;
    if (idx & 1)
        bits |= X86_PTE_PWT;
    if (idx & 2)
        bits |= X86_PTE_PCD;
    if (idx & 4)
        bits |= level == PT_LEVEL_4K ? X86_PTE_PAT_4K : X86_PTE_PAT_LARGE;
    return bits;
}

static unsigned x86_memtype(uint64_t e, unsigned level)
{
    unsigned idx = (e & X86_PTE_PWT ? 1u : 0u) | (e & X86_PTE_PCD ? 2u : 0u);
    if (e & (level == PT_LEVEL_4K ? X86_PTE_PAT_4K : X86_PTE_PAT_LARGE))
        idx |= 4;
    /* Decode with the X86_PAT_QV layout; index 2/6 (UC-) is never written by
     * x86_pte_memtype_bits and reads back as the nearest type, UC. */
    unsigned type = (unsigned)(X86_PAT_QV >> (8 * idx)) & 7u;
    return type == 7u ? PT_MT_UC : type;
}

/* Tables grant everything: x86 rights are the AND over all levels
 * (APM vol. 2 §5.6), so the leaf alone decides. US = 1 is required in NPT. */
static uint64_t x86_make_table(uint64_t pa)
{
    return (pa & X86_PTE_ADDR_MASK) | X86_PTE_P | X86_PTE_RW | X86_PTE_US;
}

static uint64_t x86_leaf(uint64_t pa, unsigned level, uint32_t perms, unsigned memtype)
{
    uint64_t mask = level == PT_LEVEL_1G   ? X86_PTE_ADDR_MASK_1G
                    : level == PT_LEVEL_2M ? X86_PTE_ADDR_MASK_2M
                                           : X86_PTE_ADDR_MASK;
    uint64_t e = (pa & mask) | X86_PTE_P | x86_pte_memtype_bits(memtype, level);
    if (level != PT_LEVEL_4K)
        e |= X86_PTE_PS;
    if (perms & PT_W)
        e |= X86_PTE_RW;
    if (perms & PT_U)
        e |= X86_PTE_US;
    if (!(perms & PT_X))
        e |= X86_PTE_NX;
    return e;
}

static uint64_t npt_make_leaf(uint64_t pa, unsigned level, uint32_t perms, unsigned memtype)
{
    return x86_leaf(pa, level, perms | PT_U, memtype);
}

static uint64_t host_make_leaf(uint64_t pa, unsigned level, uint32_t perms, unsigned memtype)
{
    return x86_leaf(pa, level, perms, memtype);
}

static bool x86_present(uint64_t e)
{
    return e & X86_PTE_P;
}

/* PS is defined in PDPT and PD entries only; level 1 entries are always leaves. */
static bool x86_is_leaf(uint64_t e, unsigned level)
{
    if (level == PT_LEVEL_4K)
        return true;
    return level <= PT_LEVEL_1G && (e & X86_PTE_PS);
}

static uint64_t x86_addr(uint64_t e, unsigned level)
{
    if (level == PT_LEVEL_1G && (e & X86_PTE_PS))
        return e & X86_PTE_ADDR_MASK_1G;
    if (level == PT_LEVEL_2M && (e & X86_PTE_PS))
        return e & X86_PTE_ADDR_MASK_2M;
    return e & X86_PTE_ADDR_MASK;
}

/* Present x86 entries are always readable. */
static uint32_t npt_perms(uint64_t e)
{
    uint32_t p = PT_R;
    if (e & X86_PTE_RW)
        p |= PT_W;
    if (!(e & X86_PTE_NX))
        p |= PT_X;
    return p;
}

static uint32_t host_perms(uint64_t e)
{
    return npt_perms(e) | (e & X86_PTE_US ? PT_U : 0);
}

/* x86 cannot express write-only or execute-only: R is implied by P. */
static bool npt_perms_ok(uint32_t perms)
{
    return (perms & PT_R) && !(perms & PT_U);
}

static bool host_perms_ok(uint32_t perms)
{
    return perms & PT_R;
}

const struct pt_format pt_fmt_npt = {
    .name = "npt",
    .make_table = x86_make_table,
    .make_leaf = npt_make_leaf,
    .present = x86_present,
    .is_leaf = x86_is_leaf,
    .addr = x86_addr,
    .perms = npt_perms,
    .memtype = x86_memtype,
    .perms_ok = npt_perms_ok,
    .large_1g = true,
    .canonical_va = false,
};

const struct pt_format pt_fmt_x86_host = {
    .name = "x86-host",
    .make_table = x86_make_table,
    .make_leaf = host_make_leaf,
    .present = x86_present,
    .is_leaf = x86_is_leaf,
    .addr = x86_addr,
    .perms = host_perms,
    .memtype = x86_memtype,
    .perms_ok = host_perms_ok,
    .large_1g = true,
    .canonical_va = true,
};
