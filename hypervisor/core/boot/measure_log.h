/* The measured-boot log our own loaders hand over (Multiboot2 tag 0x5156;
 * format in docs/boot-uefi.md: "QVML" header, then one SHA3-256 entry per
 * file loaded). Parsed defensively: it comes from outside the hypervisor. */
#ifndef QV_CORE_BOOT_MEASURE_LOG_H
#define QV_CORE_BOOT_MEASURE_LOG_H
#include "lib/types.h"

#define MLOG_MAX_ENTRIES 32
#define MLOG_NAME_MAX 64
#define MLOG_FLAG_VERIFIED 1u
#define MLOG_FLAG_CONFIG 2u

struct mlog_entry {
    uint32_t flags;
    uint64_t data_len;
    uint8_t sha3_256[32];
    char name[MLOG_NAME_MAX];
};

struct mlog {
    char loader[9];
    uint32_t count;
    struct mlog_entry e[MLOG_MAX_ENTRIES];
};

/* 0 and *out filled, or QV_ERR_CORRUPT/QV_ERR_TRUNCATED for a bad log. */
int mlog_parse(const void *log, size_t size, struct mlog *out);
#endif
