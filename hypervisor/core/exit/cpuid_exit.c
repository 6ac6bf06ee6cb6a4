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

int handle_cpuid(struct vcpu *v, struct vm_exit *e)
{
    struct vcpu_regs r;
    struct vcpu_sregs s;
    vm_engine->get_regs(v, &r);
    vm_engine->get_sregs(v, &s);
    struct cpuid_ctx c = { host_cpuid, v->id, v->vm->nvcpus, (s.cr4 & BIT(18)) != 0 };
    struct cpuid_result out = cpuid_guest(&c, (uint32_t)r.rax, (uint32_t)r.rcx);
    /* 32-bit results zero-extend into the 64-bit registers. */
    r.rax = out.eax;
    r.rbx = out.ebx;
    r.rcx = out.ecx;
    r.rdx = out.edx;
    vm_engine->set_regs(v, &r);
    return exit_skip_insn(v, e);
}
