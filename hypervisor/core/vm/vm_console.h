/* A VM's console output on the hypervisor console: whole lines, each prefixed
 * with the VM's name, so the output of several VMs stays readable. */
#ifndef QV_CORE_VM_CONSOLE_H
#define QV_CORE_VM_CONSOLE_H
#include "lib/types.h"
struct vm;
void vm_console_write(struct vm *vm, const char *s, size_t n);
void vm_console_flush(struct vm *vm);
#endif
