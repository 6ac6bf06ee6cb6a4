/* libFuzzer target: random port accesses, input changes and INTA cycles on
 * the dual 8259A. Invariants: the INT output reported through the callback
 * matches pic_has_interrupt(); every acknowledged vector comes from one of
 * the two programmed vector bases; ELCR reserved bits stay clear. */
#include <stdlib.h>
#include "devices/pic8259.h"

static int reported = -1;

static void changed(void *ctx, bool asserted)
{
    (void)ctx;
    if (reported == (int)asserted)
        abort();                       /* callback only on real changes */
    reported = asserted;
}

static const uint16_t ports[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1, 0x1f, 0x22, 0x4cf, 0x4d2 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pic p;
    reported = 0;
    pic_init(&p, changed, NULL);
    size_t i = 0;
    while (i + 3 <= size) {
        uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
        i += 3;
        switch (op % 5) {
        case 0:
            pic_port_write(&p, ports[a % ARRAY_SIZE(ports)], 1u << ((a >> 4) & 3), b);
            break;
        case 1:
            (void)pic_port_read(&p, ports[a % ARRAY_SIZE(ports)], 1u << ((a >> 4) & 3));
            break;
        case 2:
            pic_set_irq(&p, a % 20, b & 1);
            break;
        case 3: {
            int vec = pic_ack(&p);
            if (vec < 0 || vec > 255)
                abort();
            if ((vec & 0xf8) != p.chip[0].vector_base && (vec & 0xf8) != p.chip[1].vector_base)
                abort();
            break;
        }
        default:
            pic_port_write(&p, (uint16_t)(0x20 + (a & 0x80) + (a & 1)), 1, b);
            break;
        }
        if ((int)pic_has_interrupt(&p) != reported)
            abort();
        if ((p.chip[0].elcr & ~0xf8) || (p.chip[1].elcr & ~0xde))
            abort();
    }
    return 0;
}
