/* pqc/sym: ChaCha20, Poly1305 and the ChaCha20-Poly1305 AEAD (RFC 8439). */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc_sym_hex.h"
#include "lib/errors.h"
#include "pqc/sym/chacha20.h"
#include "pqc/sym/poly1305.h"
#include "pqc/sym/chacha20poly1305.h"

static const char sunscreen[] =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
    "the future, sunscreen would be it.";

QTEST(chacha20_block_rfc8439_2_3_2)
{
    uint8_t *key = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL);
    uint8_t *nonce = unhex("000000090000004a00000000", NULL);
    uint8_t *want = unhex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                          "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", NULL);
    uint8_t out[64];
    chacha20_block(key, 1, nonce, out);
    QCHECK_MEM(out, want, 64);
    free(key); free(nonce); free(want);
}

QTEST(chacha20_block_rfc8439_a1)
{
    /* Appendix A.1 test vectors #1 (all zero, counter 0) and #2 (counter 1). */
    uint8_t key[32] = { 0 }, nonce[12] = { 0 }, out[64];
    uint8_t *w1 = unhex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                        "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586", NULL);
    uint8_t *w2 = unhex("9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
                        "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f", NULL);
    chacha20_block(key, 0, nonce, out);
    QCHECK_MEM(out, w1, 64);
    chacha20_block(key, 1, nonce, out);
    QCHECK_MEM(out, w2, 64);
    free(w1); free(w2);
}

QTEST(chacha20_encrypt_rfc8439_2_4_2)
{
    uint8_t *key = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL);
    uint8_t *nonce = unhex("000000000000004a00000000", NULL);
    size_t cl;
    uint8_t *want = unhex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
                          "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                          "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                          "5af90bbf74a35be6b40b8eedf2785e42874d", &cl);
    size_t n = strlen(sunscreen);
    uint8_t out[128];
    QCHECK_EQ(cl, n);
    QCHECK_EQ(chacha20_xor(key, 1, nonce, (const uint8_t *)sunscreen, n, out), 0);
    QCHECK_MEM(out, want, n);
    QCHECK_EQ(chacha20_xor(key, 1, nonce, out, n, out), 0); /* in place, inverse */
    QCHECK_MEM(out, sunscreen, n);
    /* the 32-bit block counter must not wrap (RFC 8439 §2.4) */
    QCHECK_EQ(chacha20_xor(key, 0xffffffffu, nonce, out, 64, out), 0);
    QCHECK_EQ(chacha20_xor(key, 0xffffffffu, nonce, out, 65, out), PQC_ERR_BAD_LENGTH);
    free(key); free(nonce); free(want);
}

QTEST(poly1305_rfc8439_2_5_2)
{
    uint8_t *key = unhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", NULL);
    uint8_t *want = unhex("a8061dc1305136c6c22b8baf0c0127a9", NULL);
    const char *msg = "Cryptographic Forum Research Group";
    uint8_t tag[16];
    poly1305_mac(key, (const uint8_t *)msg, strlen(msg), tag);
    QCHECK_MEM(tag, want, 16);
    /* byte-at-a-time streaming gives the same tag */
    poly1305_ctx c;
    poly1305_init(&c, key);
    for (size_t i = 0; i < strlen(msg); i++)
        poly1305_update(&c, (const uint8_t *)msg + i, 1);
    poly1305_final(&c, tag);
    QCHECK_MEM(tag, want, 16);
    free(key); free(want);
}

/* RFC 8439 Appendix A.3 #5-#11: the edge cases of the final reduction and
 * of limb carries, given as key (r || s), message, tag. */
static const char *const poly_edge[][3] = {
    { "0200000000000000000000000000000000000000000000000000000000000000",
      "ffffffffffffffffffffffffffffffff", "03000000000000000000000000000000" },
    { "02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
      "02000000000000000000000000000000", "03000000000000000000000000000000" },
    { "0100000000000000000000000000000000000000000000000000000000000000",
      "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff"
      "11000000000000000000000000000000", "05000000000000000000000000000000" },
    { "0100000000000000000000000000000000000000000000000000000000000000",
      "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe"
      "01010101010101010101010101010101", "00000000000000000000000000000000" },
    { "0200000000000000000000000000000000000000000000000000000000000000",
      "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff" },
    { "0100000000000000040000000000000000000000000000000000000000000000",
      "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
      "0000000000000000000000000000000001000000000000000000000000000000",
      "14000000000000005500000000000000" },
    { "0100000000000000040000000000000000000000000000000000000000000000",
      "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
      "00000000000000000000000000000000", "13000000000000000000000000000000" },
};

QTEST(poly1305_rfc8439_a3_edge_cases)
{
    for (size_t i = 0; i < sizeof poly_edge / sizeof poly_edge[0]; i++) {
        size_t ml;
        uint8_t *key = unhex(poly_edge[i][0], NULL), *m = unhex(poly_edge[i][1], &ml),
                *want = unhex(poly_edge[i][2], NULL), tag[16];
        poly1305_mac(key, m, ml, tag);
        if (memcmp(tag, want, 16))
            printf("  A.3 case #%zu\n", i + 5);
        QCHECK_MEM(tag, want, 16);
        free(key); free(m); free(want);
    }
}

QTEST(aead_rfc8439_2_8_2)
{
    uint8_t *key = unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", NULL);
    uint8_t *nonce = unhex("070000004041424344454647", NULL);
    size_t al, cl;
    uint8_t *aad = unhex("50515253c0c1c2c3c4c5c6c7", &al);
    uint8_t *want = unhex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                          "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                          "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                          "3ff4def08e4b7a9de576d26586cec64b6116", &cl);
    uint8_t *wtag = unhex("1ae10b594f09e26a7e902ecbd0600691", NULL);
    size_t n = strlen(sunscreen);
    uint8_t out[128], tag[16];
    QCHECK_EQ(chacha20poly1305_seal(key, nonce, aad, al, (const uint8_t *)sunscreen, n, out, tag), 0);
    QCHECK_MEM(out, want, n);
    QCHECK_MEM(tag, wtag, 16);
    QCHECK_EQ(chacha20poly1305_open(key, nonce, aad, al, want, n, wtag, out), 0);
    QCHECK_MEM(out, sunscreen, n);
    /* forgery: every single-bit change of tag, ciphertext or AAD is rejected */
    for (int bit = 0; bit < 128; bit += 5) {
        wtag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        memset(out, 0x55, n);
        QCHECK_EQ(chacha20poly1305_open(key, nonce, aad, al, want, n, wtag, out), PQC_ERR_VERIFY);
        QCHECK(out[0] == 0 && out[n / 2] == 0 && out[n - 1] == 0);
        wtag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    want[n - 1] ^= 0x80;
    QCHECK_EQ(chacha20poly1305_open(key, nonce, aad, al, want, n, wtag, out), PQC_ERR_VERIFY);
    want[n - 1] ^= 0x80;
    aad[al - 1] ^= 1;
    QCHECK_EQ(chacha20poly1305_open(key, nonce, aad, al, want, n, wtag, out), PQC_ERR_VERIFY);
    QCHECK_EQ(chacha20poly1305_open(key, nonce, NULL, 3, want, n, wtag, out), PQC_ERR_BAD_LENGTH);
    free(key); free(nonce); free(aad); free(want); free(wtag);
}

QTEST(aead_rfc8439_a5_decrypt)
{
    /* Appendix A.5: decryption of an Internet-Draft excerpt; check tag
     * acceptance and the start of the recovered text. */
    uint8_t *key = unhex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", NULL);
    uint8_t *nonce = unhex("000000000102030405060708", NULL);
    size_t al, cl;
    uint8_t *aad = unhex("f33388860000000000004e91", &al);
    uint8_t *ct = unhex(
        "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
        "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
        "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
        "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
        "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
        "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
        "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
        "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
        "a6ad5cb4022b02709b", &cl);
    uint8_t *tag = unhex("eead9d67890cbb22392336fea1851f38", NULL);
    uint8_t *out = malloc(cl);
    const char *start = "Internet-Drafts are draft documents valid for a maximum of six months";
    QCHECK_EQ(cl, 265);
    QCHECK_EQ(chacha20poly1305_open(key, nonce, aad, al, ct, cl, tag, out), 0);
    QCHECK_MEM(out, start, strlen(start));
    QCHECK_MEM(out + cl - 20, "ork in progress./\xe2\x80\x9d", 20); /* RFC text ends so */
    free(key); free(nonce); free(aad); free(ct); free(tag); free(out);
}

QTEST(aead_empty_and_streaming_lengths)
{
    uint8_t key[32], nonce[12] = { 1, 2, 3 }, pt[130], ct[130], back[130], tag[16];
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)(0xa0 + i);
    for (int i = 0; i < 130; i++) pt[i] = (uint8_t)i;
    for (size_t len = 0; len <= 130; len += 13) {
        QCHECK_EQ(chacha20poly1305_seal(key, nonce, pt, len % 20, pt, len, ct, tag), 0);
        QCHECK_EQ(chacha20poly1305_open(key, nonce, pt, len % 20, ct, len, tag, back), 0);
        QCHECK_MEM(back, pt, len);
    }
}
