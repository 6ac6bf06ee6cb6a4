/* Host paging entries. Host 4-level paging (APM vol. 2 §5.3-5.4, SDM vol. 3A
 * §4.5) uses the very format AMD nested paging does, so the bit constants
 * (X86_PTE_*), the PAT layout (X86_PAT_QV, to be written to X86_MSR_PAT) and
 * the engine format live in one place, npt/npt_format.h, re-exported here.
 *
 * Host tables built with the generic engine use pt_fmt_x86_host: canonical
 * virtual addresses, U only with PT_U, NX unless PT_X (needs EFER.NXE),
 * 1 GiB leaves only when CPUID Fn8000_0001 EDX[26] is set (otherwise call
 * pt_limit_leaf_level(pt, PT_LEVEL_2M)). */
#ifndef QV_ARCH_HOST_PTE_H
#define QV_ARCH_HOST_PTE_H
#include "arch/x86_64/npt/npt_format.h"

#define host_pt_format pt_fmt_x86_host

#endif
