/* Local APIC registers, modes and interrupt priority logic; see lapic.h.
 * Section numbers: Intel SDM vol. 3A, chapter "Advanced Programmable
 * Interrupt Controller (APIC)" (10.x in the 2016+ numbering). */
#include "devices/lapic.h"
#include "lib/errors.h"
#include "lib/string.h"

/* Writable and defined bits of each LVT (Figure 10-8). Defined-but-read-only
 * bits (delivery status, remote IRR) are ignored on writes; other bits are
 * reserved (#GP on x2APIC writes). */
static const uint32_t lvt_writable[LAPIC_LVT_COUNT] = {
    [LVT_TIMER] = 0x700ff, [LVT_THERMAL] = 0x107ff, [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff, [LVT_LINT1] = 0x1a7ff, [LVT_ERROR] = 0x100ff,
};
static const uint32_t lvt_defined[LAPIC_LVT_COUNT] = {
    [LVT_TIMER] = 0x710ff, [LVT_THERMAL] = 0x117ff, [LVT_PERF] = 0x117ff,
    [LVT_LINT0] = 0x1f7ff, [LVT_LINT1] = 0x1f7ff, [LVT_ERROR] = 0x110ff,
};

#define SVR_WRITABLE 0x3ffu     /* vector, APIC enable, focus check (10.9) */
#define ICR_LO_WRITABLE 0xccfffu /* vector, mode, dest mode, level, trigger, shorthand */
#define DCR_WRITABLE 0xbu
#define DM(lvt) (((lvt) >> 8) & 7)

uint64_t lapic_now(const struct lapic *l)
{
    return l->clock && l->clock->now_ns ? vclock_now(l->clock) : 0;
}

bool lapic_hw_enabled(const struct lapic *l)
{
    return l->base & APIC_BASE_EN;
}

bool lapic_x2apic_mode(const struct lapic *l)
{
    return (l->base & (APIC_BASE_EN | APIC_BASE_EXTD)) == (APIC_BASE_EN | APIC_BASE_EXTD);
}

bool lapic_sw_enabled(const struct lapic *l)
{
    return l->svr & APIC_SVR_ENABLE;
}

/* 10.12.10.2: the x2APIC logical ID is derived from the x2APIC ID. */
static uint32_t x2apic_ldr(uint32_t id)
{
    return ((id >> 4) << 16) | (1u << (id & 0xf));
}

/* Register reset values (10.4.7.1): IRR/ISR/TMR, ICR, LDR, TPR, timer, DCR
 * zero; DFR all ones; LVTs masked; SVR 0xFF (software-disabled). */
static void regs_reset(struct lapic *l)
{
    l->tpr = 0;
    l->ldr = lapic_x2apic_mode(l) ? x2apic_ldr(l->id) : 0;
    l->dfr = 0xffffffffu;
    l->svr = 0xff;
    l->esr = l->esr_pending = 0;
    l->icr_lo = l->icr_hi = 0;
    memset(l->irr, 0, sizeof l->irr);
    memset(l->isr, 0, sizeof l->isr);
    memset(l->tmr, 0, sizeof l->tmr);
    for (unsigned i = 0; i < LAPIC_LVT_COUNT; i++)
        l->lvt[i] = APIC_LVT_MASK;
    l->timer_initial = 0;
    l->timer_dcr = 0;
    l->timer_deadline_ns = 0;
    l->tsc_deadline = 0;
    l->nmi_pending = false;
    l->extint_latch = false;
}

void lapic_init(struct lapic *l, unsigned index, uint32_t id, bool bsp,
                const struct vclock *clock, const struct lapic_ops *ops, void *ctx)
{
    memset(l, 0, sizeof *l);
    l->index = index;
    l->id = id;
    l->base = LAPIC_DEFAULT_BASE | APIC_BASE_EN | (bsp ? APIC_BASE_BSP : 0);
    l->maxphyaddr = 40;
    l->clock = clock;
    l->ops = ops;
    l->ctx = ctx;
    lapic_set_tsc(l, 1000000000ull, 0);
    regs_reset(l);
}

void lapic_init_reset(struct lapic *l)
{
    regs_reset(l);
}

void lapic_setup_virtual_wire(struct lapic *l)
{
    l->svr = APIC_SVR_ENABLE | 0xff;
    l->lvt[LVT_LINT0] = APIC_LVT_DM_EXTINT;
    l->lvt[LVT_LINT1] = APIC_LVT_DM_NMI;
}

uint64_t lapic_get_base(const struct lapic *l)
{
    return l->base;
}

int lapic_set_base(struct lapic *l, uint64_t value)
{
    unsigned pa = l->maxphyaddr < 36 || l->maxphyaddr > 52 ? 52 : l->maxphyaddr;
    uint64_t valid = (((1ull << pa) - 1) & ~0xfffull) | APIC_BASE_EXTD | APIC_BASE_EN | APIC_BASE_BSP;
    if (value & ~valid)
        return QV_ERR_INVAL;
    bool en = value & APIC_BASE_EN, extd = value & APIC_BASE_EXTD;
    bool was_en = lapic_hw_enabled(l), was_x2 = lapic_x2apic_mode(l);
    /* 10.12.5: EN=0/EXTD=1 is invalid; x2APIC -> xAPIC and disabled ->
     * x2APIC are invalid transitions. */
    if (extd && !en)
        return QV_ERR_INVAL;
    if (was_x2 && en && !extd)
        return QV_ERR_INVAL;
    if (!was_en && en && extd)
        return QV_ERR_INVAL;
    /* BSP is read-only: the written value is ignored. */
    l->base = (value & ~APIC_BASE_BSP) | (l->base & APIC_BASE_BSP);
    if (was_en && !en) {
        /* 10.4.3: a globally disabled APIC loses its state; re-enabling
         * brings it back in the reset state (SVR software-disabled). */
        regs_reset(l);
    } else if (!was_x2 && lapic_x2apic_mode(l)) {
        /* 10.12.5.1: entering x2APIC mode derives the logical ID. */
        l->ldr = x2apic_ldr(l->id);
        l->icr_hi = 0;
    }
    return QV_OK;
}

/* ---------------------------------------------------------------- vectors */

static int highest(const uint32_t r[8])
{
    for (int i = 7; i >= 0; i--)
        if (r[i])
            return i * 32 + 31 - __builtin_clz(r[i]);
    return -1;
}

static bool test_bit(const uint32_t r[8], unsigned v)
{
    return (r[v >> 5] >> (v & 31)) & 1;
}

static void set_bit(uint32_t r[8], unsigned v)
{
    r[v >> 5] |= 1u << (v & 31);
}

static void clear_bit(uint32_t r[8], unsigned v)
{
    r[v >> 5] &= ~(1u << (v & 31));
}

/* 10.5.3: record an error; the error LVT raises its vector when unmasked.
 * An illegal error vector only records "receive illegal vector" (no loop). */
static void apic_error(struct lapic *l, uint32_t bits)
{
    l->esr_pending |= bits;
    uint32_t lvt = l->lvt[LVT_ERROR];
    if (lvt & APIC_LVT_MASK || !lapic_hw_enabled(l) || !lapic_sw_enabled(l))
        return;
    uint8_t v = (uint8_t)lvt;
    if (v < 16) {
        l->esr_pending |= APIC_ESR_RECV_ILLEGAL_VECTOR;
        return;
    }
    set_bit(l->irr, v);
    clear_bit(l->tmr, v);
}

bool lapic_accept(struct lapic *l, uint8_t vector, bool level_triggered)
{
    /* 10.4.7.2: a software-disabled APIC does not accept fixed interrupts;
     * vectors 0-15 are illegal (10.5.2). */
    if (!lapic_hw_enabled(l) || !lapic_sw_enabled(l))
        return false;
    if (vector < 16) {
        apic_error(l, APIC_ESR_RECV_ILLEGAL_VECTOR);
        return false;
    }
    set_bit(l->irr, vector);
    if (level_triggered)
        set_bit(l->tmr, vector);
    else
        clear_bit(l->tmr, vector);
    return true;
}

/* 10.8.3.1: PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV[7:4] << 4. */
uint32_t lapic_ppr(const struct lapic *l)
{
    int isrv = highest(l->isr);
    uint32_t isr_class = isrv < 0 ? 0 : ((uint32_t)isrv & 0xf0);
    return (l->tpr & 0xf0) >= isr_class ? l->tpr & 0xff : isr_class;
}

int lapic_pending_vector(const struct lapic *l)
{
    if (!lapic_hw_enabled(l))
        return -1;
    int v = highest(l->irr);
    if (v < 0 || (uint32_t)(v & 0xf0) <= (lapic_ppr(l) & 0xf0))
        return -1;
    return v;
}

void lapic_ack(struct lapic *l, uint8_t vector)
{
    if (!test_bit(l->irr, vector))
        return;
    clear_bit(l->irr, vector);
    set_bit(l->isr, vector);
}

static void lint_check(struct lapic *l, unsigned pin);

void lapic_eoi(struct lapic *l)
{
    int v = highest(l->isr);
    if (v < 0)
        return;
    clear_bit(l->isr, (unsigned)v);
    /* A LINT level input waiting for this EOI may re-assert (10.5.1). */
    for (unsigned pin = 0; pin < 2; pin++) {
        uint32_t *lvt = &l->lvt[LVT_LINT0 + pin];
        if ((*lvt & APIC_LVT_REMOTE_IRR) && (uint8_t)*lvt == (uint8_t)v) {
            *lvt &= ~APIC_LVT_REMOTE_IRR;
            lint_check(l, pin);
        }
    }
    if (test_bit(l->tmr, (unsigned)v) && l->ops && l->ops->eoi)
        l->ops->eoi(l->ctx, (uint8_t)v);
}

void lapic_set_tpr(struct lapic *l, uint64_t cr8)
{
    l->tpr = (uint32_t)(cr8 & 0xf) << 4;
}

uint64_t lapic_get_tpr(const struct lapic *l)
{
    return (l->tpr >> 4) & 0xf;
}

/* ---------------------------------------------------------------- NMI, ExtINT, LINT */

void lapic_deliver_nmi(struct lapic *l)
{
    if (lapic_hw_enabled(l))
        l->nmi_pending = true;
}

bool lapic_nmi_pending(const struct lapic *l)
{
    return l->nmi_pending;
}

void lapic_nmi_ack(struct lapic *l)
{
    l->nmi_pending = false;
}

void lapic_deliver_extint(struct lapic *l)
{
    if (lapic_hw_enabled(l))
        l->extint_latch = true;
}

/* ExtINT bypasses IRR and the priority logic (10.6.1 "ExtINT"). With the
 * APIC globally disabled LINT0 is the processor's INTR pin (10.4.3). */
bool lapic_extint_pending(const struct lapic *l)
{
    if (!lapic_hw_enabled(l))
        return l->lint_level[0];
    if (l->extint_latch)
        return true;
    uint32_t lvt = l->lvt[LVT_LINT0];
    return l->lint_level[0] && !(lvt & APIC_LVT_MASK) && DM(lvt) == 7;
}

void lapic_extint_ack(struct lapic *l)
{
    l->extint_latch = false;
}

static bool lint_asserted(const struct lapic *l, unsigned pin)
{
    bool level = l->lint_level[pin];
    return (l->lvt[LVT_LINT0 + pin] & APIC_LVT_POLARITY) ? !level : level;
}

/* Level-triggered fixed LINT: delivered while asserted and no EOI owed. */
static void lint_check(struct lapic *l, unsigned pin)
{
    uint32_t *lvt = &l->lvt[LVT_LINT0 + pin];
    if (DM(*lvt) != 0 || !(*lvt & APIC_LVT_LEVEL) || (*lvt & (APIC_LVT_MASK | APIC_LVT_REMOTE_IRR)))
        return;
    if (lint_asserted(l, pin) && lapic_accept(l, (uint8_t)*lvt, true))
        *lvt |= APIC_LVT_REMOTE_IRR;
}

void lapic_set_lint(struct lapic *l, unsigned pin, bool level)
{
    if (pin > 1)
        return;
    bool was = lint_asserted(l, pin);
    l->lint_level[pin] = level;
    bool now = lint_asserted(l, pin);
    if (!lapic_hw_enabled(l)) {
        /* 10.4.3: without an enabled APIC, LINT1 is the NMI pin. */
        if (pin == 1 && level && !was)
            l->nmi_pending = true;
        return;
    }
    uint32_t lvt = l->lvt[LVT_LINT0 + pin];
    if (lvt & APIC_LVT_MASK)
        return;
    switch (DM(lvt)) {
    case 0:                      /* fixed */
        if (lvt & APIC_LVT_LEVEL)
            lint_check(l, pin);
        else if (now && !was)
            lapic_accept(l, (uint8_t)lvt, false);
        break;
    case 4:                      /* NMI: edge (10.5.1) */
        if (now && !was)
            l->nmi_pending = true;
        break;
    default:                     /* ExtINT is polled; SMI/INIT not modelled */
        break;
    }
}

/* ---------------------------------------------------------------- destinations */

bool lapic_match_dest(const struct lapic *l, uint32_t dest, bool logical)
{
    if (!lapic_hw_enabled(l))
        return false;
    if (lapic_x2apic_mode(l)) {
        /* 10.12.10: 32-bit IDs; logical = cluster in 31:16, bitmap in 15:0. */
        if (dest == 0xffffffffu)
            return true;
        if (!logical)
            return dest == l->id;
        return (dest >> 16) == (l->ldr >> 16) && (dest & l->ldr & 0xffff);
    }
    if (dest == 0xffffffffu || (dest & 0xff) == 0xff)
        return true;                            /* broadcast (10.6.2.1) */
    uint8_t d = (uint8_t)dest;
    if (!logical)
        return d == (uint8_t)l->id;
    uint8_t ldr = (uint8_t)(l->ldr >> 24);
    if ((l->dfr >> 28) == 0xf)                  /* flat model (10.6.2.2) */
        return (d & ldr) != 0;
    /* Cluster model: cluster in 7:4 (0xF = all clusters), members in 3:0. */
    return ((d >> 4) == 0xf || (d >> 4) == (ldr >> 4)) && (d & ldr & 0xf);
}

/* ---------------------------------------------------------------- ICR */

static void send_icr(struct lapic *l, uint32_t lo, uint32_t dest)
{
    uint8_t vector = (uint8_t)lo;
    unsigned mode = DM(lo);
    /* 10.5.3: fixed/lowest-priority IPIs with vectors 0-15 are not sent. */
    if ((mode == 0 || mode == 1) && vector < 16) {
        apic_error(l, APIC_ESR_SEND_ILLEGAL_VECTOR);
        return;
    }
    if (l->ops && l->ops->send_ipi)
        l->ops->send_ipi(l->ctx, l->index, dest, (lo >> 18) & 3, (lo & APIC_ICR_DESTMODE) != 0,
                         mode, vector, (lo & APIC_ICR_LEVEL_ASSERT) != 0,
                         (lo & APIC_ICR_TRIGGER) != 0);
}

/* ---------------------------------------------------------------- register file */

/* Registers are addressed by index = xAPIC offset / 16 = x2APIC MSR - 0x800. */
static int reg_read(struct lapic *l, unsigned reg, bool x2, uint64_t *out)
{
    uint64_t v;
    switch (reg) {
    case APIC_ID >> 4: v = x2 ? l->id : (l->id & 0xffu) << 24; break;
    case APIC_VER >> 4: v = LAPIC_VERSION | ((LAPIC_LVT_COUNT - 1u) << 16); break;
    case APIC_TPR >> 4: v = l->tpr; break;
    case APIC_PPR >> 4: v = lapic_ppr(l); break;
    case APIC_LDR >> 4: v = l->ldr; break;
    case APIC_SVR >> 4: v = l->svr; break;
    case APIC_ESR >> 4: v = l->esr; break;
    case APIC_TMICT >> 4: v = l->timer_initial; break;
    case APIC_TMCCT >> 4: v = lapic_timer_current(l, lapic_now(l)); break;
    case APIC_TDCR >> 4: v = l->timer_dcr; break;
    case APIC_ICR >> 4:
        /* Delivery is synchronous: the delivery status bit reads idle. */
        v = x2 ? ((uint64_t)l->icr_hi << 32) | l->icr_lo : l->icr_lo;
        break;
    /* xAPIC-only registers (10.12.1.2: no MSR for APR, EOI reads, RRD, DFR, ICR2). */
    case APIC_APR >> 4:
    case APIC_RRD >> 4:
    case APIC_EOI >> 4:
        if (x2)
            return QV_ERR_INVAL;
        v = 0;
        break;
    case APIC_DFR >> 4:
        if (x2)
            return QV_ERR_INVAL;
        v = l->dfr | 0x0fffffffu;
        break;
    case APIC_ICR2 >> 4:
        if (x2)
            return QV_ERR_INVAL;
        v = l->icr_hi;
        break;
    default:
        if (reg >= APIC_ISR >> 4 && reg < (APIC_ISR >> 4) + 8)
            v = l->isr[reg - (APIC_ISR >> 4)];
        else if (reg >= APIC_TMR >> 4 && reg < (APIC_TMR >> 4) + 8)
            v = l->tmr[reg - (APIC_TMR >> 4)];
        else if (reg >= APIC_IRR >> 4 && reg < (APIC_IRR >> 4) + 8)
            v = l->irr[reg - (APIC_IRR >> 4)];
        else if (reg >= APIC_LVT_TIMER >> 4 && reg <= APIC_LVT_ERROR >> 4)
            v = l->lvt[reg - (APIC_LVT_TIMER >> 4)];
        else
            return QV_ERR_INVAL;   /* reserved, or write-only (SELF IPI) */
        break;
    }
    *out = v;
    return QV_OK;
}

static void write_lvt(struct lapic *l, unsigned idx, uint32_t val)
{
    val &= lvt_writable[idx];
    if (idx == LVT_LINT0 || idx == LVT_LINT1)
        val |= l->lvt[idx] & APIC_LVT_REMOTE_IRR;
    /* 10.4.7.2: while software-disabled the mask bits cannot be cleared. */
    if (!lapic_sw_enabled(l))
        val |= APIC_LVT_MASK;
    if (idx == LVT_TIMER) {
        lapic_timer_write_lvt(l, val, lapic_now(l));
        return;
    }
    /* A LINT entry changed to edge loses any owed EOI. */
    if ((idx == LVT_LINT0 || idx == LVT_LINT1) && !(val & APIC_LVT_LEVEL))
        val &= ~APIC_LVT_REMOTE_IRR;
    l->lvt[idx] = val;
    if (idx == LVT_LINT0 || idx == LVT_LINT1)
        lint_check(l, idx - LVT_LINT0);
}

static int reg_write(struct lapic *l, unsigned reg, bool x2, uint64_t val)
{
    uint32_t v32 = (uint32_t)val;
    /* 10.12.1.3: in x2APIC mode the upper half of 32-bit registers and any
     * reserved bit must be zero. */
    if (x2 && reg != (APIC_ICR >> 4) && (val >> 32))
        return QV_ERR_INVAL;
    switch (reg) {
    case APIC_TPR >> 4:
        if (x2 && (v32 & ~0xffu))
            return QV_ERR_INVAL;
        l->tpr = v32 & 0xff;
        return QV_OK;
    case APIC_EOI >> 4:
        if (x2 && v32)
            return QV_ERR_INVAL;    /* 10.12.1.2: non-zero EOI write */
        lapic_eoi(l);
        return QV_OK;
    case APIC_LDR >> 4:
        if (x2)
            return QV_ERR_INVAL;    /* read-only in x2APIC mode */
        l->ldr = v32 & 0xff000000u;
        return QV_OK;
    case APIC_DFR >> 4:
        if (x2)
            return QV_ERR_INVAL;
        l->dfr = (v32 & 0xf0000000u) | 0x0fffffffu;
        return QV_OK;
    case APIC_SVR >> 4:
        if (x2 && (v32 & ~SVR_WRITABLE))
            return QV_ERR_INVAL;
        l->svr = v32 & SVR_WRITABLE;
        if (!lapic_sw_enabled(l))
            for (unsigned i = 0; i < LAPIC_LVT_COUNT; i++)
                l->lvt[i] |= APIC_LVT_MASK;   /* 10.4.7.2 */
        return QV_OK;
    case APIC_ESR >> 4:
        if (x2 && v32)
            return QV_ERR_INVAL;
        /* 10.5.3: a write latches the errors seen since the last write. */
        l->esr = l->esr_pending;
        l->esr_pending = 0;
        return QV_OK;
    case APIC_ICR >> 4:
        if (x2) {
            if (v32 & ~ICR_LO_WRITABLE)
                return QV_ERR_INVAL;
            l->icr_hi = (uint32_t)(val >> 32);
            l->icr_lo = v32;
            send_icr(l, v32, l->icr_hi);
        } else {
            l->icr_lo = v32 & ICR_LO_WRITABLE;
            send_icr(l, l->icr_lo, l->icr_hi >> 24);
        }
        return QV_OK;
    case APIC_ICR2 >> 4:
        if (x2)
            return QV_ERR_INVAL;
        l->icr_hi = v32 & 0xff000000u;
        return QV_OK;
    case APIC_TMICT >> 4:
        lapic_timer_write_initial(l, v32, lapic_now(l));
        return QV_OK;
    case APIC_TDCR >> 4:
        if (x2 && (v32 & ~DCR_WRITABLE))
            return QV_ERR_INVAL;
        lapic_timer_write_dcr(l, v32, lapic_now(l));
        return QV_OK;
    case APIC_SELF_IPI >> 4:
        if (!x2 || (v32 & ~0xffu))
            return QV_ERR_INVAL;
        /* 10.12.11: a fixed, edge, self-directed IPI. */
        if (v32 < 16)
            apic_error(l, APIC_ESR_SEND_ILLEGAL_VECTOR);
        else
            lapic_accept(l, (uint8_t)v32, false);
        return QV_OK;
    default:
        if (reg >= APIC_LVT_TIMER >> 4 && reg <= APIC_LVT_ERROR >> 4) {
            unsigned idx = reg - (APIC_LVT_TIMER >> 4);
            if (x2 && ((v32 & ~lvt_defined[idx]) ||
                       (idx == LVT_TIMER && ((v32 >> 17) & 3) == 3)))
                return QV_ERR_INVAL;
            if (idx == LVT_TIMER && ((v32 >> 17) & 3) == 3)
                v32 &= ~(3u << 17);   /* reserved mode: one-shot */
            write_lvt(l, idx, v32);
            return QV_OK;
        }
        /* ID, VER, PPR, ISR/TMR/IRR, TMCCT are read-only (in xAPIC mode
         * writes are ignored); the rest is reserved. */
        return QV_ERR_INVAL;
    }
}

static bool reg_exists_xapic(unsigned reg)
{
    return (reg >= 2 && reg <= 3) || (reg >= 8 && reg <= 0x28) ||
           (reg >= 0x30 && reg <= 0x39) || reg == 0x3e;
}

uint64_t lapic_mmio_read(struct lapic *l, uint64_t offset, unsigned size)
{
    if (!size)
        return 0;
    /* 10.12.2: in x2APIC mode (and when globally disabled, 10.4.3) the page
     * is not the APIC; reads float to all ones like an unclaimed bus. */
    if (!lapic_hw_enabled(l) || lapic_x2apic_mode(l) || offset >= LAPIC_MMIO_SIZE)
        return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
    unsigned reg = (unsigned)(offset >> 4), byte = (unsigned)(offset & 0xf);
    uint64_t v = 0;
    if (!reg_exists_xapic(reg)) {
        apic_error(l, APIC_ESR_ILLEGAL_REGISTER);
        return 0;
    }
    if (reg_read(l, reg, false, &v) != QV_OK || byte >= 4)
        return 0;
    v = (v & 0xffffffffu) >> (8 * byte);
    if (size < 8)
        v &= (1ull << (8 * size)) - 1;
    return v;
}

void lapic_mmio_write(struct lapic *l, uint64_t offset, unsigned size, uint64_t value)
{
    if (!lapic_hw_enabled(l) || lapic_x2apic_mode(l) || offset >= LAPIC_MMIO_SIZE)
        return;
    unsigned reg = (unsigned)(offset >> 4);
    if (!reg_exists_xapic(reg)) {
        apic_error(l, APIC_ESR_ILLEGAL_REGISTER);
        return;
    }
    /* 10.4.1: only aligned 32-bit (or wider) stores are honoured. */
    if ((offset & 0xf) || size < 4)
        return;
    (void)reg_write(l, reg, false, value & 0xffffffffu);
}

bool lapic_msr_owned(uint32_t msr)
{
    return msr == MSR_IA32_APIC_BASE || msr == MSR_IA32_TSC_DEADLINE ||
           (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST);
}

int lapic_msr_read(struct lapic *l, uint32_t msr, uint64_t *val)
{
    if (msr == MSR_IA32_APIC_BASE) {
        *val = l->base;
        return QV_OK;
    }
    if (msr == MSR_IA32_TSC_DEADLINE) {
        *val = lapic_tsc_deadline_read(l);
        return QV_OK;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
        return QV_ERR_NOENT;
    /* 10.12.2: the MSR interface exists only in x2APIC mode. */
    if (!lapic_x2apic_mode(l))
        return QV_ERR_INVAL;
    return reg_read(l, msr - MSR_X2APIC_FIRST, true, val);
}

int lapic_msr_write(struct lapic *l, uint32_t msr, uint64_t val)
{
    if (msr == MSR_IA32_APIC_BASE)
        return lapic_set_base(l, val);
    if (msr == MSR_IA32_TSC_DEADLINE) {
        lapic_tsc_deadline_write(l, val, lapic_now(l));
        return QV_OK;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
        return QV_ERR_NOENT;
    if (!lapic_x2apic_mode(l))
        return QV_ERR_INVAL;
    return reg_write(l, msr - MSR_X2APIC_FIRST, true, val);
}
