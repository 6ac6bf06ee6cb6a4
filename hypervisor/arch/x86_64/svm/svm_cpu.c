/* Per-CPU SVM enablement (APM vol. 2 §15.4 "Enabling SVM"): EFER.SVME and the
 * host save area (VM_HSAVE_PA), plus a page for VMSAVE/VMLOAD of host state. */
#include "arch/x86_64/svm/svm_vcpu.h"
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/mm/kframes.h"
#include "lib/errors.h"

struct svm_cpu {
    uint64_t hsave_pa;
    uint64_t host_vmcb_pa;
};

uint64_t svm_host_vmcb_pa(void)
{
    return ((struct svm_cpu *)this_cpu()->arch_virt)->host_vmcb_pa;
}

int svm_cpu_enable(void)
{
    if (!boot_cpu.svm || boot_cpu.svm_disabled_by_bios)
        return QV_ERR_NOVMX;
    if (!boot_cpu.npt)
        return QV_ERR_UNSUPPORTED; /* nested paging is required (no shadow paging) */
    struct percpu *pc = this_cpu();
    if (pc->arch_virt)
        return QV_OK;
    uint64_t page = kframe_alloc_contig(3, 1);
    if (!page)
        return QV_ERR_NOMEM;
    struct svm_cpu *sc = (struct svm_cpu *)(uintptr_t)(page + 2 * PAGE_SIZE);
    sc->hsave_pa = page;
    sc->host_vmcb_pa = page + PAGE_SIZE;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, sc->hsave_pa);
    fpu_cpu_init();
    /* Snapshot the host state VMLOAD restores after every exit (svm_run.asm). */
    __asm__ volatile("vmsave" : : "a"(sc->host_vmcb_pa) : "memory");
    pc->arch_virt = sc;
    return QV_OK;
}
