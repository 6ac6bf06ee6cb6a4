/* 16550 transmit-only model (PC16550D register map); see serial_tx.h. */
#include "devices/serial_tx.h"
#include "core/vm/vm_console.h"

#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static uint64_t tx_read(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    struct serial_tx *s = ctx;
    (void)v;
    (void)size;
    bool dlab = s->lcr & LCR_DLAB;
    switch (off) {
    case 0: return dlab ? s->dll : 0;      /* RBR: nothing received */
    case 1: return dlab ? s->dlm : s->ier;
    case 2: return 0x01;                   /* IIR: no interrupt pending */
    case 3: return s->lcr;
    case 4: return s->mcr;
    case 5: return LSR_THRE | LSR_TEMT;    /* transmitter always ready */
    case 6: return 0xB0;                   /* MSR: CTS, DSR, DCD */
    case 7: return s->scratch;
    default: return 0xff;
    }
}

static void tx_write(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    struct serial_tx *s = ctx;
    (void)v;
    (void)size;
    uint8_t b = (uint8_t)val;
    bool dlab = s->lcr & LCR_DLAB;
    switch (off) {
    case 0:
        if (dlab) {
            s->dll = b;
        } else {
            char c = (char)b;
            vm_console_write(s->vm, &c, 1);
        }
        break;
    case 1:
        if (dlab)
            s->dlm = b;
        else
            s->ier = b & 0x0f;
        break;
    case 3: s->lcr = b; break;
    case 4: s->mcr = b & 0x1f; break;
    case 7: s->scratch = b; break;
    default: break; /* FCR and read-only registers */
    }
}

static const struct io_ops tx_ops = { tx_read, tx_write };

int serial_tx_attach(struct vm *vm, struct iobus *bus, struct serial_tx *s)
{
    s->vm = vm;
    s->lcr = 0x03;
    return iobus_register_pio(bus, COM1_BASE, 8, &tx_ops, s, "com1");
}
