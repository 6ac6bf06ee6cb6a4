/* Hash benchmarks: short inputs as used inside ML-KEM/ML-DSA/SLH-DSA, and a
 * 4 KiB page as used for image and page hashing. */
#include "bench.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"

static uint8_t msg[4096], out[168];

static void b_keccak(void)
{
    static uint64_t s[25];
    keccak_f1600(s);
    bench_consume(s, 8);
}
BENCH_CASE(keccak, "Keccak-f[1600]", NULL, b_keccak)
static void b_sha3_64(void) { sha3_256(out, msg, 64); bench_consume(out, 32); }
BENCH_CASE(sha3_64, "SHA3-256 64 B", NULL, b_sha3_64)
static void b_sha3_4k(void) { sha3_256(out, msg, 4096); bench_consume(out, 32); }
BENCH_CASE(sha3_4k, "SHA3-256 4 KiB", NULL, b_sha3_4k)
static void b_sha3_512_4k(void) { sha3_512(out, msg, 4096); bench_consume(out, 64); }
BENCH_CASE(sha3_512_4k, "SHA3-512 4 KiB", NULL, b_sha3_512_4k)
static void b_shake128(void) { shake128(out, 168, msg, 34); bench_consume(out, 168); }
BENCH_CASE(shake128, "SHAKE128 34 B -> 168 B", NULL, b_shake128)
static void b_shake256(void) { shake256(out, 136, msg, 64); bench_consume(out, 136); }
BENCH_CASE(shake256, "SHAKE256 64 B -> 136 B", NULL, b_shake256)
static void b_sha256_4k(void) { sha256(out, msg, 4096); bench_consume(out, 32); }
BENCH_CASE(sha256_4k, "SHA-256 4 KiB", NULL, b_sha256_4k)
static void b_sha512_4k(void) { sha512(out, msg, 4096); bench_consume(out, 64); }
BENCH_CASE(sha512_4k, "SHA-512 4 KiB", NULL, b_sha512_4k)
