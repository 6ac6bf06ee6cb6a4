/* Bringing up virtualization at boot and starting the first VMs. */
#ifndef QV_CORE_VM_BOOT_H
#define QV_CORE_VM_BOOT_H
#include "core/vm/vm.h"

/* Pick the engine for this CPU vendor and enable it on every online CPU. */
int virt_init(void);

/* A small VM with a flat image loaded at load_gpa and started in real mode;
 * the standard devices (COM1 transmitter, test-exit port) are attached.
 * on_end (may be NULL) is set before the VM can run. Returns 0 or an error;
 * once started the VM belongs to the scheduler and to on_end, which may
 * destroy it, so no pointer to it is handed back. */
int vm_create_flat(const char *name, uint64_t ram, const void *image, size_t len,
                   uint64_t load_gpa, unsigned pcpu, void (*on_end)(struct vm *vm));

/* Built-in images (guests/builtin/). */
extern const char builtin_hello_start[], builtin_hello_end[];
extern const char builtin_crash_start[], builtin_crash_end[];
extern const char builtin_badaccess_start[], builtin_badaccess_end[];
#endif
