/* Emulating the guest instruction at RIP through the decoder/emulator
 * (insn_decode.c, insn_emulate.c) with this vCPU's memory and devices: MMIO
 * accesses that fault in the nested page table, and string port I/O. */
#ifndef QV_CORE_EXIT_EMULATE_H
#define QV_CORE_EXIT_EMULATE_H
#include "core/exit/guest_walk.h"
#include "core/vm/vcpu.h"
/* fault_gpa: the #NPF address, or EMU_NO_FAULT_GPA for port I/O. Returns
 * EXIT_CONTINUE (done, or an exception was injected) or EXIT_VM_ENDED. */
int exit_emulate_insn(struct vcpu *v, uint64_t fault_gpa);
/* The guest_mem_ops for this vCPU's VM (guest page walks). */
void vcpu_guest_mem(struct vcpu *v, struct guest_mem_ops *ops);
#endif
