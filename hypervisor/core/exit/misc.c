/* HLT, nested page faults, CR0 writes and XSETBV. */
#include "core/exit/emulate.h"
#include "core/exit/handlers.h"
#include "core/exit/insn_fetch.h"
#include "core/vm/engine.h"
#include "core/vm/iobus.h"
#include "core/vm/vm.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/errors.h"

int handle_hlt(struct vcpu *v, struct vm_exit *e)
{
    /* The vCPU sleeps until an interrupt is pending for it; the scheduler runs
     * something else meanwhile (a halted vCPU costs no host CPU time). */
    v->halted = true;
    return exit_skip_insn(v, e);
}

int handle_npf(struct vcpu *v, struct vm_exit *e)
{
    struct iobus *bus = v->vm->devices;
    if (bus && iobus_find_mmio(bus, e->npf.gpa) && !e->npf.fetch)
        return exit_emulate_insn(v, e->npf.gpa); /* device registers: emulate the access */
    return exit_end_vm(v, VM_END_BAD_ACCESS,
                       "guest %s of guest-physical 0x%llx, which the VM does not own",
                       e->npf.fetch ? "instruction fetch" : e->npf.write ? "write" : "read",
                       (unsigned long long)e->npf.gpa);
}

static uint64_t gpr(const struct vcpu_regs *r, unsigned n)
{
    const uint64_t g[16] = { r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
                             r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15 };
    return g[n & 15];
}

/* Validate a new CR0 as MOV CR0 does (SDM vol. 3A §2.5, APM vol. 2 §3.1.1). */
static bool cr0_valid(uint64_t cr0, const struct vcpu_sregs *s)
{
    if (cr0 >> 32)
        return false;
    if ((cr0 & CR0_PG) && !(cr0 & CR0_PE))
        return false;
    if ((cr0 & CR0_NW) && !(cr0 & CR0_CD))
        return false;
    if ((cr0 & CR0_PG) && !(s->cr0 & CR0_PG) && (s->efer & EFER_LME) && !(s->cr4 & CR4_PAE))
        return false;
    return true;
}

int handle_cr_write(struct vcpu *v, struct vm_exit *e)
{
    uint8_t b[15];
    size_t got = 0;
    int rc = guest_fetch_insn(v, e->rip, b, &got);
    if (rc)
        return exit_end_vm(v, VM_END_UNHANDLED, "cannot fetch the CR0 write at 0x%llx: %s",
                           (unsigned long long)e->rip, qv_strerror(rc));
    struct vcpu_regs *r = &v->regs;
    struct vcpu_sregs s;
    vm_engine->get_sregs(v, &s);
    /* Prefixes a compiler may emit before MOV CR: REX (64-bit) and LOCK
     * (AMD's alternate encoding of CR8). Anything else is not a CR0 write. */
    size_t i = 0;
    unsigned rex = 0;
    if (i < got && (b[i] & 0xF0) == 0x40 && vcpu_in_long_mode(v))
        rex = b[i++];
    uint64_t val;
    uint8_t len;
    if (i + 2 < got && b[i] == 0x0F && b[i + 1] == 0x22 && (b[i + 2] >> 6) == 3 &&
        ((b[i + 2] >> 3) & 7) == 0 && !(rex & 4)) {
        /* MOV CR0, r: 0F 22 /r with mod = 11 (SDM vol. 2B "MOV—Move to/from Control Registers"). */
        val = gpr(r, (b[i + 2] & 7) | ((rex & 1) << 3));
        if (!vcpu_in_long_mode(v))
            val &= 0xffffffffu;
        len = (uint8_t)(i + 3);
    } else if (i + 1 < got && b[i] == 0x0F && b[i + 1] == 0x06) {
        val = s.cr0 & ~CR0_TS; /* CLTS */
        len = (uint8_t)(i + 2);
    } else if (i + 2 < got && b[i] == 0x0F && b[i + 1] == 0x01 && (b[i + 2] >> 6) == 3 &&
               ((b[i + 2] >> 3) & 7) == 6) {
        /* LMSW r16: loads PE, MP, EM, TS; cannot clear PE. */
        uint64_t src = gpr(r, (b[i + 2] & 7) | ((rex & 1) << 3)) & 0xF;
        val = (s.cr0 & ~0xEull) | src | (s.cr0 & CR0_PE);
        len = (uint8_t)(i + 3);
    } else {
        return exit_end_vm(v, VM_END_UNHANDLED,
                           "CR0 write by an instruction form not emulated (bytes %02x %02x %02x %02x)",
                           b[0], b[1], b[2], b[3]);
    }
    if (!cr0_valid(val, &s)) {
        exit_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    vm_engine->set_cr(v, 0, val);
    if ((val ^ s.cr0) & (CR0_PG | CR0_WP | CR0_CD))
        vm_engine->flush_tlb(v);
    struct vm_exit done = *e;
    done.insn_len = len;
    return exit_skip_insn(v, &done);
}

int handle_xsetbv(struct vcpu *v, struct vm_exit *e)
{
    /* XSETBV loads XCR0, which the CPU does not switch between host and guest:
     * validate against what the host supports and keep the guest's value
     * (SDM vol. 1 §13.3). The host itself uses no extended state. */
    struct vcpu_regs *r = &v->regs;
    struct vcpu_sregs s;
    vm_engine->get_sregs(v, &s);
    if (!(s.cr4 & CR4_OSXSAVE)) {
        exit_inject_exception(v, 6, false, 0); /* #UD without CR4.OSXSAVE */
        return EXIT_CONTINUE;
    }
    uint64_t val = ((r->rdx & 0xffffffffu) << 32) | (r->rax & 0xffffffffu);
    struct cpuid_regs d = cpuid(0xD, 0);
    uint64_t supported = ((uint64_t)d.edx << 32) | d.eax;
    bool bad = (r->rcx & 0xffffffffu) != 0 || !(val & 1) || (val & ~supported) ||
               ((val & 4) && !(val & 2));
    if (bad) {
        exit_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    /* This vCPU's FPU state is the one loaded on this CPU (it is running). */
    v->fpu->xcr0 = val;
    fpu_load_guest_xcr0(val);
    return exit_skip_insn(v, e);
}
