/* HMAC / HKDF / DRBG benchmarks. */
#include "bench.h"
#include "pqc/mac/hkdf.h"
#include "pqc/mac/hmac.h"
#include "pqc/rng/drbg.h"

static uint8_t key[32] = { 1 }, msg[64], out[256];
static struct pqc_drbg drbg;

static void b_hmac256(void) { hmac(PQC_HASH_SHA256, key, 32, msg, 64, out); bench_consume(out, 32); }
BENCH_CASE(hmac256, "HMAC-SHA-256 64 B", NULL, b_hmac256)
static void b_hmac3(void) { hmac(PQC_HASH_SHA3_256, key, 32, msg, 64, out); bench_consume(out, 32); }
BENCH_CASE(hmac3, "HMAC-SHA3-256 64 B", NULL, b_hmac3)
static void b_hkdf3(void)
{
    hkdf(PQC_HASH_SHA3_256, key, 32, msg, 64, key, 8, out, 64);
    bench_consume(out, 64);
}
BENCH_CASE(hkdf3, "HKDF-SHA3-256 -> 64 B", NULL, b_hkdf3)
static void s_drbg(void)
{
    uint8_t seed[96] = { 7 };
    drbg.reseed_interval = PQC_DRBG_MAX_RESEED_INTERVAL;
    pqc_drbg_instantiate_raw(&drbg, seed, 64, seed + 64, 32, NULL, 0);
}
static void b_drbg(void) { pqc_drbg_generate_raw(&drbg, out, 32, NULL, 0); bench_consume(out, 32); }
BENCH_CASE(drbg32, "HMAC_DRBG-SHA-512 generate 32 B", s_drbg, b_drbg)
