/* Helpers shared by the exit handlers. */
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "lib/printf.h"
#include "lib/printk.h"

bool vcpu_in_long_mode(struct vcpu *v)
{
    return v->mode64;
}

int exit_skip_insn(struct vcpu *v, const struct vm_exit *e)
{
    if (e->insn_len == 0)
        return exit_end_vm(v, VM_END_UNHANDLED,
                           "cannot find the length of the instruction at 0x%llx (exit %s)",
                           (unsigned long long)e->rip, exit_reason_name(e->reason));
    struct vcpu_regs *r = &v->regs;
    r->rip += e->insn_len;
    if (!v->mode64)
        r->rip &= 0xffffffffu;
    return EXIT_CONTINUE;
}

void exit_inject_exception(struct vcpu *v, uint8_t vector, bool has_error, uint32_t error)
{
    struct vcpu_event ev = { vector, EV_EXCEPTION, has_error, error };
    if (!vm_engine->inject_event(v, &ev))
        pr_warn("vm %s vcpu %u: exception %u dropped: another event is pending", v->vm->name,
                v->id, vector);
}

int exit_end_vm(struct vcpu *v, int reason, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vm_end(v->vm, (enum vm_end_reason)reason, -1);
    vcpu_dump(v, msg);
    return EXIT_VM_ENDED;
}
