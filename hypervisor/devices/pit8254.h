/* Intel 8254 programmable interval timer (82C54 datasheet), ports 0x40-0x43,
 * input clock 1.193182 MHz. Counts are computed from guest time (struct
 * vclock), never ticked: a channel remembers when it started counting and how
 * many clocks it had counted before its gate last went low.
 *
 * Channel 0 output drives IRQ 0 (edge: one pulse per terminal count); channel
 * 1 is emulated but drives nothing; channel 2's gate and output are reached
 * through port 0x61 (devices/port61.h). The VM builder calls pit_update() when
 * the time from pit_next_event_ns() has come. */
#ifndef QV_DEVICES_PIT8254_H
#define QV_DEVICES_PIT8254_H
#include "lib/types.h"
#include "core/vm/iobus.h"
#include "core/vm/irq.h"

#define PIT_PORT_BASE 0x40
#define PIT_FREQ_HZ 1193182u
#define PIT_CHANNELS 3

struct pit_channel {
    uint8_t cw;              /* control word bits 5:0 (RW, M, BCD) for read-back status */
    uint8_t mode;            /* 0-5 (6 and 7 are aliases of 2 and 3) */
    uint8_t rw;              /* 1 LSB only, 2 MSB only, 3 LSB then MSB */
    bool bcd;
    bool gate;
    uint16_t reload;         /* count register as last written */
    uint32_t n;              /* active count in clocks: 1..65536 (binary), 1..10000 (BCD) */
    bool has_count;          /* a full count was written since the control word */
    bool wr_msb_next;        /* write flip-flop (RW = 3) */
    uint8_t wr_lsb;
    bool rd_msb_next;        /* read flip-flop (RW = 3) */
    bool count_latched, latch_msb_next, status_latched;
    uint16_t latch;
    uint8_t status;
    bool null_count;         /* status bit 6: count written but not yet in the counter */
    bool armed;              /* counting element loaded (modes 1/5: triggered) */
    bool running;            /* clocks are counted since start_tick */
    uint64_t start_tick;     /* absolute PIT tick when counting (re)started */
    uint64_t elapsed;        /* clocks counted before start_tick */
    uint64_t irq_events;     /* terminal-count events already signalled (channel 0) */
};

struct pit8254 {
    struct pit_channel ch[PIT_CHANNELS];
    const struct vclock *clk;
    struct irq_line irq0;
};

/* Channels start unprogrammed (mode 0, no count: no IRQ 0 until the guest
 * programs channel 0); gates 0 and 1 are tied high, gate 2 low. */
void pit_init(struct pit8254 *pit, const struct vclock *clk, const struct irq_line *irq0);
int pit_register(struct iobus *bus, struct pit8254 *pit);
uint64_t pit_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
void pit_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);

/* Gate input of channel `ch` (only channel 2 is wired to anything: port 0x61 bit 0). */
void pit_set_gate(struct pit8254 *pit, unsigned ch, bool level);
/* OUT pin of channel `ch` now. */
bool pit_get_out(struct pit8254 *pit, unsigned ch);
/* Guest time (ns) at which channel 0 next raises IRQ 0; 0 = none pending. */
uint64_t pit_next_event_ns(const struct pit8254 *pit);
/* Signals IRQ 0 if channel 0 reached a terminal count by `now_ns` (several
 * missed periods are coalesced into one pulse, as a late timer would be). */
void pit_update(struct pit8254 *pit, uint64_t now_ns);
/* Number of whole PIT clocks in `ns` of guest time (also drives port 0x61's
 * refresh toggle). */
uint64_t pit_ticks(uint64_t ns);
#endif
