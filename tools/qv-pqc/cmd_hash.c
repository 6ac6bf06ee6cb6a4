/* qv-pqc hash commands: hash <alg> <msg hex> [--outlen N] (SHA-2, SHA-3, SHAKE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"
#include "qvpqc.h"

struct hash_alg {
    const char *name;
    size_t outlen; /* 0 = extendable output (SHAKE): --outlen required */
    void (*sha2_256)(sha256_ctx *);
    void (*sha2_512)(sha512_ctx *);
    void (*keccak)(keccak_ctx *);
};

static const struct hash_alg hash_algs[] = {
    { "sha224", 28, sha224_init, NULL, NULL },
    { "sha256", 32, sha256_init, NULL, NULL },
    { "sha384", 48, NULL, sha384_init, NULL },
    { "sha512", 64, NULL, sha512_init, NULL },
    { "sha512-224", 28, NULL, sha512_224_init, NULL },
    { "sha512-256", 32, NULL, sha512_256_init, NULL },
    { "sha3-224", 28, NULL, NULL, sha3_224_init },
    { "sha3-256", 32, NULL, NULL, sha3_256_init },
    { "sha3-384", 48, NULL, NULL, sha3_384_init },
    { "sha3-512", 64, NULL, NULL, sha3_512_init },
    { "shake128", 0, NULL, NULL, shake128_init },
    { "shake256", 0, NULL, NULL, shake256_init },
};

static int cmd_hash(int argc, char **argv)
{
    const char *outlen_s = qvpqc_take_opt(&argc, argv, "outlen");
    if (qvpqc_opt_missing || argc != 3)
        return qvpqc_usage();
    const struct hash_alg *h = NULL;
    for (size_t i = 0; i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++)
        if (!strcmp(hash_algs[i].name, argv[1]))
            h = &hash_algs[i];
    if (!h)
        return qvpqc_err(PQC_ERR_UNKNOWN_ALG, "unknown hash '%s' (sha224 sha256 sha384 sha512 "
                         "sha512-224 sha512-256 sha3-224 sha3-256 sha3-384 sha3-512 shake128 shake256)",
                         argv[1]);
    size_t outlen = h->outlen;
    if (outlen_s) {
        char *end;
        unsigned long v = strtoul(outlen_s, &end, 10);
        if (*end || !*outlen_s || v > (1u << 20) || (h->outlen && v != h->outlen))
            return qvpqc_err(QV_ERR_INVAL, "--outlen: expected %s", h->outlen ? "the digest length" : "0..1048576");
        outlen = v;
    } else if (!h->outlen) {
        return qvpqc_err(QV_ERR_INVAL, "%s needs --outlen N (bytes)", h->name);
    }
    uint8_t *msg, *out = qvpqc_zalloc(outlen);
    size_t mlen;
    int rc = qvpqc_hex_alloc("msg", argv[2], &msg, &mlen);
    if (rc) {
        free(out);
        return rc;
    }
    if (h->sha2_256) {
        sha256_ctx c;
        h->sha2_256(&c);
        sha256_update(&c, msg, mlen);
        sha256_final(&c, out);
    } else if (h->sha2_512) {
        sha512_ctx c;
        h->sha2_512(&c);
        sha512_update(&c, msg, mlen);
        sha512_final(&c, out);
    } else {
        keccak_ctx c;
        h->keccak(&c);
        keccak_absorb(&c, msg, mlen);
        if (h->outlen)
            sha3_final(&c, out);
        else
            keccak_squeeze(&c, out, outlen);
    }
    qvpqc_put_hex(out, outlen, "\n");
    free(msg);
    free(out);
    return 0;
}
QVPQC_COMMAND("hash", "<sha224|sha256|sha384|sha512|sha512-224|sha512-256|sha3-224|sha3-256|"
              "sha3-384|sha3-512|shake128|shake256> <msg hex> [--outlen N]", cmd_hash)
