/* Machine stop: in test mode, QEMU's isa-debug-exit device (iobase 0xf4) ends
 * the emulator with status (code << 1) | 1; otherwise the CPU halts. */
#include "core/debug/backtrace.h"
#include "core/debug/panic.h"
#include "drivers/serial/uart16550.h"
#include "arch/x86_64/cpu/x86.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

static bool test_mode;

void machine_set_test_mode(bool on) { test_mode = on; }
bool machine_test_mode(void) { return test_mode; }

__noreturn void machine_halt(int exit_code)
{
    cli();
    hostuart_drain(COM1_PORT);
    if (test_mode)
        outl(ISA_DEBUG_EXIT_PORT, (uint32_t)exit_code);
    arch_halt_forever();
}
