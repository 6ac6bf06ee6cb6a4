/* Constant-time cases for the hashes: secret message bytes (keys, seeds) must
 * not steer branches or addresses. Lengths are public. */
#include "ct.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"

static void ct_sha2(void)
{
    uint8_t m[300], d[64];
    ct_fill(m, sizeof m, 10);
    ct_secret(m, sizeof m);
    sha256(d, m, sizeof m);
    ct_public(d, 32);
    sha512(d, m, sizeof m);
    ct_public(d, 64);
    sha384(d, m, 17);
    ct_public(d, 48);
}
CT_CASE(sha2, ct_sha2)

static void ct_sha3(void)
{
    uint8_t m[300], d[64], x[500];
    ct_fill(m, sizeof m, 11);
    ct_secret(m, sizeof m);
    sha3_256(d, m, sizeof m);
    ct_public(d, 32);
    sha3_512(d, m, 71);
    ct_public(d, 64);
    shake128(x, sizeof x, m, sizeof m);
    ct_public(x, sizeof x);
    /* incremental squeeze with odd sizes, as the samplers of ML-KEM/ML-DSA do */
    keccak_ctx c;
    shake256_init(&c);
    keccak_absorb(&c, m, 33);
    keccak_absorb(&c, m + 33, 200);
    keccak_squeeze(&c, x, 3);
    keccak_squeeze(&c, x + 3, 400);
    ct_public(x, 403);
}
CT_CASE(sha3, ct_sha3)
