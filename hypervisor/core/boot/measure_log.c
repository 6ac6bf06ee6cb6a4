/* See measure_log.h. Pure logic (host-tested). */
#include "core/boot/measure_log.h"
#include "lib/errors.h"
#include "lib/string.h"

#define HDR 24

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

int mlog_parse(const void *log, size_t size, struct mlog *out)
{
    const uint8_t *p = log;
    memset(out, 0, sizeof *out);
    if (!p || size < HDR)
        return QV_ERR_TRUNCATED;
    if (memcmp(p, "QVML", 4) || p[4] != 1 || p[5] != 0 || p[6] != 1 || p[7] != 0)
        return QV_ERR_CORRUPT; /* magic, version 1, hash 1 = SHA3-256 */
    uint32_t count = rd32(p + 8), total = rd32(p + 12);
    if (total < HDR || total > size)
        return QV_ERR_TRUNCATED;
    memcpy(out->loader, p + 16, 8);
    size_t off = HDR;
    for (uint32_t i = 0; i < count; i++) {
        if (total - off < 48)
            return QV_ERR_TRUNCATED;
        const uint8_t *e = p + off;
        uint32_t esz = rd32(e);
        if (esz < 49 || (esz & 7) || esz > total - off)
            return QV_ERR_CORRUPT;
        if (i < MLOG_MAX_ENTRIES) {
            struct mlog_entry *d = &out->e[i];
            d->flags = rd32(e + 4);
            d->data_len = rd64(e + 8);
            memcpy(d->sha3_256, e + 16, 32);
            size_t n = 0, room = esz - 48;
            while (n < room && n < MLOG_NAME_MAX - 1 && e[48 + n])
                n++;
            if (n == room)
                return QV_ERR_CORRUPT; /* name not NUL-terminated inside its entry */
            memcpy(d->name, e + 48, n);
            d->name[n] = 0;
            out->count = i + 1;
        }
        off += esz;
    }
    return QV_OK;
}
