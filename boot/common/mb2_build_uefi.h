/* Multiboot2 boot information builder used by the QuantaVirt EFI stub
 * (Multiboot2 specification 1.0 §3.6 "Boot information format").
 *
 * Pure logic over a caller-supplied buffer: no firmware calls, so it runs after
 * ExitBootServices (when nothing may be allocated) and in host tests. Every
 * append is bounds-checked; the first overflow latches b->err and later calls
 * do nothing, so the caller checks once at the end. */
#ifndef QV_BOOT_MB2_BUILD_UEFI_H
#define QV_BOOT_MB2_BUILD_UEFI_H
#include <stddef.h>
#include <stdint.h>

struct mb2b {
    uint8_t *buf; /* 8-byte aligned */
    size_t cap, len;
    int err; /* 0 or -1 (buffer too small / bad argument) */
};

void mb2b_init(struct mb2b *b, void *buf, size_t cap);
/* Tag with an arbitrary payload; returns a pointer to the payload in the
 * buffer (NULL on error). */
void *mb2b_tag(struct mb2b *b, uint32_t type, const void *payload, size_t len);
/* Tags 1 (cmdline) and 2 (boot loader name): NUL-terminated string. */
void mb2b_string(struct mb2b *b, uint32_t type, const char *s);
/* Tag 3: module [start, end) with its string (§3.6.6). */
void mb2b_module(struct mb2b *b, uint32_t start, uint32_t end, const char *s);
/* Tag 4: basic memory information in KiB (§3.6.7). */
void mb2b_meminfo(struct mb2b *b, uint32_t lower_kib, uint32_t upper_kib);
/* Tag 6: memory map (§3.6.8), entries of 24 bytes. */
struct mb2b_mmap_entry {
    uint64_t base, len;
    uint32_t type, zero;
};
void mb2b_mmap(struct mb2b *b, const struct mb2b_mmap_entry *e, size_t n);
/* Tag 12: EFI 64-bit system table pointer (§3.6.11). */
void mb2b_efi64(struct mb2b *b, uint64_t systab);
/* Tag 20: EFI 64-bit image handle (§3.6.15). */
void mb2b_efi64_ih(struct mb2b *b, uint64_t handle);
/* Tags 14/15: copy of the RSDP (ACPI 1.0: 20 bytes, 2.0+: `len`) (§3.6.12-13). */
void mb2b_rsdp(struct mb2b *b, int v2, const void *rsdp, size_t len);
/* Tag 17: EFI memory map as returned by GetMemoryMap (§3.6.15). */
void mb2b_efi_mmap(struct mb2b *b, uint32_t desc_size, uint32_t desc_version,
                   const void *map, size_t map_size);
/* Tag 0x5156: QuantaVirt measurement log pointer (hypervisor/core/boot/multiboot2.h). */
void mb2b_qv_measure(struct mb2b *b, uint64_t log_addr, uint64_t log_size);
/* End tag and total_size. Returns total size, or 0 if any step failed. */
size_t mb2b_finish(struct mb2b *b);

/* Convert an EFI memory map (UEFI 2.10 §7.2.3 EFI_MEMORY_DESCRIPTOR) into
 * Multiboot2 entries, merging neighbours of the same type. Memory that is free
 * once boot services are gone (loader/boot-services code and data,
 * conventional) is "available"; ACPI reclaim/NVS and unusable keep their own
 * Multiboot2 types; everything else (runtime services, MMIO, reserved,
 * persistent, unaccepted...) is reserved. Returns the number of entries
 * written, or -1 if `max` is too small or the map is malformed. */
int mb2b_from_efi_map(const void *map, size_t map_size, size_t desc_size,
                      struct mb2b_mmap_entry *out, size_t max);

/* Tag 4 values from a Multiboot2 map: KiB available from 0 (max 640) and KiB
 * available contiguously from 1 MiB. */
void mb2b_meminfo_from_map(const struct mb2b_mmap_entry *e, size_t n,
                           uint32_t *lower_kib, uint32_t *upper_kib);
#endif
