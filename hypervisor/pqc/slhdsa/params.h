/* SLH-DSA parameter sets (FIPS 205 §11, Table 2). lg_w = 4 (w = 16) for all. */
#ifndef QV_PQC_SLHDSA_PARAMS_H
#define QV_PQC_SLHDSA_PARAMS_H
#include "lib/types.h"

#define SLH_MAX_N 32
#define SLH_MAX_LEN 67     /* WOTS+ chains for n = 32: len1 = 64, len2 = 3 */
#define SLH_MAX_HP 9       /* XMSS tree height h' (128s, 192s) */
#define SLH_MAX_A 14       /* FORS tree height (192s, 256s) */
#define SLH_MAX_K 35       /* FORS trees (256f) */
#define SLH_MAX_M 49       /* H_msg output bytes (256f) */
#define SLH_W 16
#define SLH_LG_W 4
#define SLH_LEN2 3         /* FIPS 205 eq. 5.3 for lg_w = 4 and n <= 32 */

enum slh_family { SLH_SHA2 = 0, SLH_SHAKE = 1 };

struct slh_params {
    const char *name;          /* "SLH-DSA-SHA2-128s", ... */
    uint8_t family;            /* enum slh_family */
    uint8_t n, h, d, hp, a, k, m;
    uint8_t len;               /* 2n + 3 */
    uint16_t pk_bytes, sk_bytes;
    uint32_t sig_bytes;        /* n (1 + k (1 + a) + h + d len), §9.2 */
};

extern const struct slh_params slh_params_table[12];

/* Exact, case-sensitive name lookup; NULL when unknown. */
const struct slh_params *slh_params_by_name(const char *name);

#endif
