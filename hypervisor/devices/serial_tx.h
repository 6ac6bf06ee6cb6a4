/* Transmit side of a 16550 UART at COM1 (0x3f8-0x3ff): enough for a guest's
 * polled console output, which goes to the hypervisor console through
 * vm_console. The full 16550 model (receive, interrupts) replaces it in the
 * guest-platform work. */
#ifndef QV_DEVICES_SERIAL_TX_H
#define QV_DEVICES_SERIAL_TX_H
#include "core/vm/iobus.h"
#define COM1_BASE 0x3f8
struct serial_tx {
    struct vm *vm;
    uint8_t lcr, mcr, scratch, ier, dll, dlm;
};
int serial_tx_attach(struct vm *vm, struct iobus *bus, struct serial_tx *s);
#endif
