/* ELF64 image checks for the QuantaVirt EFI stub: validates an x86-64 ELF
 * executable that carries a Multiboot2 header and lists its PT_LOAD segments
 * (ELF-64 Object File Format 1.5 §"Program header"; Multiboot2 spec 1.0 §3.1).
 * Untrusted input: every offset and size is checked against the file length;
 * failures return -1 with a message in err. Pure logic (host-testable). */
#ifndef QV_BOOT_ELF_LOAD_UEFI_H
#define QV_BOOT_ELF_LOAD_UEFI_H
#include <stddef.h>
#include <stdint.h>

#define ELFU_MAX_SEGS 16

struct elfu_seg {
    uint64_t paddr, memsz, offset, filesz;
};

struct elfu_image {
    uint64_t entry;
    uint64_t lo, hi; /* [lo, hi): page-aligned span of all PT_LOAD segments */
    unsigned nseg;
    struct elfu_seg seg[ELFU_MAX_SEGS];
};

/* Segments must lie in [1 MiB, 4 GiB) (the kernel is entered with paging off)
 * and the entry point inside one of them. */
int elfu_parse(const uint8_t *file, size_t size, struct elfu_image *out, char *err, size_t errlen);
#endif
