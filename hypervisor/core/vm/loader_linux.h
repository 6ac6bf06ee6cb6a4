/* Linux bzImage loader: the 64-bit boot protocol (Linux
 * Documentation/arch/x86/boot.rst "64-bit Boot Protocol", boot protocol
 * 2.12+) and the zero page (Documentation/arch/x86/zero-page.rst).
 *
 * Pure logic over struct guest_mem_writer (core/vm/loader.h), like the other
 * loaders: everything is validated and placed first, then written (validate,
 * then commit); on error guest memory is untouched.
 *
 * Guest-physical layout written by the loader (all below 4 GiB):
 *   LINUX_GDT_GPA          GDT: null, null, __BOOT_CS (0x10), __BOOT_DS (0x18)
 *   LINUX_BOOT_PARAMS_GPA  struct boot_params ("zero page"), 4 KiB
 *   LINUX_CMDLINE_GPA      command line, NUL-terminated, < LINUX_CMDLINE_MAX bytes
 *   LINUX_PML4_GPA         PML4 -> PDPT -> 4 page directories mapping
 *                          0..4 GiB 1:1 with 2 MiB pages (read/write, supervisor)
 *   kernel                 protected-mode code at the load address (pref_address
 *                          when usable, else 16 MiB, aligned to kernel_alignment);
 *                          [load, load + init_size) is reserved for it
 *   initrd                 highest page-aligned usable spot below initrd_addr_max
 *                          (and 4 GiB) that does not touch the kernel's range
 * The low area [LINUX_LOW_AREA_GPA, LINUX_LOW_AREA_END) must be usable RAM
 * in the e820 map; Linux itself keeps the first 1 MiB reserved. */
#ifndef QV_CORE_VM_LOADER_LINUX_H
#define QV_CORE_VM_LOADER_LINUX_H
#include "core/vm/loader.h"

/* E820 memory map entry as the caller describes guest memory, and the types
 * the zero page uses (ACPI 6.5 §15 "System Address Map Interfaces"). */
struct e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
};
#define E820_TYPE_RAM 1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI 3
#define E820_TYPE_NVS 4
#define E820_TYPE_UNUSABLE 5
#define LINUX_E820_MAX 128u /* E820_MAX_ENTRIES_ZEROPAGE: e820_table[] size */

/* Fixed guest-physical addresses of what the loader itself writes. */
#define LINUX_LOW_AREA_GPA 0x1000ull
#define LINUX_GDT_GPA 0x1000ull
#define LINUX_BOOT_PARAMS_GPA 0x2000ull
#define LINUX_CMDLINE_GPA 0x3000ull
#define LINUX_CMDLINE_MAX 4096u          /* area size, including the NUL */
#define LINUX_PML4_GPA 0x4000ull
#define LINUX_PDPT_GPA 0x5000ull
#define LINUX_PD_GPA 0x6000ull            /* 4 directories, 0x6000..0x9fff */
#define LINUX_LOW_AREA_END 0xA000ull
#define LINUX_IDENTITY_MAP_END GiB(4)

/* Selectors the 64-bit protocol requires (boot.rst "64-bit Boot Protocol":
 * __BOOT_CS = 0x10 execute/read, __BOOT_DS = 0x18 read/write, both flat). */
#define LINUX_BOOT_CS 0x10u
#define LINUX_BOOT_DS 0x18u
#define LINUX_GDT_LIMIT 0x1Fu             /* 4 descriptors */

#define LINUX_DEFAULT_LOAD_GPA MiB(16)    /* LOAD_PHYSICAL_ADDR of x86-64 kernels */
#define LINUX_MIN_LOAD_GPA MiB(1)
#define LINUX_MIN_PROTOCOL 0x020Cu        /* 2.12: xloadflags */

/* Setup-header offsets in the image and in boot_params (boot.rst "The Real-Mode
 * Kernel Header"; the header sits at 0x1F1 in both). */
#define LINUX_HDR_SETUP_SECTS 0x1F1
#define LINUX_HDR_SYSSIZE 0x1F4
#define LINUX_HDR_VID_MODE 0x1FA
#define LINUX_HDR_BOOT_FLAG 0x1FE
#define LINUX_HDR_JUMP 0x200
#define LINUX_HDR_MAGIC 0x202
#define LINUX_HDR_VERSION 0x206
#define LINUX_HDR_TYPE_OF_LOADER 0x210
#define LINUX_HDR_LOADFLAGS 0x211
#define LINUX_HDR_CODE32_START 0x214
#define LINUX_HDR_RAMDISK_IMAGE 0x218
#define LINUX_HDR_RAMDISK_SIZE 0x21C
#define LINUX_HDR_HEAP_END_PTR 0x224
#define LINUX_HDR_CMD_LINE_PTR 0x228
#define LINUX_HDR_INITRD_ADDR_MAX 0x22C
#define LINUX_HDR_KERNEL_ALIGNMENT 0x230
#define LINUX_HDR_RELOCATABLE 0x234
#define LINUX_HDR_XLOADFLAGS 0x236
#define LINUX_HDR_CMDLINE_SIZE 0x238
#define LINUX_HDR_PREF_ADDRESS 0x258
#define LINUX_HDR_INIT_SIZE 0x260
#define LINUX_HDR_MIN_END 0x264           /* header must reach past init_size */
#define LINUX_HDR_MAX_END 0x290           /* edd_mbr_sig_buffer follows the header */

#define LINUX_BOOT_FLAG 0xAA55u
#define LINUX_HDR_MAGIC_VALUE 0x53726448u /* "HdrS" */
#define LINUX_LOADER_UNDEFINED 0xFFu      /* type_of_loader: no assigned ID */
#define LINUX_LF_LOADED_HIGH BIT(0)
#define LINUX_LF_CAN_USE_HEAP BIT(7)
#define LINUX_XLF_KERNEL_64 BIT(0)
#define LINUX_HEAP_END 0xDE00u            /* boot.rst: 0xE000 - 0x200 */

/* Zero-page offsets (zero-page.rst). LINUX_BP_ACPI_RSDP_ADDR lets the VM
 * builder hand over the RSDP: write its u64 gpa at rsi + this offset. */
#define LINUX_BP_ACPI_RSDP_ADDR 0x070
#define LINUX_BP_EXT_RAMDISK_IMAGE 0x0C0
#define LINUX_BP_EXT_RAMDISK_SIZE 0x0C4
#define LINUX_BP_EXT_CMD_LINE_PTR 0x0C8
#define LINUX_BP_E820_ENTRIES 0x1E8
#define LINUX_BP_E820_TABLE 0x2D0
#define LINUX_E820_ENTRY_SIZE 20u         /* u64 addr, u64 size, u32 type, packed */
#define LINUX_BOOT_PARAMS_SIZE 0x1000u

/* Where and how the first vCPU starts: 64-bit mode, paging on with cr3, CS =
 * cs and DS/ES/SS = ds from the GDT at gdt_base, interrupts off, RSI = rsi
 * (boot.rst "64-bit Boot Protocol"). The other fields describe the placement. */
struct linux_entry {
    uint64_t rip;         /* load address + 0x200 */
    uint64_t rsi;         /* gpa of boot_params */
    uint64_t cr3;         /* gpa of the PML4 */
    uint64_t gdt_base;
    uint16_t gdt_limit;
    uint16_t cs, ds;
    uint64_t kernel_gpa;  /* load address */
    uint64_t kernel_end;  /* load address + init_size */
    uint64_t initrd_gpa;  /* 0 when no initrd */
    uint64_t initrd_len;
    uint16_t protocol;    /* boot protocol version of the image, e.g. 0x020F */
};

/* Loads the bzImage `bzimage` (len bytes) with the NUL-terminated `cmdline`
 * (NULL = empty), optional `initrd` (NULL with initrd_len 0 = none) and the
 * e820 map e820[0..ne820) (NULL/0 = usable 0..640 KiB and 1 MiB..ram_size
 * with the legacy hole reserved). Usable (type 1) entries must lie inside
 * guest RAM; at most LINUX_E820_MAX entries. On error returns a negative
 * QV_ERR_* and a message naming the problem in err (if errlen > 0). */
int load_linux_bzimage(const struct guest_mem_writer *m, const void *bzimage, size_t len,
                       const char *cmdline, const void *initrd, size_t initrd_len,
                       const struct e820_entry *e820, unsigned ne820,
                       struct linux_entry *out, char *err, size_t errlen);

#endif
