/* libFuzzer: AEAD open paths (AES-256-GCM decrypt, ChaCha20-Poly1305 open,
 * plus the XTS length checks) on arbitrary input.
 *
 * Header: byte 0 selects the algorithm and mode, byte 1 the IV length (GCM
 * takes any length, including 0, which must be rejected), byte 2 the AAD
 * length, byte 3 the GCM tag length (any value; only 12..16 is valid). Then
 * a 32-byte key, the IV, the AAD, and the rest is ct||tag. Every call must
 * return 0 / PQC_ERR_* without touching memory outside the exact-size heap
 * buffers (ASan). Forged input must be rejected with a zeroed output; and in
 * "seal" mode the data is sealed first, so the accepting path is reached and
 * the round trip and single-bit-flip rejection are checked too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/errors.h"
#include "pqc/sym/gcm.h"
#include "pqc/sym/xts.h"
#include "pqc/sym/chacha20poly1305.h"

static void *dup_exact(const uint8_t *p, size_t n)
{
    uint8_t *q = malloc(n ? n : 1);
    if (!q)
        abort();
    if (n)
        memcpy(q, p, n);
    return q;
}

static int is_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static int open_any(int chacha, const aes256_gcm_ctx *g, const uint8_t *key, const uint8_t *iv,
                    size_t ivl, const uint8_t *aad, size_t al, const uint8_t *ct, size_t n,
                    const uint8_t *tag, size_t tl, uint8_t *out)
{
    if (chacha)
        return chacha20poly1305_open(key, iv, aad, al, ct, n, tag, out);
    return aes256_gcm_decrypt(g, iv, ivl, aad, al, ct, n, tag, tl, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 + 32)
        return 0;
    int chacha = data[0] & 1, seal = data[0] & 2, xts = (data[0] & 0x1c) == 0x1c;
    size_t ivl = chacha ? 12 : data[1] % 70, al = data[2], tl = chacha ? 16 : data[3] % 20;
    const uint8_t *key = data + 4;
    data += 36;
    size -= 36;

    if (xts) { /* XTS: any length, only 16..2^24 accepted, decrypt(encrypt(x)) == x */
        uint8_t k64[64];
        memcpy(k64, key, 32);
        memcpy(k64 + 32, key, 32);
        k64[63] ^= 1;
        aes256_xts_ctx c;
        if (aes256_xts_init(&c, k64))
            abort();
        uint8_t tw[16] = { 0 }, *in = dup_exact(data, size), *o = dup_exact(data, size);
        int rc = aes256_xts_encrypt(&c, tw, in, size, o);
        if ((rc == 0) != (size >= 16))
            abort();
        if (rc == 0) {
            aes256_xts_decrypt(&c, tw, o, size, o);
            if (memcmp(o, in, size))
                abort();
        }
        free(in);
        free(o);
        return 0;
    }

    if (size < ivl + al)
        return 0;
    uint8_t *iv = dup_exact(data, ivl), *aad = dup_exact(data + ivl, al);
    data += ivl + al;
    size -= ivl + al;
    aes256_gcm_ctx g;
    aes256_gcm_init(&g, key);

    if (!seal) {
        /* Raw garbage: must be rejected (a 2^-96 forgery chance aside). */
        if (size >= tl) {
            size_t n = size - tl;
            uint8_t *ct = dup_exact(data, n), *tag = dup_exact(data + n, tl), *out = malloc(n ? n : 1);
            memset(out, 0xa5, n);
            int rc = open_any(chacha, &g, key, iv, ivl, aad, al, ct, n, tag, tl, out);
            int valid_len = chacha || (ivl >= 1 && tl >= 12 && tl <= 16);
            if (rc == 0 || (rc == PQC_ERR_VERIFY && !is_zero(out, n)))
                abort();
            if (!valid_len && rc != PQC_ERR_BAD_LENGTH)
                abort();
            free(ct); free(tag); free(out);
        }
    } else if (chacha || ivl >= 1) {
        /* Seal the data, then open it: accepted and exact; any flipped bit rejected. */
        uint8_t *pt = dup_exact(data, size), *ct = malloc(size ? size : 1), *out = malloc(size ? size : 1);
        uint8_t tag[16];
        int rc = chacha ? chacha20poly1305_seal(key, iv, aad, al, pt, size, ct, tag)
                        : aes256_gcm_encrypt(&g, iv, ivl, aad, al, pt, size, ct, tag);
        if (rc)
            abort();
        if (open_any(chacha, &g, key, iv, ivl, aad, al, ct, size, tag, 16, out) || memcmp(out, pt, size))
            abort();
        size_t bits = 8 * (size + 16 + al);
        size_t bit = (key[0] | (size_t)key[1] << 8 | (size_t)key[2] << 16) % bits;
        uint8_t *target = bit < 8 * size ? ct + bit / 8
                        : bit < 8 * (size + 16) ? tag + (bit / 8 - size) : aad + (bit / 8 - size - 16);
        *target ^= (uint8_t)(1u << (bit % 8));
        if (open_any(chacha, &g, key, iv, ivl, aad, al, ct, size, tag, 16, out) != PQC_ERR_VERIFY ||
            !is_zero(out, size))
            abort();
        free(pt); free(ct); free(out);
    }
    aes256_gcm_wipe(&g);
    free(iv);
    free(aad);
    return 0;
}
