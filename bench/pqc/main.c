/* pqc-bench: cycles per operation for every registered case, median and mean
 * over many runs, pinned to one CPU. Usage: pqc-bench [-n RUNS] [FILTER]
 * (FILTER: substring of the case name). TSC ticks are reported as cycles;
 * turbo/frequency scaling makes them differ from core cycles, so compare
 * numbers from the same machine only. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

#define MAX_CASES 512
static struct { const char *name; bench_fn setup, fn; } cases[MAX_CASES];
static size_t ncases;
static volatile uint8_t sink;

void bench_register(const char *name, bench_fn setup, bench_fn fn)
{
    if (ncases == MAX_CASES) {
        fprintf(stderr, "pqc-bench: too many cases\n");
        exit(2);
    }
    cases[ncases].name = name;
    cases[ncases].setup = setup;
    cases[ncases].fn = fn;
    ncases++;
}

void bench_consume(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        sink ^= b[i];
}

void *bench_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "pqc-bench: out of memory\n");
        exit(2);
    }
    return p;
}

/* lfence orders rdtsc after the preceding instructions (Intel SDM vol. 2,
 * RDTSC; AMD documents the same for lfence when it is dispatch-serialising). */
static inline uint64_t ticks(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void pin(void)
{
    cpu_set_t set;
    int cpu = sched_getcpu();
    const char *env = getenv("BENCH_CPU");
    if (env)
        cpu = atoi(env);
    CPU_ZERO(&set);
    CPU_SET(cpu < 0 ? 0 : cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        fprintf(stderr, "pqc-bench: could not pin to CPU %d (numbers will be noisier)\n", cpu);
    else
        printf("# pinned to CPU %d\n", cpu < 0 ? 0 : cpu);
}

int main(int argc, char **argv)
{
    size_t runs = 1000;
    const char *filter = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = (size_t)strtoul(argv[++i], NULL, 10);
        else
            filter = argv[i];
    }
    if (runs < 3)
        runs = 3;
    pin();
    uint64_t *t = bench_alloc(runs * sizeof(uint64_t));
    printf("# %-38s %12s %12s %8s\n", "operation", "median", "mean", "runs");
    for (size_t c = 0; c < ncases; c++) {
        if (filter && !strstr(cases[c].name, filter))
            continue;
        if (cases[c].setup)
            cases[c].setup();
        for (int w = 0; w < 3; w++) /* warm caches and branch predictors */
            cases[c].fn();
        /* At most ~2 s per case: the slow SLH-DSA "s" sets get fewer runs. */
        uint64_t start = now_ns();
        size_t n = 0;
        while (n < runs) {
            uint64_t t0 = ticks();
            cases[c].fn();
            t[n++] = ticks() - t0;
            if (n >= 11 && now_ns() - start > 2000000000u)
                break;
        }
        uint64_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += t[i];
        qsort(t, n, sizeof t[0], cmp_u64);
        uint64_t median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
        printf("%-40s %12llu %12llu %8zu\n", cases[c].name, (unsigned long long)median,
               (unsigned long long)(sum / n), n);
        fflush(stdout);
    }
    free(t);
    return 0;
}
