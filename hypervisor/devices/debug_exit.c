/* Test-exit port device; see debug_exit.h. */
#include "devices/debug_exit.h"
#include "core/vm/vm.h"

static void exit_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    (void)v;
    (void)off;
    (void)size;
    vm_end(ctx, VM_END_EXIT_PORT, (int)(uint32_t)val);
}

static const struct io_ops exit_ops = { NULL, exit_write };

int debug_exit_attach(struct vm *vm, struct iobus *bus)
{
    return iobus_register_pio(bus, DEBUG_EXIT_PORT, 4, &exit_ops, vm, "debug-exit");
}
