/* Generic VM-exit handlers. Each returns EXIT_CONTINUE to re-enter the guest
 * or EXIT_VM_ENDED after vm_end() (the guest did something that ends its VM).
 * The dispatch table is in exit_table.c. */
#ifndef QV_CORE_EXIT_HANDLERS_H
#define QV_CORE_EXIT_HANDLERS_H
#include "core/vm/vcpu.h"

#define EXIT_CONTINUE 0
#define EXIT_VM_ENDED 1

typedef int (*exit_handler_fn)(struct vcpu *v, struct vm_exit *e);
int exit_dispatch(struct vcpu *v, struct vm_exit *e);

int handle_cpuid(struct vcpu *v, struct vm_exit *e);
int handle_io(struct vcpu *v, struct vm_exit *e);
int handle_msr_read(struct vcpu *v, struct vm_exit *e);
int handle_msr_write(struct vcpu *v, struct vm_exit *e);
int handle_hlt(struct vcpu *v, struct vm_exit *e);
int handle_hypercall(struct vcpu *v, struct vm_exit *e);
int handle_npf(struct vcpu *v, struct vm_exit *e);
int handle_cr_write(struct vcpu *v, struct vm_exit *e);
int handle_xsetbv(struct vcpu *v, struct vm_exit *e);

/* Shared helpers. */
/* Advance RIP past the exiting instruction; ends the VM if its length is unknown. */
int exit_skip_insn(struct vcpu *v, const struct vm_exit *e);
void exit_inject_exception(struct vcpu *v, uint8_t vector, bool has_error, uint32_t error);
/* Stop the VM with a diagnostic (reason, registers, last exits). */
int exit_end_vm(struct vcpu *v, int reason, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* True when the guest runs 64-bit code (CS.L with EFER.LMA). */
bool vcpu_in_long_mode(struct vcpu *v);
#endif
