/* pqc/sym: AES-256 (FIPS 197), AES-256-GCM (SP 800-38D), AES-256-XTS (IEEE 1619). */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc_sym_hex.h"
#include "lib/errors.h"
#include "pqc/sym/aes.h"
#include "pqc/sym/gcm.h"
#include "pqc/sym/ghash.h"
#include "pqc/sym/xts.h"

/* ------------------------------------------------------------------ AES */

QTEST(aes256_fips197_c3)
{
    /* FIPS 197 Appendix C.3 */
    uint8_t *key = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL);
    uint8_t *pt = unhex("00112233445566778899aabbccddeeff", NULL);
    uint8_t *ct = unhex("8ea2b7ca516745bfeafc49904b496089", NULL);
    uint8_t out[16];
    aes256_ctx c;
    aes256_init(&c, key);
    aes256_encrypt_block(&c, out, pt);
    QCHECK_MEM(out, ct, 16);
    aes256_decrypt_block(&c, out, out); /* in-place */
    QCHECK_MEM(out, pt, 16);
    aes256_wipe(&c);
    free(key); free(pt); free(ct);
}

QTEST(aes256_fips197_a3_key_expansion)
{
    /* FIPS 197 Appendix A.3: first and last expanded words. */
    uint8_t *key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", NULL);
    uint8_t *rk14 = unhex("fe4890d1e6188d0b046df344706c631e", NULL);
    uint8_t *rk2 = unhex("9ba354118e6925afa51a8b5f2067fcde", NULL);
    aes256_ctx c;
    aes256_init(&c, key);
    uint8_t b[16];
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(c.rk[14][0] >> (8 * i));
        b[8 + i] = (uint8_t)(c.rk[14][1] >> (8 * i));
    }
    QCHECK_MEM(b, rk14, 16);
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(c.rk[2][0] >> (8 * i));
        b[8 + i] = (uint8_t)(c.rk[2][1] >> (8 * i));
    }
    QCHECK_MEM(b, rk2, 16);
    free(key); free(rk14); free(rk2);
}

QTEST(aes256_sp800_38a_ecb)
{
    /* SP 800-38A F.1.5 ECB-AES256.Encrypt, blocks 1 and 4. */
    uint8_t *key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", NULL);
    const char *pts[] = { "6bc1bee22e409f96e93d7e117393172a", "f69f2445df4f9b17ad2b417be66c3710" };
    const char *cts[] = { "f3eed1bdb5d2a03c064b5a7e3db181f8", "23304b7a39f9f3ff067d8d8f9e24ecc7" };
    aes256_ctx c;
    aes256_init(&c, key);
    for (int i = 0; i < 2; i++) {
        uint8_t *p = unhex(pts[i], NULL), *x = unhex(cts[i], NULL), o[16];
        aes256_encrypt_block(&c, o, p);
        QCHECK_MEM(o, x, 16);
        aes256_decrypt_block(&c, o, x);
        QCHECK_MEM(o, p, 16);
        free(p); free(x);
    }
    free(key);
}

/* ------------------------------------------------------------------ GCM */

struct gcm_vec {
    const char *name, *key, *iv, *aad, *pt, *ct, *tag;
};

/* McGrew/Viega GCM specification, test cases 13-18 (256-bit keys), and
 * NIST CAVP gcmEncryptExtIV256 (Keylen 256, IVlen 96, PTlen 128, AADlen 160). */
#define K15 "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
#define P60 "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define A16 "feedfacedeadbeeffeedfacedeadbeefabaddad2"
static const struct gcm_vec gcm_vecs[] = {
    { "tc13", "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
    { "tc14", "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000", "", "00000000000000000000000000000000",
      "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
    { "tc15", K15, "cafebabefacedbaddecaf888", "", P60 "1aafd255",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
      "b094dac5d93471bdec1a502270e3cc6c" },
    { "tc16", K15, "cafebabefacedbaddecaf888", A16, P60,
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b" },
    { "tc17", K15, "cafebabefacedbad", A16, P60,
      "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
      "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
      "3a337dbf46a792c45e454913fe2ea8f2" },
    { "tc18", K15,
      "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
      "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
      A16, P60,
      "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
      "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
      "a44a8266ee1c8eb0c8b5d4cf5ae9f19a" },
    { "cavp-enc256", "83688deb4af8007f9b713b47cfa6c73e35ea7a3aa4ecdb414dded03bf7a0fd3a",
      "0b459724904e010a46901cf3", "794a14ccd178c8ebfd1379dc704c5e208f9d8424",
      "33d893a2114ce06fc15d55e454cf90c3", "cc66bee423e3fcd4c0865715e9586696",
      "0fb291bd3dba94a1dfd8b286cfb97ac5" },
};

QTEST(gcm_known_answers)
{
    for (size_t v = 0; v < sizeof gcm_vecs / sizeof gcm_vecs[0]; v++) {
        const struct gcm_vec *t = &gcm_vecs[v];
        size_t ivl, al, pl, cl, tl;
        uint8_t *key = unhex(t->key, NULL), *iv = unhex(t->iv, &ivl), *aad = unhex(t->aad, &al),
                *pt = unhex(t->pt, &pl), *ct = unhex(t->ct, &cl), *tag = unhex(t->tag, &tl);
        uint8_t *out = malloc(pl + 1), gtag[16];
        aes256_gcm_ctx c;
        aes256_gcm_init(&c, key);
        QCHECK_EQ(aes256_gcm_encrypt(&c, iv, ivl, aad, al, pt, pl, out, gtag), 0);
        if (memcmp(out, ct, cl) || memcmp(gtag, tag, 16))
            printf("  vector %s\n", t->name);
        QCHECK_MEM(out, ct, cl);
        QCHECK_MEM(gtag, tag, 16);
        memset(out, 0xaa, pl);
        QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 16, out), 0);
        QCHECK_MEM(out, pt, pl);
        /* truncated tags down to 96 bits are accepted (SP 800-38D §5.2.1.2) */
        QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 12, out), 0);
        aes256_gcm_wipe(&c);
        free(key); free(iv); free(aad); free(pt); free(ct); free(tag); free(out);
    }
}

QTEST(gcm_rejects_forgery_and_zeroes_output)
{
    const struct gcm_vec *t = &gcm_vecs[6]; /* CAVP case; a FAIL case is this with a bad tag */
    size_t ivl, al, cl;
    uint8_t *key = unhex(t->key, NULL), *iv = unhex(t->iv, &ivl), *aad = unhex(t->aad, &al),
            *ct = unhex(t->ct, &cl), *tag = unhex(t->tag, NULL);
    uint8_t out[16];
    aes256_gcm_ctx c;
    aes256_gcm_init(&c, key);
    for (int bit = 0; bit < 128; bit += 9) {
        uint8_t bad[16];
        memcpy(bad, tag, 16);
        bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        memset(out, 0xaa, sizeof out);
        QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, bad, 16, out), PQC_ERR_VERIFY);
        static const uint8_t zero[16];
        QCHECK_MEM(out, zero, 16);
    }
    ct[3] ^= 0x40; /* modified ciphertext */
    QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 16, out), PQC_ERR_VERIFY);
    ct[3] ^= 0x40;
    aad[0] ^= 1; /* modified AAD */
    QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 16, out), PQC_ERR_VERIFY);
    aad[0] ^= 1;
    QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 16, out), 0);
    /* bad lengths */
    QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 11, out), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(aes256_gcm_decrypt(&c, iv, ivl, aad, al, ct, cl, tag, 17, out), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(aes256_gcm_encrypt(&c, iv, 0, aad, al, ct, cl, out, tag), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(aes256_gcm_encrypt(&c, iv, ivl, NULL, 5, ct, cl, out, tag), PQC_ERR_BAD_LENGTH);
    aes256_gcm_wipe(&c);
    free(key); free(iv); free(aad); free(ct); free(tag);
}

/* Streaming GHASH must not depend on how the input is split. */
QTEST(ghash_split_invariance)
{
    uint8_t h[16], data[77], a[16], b[16];
    for (int i = 0; i < 16; i++) h[i] = (uint8_t)(i * 37 + 11);
    for (int i = 0; i < 77; i++) data[i] = (uint8_t)(i * 13 + 5);
    ghash_ctx g;
    ghash_init(&g, h);
    ghash_update(&g, data, 77);
    ghash_result(&g, a);
    for (size_t cut = 0; cut <= 77; cut += 7) {
        ghash_init(&g, h);
        ghash_update(&g, data, cut);
        ghash_update(&g, data + cut, 77 - cut);
        ghash_result(&g, b);
        QCHECK_MEM(a, b, 16);
    }
}

/* GF(2^128) multiply: the multiplicative identity is the block 80 00 .. 00
 * (x^0 in the SP 800-38D §6.3 bit order), and the product commutes. */
QTEST(ghash_gfmul_identity_and_commutative)
{
    qv_u128 one = (qv_u128)1 << 127;
    qv_u128 x = ((qv_u128)0x0123456789abcdefull << 64) | 0xfedcba9876543210ull;
    qv_u128 y = ((qv_u128)0x66e94bd4ef8a2c3bull << 64) | 0x884cfa59ca342b2eull;
    QCHECK(ghash_gfmul(x, one) == x);
    QCHECK(ghash_gfmul(one, y) == y);
    QCHECK(ghash_gfmul(x, y) == ghash_gfmul(y, x));
    /* x^127 * x = x^128 = 1 + x + x^2 + x^7 -> bits 127,126,125,120 */
    qv_u128 r = ghash_gfmul((qv_u128)1, (qv_u128)1 << 126);
    QCHECK(r == (((qv_u128)0xe1ull) << 120));
}

/* ------------------------------------------------------------------ XTS */

struct xts_vec {
    const char *name, *key, *tweak, *pt, *ct;
};
static const struct xts_vec xts_vecs[] = {
#include "../vectors/xts/xts_vectors.inc"
};

QTEST(xts_ieee1619_and_cts_vectors)
{
    QCHECK_EQ(sizeof xts_vecs / sizeof xts_vecs[0], 12);
    for (size_t v = 0; v < sizeof xts_vecs / sizeof xts_vecs[0]; v++) {
        const struct xts_vec *t = &xts_vecs[v];
        size_t kl, pl, cl;
        uint8_t *key = unhex(t->key, &kl), *tw = unhex(t->tweak, NULL), *pt = unhex(t->pt, &pl),
                *ct = unhex(t->ct, &cl);
        uint8_t *out = malloc(pl);
        aes256_xts_ctx c;
        QCHECK_EQ(kl, 64);
        QCHECK_EQ(aes256_xts_init(&c, key), 0);
        QCHECK_EQ(aes256_xts_encrypt(&c, tw, pt, pl, out), 0);
        if (memcmp(out, ct, cl))
            printf("  vector %s\n", t->name);
        QCHECK_MEM(out, ct, cl);
        QCHECK_EQ(aes256_xts_decrypt(&c, tw, out, pl, out), 0); /* in place */
        QCHECK_MEM(out, pt, pl);
        aes256_xts_wipe(&c);
        free(key); free(tw); free(pt); free(ct); free(out);
    }
}

QTEST(xts_roundtrip_all_lengths_and_errors)
{
    uint8_t key[64], tw[16], pt[80], ct[80], back[80];
    for (int i = 0; i < 64; i++) key[i] = (uint8_t)(i * 7 + 1);
    for (int i = 0; i < 80; i++) pt[i] = (uint8_t)(i * 3);
    aes256_xts_ctx c;
    QCHECK_EQ(aes256_xts_init(&c, key), 0);
    aes256_xts_sector_tweak(tw, 0x0102030405060708ull);
    QCHECK_EQ(tw[0], 0x08);
    QCHECK_EQ(tw[7], 0x01);
    QCHECK_EQ(tw[8], 0);
    for (size_t len = 16; len <= 80; len++) {
        QCHECK_EQ(aes256_xts_encrypt(&c, tw, pt, len, ct), 0);
        QCHECK_EQ(aes256_xts_decrypt(&c, tw, ct, len, back), 0);
        QCHECK_MEM(back, pt, len);
    }
    QCHECK_EQ(aes256_xts_encrypt(&c, tw, pt, 15, ct), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(aes256_xts_decrypt(&c, tw, pt, 0, ct), PQC_ERR_BAD_LENGTH);
    QCHECK_EQ(aes256_xts_encrypt(&c, tw, pt, XTS_MAX_UNIT + 1, ct), PQC_ERR_BAD_LENGTH);
    memcpy(key + 32, key, 32);
    QCHECK_EQ(aes256_xts_init(&c, key), PQC_ERR_BAD_KEY);
}

/* The batched (four blocks per bitsliced pass) path equals block-by-block. */
QTEST(aes256_batch_matches_single_blocks)
{
    uint8_t key[32], in[16 * 9], a[16 * 9], b[16 * 9];
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)(i * 91 + 17);
    for (int i = 0; i < 16 * 9; i++) in[i] = (uint8_t)(i * 53 + 3);
    aes256_ctx c;
    aes256_init(&c, key);
    for (size_t n = 1; n <= 9; n++) {
        aes256_encrypt_blocks(&c, a, in, n);
        for (size_t i = 0; i < n; i++)
            aes256_encrypt_block(&c, b + 16 * i, in + 16 * i);
        QCHECK_MEM(a, b, 16 * n);
        aes256_decrypt_blocks(&c, a, a, n);
        QCHECK_MEM(a, in, 16 * n);
    }
}
