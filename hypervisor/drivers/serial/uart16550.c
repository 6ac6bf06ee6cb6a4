/* 16550A UART, polled (PC16550D datasheet: registers THR/RBR 0, IER 1, FCR 2,
 * LCR 3, MCR 4, LSR 5; divisor latch at 0/1 when LCR.DLAB=1). */
#include "drivers/serial/uart16550.h"
#include "arch/x86_64/cpu/x86.h"

#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
/* Bounded waits: a missing or wedged UART must not hang the hypervisor. */
#define UART_SPIN_LIMIT 100000

void hostuart_init(uint16_t port, uint32_t baud)
{
    uint16_t div = (uint16_t)(115200 / (baud ? baud : 115200));
    outb(port + UART_IER, 0x00);
    outb(port + UART_LCR, LCR_DLAB);
    outb(port + 0, div & 0xff);
    outb(port + 1, div >> 8);
    outb(port + UART_LCR, LCR_8N1);
    outb(port + UART_FCR, 0xC7); /* enable + clear FIFOs, 14-byte threshold */
    outb(port + UART_MCR, 0x03); /* DTR | RTS */
}

void hostuart_putc(uint16_t port, char c)
{
    for (int i = 0; i < UART_SPIN_LIMIT && !(inb(port + UART_LSR) & LSR_THRE); i++)
        cpu_relax();
    outb(port + UART_THR, (uint8_t)c);
}

void hostuart_write(uint16_t port, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            hostuart_putc(port, '\r');
        hostuart_putc(port, s[i]);
    }
}

void hostuart_drain(uint16_t port)
{
    for (int i = 0; i < UART_SPIN_LIMIT && !(inb(port + UART_LSR) & LSR_TEMT); i++)
        cpu_relax();
}

int hostuart_getc(uint16_t port)
{
    return (inb(port + UART_LSR) & 0x01) ? inb(port + 0) : -1; /* LSR.DR */
}
