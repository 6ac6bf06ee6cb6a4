/* CPUID exits: answer from the guest CPUID policy (cpuid.c). */
#include "core/exit/cpuid.h"
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "arch/x86_64/cpu/x86.h"

static struct cpuid_result host_cpuid(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r = cpuid(leaf, sub);
    return (struct cpuid_result){ r.eax, r.ebx, r.ecx, r.edx };
}

/* The host's highest leaves never change: read them once. */
static uint32_t max_basic, max_ext;

int handle_cpuid(struct vcpu *v, struct vm_exit *e)
{
    if (!max_basic) {
        max_basic = cpuid(0, 0).eax;
        max_ext = cpuid(0x80000000, 0).eax;
    }
    struct vcpu_regs *r = &v->regs;
    struct cpuid_ctx c = { host_cpuid, v->id, v->vm->nvcpus,
                           (vm_engine->get_cr(v, 4) & BIT(18)) != 0, max_basic, max_ext };
    struct cpuid_result out = cpuid_guest(&c, (uint32_t)r->rax, (uint32_t)r->rcx);
    /* 32-bit results zero-extend into the 64-bit registers. */
    r->rax = out.eax;
    r->rbx = out.ebx;
    r->rcx = out.ecx;
    r->rdx = out.edx;
    return exit_skip_insn(v, e);
}
