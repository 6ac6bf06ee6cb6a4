/* CPUID / MSR feature detection. */
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/printf.h"
#include "lib/printk.h"
#include "lib/string.h"

struct cpu_features boot_cpu;

#define VM_CR_LOCK BIT(3)
#define VM_CR_SVMDIS BIT(4)
#define FEATURE_CONTROL_LOCKED BIT(0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX BIT(2)

static void detect_svm(struct cpu_features *f)
{
    if (f->max_ext_leaf < 0x80000001)
        return;
    struct cpuid_regs e = cpuid(0x80000001, 0);
    f->svm = e.ecx & BIT(2);
    if (!f->svm || f->max_ext_leaf < 0x8000000A)
        return;
    uint64_t vmcr = rdmsr(MSR_VM_CR);
    f->svm_disabled_by_bios = vmcr & VM_CR_SVMDIS;
    f->svm_locked = vmcr & VM_CR_LOCK;
    struct cpuid_regs s = cpuid(0x8000000A, 0);
    f->svm_revision = s.eax & 0xff;
    f->svm_nasid = s.ebx;
    f->npt = s.edx & BIT(0);
    f->lbrv = s.edx & BIT(1);
    f->svm_lock = s.edx & BIT(2);
    f->nrips = s.edx & BIT(3);
    f->tsc_rate = s.edx & BIT(4);
    f->vmcb_clean = s.edx & BIT(5);
    f->flush_by_asid = s.edx & BIT(6);
    f->decode_assists = s.edx & BIT(7);
    f->pause_filter = s.edx & BIT(10);
    f->pause_filter_threshold = s.edx & BIT(12);
    f->avic = s.edx & BIT(13);
    f->vmsave_virt = s.edx & BIT(15);
    f->vgif = s.edx & BIT(16);
    f->x2avic = s.edx & BIT(18);
}

static void detect_vmx(struct cpu_features *f, uint32_t ecx1)
{
    f->vmx = ecx1 & BIT(5);
    if (!f->vmx)
        return;
    uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
    /* Locked without VMXON-outside-SMX means firmware disabled VMX (SDM vol. 3C §24.7). */
    f->vmx_disabled_by_bios = (fc & FEATURE_CONTROL_LOCKED) && !(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
    uint64_t proc = rdmsr(MSR_VMX_PROCBASED_CTLS);
    if (!(proc >> 32 & BIT(31))) /* secondary controls allowed-1 */
        return;
    uint64_t proc2 = rdmsr(MSR_VMX_PROCBASED_CTLS2) >> 32;
    f->ept = proc2 & BIT(1);
    f->vpid = proc2 & BIT(5);
    f->unrestricted_guest = proc2 & BIT(7);
    if (f->ept) {
        uint64_t cap = rdmsr(MSR_VMX_EPT_VPID_CAP);
        f->ept_2m = cap & BIT(16);
        f->ept_1g = cap & BIT(17);
        f->ept_ad = cap & BIT(21);
    }
}

void cpu_features_detect(struct cpu_features *f)
{
    memset(f, 0, sizeof *f);
    struct cpuid_regs r = cpuid(0, 0);
    f->max_leaf = r.eax;
    memcpy(f->vendor + 0, &r.ebx, 4);
    memcpy(f->vendor + 4, &r.edx, 4);
    memcpy(f->vendor + 8, &r.ecx, 4);
    f->is_amd = !memcmp(f->vendor, "AuthenticAMD", 12);
    f->is_intel = !memcmp(f->vendor, "GenuineIntel", 12);

    struct cpuid_regs l1 = cpuid(1, 0);
    uint32_t fam = (l1.eax >> 8) & 0xf, model = (l1.eax >> 4) & 0xf;
    if (fam == 0xf)
        fam += (l1.eax >> 20) & 0xff;
    if (fam >= 6)
        model |= ((l1.eax >> 16) & 0xf) << 4;
    f->family = fam;
    f->model = model;
    f->stepping = l1.eax & 0xf;
    f->x2apic = l1.ecx & BIT(21);
    f->tsc_deadline = l1.ecx & BIT(24);
    f->xsave = l1.ecx & BIT(26);
    f->osxsave = l1.ecx & BIT(27);
    f->rdrand = l1.ecx & BIT(30);
    f->hypervisor = l1.ecx & BIT(31);
    f->apic = l1.edx & BIT(9);
    if (f->max_leaf >= 7)
        f->rdseed = cpuid(7, 0).ebx & BIT(18);
    if (f->xsave && f->max_leaf >= 0xD) {
        struct cpuid_regs d = cpuid(0xD, 0);
        f->xcr0_supported = ((uint64_t)d.edx << 32) | d.eax;
        f->xsave_size = d.ecx;
    }

    f->max_ext_leaf = cpuid(0x80000000, 0).eax;
    if (f->max_ext_leaf >= 0x80000001) {
        struct cpuid_regs e = cpuid(0x80000001, 0);
        f->nx = e.edx & BIT(20);
        f->pdpe1gb = e.edx & BIT(26);
    }
    if (f->max_ext_leaf >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            struct cpuid_regs b = cpuid(0x80000002 + i, 0);
            memcpy(f->brand + 16 * i, &b, 16);
        }
        f->brand[48] = 0;
    }
    if (f->max_ext_leaf >= 0x80000007)
        f->invariant_tsc = cpuid(0x80000007, 0).edx & BIT(8);
    detect_svm(f);
    detect_vmx(f, l1.ecx);
}

bool cpu_virt_usable(const struct cpu_features *f, const char **why)
{
    if (f->svm && !f->svm_disabled_by_bios)
        return true;
    if (f->vmx && !f->vmx_disabled_by_bios)
        return true;
    if (f->svm_disabled_by_bios)
        *why = "AMD SVM is present but disabled by firmware (VM_CR.SVMDIS); enable SVM in the BIOS setup";
    else if (f->vmx_disabled_by_bios)
        *why = "Intel VMX is present but disabled by firmware (IA32_FEATURE_CONTROL locked); enable VT-x in the BIOS setup";
    else
        *why = "this CPU reports neither AMD SVM nor Intel VMX (under QEMU use -cpu qemu64,+svm,+npt)";
    return false;
}

static void flags_append(char *buf, size_t n, const char *name, bool on)
{
    if (!on)
        return;
    size_t len = strlen(buf);
    qv_snprintf(buf + len, n - len, "%s%s", len ? " " : "", name);
}

void cpu_features_print(const struct cpu_features *f)
{
    char b[256] = "";
    pr_info("cpu: %s family %u model %u stepping %u \"%s\"", f->vendor, f->family, f->model,
            f->stepping, f->brand);
    flags_append(b, sizeof b, "apic", f->apic);
    flags_append(b, sizeof b, "x2apic", f->x2apic);
    flags_append(b, sizeof b, "tsc-deadline", f->tsc_deadline);
    flags_append(b, sizeof b, "invariant-tsc", f->invariant_tsc);
    flags_append(b, sizeof b, "nx", f->nx);
    flags_append(b, sizeof b, "1g-pages", f->pdpe1gb);
    flags_append(b, sizeof b, "xsave", f->xsave);
    flags_append(b, sizeof b, "rdrand", f->rdrand);
    flags_append(b, sizeof b, "rdseed", f->rdseed);
    flags_append(b, sizeof b, "hypervisor", f->hypervisor);
    pr_info("cpu: features: %s", b);
    if (f->svm) {
        b[0] = 0;
        flags_append(b, sizeof b, "NPT", f->npt);
        flags_append(b, sizeof b, "NRIP", f->nrips);
        flags_append(b, sizeof b, "LBRV", f->lbrv);
        flags_append(b, sizeof b, "VMCB-clean", f->vmcb_clean);
        flags_append(b, sizeof b, "flush-by-ASID", f->flush_by_asid);
        flags_append(b, sizeof b, "decode-assists", f->decode_assists);
        flags_append(b, sizeof b, "pause-filter", f->pause_filter);
        flags_append(b, sizeof b, "TSC-scaling", f->tsc_rate);
        flags_append(b, sizeof b, "AVIC", f->avic);
        flags_append(b, sizeof b, "x2AVIC", f->x2avic);
        flags_append(b, sizeof b, "vGIF", f->vgif);
        flags_append(b, sizeof b, "vVMSAVE", f->vmsave_virt);
        pr_info("cpu: SVM rev %u, %u ASIDs%s: %s", f->svm_revision, f->svm_nasid,
                f->svm_disabled_by_bios ? " (DISABLED by firmware)" : "", b);
    }
    if (f->vmx) {
        b[0] = 0;
        flags_append(b, sizeof b, "EPT", f->ept);
        flags_append(b, sizeof b, "EPT-2M", f->ept_2m);
        flags_append(b, sizeof b, "EPT-1G", f->ept_1g);
        flags_append(b, sizeof b, "EPT-A/D", f->ept_ad);
        flags_append(b, sizeof b, "VPID", f->vpid);
        flags_append(b, sizeof b, "unrestricted-guest", f->unrestricted_guest);
        pr_info("cpu: VMX%s: %s", f->vmx_disabled_by_bios ? " (DISABLED by firmware)" : "", b);
    }
}
