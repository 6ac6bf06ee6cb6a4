/* Architecture hooks used by the generic debug code. */
#ifndef QV_CORE_BACKTRACE_H
#define QV_CORE_BACKTRACE_H
#include "lib/types.h"
/* Print a symbolized call chain starting at the given frame. */
void backtrace_from(uint64_t rip, uint64_t frame_pointer);
void backtrace_here(void);
void arch_irq_disable(void);
__noreturn void arch_halt_forever(void);
void arch_stop_other_cpus(void);
#endif
