/* lib/: qv_vsnprintf against the host libc, error tables. */
#include <stdio.h>
#include <string.h>
#include "qtest.h"
#include "lib/errors.h"
#include "lib/printf.h"

#define SAME(...)                                                            \
    do {                                                                     \
        char a[128], b[128];                                                 \
        int na = qv_snprintf(a, sizeof a, __VA_ARGS__);                      \
        int nb = snprintf(b, sizeof b, __VA_ARGS__);                         \
        QCHECK_EQ(na, nb);                                                   \
        if (strcmp(a, b)) printf("  got '%s' want '%s'\n", a, b);            \
        QCHECK(strcmp(a, b) == 0);                                           \
    } while (0)

QTEST(printf_matches_libc)
{
    SAME("%d %i %u", 0, -42, 42u);
    SAME("%5d|%-5d|%05d|%+d|% d", 12, 12, -12, 7, 7);
    SAME("%x %X %#x %#X %08x %#010x", 0xbeefu, 0xbeefu, 0x1fu, 0x1fu, 0xabu, 0xabu);
    SAME("%lx %llx %lu %lld", 0xfffffffffUL, 0xffffffffffffffffULL, 123456789012UL, -9223372036854775807LL - 1);
    SAME("%zu %zd", (size_t)77, (ssize_t)-77);
    SAME("%hhx %hx %hd", 0x1ff, 0x1ffff, 70000);
    SAME("%s|%10s|%-10s|%.3s|%.*s", "abc", "abc", "abc", "abcdef", 2, "xyz");
    SAME("%c%c %%", 'o', 'k');
    SAME("%.5d %.0d %8.3x %o %#o", 42, 0, 0xau, 8u, 8u);
    SAME("%*d %-*d", 6, 1, 6, 2);
}

QTEST(printf_truncates)
{
    char b[5];
    int n = qv_snprintf(b, sizeof b, "%s", "hello world");
    QCHECK_EQ(n, 11);
    QCHECK(strcmp(b, "hell") == 0);
    QCHECK_EQ(qv_snprintf(NULL, 0, "%d", 12345), 5);
}

QTEST(errors_named)
{
    QCHECK_EQ(QV_ERR_NOVMX, -3);
    QCHECK(strcmp(qv_strerror_name(QV_ERR_NOVMX), "QV_ERR_NOVMX") == 0);
    QCHECK(strcmp(qv_strerror_name(0), "QV_OK") == 0);
    QCHECK(strcmp(qv_strerror_name(-99999), "QV_ERR_UNKNOWN") == 0);
    QCHECK(strcmp(qv_strerror_name(PQC_ERR_UNKNOWN_ALG), "PQC_ERR_UNKNOWN_ALG") == 0);
    QCHECK(qv_strerror(QV_ERR_NOMEM)[0] != 0);
}
