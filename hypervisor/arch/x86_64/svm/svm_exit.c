/* Translate a VMCB exit into the vendor-neutral struct vm_exit. */
#include "arch/x86_64/svm/svm_vcpu.h"
#include "arch/x86_64/cpu/features.h"

/* Instruction lengths when the CPU has no NRIP save (QEMU TCG): the encodings
 * the guest can exit on here have no operands. A prefixed form (legal but
 * never emitted by compilers) is re-checked by the generic decoder. */
static uint8_t fixed_len(uint64_t code)
{
    switch (code) {
    case VMEXIT_HLT: return 1;              /* F4 */
    case VMEXIT_CPUID:                      /* 0F A2 */
    case VMEXIT_MSR:                        /* 0F 32 / 0F 30 */
    case VMEXIT_INVD:                       /* 0F 08 */
    case VMEXIT_RDTSC: return 2;            /* 0F 31 */
    case VMEXIT_VMMCALL: case VMEXIT_VMRUN: case VMEXIT_VMLOAD: case VMEXIT_VMSAVE:
    case VMEXIT_STGI: case VMEXIT_CLGI: case VMEXIT_SKINIT: case VMEXIT_INVLPGA:
    case VMEXIT_XSETBV: case VMEXIT_MONITOR: case VMEXIT_MWAIT: case VMEXIT_RDTSCP:
        return 3;                           /* 0F 01 xx */
    default: return 0;
    }
}

void svm_decode_exit(struct vcpu *v, struct vm_exit *e)
{
    struct svm_vcpu *s = to_svm(v);
    const struct vmcb_control *c = &s->vmcb->control;
    uint64_t code = c->exitcode;
    e->vendor_code = code;
    e->rip = s->vmcb->save.rip;
    e->insn_len = 0;
    if (boot_cpu.nrips && c->next_rip > e->rip && c->next_rip - e->rip <= 15)
        e->insn_len = (uint8_t)(c->next_rip - e->rip);
    else
        e->insn_len = fixed_len(code);

    switch (code) {
    case VMEXIT_CPUID: e->reason = EXIT_CPUID; break;
    case VMEXIT_HLT: e->reason = EXIT_HLT; break;
    case VMEXIT_VMMCALL: e->reason = EXIT_HYPERCALL; break;
    case VMEXIT_SHUTDOWN: e->reason = EXIT_SHUTDOWN; break;
    case VMEXIT_INTR: e->reason = EXIT_INTR; break;
    case VMEXIT_NMI: case VMEXIT_SMI: e->reason = EXIT_NMI; break;
    case VMEXIT_VINTR: e->reason = EXIT_INTR_WINDOW; break;
    case VMEXIT_XSETBV: e->reason = EXIT_XSETBV; break;
    case VMEXIT_INVD: e->reason = EXIT_INVD; break;
    case VMEXIT_PAUSE: e->reason = EXIT_PAUSE; break;
    case VMEXIT_CR0_SEL_WRITE:
    case VMEXIT_CR0_WRITE:
        e->reason = EXIT_CR_WRITE;
        e->cr.cr = 0;
        break;
    case VMEXIT_VMRUN: case VMEXIT_VMLOAD: case VMEXIT_VMSAVE: case VMEXIT_STGI:
    case VMEXIT_CLGI: case VMEXIT_SKINIT: case VMEXIT_INVLPGA: case VMEXIT_MONITOR:
    case VMEXIT_MWAIT:
        e->reason = EXIT_VIRT_INSN;
        break;
    case VMEXIT_IOIO: {
        uint64_t i1 = c->exitinfo1;
        e->reason = EXIT_IO;
        e->io.port = (uint16_t)(i1 >> 16);
        e->io.in = i1 & IOIO_TYPE_IN;
        e->io.string = i1 & IOIO_STR;
        e->io.rep = i1 & IOIO_REP;
        e->io.size = (i1 & IOIO_SZ32) ? 4 : (i1 & IOIO_SZ16) ? 2 : 1;
        e->io.addr_size = (i1 & IOIO_A64) ? 64 : (i1 & IOIO_A32) ? 32 : 16;
        /* EXITINFO2 holds the next RIP for IOIO even without NRIP (APM §15.10.2). */
        if (c->exitinfo2 > e->rip && c->exitinfo2 - e->rip <= 15)
            e->insn_len = (uint8_t)(c->exitinfo2 - e->rip);
        break;
    }
    case VMEXIT_MSR:
        e->reason = c->exitinfo1 ? EXIT_MSR_WRITE : EXIT_MSR_READ;
        e->msr.index = (uint32_t)s->gprs.rcx;
        break;
    case VMEXIT_NPF:
        e->reason = EXIT_NPF;
        e->npf.gpa = c->exitinfo2;
        e->npf.present = c->exitinfo1 & NPF_P;
        e->npf.write = c->exitinfo1 & NPF_RW;
        e->npf.fetch = c->exitinfo1 & NPF_ID;
        e->npf.read = !e->npf.write && !e->npf.fetch;
        break;
    case VMEXIT_INVALID:
        e->reason = EXIT_ENTRY_FAILED;
        break;
    default:
        if (code >= VMEXIT_EXCP_BASE && code < VMEXIT_EXCP_BASE + 32) {
            e->reason = EXIT_EXCEPTION;
            e->exc.vector = (uint8_t)(code - VMEXIT_EXCP_BASE);
            e->exc.error = (uint32_t)c->exitinfo1;
        } else {
            e->reason = EXIT_UNKNOWN;
        }
        break;
    }
}
