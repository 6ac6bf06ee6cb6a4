/* MSR exits. Everything the guest can reach goes through a known list; an
 * unknown MSR raises #GP in the guest, as on a CPU without it (SDM vol. 2B
 * RDMSR/WRMSR), and never touches a host MSR. */
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/errors.h"
#include "lib/printk.h"

#define MSR_TSC 0x10
#define MSR_PLATFORM_ID 0x17
#define MSR_APIC_BASE_ 0x1B
#define MSR_BIOS_SIGN_ID 0x8B
#define MSR_MTRRCAP 0xFE
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17A
#define MSR_MISC_ENABLE 0x1A0
#define MSR_MTRR_PHYS_FIRST 0x200
#define MSR_MTRR_PHYS_LAST 0x20F
#define MSR_MTRR_DEF_TYPE 0x2FF
#define MSR_PAT 0x277
#define MSR_EFER_ 0xC0000080
#define MSR_TSC_AUX 0xC0000103
#define MSR_AMD_HWCR 0xC0010015
#define MSR_AMD_SYSCFG 0xC0010010

#define APIC_BASE_BSP BIT(8)
#define APIC_BASE_EN BIT(11)
#define EFER_GUEST_WRITABLE (EFER_SCE | EFER_LME | EFER_NXE)

static bool pat_valid(uint64_t pat)
{
    for (int i = 0; i < 8; i++) {
        uint8_t t = (uint8_t)(pat >> (i * 8));
        if (t == 2 || t == 3 || t > 7) /* reserved memory types (SDM vol. 3A §13.12.2) */
            return false;
    }
    return true;
}

int handle_msr_read(struct vcpu *v, struct vm_exit *e)
{
    struct vcpu_regs *r = &v->regs;
    struct vcpu_sregs s;
    vm_engine->get_sregs(v, &s);
    uint64_t val;
    uint32_t idx = e->msr.index;
    const struct vm_irqchip *chip = v->vm->irqchip;
    int crc = chip && chip->msr ? chip->msr(chip->ctx, v, false, idx, &val) : QV_ERR_NOENT;
    if (crc == QV_OK)
        goto done;
    if (crc != QV_ERR_NOENT) {
        exit_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    switch (idx) {
    case MSR_TSC: val = rdtsc(); break;
    case MSR_EFER_: val = s.efer; break;
    case MSR_APIC_BASE_:
        val = 0xFEE00000ull | APIC_BASE_EN | (v->id == 0 ? APIC_BASE_BSP : 0);
        break;
    case MSR_PAT: val = v->msr_pat; break;
    case MSR_PLATFORM_ID: case MSR_BIOS_SIGN_ID: case MSR_MCG_CAP: case MSR_MCG_STATUS:
    case MSR_AMD_HWCR: case MSR_AMD_SYSCFG:
        val = 0;
        break;
    case MSR_MTRRCAP: val = 0; break; /* no variable/fixed MTRRs offered */
    case MSR_MTRR_DEF_TYPE: val = v->msr_mtrr_def_type; break;
    case MSR_MISC_ENABLE: val = 1; /* fast strings */ break;
    case MSR_TSC_AUX: val = v->msr_tsc_aux; break;
    default:
        exit_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
done:
    r->rax = (uint32_t)val;
    r->rdx = val >> 32;
    return exit_skip_insn(v, e);
}

int handle_msr_write(struct vcpu *v, struct vm_exit *e)
{
    struct vcpu_regs *r = &v->regs;
    struct vcpu_sregs s;
    vm_engine->get_sregs(v, &s);
    uint64_t val = ((r->rdx & 0xffffffffu) << 32) | (r->rax & 0xffffffffu);
    bool gp = false;
    const struct vm_irqchip *chip = v->vm->irqchip;
    int crc = chip && chip->msr ? chip->msr(chip->ctx, v, true, e->msr.index, &val) : QV_ERR_NOENT;
    if (crc != QV_ERR_NOENT) {
        if (crc != QV_OK) {
            exit_inject_exception(v, 13, true, 0);
            return EXIT_CONTINUE;
        }
        return exit_skip_insn(v, e);
    }
    switch (e->msr.index) {
    case MSR_EFER_: {
        /* LME may only change while paging is off (APM vol. 2 §14.6.1). */
        bool paging = s.cr0 & CR0_PG;
        if ((val & ~(EFER_GUEST_WRITABLE | EFER_LMA)) ||
            (paging && ((val ^ s.efer) & EFER_LME)))
            gp = true;
        else
            vm_engine->set_efer(v, (val & EFER_GUEST_WRITABLE) | (s.efer & EFER_LMA));
        break;
    }
    case MSR_PAT:
        if (!pat_valid(val))
            gp = true;
        else
            v->msr_pat = val;
        break;
    case MSR_APIC_BASE_:
        /* Relocation and x2APIC mode come with the LAPIC model; accept the
         * architectural default and enable/disable only. */
        if ((val & ~(APIC_BASE_EN | APIC_BASE_BSP | 0xFFFFF000ull)) ||
            (val & 0xFFFFF000ull) != 0xFEE00000ull)
            gp = true;
        break;
    case MSR_MTRR_DEF_TYPE:
        v->msr_mtrr_def_type = val & 0xCFF;
        break;
    case MSR_TSC_AUX:
        if (val >> 32)
            gp = true;
        else
            v->msr_tsc_aux = val;
        break;
    case MSR_MISC_ENABLE: case MSR_BIOS_SIGN_ID: case MSR_MCG_STATUS:
        break; /* accepted and ignored, as KVM does */
    default:
        if (e->msr.index >= MSR_MTRR_PHYS_FIRST && e->msr.index <= MSR_MTRR_PHYS_LAST)
            break; /* no variable MTRRs are offered (MTRRCAP.VCNT = 0): ignore */
        gp = true;
        break;
    }
    if (gp) {
        exit_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    return exit_skip_insn(v, e);
}
