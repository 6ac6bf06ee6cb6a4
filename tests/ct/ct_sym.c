/* Constant-time cases for the symmetric primitives and X25519: keys,
 * plaintexts and scalars are secret; lengths, IVs/nonces/tweaks, AAD and
 * ciphertexts are public. The only secret-derived decisions allowed are the
 * final accept/reject of a tag and X25519's all-zero check, which the library
 * declassifies explicitly (qv_ct_declassify). */
#include <string.h>
#include "ct.h"
#include "pqc/sym/aes.h"
#include "pqc/sym/gcm.h"
#include "pqc/sym/xts.h"
#include "pqc/sym/chacha20poly1305.h"
#include "pqc/ecc/x25519.h"

static void ct_aes(void)
{
    uint8_t key[32], in[16], out[16];
    aes256_ctx c;
    ct_fill(key, sizeof key, 40);
    ct_fill(in, sizeof in, 41);
    ct_secret(key, sizeof key);
    ct_secret(in, sizeof in);
    aes256_init(&c, key);
    aes256_encrypt_block(&c, out, in);
    ct_public(out, sizeof out);
    aes256_decrypt_block(&c, out, out);
    ct_public(out, sizeof out);
    aes256_wipe(&c);
}
CT_CASE(aes256, ct_aes)

static void ct_gcm(void)
{
    uint8_t key[32], iv[12], iv60[60], aad[21], pt[70], ct[70], back[70], tag[16];
    aes256_gcm_ctx c;
    ct_fill(key, sizeof key, 42);
    ct_fill(iv, sizeof iv, 43);
    ct_fill(iv60, sizeof iv60, 44);
    ct_fill(aad, sizeof aad, 45);
    ct_fill(pt, sizeof pt, 46);
    ct_secret(key, sizeof key);
    ct_secret(pt, sizeof pt);
    aes256_gcm_init(&c, key);
    aes256_gcm_encrypt(&c, iv, sizeof iv, aad, sizeof aad, pt, sizeof pt, ct, tag);
    ct_public(ct, sizeof ct);
    ct_public(tag, sizeof tag);
    /* accepted and rejected tags both run without secret-dependent branches */
    aes256_gcm_decrypt(&c, iv, sizeof iv, aad, sizeof aad, ct, sizeof ct, tag, 16, back);
    ct_public(back, sizeof back);
    tag[5] ^= 1;
    aes256_gcm_decrypt(&c, iv, sizeof iv, aad, sizeof aad, ct, sizeof ct, tag, 16, back);
    ct_public(back, sizeof back);
    aes256_gcm_encrypt(&c, iv60, sizeof iv60, aad, sizeof aad, pt, sizeof pt, ct, tag);
    ct_public(ct, sizeof ct);
    ct_public(tag, sizeof tag);
    aes256_gcm_wipe(&c);
}
CT_CASE(aes256_gcm, ct_gcm)

static void ct_xts(void)
{
    uint8_t key[64], tw[16], pt[100], ct[100];
    aes256_xts_ctx c;
    ct_fill(key, sizeof key, 47);
    ct_fill(pt, sizeof pt, 48);
    ct_secret(key, sizeof key);
    ct_secret(pt, sizeof pt);
    aes256_xts_sector_tweak(tw, 12345);
    if (aes256_xts_init(&c, key) != 0)
        return;
    aes256_xts_encrypt(&c, tw, pt, sizeof pt, ct); /* 6 blocks + 4 bytes stolen */
    ct_public(ct, sizeof ct);
    aes256_xts_decrypt(&c, tw, ct, 37, pt);
    ct_public(pt, 37);
    aes256_xts_wipe(&c);
}
CT_CASE(aes256_xts, ct_xts)

static void ct_chachapoly(void)
{
    uint8_t key[32], nonce[12], aad[13], pt[150], ct[150], back[150], tag[16];
    ct_fill(key, sizeof key, 49);
    ct_fill(nonce, sizeof nonce, 50);
    ct_fill(aad, sizeof aad, 51);
    ct_fill(pt, sizeof pt, 52);
    ct_secret(key, sizeof key);
    ct_secret(pt, sizeof pt);
    chacha20poly1305_seal(key, nonce, aad, sizeof aad, pt, sizeof pt, ct, tag);
    ct_public(ct, sizeof ct);
    ct_public(tag, sizeof tag);
    chacha20poly1305_open(key, nonce, aad, sizeof aad, ct, sizeof ct, tag, back);
    ct_public(back, sizeof back);
    tag[0] ^= 0x80;
    chacha20poly1305_open(key, nonce, aad, sizeof aad, ct, sizeof ct, tag, back);
    ct_public(back, sizeof back);
}
CT_CASE(chacha20poly1305, ct_chachapoly)

static void ct_x25519(void)
{
    uint8_t a[32], b[32], apub[32], bpub[32], s[32];
    ct_fill(a, sizeof a, 53);
    ct_fill(b, sizeof b, 54);
    ct_secret(a, sizeof a);
    ct_secret(b, sizeof b);
    x25519_public_key(apub, a);
    ct_public(apub, sizeof apub);
    x25519_public_key(bpub, b);
    ct_public(bpub, sizeof bpub);
    x25519_shared_secret(s, a, bpub);
    ct_public(s, sizeof s);
}
CT_CASE(x25519, ct_x25519)
