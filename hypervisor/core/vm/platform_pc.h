/* A PC-compatible VM for unmodified operating systems (Linux): 8259 PICs,
 * IOAPIC and one local APIC per vCPU, 8254 PIT with port 0x61, CMOS/RTC,
 * ACPI PM timer and PM1 control (S5 power-off), COM1, fw_cfg, VirtIO devices
 * on the MMIO transport described in the DSDT, and ACPI + MP tables. */
#ifndef QV_CORE_VM_PLATFORM_PC_H
#define QV_CORE_VM_PLATFORM_PC_H
#include "core/vm/vm.h"
#include "devices/netswitch.h"

#define PC_MAX_VCPUS 8
#define PC_VIRTIO_BASE 0xD0000000ull /* one 4 KiB slot per VirtIO device */
#define PC_VIRTIO_GSI_BASE 16        /* IOAPIC pins 16.. for VirtIO */

struct pc_config {
    const char *name;
    unsigned nvcpus;
    uint64_t ram;
    /* Linux bzImage, its command line and initramfs (all copied), or, with
     * test_kernel set, a Multiboot-1 ELF32 kernel / flat real-mode binary
     * (the hypervisor test-suite contract, platform.md) with an optional
     * module (initrd/initrd_len) and its string. */
    const void *kernel;
    size_t kernel_len;
    const char *cmdline;
    const void *initrd;
    size_t initrd_len;
    bool test_kernel;
    const char *module_string;
    /* VirtIO devices: a disk image (used in place: guest writes change it),
     * a port on a switch with this MAC, a console, an entropy source. */
    uint8_t *disk;
    size_t disk_len;
    struct netswitch *sw;
    uint8_t mac[6];
    bool virtio_console;
    bool virtio_console_echo; /* host echoes console output back (tests) */
    bool virtio_rng;
    bool no_packed_rings;  /* do not offer VIRTIO_F_RING_PACKED */
    bool console_input;    /* COM1 gets the hypervisor console's keyboard input */
    unsigned first_pcpu;   /* vCPU i runs on CPU (first_pcpu + i) % CPUs */
    void (*on_end)(struct vm *vm);
};

/* Build and start the VM. 0 or an error (nothing is left behind then). */
int pc_vm_create(const struct pc_config *cfg, struct vm **out);
/* Print what the guest negotiated with each VirtIO device. */
void pc_vm_report(struct vm *vm);
/* Feed host console input to the VM's COM1 receiver. */
void pc_vm_console_input(struct vm *vm, const char *buf, size_t n);
#endif
