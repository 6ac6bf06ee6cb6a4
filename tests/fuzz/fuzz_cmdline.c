/* libFuzzer target: cmdline_parse on arbitrary NUL-terminated text. Checks the
 * validate-then-commit contract (output untouched on error) and that a
 * successful parse always yields in-range values. */
#include <stdlib.h>
#include <string.h>
#include "core/boot/cmdline.h"
#include "lib/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct qv_cmdline c, before;
    char err[96];
    memset(&c, 0xa5, sizeof c);
    before = c;
    int rc = cmdline_parse(s, &c, err, sizeof err);
    if (rc == QV_OK) {
        if (c.loglevel > 7 || c.maxcpus < 1 || c.maxcpus > CMDLINE_MAX_CPUS ||
            c.sched > QV_SCHED_RTDS || (c.nosmp && c.maxcpus != 1) ||
            strnlen(c.test, CMDLINE_TEST_MAX) == CMDLINE_TEST_MAX)
            abort();
        for (uint32_t i = 0; i < c.unknown_count && i < CMDLINE_MAX_UNKNOWN; i++)
            if (strnlen(c.unknown[i], CMDLINE_UNKNOWN_NAME_MAX) == CMDLINE_UNKNOWN_NAME_MAX)
                abort();
    } else if (memcmp(&c, &before, sizeof c) != 0 || err[0] == 0) {
        abort();
    }
    free(s);
    return 0;
}
