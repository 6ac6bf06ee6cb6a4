/* qv-pqc symmetric and X25519 commands (hex in, hex out):
 *   aes-gcm-encrypt KEY IV AAD PT           -> CT||TAG (16-byte tag)
 *   aes-gcm-decrypt KEY IV AAD CT||TAG [--taglen 12..16] -> PT
 *   aes-xts-encrypt KEY(64 bytes) TWEAK(16) DATA  -> DATA'
 *   aes-xts-decrypt KEY(64 bytes) TWEAK(16) DATA  -> DATA'
 *   chacha20poly1305-seal KEY NONCE AAD PT  -> CT||TAG
 *   chacha20poly1305-open KEY NONCE AAD CT||TAG -> PT
 *   x25519 SCALAR [POINT]  -> public key (u = 9) or shared secret
 * An empty result is printed as "-". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/string.h"
#include "pqc/sym/gcm.h"
#include "pqc/sym/xts.h"
#include "pqc/sym/chacha20poly1305.h"
#include "pqc/ecc/x25519.h"
#include "qvpqc.h"

static void put_result(const uint8_t *p, size_t n)
{
    if (n)
        qvpqc_put_hex(p, n, "\n");
    else
        fputs("-\n", stdout);
}

/* Parsed arguments of an AEAD command; freed (and wiped) together. */
struct aead_args {
    uint8_t key[32];
    uint8_t *iv, *aad, *data, *out;
    size_t ivl, aadl, datal;
};

static void aead_free(struct aead_args *a)
{
    qv_memzero_explicit(a->key, sizeof a->key);
    if (a->data)
        qv_memzero_explicit(a->data, a->datal);
    if (a->out)
        qv_memzero_explicit(a->out, a->datal + 16);
    free(a->iv); free(a->aad); free(a->data); free(a->out);
}

static int aead_parse(struct aead_args *a, char **argv, size_t ivl_exact)
{
    memset(a, 0, sizeof *a);
    int rc = qvpqc_hex_exact("key", argv[1], a->key, 32);
    if (!rc)
        rc = qvpqc_hex_alloc(ivl_exact ? "nonce" : "iv", argv[2], &a->iv, &a->ivl);
    if (!rc && ivl_exact && a->ivl != ivl_exact)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "argument nonce: expected %zu bytes, got %zu", ivl_exact, a->ivl);
    if (!rc)
        rc = qvpqc_hex_alloc("aad", argv[3], &a->aad, &a->aadl);
    if (!rc)
        rc = qvpqc_hex_alloc("data", argv[4], &a->data, &a->datal);
    if (!rc)
        a->out = qvpqc_zalloc(a->datal + 16);
    return rc;
}

static int cmd_gcm_encrypt(int argc, char **argv)
{
    if (argc != 5)
        return qvpqc_usage();
    struct aead_args a;
    int rc = aead_parse(&a, argv, 0);
    if (!rc) {
        aes256_gcm_ctx c;
        aes256_gcm_init(&c, a.key);
        rc = aes256_gcm_encrypt(&c, a.iv, a.ivl, a.aad, a.aadl, a.data, a.datal, a.out, a.out + a.datal);
        aes256_gcm_wipe(&c);
        if (rc)
            rc = qvpqc_err(rc, "IV must be at least 1 byte");
        else
            put_result(a.out, a.datal + 16);
    }
    aead_free(&a);
    return rc;
}
QVPQC_COMMAND("aes-gcm-encrypt", "<key 32B> <iv> <aad> <pt>  -> ct||tag", cmd_gcm_encrypt)

static int cmd_gcm_decrypt(int argc, char **argv)
{
    const char *tl = qvpqc_take_opt(&argc, argv, "taglen");
    if (qvpqc_opt_missing || argc != 5)
        return qvpqc_usage();
    size_t taglen = GCM_TAG_SIZE;
    if (tl) {
        char *end;
        unsigned long v = strtoul(tl, &end, 10);
        if (*end || !*tl || v < GCM_MIN_TAG_SIZE || v > GCM_TAG_SIZE)
            return qvpqc_err(PQC_ERR_BAD_LENGTH, "--taglen: expected 12..16");
        taglen = v;
    }
    struct aead_args a;
    int rc = aead_parse(&a, argv, 0);
    if (!rc && a.datal < taglen)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "ct||tag shorter than the %zu-byte tag", taglen);
    if (!rc) {
        size_t n = a.datal - taglen;
        aes256_gcm_ctx c;
        aes256_gcm_init(&c, a.key);
        rc = aes256_gcm_decrypt(&c, a.iv, a.ivl, a.aad, a.aadl, a.data, n, a.data + n, taglen, a.out);
        aes256_gcm_wipe(&c);
        if (rc)
            rc = qvpqc_err(rc, rc == PQC_ERR_VERIFY ? "authentication tag mismatch" : "bad length");
        else
            put_result(a.out, n);
    }
    aead_free(&a);
    return rc;
}
QVPQC_COMMAND("aes-gcm-decrypt", "<key 32B> <iv> <aad> <ct||tag> [--taglen 12..16]  -> pt", cmd_gcm_decrypt)

static int cmd_chacha_seal(int argc, char **argv)
{
    if (argc != 5)
        return qvpqc_usage();
    struct aead_args a;
    int rc = aead_parse(&a, argv, CHACHA20POLY1305_NONCE_SIZE);
    if (!rc) {
        rc = chacha20poly1305_seal(a.key, a.iv, a.aad, a.aadl, a.data, a.datal, a.out, a.out + a.datal);
        if (rc)
            rc = qvpqc_err(rc, "bad length");
        else
            put_result(a.out, a.datal + 16);
    }
    aead_free(&a);
    return rc;
}
QVPQC_COMMAND("chacha20poly1305-seal", "<key 32B> <nonce 12B> <aad> <pt>  -> ct||tag", cmd_chacha_seal)

static int cmd_chacha_open(int argc, char **argv)
{
    if (argc != 5)
        return qvpqc_usage();
    struct aead_args a;
    int rc = aead_parse(&a, argv, CHACHA20POLY1305_NONCE_SIZE);
    if (!rc && a.datal < CHACHA20POLY1305_TAG_SIZE)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "ct||tag shorter than the 16-byte tag");
    if (!rc) {
        size_t n = a.datal - CHACHA20POLY1305_TAG_SIZE;
        rc = chacha20poly1305_open(a.key, a.iv, a.aad, a.aadl, a.data, n, a.data + n, a.out);
        if (rc)
            rc = qvpqc_err(rc, rc == PQC_ERR_VERIFY ? "authentication tag mismatch" : "bad length");
        else
            put_result(a.out, n);
    }
    aead_free(&a);
    return rc;
}
QVPQC_COMMAND("chacha20poly1305-open", "<key 32B> <nonce 12B> <aad> <ct||tag>  -> pt", cmd_chacha_open)

static int xts_cmd(int argc, char **argv, int decrypt)
{
    if (argc != 4)
        return qvpqc_usage();
    uint8_t key[XTS_KEY_SIZE], tweak[XTS_TWEAK_SIZE], *data = NULL, *out = NULL;
    size_t n = 0;
    int rc = qvpqc_hex_exact("key", argv[1], key, sizeof key);
    if (!rc)
        rc = qvpqc_hex_exact("tweak", argv[2], tweak, sizeof tweak);
    if (!rc)
        rc = qvpqc_hex_alloc("data", argv[3], &data, &n);
    if (!rc) {
        aes256_xts_ctx c;
        out = qvpqc_zalloc(n);
        rc = aes256_xts_init(&c, key);
        if (rc)
            rc = qvpqc_err(rc, "the two key halves must differ (SP 800-38E)");
        else {
            rc = decrypt ? aes256_xts_decrypt(&c, tweak, data, n, out)
                         : aes256_xts_encrypt(&c, tweak, data, n, out);
            aes256_xts_wipe(&c);
            if (rc)
                rc = qvpqc_err(rc, "data unit must be 16..%zu bytes, got %zu", XTS_MAX_UNIT, n);
            else
                put_result(out, n);
        }
    }
    qv_memzero_explicit(key, sizeof key);
    if (data)
        qv_memzero_explicit(data, n);
    if (out)
        qv_memzero_explicit(out, n);
    free(data);
    free(out);
    return rc;
}

static int cmd_xts_encrypt(int argc, char **argv) { return xts_cmd(argc, argv, 0); }
static int cmd_xts_decrypt(int argc, char **argv) { return xts_cmd(argc, argv, 1); }
QVPQC_COMMAND("aes-xts-encrypt", "<key 64B> <tweak 16B> <data >=16B>", cmd_xts_encrypt)
QVPQC_COMMAND("aes-xts-decrypt", "<key 64B> <tweak 16B> <data >=16B>", cmd_xts_decrypt)

static int cmd_x25519(int argc, char **argv)
{
    if (argc != 2 && argc != 3)
        return qvpqc_usage();
    uint8_t k[X25519_KEY_SIZE], u[X25519_KEY_SIZE], out[X25519_KEY_SIZE];
    int rc = qvpqc_hex_exact("scalar", argv[1], k, sizeof k);
    if (!rc && argc == 3)
        rc = qvpqc_hex_exact("point", argv[2], u, sizeof u);
    if (!rc) {
        if (argc == 2) {
            x25519_public_key(out, k);
        } else {
            rc = x25519_shared_secret(out, k, u);
            if (rc)
                rc = qvpqc_err(rc, "all-zero shared secret: small-order point (RFC 7748 §6.1)");
        }
    }
    if (!rc)
        put_result(out, sizeof out);
    qv_memzero_explicit(k, sizeof k);
    qv_memzero_explicit(out, sizeof out);
    return rc;
}
QVPQC_COMMAND("x25519", "<scalar 32B> [<point 32B>]  -> public key or shared secret", cmd_x25519)
