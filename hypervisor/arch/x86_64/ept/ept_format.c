/* Intel EPT entries for the generic page-table engine (SDM vol. 3C §29.3). */
#include "arch/x86_64/ept/ept_format.h"

uint64_t ept_make_eptp(uint64_t root_pa, bool ad_enable)
{
    return (root_pa & EPT_ADDR_MASK) | ((uint64_t)EPT_MT_WB << EPTP_MT_SHIFT) | EPTP_WALK_LEN_4 |
           (ad_enable ? EPTP_AD_ENABLE : 0);
}

/* Non-leaf rights are ANDed with the leaf's (§29.3.2), so tables grant all and
 * leave the decision to the leaf. Bits 7:3 of non-leaf entries are reserved. */
static uint64_t ept_make_table(uint64_t pa)
{
    return (pa & EPT_ADDR_MASK) | EPT_RWX;
}

static uint64_t ept_make_leaf(uint64_t pa, unsigned level, uint32_t perms, unsigned memtype)
{
    uint64_t mask = level == PT_LEVEL_1G   ? EPT_ADDR_MASK_1G
                    : level == PT_LEVEL_2M ? EPT_ADDR_MASK_2M
                                           : EPT_ADDR_MASK;
    /* PT_MT_* values equal the EPT encodings (pgtable.h). */
    uint64_t e = (pa & mask) | (((uint64_t)memtype << EPT_MT_SHIFT) & EPT_MT_MASK);
    if (perms & PT_R)
        e |= EPT_R;
    if (perms & PT_W)
        e |= EPT_W;
    if (perms & PT_X)
        e |= EPT_X;
    if (level != PT_LEVEL_4K)
        e |= EPT_LARGE;
    return e;
}

static bool ept_present(uint64_t e)
{
    return e & EPT_RWX;
}

static bool ept_is_leaf(uint64_t e, unsigned level)
{
    if (level == PT_LEVEL_4K)
        return true;
    return level <= PT_LEVEL_1G && (e & EPT_LARGE);
}

static uint64_t ept_addr(uint64_t e, unsigned level)
{
    if (level == PT_LEVEL_1G && (e & EPT_LARGE))
        return e & EPT_ADDR_MASK_1G;
    if (level == PT_LEVEL_2M && (e & EPT_LARGE))
        return e & EPT_ADDR_MASK_2M;
    return e & EPT_ADDR_MASK;
}

static uint32_t ept_perms(uint64_t e)
{
    return (e & EPT_R ? PT_R : 0) | (e & EPT_W ? PT_W : 0) | (e & EPT_X ? PT_X : 0);
}

static unsigned ept_memtype(uint64_t e, unsigned level)
{
    (void)level;
    return (unsigned)((e & EPT_MT_MASK) >> EPT_MT_SHIFT);
}

/* No PT_U; something must be granted (R=W=X=0 is "not present"); write
 * without read is an EPT misconfiguration (§29.3.3.1). */
static bool ept_perms_ok(uint32_t perms)
{
    if (perms & PT_U)
        return false;
    if ((perms & PT_W) && !(perms & PT_R))
        return false;
    return (perms & (PT_R | PT_X)) != 0;
}

const struct pt_format pt_fmt_ept = {
    .name = "ept",
    .make_table = ept_make_table,
    .make_leaf = ept_make_leaf,
    .present = ept_present,
    .is_leaf = ept_is_leaf,
    .addr = ept_addr,
    .perms = ept_perms,
    .memtype = ept_memtype,
    .perms_ok = ept_perms_ok,
    .large_1g = true,
    .canonical_va = false,
};
