/* x86-64 long-mode page-table entries, as used by AMD nested paging and by
 * host paging (cpu/host_pte.h re-exports this header).
 *
 * AMD NPT walks ordinary long-mode tables (APM vol. 2 §15.25.5 "Nested Table
 * Walk"): the same bits as host 4-level paging (APM vol. 2 §5.4, §5.3.3), with
 * two twists handled by pt_fmt_npt:
 * - every guest access counts as a user access in the nested walk (§15.25.5),
 *   so every nested entry needs US = 1 or the guest's first walk faults
 *   forever (measured on QEMU, platform.md);
 * - the nested walk uses the host's paging controls, so NX needs the host's
 *   EFER.NXE = 1 and 1 GiB leaves need CPUID Fn8000_0001 EDX[26] (Page1GB). */
#ifndef QV_ARCH_NPT_FORMAT_H
#define QV_ARCH_NPT_FORMAT_H
#include "core/mm/pgtable.h"

/* Entry bits (APM vol. 2 §5.4.1 figures 5-18..5-23; SDM vol. 3A §4.5 tables 4-15..4-20). */
#define X86_PTE_P (1ull << 0)        /* present */
#define X86_PTE_RW (1ull << 1)       /* writable */
#define X86_PTE_US (1ull << 2)       /* user */
#define X86_PTE_PWT (1ull << 3)      /* PAT index bit 0 */
#define X86_PTE_PCD (1ull << 4)      /* PAT index bit 1 */
#define X86_PTE_A (1ull << 5)        /* accessed */
#define X86_PTE_D (1ull << 6)        /* dirty (leaves) */
#define X86_PTE_PS (1ull << 7)       /* large page, in PDPT and PD entries */
#define X86_PTE_PAT_4K (1ull << 7)   /* PAT index bit 2, in 4 KiB leaves */
#define X86_PTE_G (1ull << 8)        /* global (host paging, leaves) */
#define X86_PTE_PAT_LARGE (1ull << 12) /* PAT index bit 2, in 2 MiB/1 GiB leaves */
#define X86_PTE_NX (1ull << 63)      /* no execute (needs EFER.NXE) */
#define X86_PTE_ADDR_MASK 0x000ffffffffff000ull     /* bits 51:12 */
#define X86_PTE_ADDR_MASK_2M 0x000fffffffe00000ull  /* bits 51:21 */
#define X86_PTE_ADDR_MASK_1G 0x000fffffc0000000ull  /* bits 51:30 */

/* Memory types are chosen through the PAT index {PAT, PCD, PWT} of a leaf
 * (APM vol. 2 §7.8.2), so the PAT MSR contents decide what each index means.
 * QuantaVirt programs MSR_PAT (0x277) with X86_PAT_QV: entries 0..3 keep their
 * power-on values (WB, WT, UC-, UC), so entries with PAT = 0 mean the same
 * before and after; entries 4 and 5 become WC and WP. For NPT the same index
 * is looked up in the host PAT MSR (APM vol. 2 §15.25.8). */
#define X86_MSR_PAT 0x277u
#define X86_PAT_QV 0x0007050100070406ull
#define X86_PAT_IDX_WB 0u
#define X86_PAT_IDX_WT 1u
#define X86_PAT_IDX_UC 3u
#define X86_PAT_IDX_WC 4u
#define X86_PAT_IDX_WP 5u

/* Leaf memory-type bits for a PT_MT_* type at a level; ~0 if unknown type. */
uint64_t x86_pte_memtype_bits(unsigned memtype, unsigned level);

/* AMD nested page tables: U forced on every entry, PT_U not accepted. */
extern const struct pt_format pt_fmt_npt;
/* Host long-mode paging: canonical virtual addresses, U from PT_U. */
extern const struct pt_format pt_fmt_x86_host;

#endif
