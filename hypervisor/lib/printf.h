/* Freestanding formatted output: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' ' ' '+' '#',
 * width and precision (also '*'), length modifiers hh h l ll z t j. */
#ifndef QV_LIB_PRINTF_H
#define QV_LIB_PRINTF_H
#include <stdarg.h>
#include "lib/types.h"

/* Like C vsnprintf: always NUL-terminates when size > 0; returns the length
 * the full output would have had. */
int qv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int qv_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
