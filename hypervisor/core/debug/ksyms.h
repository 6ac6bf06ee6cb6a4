/* Kernel symbol table for backtraces, generated at link time (tools/gen-ksyms.sh). */
#ifndef QV_CORE_KSYMS_H
#define QV_CORE_KSYMS_H
struct ksym {
    unsigned long addr;
    const char *name;
};
extern const struct ksym ksyms_table[];
extern const unsigned long ksyms_count;
/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset);
#endif
