/* National Semiconductor PC16550D UART (datasheet, June 1995 revision), the
 * PC's COM port: 8 byte-wide registers at a base such as 0x3f8, IRQ 4.
 *
 * Transmission is instantaneous: a THR write hands the byte to the tx
 * callback (the VM console) and the transmitter is empty again at once.
 * Reception comes from the host through uart_receive() into the 16-byte RX
 * FIFO. The character timeout interrupt (FIFO mode) is timed with struct
 * vclock from the programmed baud rate and frame format; the VM builder arms
 * a host timer for uart_next_event_ns() and calls uart_update(). */
#ifndef QV_DEVICES_UART16550_H
#define QV_DEVICES_UART16550_H
#include "lib/types.h"
#include "core/vm/iobus.h"
#include "core/vm/irq.h"

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ 4
#define UART_FIFO_SIZE 16
#define UART_CLOCK_BAUD 115200u   /* 1.8432 MHz / 16: baud rate at divisor 1 */

struct uart16550 {
    const struct vclock *clk;
    struct irq_line irq;
    void (*tx)(void *ctx, uint8_t byte);
    void *tx_ctx;

    uint8_t rx[UART_FIFO_SIZE];
    uint8_t rx_head, rx_count;
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    uint8_t fcr;               /* bit 0 FIFO enable, bits 7:6 RX trigger */
    uint8_t lsr_err;           /* sticky LSR error bits (OE), cleared by LSR read */
    uint8_t msr;               /* bits 7:4 modem lines, 3:0 delta bits */
    bool thre_pending;         /* THRE interrupt pending */
    uint64_t rx_activity_ns;   /* last character received or RBR read */
    uint64_t synced_ns;        /* guest time the IRQ line was last evaluated at */
    bool level;                /* current state of the IRQ line */
};

/* Divisor 12 (9600 baud), 8N1 like a PC after POST; all interrupts disabled.
 * `tx` may be NULL (output discarded); `irq` may be NULL. */
void uart_init(struct uart16550 *u, const struct vclock *clk, const struct irq_line *irq,
               void (*tx)(void *ctx, uint8_t byte), void *tx_ctx);
int uart_register(struct iobus *bus, struct uart16550 *u, uint16_t base);
uint64_t uart_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
void uart_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);

/* Host console input. Returns how many bytes went into the RX FIFO; the rest
 * were lost to an overrun (LSR.OE set). In loopback mode the serial input is
 * disconnected: nothing is taken and 0 is returned. */
size_t uart_receive(struct uart16550 *u, const char *buf, size_t n);
/* Bytes uart_receive() can take now without overrun (0 in loopback mode). */
size_t uart_rx_room(const struct uart16550 *u);

/* Guest time of the next character-timeout interrupt, 0 = none. */
uint64_t uart_next_event_ns(const struct uart16550 *u);
void uart_update(struct uart16550 *u, uint64_t now_ns);
#endif
