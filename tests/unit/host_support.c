/* What host builds of kernel code need from the kernel environment:
 * printk goes to stdout (silenced in fuzzers, which run millions of inputs). */
#include <stdio.h>
#include "lib/printk.h"

void vprintk(int level, const char *fmt, va_list ap)
{
#ifdef QV_FUZZ
    (void)level; (void)fmt; (void)ap;
#else
    printf("  [log %d] ", level);
    vprintf(fmt, ap);
#endif
}

void printk(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}
