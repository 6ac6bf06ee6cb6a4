/* ML-KEM-512/768/1024 descriptors for the PQC registry (pqc.h). The
 * descriptor interface has fixed-size buffers, so the lengths passed on are
 * the parameter set's own; ML-KEM.Encaps and ML-KEM.Decaps still run the
 * FIPS 203 §7.2 / §7.3 key checks. */
#include "pqc/pqc.h"
#include "pqc/mlkem/mlkem.h"

#define MLKEM_DESC(lvl)                                                              \
    static int mlkem##lvl##_keygen(uint8_t *ek, uint8_t *dk, const uint8_t *seed,    \
                                   void *work)                                       \
    {                                                                                \
        return mlkem_keygen_internal(&mlkem##lvl, ek, dk, seed,                      \
                                     seed + MLKEM_SYM_BYTES, work);                  \
    }                                                                                \
    static int mlkem##lvl##_encaps(uint8_t *ct, uint8_t *ss, const uint8_t *ek,      \
                                   const uint8_t *m, void *work)                     \
    {                                                                                \
        return mlkem_encaps_internal(&mlkem##lvl, ct, ss, ek, mlkem##lvl.ek_len, m,  \
                                     work);                                          \
    }                                                                                \
    static int mlkem##lvl##_decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk, \
                                   void *work)                                       \
    {                                                                                \
        return mlkem_decaps_internal(&mlkem##lvl, ss, ct, mlkem##lvl.ct_len, dk,     \
                                     mlkem##lvl.dk_len, work);                       \
    }                                                                                \
    static const struct pqc_kem_alg mlkem##lvl##_desc = {                            \
        .name = "ML-KEM-" #lvl,                                                      \
        .ek_len = 384 * MLKEM##lvl##_K + 32,                                         \
        .dk_len = 768 * MLKEM##lvl##_K + 96,                                         \
        .ct_len = MLKEM##lvl##_CT,                                                   \
        .ss_len = MLKEM_SYM_BYTES,                                                   \
        .keygen_seed_len = 2 * MLKEM_SYM_BYTES,                                      \
        .encaps_seed_len = MLKEM_SYM_BYTES,                                          \
        .work_len = MLKEM_WORK_LEN,                                                  \
        .keygen = mlkem##lvl##_keygen,                                               \
        .encaps = mlkem##lvl##_encaps,                                               \
        .decaps = mlkem##lvl##_decaps,                                               \
    };                                                                               \
    PQC_REGISTER_KEM(mlkem##lvl##_desc)

/* Sizes must be constant expressions here (FIPS 203 Table 3); the unit test
 * checks them against struct mlkem_params. */
#define MLKEM512_K 2
#define MLKEM768_K 3
#define MLKEM1024_K 4
#define MLKEM512_CT 768
#define MLKEM768_CT 1088
#define MLKEM1024_CT 1568

MLKEM_DESC(512);
MLKEM_DESC(768);
MLKEM_DESC(1024);
