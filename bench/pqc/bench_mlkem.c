/* ML-KEM cycle benchmarks through the registered descriptors (what the
 * hypervisor calls). Targets for ML-KEM-768: keygen/encaps/decaps <= 94K /
 * 110K / 143K cycles. */
#include "bench.h"
#include "pqc/pqc.h"

struct kem_bench {
    const char *name;
    const struct pqc_kem_alg *alg;
    uint8_t seed[64], m[32], ss[32];
    uint8_t ek[1568], dk[3168], ct[1568];
    void *work;
};

static void kb_setup(struct kem_bench *b)
{
    if (b->alg)
        return;
    b->alg = pqc_sw_find_kem(b->name);
    b->work = bench_alloc(b->alg->work_len);
    for (unsigned i = 0; i < 64; i++)
        b->seed[i] = (uint8_t)(i * 7 + 1);
    for (unsigned i = 0; i < 32; i++)
        b->m[i] = (uint8_t)(i * 13 + 5);
    b->alg->keygen(b->ek, b->dk, b->seed, b->work);
    b->alg->encaps(b->ct, b->ss, b->ek, b->m, b->work);
}

#define KEM_BENCH(lvl)                                                                 \
    static struct kem_bench kb##lvl = { .name = "ML-KEM-" #lvl };                      \
    static void setup##lvl(void) { kb_setup(&kb##lvl); }                               \
    static void keygen##lvl(void)                                                      \
    {                                                                                  \
        kb##lvl.alg->keygen(kb##lvl.ek, kb##lvl.dk, kb##lvl.seed, kb##lvl.work);       \
        bench_consume(kb##lvl.ek, 32);                                                 \
    }                                                                                  \
    static void encaps##lvl(void)                                                      \
    {                                                                                  \
        kb##lvl.alg->encaps(kb##lvl.ct, kb##lvl.ss, kb##lvl.ek, kb##lvl.m, kb##lvl.work); \
        bench_consume(kb##lvl.ss, 32);                                                 \
    }                                                                                  \
    static void decaps##lvl(void)                                                      \
    {                                                                                  \
        kb##lvl.alg->decaps(kb##lvl.ss, kb##lvl.ct, kb##lvl.dk, kb##lvl.work);         \
        bench_consume(kb##lvl.ss, 32);                                                 \
    }                                                                                  \
    BENCH_CASE(mlkem##lvl##_keygen, "ML-KEM-" #lvl " keygen", setup##lvl, keygen##lvl) \
    BENCH_CASE(mlkem##lvl##_encaps, "ML-KEM-" #lvl " encaps", setup##lvl, encaps##lvl) \
    BENCH_CASE(mlkem##lvl##_decaps, "ML-KEM-" #lvl " decaps", setup##lvl, decaps##lvl)

KEM_BENCH(512)
KEM_BENCH(768)
KEM_BENCH(1024)
