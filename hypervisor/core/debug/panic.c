/* panic() and machine_halt(); see panic.h. */
#include "core/debug/panic.h"
#include "core/debug/backtrace.h"
#include "core/log/console.h"
#include "lib/printf.h"
#include "lib/printk.h"

static volatile int panic_count;

__noreturn void panic(const char *fmt, ...)
{
    arch_irq_disable();
    if (__atomic_fetch_add(&panic_count, 1, __ATOMIC_SEQ_CST) > 0)
        arch_halt_forever(); /* a second CPU (or a nested panic): the first one reports */
    arch_stop_other_cpus();
    log_enter_panic();

    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pr_emerg("PANIC: %s", msg);
    backtrace_here();
    log_dump_ring();
    machine_halt(QV_EXIT_PANIC);
}
