/* K-PKE (FIPS 203 §5, Alg. 13-15).
 *
 * The matrix A_hat is never stored: each entry is sampled when it is needed
 * (row by row for A_hat s, column by column for A_hat^T y), which keeps the
 * scratch to one polynomial vector plus a few polynomials for every k. */
#include "pqc/mlkem/kpke.h"
#include "lib/string.h"
#include "pqc/hash/sha3.h"
#include "pqc/mlkem/ct.h"
#include "pqc/mlkem/ntt.h"
#include "pqc/mlkem/sample.h"

/* t = sum_j A_hat[i][j] (x) v[j] with A_hat[i][j] = SampleNTT(rho || j || i)
 * (Alg. 13 line 6), or with the transpose when transpose is set (Alg. 14
 * line 19 uses A_hat^T). Result carries basemul's 2^-16 factor. */
static void matrix_row(const struct mlkem_params *p, const uint8_t rho[MLKEM_SYM_BYTES],
                       unsigned i, bool transpose, struct mlkem_work *w)
{
    for (unsigned j = 0; j < p->k; j++) {
        if (transpose)
            mlkem_sample_ntt(&w->a, rho, (uint8_t)i, (uint8_t)j);
        else
            mlkem_sample_ntt(&w->a, rho, (uint8_t)j, (uint8_t)i);
        mlkem_basemul_acc(w->acc, w->a.c, w->vec[j].c);
    }
    mlkem_basemul_finish(w->t.c, w->acc);
}

void mlkem_kpke_keygen(const struct mlkem_params *p, uint8_t *ek_pke, uint8_t *dk_pke,
                       const uint8_t d[MLKEM_SYM_BYTES], struct mlkem_work *w)
{
    uint8_t in[MLKEM_SYM_BYTES + 1];
    uint8_t rho_sigma[2 * MLKEM_SYM_BYTES];  /* (rho, sigma) = G(d || k), line 1 */
    const uint8_t *rho = rho_sigma, *sigma = rho_sigma + MLKEM_SYM_BYTES;
    unsigned k = p->k;

    memcpy(in, d, MLKEM_SYM_BYTES);
    in[MLKEM_SYM_BYTES] = (uint8_t)k;   /* domain separation by k (line 1) */
    sha3_512(rho_sigma, in, sizeof in);
    MLKEM_DECLASSIFY(rho_sigma, MLKEM_SYM_BYTES);   /* rho is part of ek */

    /* Lines 8-16: s with N = 0..k-1, e with N = k..2k-1; s_hat = NTT(s). */
    memset(w->acc, 0, sizeof w->acc);
    for (unsigned i = 0; i < k; i++) {
        mlkem_sample_cbd(&w->vec[i], sigma, (uint8_t)i, p->eta1);
        mlkem_ntt(w->vec[i].c);
    }
    /* Line 18: t_hat = A_hat s_hat + e_hat, one row at a time, straight
     * into ek (line 19). */
    for (unsigned i = 0; i < k; i++) {
        matrix_row(p, rho, i, false, w);
        mlkem_poly_tomont(&w->t);
        mlkem_sample_cbd(&w->e, sigma, (uint8_t)(k + i), p->eta1);
        mlkem_ntt(w->e.c);
        mlkem_poly_add(&w->t, &w->t, &w->e);
        mlkem_poly_canon(&w->t);
        mlkem_poly_tobytes(ek_pke + i * MLKEM_POLY_BYTES, &w->t);
    }
    memcpy(ek_pke + k * MLKEM_POLY_BYTES, rho, MLKEM_SYM_BYTES);
    /* Line 20: dk_pke = ByteEncode_12(s_hat). */
    for (unsigned i = 0; i < k; i++) {
        mlkem_poly_canon(&w->vec[i]);
        mlkem_poly_tobytes(dk_pke + i * MLKEM_POLY_BYTES, &w->vec[i]);
    }
    qv_memzero_explicit(in, sizeof in);
    qv_memzero_explicit(rho_sigma, sizeof rho_sigma);
    /* s_hat and e_hat are secret; t_hat and the matrix are public. */
    qv_memzero_explicit(w->vec, k * sizeof w->vec[0]);
    qv_memzero_explicit(&w->e, sizeof w->e);
}

void mlkem_kpke_encrypt(const struct mlkem_params *p, uint8_t *ct, const uint8_t *ek_pke,
                        const uint8_t m[MLKEM_SYM_BYTES], const uint8_t r[MLKEM_SYM_BYTES],
                        struct mlkem_work *w)
{
    const uint8_t *rho = ek_pke + p->k * MLKEM_POLY_BYTES;  /* line 3 */
    unsigned k = p->k;

    memset(w->acc, 0, sizeof w->acc);
    /* Lines 9-12, 18: y with N = 0..k-1, y_hat = NTT(y). */
    for (unsigned i = 0; i < k; i++) {
        mlkem_sample_cbd(&w->vec[i], r, (uint8_t)i, p->eta1);
        mlkem_ntt(w->vec[i].c);
    }
    /* Lines 13-16, 19, 22: u_i = NTT^-1((A_hat^T y_hat)_i) + e1_i with e1_i
     * from N = k + i, compressed into c1 as soon as it is complete. */
    for (unsigned i = 0; i < k; i++) {
        matrix_row(p, rho, i, true, w);
        mlkem_invntt_tomont(w->t.c);
        mlkem_sample_cbd(&w->e, r, (uint8_t)(k + i), p->eta2);
        mlkem_poly_add(&w->t, &w->t, &w->e);
        mlkem_poly_canon(&w->t);
        mlkem_poly_compress(ct + i * 32 * p->du, &w->t, p->du);
    }
    /* Lines 2, 17, 20-21, 23: v = NTT^-1(t_hat^T y_hat) + e2 + mu with e2 from
     * N = 2k and mu = Decompress_1(ByteDecode_1(m)). ek was checked (or came
     * from dk) by the caller; decoding reduces mod q either way. */
    for (unsigned j = 0; j < k; j++) {
        mlkem_poly_frombytes(&w->a, ek_pke + j * MLKEM_POLY_BYTES);
        mlkem_basemul_acc(w->acc, w->a.c, w->vec[j].c);
    }
    mlkem_basemul_finish(w->t.c, w->acc);
    mlkem_invntt_tomont(w->t.c);
    mlkem_sample_cbd(&w->e, r, (uint8_t)(2 * k), p->eta2);
    mlkem_poly_add(&w->t, &w->t, &w->e);
    mlkem_poly_decompress(&w->e, m, 1);
    mlkem_poly_add(&w->t, &w->t, &w->e);
    mlkem_poly_canon(&w->t);
    mlkem_poly_compress(ct + k * 32 * p->du, &w->t, p->dv);
    /* y, e1, e2, mu and v are all secret; the ciphertext copy in w->ct
     * (if any) belongs to the caller. */
    qv_memzero_explicit(w->vec, k * sizeof w->vec[0]);
    qv_memzero_explicit(&w->t, sizeof w->t);
    qv_memzero_explicit(&w->e, sizeof w->e);
}

void mlkem_kpke_decrypt(const struct mlkem_params *p, uint8_t m[MLKEM_SYM_BYTES],
                        const uint8_t *dk_pke, const uint8_t *ct, struct mlkem_work *w)
{
    unsigned k = p->k;

    memset(w->acc, 0, sizeof w->acc);
    /* Lines 3, 5-6: s_hat^T NTT(u'), decoding one polynomial of each at a time. */
    for (unsigned i = 0; i < k; i++) {
        mlkem_poly_decompress(&w->t, ct + i * 32 * p->du, p->du);
        mlkem_ntt(w->t.c);
        mlkem_poly_frombytes(&w->a, dk_pke + i * MLKEM_POLY_BYTES);
        mlkem_basemul_acc(w->acc, w->a.c, w->t.c);
    }
    mlkem_basemul_finish(w->t.c, w->acc);
    mlkem_invntt_tomont(w->t.c);
    /* Lines 4, 6-7: w = v' - NTT^-1(...), m = ByteEncode_1(Compress_1(w)). */
    mlkem_poly_decompress(&w->e, ct + k * 32 * p->du, p->dv);
    mlkem_poly_sub(&w->t, &w->e, &w->t);
    mlkem_poly_canon(&w->t);
    mlkem_poly_compress(m, &w->t, 1);
    qv_memzero_explicit(&w->a, sizeof w->a);
    qv_memzero_explicit(&w->t, sizeof w->t);
    qv_memzero_explicit(&w->e, sizeof w->e);
}
