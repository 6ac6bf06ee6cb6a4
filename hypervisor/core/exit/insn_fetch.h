/* Fetch the bytes of the guest instruction at a RIP (for exits that come
 * without instruction bytes: QEMU's SVM has no decode assists). */
#ifndef QV_CORE_EXIT_INSN_FETCH_H
#define QV_CORE_EXIT_INSN_FETCH_H
#include "core/vm/vcpu.h"
int guest_fetch_insn(struct vcpu *v, uint64_t rip, uint8_t buf[15], size_t *got);
#endif
