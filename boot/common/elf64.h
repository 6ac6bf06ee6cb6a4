/* ELF64 hypervisor image checks for the loaders (System V gABI, ELF-64 Object
 * File Format 1.5; x86-64 psABI). Only validates and describes: the caller
 * copies the segments to their physical addresses itself. */
#ifndef QV_BOOT_COMMON_ELF64_H
#define QV_BOOT_COMMON_ELF64_H
#include "lib/types.h"

#define QVB_ELF_MAX_SEGS 16

struct qvb_seg {
    uint64_t offset, paddr, filesz, memsz;
};

struct qvb_elf {
    uint64_t entry;
    unsigned nseg;            /* PT_LOAD segments with memsz > 0 */
    struct qvb_seg seg[QVB_ELF_MAX_SEGS];
    uint64_t lo, hi;          /* physical span [lo, hi) of all segments */
};

/* Validates an x86-64 ELF64 executable of `len` bytes: header, program
 * headers and every PT_LOAD inside the file, filesz <= memsz, no overflow,
 * everything below 4 GiB, the entry inside a segment, and a Multiboot2
 * header (magic 0xE85250D6, architecture 0, checksum, Multiboot2 §3.1.1) in
 * the first 32 KiB. Returns 0, or -1 with *why set. */
int qvb_elf_parse(const uint8_t *img, size_t len, struct qvb_elf *out, const char **why);

#endif
