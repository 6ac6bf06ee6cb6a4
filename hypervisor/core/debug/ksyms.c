/* Binary search in the sorted symbol table. */
#include "core/debug/ksyms.h"

extern char __kernel_start[], __text_end[];

const char *ksym_lookup(unsigned long addr, unsigned long *offset)
{
    if (ksyms_count == 0 || addr < (unsigned long)__kernel_start || addr >= (unsigned long)__text_end)
        return 0;
    unsigned long lo = 0, hi = ksyms_count; /* find last entry with addr <= target */
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (ksyms_table[lo].addr > addr)
        return 0;
    *offset = addr - ksyms_table[lo].addr;
    return ksyms_table[lo].name;
}
