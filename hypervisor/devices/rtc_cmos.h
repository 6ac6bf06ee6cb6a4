/* Motorola MC146818A real-time clock and CMOS RAM, ports 0x70 (index, bit 7
 * = NMI disable) and 0x71 (data), IRQ 8 (level: asserted while register C's
 * IRQF is set, until the guest reads register C).
 *
 * Time comes from a wall-clock base given at init plus guest time (struct
 * vclock); the divider chain's phase is kept when the guest sets the time.
 * Periodic (PF), update-ended (UF) and alarm (AF) flags are computed from
 * guest time; the VM builder arms a host timer for rtc_next_event_ns() and
 * calls rtc_update(). */
#ifndef QV_DEVICES_RTC_CMOS_H
#define QV_DEVICES_RTC_CMOS_H
#include "lib/types.h"
#include "core/vm/iobus.h"
#include "core/vm/irq.h"

#define RTC_PORT_BASE 0x70
#define RTC_IRQ 8
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d
#define RTC_CENTURY 0x32

/* Register A/B/C bits (MC146818A datasheet, "Register A" ... "Register C"). */
#define RTC_A_UIP 0x80
#define RTC_B_SET 0x80
#define RTC_B_PIE 0x40
#define RTC_B_AIE 0x20
#define RTC_B_UIE 0x10
#define RTC_B_DM_BINARY 0x04
#define RTC_B_24H 0x02
#define RTC_C_IRQF 0x80
#define RTC_C_PF 0x40
#define RTC_C_AF 0x20
#define RTC_C_UF 0x10
#define RTC_UIP_NS 244141ull     /* tBUC: UIP rises 244 us before the update */

struct rtc_cmos {
    const struct vclock *clk;
    struct irq_line irq;
    uint8_t ram[128];            /* CMOS RAM; also alarm bytes and, while SET, the time */
    uint8_t index;
    bool nmi_disabled;
    uint8_t reg_a, reg_b, reg_c;
    int64_t base_s;              /* wall seconds = base_s + (now + phase_ns) / 1e9 */
    uint64_t phase_ns;           /* divider-chain phase, < 1e9 */
    uint64_t last_sec, last_periodic;
    bool level;
    uint64_t synced_ns;
};

/* `wall_epoch_s`: seconds since 1970-01-01 00:00:00 UTC at guest time 0..now
 * (clamped to years 1970-9999). The RAM sizes fill the BIOS memory-size bytes
 * 0x15-0x18, 0x30-0x31, 0x34-0x35, 0x5b-0x5d and the 0x10-0x2d checksum. */
void rtc_init(struct rtc_cmos *rtc, const struct vclock *clk, const struct irq_line *irq,
              int64_t wall_epoch_s, uint64_t ram_below_4g, uint64_t ram_above_4g);
int rtc_register(struct iobus *bus, struct rtc_cmos *rtc);
uint64_t rtc_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size);
void rtc_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value);

/* Current wall-clock seconds since the epoch as the guest has set it. */
int64_t rtc_wall_seconds(const struct rtc_cmos *rtc, uint64_t now_ns);
uint64_t rtc_next_event_ns(const struct rtc_cmos *rtc);
void rtc_update(struct rtc_cmos *rtc, uint64_t now_ns);
#endif
