/* Host 16550 UART driver (the hypervisor's own console on COM1). */
#ifndef QV_DRIVERS_UART16550_H
#define QV_DRIVERS_UART16550_H
#include "lib/types.h"
#define COM1_PORT 0x3F8
void uart_init(uint16_t port, uint32_t baud);
void uart_putc(uint16_t port, char c);
void uart_write(uint16_t port, const char *s, size_t n); /* "\n" becomes "\r\n" */
/* Wait until the transmitter is empty (LSR.TEMT) so nothing is lost at exit. */
void uart_drain(uint16_t port);
#endif
