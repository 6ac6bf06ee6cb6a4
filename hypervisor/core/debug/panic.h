/* panic(): a broken hypervisor invariant. Never for guest-caused errors (those
 * stop the VM). Prints the message, a backtrace and the log ring, stops the
 * other CPUs, then halts (exiting QEMU with QV_EXIT_PANIC in test mode). */
#ifndef QV_CORE_PANIC_H
#define QV_CORE_PANIC_H
#include "lib/types.h"

/* Exit codes written to the isa-debug-exit port in test mode
 * (QEMU exits with status (code << 1) | 1). */
enum qv_exit_code {
    QV_EXIT_SUCCESS = 0x00,
    QV_EXIT_NOVMX = 0x03,
    QV_EXIT_EXCEPTION = 0x10,
    QV_EXIT_PANIC = 0x11,
    QV_EXIT_TEST_FAILED = 0x12,
};

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
/* Stop this machine: drain the console, exit QEMU in test mode, else halt. */
__noreturn void machine_halt(int exit_code);
void machine_set_test_mode(bool on);
bool machine_test_mode(void);
#endif
