/* Hex helpers shared by the PQC unit tests (host only). */
#ifndef PQC_TEST_UTIL_H
#define PQC_TEST_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decodes hex into out (at most cap bytes); returns the byte count or -1. */
static inline int th_unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = strlen(hex);
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char ch = hex[2 * i + k];
            v <<= 4;
            if (ch >= '0' && ch <= '9') v |= (unsigned)(ch - '0');
            else if (ch >= 'a' && ch <= 'f') v |= (unsigned)(ch - 'a' + 10);
            else if (ch >= 'A' && ch <= 'F') v |= (unsigned)(ch - 'A' + 10);
            else return -1;
        }
        out[i] = (uint8_t)v;
    }
    return (int)(n / 2);
}
#endif
