/* Emulation of the decoded instructions an MMIO access (#NPF) or a port I/O
 * exit leaves to the hypervisor: MOV family, MOVZX/MOVSX/MOVSXD, ALU ops
 * (ADD OR ADC SBB AND SUB XOR CMP), TEST, XCHG, NOT, NEG, BT/BTS/BTR/BTC,
 * MOVS/STOS/LODS/INS/OUTS
 * (with REP) and IN/OUT. Architectural effects follow SDM vol. 2 per
 * instruction; flags per SDM vol. 1 §3.4.3 and Appendix A. */
#ifndef QV_CORE_EXIT_INSN_EMULATE_H
#define QV_CORE_EXIT_INSN_EMULATE_H
#include "core/exit/guest_access.h"
#include "core/exit/insn_decode.h"
#include "core/vm/vcpu.h"

/* fault_gpa value when the exit was not a memory fault (e.g. IOIO). */
#define EMU_NO_FAULT_GPA (~0ull)

/* REP string instructions: at most this many iterations per call. */
#define EMU_REP_BATCH 256

struct emu_ops {
    void *ctx;
    /* Device side of the faulting access (gpa is inside fault_gpa's page). */
    int (*mmio_read)(void *ctx, uint64_t gpa, unsigned size, uint64_t *val);
    int (*mmio_write)(void *ctx, uint64_t gpa, unsigned size, uint64_t val);
    /* Port I/O (IN/OUT/INS/OUTS); size 1, 2 or 4. */
    int (*pio_in)(void *ctx, uint16_t port, unsigned size, uint32_t *val);
    int (*pio_out)(void *ctx, uint16_t port, unsigned size, uint32_t val);
    /* Guest memory by linear address (the non-MMIO side of string
     * instructions); typically guest_read_linear / guest_write_linear.
     * Return QV_ERR_FAULT with *exc filled to make the guest take it. */
    int (*mem_read)(void *ctx, uint64_t linear, void *buf, unsigned size, struct guest_exception *exc);
    int (*mem_write)(void *ctx, uint64_t linear, const void *buf, unsigned size,
                     struct guest_exception *exc);
    /* Linear -> guest-physical (typically guest_walk); access is GW_READ or
     * GW_WRITE. Needed only for MOVS with a fault_gpa: it tells which of the
     * two memory operands is the MMIO one. */
    int (*translate)(void *ctx, uint64_t linear, unsigned access, uint64_t *gpa,
                     struct guest_exception *exc);
    /* Guest-physical address of the faulting access (#NPF EXITINFO2), or
     * EMU_NO_FAULT_GPA. With a fault address the single memory operand of an
     * instruction is the MMIO one; without, every memory operand goes through
     * mem_read / mem_write. */
    uint64_t fault_gpa;
    /* Out: the exception to inject when QV_ERR_FAULT is returned. */
    struct guest_exception *exc;
};

/* Emulate one decoded instruction (in->mode must be the guest's code mode).
 * On success updates GPRs, RFLAGS and RIP (+= in->len, wrapping at the code
 * size) and returns 0. Registers are only written back when the instruction
 * (or, for REP, at least one iteration) completed.
 *
 * REP string instructions run up to EMU_REP_BATCH iterations per call, and
 * for an MMIO operand only while it stays in the faulting page; RIP moves
 * past the instruction only when the count reaches 0, otherwise the guest
 * re-executes it with the updated RCX/RSI/RDI (restartable as on hardware).
 *
 * Returns QV_ERR_FAULT (inject *ops->exc; progress of completed REP
 * iterations is kept), QV_ERR_UNSUPPORTED (not an emulated instruction),
 * QV_ERR_STATE (the memory operand does not match fault_gpa), or a callback's
 * error. */
int insn_emulate(const struct insn *in, struct vcpu_regs *regs, const struct vcpu_sregs *s,
                 const struct emu_ops *ops);

#endif
