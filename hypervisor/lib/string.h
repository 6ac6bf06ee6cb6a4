/* String and memory functions. The kernel provides its own (string.c); host
 * builds (unit tests, fuzzers, tools) use the C library's. */
#ifndef QV_LIB_STRING_H
#define QV_LIB_STRING_H
#include "lib/types.h"

#ifdef QV_HOST
#include <string.h>
#else
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
#ifndef QV_STRING_IMPL
/* -ffreestanding turns off the compiler's knowledge of these: let it inline
 * small fixed-size copies (struct copies, register blocks) on hot paths; it
 * still calls the functions above for anything else. */
#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memset(d, c, n) __builtin_memset((d), (c), (n))
#endif
#endif

/* Wipe a secret so the compiler cannot drop the store (dead-store elimination). */
static inline void qv_memzero_explicit(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n--)
        *v++ = 0;
}

#endif
