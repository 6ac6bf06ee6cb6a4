/* Output to the polled 16550 UART at 0x3f8, the guests' only console. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H
#include <stdarg.h>
#include <stdint.h>

#define COM1 0x3f8u
#define COM1_LSR (COM1 + 5)
#define COM1_SCR (COM1 + 7)  /* scratch register: a port with no side effect */
#define LSR_THRE 0x20u        /* transmit holding register empty (16550 LSR bit 5) */

void con_putc(char c);
void con_puts(const char *s);
/* printf subset: %s %c %d %u %x with optional 0-padding width, %llu %llx, %%. */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_vprintf(const char *fmt, va_list ap);

#endif
