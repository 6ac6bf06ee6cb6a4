/* Linux guests from Multiboot2 boot modules (make run, the Linux tests):
 *   "linux-kernel <command line>"  the bzImage
 *   "linux-initrd"                 its initramfs (optional)
 *   "linux-disk"                   a disk image for virtio-blk (optional)
 * guest_mem= / guest_smp= size the VM; linux_vms=2 starts a second VM with
 * the same kernel, both on one virtio-net switch; "@VM@" in the command line
 * becomes each VM's letter (a, b). */
#ifndef QV_CORE_VM_LINUX_BOOT_H
#define QV_CORE_VM_LINUX_BOOT_H
#include "core/boot/multiboot2.h"
bool linux_boot_requested(const struct mb2_info *mb);
/* Starts the VM(s); in test mode the machine stops when they have all ended,
 * with exit code 0 if each powered off or exited with 0. */
int linux_boot_start(const struct mb2_info *mb, uint64_t ram, unsigned nvcpus, unsigned nvms,
                     bool packed_rings, bool console_echo);
#endif
