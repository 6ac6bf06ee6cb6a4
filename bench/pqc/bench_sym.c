/* Symmetric primitive and X25519 benchmarks: single AES blocks and key
 * schedule, and 4 KiB (one page / sector run) for the AEADs and XTS as used
 * for encrypted storage and migration. */
#include "bench.h"
#include "pqc/sym/aes.h"
#include "pqc/sym/gcm.h"
#include "pqc/sym/xts.h"
#include "pqc/sym/chacha20poly1305.h"
#include "pqc/ecc/x25519.h"

static uint8_t key[64], iv[12], buf[4096], out[4096], tag[16], xk[32], xu[32] = { 9 };
static aes256_ctx aes;
static aes256_gcm_ctx gcm;
static aes256_xts_ctx xts;

static void setup(void)
{
    for (unsigned i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 29 + 7);
    for (unsigned i = 0; i < sizeof xk; i++)
        xk[i] = (uint8_t)(i * 13 + 1);
    aes256_init(&aes, key);
    aes256_gcm_init(&gcm, key);
    aes256_xts_init(&xts, key);
}

static void b_aes_key(void) { aes256_init(&aes, key); bench_consume(&aes, sizeof aes); }
BENCH_CASE(aes256_key, "AES-256 key schedule", setup, b_aes_key)
static void b_aes_enc(void) { aes256_encrypt_block(&aes, out, buf); bench_consume(out, 16); }
BENCH_CASE(aes256_enc, "AES-256 encrypt 1 block", setup, b_aes_enc)
static void b_aes_dec(void) { aes256_decrypt_block(&aes, out, buf); bench_consume(out, 16); }
BENCH_CASE(aes256_dec, "AES-256 decrypt 1 block", setup, b_aes_dec)

static void b_gcm_enc(void)
{
    aes256_gcm_encrypt(&gcm, iv, sizeof iv, NULL, 0, buf, sizeof buf, out, tag);
    bench_consume(tag, 16);
}
BENCH_CASE(gcm_4k, "AES-256-GCM encrypt 4 KiB", setup, b_gcm_enc)

static void b_xts_enc(void)
{
    uint8_t tw[16];
    aes256_xts_sector_tweak(tw, 42);
    aes256_xts_encrypt(&xts, tw, buf, sizeof buf, out);
    bench_consume(out, 16);
}
BENCH_CASE(xts_4k, "AES-256-XTS encrypt 4 KiB", setup, b_xts_enc)

static void b_chapoly(void)
{
    chacha20poly1305_seal(key, iv, NULL, 0, buf, sizeof buf, out, tag);
    bench_consume(tag, 16);
}
BENCH_CASE(chapoly_4k, "ChaCha20-Poly1305 seal 4 KiB", setup, b_chapoly)

static void b_x25519(void) { x25519_scalarmult(out, xk, xu); bench_consume(out, 32); }
BENCH_CASE(x25519, "X25519 scalar multiplication", setup, b_x25519)
