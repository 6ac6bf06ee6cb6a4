/* K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 §5). Not a
 * public interface: it is only secure as used by mlkem.c. */
#ifndef QV_PQC_MLKEM_KPKE_H
#define QV_PQC_MLKEM_KPKE_H
#include "pqc/mlkem/params.h"
#include "pqc/mlkem/poly.h"

/* Scratch for one operation; lives in the caller's work buffer so that the
 * polynomial vectors (up to 2.5 KiB) are not on the kernel stack. */
struct mlkem_work {
    mlkem_poly vec[MLKEM_K_MAX];  /* s_hat (KeyGen, Decrypt) or y_hat (Encrypt) */
    mlkem_poly a;                 /* one matrix entry / decoded key polynomial */
    mlkem_poly t;                 /* the row being computed */
    mlkem_poly e;                 /* noise / message polynomial */
    int32_t acc[MLKEM_N];         /* unreduced NTT-domain dot product */
    uint8_t ct[MLKEM_CT_MAX];     /* re-encryption in Decaps */
};

/* Alg. 13: ek_pke (384k + 32 bytes) and dk_pke (384k bytes) from d. */
void mlkem_kpke_keygen(const struct mlkem_params *p, uint8_t *ek_pke, uint8_t *dk_pke,
                       const uint8_t d[MLKEM_SYM_BYTES], struct mlkem_work *w);
/* Alg. 14: ct (p->ct_len bytes) from ek_pke, m and randomness r. */
void mlkem_kpke_encrypt(const struct mlkem_params *p, uint8_t *ct, const uint8_t *ek_pke,
                        const uint8_t m[MLKEM_SYM_BYTES], const uint8_t r[MLKEM_SYM_BYTES],
                        struct mlkem_work *w);
/* Alg. 15: m from dk_pke and ct. */
void mlkem_kpke_decrypt(const struct mlkem_params *p, uint8_t m[MLKEM_SYM_BYTES],
                        const uint8_t *dk_pke, const uint8_t *ct, struct mlkem_work *w);

#endif
