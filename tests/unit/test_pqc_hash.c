/* SHA-2 / SHA-3 / SHAKE known answers. Sources: FIPS 180-4 and FIPS 202 example
 * computations ("abc", the 448/896-bit two-block messages, one million 'a'),
 * NIST CAVS SHA256ShortMsg / SHA3_256ShortMsg (Len=8), plus 1000-byte
 * pattern messages cross-checked offline against Python hashlib (OpenSSL). */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"
#include "pqc_test_util.h"

static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                             "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

/* The 1000-byte pattern message m[i] = 7i+3 mod 256. */
static void pattern(uint8_t *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        m[i] = (uint8_t)(i * 7 + 3);
}

typedef void (*oneshot_fn)(uint8_t *out, const uint8_t *in, size_t len);
#define CHECK_HASH(fn, outlen, msg, len, hexmd)                 \
    do {                                                        \
        uint8_t got_[64], want_[64];                            \
        QCHECK_EQ(th_unhex(want_, sizeof want_, hexmd), outlen); \
        fn(got_, (const uint8_t *)(msg), len);                  \
        QCHECK_MEM(got_, want_, outlen);                        \
    } while (0)

QTEST(sha256_fips180_examples)
{
    CHECK_HASH(sha256, 32, "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK_HASH(sha256, 32, "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_HASH(sha256, 32, msg448, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK_HASH(sha224, 28, "abc", 3, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    CHECK_HASH(sha256, 32, "\xd3", 1, "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1");
}

QTEST(sha512_fips180_examples)
{
    CHECK_HASH(sha512, 64, "abc", 3,
               "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
               "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CHECK_HASH(sha512, 64, msg896, 112,
               "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
               "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
    CHECK_HASH(sha384, 48, "abc", 3,
               "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
               "8086072ba1e7cc2358baeca134c825a7");
    CHECK_HASH(sha384, 48, msg896, 112,
               "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
               "fcc7c71a557e2db966c3e9fa91746039");
}

QTEST(sha512_t_variants)
{
    uint8_t out[32], want[32];
    sha512_ctx c;
    sha512_224_init(&c);
    sha512_update(&c, (const uint8_t *)"abc", 3);
    sha512_final(&c, out);
    th_unhex(want, 28, "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa");
    QCHECK_MEM(out, want, 28);
    sha512_256_init(&c);
    sha512_update(&c, (const uint8_t *)"abc", 3);
    sha512_final(&c, out);
    th_unhex(want, 32, "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    QCHECK_MEM(out, want, 32);
}

QTEST(sha3_fips202_examples)
{
    CHECK_HASH(sha3_256, 32, "", 0, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    CHECK_HASH(sha3_256, 32, "abc", 3, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    CHECK_HASH(sha3_256, 32, "\xe9", 1, "f0d04dd1e6cfc29a4460d521796852f25d9ef8d28b44ee91ff5b759d72c1e6d6");
    CHECK_HASH(sha3_224, 28, "abc", 3, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
    CHECK_HASH(sha3_384, 48, "abc", 3,
               "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
               "98d88cea927ac7f539f1edf228376d25");
    CHECK_HASH(sha3_512, 64, "abc", 3,
               "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
               "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
    uint8_t a3[200];
    memset(a3, 0xa3, sizeof a3); /* FIPS 202 example: 1600-bit message of 0xa3 */
    CHECK_HASH(sha3_512, 64, a3, 200,
               "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca8"
               "1b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00");
}

QTEST(long_pattern_messages)
{
    uint8_t m[1000];
    pattern(m, sizeof m);
    CHECK_HASH(sha224, 28, m, 1000, "23729dacbd480285c5c68439e2fe22ca5611a63cd6c14d2ec5ae2c85");
    CHECK_HASH(sha256, 32, m, 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371");
    CHECK_HASH(sha384, 48, m, 1000,
               "94c38db521ca733b8904c2d14b6e82d33dcfcc26e1318c579dbee1fc2f472019"
               "034e792263b9d46e90e700de2f6e7e91");
    CHECK_HASH(sha512, 64, m, 1000,
               "00e36fccf193e59697a92b5ab24666ce6326d7fa16bf10832d0991ddc591112e"
               "9dfa6a636950ed9c4d67344a760654c2ff7785e1d60094d651038735b5dccabd");
    CHECK_HASH(sha3_224, 28, m, 1000, "56812d3d31242051de174106777f4108c791ab801f1569f73d57fa0b");
    CHECK_HASH(sha3_256, 32, m, 1000, "bd8b4d76041e0135e53fab1aaf425c7b1c129d8878ffb64cc31230ccafd7dc7c");
    CHECK_HASH(sha3_384, 48, m, 1000,
               "01269eed23d8f1c00d333933989211974c16fed038dfde30f8514168ae13e840"
               "9f565dbe4d81399b6ed23db9762f7989");
    CHECK_HASH(sha3_512, 64, m, 1000,
               "3d71681b54b99f11ddeb233b0a41b65896f7b30dda9e83d52864a4e818a09408"
               "e2f306028abe973298f96ee081a06e5ac8156cd7b856f0eb28270e1ca37bd0c6");
}

QTEST(million_a)
{
    uint8_t *m = malloc(1000000);
    memset(m, 'a', 1000000);
    CHECK_HASH(sha256, 32, m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK_HASH(sha512, 64, m, 1000000,
               "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
               "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
    CHECK_HASH(sha3_256, 32, m, 1000000, "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1");
    free(m);
}

QTEST(shake_variable_output)
{
    uint8_t out[1000], want[64], d[32];
    shake128(out, 32, (const uint8_t *)"", 0);
    th_unhex(want, 32, "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
    QCHECK_MEM(out, want, 32);
    shake256(out, 64, (const uint8_t *)"", 0);
    th_unhex(want, 64, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
                       "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be");
    QCHECK_MEM(out, want, 64);
    /* 1000 output bytes of a 1000-byte message (several absorb and squeeze
     * blocks), compared through their SHA-256. */
    uint8_t m[1000];
    pattern(m, sizeof m);
    shake128(out, 1000, m, 1000);
    sha256(d, out, 1000);
    th_unhex(want, 32, "292eef14ad56a0f9d1031d8c4c81097cc8b80d25c4e6c75ec9fca81784d740af");
    QCHECK_MEM(d, want, 32);
    shake256(out, 1000, m, 1000);
    sha256(d, out, 1000);
    th_unhex(want, 32, "86f1c308fae10c674a893868276acfc288a7207d8ff19c7cdcc83516db158fc6");
    QCHECK_MEM(d, want, 32);
}

/* Any split of the input into update calls, and of the output into squeeze
 * calls, must give the one-shot result (covers partial-block buffering). */
QTEST(incremental_equals_oneshot)
{
    uint8_t m[600], one[64], inc[64];
    pattern(m, sizeof m);
    static const size_t steps[] = { 1, 3, 7, 8, 63, 64, 65, 127, 128, 129, 135, 136, 137, 167, 168 };
    for (size_t si = 0; si < ARRAY_SIZE(steps); si++) {
        size_t st = steps[si];
        sha256_ctx c2; sha512_ctx c5; keccak_ctx k3, ks;
        sha256_init(&c2); sha512_init(&c5); sha3_256_init(&k3); shake128_init(&ks);
        for (size_t off = 0; off < sizeof m; off += st) {
            size_t n = MIN(st, sizeof m - off);
            sha256_update(&c2, m + off, n);
            sha512_update(&c5, m + off, n);
            keccak_absorb(&k3, m + off, n);
            keccak_absorb(&ks, m + off, n);
        }
        sha256_final(&c2, inc); sha256(one, m, sizeof m); QCHECK_MEM(inc, one, 32);
        sha512_final(&c5, inc); sha512(one, m, sizeof m); QCHECK_MEM(inc, one, 64);
        sha3_final(&k3, inc); sha3_256(one, m, sizeof m); QCHECK_MEM(inc, one, 32);
        uint8_t big1[500], big2[500];
        for (size_t off = 0; off < sizeof big1; off += st)
            keccak_squeeze(&ks, big1 + off, MIN(st, sizeof big1 - off));
        shake128(big2, sizeof big2, m, sizeof m);
        QCHECK_MEM(big1, big2, sizeof big1);
    }
}

QTEST(final_wipes_context)
{
    sha256_ctx c;
    uint8_t out[32], zero[sizeof c];
    sha256_init(&c);
    sha256_update(&c, (const uint8_t *)"secret", 6);
    sha256_final(&c, out);
    memset(zero, 0, sizeof zero);
    QCHECK_MEM(&c, zero, sizeof c);
}

/* Keccak-f[1600] on the all-zero state, twice: lanes from the Keccak team's
 * "KeccakF-1600-IntermediateValues.txt" (keccak.team, reference package),
 * lane i = s[i] = lane (x, y) with i = x + 5y (FIPS 202 §3.1.2). */
QTEST(keccak_f1600_zero_state)
{
    static const uint64_t want[25] = {
        0xF1258F7940E1DDE7ull, 0x84D5CCF933C0478Aull, 0xD598261EA65AA9EEull,
        0xBD1547306F80494Dull, 0x8B284E056253D057ull, 0xFF97A42D7F8E6FD4ull,
        0x90FEE5A0A44647C4ull, 0x8C5BDA0CD6192E76ull, 0xAD30A6F71B19059Cull,
        0x30935AB7D08FFC64ull, 0xEB5AA93F2317D635ull, 0xA9A6E6260D712103ull,
        0x81A57C16DBCF555Full, 0x43B831CD0347C826ull, 0x01F22F1A11A5569Full,
        0x05E5635A21D9AE61ull, 0x64BEFEF28CC970F2ull, 0x613670957BC46611ull,
        0xB87C5A554FD00ECBull, 0x8C3EE88A1CCF32C8ull, 0x940C7922AE3A2614ull,
        0x1841F924A2C509E4ull, 0x16F53526E70465C2ull, 0x75F644E97F30A13Bull,
        0xEAF1FF7B5CECA249ull,
    };
    uint64_t s[25] = { 0 };
    keccak_f1600(s);
    for (unsigned i = 0; i < 25; i++)
        QCHECK_EQ(s[i], want[i]);
    keccak_f1600(s);
    QCHECK_EQ(s[0], 0x2D5C954DF96ECB3Cull);
}

/* Lane-wise absorb/squeeze must not depend on the buffers' alignment or on
 * where a call starts inside a lane: every input and output offset 0..7,
 * with a first call ending inside a lane and later calls spanning whole
 * blocks, equals the one-shot result. */
QTEST(unaligned_buffers_and_lane_offsets)
{
    uint8_t m[8 + 700], ref[8 + 400], out[8 + 400];
    pattern(m, sizeof m);
    for (unsigned ia = 0; ia < 8; ia++) {
        for (unsigned oa = 0; oa < 8; oa++) {
            keccak_ctx c;
            size_t first = 1 + 5 * ia + oa;   /* ends mid-lane */
            shake256(ref, 400, m + ia, 700);
            shake256_init(&c);
            keccak_absorb(&c, m + ia, first);
            keccak_absorb(&c, m + ia + first, 700 - first);
            keccak_squeeze(&c, out + oa, 3 + ia);
            keccak_squeeze(&c, out + oa + 3 + ia, 400 - 3 - ia);
            QCHECK_MEM(out + oa, ref, 400);
        }
    }
}
