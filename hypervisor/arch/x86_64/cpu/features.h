/* CPU identification and the virtualization features QuantaVirt can use. */
#ifndef QV_ARCH_FEATURES_H
#define QV_ARCH_FEATURES_H
#include "lib/types.h"

struct cpu_features {
    char vendor[13];
    char brand[49];
    uint32_t family, model, stepping;
    uint32_t max_leaf, max_ext_leaf;
    bool is_amd, is_intel;
    /* general */
    bool x2apic, tsc_deadline, invariant_tsc, pdpe1gb, nx, xsave, osxsave, rdrand, rdseed,
        hypervisor, apic;
    uint64_t xcr0_supported;
    uint32_t xsave_size; /* bytes for all supported components (CPUID.0xD.0:ECX) */
    /* AMD SVM (CPUID 0x80000001 ECX[2], 0x8000000A; APM vol. 2 §15.4) */
    bool svm, svm_disabled_by_bios, svm_locked;
    uint32_t svm_revision, svm_nasid;
    bool npt, lbrv, svm_lock, nrips, tsc_rate, vmcb_clean, flush_by_asid, decode_assists,
        pause_filter, pause_filter_threshold, avic, vmsave_virt, vgif, x2avic;
    /* Intel VMX (CPUID.1:ECX[5], IA32_VMX_* MSRs; SDM vol. 3D appendix A) */
    bool vmx, vmx_disabled_by_bios;
    bool ept, vpid, unrestricted_guest, ept_2m, ept_1g, ept_ad, posted_interrupts;
};

extern struct cpu_features boot_cpu;
void cpu_features_detect(struct cpu_features *f);
/* True if SVM or VMX can actually be turned on. *why explains when not. */
bool cpu_virt_usable(const struct cpu_features *f, const char **why);
void cpu_features_print(const struct cpu_features *f);
#endif
