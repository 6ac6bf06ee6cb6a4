/* Local APIC model against Intel SDM vol. 3A chapter 10 behaviours. */
#include "qtest.h"
#include "devices/lapic.h"
#include "devices/ioapic.h"
#include "lib/errors.h"

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) { (void)ctx; return fake_now; }
static const struct vclock clk = { fake_clock, NULL };

struct ipi {
    unsigned src;
    uint32_t dest;
    unsigned sh, mode;
    bool logical;
    uint8_t vector;
    bool assert, trig;
};
static struct ipi ipis[8];
static unsigned nipis, neois;
static uint8_t last_eoi;

static void rec_ipi(void *ctx, unsigned src, uint32_t dest, unsigned sh, bool logical,
                    unsigned mode, uint8_t vector, bool assert, bool trig)
{
    (void)ctx;
    if (nipis < 8)
        ipis[nipis] = (struct ipi){ src, dest, sh, mode, logical, vector, assert, trig };
    nipis++;
}

static void rec_eoi(void *ctx, uint8_t v)
{
    (void)ctx;
    neois++;
    last_eoi = v;
}

static const struct lapic_ops ops = { rec_ipi, rec_eoi };

static uint32_t rd(struct lapic *l, unsigned off) { return (uint32_t)lapic_mmio_read(l, off, 4); }
static void wr(struct lapic *l, unsigned off, uint32_t v) { lapic_mmio_write(l, off, 4, v); }

static void setup(struct lapic *l)
{
    fake_now = 1000;
    nipis = neois = 0;
    lapic_init(l, 0, 0, true, &clk, &ops, NULL);
    wr(l, APIC_SVR, 0x1ff);
}

static bool irr_has(const struct lapic *l, unsigned v) { return (l->irr[v / 32] >> (v % 32)) & 1; }

QTEST(lapic_reset_values)
{
    struct lapic l;
    lapic_init(&l, 2, 5, false, &clk, &ops, NULL);
    QCHECK_EQ(lapic_get_base(&l), 0xfee00800ull);
    QCHECK_EQ(rd(&l, APIC_ID), 5u << 24);
    QCHECK_EQ(rd(&l, APIC_VER), 0x00050014u);
    QCHECK_EQ(rd(&l, APIC_SVR), 0xffu);
    QCHECK_EQ(rd(&l, APIC_DFR), 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_LDR), 0u);
    for (unsigned off = APIC_LVT_TIMER; off <= APIC_LVT_ERROR; off += 16)
        QCHECK_EQ(rd(&l, off), APIC_LVT_MASK);
    lapic_init(&l, 0, 0, true, &clk, &ops, NULL);
    QCHECK_EQ(lapic_get_base(&l), 0xfee00900ull);
}

QTEST(lapic_software_disable_drops_and_masks)
{
    struct lapic l;
    lapic_init(&l, 0, 0, true, &clk, &ops, NULL);
    QCHECK(!lapic_accept(&l, 0x40, false));
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    wr(&l, APIC_LVT_LINT0, 0x700);               /* cannot unmask while disabled */
    QCHECK_EQ(rd(&l, APIC_LVT_LINT0), 0x10700u);
    wr(&l, APIC_SVR, 0x1ff);
    wr(&l, APIC_LVT_LINT0, 0x700);
    QCHECK_EQ(rd(&l, APIC_LVT_LINT0), 0x700u);
    wr(&l, APIC_SVR, 0xff);                      /* disabling masks every LVT */
    QCHECK_EQ(rd(&l, APIC_LVT_LINT0), 0x10700u);
    QCHECK_EQ(rd(&l, APIC_SVR), 0xffu);
    wr(&l, APIC_SVR, 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_SVR), 0x3ffu);         /* EOI suppression not offered */
}

QTEST(lapic_priority_ppr_and_tpr)
{
    struct lapic l;
    setup(&l);
    QCHECK(lapic_accept(&l, 0x45, false));
    QCHECK_EQ(lapic_pending_vector(&l), 0x45);
    wr(&l, APIC_TPR, 0x40);                      /* same class: blocked */
    QCHECK_EQ(rd(&l, APIC_PPR), 0x40u);
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    wr(&l, APIC_TPR, 0x3f);
    QCHECK_EQ(lapic_pending_vector(&l), 0x45);
    lapic_ack(&l, 0x45);
    QCHECK_EQ(rd(&l, APIC_PPR), 0x40u);          /* ISRV class beats TPR 0x3f */
    wr(&l, APIC_TPR, 0x52);
    QCHECK_EQ(rd(&l, APIC_PPR), 0x52u);          /* TPR class >= ISRV class */
    lapic_set_tpr(&l, 3);
    QCHECK_EQ(rd(&l, APIC_TPR), 0x30u);
    QCHECK_EQ(lapic_get_tpr(&l), 3u);
    wr(&l, APIC_TPR, 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_TPR), 0xffu);
    QCHECK_EQ(lapic_get_tpr(&l), 0xfu);
}

QTEST(lapic_isr_nesting_and_eoi)
{
    struct lapic l;
    setup(&l);
    lapic_accept(&l, 0x40, false);
    lapic_ack(&l, 0x40);
    lapic_accept(&l, 0x45, false);
    QCHECK_EQ(lapic_pending_vector(&l), -1);     /* same class as in service */
    lapic_accept(&l, 0x51, false);
    QCHECK_EQ(lapic_pending_vector(&l), 0x51);   /* higher class nests */
    lapic_ack(&l, 0x51);
    QCHECK_EQ(rd(&l, APIC_ISR + 0x20), (1u << (0x51 - 0x40)) | 1u);  /* 0x40 and 0x51 */
    QCHECK_EQ(rd(&l, APIC_IRR + 0x20), 1u << 5);
    wr(&l, APIC_EOI, 0);                         /* ends 0x51 */
    QCHECK_EQ(lapic_pending_vector(&l), -1);     /* 0x40 still in service */
    wr(&l, APIC_EOI, 0);
    QCHECK_EQ(lapic_pending_vector(&l), 0x45);
    QCHECK_EQ(neois, 0u);                        /* all edge */
    wr(&l, APIC_EOI, 0);                         /* nothing in service: harmless */
    lapic_ack(&l, 0x99);                         /* not requested: ignored */
    QCHECK_EQ(rd(&l, APIC_ISR + 0x90), 0u);
}

QTEST(lapic_level_eoi_broadcast)
{
    struct lapic l;
    setup(&l);
    lapic_accept(&l, 0x61, true);
    QCHECK_EQ(rd(&l, APIC_TMR + 0x30), 1u << 1);
    lapic_ack(&l, 0x61);
    wr(&l, APIC_EOI, 0);
    QCHECK_EQ(neois, 1u);
    QCHECK_EQ(last_eoi, 0x61);
    lapic_accept(&l, 0x61, false);               /* edge now: TMR cleared */
    QCHECK_EQ(rd(&l, APIC_TMR + 0x30), 0u);
    lapic_ack(&l, 0x61);
    wr(&l, APIC_EOI, 0);
    QCHECK_EQ(neois, 1u);
}

QTEST(lapic_illegal_vectors_and_esr)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_LVT_ERROR, 0xfe);
    QCHECK(!lapic_accept(&l, 5, false));
    QCHECK_EQ(rd(&l, APIC_ESR), 0u);             /* not latched until written */
    wr(&l, APIC_ESR, 0);
    QCHECK_EQ(rd(&l, APIC_ESR), APIC_ESR_RECV_ILLEGAL_VECTOR);
    QCHECK_EQ(lapic_pending_vector(&l), 0xfe);   /* error interrupt */
    wr(&l, APIC_ICR, 0x4000 | 3);                /* fixed IPI, vector 3 */
    QCHECK_EQ(nipis, 0u);
    wr(&l, APIC_ESR, 0);
    QCHECK_EQ(rd(&l, APIC_ESR), APIC_ESR_SEND_ILLEGAL_VECTOR);
    (void)rd(&l, 0x2f0);                         /* CMCI absent: reserved */
    wr(&l, APIC_ESR, 0);
    QCHECK_EQ(rd(&l, APIC_ESR), APIC_ESR_ILLEGAL_REGISTER);
    wr(&l, APIC_LVT_ERROR, 0x05);                /* illegal error vector: no loop */
    lapic_accept(&l, 1, false);
    QCHECK(!irr_has(&l, 5));
}

QTEST(lapic_global_disable_and_reenable)
{
    struct lapic l;
    setup(&l);
    lapic_init(&l, 0, 7, true, &clk, &ops, NULL);
    wr(&l, APIC_SVR, 0x1ff);
    wr(&l, APIC_TPR, 0x20);
    lapic_accept(&l, 0x80, false);
    QCHECK_EQ(lapic_set_base(&l, 0xfee00000ull), 0);   /* EN=0 */
    QCHECK(!lapic_hw_enabled(&l));
    QCHECK_EQ(lapic_get_base(&l), 0xfee00100ull);      /* BSP bit kept */
    QCHECK_EQ(rd(&l, APIC_VER), 0xffffffffu);          /* page not decoded */
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    QCHECK(!lapic_accept(&l, 0x80, false));
    QCHECK_EQ(lapic_set_base(&l, 0xfee00800ull), 0);   /* re-enable */
    QCHECK_EQ(rd(&l, APIC_ID), 7u << 24);
    QCHECK_EQ(rd(&l, APIC_SVR), 0xffu);                 /* reset: software-disabled */
    QCHECK_EQ(rd(&l, APIC_TPR), 0u);
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    wr(&l, APIC_SVR, 0x1ff);
    QCHECK(lapic_accept(&l, 0x80, false));
    QCHECK_EQ(lapic_pending_vector(&l), 0x80);
}

QTEST(lapic_apic_base_validation)
{
    struct lapic l;
    setup(&l);
    QCHECK_EQ(lapic_set_base(&l, 0xfee00000ull | APIC_BASE_EXTD), QV_ERR_INVAL); /* EN=0 EXTD=1 */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00801ull), QV_ERR_INVAL);   /* reserved bit 0 */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00a00ull), QV_ERR_INVAL);   /* reserved bit 9 */
    QCHECK_EQ(lapic_set_base(&l, (1ull << 40) | 0xfee00800ull), QV_ERR_INVAL); /* > MAXPHYADDR */
    QCHECK_EQ(lapic_get_base(&l), 0xfee00900ull);
    QCHECK_EQ(lapic_set_base(&l, 0xfee00000ull), 0);              /* disable */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00c00ull), QV_ERR_INVAL);   /* disabled -> x2APIC */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00800ull), 0);
    QCHECK_EQ(lapic_set_base(&l, 0xfee00c00ull), 0);              /* xAPIC -> x2APIC */
    QCHECK(lapic_x2apic_mode(&l));
    QCHECK_EQ(lapic_set_base(&l, 0xfee00800ull), QV_ERR_INVAL);   /* x2APIC -> xAPIC */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00000ull), 0);              /* x2APIC -> disabled */
    QCHECK_EQ(lapic_set_base(&l, 0xfed00800ull), 0);              /* relocation stored */
    QCHECK_EQ(lapic_get_base(&l), 0xfed00900ull);
    uint64_t v = 0;
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_APIC_BASE, 0xfee00801ull), QV_ERR_INVAL);
    QCHECK_EQ(lapic_msr_read(&l, MSR_IA32_APIC_BASE, &v), 0);
    QCHECK_EQ(v, 0xfed00900ull);
}

QTEST(lapic_x2apic_msr_interface)
{
    struct lapic l;
    uint64_t v = 0;
    lapic_init(&l, 0, 0x23, true, &clk, &ops, NULL);
    QCHECK_EQ(lapic_msr_read(&l, 0x802, &v), QV_ERR_INVAL);       /* not in x2APIC mode */
    QCHECK_EQ(lapic_msr_read(&l, 0x10, &v), QV_ERR_NOENT);
    QCHECK(!lapic_msr_owned(0x900));
    QCHECK(lapic_msr_owned(0x83f));
    QCHECK_EQ(lapic_set_base(&l, 0xfee00d00ull), 0);
    QCHECK_EQ(lapic_msr_read(&l, 0x802, &v), 0);
    QCHECK_EQ(v, 0x23u);                                          /* 32-bit ID */
    QCHECK_EQ(lapic_msr_read(&l, 0x80d, &v), 0);
    QCHECK_EQ(v, (2u << 16) | (1u << 3));                         /* derived LDR */
    QCHECK_EQ(lapic_mmio_read(&l, APIC_VER, 4), 0xffffffffu);      /* page off */
    QCHECK_EQ(lapic_mmio_read(&l, APIC_VER, 1), 0xffu);
    /* Read-only registers. */
    static const uint32_t ro[] = { 0x802, 0x803, 0x80a, 0x80d, 0x810, 0x818, 0x820, 0x839 };
    for (unsigned i = 0; i < ARRAY_SIZE(ro); i++)
        QCHECK_EQ(lapic_msr_write(&l, ro[i], 0), QV_ERR_INVAL);
    /* Registers with no MSR, write-only registers. */
    static const uint32_t none[] = { 0x809, 0x80b, 0x80c, 0x80e, 0x82f, 0x831, 0x83f, 0x8ff };
    for (unsigned i = 0; i < ARRAY_SIZE(none); i++)
        QCHECK_EQ(lapic_msr_read(&l, none[i], &v), QV_ERR_INVAL);
    QCHECK_EQ(lapic_msr_write(&l, 0x80e, 0), QV_ERR_INVAL);       /* DFR */
    /* Reserved bits. */
    QCHECK_EQ(lapic_msr_write(&l, 0x808, 0x100), QV_ERR_INVAL);
    QCHECK_EQ(lapic_msr_write(&l, 0x808, 1ull << 32), QV_ERR_INVAL);
    QCHECK_EQ(lapic_msr_write(&l, 0x80b, 1), QV_ERR_INVAL);       /* non-zero EOI */
    QCHECK_EQ(lapic_msr_write(&l, 0x828, 1), QV_ERR_INVAL);       /* non-zero ESR */
    QCHECK_EQ(lapic_msr_write(&l, 0x80f, 0x11ff), QV_ERR_INVAL);  /* SVR bit 12 */
    QCHECK_EQ(lapic_msr_write(&l, 0x832, 0x80000), QV_ERR_INVAL); /* LVT timer bit 19 */
    QCHECK_EQ(lapic_msr_write(&l, 0x832, 0x60000), QV_ERR_INVAL); /* timer mode 3 */
    QCHECK_EQ(lapic_msr_write(&l, 0x83e, 0x4), QV_ERR_INVAL);     /* DCR bit 2 */
    QCHECK_EQ(lapic_msr_write(&l, 0x83f, 0x100), QV_ERR_INVAL);
    QCHECK_EQ(lapic_msr_write(&l, 0x830, 0x2000), QV_ERR_INVAL);  /* ICR bit 13 */
    /* Valid writes. */
    QCHECK_EQ(lapic_msr_write(&l, 0x80f, 0x1ff), 0);
    QCHECK_EQ(lapic_msr_write(&l, 0x808, 0x20), 0);
    QCHECK_EQ(lapic_msr_read(&l, 0x808, &v), 0);
    QCHECK_EQ(v, 0x20u);
    QCHECK_EQ(lapic_msr_write(&l, 0x83f, 0x91), 0);               /* self IPI */
    QCHECK_EQ(lapic_pending_vector(&l), 0x91);
    lapic_ack(&l, 0x91);
    QCHECK_EQ(lapic_msr_read(&l, 0x810 + 4, &v), 0);              /* ISR 0x80-0x9f */
    QCHECK_EQ(v, 1u << 0x11);
    QCHECK_EQ(lapic_msr_write(&l, 0x80b, 0), 0);
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    nipis = 0;
    QCHECK_EQ(lapic_msr_write(&l, 0x830, (0x12345678ull << 32) | 0x4000 | 0x0800 | 0x31), 0);
    QCHECK_EQ(nipis, 1u);
    QCHECK_EQ(ipis[0].dest, 0x12345678u);
    QCHECK(ipis[0].logical);
    QCHECK_EQ(lapic_msr_read(&l, 0x830, &v), 0);
    QCHECK_EQ(v, (0x12345678ull << 32) | 0x4831);
    /* INIT keeps x2APIC mode and the ID. */
    lapic_init_reset(&l);
    QCHECK(lapic_x2apic_mode(&l));
    QCHECK_EQ(lapic_msr_read(&l, 0x80d, &v), 0);
    QCHECK_EQ(v, (2u << 16) | (1u << 3));
    QCHECK_EQ(lapic_msr_read(&l, 0x80f, &v), 0);
    QCHECK_EQ(v, 0xffu);
}

QTEST(lapic_icr_xapic_decoding)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_ICR2, 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_ICR2), 0xff000000u);
    wr(&l, APIC_ICR2, 0x03000000u);
    wr(&l, APIC_ICR, 0x4000 | 0x30);                         /* fixed, physical */
    wr(&l, APIC_ICR, 0x000c4500);                            /* INIT all-but-self */
    wr(&l, APIC_ICR, 0x000c4600 | 0x9a);                     /* SIPI all-but-self */
    wr(&l, APIC_ICR, 0x00044000 | 0x41);                     /* self */
    wr(&l, APIC_ICR, 0x00088500);                            /* INIT de-assert, all */
    wr(&l, APIC_ICR, 0x0800 | 0x400);                        /* NMI logical */
    QCHECK_EQ(nipis, 6u);
    QCHECK_EQ(ipis[0].dest, 3u);
    QCHECK_EQ(ipis[0].sh, APIC_SH_NONE);
    QCHECK_EQ(ipis[0].mode, 0u);
    QCHECK_EQ(ipis[0].vector, 0x30);
    QCHECK(!ipis[0].logical);
    QCHECK(ipis[0].assert);
    QCHECK_EQ(ipis[1].sh, APIC_SH_ALL_BUT_SELF);
    QCHECK_EQ(ipis[1].mode, APIC_DM_INIT);
    QCHECK_EQ(ipis[2].mode, APIC_DM_SIPI);
    QCHECK_EQ(ipis[2].vector, 0x9a);
    QCHECK_EQ(ipis[3].sh, APIC_SH_SELF);
    QCHECK_EQ(ipis[4].sh, APIC_SH_ALL);
    QCHECK(ipis[4].trig);
    QCHECK(!ipis[4].assert);
    QCHECK(ipis[5].logical);
    QCHECK_EQ(ipis[5].mode, APIC_DM_NMI);
    QCHECK_EQ(rd(&l, APIC_ICR) & (1u << 12), 0u);            /* delivery status idle */
}

QTEST(lapic_destination_matching)
{
    struct lapic l;
    setup(&l);
    lapic_init(&l, 0, 3, false, &clk, &ops, NULL);
    QCHECK(lapic_match_dest(&l, 3, false));
    QCHECK(!lapic_match_dest(&l, 4, false));
    QCHECK(lapic_match_dest(&l, 0xff, false));
    wr(&l, APIC_LDR, 0x04000000u);                           /* flat, bit 2 */
    QCHECK(lapic_match_dest(&l, 0x06, true));
    QCHECK(!lapic_match_dest(&l, 0x01, true));
    wr(&l, APIC_DFR, 0x0fffffffu);                           /* cluster model */
    QCHECK_EQ(rd(&l, APIC_DFR), 0x0fffffffu);
    wr(&l, APIC_LDR, 0x21000000u);                           /* cluster 2, member 1 */
    QCHECK(lapic_match_dest(&l, 0x23, true));
    QCHECK(!lapic_match_dest(&l, 0x13, true));
    QCHECK(!lapic_match_dest(&l, 0x22, true));
    QCHECK(lapic_match_dest(&l, 0xf1, true));                /* all clusters */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00c00ull), 0);         /* x2APIC: LDR 0x0000_0008 */
    QCHECK(lapic_match_dest(&l, 3, false));
    QCHECK(!lapic_match_dest(&l, 0xff, false));              /* 0xFF is a real ID here */
    QCHECK(lapic_match_dest(&l, 0xffffffffu, false));
    QCHECK(lapic_match_dest(&l, 0x0000000c, true));
    QCHECK(!lapic_match_dest(&l, 0x00010008, true));
    QCHECK_EQ(lapic_set_base(&l, 0), 0);
    QCHECK(!lapic_match_dest(&l, 0xffffffffu, false));       /* disabled APIC */
}

QTEST(lapic_timer_oneshot)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_LVT_TIMER, 0x40);
    wr(&l, APIC_TDCR, 0x0);                                  /* divide by 2 */
    wr(&l, APIC_TMICT, 1000);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 1000u + 2000u);
    fake_now = 2000;
    QCHECK_EQ(rd(&l, APIC_TMCCT), 500u);
    lapic_timer_update(&l, 2999);
    QCHECK(!irr_has(&l, 0x40));
    lapic_timer_update(&l, 3000);
    QCHECK(irr_has(&l, 0x40));
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 0u);
    fake_now = 3500;
    QCHECK_EQ(rd(&l, APIC_TMCCT), 0u);
    lapic_ack(&l, 0x40);
    wr(&l, APIC_EOI, 0);
    lapic_timer_update(&l, 100000);
    QCHECK(!irr_has(&l, 0x40));                              /* fires once */
    QCHECK_EQ(l.timer_fired, 1u);
    wr(&l, APIC_TMICT, 10);
    wr(&l, APIC_TMICT, 0);                                   /* 0 stops it */
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 0u);
}

QTEST(lapic_timer_periodic_and_divide)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_LVT_TIMER, 0x20000 | 0x41);
    wr(&l, APIC_TDCR, 0xb);                                  /* divide by 1 */
    wr(&l, APIC_TMICT, 100);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 1100u);
    lapic_timer_update(&l, 1100);
    QCHECK(irr_has(&l, 0x41));
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 1200u);      /* re-armed */
    fake_now = 1150;
    QCHECK_EQ(rd(&l, APIC_TMCCT), 50u);
    lapic_timer_update(&l, 1555);                            /* 3 periods late */
    QCHECK_EQ(l.timer_fired, 2u);                            /* coalesced */
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 1600u);
    fake_now = 1650;
    QCHECK_EQ(rd(&l, APIC_TMCCT), 50u);                      /* reload seen before update */
    /* Divide values (Figure 10-10). */
    static const struct { uint32_t dcr; uint64_t div; } d[] = {
        { 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
        { 0x8, 32 }, { 0x9, 64 }, { 0xa, 128 }, { 0xb, 1 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(d); i++) {
        fake_now = 10000;
        wr(&l, APIC_TDCR, d[i].dcr | 0xf4);                  /* reserved bits dropped */
        QCHECK_EQ(rd(&l, APIC_TDCR), d[i].dcr);
        wr(&l, APIC_TMICT, 7);
        QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 10000u + 7 * d[i].div);
    }
    /* Changing the divider mid-count keeps the current count. */
    fake_now = 20000;
    wr(&l, APIC_TDCR, 0xb);
    wr(&l, APIC_TMICT, 1000);
    fake_now = 20400;
    wr(&l, APIC_TDCR, 0x0);
    QCHECK_EQ(rd(&l, APIC_TMCCT), 600u);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 20400u + 1200u);
}

QTEST(lapic_timer_masked_counts_silently)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_LVT_TIMER, APIC_LVT_MASK | 0x42);
    wr(&l, APIC_TDCR, 0xb);
    wr(&l, APIC_TMICT, 10);
    lapic_timer_update(&l, 2000);
    QCHECK_EQ(l.timer_fired, 1u);
    QCHECK(!irr_has(&l, 0x42));
}

QTEST(lapic_timer_tsc_deadline)
{
    struct lapic l;
    uint64_t v = 1;
    setup(&l);
    lapic_set_tsc(&l, 2000000000ull, 500);                   /* 2 GHz, TSC 500 at t=0 */
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, 9999), 0);  /* one-shot: ignored */
    QCHECK_EQ(lapic_msr_read(&l, MSR_IA32_TSC_DEADLINE, &v), 0);
    QCHECK_EQ(v, 0u);
    wr(&l, APIC_TMICT, 50);
    wr(&l, APIC_LVT_TIMER, 0x40000 | 0x43);                  /* mode switch disarms */
    QCHECK_EQ(rd(&l, APIC_TMICT), 0u);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 0u);
    wr(&l, APIC_TMICT, 50);                                  /* ignored in TSC mode */
    QCHECK_EQ(rd(&l, APIC_TMICT), 0u);
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, 500 + 2 * 5000), 0);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 5000u);
    QCHECK_EQ(lapic_msr_read(&l, MSR_IA32_TSC_DEADLINE, &v), 0);
    QCHECK_EQ(v, 10500u);
    QCHECK_EQ(rd(&l, APIC_TMCCT), 0u);
    lapic_timer_update(&l, 4999);
    QCHECK(!irr_has(&l, 0x43));
    lapic_timer_update(&l, 5000);
    QCHECK(irr_has(&l, 0x43));
    QCHECK_EQ(lapic_msr_read(&l, MSR_IA32_TSC_DEADLINE, &v), 0);
    QCHECK_EQ(v, 0u);                                        /* cleared on fire */
    /* A deadline in the past fires immediately; 0 disarms. */
    lapic_ack(&l, 0x43);
    wr(&l, APIC_EOI, 0);
    fake_now = 8000;
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, 1), 0);
    QCHECK(irr_has(&l, 0x43));
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, 1ull << 62), 0);
    QCHECK(lapic_timer_next_deadline_ns(&l) > 8000u);
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, 0), 0);
    QCHECK_EQ(lapic_timer_next_deadline_ns(&l), 0u);
    QCHECK_EQ(lapic_msr_write(&l, MSR_IA32_TSC_DEADLINE, UINT64_MAX), 0);  /* saturates */
    QCHECK(lapic_timer_next_deadline_ns(&l) != 0);
}

QTEST(lapic_lint_pins)
{
    struct lapic l;
    setup(&l);
    lapic_set_lint(&l, 0, true);
    QCHECK(!lapic_extint_pending(&l));                       /* LVT0 masked */
    lapic_setup_virtual_wire(&l);
    QCHECK(lapic_extint_pending(&l));
    lapic_set_lint(&l, 0, false);
    QCHECK(!lapic_extint_pending(&l));
    lapic_set_lint(&l, 1, true);                             /* LINT1 = NMI, edge */
    QCHECK(lapic_nmi_pending(&l));
    lapic_nmi_ack(&l);
    lapic_set_lint(&l, 1, true);
    QCHECK(!lapic_nmi_pending(&l));
    lapic_set_lint(&l, 1, false);
    /* LINT0 fixed, level: re-asserts after EOI while high (remote IRR). */
    wr(&l, APIC_LVT_LINT0, 0x8000 | 0x55);
    lapic_set_lint(&l, 0, true);
    QCHECK_EQ(lapic_pending_vector(&l), 0x55);
    QCHECK(rd(&l, APIC_LVT_LINT0) & APIC_LVT_REMOTE_IRR);
    lapic_ack(&l, 0x55);
    wr(&l, APIC_EOI, 0);
    QCHECK_EQ(lapic_pending_vector(&l), 0x55);
    lapic_ack(&l, 0x55);
    lapic_set_lint(&l, 0, false);
    wr(&l, APIC_EOI, 0);
    QCHECK_EQ(lapic_pending_vector(&l), -1);
    QCHECK_EQ(rd(&l, APIC_LVT_LINT0) & APIC_LVT_REMOTE_IRR, 0u);
    /* Globally disabled: LINT0 is INTR and LINT1 is NMI. */
    QCHECK_EQ(lapic_set_base(&l, 0xfee00000ull), 0);
    lapic_set_lint(&l, 0, true);
    QCHECK(lapic_extint_pending(&l));
    lapic_set_lint(&l, 1, true);
    QCHECK(lapic_nmi_pending(&l));
    lapic_set_lint(&l, 7, true);                             /* no such pin */
}

QTEST(lapic_mmio_access_sizes)
{
    struct lapic l;
    setup(&l);
    wr(&l, APIC_TPR, 0x7b);
    QCHECK_EQ(lapic_mmio_read(&l, APIC_TPR, 1), 0x7bu);
    QCHECK_EQ(lapic_mmio_read(&l, APIC_VER + 2, 1), 0x05u);  /* byte 2 of VER */
    QCHECK_EQ(lapic_mmio_read(&l, APIC_VER + 4, 4), 0u);     /* outside the dword */
    QCHECK_EQ(lapic_mmio_read(&l, APIC_VER, 8), 0x00050014u);
    lapic_mmio_write(&l, APIC_TPR, 1, 0x10);                 /* narrow: ignored */
    lapic_mmio_write(&l, APIC_TPR + 4, 4, 0x10);             /* unaligned: ignored */
    QCHECK_EQ(rd(&l, APIC_TPR), 0x7bu);
    lapic_mmio_write(&l, APIC_TPR, 8, 0xffffffff00000020ull);
    QCHECK_EQ(rd(&l, APIC_TPR), 0x20u);
    QCHECK_EQ(lapic_mmio_read(&l, 0x1000, 4), 0xffffffffu);   /* past the page */
    wr(&l, APIC_ID, 0x12000000u);                            /* ID is read-only */
    QCHECK_EQ(rd(&l, APIC_ID), 0u);
    wr(&l, APIC_LDR, 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_LDR), 0xff000000u);
    wr(&l, APIC_LVT_LINT1, 0xffffffffu);
    QCHECK_EQ(rd(&l, APIC_LVT_LINT1), 0x1a7ffu);
    wr(&l, APIC_LVT_TIMER, 0xffffffffu);                     /* reserved mode 3 */
    QCHECK_EQ(rd(&l, APIC_LVT_TIMER), 0x100ffu);
}
