/* Result reporting shared by the test guests: one `PASS: name`,
 * `FAIL: name ...` or `SKIP: name ...` line per check, then
 * `SUMMARY: N passed, M failed`. */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H
#include <stdbool.h>

/* Prints PASS or FAIL (with the formatted detail) and returns ok. */
bool test_check(const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void test_skip(const char *name, const char *why);
/* Prints the SUMMARY line; returns the exit code: 0 if nothing failed, else 1. */
int test_summary(void);

#endif
