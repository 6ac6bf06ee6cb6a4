/* QuantaVirt boot disk layout (docs/boot.md), shared by tools/mkdisk (writer)
 * and boot/bios/stage2 (reader). All integers little-endian.
 *
 *   LBA 0                 stage 1 (MBR): code, parameter block at byte 0x1AC
 *                         {u32 stage2_lba, u16 stage2_sectors, u16 0, u32 dir_lba},
 *                         disk signature, one partition entry, 0x55AA
 *   LBA 1 ..              stage 2 (flat binary linked at 0x8000, magic "QVS2")
 *   LBA dir_lba           directory: QVDISK_DIR_SIZE bytes (struct qvdisk_header,
 *                         then QVDISK_MAX_FILES struct qvdisk_entry at
 *                         QVDISK_ENTRIES_OFF)
 *   LBA payload_lba ..    payload: files and their signatures, each 4 KiB
 *                         aligned inside the payload; offsets in the entries
 *                         are relative to the payload's first byte.
 * Entry 0 is the hypervisor ELF; the others are Multiboot2 modules in order.
 */
#ifndef QV_BOOT_COMMON_BOOTDISK_H
#define QV_BOOT_COMMON_BOOTDISK_H
#include "lib/types.h"

#define QVDISK_MAGIC "QVDISK01"
#define QVDISK_VERSION 1
#define QVDISK_SECTOR 512
#define QVDISK_DIR_SIZE 8192
#define QVDISK_DIR_SECTORS (QVDISK_DIR_SIZE / QVDISK_SECTOR)
#define QVDISK_MAX_FILES 16
#define QVDISK_CMDLINE_MAX 1024
#define QVDISK_NAME_MAX 64
#define QVDISK_STRING_MAX 128
#define QVDISK_ALIGN 4096
#define QVDISK_ENTRIES_OFF 1088
#define QVDISK_MBR_PARAM_OFF 0x1ac
#define QVDISK_STAGE2_MAGIC 0x32535651u /* "QVS2" */
#define QVDISK_STAGE2_MAX (0x50000 - 0x8000) /* bytes incl. .bss */

#define QVDISK_KIND_KERNEL 1
#define QVDISK_KIND_MODULE 2

struct qvdisk_header {
    char magic[8];
    uint32_t version;
    uint32_t count;           /* entries used, 1..QVDISK_MAX_FILES */
    uint32_t payload_lba;
    uint32_t payload_sectors;
    uint32_t dir_size;        /* QVDISK_DIR_SIZE */
    uint8_t reserved[36];
    char cmdline[QVDISK_CMDLINE_MAX]; /* NUL-terminated kernel command line */
} __packed;

struct qvdisk_entry {
    uint32_t kind;            /* QVDISK_KIND_* */
    uint32_t flags;           /* 0 */
    uint64_t offset, size;    /* file bytes in the payload */
    uint64_t sig_offset;      /* qv-pqc "QVSG" signature file in the payload */
    uint32_t sig_size;
    uint32_t reserved;
    char name[QVDISK_NAME_MAX];     /* file name, for messages */
    char string[QVDISK_STRING_MAX]; /* Multiboot2 module string */
    uint8_t pad[24];
} __packed;

_Static_assert(sizeof(struct qvdisk_header) == QVDISK_ENTRIES_OFF, "header size");
_Static_assert(sizeof(struct qvdisk_entry) == 256, "entry size");
_Static_assert(QVDISK_ENTRIES_OFF + QVDISK_MAX_FILES * 256 <= QVDISK_DIR_SIZE, "dir size");

#endif
