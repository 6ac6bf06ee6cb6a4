/* Host 16550 UART driver (the hypervisor's own console on COM1); hostuart_* so
 * it never collides with the guest-facing 16550 model in devices/. */
#ifndef QV_DRIVERS_UART16550_H
#define QV_DRIVERS_UART16550_H
#include "lib/types.h"
#define COM1_PORT 0x3F8
void hostuart_init(uint16_t port, uint32_t baud);
void hostuart_putc(uint16_t port, char c);
void hostuart_write(uint16_t port, const char *s, size_t n); /* "\n" becomes "\r\n" */
/* Wait until the transmitter is empty (LSR.TEMT) so nothing is lost at exit. */
void hostuart_drain(uint16_t port);
/* One received byte, or -1 when none is waiting (never blocks). */
int hostuart_getc(uint16_t port);
#endif
