/* The three parameter sets of FIPS 203 §8 Table 2, sizes from Table 3. */
#include "pqc/mlkem/params.h"

#define MLKEM_SET(nm, k_, e1, e2, du_, dv_)                                  \
    { .name = nm, .k = k_, .eta1 = e1, .eta2 = e2, .du = du_, .dv = dv_,   \
      .ek_len = 384 * (k_) + 32, .dk_len = 768 * (k_) + 96,                \
      .ct_len = 32 * ((du_) * (k_) + (dv_)) }

const struct mlkem_params mlkem512 = MLKEM_SET("ML-KEM-512", 2, 3, 2, 10, 4);
const struct mlkem_params mlkem768 = MLKEM_SET("ML-KEM-768", 3, 2, 2, 10, 4);
const struct mlkem_params mlkem1024 = MLKEM_SET("ML-KEM-1024", 4, 2, 2, 11, 5);

const struct mlkem_params *mlkem_params_get(unsigned level)
{
    switch (level) {
    case 512: return &mlkem512;
    case 768: return &mlkem768;
    case 1024: return &mlkem1024;
    default: return NULL;
    }
}
