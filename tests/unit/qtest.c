/* Host unit-test runner; see qtest.h. */
#include "qtest.h"
#include <stdlib.h>
#include <string.h>

#define QTEST_MAX 4096
static struct { const char *name; qtest_fn fn; } tests[QTEST_MAX];
static int ntests;
static unsigned long checks_passed, checks_failed;
static const char *current;

void qtest_register(const char *name, qtest_fn fn)
{
    if (ntests == QTEST_MAX) { fprintf(stderr, "qtest: too many tests\n"); exit(2); }
    tests[ntests].name = name;
    tests[ntests].fn = fn;
    ntests++;
}

void qtest_check(int ok, const char *expr, const char *file, int line)
{
    if (ok) { checks_passed++; return; }
    checks_failed++;
    printf("FAIL %s: %s:%d: %s\n", current, file, line, expr);
}

void qtest_check_eq(unsigned long long a, unsigned long long b, const char *ea,
                    const char *eb, const char *file, int line)
{
    if (a == b) { checks_passed++; return; }
    checks_failed++;
    printf("FAIL %s: %s:%d: %s == %s (0x%llx != 0x%llx)\n", current, file, line, ea, eb, a, b);
}

void qtest_check_mem(const void *a, const void *b, unsigned long n, const char *ea,
                     const char *eb, const char *file, int line)
{
    if (memcmp(a, b, n) == 0) { checks_passed++; return; }
    checks_failed++;
    printf("FAIL %s: %s:%d: memory %s != %s (%lu bytes)\n", current, file, line, ea, eb, n);
}

int main(int argc, char **argv)
{
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    const char *filter = argc > 1 ? argv[1] : NULL;
    int run = 0, failed_tests = 0;
    for (int i = 0; i < ntests; i++) {
        if (filter && !strstr(tests[i].name, filter))
            continue;
        unsigned long before = checks_failed;
        current = tests[i].name;
        tests[i].fn();
        run++;
        if (checks_failed != before)
            failed_tests++;
        else
            printf("  ok %s\n", tests[i].name);
    }
    printf("RESULT %s passed=%lu failed=%lu (%d tests, %d failing)\n", prog, checks_passed,
           checks_failed, run, failed_tests);
    if (run == 0) { printf("qtest: no test ran\n"); return 1; }
    return checks_failed ? 1 : 0;
}
