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

/* ---- HMAC / HKDF / DRBG (deterministic, hex in and out) ---- */
#include "pqc/mac/hkdf.h"
#include "pqc/mac/hmac.h"
#include "pqc/rng/drbg.h"

static int mac_hash(const char *name, enum pqc_hash_id *id)
{
    static const struct { const char *n; enum pqc_hash_id id; } t[] = {
        { "sha256", PQC_HASH_SHA256 }, { "sha384", PQC_HASH_SHA384 },
        { "sha512", PQC_HASH_SHA512 }, { "sha3-256", PQC_HASH_SHA3_256 } };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(name, t[i].n)) {
            *id = t[i].id;
            return 0;
        }
    return qvpqc_err(PQC_ERR_UNKNOWN_ALG, "unknown hash '%s' (sha256 sha384 sha512 sha3-256)", name);
}

static int cmd_hmac(int argc, char **argv)
{
    enum pqc_hash_id id;
    uint8_t *key = NULL, *msg = NULL, mac[PQC_HASH_MAX_LEN];
    size_t kl, ml;
    if (argc != 4)
        return qvpqc_usage();
    int rc = mac_hash(argv[1], &id);
    if (!rc) rc = qvpqc_hex_alloc("key", argv[2], &key, &kl);
    if (!rc) rc = qvpqc_hex_alloc("msg", argv[3], &msg, &ml);
    if (!rc) rc = hmac(id, key, kl, msg, ml, mac);
    if (!rc) qvpqc_put_hex(mac, pqc_hash_len(id), "\n");
    free(key); free(msg);
    return rc;
}
QVPQC_COMMAND("hmac", "<sha256|sha384|sha512|sha3-256> <key hex> <msg hex>", cmd_hmac)

static int cmd_hkdf(int argc, char **argv)
{
    enum pqc_hash_id id;
    uint8_t *ikm = NULL, *salt = NULL, *info = NULL, *okm = NULL;
    size_t il, sl, fl;
    char *end;
    if (argc != 6)
        return qvpqc_usage();
    unsigned long L = strtoul(argv[5], &end, 10);
    int rc = mac_hash(argv[1], &id);
    if (!rc && (*end || !argv[5][0] || L == 0 || L > 255 * pqc_hash_len(id)))
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "argument L: expected 1..%zu", 255 * pqc_hash_len(id));
    if (!rc) rc = qvpqc_hex_alloc("ikm", argv[2], &ikm, &il);
    if (!rc) rc = qvpqc_hex_alloc("salt", argv[3], &salt, &sl);
    if (!rc) rc = qvpqc_hex_alloc("info", argv[4], &info, &fl);
    if (!rc) {
        okm = qvpqc_zalloc(L);
        rc = hkdf(id, salt, sl, ikm, il, info, fl, okm, L);
    }
    if (!rc) qvpqc_put_hex(okm, L, "\n");
    free(ikm); free(salt); free(info); free(okm);
    return rc;
}
QVPQC_COMMAND("hkdf", "<sha256|sha384|sha512|sha3-256> <ikm hex> <salt hex> <info hex> <L>", cmd_hkdf)

/* HMAC_DRBG-SHA-512 on given inputs: instantiate(entropy, nonce, pers), then
 * one generate of N bytes per additional-input argument (use - for none);
 * prints the output of the last generate. */
static int cmd_drbg(int argc, char **argv)
{
    uint8_t *e = NULL, *n = NULL, *p = NULL, *out = NULL;
    size_t el, nl, pl;
    char *end;
    if (argc < 6)
        return qvpqc_usage();
    unsigned long N = strtoul(argv[4], &end, 10);
    if (*end || !argv[4][0] || N == 0 || N > PQC_DRBG_MAX_REQUEST)
        return qvpqc_err(PQC_ERR_BAD_LENGTH, "argument N: expected 1..%d", PQC_DRBG_MAX_REQUEST);
    struct pqc_drbg d = { 0 };
    int rc = qvpqc_hex_alloc("entropy", argv[1], &e, &el);
    if (!rc) rc = qvpqc_hex_alloc("nonce", argv[2], &n, &nl);
    if (!rc) rc = qvpqc_hex_alloc("pers", argv[3], &p, &pl);
    if (!rc) rc = pqc_drbg_instantiate_raw(&d, e, el, n, nl, p, pl);
    out = qvpqc_zalloc(N);
    for (int i = 5; !rc && i < argc; i++) {
        uint8_t *a;
        size_t al;
        rc = qvpqc_hex_alloc("add", argv[i], &a, &al);
        if (!rc) rc = pqc_drbg_generate_raw(&d, out, N, a, al);
        free(a);
    }
    if (!rc) qvpqc_put_hex(out, N, "\n");
    pqc_drbg_wipe(&d);
    free(e); free(n); free(p); free(out);
    return rc;
}
QVPQC_COMMAND("drbg", "<entropy hex> <nonce hex> <pers hex> <N> <add1 hex> [<add2 hex> ...]", cmd_drbg)
