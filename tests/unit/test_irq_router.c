/* Interrupt router end to end: devices -> PIC/IOAPIC/MSI -> LAPICs, IPIs,
 * EOI broadcast, LAPIC page dispatch per vCPU. */
#include "qtest.h"
#include "devices/irq_router.h"
#include "core/vm/iobus.h"
#include "core/vm/vcpu.h"
#include "lib/errors.h"
#include "lib/string.h"

#define N 4
static struct lapic lapics[N];
static struct ioapic io;
static struct pic pic;
static struct irq_router r;
static struct iobus bus;
static struct vcpu vc[N];
static uint64_t t_now;
static unsigned kicks[N], inits[N], sipis[N];
static uint8_t sipi_vec[N];

static uint64_t now_fn(void *ctx) { (void)ctx; return t_now; }
static const struct vclock clk = { now_fn, NULL };
static void on_kick(void *ctx, unsigned v) { (void)ctx; kicks[v]++; }
static void on_init(void *ctx, unsigned v) { (void)ctx; inits[v]++; }
static void on_sipi(void *ctx, unsigned v, uint8_t vec) { (void)ctx; sipis[v]++; sipi_vec[v] = vec; }
static const struct irq_router_ops rops = { on_kick, on_init, on_sipi };

static void setup(void)
{
    memset(&bus, 0, sizeof bus);
    memset(kicks, 0, sizeof kicks);
    memset(inits, 0, sizeof inits);
    memset(sipis, 0, sizeof sipis);
    t_now = 0;
    QCHECK_EQ(irq_router_init(&r, lapics, N, &io, &pic, &clk, &rops, NULL), 0);
    QCHECK_EQ(irq_router_register(&r, &bus), 0);
    for (unsigned i = 0; i < N; i++) {
        vc[i].id = i;
        /* Software-enable every LAPIC through its own page. */
        const struct io_range *pg = iobus_find_mmio(&bus, LAPIC_DEFAULT_BASE);
        pg->ops->write(pg->ctx, &vc[i], APIC_SVR, 4, 0x1ff);
    }
}

static void apic_wr(unsigned cpu, unsigned off, uint32_t v)
{
    const struct io_range *pg = iobus_find_mmio(&bus, LAPIC_DEFAULT_BASE + off);
    pg->ops->write(pg->ctx, &vc[cpu], off, 4, v);
}

static uint32_t apic_rd(unsigned cpu, unsigned off)
{
    const struct io_range *pg = iobus_find_mmio(&bus, LAPIC_DEFAULT_BASE + off);
    return (uint32_t)pg->ops->read(pg->ctx, &vc[cpu], off, 4);
}

static void ioapic_wr(uint8_t reg, uint32_t v)
{
    const struct io_range *w = iobus_find_mmio(&bus, IOAPIC_DEFAULT_BASE);
    w->ops->write(w->ctx, NULL, IOAPIC_REG_SELECT, 4, reg);
    w->ops->write(w->ctx, NULL, IOAPIC_REG_WINDOW, 4, v);
}

static uint32_t ioapic_rd(uint8_t reg)
{
    const struct io_range *w = iobus_find_mmio(&bus, IOAPIC_DEFAULT_BASE);
    w->ops->write(w->ctx, NULL, IOAPIC_REG_SELECT, 4, reg);
    return (uint32_t)w->ops->read(w->ctx, NULL, IOAPIC_REG_WINDOW, 4);
}

/* Inject and complete: INTA + EOI, so the next vector of the same priority
 * class is not held back by PPR. */
static int take(unsigned cpu)
{
    int v = irq_router_ack_interrupt(&r, cpu);
    if (v >= 0)
        apic_wr(cpu, APIC_EOI, 0);
    return v;
}

static void route(unsigned pin, uint32_t low, uint8_t dest)
{
    ioapic_wr((uint8_t)(0x11 + 2 * pin), (uint32_t)dest << 24);
    ioapic_wr((uint8_t)(0x10 + 2 * pin), low);
}

QTEST(router_init_rejects_bad_arguments)
{
    QCHECK_EQ(irq_router_init(&r, lapics, 0, &io, &pic, &clk, &rops, NULL), QV_ERR_INVAL);
    QCHECK_EQ(irq_router_init(&r, lapics, 256, &io, &pic, &clk, &rops, NULL), QV_ERR_INVAL);
    setup();
    QCHECK_EQ(lapics[2].id, 2u);
    QCHECK(lapic_get_base(&lapics[0]) & APIC_BASE_BSP);
    QCHECK(!(lapic_get_base(&lapics[1]) & APIC_BASE_BSP));
    QCHECK_EQ(ioapic_rd(0), (uint32_t)N << 24);
    QCHECK_EQ(irq_router_ack_interrupt(&r, N), -1);
    QCHECK(!irq_router_has_interrupt(&r, 99));
}

QTEST(router_lapic_page_is_per_vcpu)
{
    setup();
    apic_wr(1, APIC_TPR, 0x30);
    QCHECK_EQ(apic_rd(1, APIC_TPR), 0x30u);
    QCHECK_EQ(apic_rd(0, APIC_TPR), 0u);
    QCHECK_EQ(apic_rd(3, APIC_ID), 3u << 24);
    /* Relocated base: the page at 0xFEE00000 no longer reaches it. */
    QCHECK_EQ(irq_router_msr_write(&r, 1, MSR_IA32_APIC_BASE, 0xfed00800ull), 0);
    QCHECK_EQ(apic_rd(1, APIC_TPR), 0xffffffffu);
    struct vcpu stray = { .id = 42 };
    const struct io_range *pg = iobus_find_mmio(&bus, LAPIC_DEFAULT_BASE);
    QCHECK_EQ(pg->ops->read(pg->ctx, &stray, APIC_ID, 4), 0xffffffffu);
    pg->ops->write(pg->ctx, &stray, APIC_TPR, 4, 0x10);
}

QTEST(router_ioapic_edge_pin_to_lapic)
{
    setup();
    route(4, 0x31, 2);                         /* COM1: fixed, physical, edge -> CPU 2 */
    irq_router_set_gsi(&r, 4, true);
    irq_router_set_gsi(&r, 4, false);
    QCHECK_EQ(kicks[2], 1u);
    QCHECK(irq_router_has_interrupt(&r, 2));
    QCHECK(!irq_router_has_interrupt(&r, 0));
    QCHECK_EQ(irq_router_ack_interrupt(&r, 2), 0x31);
    QCHECK(!irq_router_has_interrupt(&r, 2));
    apic_wr(2, APIC_EOI, 0);
    QCHECK_EQ(lapics[2].isr[1], 0u);
}

QTEST(router_ioapic_level_eoi_roundtrip)
{
    setup();
    route(20, 0x8000 | 0x61, 1);               /* level */
    irq_router_set_gsi(&r, 20, true);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 1), 0x61);
    QCHECK(ioapic_rd(0x10 + 40) & IOAPIC_RTE_REMOTE_IRR);
    apic_wr(1, APIC_EOI, 0);                   /* line still high: re-delivered */
    QCHECK(ioapic_rd(0x10 + 40) & IOAPIC_RTE_REMOTE_IRR);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 1), 0x61);
    irq_router_set_gsi(&r, 20, false);
    apic_wr(1, APIC_EOI, 0);
    QCHECK_EQ(ioapic_rd(0x10 + 40) & IOAPIC_RTE_REMOTE_IRR, 0u);
    QCHECK(!irq_router_has_interrupt(&r, 1));
}

QTEST(router_isa_irq0_reaches_pin2_and_pic)
{
    setup();
    route(2, 0x30, 0);
    route(0, 0x3f, 0);
    irq_router_set_gsi(&r, 0, true);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 0), 0x30);
    QCHECK_EQ(pic.chip[0].irr & 1, 1);         /* PIC IR0 too */
    irq_router_set_gsi(&r, 0, false);
    irq_router_set_gsi(&r, 2, true);           /* cascade number: nowhere */
    QCHECK_EQ(pic.chip[0].lines & 4, 0);
    QCHECK(!irq_router_has_interrupt(&r, 0));
    irq_router_set_isa_route(&r, 9, 21);
    route(21, 0x8000 | 0x49, 0);
    irq_router_set_gsi(&r, 9, true);           /* ACPI SCI rerouted */
    QCHECK_EQ(irq_router_ack_interrupt(&r, 0), 0x49);
}

QTEST(router_pic_extint_through_lint0)
{
    setup();
    lapic_setup_virtual_wire(&lapics[0]);
    iobus_pio_write(&bus, &vc[0], 0x20, 1, 0x11);
    iobus_pio_write(&bus, &vc[0], 0x21, 1, 0x20);
    iobus_pio_write(&bus, &vc[0], 0x21, 1, 0x04);
    iobus_pio_write(&bus, &vc[0], 0x21, 1, 0x01);
    iobus_pio_write(&bus, &vc[0], 0x21, 1, 0x00);
    irq_router_set_gsi(&r, 1, true);           /* keyboard */
    QCHECK_EQ(kicks[0], 1u);
    QCHECK(irq_router_has_interrupt(&r, 0));
    QCHECK(!irq_router_has_interrupt(&r, 1));  /* only vCPU 0's LINT0 is wired */
    /* ExtINT bypasses TPR (SDM 10.8.3.1 applies to fixed interrupts only). */
    irq_router_set_tpr(&r, 0, 15);
    QCHECK_EQ(irq_router_get_tpr(&r, 0), 15u);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 0), 0x21);
    QCHECK(!irq_router_has_interrupt(&r, 0));
    iobus_pio_write(&bus, &vc[0], 0x20, 1, 0x20);
    QCHECK_EQ(iobus_pio_read(&bus, &vc[0], 0x4d1, 1), 0u);
}

QTEST(router_msi_decoding)
{
    setup();
    irq_router_msi(&r, 0xfee03000ull, 0x0000 | 0x52);            /* dest 3, fixed, edge */
    QCHECK_EQ(take(3), 0x52);
    QCHECK_EQ(lapics[3].tmr[2], 0u);
    apic_wr(1, APIC_LDR, 0x02000000u);                          /* flat logical bit 1 */
    apic_wr(2, APIC_LDR, 0x04000000u);
    irq_router_msi(&r, 0xfee06000ull | 4 | 8, 0x53);             /* logical 0x06, RH */
    QCHECK_EQ(take(1), 0x53);
    QCHECK_EQ(take(2), 0x53);
    QCHECK_EQ(take(0), -1);
    irq_router_msi(&r, 0xfee06000ull | 4, 0x100 | 0x54);         /* lowest priority */
    QCHECK_EQ(take(1), 0x54);
    QCHECK_EQ(take(2), -1);
    irq_router_msi(&r, 0xfee00000ull, 0xc000 | 0x55);            /* level, assert */
    QCHECK_EQ(lapics[0].tmr[2], 1u << 0x15);
    irq_router_msi(&r, 0xfee02000ull, 0x400);                    /* NMI to CPU 2 */
    QCHECK(irq_router_nmi_pending(&r, 2));
    QCHECK(!irq_router_nmi_pending(&r, 1));
    QCHECK(!irq_router_nmi_pending(&r, 77));
    QCHECK(irq_router_take_nmi(&r, 2));
    QCHECK(!irq_router_nmi_pending(&r, 2));
    QCHECK(!irq_router_take_nmi(&r, 2));
    irq_router_msi(&r, 0xfeeff000ull, 0x56);                     /* broadcast */
    for (unsigned i = 0; i < N; i++)
        QCHECK(lapics[i].irr[2] & (1u << 0x16));
    irq_router_msi(&r, 0xfed00000ull, 0x57);                     /* not an MSI */
    QCHECK_EQ(r.msi_dropped, 1u);
    const struct irq_sink *s = irq_router_sink(&r);
    s->msi(s->ctx, 0xfee01000ull, 0x58);
    QCHECK(lapics[1].irr[2] & (1u << 0x18));
    s->set_gsi(s->ctx, 400, true);                               /* no such GSI */
}

QTEST(router_ipi_shorthands_and_modes)
{
    setup();
    apic_wr(0, APIC_ICR2, 2u << 24);
    apic_wr(0, APIC_ICR, 0x4000 | 0x70);                         /* fixed -> 2 */
    QCHECK_EQ(take(2), 0x70);
    QCHECK_EQ(kicks[2], 1u);
    apic_wr(1, APIC_ICR, 0x44000 | 0x71);                        /* self */
    QCHECK_EQ(take(1), 0x71);
    QCHECK_EQ(take(0), -1);
    apic_wr(1, APIC_ICR, 0x84000 | 0x72);                        /* all incl. self */
    for (unsigned i = 0; i < N; i++)
        QCHECK_EQ(take(i), 0x72);
    apic_wr(1, APIC_ICR, 0xc4000 | 0x73);                        /* all but self */
    QCHECK_EQ(take(1), -1);
    QCHECK_EQ(take(3), 0x73);
    apic_wr(0, APIC_ICR2, 0xffu << 24);
    apic_wr(0, APIC_ICR, 0x4100 | 0x74);                         /* lowest priority bcast */
    QCHECK_EQ(take(0), 0x74);
    QCHECK_EQ(take(1), -1);
    apic_wr(0, APIC_ICR2, 3u << 24);
    apic_wr(0, APIC_ICR, 0x4400);                                /* NMI */
    QCHECK(irq_router_take_nmi(&r, 3));
    apic_wr(0, APIC_ICR, 0x4200);                                /* SMI: ignored */
    QCHECK(!irq_router_has_interrupt(&r, 3));
}

QTEST(router_init_sipi_sequence)
{
    setup();
    apic_wr(2, APIC_TPR, 0x40);
    apic_wr(0, APIC_ICR, 0xc4500);                               /* INIT all-but-self */
    QCHECK_EQ(inits[0], 0u);
    QCHECK_EQ(inits[1], 1u);
    QCHECK_EQ(inits[3], 1u);
    QCHECK_EQ(apic_rd(2, APIC_TPR), 0u);                         /* target reset */
    QCHECK_EQ(apic_rd(2, APIC_SVR), 0xffu);
    QCHECK_EQ(apic_rd(0, APIC_SVR), 0x1ffu);                     /* sender untouched */
    apic_wr(0, APIC_ICR, 0x88500);                               /* INIT de-assert */
    QCHECK_EQ(inits[0], 0u);
    QCHECK_EQ(inits[1], 1u);
    apic_wr(0, APIC_ICR, 0xc4600 | 0x9f);                        /* SIPI, vector 0x9f */
    QCHECK_EQ(sipis[1], 1u);
    QCHECK_EQ(sipi_vec[3], 0x9f);
    QCHECK_EQ(sipis[0], 0u);
    apic_wr(0, APIC_ICR, 0xc4600);                               /* vector 0 (test suites) */
    QCHECK_EQ(sipi_vec[2], 0);
}

QTEST(router_x2apic_ipi_and_timer)
{
    setup();
    QCHECK_EQ(irq_router_msr_write(&r, 0, MSR_IA32_APIC_BASE, 0xfee00d00ull), 0);
    QCHECK_EQ(irq_router_msr_write(&r, 0, 0x830, (3ull << 32) | 0x4000 | 0x66), 0);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 3), 0x66);
    uint64_t v;
    QCHECK_EQ(irq_router_msr_read(&r, 1, 0x802, &v), QV_ERR_INVAL);   /* CPU 1: xAPIC */
    QCHECK_EQ(irq_router_msr_write(&r, 9, 0x830, 0), QV_ERR_INVAL);
    QCHECK_EQ(irq_router_msr_read(&r, 0, 0x802, &v), 0);
    QCHECK_EQ(v, 0u);
    /* Timer through the router: kick on expiry. */
    apic_wr(1, APIC_LVT_TIMER, 0x45);
    apic_wr(1, APIC_TDCR, 0xb);
    apic_wr(1, APIC_TMICT, 500);
    QCHECK_EQ(irq_router_next_deadline_ns(&r, 1), 500u);
    irq_router_timer_update(&r, 1, 499);
    QCHECK_EQ(kicks[1], 0u);
    irq_router_timer_update(&r, 1, 500);
    QCHECK_EQ(kicks[1], 1u);
    QCHECK_EQ(irq_router_ack_interrupt(&r, 1), 0x45);
    QCHECK_EQ(irq_router_next_deadline_ns(&r, 1), 0u);
}

QTEST(router_active_low_gsi)
{
    setup();
    irq_router_set_active_low(&r, 16, true);
    route(16, 0xa000 | 0x81, 0);               /* level, active low (as MADT says) */
    QCHECK(!irq_router_has_interrupt(&r, 0));  /* idle line is high */
    irq_router_set_gsi(&r, 16, true);          /* device asserts INTA# */
    QCHECK_EQ(irq_router_ack_interrupt(&r, 0), 0x81);
    irq_router_set_gsi(&r, 16, false);
    apic_wr(0, APIC_EOI, 0);
    QCHECK(!irq_router_has_interrupt(&r, 0));
    irq_router_set_active_low(&r, 40, true);   /* out of range: ignored */
}
