/* Starting a guest from Multiboot2 boot modules (make run-guest): a module
 * whose string starts with "guest-kernel" is the guest (a Multiboot-1 ELF32
 * kernel, or a flat real-mode binary loaded at 0x1000); the rest of that
 * string is the guest's command line. An optional "guest-module" module is
 * handed to the guest as its Multiboot module. */
#ifndef QV_CORE_VM_GUEST_BOOT_H
#define QV_CORE_VM_GUEST_BOOT_H
#include "core/boot/multiboot2.h"
#include "lib/types.h"

/* Exit code reported when the guest did not exit on its own (it crashed). */
#define GUEST_CRASH_EXIT 126

/* True if the boot modules ask for a guest. */
bool guest_boot_requested(const struct mb2_info *mb);
/* Build and start that guest; when it ends, the machine stops with its exit
 * code (test mode). Returns an error if the guest cannot be created. */
int guest_boot_start(const struct mb2_info *mb, uint64_t ram, unsigned nvcpus);
#endif
