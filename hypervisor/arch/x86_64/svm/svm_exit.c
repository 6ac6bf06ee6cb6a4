/* Translate a VMCB exit into the vendor-neutral struct vm_exit. */
#include "arch/x86_64/svm/svm_vcpu.h"
#include "arch/x86_64/cpu/features.h"

/* Without NRIP save (QEMU TCG) the length of the exiting instruction comes
 * from its encoding: the instructions below have no operands (CPUID 0F A2,
 * HLT F4, RDMSR/WRMSR 0F 32/30, INVD 0F 08, XSETBV and the SVM instructions
 * 0F 01 xx). A prefixed form (legal, never emitted by compilers) would be
 * mis-stepped; IOIO gets its next RIP from EXITINFO2 (APM vol. 2 §15.10.2). */
void svm_decode_exit(struct vcpu *v, struct vm_exit *e)
{
    struct svm_vcpu *s = to_svm(v);
    const struct vmcb_control *c = &s->vmcb->control;
    uint64_t code = c->exitcode;
    uint8_t len = 0;
    e->vendor_code = code;
    e->rip = v->regs.rip;

    switch (code) {
    case VMEXIT_CPUID: e->reason = EXIT_CPUID; len = 2; break;
    case VMEXIT_HLT: e->reason = EXIT_HLT; len = 1; break;
    case VMEXIT_VMMCALL: e->reason = EXIT_HYPERCALL; len = 3; break;
    case VMEXIT_SHUTDOWN: e->reason = EXIT_SHUTDOWN; break;
    case VMEXIT_INTR: e->reason = EXIT_INTR; break;
    case VMEXIT_NMI: case VMEXIT_SMI: e->reason = EXIT_NMI; break;
    case VMEXIT_VINTR: e->reason = EXIT_INTR_WINDOW; break;
    case VMEXIT_XSETBV: e->reason = EXIT_XSETBV; len = 3; break;
    case VMEXIT_INVD: e->reason = EXIT_INVD; len = 2; break;
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
        len = 3;
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
        if (c->exitinfo2 > e->rip && c->exitinfo2 - e->rip <= 15)
            len = (uint8_t)(c->exitinfo2 - e->rip);
        break;
    }
    case VMEXIT_MSR:
        e->reason = c->exitinfo1 ? EXIT_MSR_WRITE : EXIT_MSR_READ;
        e->msr.index = (uint32_t)v->regs.rcx;
        len = 2;
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
    /* The CPU's own next RIP, when it saves one, wins over the table. */
    if (boot_cpu.nrips && c->next_rip > e->rip && c->next_rip - e->rip <= 15)
        len = (uint8_t)(c->next_rip - e->rip);
    e->insn_len = len;
}
