/* Constant-time helpers shared by the symmetric primitives.
 *
 * Everything here runs in time independent of the data: no data-dependent
 * branches, no data-dependent memory indices (checked by `make ct-check`). */
#ifndef QV_PQC_SYM_CTUTIL_H
#define QV_PQC_SYM_CTUTIL_H
#include "lib/types.h"

/* Marks a value derived from secrets as public once it is meant to be
 * (an accept/reject decision). Under the valgrind constant-time check
 * (make ct-check) secrets are "undefined" memory, and this tells memcheck the
 * value may now be branched on. Outside valgrind the client request is a few
 * no-op instructions; the kernel build has no valgrind and it compiles away. */
#if defined(QV_HOST) && defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define qv_ct_declassify(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#endif
#endif
#ifndef qv_ct_declassify
#define qv_ct_declassify(p, n) ((void)(p), (void)(n))
#endif

/* 0 if the first n bytes of a and b are equal, -1 (all ones) otherwise.
 * The loop always reads every byte, so the time depends only on n. */
static inline int qv_ct_memneq(const uint8_t *a, const uint8_t *b, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= (uint32_t)(a[i] ^ b[i]);
    /* d in 0..255: (d - 1) has bit 31 set only for d == 0. */
    return (int)((((d - 1) >> 31) & 1) - 1);
}

/* 1 if all n bytes are zero, else 0; time depends only on n. */
static inline int qv_ct_is_zero(const uint8_t *p, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= p[i];
    return (int)(((d - 1) >> 31) & 1);
}

static inline uint32_t qv_load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void qv_store32_le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static inline uint64_t qv_load64_le(const uint8_t *p)
{
    return (uint64_t)qv_load32_le(p) | (uint64_t)qv_load32_le(p + 4) << 32;
}

static inline void qv_store64_le(uint8_t *p, uint64_t v)
{
    qv_store32_le(p, (uint32_t)v);
    qv_store32_le(p + 4, (uint32_t)(v >> 32));
}

static inline uint64_t qv_load64_be(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static inline void qv_store64_be(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

#endif
