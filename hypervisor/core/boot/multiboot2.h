/* Multiboot2 boot information parser (Multiboot2 specification 1.0, §3.6
 * "Boot information format").
 *
 * The boot loader hands the kernel a block: u32 total_size, u32 reserved, then
 * 8-byte aligned tags (u32 type, u32 size) ending with an end tag (type 0,
 * size 8). mb2_parse() treats the block as untrusted input: every length is
 * checked against total_size and against the caller's `avail` bound, and the
 * interesting fields are copied into struct mb2_info (fixed-size arrays, no
 * allocation), so nothing later has to walk the raw block again.
 *
 * Addresses that point *into* the info block (ELF section headers, EFI memory
 * map) are recorded as the virtual address of the bytes inside the block the
 * caller passed; the kernel identity-maps RAM, so they are physical too.
 *
 * Policy decisions (documented here because the spec leaves them open):
 *  - Memory map with more than MB2_MAX_MMAP entries: the first MB2_MAX_MMAP are
 *    kept, mmap_dropped counts the rest, and the parse succeeds. This is safe
 *    because the frame allocator starts with all memory reserved and only frees
 *    ranges listed as available: a dropped entry can only hide RAM, never
 *    expose reserved memory. The kernel should warn when mmap_dropped != 0.
 *  - More than MB2_MAX_MODULES modules: same, modules_dropped counts the rest.
 *  - Command line or module string longer than its array: error (a silently
 *    shortened command line changes its meaning). Boot loader name: truncated
 *    (informational only).
 *  - A second tag of a type that must appear once (cmdline, meminfo, mmap,
 *    RSDP of the same version, ...): error.
 *  - The fixed-part "reserved" field must be zero (§3.6.1: "always set to zero").
 *  - ELF sections (tag 9): the spec text shows u16 num/entsize/shndx, but GRUB 2,
 *    the reference implementation, writes u32 fields; we follow GRUB.
 *
 * QuantaVirt-specific tag MB2_TAG_QV_MEASURE (0x5156, "QV"): written by our own
 * BIOS stage2 / EFI stub, never by third-party loaders. Layout:
 *     u32 type = 0x5156, u32 size = 24, u64 log_addr, u64 log_size
 * It points to the measured-boot event log the loader built (hashes of the
 * kernel and modules) for later attestation; only pointer and size are recorded.
 */
#ifndef QV_CORE_BOOT_MULTIBOOT2_H
#define QV_CORE_BOOT_MULTIBOOT2_H
#include "lib/types.h"

/* Magic value in EAX when a Multiboot2 loader enters the OS (§3.3). */
#define MB2_BOOTLOADER_MAGIC 0x36d76289u

/* Tag types (§3.6.2 .. §3.6.17). */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_BOOTDEV 5
#define MB2_TAG_MMAP 6
#define MB2_TAG_VBE 7
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ELF_SECTIONS 9
#define MB2_TAG_APM 10
#define MB2_TAG_EFI32 11
#define MB2_TAG_EFI64 12
#define MB2_TAG_SMBIOS 13
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_NETWORK 16
#define MB2_TAG_EFI_MMAP 17
#define MB2_TAG_EFI_BS 18
#define MB2_TAG_EFI32_IH 19
#define MB2_TAG_EFI64_IH 20
#define MB2_TAG_LOAD_BASE 21
#define MB2_TAG_QV_MEASURE 0x5156u /* QuantaVirt: measurement log (see above) */

/* Memory map entry types (§3.6.8). */
#define MB2_MMAP_AVAILABLE 1
#define MB2_MMAP_RESERVED 2
#define MB2_MMAP_ACPI_RECLAIMABLE 3
#define MB2_MMAP_NVS 4
#define MB2_MMAP_BADRAM 5

#define MB2_MAX_MMAP 128
#define MB2_MAX_MODULES 16
#define MB2_CMDLINE_MAX 1024
#define MB2_LOADER_NAME_MAX 64
#define MB2_MODULE_STRING_MAX 128
#define MB2_ERROR_MAX 128
#define MB2_RSDP_MAX 36 /* ACPI 2.0+ RSDP length (ACPI 6.4 §5.2.5.3) */

/* Bits in mb2_info.present: which tags were found. */
#define MB2_HAVE_CMDLINE BIT(0)
#define MB2_HAVE_LOADER_NAME BIT(1)
#define MB2_HAVE_MEMINFO BIT(2)
#define MB2_HAVE_MMAP BIT(3)
#define MB2_HAVE_FRAMEBUFFER BIT(4)
#define MB2_HAVE_ELF_SECTIONS BIT(5)
#define MB2_HAVE_EFI32 BIT(6)
#define MB2_HAVE_EFI64 BIT(7)
#define MB2_HAVE_RSDP BIT(8)
#define MB2_HAVE_EFI_MMAP BIT(9)
#define MB2_HAVE_EFI_BS BIT(10)
#define MB2_HAVE_EFI32_IH BIT(11)
#define MB2_HAVE_EFI64_IH BIT(12)
#define MB2_HAVE_LOAD_BASE BIT(13)
#define MB2_HAVE_QV_MEASURE BIT(14)

struct mb2_mmap_entry {
    uint64_t base;
    uint64_t len;
    uint32_t type; /* MB2_MMAP_* */
};

struct mb2_module {
    uint32_t start; /* physical, [start, end) */
    uint32_t end;
    char string[MB2_MODULE_STRING_MAX];
};

struct mb2_info {
    uint32_t total_size;
    uint64_t present; /* MB2_HAVE_* */
    uint32_t tag_count;
    uint32_t unknown_tags; /* tags of types this parser does not know: skipped */

    char cmdline[MB2_CMDLINE_MAX];
    char loader_name[MB2_LOADER_NAME_MAX];

    uint32_t mem_lower; /* KiB below 1 MiB */
    uint32_t mem_upper; /* KiB above 1 MiB up to the first hole */

    uint32_t mmap_entry_version;
    uint32_t mmap_count;
    uint32_t mmap_dropped;
    struct mb2_mmap_entry mmap[MB2_MAX_MMAP];

    uint32_t module_count;
    uint32_t modules_dropped;
    struct mb2_module modules[MB2_MAX_MODULES];

    uint8_t rsdp_version; /* 0: none, 1: tag 14 (ACPI 1.0 RSDP), 2: tag 15 */
    uint8_t rsdp_len;
    uint8_t rsdp[MB2_RSDP_MAX];

    uint64_t efi32_systab;
    uint64_t efi64_systab;
    uint64_t efi32_image_handle;
    uint64_t efi64_image_handle;
    struct {
        uint32_t desc_size;
        uint32_t desc_version;
        uint64_t addr; /* first descriptor, inside the info block */
        uint32_t count;
    } efi_mmap;

    uint32_t load_base; /* tag 21: physical address the image was loaded at */

    struct {
        uint32_t num, entsize, shndx;
        uint64_t addr; /* first section header, inside the info block */
    } elf;

    struct {
        uint64_t addr;
        uint32_t pitch, width, height;
        uint8_t bpp, type;
    } fb;

    struct {
        uint64_t addr, size;
    } qv_measure;

    char error[MB2_ERROR_MAX]; /* set when mb2_parse fails */
};

/* Parse the boot information block at `info`. At most `avail` bytes starting
 * at `info` are ever read. Returns QV_OK, QV_ERR_TRUNCATED (total_size larger
 * than avail) or QV_ERR_CORRUPT (malformed; out->error names the tag type and
 * offset). On failure the other fields of *out are unspecified. */
int mb2_parse(const void *info, size_t avail, struct mb2_info *out);

/* "available", "reserved", "ACPI reclaimable", "ACPI NVS", "bad RAM", or
 * "unknown" for other values. */
const char *mb2_mmap_type_name(uint32_t type);

/* The first module whose string starts with the word `tag` (the string may
 * continue after a space, e.g. "linux-kernel console=ttyS0"), or NULL. */
const struct mb2_module *mb2_find_module(const struct mb2_info *mb, const char *tag);

#endif
