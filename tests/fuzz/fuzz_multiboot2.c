/* libFuzzer target: mb2_parse on arbitrary bytes. The input is copied into an
 * 8-aligned heap buffer of exactly its size, so ASan flags any read past
 * `avail`. On success the extracted data must respect the parser's limits. */
#include <stdlib.h>
#include <string.h>
#include "core/boot/multiboot2.h"
#include "lib/errors.h"

static struct mb2_info info;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    int rc = mb2_parse(buf, size, &info);
    if (rc == QV_OK) {
        if (info.total_size > size || info.mmap_count > MB2_MAX_MMAP ||
            info.module_count > MB2_MAX_MODULES ||
            strnlen(info.cmdline, sizeof info.cmdline) == sizeof info.cmdline ||
            info.rsdp_len > MB2_RSDP_MAX)
            abort();
        for (uint32_t i = 0; i < info.module_count; i++)
            if (info.modules[i].start >= info.modules[i].end)
                abort();
        (void)mb2_mmap_type_name(info.mmap_count ? info.mmap[0].type : 0);
    } else if (rc != QV_ERR_CORRUPT && rc != QV_ERR_TRUNCATED) {
        abort();
    } else if (info.error[0] == 0) {
        abort(); /* every failure carries a message */
    }
    free(buf);
    return 0;
}
