/* System control port B; see port61.h. */
#include "devices/port61.h"

void port61_init(struct port61 *p, struct pit8254 *pit)
{
    p->pit = pit;
    p->ctl = 0;
    pit_set_gate(pit, 2, false);
}

/* One-byte port: wider reads return 0xff in the bytes beyond it, as an empty
 * ISA bus would for port 0x62 and up. */
uint64_t port61_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size)
{
    struct port61 *p = ctx;
    (void)v;
    if (size > 8)
        size = 8;
    uint64_t r = 0;
    for (unsigned i = 0; i < size; i++)
        r |= 0xffull << (8 * i);
    if (offset != 0 || size == 0)
        return r;
    uint64_t ticks = pit_ticks(vclock_now(p->pit->clk));
    uint8_t b = p->ctl;
    if ((ticks / PORT61_REFRESH_CLOCKS) & 1)
        b |= 0x10;
    if (pit_get_out(p->pit, 2))
        b |= 0x20;
    return (r & ~0xffull) | b;
}

void port61_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value)
{
    struct port61 *p = ctx;
    (void)v;
    if (offset != 0 || size == 0)
        return;
    p->ctl = (uint8_t)(value & 0x0f);   /* bits 7:4 are read-only status */
    pit_set_gate(p->pit, 2, value & 1);
}

static const struct io_ops port61_ops = { port61_io_read, port61_io_write };

int port61_register(struct iobus *bus, struct port61 *p)
{
    return iobus_register_pio(bus, PORT61_PORT, 1, &port61_ops, p, "port61");
}
