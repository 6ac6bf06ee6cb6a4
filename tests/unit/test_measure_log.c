/* core/boot/measure_log.c: the loaders' measurement log. */
#include <string.h>
#include "qtest.h"
#include "core/boot/measure_log.h"
#include "lib/errors.h"

static size_t put_entry(uint8_t *p, uint32_t flags, uint64_t len, uint8_t fill, const char *name)
{
    size_t esz = (48 + strlen(name) + 1 + 7) & ~7u;
    memset(p, 0, esz);
    uint32_t e32 = (uint32_t)esz;
    memcpy(p, &e32, 4);
    memcpy(p + 4, &flags, 4);
    memcpy(p + 8, &len, 8);
    memset(p + 16, fill, 32);
    memcpy(p + 48, name, strlen(name));
    return esz;
}

static size_t build(uint8_t *buf)
{
    size_t off = 24;
    off += put_entry(buf + off, 2, 100, 0x11, "BOOT.CFG");
    off += put_entry(buf + off, 1, 4096, 0x22, "quantavirt.elf");
    memcpy(buf, "QVML", 4);
    buf[4] = 1; buf[5] = 0; buf[6] = 1; buf[7] = 0;
    uint32_t count = 2, total = (uint32_t)off;
    memcpy(buf + 8, &count, 4);
    memcpy(buf + 12, &total, 4);
    memcpy(buf + 16, "uefi\0\0\0\0", 8);
    return off;
}

QTEST(mlog_valid)
{
    uint8_t buf[512] = { 0 };
    size_t n = build(buf);
    struct mlog m;
    QCHECK_EQ(mlog_parse(buf, n, &m), QV_OK);
    QCHECK_EQ(m.count, 2);
    QCHECK(strcmp(m.loader, "uefi") == 0);
    QCHECK(strcmp(m.e[1].name, "quantavirt.elf") == 0);
    QCHECK_EQ(m.e[1].flags, MLOG_FLAG_VERIFIED);
    QCHECK_EQ(m.e[1].data_len, 4096);
    QCHECK_EQ(m.e[0].sha3_256[31], 0x11);
}

QTEST(mlog_malformed)
{
    uint8_t buf[512] = { 0 };
    size_t n = build(buf);
    struct mlog m;
    for (size_t cut = 0; cut < n; cut++) /* every truncation is refused */
        QCHECK(mlog_parse(buf, cut, &m) != QV_OK);
    uint8_t bad[512];
    memcpy(bad, buf, n);
    bad[0] = 'X';
    QCHECK_EQ(mlog_parse(bad, n, &m), QV_ERR_CORRUPT);
    memcpy(bad, buf, n);
    bad[24] = 7; /* entry size not a multiple of 8 */
    QCHECK_EQ(mlog_parse(bad, n, &m), QV_ERR_CORRUPT);
    memcpy(bad, buf, n);
    memset(bad + 24 + 48, 'A', 16); /* name without NUL inside its entry */
    QCHECK_EQ(mlog_parse(bad, n, &m), QV_ERR_CORRUPT);
    memcpy(bad, buf, n);
    uint32_t huge = 0x10000;
    memcpy(bad + 8, &huge, 4); /* more entries than bytes */
    QCHECK(mlog_parse(bad, n, &m) != QV_OK);
}
