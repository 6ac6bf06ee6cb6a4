/* Hex decoding for the symmetric-crypto unit tests (host only). */
#ifndef PQC_SYM_HEX_H
#define PQC_SYM_HEX_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline int pqc_sym_nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex into a fresh malloc'd buffer (at least 1 byte) and sets *len.
 * Aborts on malformed input: a typo in a test vector must not pass silently. */
static inline uint8_t *unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    if (n % 2) abort();
    uint8_t *p = malloc(n / 2 + 1);
    if (!p) abort();
    for (size_t i = 0; i < n / 2; i++) {
        int hi = pqc_sym_nibble(hex[2 * i]), lo = pqc_sym_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) abort();
        p[i] = (uint8_t)(hi << 4 | lo);
    }
    if (len) *len = n / 2;
    return p;
}

#endif
