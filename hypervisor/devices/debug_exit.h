/* Test-exit port (the isa-debug-exit convention of hypervisor test suites,
 * platform.md): a write of 1, 2 or 4 bytes to port 0xf4 ends the VM with
 * that value as its exit code. */
#ifndef QV_DEVICES_DEBUG_EXIT_H
#define QV_DEVICES_DEBUG_EXIT_H
#include "core/vm/iobus.h"
#define DEBUG_EXIT_PORT 0xf4
int debug_exit_attach(struct vm *vm, struct iobus *bus);
#endif
