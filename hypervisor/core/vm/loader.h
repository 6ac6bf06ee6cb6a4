/* Guest loaders: put a guest image into guest-physical memory and say where
 * and in which CPU mode the first vCPU starts. Pure logic: guest memory is
 * reached only through struct guest_mem_writer, so the same code runs in the
 * hypervisor (backed by vm_write_memory) and in host tests and fuzzers.
 *
 * Both loaders validate everything first and only then write guest memory
 * (validate, then commit): on error nothing has been written. */
#ifndef QV_CORE_VM_LOADER_H
#define QV_CORE_VM_LOADER_H
#include "lib/types.h"

/* Guest RAM as the loader sees it: [0, ram_size). write/zero return 0 or a
 * negative QV_ERR_* (QV_ERR_FAULT outside guest RAM). */
struct guest_mem_writer {
    int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
    int (*zero)(void *ctx, uint64_t gpa, size_t len);
    uint64_t ram_size;
    void *ctx;
};

enum guest_start_mode {
    /* 16-bit real mode. CS:IP is the caller's choice (CS = entry >> 4, IP = 0
     * or CS = 0, IP = entry); in-tree real-mode guests work with either. */
    GUEST_START_REAL,
    /* 32-bit protected mode, flat 4 GiB code/data segments, paging off
     * (Multiboot 0.6.96 §3.2 "Machine state"). */
    GUEST_START_PROTECTED,
};

struct guest_entry {
    uint64_t entry;           /* guest-physical address of the first instruction */
    enum guest_start_mode mode;
    uint32_t eax;             /* initial EAX (MB1_BOOT_MAGIC for Multiboot) */
    uint32_t ebx;             /* initial EBX (gpa of the Multiboot info) */
};

/* Real-mode memory the Multiboot map reports as reserved (VGA, option ROMs,
 * BIOS): 640 KiB .. 1 MiB. Nothing is loaded there. */
#define LOADER_LOW_RAM_END 0xA0000ull
#define LOADER_HIGH_RAM_START 0x100000ull

/* Flat binary copied to load_gpa. Starts in real mode when load_gpa is below
 * 1 MiB and paragraph (16-byte) aligned, so that a real-mode segment can point
 * at it; otherwise in 32-bit protected mode. Errors: QV_ERR_INVAL (no image),
 * QV_ERR_RANGE (does not fit in guest RAM), or the writer's error. */
int load_flat(const struct guest_mem_writer *m, const void *image, size_t len,
              uint64_t load_gpa, struct guest_entry *out);

/* Multiboot 1 (0.6.96) ELF32 kernel. */
#define MB1_HEADER_MAGIC 0x1BADB002u
#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB1_SEARCH_LIMIT 8192u     /* header lies within the first 8 KiB (§3.1) */
#define MB1_CMDLINE_MAX 4096u      /* longest command line / module string accepted */
#define MB1_LOADER_NAME "QuantaVirt"

/* Header flags (§3.1.2). Bits 0-15 are requirements the loader must meet or
 * refuse; bits 16-31 are optional features. */
#define MB1_HF_PAGE_ALIGN BIT(0)   /* modules page aligned: always done */
#define MB1_HF_MEMINFO BIT(1)      /* mem_* fields: always given */
#define MB1_HF_VIDEO BIT(2)        /* video mode table: no display, refused */
#define MB1_HF_AOUT_KLUDGE BIT(16) /* load addresses in the header: refused, ELF only */

/* Information-structure flags (§3.3). */
#define MB1_INFO_MEM BIT(0)
#define MB1_INFO_CMDLINE BIT(2)
#define MB1_INFO_MODS BIT(3)
#define MB1_INFO_MMAP BIT(6)
#define MB1_INFO_LOADER_NAME BIT(9)

/* Field offsets in the information structure (§3.3). */
#define MB1_INFO_OFF_FLAGS 0
#define MB1_INFO_OFF_MEM_LOWER 4
#define MB1_INFO_OFF_MEM_UPPER 8
#define MB1_INFO_OFF_CMDLINE 16
#define MB1_INFO_OFF_MODS_COUNT 20
#define MB1_INFO_OFF_MODS_ADDR 24
#define MB1_INFO_OFF_MMAP_LENGTH 44
#define MB1_INFO_OFF_MMAP_ADDR 48
#define MB1_INFO_OFF_LOADER_NAME 64
#define MB1_INFO_SIZE 116          /* up to and including the framebuffer fields */

#define MB1_MMAP_ENTRY_SIZE 24     /* u32 size (=20) + u64 base + u64 length + u32 type */
#define MB1_MMAP_AVAILABLE 1
#define MB1_MMAP_RESERVED 2
#define MB1_MOD_ENTRY_SIZE 16      /* mod_start, mod_end, string, reserved */

/* Layout of what the loader itself writes (all below 4 GiB, fixed order):
 *   boot-info area at the first page boundary above the kernel's highest byte
 *   (the highest p_paddr + p_memsz of any PT_LOAD segment):
 *     +0x000 information structure (MB1_INFO_SIZE bytes, rest of 256 zero)
 *     +0x100 memory map (up to 3 entries)
 *     +0x180 module list (1 entry)
 *     +0x190 boot loader name
 *     +0x1a0 command line, NUL-terminated, then the module string
 *   the module at the next page boundary after the boot-info area.
 * An area that would straddle the 640 KiB..1 MiB hole moves to 1 MiB. */
#define MB1_AREA_OFF_MMAP 0x100u
#define MB1_AREA_OFF_MODS 0x180u
#define MB1_AREA_OFF_NAME 0x190u
#define MB1_AREA_OFF_STRINGS 0x1a0u

/* Loads the ELF32 Multiboot 1 kernel `elf` (len bytes): copies PT_LOAD
 * segments to p_paddr, zeroes their BSS, builds the information structure
 * (memory sizes, memory map, command line, optional module) and fills *out
 * (protected mode, EAX = MB1_BOOT_MAGIC, EBX = info gpa). cmdline may be NULL
 * (no CMDLINE flag); module may be NULL (no MODS flag); module_string may be
 * NULL (empty string). On error returns a negative QV_ERR_* and writes a
 * message naming the problem into err (if errlen > 0); guest memory is then
 * untouched unless the writer itself failed part way. */
int load_multiboot1(const struct guest_mem_writer *m, const void *elf, size_t len,
                    const char *cmdline, const void *module, size_t module_len,
                    const char *module_string, struct guest_entry *out, char *err,
                    size_t errlen);

#endif
