/* The exit dispatch table (style.md "exit dispatch as a table"): one handler
 * per vendor-neutral reason; counters are kept by the vCPU loop. */
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "lib/printk.h"

static int handle_nothing(struct vcpu *v, struct vm_exit *e)
{
    /* Physical interrupts and NMIs were taken by the host on the way out. */
    (void)v;
    (void)e;
    return EXIT_CONTINUE;
}

static int handle_shutdown(struct vcpu *v, struct vm_exit *e)
{
    (void)e;
    return exit_end_vm(v, VM_END_SHUTDOWN, "triple fault (shutdown)");
}

static int handle_virt_insn(struct vcpu *v, struct vm_exit *e)
{
    /* SVM/VMX instructions: no nested virtualization yet, so they do not
     * exist for the guest (CPUID hides them): #UD, as on a CPU without SVM. */
    (void)e;
    exit_inject_exception(v, 6, false, 0);
    return EXIT_CONTINUE;
}

static int handle_invd(struct vcpu *v, struct vm_exit *e)
{
    /* INVD would drop dirty lines of memory the guest shares with others:
     * treat it as WBINVD, which is always safe (and a no-op for us). */
    return exit_skip_insn(v, e);
}

static int handle_intr_window(struct vcpu *v, struct vm_exit *e)
{
    (void)e;
    vm_engine->request_intr_window(v, false);
    return EXIT_CONTINUE;
}

static int handle_entry_failed(struct vcpu *v, struct vm_exit *e)
{
    return exit_end_vm(v, VM_END_ENTRY_FAILED, "the CPU refused the guest state (exit code 0x%llx)",
                       (unsigned long long)e->vendor_code);
}

static int handle_unknown(struct vcpu *v, struct vm_exit *e)
{
    return exit_end_vm(v, VM_END_UNHANDLED, "unhandled exit %s (vendor code 0x%llx)",
                       exit_reason_name(e->reason), (unsigned long long)e->vendor_code);
}

static const exit_handler_fn exit_table[EXIT_REASON_MAX] = {
    [EXIT_CPUID] = handle_cpuid,
    [EXIT_IO] = handle_io,
    [EXIT_MSR_READ] = handle_msr_read,
    [EXIT_MSR_WRITE] = handle_msr_write,
    [EXIT_HLT] = handle_hlt,
    [EXIT_HYPERCALL] = handle_hypercall,
    [EXIT_NPF] = handle_npf,
    [EXIT_SHUTDOWN] = handle_shutdown,
    [EXIT_INTR] = handle_nothing,
    [EXIT_NMI] = handle_nothing,
    [EXIT_INTR_WINDOW] = handle_intr_window,
    [EXIT_CR_WRITE] = handle_cr_write,
    [EXIT_VIRT_INSN] = handle_virt_insn,
    [EXIT_XSETBV] = handle_xsetbv,
    [EXIT_INVD] = handle_invd,
    [EXIT_PAUSE] = handle_nothing,
    [EXIT_ENTRY_FAILED] = handle_entry_failed,
};

int exit_dispatch(struct vcpu *v, struct vm_exit *e)
{
    exit_handler_fn fn = e->reason < EXIT_REASON_MAX ? exit_table[e->reason] : NULL;
    return (fn ? fn : handle_unknown)(v, e);
}

static const char *const reason_names[] = {
#define X(e, s) s,
    EXIT_REASONS(X)
#undef X
};

const char *exit_reason_name(enum vm_exit_reason r)
{
    return (unsigned)r < EXIT_REASON_MAX ? reason_names[r] : "?";
}
