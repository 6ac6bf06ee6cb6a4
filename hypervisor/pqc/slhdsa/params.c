/* SLH-DSA parameter sets, FIPS 205 Table 2. */
#include "pqc/slhdsa/params.h"
#include "lib/string.h"

/* sig_bytes = n (1 + k (a + 1) + h + d len) (FIPS 205 §9.2, Fig. 17). */
#define SLH_SET(nm, fam, n_, h_, d_, a_, k_, m_)                               \
    { .name = nm, .family = fam, .n = n_, .h = h_, .d = d_, .hp = (h_) / (d_), \
      .a = a_, .k = k_, .m = m_, .len = 2 * (n_) + SLH_LEN2,                   \
      .pk_bytes = 2 * (n_), .sk_bytes = 4 * (n_),                              \
      .sig_bytes = (n_) * (1 + (k_) * ((a_) + 1) + (h_) + (d_) * (2 * (n_) + SLH_LEN2)) }

const struct slh_params slh_params_table[12] = {
    SLH_SET("SLH-DSA-SHA2-128s", SLH_SHA2, 16, 63, 7, 12, 14, 30),
    SLH_SET("SLH-DSA-SHAKE-128s", SLH_SHAKE, 16, 63, 7, 12, 14, 30),
    SLH_SET("SLH-DSA-SHA2-128f", SLH_SHA2, 16, 66, 22, 6, 33, 34),
    SLH_SET("SLH-DSA-SHAKE-128f", SLH_SHAKE, 16, 66, 22, 6, 33, 34),
    SLH_SET("SLH-DSA-SHA2-192s", SLH_SHA2, 24, 63, 7, 14, 17, 39),
    SLH_SET("SLH-DSA-SHAKE-192s", SLH_SHAKE, 24, 63, 7, 14, 17, 39),
    SLH_SET("SLH-DSA-SHA2-192f", SLH_SHA2, 24, 66, 22, 8, 33, 42),
    SLH_SET("SLH-DSA-SHAKE-192f", SLH_SHAKE, 24, 66, 22, 8, 33, 42),
    SLH_SET("SLH-DSA-SHA2-256s", SLH_SHA2, 32, 64, 8, 14, 22, 47),
    SLH_SET("SLH-DSA-SHAKE-256s", SLH_SHAKE, 32, 64, 8, 14, 22, 47),
    SLH_SET("SLH-DSA-SHA2-256f", SLH_SHA2, 32, 68, 17, 9, 35, 49),
    SLH_SET("SLH-DSA-SHAKE-256f", SLH_SHAKE, 32, 68, 17, 9, 35, 49),
};

const struct slh_params *slh_params_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(slh_params_table); i++)
        if (strcmp(slh_params_table[i].name, name) == 0)
            return &slh_params_table[i];
    return NULL;
}
