/* QEMU firmware configuration interface, traditional (port I/O) variant,
 * as described in QEMU docs/specs/fw_cfg.rst: a 16-bit selector register at
 * 0x510 and an 8-bit data register at 0x511 that streams the selected item
 * byte by byte. No DMA interface (0x514): the ID item says so.
 *
 * Files are referenced, not copied: the buffers given to fw_cfg_add_file must
 * outlive the device. */
#ifndef QV_DEVICES_FW_CFG_H
#define QV_DEVICES_FW_CFG_H
#include "lib/types.h"
#include "core/vm/iobus.h"

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511

/* Item keys (fw_cfg.rst "Selector Register"; QEMU include/standard-headers/linux/qemu_fw_cfg.h). */
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_ID 0x0001
#define FW_CFG_RAM_SIZE 0x0003
#define FW_CFG_NB_CPUS 0x0005
#define FW_CFG_MAX_CPUS 0x000f
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_FILE_FIRST 0x0020
#define FW_CFG_ID_TRADITIONAL 0x1u    /* ID bit 0; bit 1 (DMA) stays clear */

#define FW_CFG_MAX_FILES 16
#define FW_CFG_NAME_MAX 56            /* including the terminating NUL */
#define FW_CFG_DIR_ENTRY_SIZE 64      /* BE32 size, BE16 select, u16 reserved, name[56] */

struct fw_cfg_file {
    char name[FW_CFG_NAME_MAX];
    const uint8_t *data;
    uint32_t len;
};

struct fw_cfg {
    uint16_t selector;
    uint32_t offset;          /* next byte of the selected item */
    uint16_t nb_cpus;
    uint64_t ram_size;
    struct fw_cfg_file files[FW_CFG_MAX_FILES];
    unsigned nfiles;
};

void fw_cfg_init(struct fw_cfg *fw, uint16_t nb_cpus, uint64_t ram_size);
/* Adds a named file (e.g. "etc/qv/cmdline") readable at key 0x20 + n.
 * QV_ERR_INVAL: empty name, name of 56 bytes or more, or NULL data with len;
 * QV_ERR_EXIST: same name twice; QV_ERR_LIMIT: FW_CFG_MAX_FILES reached. */
int fw_cfg_add_file(struct fw_cfg *fw, const char *name, const void *data, uint32_t len);
/* Registers ports 0x510-0x511. */
int fw_cfg_register(struct iobus *bus, struct fw_cfg *fw);

/* Port-level access, also used by tests and fuzzers (offset 0 = selector,
 * 1 = data). */
uint64_t fw_cfg_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
void fw_cfg_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);
#endif
