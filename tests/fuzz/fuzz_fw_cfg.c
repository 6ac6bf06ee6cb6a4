/* libFuzzer target: arbitrary port accesses (any offset, size, value) on
 * fw_cfg with two files. Checks reads never exceed the access width, bytes
 * past an item's end read 0, and the device still serves correct items
 * afterwards. */
#include <stdlib.h>
#include <string.h>
#include "devices/fw_cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t file_a[5] = { 1, 2, 3, 4, 5 };
    struct fw_cfg fw;
    fw_cfg_init(&fw, 4, 1ull << 30);
    fw_cfg_add_file(&fw, "etc/a", file_a, sizeof file_a);
    fw_cfg_add_file(&fw, "etc/empty", NULL, 0);
    while (size >= 4) {
        uint8_t op = data[0], off = data[1], sz = data[2], val = data[3];
        uint64_t value = (uint64_t)val * 0x0101010101010101ull ^ ((uint64_t)op << 8);
        data += 4;
        size -= 4;
        unsigned s = sz % 10;   /* includes the invalid sizes 0 and 9 */
        if (op & 1) {
            fw_cfg_io_write(&fw, NULL, off % 4, s, op & 2 ? val : value);
        } else {
            uint64_t r = fw_cfg_io_read(&fw, NULL, off % 4, s);
            if (s < 8 && (r >> (8 * s)) != 0)
                abort();
        }
        if (fw.selector == 0x20 && fw.offset > sizeof file_a &&
            fw_cfg_io_read(&fw, NULL, 1, 1) != 0)
            abort();
    }
    fw_cfg_io_write(&fw, NULL, 0, 2, FW_CFG_SIGNATURE);
    if (fw_cfg_io_read(&fw, NULL, 1, 4) != 0x554d4551)   /* "QEMU" */
        abort();
    fw_cfg_io_write(&fw, NULL, 0, 2, 0x20);
    if (fw_cfg_io_read(&fw, NULL, 1, 8) != 0x0504030201ull)
        abort();
    return 0;
}
