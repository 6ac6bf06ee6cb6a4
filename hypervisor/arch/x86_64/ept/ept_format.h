/* Intel EPT paging-structure entries (SDM vol. 3C §29.3.2, figure 29-1 and
 * tables 29-1..29-6) and the EPTP (SDM vol. 3C §25.6.11), for the generic
 * page-table engine (core/mm/pgtable.h) and the VMX engine. */
#ifndef QV_ARCH_EPT_FORMAT_H
#define QV_ARCH_EPT_FORMAT_H
#include "core/mm/pgtable.h"

/* Entry bits. An entry is present when any of bits 2:0 is set (§29.3.2). */
#define EPT_R (1ull << 0)              /* read */
#define EPT_W (1ull << 1)              /* write (W without R is a misconfiguration, §29.3.3.1) */
#define EPT_X (1ull << 2)              /* execute (supervisor-mode execute under MBEC) */
#define EPT_RWX (EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT 3                 /* bits 5:3 memory type, leaves only (§29.3.7) */
#define EPT_MT_MASK (7ull << EPT_MT_SHIFT)
#define EPT_IGNORE_PAT (1ull << 6)     /* leaves: ignore guest PAT */
#define EPT_LARGE (1ull << 7)          /* PDPTE/PDE maps a 1 GiB / 2 MiB page */
#define EPT_ACCESSED (1ull << 8)       /* set by the CPU if EPTP A/D enabled */
#define EPT_DIRTY (1ull << 9)          /* leaves, set by the CPU if EPTP A/D enabled */
#define EPT_X_USER (1ull << 10)        /* user-mode execute, mode-based execute control */
#define EPT_SUPPRESS_VE (1ull << 63)   /* leaves: EPT violations do not become #VE */
#define EPT_ADDR_MASK 0x000ffffffffff000ull     /* bits 51:12 */
#define EPT_ADDR_MASK_2M 0x000fffffffe00000ull  /* bits 51:21 */
#define EPT_ADDR_MASK_1G 0x000fffffc0000000ull  /* bits 51:30 */

/* Memory types in bits 5:3 (§29.3.7); 2, 3 and 7 are reserved (misconfiguration). */
#define EPT_MT_UC 0u
#define EPT_MT_WC 1u
#define EPT_MT_WT 4u
#define EPT_MT_WP 5u
#define EPT_MT_WB 6u

/* EPTP (§25.6.11): memory type for the walk's own accesses (UC or WB), page-walk
 * length minus 1 (3 = 4 levels), A/D enable, PML4 address. */
#define EPTP_MT_SHIFT 0
#define EPTP_WALK_LEN_SHIFT 3
#define EPTP_WALK_LEN_4 (3ull << EPTP_WALK_LEN_SHIFT)
#define EPTP_AD_ENABLE (1ull << 6)

/* IA32_VMX_EPT_VPID_CAP (MSR 0x48C) bits (SDM vol. 3D appendix A.10). */
#define EPT_CAP_EXEC_ONLY (1ull << 0)
#define EPT_CAP_WALK_4 (1ull << 6)
#define EPT_CAP_EPTP_UC (1ull << 8)
#define EPT_CAP_EPTP_WB (1ull << 14)
#define EPT_CAP_2M (1ull << 16)
#define EPT_CAP_1G (1ull << 17)
#define EPT_CAP_INVEPT (1ull << 20)
#define EPT_CAP_AD (1ull << 21)
#define EPT_CAP_INVEPT_SINGLE (1ull << 25)
#define EPT_CAP_INVEPT_ALL (1ull << 26)

/* INVEPT types (SDM vol. 3C §29.4.3.1, INVEPT in vol. 2). */
#define INVEPT_SINGLE_CONTEXT 1u
#define INVEPT_ALL_CONTEXTS 2u

/* EPTP for a 4-level table rooted at root_pa, walked with WB memory type. */
uint64_t ept_make_eptp(uint64_t root_pa, bool ad_enable);

/* EPT for the generic engine: tables grant RWX; leaves carry R/W/X from
 * PT_R/W/X (execute-only needs EPT_CAP_EXEC_ONLY; PT_U is refused), the memory
 * type in bits 5:3 and no IPAT, so the guest PAT still combines (§29.3.7.2). */
extern const struct pt_format pt_fmt_ept;

#endif
