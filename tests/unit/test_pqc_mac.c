/* HMAC and HKDF known answers: RFC 4231 test cases 1, 2 and 6 (SHA-256/384/
 * 512), RFC 5869 test cases 1-3 (SHA-256), and SHA3-256 vectors generated
 * offline with Python's hmac/hashlib (tests/vectors/hkdf/gen_sha3_256.py). */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc/mac/hkdf.h"
#include "pqc/mac/hmac.h"
#include "pqc_test_util.h"
#include "../vectors/hkdf/hkdf_sha3_256.h"
#include "../vectors/hmac/hmac_sha3_256.h"

static void check_hmac(enum pqc_hash_id id, const uint8_t *key, size_t klen, const char *msg,
                       const char *hexmac)
{
    uint8_t mac[64], want[64];
    int n = th_unhex(want, sizeof want, hexmac);
    QCHECK_EQ(n, pqc_hash_len(id));
    QCHECK_EQ(hmac(id, key, klen, (const uint8_t *)msg, strlen(msg), mac), 0);
    QCHECK_MEM(mac, want, (size_t)n);
}

QTEST(hmac_rfc4231)
{
    uint8_t k1[20], k6[131];
    memset(k1, 0x0b, sizeof k1);
    memset(k6, 0xaa, sizeof k6);
    const char *m1 = "Hi There", *m2 = "what do ya want for nothing?";
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    check_hmac(PQC_HASH_SHA256, k1, 20, m1, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    check_hmac(PQC_HASH_SHA384, k1, 20, m1,
               "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
    check_hmac(PQC_HASH_SHA512, k1, 20, m1,
               "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
               "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    check_hmac(PQC_HASH_SHA256, (const uint8_t *)"Jefe", 4, m2,
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    check_hmac(PQC_HASH_SHA512, (const uint8_t *)"Jefe", 4, m2,
               "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
               "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    check_hmac(PQC_HASH_SHA256, k6, 131, m6, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    check_hmac(PQC_HASH_SHA384, k6, 131, m6,
               "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952");
    check_hmac(PQC_HASH_SHA512, k6, 131, m6,
               "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
               "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

QTEST(hmac_sha3_256_generated)
{
    for (size_t i = 0; i < ARRAY_SIZE(hmac_sha3_256_vectors); i++) {
        uint8_t key[400], msg[400], want[32], mac[32];
        int kl = th_unhex(key, sizeof key, hmac_sha3_256_vectors[i].key);
        int ml = th_unhex(msg, sizeof msg, hmac_sha3_256_vectors[i].msg);
        QCHECK(kl >= 0 && ml >= 0);
        th_unhex(want, sizeof want, hmac_sha3_256_vectors[i].mac);
        QCHECK_EQ(hmac(PQC_HASH_SHA3_256, key, (size_t)kl, msg, (size_t)ml, mac), 0);
        QCHECK_MEM(mac, want, 32);
        /* incremental in two pieces gives the same tag */
        hmac_ctx c;
        QCHECK_EQ(hmac_init(&c, PQC_HASH_SHA3_256, key, (size_t)kl), 0);
        hmac_update(&c, msg, (size_t)ml / 2);
        hmac_update(&c, msg + ml / 2, (size_t)ml - (size_t)ml / 2);
        hmac_final(&c, mac);
        QCHECK_MEM(mac, want, 32);
    }
}

QTEST(hmac_verify_is_exact)
{
    uint8_t a[32], b[32];
    memset(a, 7, sizeof a);
    memcpy(b, a, sizeof b);
    QCHECK_EQ(hmac_verify(a, b, 32), 0);
    for (size_t i = 0; i < 32; i += 5) {
        b[i] ^= 0x80;
        QCHECK_EQ(hmac_verify(a, b, 32), PQC_ERR_AUTH);
        b[i] ^= 0x80;
    }
    QCHECK_EQ(hmac((enum pqc_hash_id)99, a, 1, a, 1, b), PQC_ERR_UNKNOWN_ALG);
}

static void check_hkdf(enum pqc_hash_id id, const char *ikm_h, const char *salt_h, const char *info_h,
                       const char *prk_h, const char *okm_h)
{
    size_t cap = 255 * 64;
    uint8_t *ikm = malloc(cap), *salt = malloc(cap), *info = malloc(cap), *okm = malloc(cap),
            *want = malloc(cap), prk[64], wprk[64];
    int il = th_unhex(ikm, cap, ikm_h), sl = th_unhex(salt, cap, salt_h), fl = th_unhex(info, cap, info_h);
    int ol = th_unhex(want, cap, okm_h);
    QCHECK(il >= 0 && sl >= 0 && fl >= 0 && ol > 0);
    th_unhex(wprk, sizeof wprk, prk_h);
    QCHECK_EQ(hkdf_extract(id, sl ? salt : NULL, (size_t)sl, ikm, (size_t)il, prk), 0);
    QCHECK_MEM(prk, wprk, pqc_hash_len(id));
    QCHECK_EQ(hkdf(id, salt, (size_t)sl, ikm, (size_t)il, info, (size_t)fl, okm, (size_t)ol), 0);
    QCHECK_MEM(okm, want, (size_t)ol);
    free(ikm); free(salt); free(info); free(okm); free(want);
}

QTEST(hkdf_rfc5869_sha256)
{
    check_hkdf(PQC_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
               "f0f1f2f3f4f5f6f7f8f9", "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
               "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    check_hkdf(PQC_HASH_SHA256,
               "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
               "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
               "404142434445464748494a4b4c4d4e4f",
               "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
               "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
               "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
               "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
               "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
               "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
               "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
               "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
               "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
               "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    check_hkdf(PQC_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
               "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
               "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

QTEST(hkdf_sha3_256_generated)
{
    for (size_t i = 0; i < ARRAY_SIZE(hkdf_sha3_256_vectors); i++)
        check_hkdf(PQC_HASH_SHA3_256, hkdf_sha3_256_vectors[i].ikm, hkdf_sha3_256_vectors[i].salt,
                   hkdf_sha3_256_vectors[i].info, hkdf_sha3_256_vectors[i].prk,
                   hkdf_sha3_256_vectors[i].okm);
}

QTEST(hkdf_length_limit)
{
    uint8_t okm[255 * 32 + 1], ikm[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    QCHECK_EQ(hkdf(PQC_HASH_SHA256, NULL, 0, ikm, 8, NULL, 0, okm, sizeof okm), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(hkdf(PQC_HASH_SHA256, NULL, 0, ikm, 8, NULL, 0, okm, sizeof okm - 1), 0);
}
