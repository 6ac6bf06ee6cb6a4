/* Constant-time checks for ML-KEM (FIPS 203). Secret: d, z (keygen), m
 * (encaps), the secret part of dk and z (decaps). Public: ek, the matrix seed
 * rho (rejection sampling may branch on it; the library declassifies it with
 * MLKEM_DECLASSIFY, enabled by -DQV_CT_CHECK in run.sh, and the keygen cases
 * check that nothing else became public), ciphertexts, the stored H(ek).
 * Decaps runs on an honest and on a modified ciphertext, so both outcomes of
 * the implicit-rejection select are exercised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ct.h"
#include "pqc/mlkem/mlkem.h"

/* Under valgrind: 1 when every byte of p[0..n) still carries secret
 * (undefined) bits, 0 when some byte is fully defined; -1 when the V bits
 * cannot be read (not running under valgrind). Reading V bits is silent. */
static int all_secret(const void *p, size_t n)
{
    static uint8_t vbits[MLKEM_DK_MAX];
    if (n > sizeof vbits || VALGRIND_GET_VBITS(p, vbits, n) != 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (vbits[i] == 0)
            return 0;
    return 1;
}

/* Declassification must stay narrow: rho (the last 32 bytes of ek) is the
 * only value MLKEM_DECLASSIFY may make public in KeyGen. Everything derived
 * from sigma (s_hat in dk, t_hat in ek, H(ek)) and z must still be secret
 * when keygen returns; a wider declassification (say, all of G(d || k))
 * would make them defined and fail here. */
static void check_keygen_taint(const struct mlkem_params *p, const uint8_t *ek, const uint8_t *dk)
{
    size_t pke = 384 * p->k;
    int dk_pke = all_secret(dk, pke), t_hat = all_secret(ek, pke);
    int rest = all_secret(dk + pke + p->ek_len, 64);   /* H(ek) || z */
    int rho = all_secret(ek + pke, 32);

    if (dk_pke < 0)
        return;   /* native run: nothing to check */
    if (dk_pke != 1 || t_hat != 1 || rest != 1 || rho != 0) {
        fprintf(stderr, "%s keygen: declassification too wide or missing "
                "(s_hat %d, t_hat %d, H(ek)||z %d, rho %d; want 1 1 1 0)\n",
                p->name, dk_pke, t_hat, rest, rho);
        exit(1);
    }
}

static void keygen_case(const struct mlkem_params *p)
{
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX];
    uint8_t d[32], z[32];
    struct mlkem_work *w = ct_alloc(MLKEM_WORK_LEN);
    ct_fill(d, 32, 1);
    ct_fill(z, 32, 2);
    ct_secret(d, 32);
    ct_secret(z, 32);
    mlkem_keygen_internal(p, ek, dk, d, z, w);
    check_keygen_taint(p, ek, dk);
    ct_public(ek, p->ek_len);
    ct_public(dk, p->dk_len);
}

static void encaps_case(const struct mlkem_params *p)
{
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
    uint8_t d[32], z[32], m[32], ss[32];
    struct mlkem_work *w = ct_alloc(MLKEM_WORK_LEN);
    ct_fill(d, 32, 3);
    ct_fill(z, 32, 4);
    ct_fill(m, 32, 5);
    mlkem_keygen_internal(p, ek, dk, d, z, w);
    ct_secret(m, 32);
    mlkem_encaps_internal(p, ct, ss, ek, p->ek_len, m, w);
    ct_public(ct, p->ct_len);
    ct_public(ss, 32);
}

static void decaps_case(const struct mlkem_params *p)
{
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
    uint8_t d[32], z[32], m[32], ss[32];
    size_t pke = 384 * p->k;
    struct mlkem_work *w = ct_alloc(MLKEM_WORK_LEN);
    ct_fill(d, 32, 6);
    ct_fill(z, 32, 7);
    ct_fill(m, 32, 8);
    mlkem_keygen_internal(p, ek, dk, d, z, w);
    mlkem_encaps_internal(p, ct, ss, ek, p->ek_len, m, w);
    for (int tamper = 0; tamper < 2; tamper++) {
        if (tamper)
            ct[17] ^= 4;
        ct_secret(dk, pke);                        /* s_hat */
        ct_secret(dk + p->dk_len - 32, 32);        /* z */
        mlkem_decaps_internal(p, ss, ct, p->ct_len, dk, p->dk_len, w);
        ct_public(ss, 32);
        ct_public(dk, p->dk_len);
    }
}

static void keygen512(void) { keygen_case(&mlkem512); }
static void keygen768(void) { keygen_case(&mlkem768); }
static void keygen1024(void) { keygen_case(&mlkem1024); }
static void encaps512(void) { encaps_case(&mlkem512); }
static void encaps768(void) { encaps_case(&mlkem768); }
static void encaps1024(void) { encaps_case(&mlkem1024); }
static void decaps512(void) { decaps_case(&mlkem512); }
static void decaps768(void) { decaps_case(&mlkem768); }
static void decaps1024(void) { decaps_case(&mlkem1024); }
CT_CASE(mlkem512_keygen, keygen512)
CT_CASE(mlkem768_keygen, keygen768)
CT_CASE(mlkem1024_keygen, keygen1024)
CT_CASE(mlkem512_encaps, encaps512)
CT_CASE(mlkem768_encaps, encaps768)
CT_CASE(mlkem1024_encaps, encaps1024)
CT_CASE(mlkem512_decaps, decaps512)
CT_CASE(mlkem768_decaps, decaps768)
CT_CASE(mlkem1024_decaps, decaps1024)
