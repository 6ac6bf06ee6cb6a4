/* ML-KEM (FIPS 203): the deterministic internal algorithms of §6 with the
 * input checks of §7.2 and §7.3. Randomness (d, z, m) comes from the caller,
 * normally pqc_random() through the descriptors of mlkem_desc.c.
 *
 * All functions return 0 or a negative PQC_ERR_* code and never read or
 * write outside the stated lengths. `w` is scratch of sizeof(struct
 * mlkem_work) bytes (MLKEM_WORK_LEN), suitably aligned for int32_t. */
#ifndef QV_PQC_MLKEM_MLKEM_H
#define QV_PQC_MLKEM_MLKEM_H
#include "lib/types.h"
#include "pqc/mlkem/kpke.h"
#include "pqc/mlkem/params.h"

#define MLKEM_WORK_LEN sizeof(struct mlkem_work)

/* Alg. 16 ML-KEM.KeyGen_internal(d, z): ek (p->ek_len), dk (p->dk_len). */
int mlkem_keygen_internal(const struct mlkem_params *p, uint8_t *ek, uint8_t *dk,
                          const uint8_t d[MLKEM_SYM_BYTES], const uint8_t z[MLKEM_SYM_BYTES],
                          struct mlkem_work *w);

/* §7.2 encapsulation key check: length 384k + 32 and every ByteDecode_12
 * coefficient < q (ByteEncode_12(ByteDecode_12(ek)) == ek). 0,
 * PQC_ERR_BAD_LENGTH or PQC_ERR_BAD_KEY. */
int mlkem_check_ek(const struct mlkem_params *p, const uint8_t *ek, size_t ek_len,
                   struct mlkem_work *w);

/* §7.3 decapsulation key check: length 768k + 96 and H(ek) equal to the
 * stored hash. 0, PQC_ERR_BAD_LENGTH or PQC_ERR_BAD_KEY. */
int mlkem_check_dk(const struct mlkem_params *p, const uint8_t *dk, size_t dk_len);

/* Alg. 17 ML-KEM.Encaps_internal(ek, m) after the §7.2 check:
 * ct (p->ct_len), ss (32). */
int mlkem_encaps_internal(const struct mlkem_params *p, uint8_t *ct, uint8_t ss[MLKEM_SYM_BYTES],
                          const uint8_t *ek, size_t ek_len, const uint8_t m[MLKEM_SYM_BYTES],
                          struct mlkem_work *w);

/* Alg. 18 ML-KEM.Decaps_internal(dk, c) after the §7.3 checks. A ciphertext
 * of the right length that does not re-encrypt to itself is not an error:
 * ss is then the implicit-rejection key J(z || c), chosen in constant time. */
int mlkem_decaps_internal(const struct mlkem_params *p, uint8_t ss[MLKEM_SYM_BYTES],
                          const uint8_t *ct, size_t ct_len, const uint8_t *dk, size_t dk_len,
                          struct mlkem_work *w);

#endif
