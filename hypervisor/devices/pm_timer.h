/* ACPI power-management timer and PM1a fixed-hardware registers (ACPI 6.5
 * §4.8.3.1 PM1 event grouping, §4.8.3.2 PM1 control grouping, §4.8.3.3 power
 * management timer), at ports the VM builder chooses and advertises in the
 * FADT (PM1a_EVT_BLK, PM1a_CNT_BLK, PM_TMR_BLK; PM1_EVT_LEN = 4,
 * PM1_CNT_LEN = 2, PM_TMR_LEN = 4, SMI_CMD = 0 so the machine is always in
 * ACPI mode and SCI_EN reads 1 from reset).
 *
 * The timer is a free-running 3.579545 MHz counter computed from guest time,
 * 24 bits wide or, with `ext32`, 32 bits (FADT flag TMR_VAL_EXT, bit 8).
 * Setting SLP_EN with SLP_TYP = PM_SLP_TYP_S5 calls poweroff(ctx): the DSDT
 * must advertise Name (\_S5, Package () { 5, 5, 0, 0 }). */
#ifndef QV_DEVICES_PM_TIMER_H
#define QV_DEVICES_PM_TIMER_H
#include "lib/types.h"
#include "core/vm/iobus.h"
#include "core/vm/irq.h"

#define PM_TIMER_FREQ_HZ 3579545u
#define PM_SLP_TYP_S5 5u

/* Suggested ports (any free range works; the FADT names them). */
#define PM1A_EVT_PORT_DEFAULT 0x600
#define PM1A_CNT_PORT_DEFAULT 0x604
#define PM_TMR_PORT_DEFAULT 0x608

/* PM1 status/enable bits (§4.8.3.1, Tables 4.13 and 4.14). */
#define PM1_TMR 0x0001
#define PM1_GBL 0x0020
#define PM1_PWRBTN 0x0100
#define PM1_SLPBTN 0x0200
#define PM1_RTC 0x0400
#define PM1_WAK_STS 0x8000
/* PM1 control bits (§4.8.3.2.1, Table 4.16). */
#define PM1_SCI_EN 0x0001
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN 0x2000

struct pm_timer {
    const struct vclock *clk;
    struct irq_line sci;
    bool ext32;
    uint16_t sts, en, cnt;
    uint64_t msb_periods;      /* timer MSB toggles already turned into TMR_STS */
    void (*poweroff)(void *ctx);
    void *ctx;
    bool level;
    uint64_t synced_ns;
};

/* `sci` (usually GSI 9, level, active high once routed; the FADT SCI_INT) may
 * be NULL; `poweroff` is called from the guest's port write (may be NULL). */
void pm_timer_init(struct pm_timer *pm, const struct vclock *clk, const struct irq_line *sci,
                   bool ext32, void (*poweroff)(void *ctx), void *ctx);
/* Registers the three blocks (4, 2 and 4 ports). */
int pm_timer_register(struct iobus *bus, struct pm_timer *pm, uint16_t evt_port,
                      uint16_t cnt_port, uint16_t tmr_port);
uint32_t pm_timer_value(const struct pm_timer *pm, uint64_t now_ns);
/* A host-side power button press: PWRBTN_STS, SCI if enabled. */
void pm_timer_power_button(struct pm_timer *pm);

/* Next TMR_STS event when TMR_EN is set (the SCI source), 0 = none. */
uint64_t pm_timer_next_event_ns(const struct pm_timer *pm);
void pm_timer_update(struct pm_timer *pm, uint64_t now_ns);

extern const struct io_ops pm_evt_ops, pm_cnt_ops, pm_tmr_ops;
#endif
