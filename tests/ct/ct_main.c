/* pqc-ct: runs registered constant-time cases. `pqc-ct --list` prints the
 * case names, `pqc-ct NAME` runs one case (run.sh starts one valgrind per
 * case to report them separately), no argument runs all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ct.h"

#define MAX_CASES 512
static struct { const char *name; ct_fn fn; } cases[MAX_CASES];
static size_t ncases;

void ct_register(const char *name, ct_fn fn)
{
    if (ncases == MAX_CASES) {
        fprintf(stderr, "pqc-ct: too many cases\n");
        exit(2);
    }
    cases[ncases].name = name;
    cases[ncases].fn = fn;
    ncases++;
}

void *ct_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "pqc-ct: out of memory\n");
        exit(2);
    }
    return p;
}

#ifdef CT_SELFTEST
/* Deliberately leaky cases: run.sh --selftest requires valgrind to flag both,
 * and to accept the clean one, proving the harness can fail. */
static volatile int ct_sink;
__attribute__((noinline)) static void ct_touch(int v) { ct_sink += v; }

static void selftest_branch(void)
{
    uint8_t k[16];
    ct_fill(k, sizeof k, 1);
    ct_secret(k, sizeof k);
    if (k[3] & 1) /* secret-dependent branch */
        ct_touch(1);
}
CT_CASE(selftest_bad_branch, selftest_branch)

static void selftest_index(void)
{
    static const uint8_t table[256] = { 1, 2, 3 };
    uint8_t k[16];
    ct_fill(k, sizeof k, 2);
    ct_secret(k, sizeof k);
    uint8_t v = table[k[5]]; /* secret-dependent memory index */
    ct_public(&v, 1);
    ct_touch(v);
}
CT_CASE(selftest_bad_index, selftest_index)

static void selftest_clean(void)
{
    uint8_t k[16], m = 0;
    ct_fill(k, sizeof k, 3);
    ct_secret(k, sizeof k);
    for (size_t i = 0; i < sizeof k; i++)
        m |= (uint8_t)(k[i] ^ 0x5a); /* data flow only */
    ct_public(&m, 1);
    ct_touch(m);
}
CT_CASE(selftest_clean, selftest_clean)
#endif

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < ncases; i++)
            printf("%s\n", cases[i].name);
        return 0;
    }
    size_t ran = 0;
    for (size_t i = 0; i < ncases; i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name))
            continue;
        cases[i].fn();
        ran++;
    }
    if (ran == 0) {
        fprintf(stderr, "pqc-ct: no case named %s\n", argc > 1 ? argv[1] : "(any)");
        return 2;
    }
    return 0;
}
