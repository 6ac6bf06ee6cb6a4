/* Minimal host unit-test harness.
 *
 *   QTEST(frame_alloc_basic) { QCHECK(x == 1); QCHECK_EQ(a, b); }
 *
 * Tests register themselves through a constructor; qtest.c's main runs them all
 * (or those whose name contains argv[1]) and prints "RESULT <prog> passed=N failed=M",
 * which tests/run-unit.sh sums. A failed check prints file:line and continues. */
#ifndef QTEST_H
#define QTEST_H
#include <stdint.h>
#include <stdio.h>

typedef void (*qtest_fn)(void);
void qtest_register(const char *name, qtest_fn fn);
void qtest_check(int ok, const char *expr, const char *file, int line);
void qtest_check_eq(unsigned long long a, unsigned long long b, const char *ea,
                    const char *eb, const char *file, int line);
void qtest_check_mem(const void *a, const void *b, unsigned long n, const char *ea,
                     const char *eb, const char *file, int line);

#define QTEST(name)                                                     \
    static void qtest_##name(void);                                     \
    __attribute__((constructor)) static void qtest_reg_##name(void)     \
    { qtest_register(#name, qtest_##name); }                            \
    static void qtest_##name(void)

#define QCHECK(e) qtest_check(!!(e), #e, __FILE__, __LINE__)
#define QCHECK_EQ(a, b) \
    qtest_check_eq((unsigned long long)(a), (unsigned long long)(b), #a, #b, __FILE__, __LINE__)
#define QCHECK_MEM(a, b, n) qtest_check_mem((a), (b), (n), #a, #b, __FILE__, __LINE__)

#endif
