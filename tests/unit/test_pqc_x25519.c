/* pqc/ecc: X25519 (RFC 7748 §5.2 and §6.1 test vectors, small-order rejection). */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc_sym_hex.h"
#include "lib/errors.h"
#include "pqc/ecc/x25519.h"

static void check_x25519(const char *k, const char *u, const char *want)
{
    uint8_t *kb = unhex(k, NULL), *ub = unhex(u, NULL), *wb = unhex(want, NULL), out[32];
    x25519_scalarmult(out, kb, ub);
    QCHECK_MEM(out, wb, 32);
    free(kb); free(ub); free(wb);
}

QTEST(x25519_rfc7748_5_2_vectors)
{
    check_x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                 "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                 "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    /* the u-coordinate has bit 255 set, which must be ignored */
    check_x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                 "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                 "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

QTEST(x25519_rfc7748_5_2_iterations)
{
    /* k = u = 9; repeat: (k, u) = (X25519(k, u), k). */
    uint8_t k[32] = { 9 }, u[32] = { 9 }, r[32];
    uint8_t *w1 = unhex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", NULL);
    uint8_t *w1000 = unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", NULL);
    for (int i = 1; i <= 1000; i++) {
        x25519_scalarmult(r, k, u);
        memcpy(u, k, 32);
        memcpy(k, r, 32);
        if (i == 1)
            QCHECK_MEM(k, w1, 32);
    }
    QCHECK_MEM(k, w1000, 32);
    free(w1); free(w1000);
}

QTEST(x25519_rfc7748_6_1_diffie_hellman)
{
    uint8_t *a = unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", NULL);
    uint8_t *apub = unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", NULL);
    uint8_t *b = unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", NULL);
    uint8_t *bpub = unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", NULL);
    uint8_t *k = unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", NULL);
    uint8_t pub[32], s1[32], s2[32];
    x25519_public_key(pub, a);
    QCHECK_MEM(pub, apub, 32);
    x25519_public_key(pub, b);
    QCHECK_MEM(pub, bpub, 32);
    QCHECK_EQ(x25519_shared_secret(s1, a, bpub), 0);
    QCHECK_EQ(x25519_shared_secret(s2, b, apub), 0);
    QCHECK_MEM(s1, k, 32);
    QCHECK_MEM(s2, k, 32);
    free(a); free(apub); free(b); free(bpub); free(k);
}

QTEST(x25519_rejects_small_order_points)
{
    /* Points of order 1, 2, 4 and 8 (and non-canonical encodings of them)
     * give the all-zero output that §6.1 says to reject. */
    static const char *const bad[] = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    uint8_t priv[32], out[32];
    for (int i = 0; i < 32; i++) priv[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t *u = unhex(bad[i], NULL);
        memset(out, 0xcc, 32);
        QCHECK_EQ(x25519_shared_secret(out, priv, u), PQC_ERR_BAD_KEY);
        static const uint8_t zero[32];
        QCHECK_MEM(out, zero, 32);
        free(u);
    }
}

QTEST(x25519_canonical_output_and_clamping)
{
    /* The scalar's clamped bits (0-2, 255) do not change the result, and
     * u = p + 9 (non-canonical) acts as u = 9. */
    uint8_t k[32], k2[32], u9[32] = { 9 }, up9[32], r1[32], r2[32];
    for (int i = 0; i < 32; i++) k[i] = (uint8_t)(i * 29 + 3);
    memcpy(k2, k, 32);
    k2[0] ^= 7;
    k2[31] ^= 0x80;
    memset(up9, 0xff, 32);
    up9[0] = 0xed + 9;
    up9[31] = 0x7f;
    x25519_scalarmult(r1, k, u9);
    x25519_scalarmult(r2, k2, up9);
    QCHECK_MEM(r1, r2, 32);
    QCHECK(r1[31] < 0x80);
}
