/* ML-KEM internal algorithms (FIPS 203 §6) and input checks (§7.2, §7.3). */
#include "pqc/mlkem/mlkem.h"
#include "lib/errors.h"
#include "lib/string.h"
#include "pqc/hash/sha3.h"

/* Hides a value from the optimiser so that mask arithmetic on it is not
 * turned back into a branch. */
static inline uint32_t value_barrier(uint32_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}

int mlkem_keygen_internal(const struct mlkem_params *p, uint8_t *ek, uint8_t *dk,
                          const uint8_t d[MLKEM_SYM_BYTES], const uint8_t z[MLKEM_SYM_BYTES],
                          struct mlkem_work *w)
{
    size_t pke = p->k * MLKEM_POLY_BYTES;

    /* Alg. 16: dk = dk_pke || ek || H(ek) || z. */
    mlkem_kpke_keygen(p, ek, dk, d, w);
    memcpy(dk + pke, ek, p->ek_len);
    sha3_256(dk + pke + p->ek_len, ek, p->ek_len);
    memcpy(dk + pke + p->ek_len + MLKEM_SYM_BYTES, z, MLKEM_SYM_BYTES);
    return 0;
}

int mlkem_check_ek(const struct mlkem_params *p, const uint8_t *ek, size_t ek_len,
                   struct mlkem_work *w)
{
    unsigned bad = 0;

    if (ek_len != p->ek_len)
        return PQC_ERR_BAD_LENGTH;
    for (unsigned i = 0; i < p->k; i++)
        bad |= mlkem_poly_frombytes(&w->a, ek + i * MLKEM_POLY_BYTES);
    return bad ? PQC_ERR_BAD_KEY : 0;
}

int mlkem_check_dk(const struct mlkem_params *p, const uint8_t *dk, size_t dk_len)
{
    const uint8_t *ek = dk + p->k * MLKEM_POLY_BYTES;
    uint8_t h[MLKEM_SYM_BYTES];

    if (dk_len != p->dk_len)
        return PQC_ERR_BAD_LENGTH;
    /* ek and its hash are public parts of dk, so memcmp may exit early. */
    sha3_256(h, ek, p->ek_len);
    return memcmp(h, ek + p->ek_len, MLKEM_SYM_BYTES) ? PQC_ERR_BAD_KEY : 0;
}

int mlkem_encaps_internal(const struct mlkem_params *p, uint8_t *ct, uint8_t ss[MLKEM_SYM_BYTES],
                          const uint8_t *ek, size_t ek_len, const uint8_t m[MLKEM_SYM_BYTES],
                          struct mlkem_work *w)
{
    uint8_t in[2 * MLKEM_SYM_BYTES];   /* m || H(ek) */
    uint8_t kr[2 * MLKEM_SYM_BYTES];   /* (K, r) = G(m || H(ek)) */
    int err = mlkem_check_ek(p, ek, ek_len, w);

    if (err)
        return err;
    memcpy(in, m, MLKEM_SYM_BYTES);
    sha3_256(in + MLKEM_SYM_BYTES, ek, ek_len);
    sha3_512(kr, in, sizeof in);
    mlkem_kpke_encrypt(p, ct, ek, m, kr + MLKEM_SYM_BYTES, w);
    memcpy(ss, kr, MLKEM_SYM_BYTES);
    qv_memzero_explicit(in, sizeof in);
    qv_memzero_explicit(kr, sizeof kr);
    return 0;
}

int mlkem_decaps_internal(const struct mlkem_params *p, uint8_t ss[MLKEM_SYM_BYTES],
                          const uint8_t *ct, size_t ct_len, const uint8_t *dk, size_t dk_len,
                          struct mlkem_work *w)
{
    size_t pke = p->k * MLKEM_POLY_BYTES;
    const uint8_t *ek = dk + pke;                                 /* Alg. 18 line 2 */
    const uint8_t *h = ek + p->ek_len;                            /* line 3 */
    const uint8_t *z = h + MLKEM_SYM_BYTES;                       /* line 4 */
    uint8_t in[2 * MLKEM_SYM_BYTES];   /* m' || h */
    uint8_t kr[2 * MLKEM_SYM_BYTES];   /* (K', r') */
    uint8_t kbar[MLKEM_SYM_BYTES];
    keccak_ctx j;
    uint32_t diff = 0;
    int err;

    if (ct_len != p->ct_len)                                      /* §7.3 check 1 */
        return PQC_ERR_BAD_LENGTH;
    err = mlkem_check_dk(p, dk, dk_len);                          /* §7.3 checks 2, 3 */
    if (err)
        return err;

    mlkem_kpke_decrypt(p, in, dk, ct, w);                         /* line 5 */
    memcpy(in + MLKEM_SYM_BYTES, h, MLKEM_SYM_BYTES);
    sha3_512(kr, in, sizeof in);                                  /* line 6 */
    /* line 7: K_bar = J(z || c) = SHAKE256(z || c, 32) */
    shake256_init(&j);
    keccak_absorb(&j, z, MLKEM_SYM_BYTES);
    keccak_absorb(&j, ct, ct_len);
    keccak_squeeze(&j, kbar, sizeof kbar);
    mlkem_kpke_encrypt(p, w->ct, ek, in, kr + MLKEM_SYM_BYTES, w); /* line 8 */

    /* Lines 9-11 without a branch on the comparison: diff collects every
     * differing bit, mask is 0xff when c != c' and 0 otherwise. */
    for (size_t i = 0; i < ct_len; i++)
        diff |= (uint32_t)(ct[i] ^ w->ct[i]);
    uint8_t mask = (uint8_t)(0u - (value_barrier(diff + 0xffu) >> 8));
    for (unsigned i = 0; i < MLKEM_SYM_BYTES; i++)
        ss[i] = (uint8_t)(kr[i] ^ (mask & (kr[i] ^ kbar[i])));

    qv_memzero_explicit(in, sizeof in);
    qv_memzero_explicit(kr, sizeof kr);
    qv_memzero_explicit(kbar, sizeof kbar);
    qv_memzero_explicit(&j, sizeof j);
    qv_memzero_explicit(w->ct, ct_len);
    return 0;
}
