/* PQC cycle benchmark (make bench-pqc, bench/pqc/run.sh). Not a test.
 *
 *   static uint8_t ek[1184], dk[2400], ct[1088], ss[32], *work;
 *   static void setup(void) { ... keygen once ... }
 *   static void decaps(void) { alg->decaps(ss, ct, dk, work); }
 *   BENCH_CASE(mlkem768_decaps, "ML-KEM-768 decaps", setup, decaps)
 *
 * setup (may be NULL) runs once, untimed; fn is one operation, timed with
 * rdtsc over many runs. Built like the hypervisor (-O2 -mgeneral-regs-only
 * -mno-red-zone, no SIMD): no floating point in bench code. */
#ifndef QV_BENCH_H
#define QV_BENCH_H
#include <stddef.h>
#include <stdint.h>

typedef void (*bench_fn)(void);
void bench_register(const char *name, bench_fn setup, bench_fn fn);

#define BENCH_CASE(id, name, setup, fn)                                  \
    __attribute__((constructor)) static void bench_reg_##id(void)       \
    {                                                                    \
        bench_register(name, setup, fn);                                 \
    }

/* Keeps results alive so the compiler cannot drop the timed work. */
void bench_consume(const void *p, size_t n);
/* Zeroed heap scratch (descriptor work_len), exits on OOM. */
void *bench_alloc(size_t n);

#endif
