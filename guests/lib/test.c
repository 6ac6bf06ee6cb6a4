#include "test.h"
#include "console.h"

static unsigned passed, failed;

bool test_check(const char *name, bool ok, const char *fmt, ...)
{
    if (ok) {
        passed++;
        con_printf("PASS: %s\n", name);
        return true;
    }
    failed++;
    con_printf("FAIL: %s ", name);
    va_list ap;
    va_start(ap, fmt);
    con_vprintf(fmt, ap);
    va_end(ap);
    con_putc('\n');
    return false;
}

void test_skip(const char *name, const char *why)
{
    con_printf("SKIP: %s %s\n", name, why);
}

int test_summary(void)
{
    con_printf("SUMMARY: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
