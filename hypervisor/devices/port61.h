/* PC/AT system control port B (port 0x61), the glue between the 8254's
 * channel 2 and software (IBM PC/AT Technical Reference, "System Board I/O
 * Address Map"; also the IBM 5170 port B description):
 *   bit 0  R/W  timer 2 gate (8254 channel 2 GATE input)
 *   bit 1  R/W  speaker data enable (no sound is produced)
 *   bit 2  R/W  parity check disable (stored)
 *   bit 3  R/W  I/O channel check disable (stored)
 *   bit 4  R    refresh toggle: flips every refresh cycle (PIT channel 1,
 *               mode 2, count 18: every 15.085 us), computed from guest time
 *   bit 5  R    timer 2 OUT
 *   bits 6-7 R  I/O channel check / parity error: always 0
 * Linux calibrates the TSC by gating channel 2 here and polling bit 5. */
#ifndef QV_DEVICES_PORT61_H
#define QV_DEVICES_PORT61_H
#include "devices/pit8254.h"

#define PORT61_PORT 0x61
#define PORT61_REFRESH_CLOCKS 18   /* PIT clocks per DRAM refresh request */

struct port61 {
    struct pit8254 *pit;
    uint8_t ctl;                   /* bits 3:0 as written */
};

void port61_init(struct port61 *p, struct pit8254 *pit);
int port61_register(struct iobus *bus, struct port61 *p);
uint64_t port61_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
void port61_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);
#endif
