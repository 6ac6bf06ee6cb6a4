/* Multiboot2 boot information builder (Multiboot2 spec 1.0 §3.6), for the
 * BIOS stage 2 and the UEFI stub. The caller gives a buffer; every add
 * checks the room left and sets b->err instead of overflowing. Tags are
 * 8-byte aligned; mb2b_finish() appends the end tag and writes total_size. */
#ifndef QV_BOOT_COMMON_MB2_BUILD_H
#define QV_BOOT_COMMON_MB2_BUILD_H
#include "lib/types.h"

struct mb2b {
    uint8_t *buf;   /* 8-byte aligned */
    size_t cap, len;
    int err;        /* non-zero once something did not fit */
    size_t mmap_tag; /* offset of an open memory-map tag, 0 if none */
};

void mb2b_init(struct mb2b *b, void *buf, size_t cap);
void mb2b_string(struct mb2b *b, uint32_t type, const char *s); /* cmdline (1), loader name (2) */
void mb2b_meminfo(struct mb2b *b, uint32_t lower_kib, uint32_t upper_kib);
void mb2b_mmap_begin(struct mb2b *b);
void mb2b_mmap_add(struct mb2b *b, uint64_t base, uint64_t len, uint32_t type);
void mb2b_mmap_end(struct mb2b *b);
void mb2b_module(struct mb2b *b, uint32_t start, uint32_t end, const char *string);
/* rsdp: the RSDP bytes (20 for tag 14 "ACPI old", 36 for tag 15 "ACPI new") */
void mb2b_rsdp(struct mb2b *b, uint32_t type, const void *rsdp, size_t len);
/* QuantaVirt measurement-log tag 0x5156 (hypervisor/core/boot/multiboot2.h). */
void mb2b_measure(struct mb2b *b, uint64_t log_addr, uint64_t log_size);
/* End tag + total_size. Returns 0, or -1 if anything did not fit. */
int mb2b_finish(struct mb2b *b);

#endif
