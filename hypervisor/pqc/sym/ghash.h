/* GHASH (NIST SP 800-38D §6.4), constant time.
 *
 * The multiplication in GF(2^128) uses a carry-less multiply built from
 * ordinary integer multiplications on operands with "holes" (only every
 * fourth bit kept), so no table is indexed by H or by the data. */
#ifndef QV_PQC_SYM_GHASH_H
#define QV_PQC_SYM_GHASH_H
#include "lib/types.h"

typedef unsigned __int128 qv_u128;

typedef struct {
    qv_u128 h;  /* hash subkey H as a big-endian 128-bit integer */
    qv_u128 y;  /* running value Y_i */
    uint8_t buf[16];
    unsigned n; /* bytes pending in buf */
} ghash_ctx;

void ghash_init(ghash_ctx *g, const uint8_t h[16]);
/* Absorbs data as a string of blocks; the last partial block is zero-padded
 * when ghash_pad() is called (SP 800-38D §7.1 step 5 pads A and C separately). */
void ghash_update(ghash_ctx *g, const uint8_t *p, size_t n);
void ghash_pad(ghash_ctx *g);
/* Pads, then writes Y. Does not wipe: the caller wipes the context. */
void ghash_result(ghash_ctx *g, uint8_t out[16]);
/* X * H in GF(2^128) with the SP 800-38D §6.3 bit order; exposed for tests. */
qv_u128 ghash_gfmul(qv_u128 x, qv_u128 h);

#endif
