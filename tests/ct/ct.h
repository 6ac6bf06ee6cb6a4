/* Constant-time check harness (make ct-check, tests/ct/run.sh).
 *
 * A case marks its secret inputs with ct_secret() (valgrind memcheck then
 * treats them as uninitialised), runs the operation, and marks the results
 * public again with ct_public() before looking at them. Memcheck reports any
 * conditional branch or memory address that depends on "uninitialised", i.e.
 * secret, data: exactly the leaks a timing or cache attacker can see.
 *
 *   static void ct_sha3(void) { uint8_t k[32] = {1}, d[32];
 *       ct_secret(k, sizeof k); sha3_256(d, k, sizeof k); ct_public(d, sizeof d); }
 *   CT_CASE(sha3_256, ct_sha3)
 *
 * Outside valgrind the client requests are no-ops, so cases also run natively. */
#ifndef QV_CT_H
#define QV_CT_H
#include <stddef.h>
#include <stdint.h>
#include <valgrind/memcheck.h>

typedef void (*ct_fn)(void);
void ct_register(const char *name, ct_fn fn);

#define CT_CASE(name, fn)                                              \
    __attribute__((constructor)) static void ct_reg_##name(void)      \
    {                                                                  \
        ct_register(#name, fn);                                        \
    }

static inline void ct_secret(const void *p, size_t n)
{
    VALGRIND_MAKE_MEM_UNDEFINED(p, n);
}

/* Declassify: results (ciphertexts, public keys, a KEM's shared secret once it
 * is output) may be inspected after this. */
static inline void ct_public(const void *p, size_t n)
{
    VALGRIND_MAKE_MEM_DEFINED(p, n);
}

/* Deterministic filler so cases do not depend on an RNG. */
static inline void ct_fill(void *p, size_t n, uint32_t seed)
{
    uint8_t *b = (uint8_t *)p;
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        b[i] = (uint8_t)x;
    }
}

/* Heap scratch of n bytes (a descriptor's work_len), zeroed. */
void *ct_alloc(size_t n);

#endif
