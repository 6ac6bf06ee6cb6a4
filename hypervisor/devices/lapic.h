/* Local APIC of one vCPU: xAPIC MMIO page and x2APIC MSR interface,
 * IRR/ISR/TMR priority logic, LVTs, timer (one-shot, periodic, TSC-deadline)
 * and the ICR. Pure logic; the owner of all the LAPICs of a VM (the
 * interrupt router, irq_router.h) routes the IPIs it sends and the EOIs it
 * broadcasts. Section numbers refer to Intel SDM vol. 3A chapter 10/11
 * "Advanced Programmable Interrupt Controller (APIC)". See docs/interrupts.md. */
#ifndef QV_DEVICES_LAPIC_H
#define QV_DEVICES_LAPIC_H
#include "core/vm/irq.h"
#include "lib/types.h"

#define LAPIC_DEFAULT_BASE 0xFEE00000ull
#define LAPIC_MMIO_SIZE 0x1000ull
#define LAPIC_VERSION 0x14        /* integrated APIC */
#define LAPIC_LVT_COUNT 6         /* timer, thermal, perf, LINT0, LINT1, error */
/* Timer input clock: a 1 GHz "bus clock", so one count per nanosecond of
 * virtual time before the divide configuration (10.5.4). */
#define LAPIC_TIMER_HZ 1000000000ull

#define MSR_IA32_APIC_BASE 0x1b
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_X2APIC_FIRST 0x800
#define MSR_X2APIC_LAST 0x8ff

/* IA32_APIC_BASE (10.4.4, 10.12.1). */
#define APIC_BASE_BSP BIT(8)
#define APIC_BASE_EXTD BIT(10)
#define APIC_BASE_EN BIT(11)

/* Register offsets in the xAPIC page (Table 10-1); the x2APIC MSR is
 * 0x800 + offset / 16 (Table 10-6). */
#define APIC_ID 0x020
#define APIC_VER 0x030
#define APIC_TPR 0x080
#define APIC_APR 0x090
#define APIC_PPR 0x0a0
#define APIC_EOI 0x0b0
#define APIC_RRD 0x0c0
#define APIC_LDR 0x0d0
#define APIC_DFR 0x0e0
#define APIC_SVR 0x0f0
#define APIC_ISR 0x100
#define APIC_TMR 0x180
#define APIC_IRR 0x200
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0
#define APIC_SELF_IPI 0x3f0       /* x2APIC only */

#define APIC_SVR_ENABLE BIT(8)
#define APIC_LVT_MASK BIT(16)
#define APIC_LVT_LEVEL BIT(15)
#define APIC_LVT_REMOTE_IRR BIT(14)
#define APIC_LVT_POLARITY BIT(13)
#define APIC_LVT_DM_FIXED (0u << 8)
#define APIC_LVT_DM_NMI (4u << 8)
#define APIC_LVT_DM_EXTINT (7u << 8)
#define APIC_TIMER_ONESHOT 0u
#define APIC_TIMER_PERIODIC 1u
#define APIC_TIMER_TSC_DEADLINE 2u

/* ICR fields (10.6.1). */
#define APIC_ICR_DESTMODE BIT(11)
#define APIC_ICR_LEVEL_ASSERT BIT(14)
#define APIC_ICR_TRIGGER BIT(15)
#define APIC_SH_NONE 0u
#define APIC_SH_SELF 1u
#define APIC_SH_ALL 2u
#define APIC_SH_ALL_BUT_SELF 3u

/* ESR bits (10.5.3). */
#define APIC_ESR_SEND_ILLEGAL_VECTOR BIT(5)
#define APIC_ESR_RECV_ILLEGAL_VECTOR BIT(6)
#define APIC_ESR_ILLEGAL_REGISTER BIT(7)

enum lapic_lvt { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR };

struct lapic;

struct lapic_ops {
    /* An ICR write (10.6.1): `src` is the sender's index; dest is 8 bits in
     * xAPIC mode, 32 in x2APIC mode (0xFF / 0xFFFFFFFF = broadcast). */
    void (*send_ipi)(void *ctx, unsigned src, uint32_t dest, unsigned shorthand, bool logical,
                     unsigned delivery_mode, uint8_t vector, bool level_assert, bool level_trigger);
    /* EOI of a vector whose TMR bit was set (level-triggered): the EOI
     * broadcast to the IOAPIC(s) (10.8.5). */
    void (*eoi)(void *ctx, uint8_t vector);
};

struct lapic {
    unsigned index;            /* vCPU index */
    uint32_t id;               /* x2APIC ID; the xAPIC ID is its low 8 bits */
    uint64_t base;             /* IA32_APIC_BASE */
    unsigned maxphyaddr;       /* reserved-bit check of IA32_APIC_BASE */
    uint32_t tpr, ldr, dfr, svr, esr, esr_pending;
    uint32_t icr_lo, icr_hi;
    uint32_t irr[8], isr[8], tmr[8];
    uint32_t lvt[LAPIC_LVT_COUNT];
    uint32_t timer_initial, timer_dcr;
    uint64_t timer_deadline_ns; /* next expiry in virtual ns, 0 = disarmed */
    uint64_t tsc_deadline;      /* IA32_TSC_DEADLINE */
    uint64_t tsc_hz, tsc_offset; /* guest TSC = tsc_offset + ns * tsc_hz / 1e9 */
    bool lint_level[2];
    bool nmi_pending;
    bool extint_latch;          /* ExtINT message received (IOAPIC/MSI) */
    uint64_t timer_fired;       /* statistics */
    const struct vclock *clock;
    const struct lapic_ops *ops;
    void *ctx;
};

/* Power-on reset: xAPIC mode, enabled, base 0xFEE00000 (+BSP flag),
 * SVR 0xFF (software-disabled), LVTs masked. clock and ops may be NULL
 * (time then stands at 0; IPIs and EOI broadcasts go nowhere). */
void lapic_init(struct lapic *l, unsigned index, uint32_t id, bool bsp,
                const struct vclock *clock, const struct lapic_ops *ops, void *ctx);
/* INIT (10.4.7.3): every register to its reset value except the APIC ID and
 * IA32_APIC_BASE (the x2APIC mode survives, 10.12.5.1). */
void lapic_init_reset(struct lapic *l);
/* What a PC BIOS leaves behind on the BSP (MP spec "virtual wire mode"):
 * software-enabled, LINT0 = ExtINT, LINT1 = NMI. For direct kernel boots. */
void lapic_setup_virtual_wire(struct lapic *l);
/* Guest TSC: frequency (clamped to 1 MHz..16 GHz) and value at virtual time 0. */
void lapic_set_tsc(struct lapic *l, uint64_t tsc_hz, uint64_t tsc_offset);

/* IA32_APIC_BASE write: 0, or QV_ERR_INVAL for #GP (reserved bits, invalid
 * mode transitions of 10.12.5). A global disable resets the APIC. */
int lapic_set_base(struct lapic *l, uint64_t value);
uint64_t lapic_get_base(const struct lapic *l);
bool lapic_hw_enabled(const struct lapic *l);
bool lapic_x2apic_mode(const struct lapic *l);
bool lapic_sw_enabled(const struct lapic *l);

/* xAPIC page access (offset 0..0xFFF). 32-bit accesses at 16-byte aligned
 * offsets are the defined ones (10.4.1); narrower/other reads return the
 * addressed bytes of the register, other writes are ignored. In x2APIC mode
 * or when globally disabled the page reads all ones and ignores writes. */
uint64_t lapic_mmio_read(struct lapic *l, uint64_t offset, unsigned size);
void lapic_mmio_write(struct lapic *l, uint64_t offset, unsigned size, uint64_t value);
/* MSRs 0x1B, 0x6E0 and 0x800-0x8FF. 0, QV_ERR_INVAL (inject #GP) or
 * QV_ERR_NOENT (not a LAPIC MSR). */
bool lapic_msr_owned(uint32_t msr);
int lapic_msr_read(struct lapic *l, uint32_t msr, uint64_t *val);
int lapic_msr_write(struct lapic *l, uint32_t msr, uint64_t val);

/* Interrupt acceptance (10.8): fixed/lowest-priority message -> IRR (TMR =
 * level). False when dropped (APIC disabled, illegal vector). */
bool lapic_accept(struct lapic *l, uint8_t vector, bool level_triggered);
/* Highest IRR vector whose priority class is above PPR's, or -1. */
int lapic_pending_vector(const struct lapic *l);
/* The vCPU took `vector` (from lapic_pending_vector): IRR -> ISR. */
void lapic_ack(struct lapic *l, uint8_t vector);
/* EOI (10.8.5): clears the highest ISR bit, broadcasts level EOIs. */
void lapic_eoi(struct lapic *l);
uint32_t lapic_ppr(const struct lapic *l);
/* CR8 <-> TPR[7:4] (10.8.6.1). */
void lapic_set_tpr(struct lapic *l, uint64_t cr8);
uint64_t lapic_get_tpr(const struct lapic *l);

/* NMI (from ICR, LINT1, IOAPIC or MSI) and ExtINT (PIC via LINT0 or an
 * ExtINT message): pending flags the vCPU loop consumes. */
void lapic_deliver_nmi(struct lapic *l);
bool lapic_nmi_pending(const struct lapic *l);
void lapic_nmi_ack(struct lapic *l);
void lapic_deliver_extint(struct lapic *l);
bool lapic_extint_pending(const struct lapic *l);
void lapic_extint_ack(struct lapic *l);
/* LINT0 (pin 0) / LINT1 (pin 1) input level, acted on per its LVT. */
void lapic_set_lint(struct lapic *l, unsigned pin, bool level);

/* Destination matching for physical/logical (flat, cluster, x2APIC) modes
 * (10.6.2). 0xFF (xAPIC) and 0xFFFFFFFF are broadcasts. */
bool lapic_match_dest(const struct lapic *l, uint32_t dest, bool logical);

/* Timer (lapic_timer.c): absolute virtual ns of the next expiry (0 = none),
 * and "time is now `now_ns`": fires the LVT timer vector when due. */
uint64_t lapic_timer_next_deadline_ns(const struct lapic *l);
void lapic_timer_update(struct lapic *l, uint64_t now_ns);

/* Internal, shared by lapic.c and lapic_timer.c. */
uint64_t lapic_now(const struct lapic *l);
uint32_t lapic_timer_current(const struct lapic *l, uint64_t now);
void lapic_timer_write_initial(struct lapic *l, uint32_t count, uint64_t now);
void lapic_timer_write_dcr(struct lapic *l, uint32_t dcr, uint64_t now);
void lapic_timer_write_lvt(struct lapic *l, uint32_t lvt, uint64_t now);
uint64_t lapic_tsc_deadline_read(const struct lapic *l);
void lapic_tsc_deadline_write(struct lapic *l, uint64_t tsc, uint64_t now);
unsigned lapic_timer_mode(const struct lapic *l);
#endif
