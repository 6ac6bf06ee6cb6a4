/* Guest CPUID policy. Host values pass through except where the guest must
 * not see a feature the hypervisor does not virtualize (SVM/VMX: no nested
 * virtualization yet; x2APIC: not emulated yet; MONITOR/MWAIT: intercepted)
 * and where the hypervisor identifies itself (hypervisor bit, leaves
 * 0x40000000+; the convention of Intel SDM vol. 2A CPUID "leaf 40000000H"
 * reserved for hypervisors and AMD's CPUID specification). */
#include "core/exit/cpuid.h"
#include "lib/string.h"

#define L1_ECX_MONITOR BIT(3)
#define L1_ECX_VMX BIT(5)
#define L1_ECX_X2APIC BIT(21)
#define L1_ECX_OSXSAVE BIT(27)
#define L1_ECX_HYPERVISOR BIT(31)
#define L7_ECX_WAITPKG BIT(5)
#define E1_ECX_SVM BIT(2)

struct cpuid_result cpuid_guest(const struct cpuid_ctx *c, uint32_t leaf, uint32_t sub)
{
    struct cpuid_result r = { 0, 0, 0, 0 };
    if (leaf >= CPUID_HV_BASE && leaf < CPUID_HV_BASE + 0x100) {
        if (leaf == CPUID_HV_BASE) {
            static const char sig[12] = "QuantaVirt\0\0";
            r.eax = CPUID_HV_VERSION;
            memcpy(&r.ebx, sig, 4);
            memcpy(&r.ecx, sig + 4, 4);
            memcpy(&r.edx, sig + 8, 4);
        } else if (leaf == CPUID_HV_VERSION) {
            r.eax = (QV_HV_VERSION_MAJOR << 16) | QV_HV_VERSION_MINOR;
        }
        return r;
    }
    uint32_t max_basic = c->max_basic ? c->max_basic : c->host(0, 0).eax;
    uint32_t max_ext = c->max_ext ? c->max_ext : c->host(0x80000000, 0).eax;
    if ((leaf < 0x80000000 && leaf > max_basic) || (leaf >= 0x80000000 && leaf > max_ext))
        return r; /* out of range: zeros, a documented choice (AMD returns zeros) */
    r = c->host(leaf, sub);
    switch (leaf) {
    case 1:
        r.ecx &= ~(L1_ECX_VMX | L1_ECX_X2APIC | L1_ECX_MONITOR | L1_ECX_OSXSAVE);
        if (c->guest_osxsave && (r.ecx & BIT(26)))
            r.ecx |= L1_ECX_OSXSAVE;
        r.ecx |= L1_ECX_HYPERVISOR;
        /* EBX: initial APIC ID (31:24) = vCPU id; logical processor count (23:16). */
        r.ebx = (r.ebx & 0x0000ffffu) | (c->vcpu_id << 24) | ((c->nr_vcpus & 0xff) << 16);
        break;
    case 5: /* MONITOR/MWAIT leaf: hidden with the feature */
        r = (struct cpuid_result){ 0, 0, 0, 0 };
        break;
    case 7:
        if (sub == 0)
            r.ecx &= ~L7_ECX_WAITPKG;
        break;
    case 0xB: /* x2APIC topology: only meaningful with x2APIC */
        r = (struct cpuid_result){ 0, 0, 0, 0 };
        break;
    case 0x80000001:
        r.ecx &= ~E1_ECX_SVM;
        break;
    case 0x8000000A: /* SVM features: none without nested virtualization */
        r = (struct cpuid_result){ 0, 0, 0, 0 };
        break;
    default:
        break;
    }
    return r;
}
