/* SLH-DSA (FIPS 205) benchmarks through the registry descriptors: key
 * generation, deterministic signing of a 64-byte message and verification.
 * Signing the 's' sets takes seconds, so only the 128s ones are timed. */
#include <string.h>
#include "bench.h"
#include "pqc/pqc.h"

struct slh_bench {
    const char *name;
    const struct pqc_sig_alg *a;
    uint8_t pk[64], sk[128], seed[96], msg[64];
    uint8_t *sig;
    void *work;
};

/* Shared by the three cases of a set: key and signature are made once. */
static void setup(struct slh_bench *b)
{
    if (b->a)
        return;
    b->a = pqc_sw_find_sig(b->name);
    b->work = bench_alloc(b->a->work_len);
    b->sig = bench_alloc(b->a->sig_len);
    memset(b->seed, 0x5a, sizeof(b->seed));
    memset(b->msg, 0xa5, sizeof(b->msg));
    b->a->keygen(b->pk, b->sk, b->seed, b->work);
    b->a->sign(b->sig, b->sk, b->msg, sizeof(b->msg), NULL, 0, NULL, b->work);
}

#define SLH_BENCH(id, str)                                                         \
    static struct slh_bench id = { .name = str };                                            \
    static void id##_setup(void) { setup(&id); }                                             \
    static void id##_keygen(void)                                                            \
    {                                                                                        \
        id.a->keygen(id.pk, id.sk, id.seed, id.work);                                        \
        bench_consume(id.pk, id.a->pk_len);                                                  \
    }                                                                                        \
    static void id##_sign(void)                                                              \
    {                                                                                        \
        id.a->sign(id.sig, id.sk, id.msg, sizeof(id.msg), NULL, 0, NULL, id.work);           \
        bench_consume(id.sig, 16);                                                           \
    }                                                                                        \
    static void id##_verify(void)                                                            \
    {                                                                                        \
        int rc = id.a->verify(id.pk, id.msg, sizeof(id.msg), NULL, 0, id.sig, id.a->sig_len, \
                              id.work);                                                      \
        bench_consume(&rc, sizeof(rc));                                                      \
    }                                                                                        \
    BENCH_CASE(id##_kg, str " keygen", id##_setup, id##_keygen)                              \
    BENCH_CASE(id##_sg, str " sign", id##_setup, id##_sign)                                  \
    BENCH_CASE(id##_vf, str " verify", id##_setup, id##_verify)

SLH_BENCH(sha2_128f, "SLH-DSA-SHA2-128f")
SLH_BENCH(shake_128f, "SLH-DSA-SHAKE-128f")
SLH_BENCH(sha2_192f, "SLH-DSA-SHA2-192f")
SLH_BENCH(shake_192f, "SLH-DSA-SHAKE-192f")
SLH_BENCH(sha2_256f, "SLH-DSA-SHA2-256f")
SLH_BENCH(shake_256f, "SLH-DSA-SHAKE-256f")
SLH_BENCH(sha2_128s, "SLH-DSA-SHA2-128s")
SLH_BENCH(shake_128s, "SLH-DSA-SHAKE-128s")
