/* Port I/O exits: decoded by the engine (port, size, direction), dispatched
 * to the VM's I/O bus. */
#include "core/exit/emulate.h"
#include "core/exit/handlers.h"
#include "core/exit/insn_emulate.h"
#include "core/vm/engine.h"
#include "core/vm/iobus.h"
#include "core/vm/vm.h"

static uint64_t size_mask(unsigned size) { return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1; }

int handle_io(struct vcpu *v, struct vm_exit *e)
{
    struct iobus *bus = v->vm->devices;
    if (e->io.string)
        return exit_emulate_insn(v, EMU_NO_FAULT_GPA); /* INS/OUTS, possibly REP */
    struct vcpu_regs *r = &v->regs;
    uint64_t mask = size_mask(e->io.size);
    if (e->io.in) {
        uint64_t val = iobus_pio_read(bus, v, e->io.port, e->io.size) & mask;
        /* IN AL/AX merges; IN EAX zero-extends into RAX (SDM vol. 1 §3.4.1.1). */
        r->rax = e->io.size == 4 ? val : (r->rax & ~mask) | val;
    } else {
        iobus_pio_write(bus, v, e->io.port, e->io.size, r->rax & mask);
    }
    if (v->vm->state != VM_RUNNING)
        return EXIT_VM_ENDED; /* the write ended the VM (test-exit port) */
    return exit_skip_insn(v, e);
}
