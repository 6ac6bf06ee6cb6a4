/* Guest-physical memory of a VM: host frames + the nested page table. */
#ifndef QV_CORE_VM_MEMORY_H
#define QV_CORE_VM_MEMORY_H
#include "core/vm/vm.h"
int vm_memory_init(struct vm *vm);
void vm_memory_destroy(struct vm *vm);
/* Host-physical address backing gpa, or 0 when the VM does not own it. */
uint64_t vm_gpa_to_hpa(struct vm *vm, uint64_t gpa);
#endif
