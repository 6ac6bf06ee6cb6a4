/* cpuid: the hypervisor's CPUID view. Leaf 0x40000000 names QuantaVirt
 * (signature in EBX, ECX, EDX), leaf 1 ECX bit 31 says "running under a
 * hypervisor", and the virtualization extensions are hidden from the guest
 * (leaf 1 ECX bit 5 VMX, leaf 0x80000001 ECX bit 2 SVM). */
#include "arch.h"
#include "console.h"
#include "rt.h"
#include "test.h"

#define LEAF_HV_BASE 0x40000000u
#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID81_ECX_SVM (1u << 2)

int guest_main(void)
{
    struct cpuid_regs r1 = cpuid(1, 0);
    test_check("cpuid-hypervisor-bit", r1.ecx & CPUID1_ECX_HYPERVISOR, "leaf 1 ECX 0x%x", r1.ecx);
    test_check("cpuid-vmx-hidden", !(r1.ecx & CPUID1_ECX_VMX), "leaf 1 ECX 0x%x", r1.ecx);

    struct cpuid_regs hv = cpuid(LEAF_HV_BASE, 0);
    char sig[13];
    memcpy(sig, &hv.ebx, 4);
    memcpy(sig + 4, &hv.ecx, 4);
    memcpy(sig + 8, &hv.edx, 4);
    sig[12] = 0;
    test_check("cpuid-signature", !memcmp(sig, "QuantaVirt\0\0", 12),
               "EBX,ECX,EDX 0x%08x 0x%08x 0x%08x (\"%s\")", hv.ebx, hv.ecx, hv.edx, sig);
    test_check("cpuid-hv-max-leaf", hv.eax >= LEAF_HV_BASE + 1 && hv.eax < LEAF_HV_BASE + 0x100,
               "EAX 0x%x", hv.eax);

    struct cpuid_regs ext = cpuid(0x80000000u, 0);
    if (ext.eax >= 0x80000001u) {
        struct cpuid_regs e1 = cpuid(0x80000001u, 0);
        test_check("cpuid-svm-hidden", !(e1.ecx & CPUID81_ECX_SVM), "leaf 0x80000001 ECX 0x%x",
                   e1.ecx);
    } else {
        test_skip("cpuid-svm-hidden", "no leaf 0x80000001");
    }
    return test_summary();
}
