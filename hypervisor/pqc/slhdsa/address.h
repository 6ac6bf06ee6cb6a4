/* SLH-DSA hash-function address ADRS (FIPS 205 §4.2, Fig. 2 and Table 1).
 *
 * 32 bytes, big-endian words:
 *   [0..3] layer  [4..15] tree  [16..19] type  [20..23] word1  [24..27] word2
 *   [28..31] word3
 * word1 = key-pair address; word2 = chain address or tree height;
 * word3 = hash address or tree index. */
#ifndef QV_PQC_SLHDSA_ADDRESS_H
#define QV_PQC_SLHDSA_ADDRESS_H
#include "lib/types.h"
#include "lib/string.h"

enum slh_adrs_type {
    SLH_WOTS_HASH = 0,
    SLH_WOTS_PK = 1,
    SLH_TREE = 2,
    SLH_FORS_TREE = 3,
    SLH_FORS_ROOTS = 4,
    SLH_WOTS_PRF = 5,
    SLH_FORS_PRF = 6,
};

#define SLH_ADRS_BYTES 32
#define SLH_ADRSC_BYTES 22

typedef struct {
    uint8_t b[SLH_ADRS_BYTES];
} slh_adrs;

static inline void slh_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline uint32_t slh_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void slh_adrs_zero(slh_adrs *a) { memset(a->b, 0, sizeof(a->b)); }

static inline void slh_adrs_set_layer(slh_adrs *a, uint32_t l) { slh_put32(a->b, l); }

/* The tree address is 12 bytes; every parameter set needs at most 64 bits
 * (h - h' <= 64), so the top 4 bytes stay zero. */
static inline void slh_adrs_set_tree(slh_adrs *a, uint64_t t)
{
    slh_put32(a->b + 4, 0);
    slh_put32(a->b + 8, (uint32_t)(t >> 32));
    slh_put32(a->b + 12, (uint32_t)t);
}

/* setTypeAndClear (§4.2): the type change also zeroes words 1..3. */
static inline void slh_adrs_set_type(slh_adrs *a, enum slh_adrs_type t)
{
    slh_put32(a->b + 16, (uint32_t)t);
    memset(a->b + 20, 0, 12);
}

static inline void slh_adrs_set_keypair(slh_adrs *a, uint32_t kp) { slh_put32(a->b + 20, kp); }
static inline uint32_t slh_adrs_get_keypair(const slh_adrs *a) { return slh_get32(a->b + 20); }
static inline void slh_adrs_set_chain(slh_adrs *a, uint32_t c) { slh_put32(a->b + 24, c); }
static inline void slh_adrs_set_tree_height(slh_adrs *a, uint32_t z) { slh_put32(a->b + 24, z); }
static inline void slh_adrs_set_hash(slh_adrs *a, uint32_t h) { slh_put32(a->b + 28, h); }
static inline void slh_adrs_set_tree_index(slh_adrs *a, uint32_t i) { slh_put32(a->b + 28, i); }
static inline uint32_t slh_adrs_get_tree_index(const slh_adrs *a) { return slh_get32(a->b + 28); }

/* Compressed address ADRSc for the SHA2 instantiations (FIPS 205 §11.2):
 * layer (1 byte) || tree (low 8 bytes) || type (1 byte) || words 1..3. */
static inline void slh_adrs_compress(uint8_t out[SLH_ADRSC_BYTES], const slh_adrs *a)
{
    out[0] = a->b[3];
    memcpy(out + 1, a->b + 8, 8);
    out[9] = a->b[19];
    memcpy(out + 10, a->b + 20, 12);
}

#endif
