/* fw_cfg traditional interface: items read through the ports as a guest does
 * (outw selector, inb data), checked against QEMU docs/specs/fw_cfg.rst. */
#include "qtest.h"
#include <string.h>
#include "devices/fw_cfg.h"
#include "lib/errors.h"

static void sel(struct fw_cfg *fw, uint16_t key) { fw_cfg_io_write(fw, NULL, 0, 2, key); }
static uint8_t rd(struct fw_cfg *fw) { return (uint8_t)fw_cfg_io_read(fw, NULL, 1, 1); }

static uint64_t rd_le(struct fw_cfg *fw, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)rd(fw) << (8 * i);
    return v;
}

static uint64_t rd_be(struct fw_cfg *fw, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = (v << 8) | rd(fw);
    return v;
}

QTEST(fw_cfg_signature_and_id)
{
    struct fw_cfg fw;
    fw_cfg_init(&fw, 2, MiB(256));
    sel(&fw, FW_CFG_SIGNATURE);
    char sig[5] = { 0 };
    for (int i = 0; i < 4; i++)
        sig[i] = (char)rd(&fw);
    QCHECK(strcmp(sig, "QEMU") == 0);
    QCHECK_EQ(rd(&fw), 0);               /* past the end */
    sel(&fw, FW_CFG_ID);
    QCHECK_EQ(rd_le(&fw, 4), 1);         /* traditional interface, no DMA bit */
    /* Reselecting rewinds to offset 0. */
    sel(&fw, FW_CFG_SIGNATURE);
    QCHECK_EQ(rd(&fw), 'Q');
    sel(&fw, FW_CFG_SIGNATURE);
    QCHECK_EQ(rd(&fw), 'Q');
}

QTEST(fw_cfg_cpus_and_ram)
{
    struct fw_cfg fw;
    fw_cfg_init(&fw, 3, 0x123456789ull);
    sel(&fw, FW_CFG_NB_CPUS);
    QCHECK_EQ(rd_le(&fw, 2), 3);
    QCHECK_EQ(rd(&fw), 0);
    sel(&fw, FW_CFG_MAX_CPUS);
    QCHECK_EQ(rd_le(&fw, 2), 3);
    sel(&fw, FW_CFG_RAM_SIZE);
    QCHECK_EQ(rd_le(&fw, 8), 0x123456789ull);
    QCHECK_EQ(rd(&fw), 0);
    /* A 4-byte read of the data port yields four consecutive bytes. */
    sel(&fw, FW_CFG_RAM_SIZE);
    QCHECK_EQ(fw_cfg_io_read(&fw, NULL, 1, 4), 0x23456789u);
}

QTEST(fw_cfg_unknown_keys_and_writes)
{
    struct fw_cfg fw;
    fw_cfg_init(&fw, 1, MiB(64));
    sel(&fw, 0x8003);                    /* arch-local E820 table: not provided */
    QCHECK_EQ(rd_le(&fw, 8), 0);
    sel(&fw, 0x0020);                    /* first file key without files */
    QCHECK_EQ(rd(&fw), 0);
    /* Byte writes to either port are data writes: ignored, selector unchanged. */
    sel(&fw, FW_CFG_NB_CPUS);
    fw_cfg_io_write(&fw, NULL, 0, 1, 0x00);
    fw_cfg_io_write(&fw, NULL, 1, 1, 0x55);
    QCHECK_EQ(rd(&fw), 1);
    /* The write-channel bit does not change which item is read. */
    sel(&fw, 0x4000 | FW_CFG_NB_CPUS);
    QCHECK_EQ(rd(&fw), 1);
    QCHECK_EQ(fw_cfg_io_read(&fw, NULL, 2, 1), 0);   /* outside the range */
}

QTEST(fw_cfg_file_directory)
{
    static const char cmdline[] = "console=ttyS0";
    static const uint8_t blob[3] = { 0xde, 0xad, 0x00 };
    struct fw_cfg fw;
    fw_cfg_init(&fw, 1, MiB(128));
    QCHECK_EQ(fw_cfg_add_file(&fw, "etc/qv/cmdline", cmdline, sizeof cmdline - 1), QV_OK);
    QCHECK_EQ(fw_cfg_add_file(&fw, "etc/qv/blob", blob, sizeof blob), QV_OK);
    QCHECK_EQ(fw_cfg_add_file(&fw, "etc/qv/blob", blob, 1), QV_ERR_EXIST);
    QCHECK_EQ(fw_cfg_add_file(&fw, "", blob, 1), QV_ERR_INVAL);
    QCHECK_EQ(fw_cfg_add_file(&fw, "x", NULL, 1), QV_ERR_INVAL);
    char longname[FW_CFG_NAME_MAX + 1];
    memset(longname, 'a', sizeof longname - 1);
    longname[FW_CFG_NAME_MAX] = 0;
    QCHECK_EQ(fw_cfg_add_file(&fw, longname, blob, 1), QV_ERR_INVAL);
    longname[FW_CFG_NAME_MAX - 1] = 0;   /* 55 characters + NUL fits */
    QCHECK_EQ(fw_cfg_add_file(&fw, longname, blob, 1), QV_OK);

    sel(&fw, FW_CFG_FILE_DIR);
    QCHECK_EQ(rd_be(&fw, 4), 3);
    /* entry 0 */
    QCHECK_EQ(rd_be(&fw, 4), sizeof cmdline - 1);
    QCHECK_EQ(rd_be(&fw, 2), 0x20);
    QCHECK_EQ(rd_be(&fw, 2), 0);
    char name[FW_CFG_NAME_MAX];
    for (unsigned i = 0; i < sizeof name; i++)
        name[i] = (char)rd(&fw);
    QCHECK(strcmp(name, "etc/qv/cmdline") == 0);
    QCHECK_EQ(name[FW_CFG_NAME_MAX - 1], 0);
    /* entry 1 */
    QCHECK_EQ(rd_be(&fw, 4), 3);
    QCHECK_EQ(rd_be(&fw, 2), 0x21);
    rd_be(&fw, 2);
    for (unsigned i = 0; i < sizeof name; i++)
        name[i] = (char)rd(&fw);
    QCHECK(strcmp(name, "etc/qv/blob") == 0);
    /* entry 2, then past the directory */
    QCHECK_EQ(rd_be(&fw, 4), 1);
    QCHECK_EQ(rd_be(&fw, 2), 0x22);
    rd_be(&fw, 2);
    for (unsigned i = 0; i < sizeof name; i++)
        name[i] = (char)rd(&fw);
    QCHECK(strcmp(name, longname) == 0);
    QCHECK_EQ(rd_be(&fw, 8), 0);

    /* File contents, then zeros past the end. */
    sel(&fw, 0x20);
    char got[sizeof cmdline] = { 0 };
    for (unsigned i = 0; i < sizeof cmdline - 1; i++)
        got[i] = (char)rd(&fw);
    QCHECK(strcmp(got, cmdline) == 0);
    QCHECK_EQ(rd(&fw), 0);
    sel(&fw, 0x21);
    QCHECK_EQ(rd_le(&fw, 3), 0x00adde);
    QCHECK_EQ(rd(&fw), 0);
    sel(&fw, 0x23);                      /* one past the last file */
    QCHECK_EQ(rd(&fw), 0);
}

QTEST(fw_cfg_file_limit_and_register)
{
    static const uint8_t b = 1;
    struct fw_cfg fw;
    fw_cfg_init(&fw, 1, MiB(64));
    char name[8];
    for (unsigned i = 0; i < FW_CFG_MAX_FILES; i++) {
        snprintf(name, sizeof name, "f%u", i);
        QCHECK_EQ(fw_cfg_add_file(&fw, name, &b, 1), QV_OK);
    }
    QCHECK_EQ(fw_cfg_add_file(&fw, "more", &b, 1), QV_ERR_LIMIT);

    struct iobus bus = { 0 };
    QCHECK_EQ(fw_cfg_register(&bus, &fw), QV_OK);
    iobus_pio_write(&bus, NULL, 0x510, 2, FW_CFG_SIGNATURE);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x511, 1), 'Q');
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x511, 1), 'E');
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x512, 1), 0xff);   /* not claimed */
}
