/* MP floating pointer and configuration table, Intel MultiProcessor
 * Specification 1.4 §4. */
#include "core/vm/fwtables/mptable.h"
#include "core/vm/fwtables/fw_internal.h"
#include "lib/errors.h"
#include "lib/string.h"

#define MP_SPEC_REV 4          /* 1.4 */
#define FPS_LEN 16             /* §4.1: one 16-byte paragraph */
#define HDR_LEN 44             /* §4.2 */
#define L_CPU 20               /* §4.3.1 */
#define L_OTHER 8              /* §4.3.2-§4.3.5 */
#define ISA_IRQS 16
#define ISA_BUS_ID 0

enum { E_CPU = 0, E_BUS = 1, E_IOAPIC = 2, E_IOINT = 3, E_LINT = 4 };
enum { INT_INT = 0, INT_NMI = 1, INT_EXTINT = 3 }; /* §4.3.4 */
#define CPU_EN BIT(0)
#define CPU_BP BIT(1)
#define ALL_LAPICS 0xFF

/* An ISA IRQ's route: GSI and INTI flags, or false when the IRQ has no pin
 * (another IRQ was overridden onto its identity-mapped pin). */
static bool isa_route(const struct fw_vm_desc *d, unsigned irq, uint32_t *gsi, uint16_t *flags)
{
    for (unsigned i = 0; i < d->nisos; i++) {
        if (d->isos[i].src_irq == irq) {
            *gsi = d->isos[i].gsi;
            *flags = d->isos[i].flags;
            return true;
        }
    }
    for (unsigned i = 0; i < d->nisos; i++)
        if (d->isos[i].gsi == irq)
            return false;
    *gsi = irq;
    *flags = 0; /* conforms to the ISA bus: edge, active high */
    return true;
}

static unsigned count_ioints(const struct fw_vm_desc *d)
{
    unsigned npins = d->ioapic_npins ? d->ioapic_npins : 24, n = 0;
    for (unsigned irq = 0; irq < ISA_IRQS; irq++) {
        uint32_t gsi;
        uint16_t flags;
        if (isa_route(d, irq, &gsi, &flags) && gsi >= d->ioapic_gsi_base &&
            gsi - d->ioapic_gsi_base < npins)
            n++;
    }
    return n;
}

/* §4.3.4/§4.3.5: both interrupt assignment entries share one layout. */
static uint8_t *int_entry(uint8_t *e, uint8_t type, uint8_t itype, uint16_t flags,
                          uint8_t src_irq, uint8_t dst_id, uint8_t dst_pin)
{
    e[0] = type;
    e[1] = itype;
    fw_wr16(e + 2, flags);
    e[4] = ISA_BUS_ID;
    e[5] = src_irq;
    e[6] = dst_id;
    e[7] = dst_pin;
    return e + L_OTHER;
}

static bool in_window(uint64_t gpa, size_t len)
{
    /* §4: the floating pointer must be found by the OS's scan; keep the
     * configuration table behind it inside the same region. */
    if (gpa >= FW_MP_BASEMEM_LAST_KIB && gpa < 0xA0000)
        return len <= 0xA0000 - gpa;
    if (gpa >= FW_MP_BIOS_AREA && gpa < 0x100000)
        return len <= 0x100000 - gpa;
    return false;
}

int fw_build_mptable(const struct fw_vm_desc *d, uint64_t gpa, uint8_t *buf, size_t cap,
                     size_t *used)
{
    if (!d || !buf || !used || (gpa & 15))
        return QV_ERR_INVAL;
    if (d->ncpus == 0 || d->ncpus > FW_MAX_CPUS || d->nisos > FW_MAX_ISOS)
        return QV_ERR_RANGE;
    /* §4.3.1: APIC ids are bytes; 0xFF addresses all local APICs. */
    for (unsigned i = 0; i < d->ncpus; i++)
        if (d->lapic_ids[i] >= 0xFF)
            return QV_ERR_RANGE;
    uint64_t lapic = d->lapic_base ? d->lapic_base : FW_LAPIC_DEFAULT_BASE;
    if (lapic > 0xFFFFFFFFull)
        return QV_ERR_RANGE;

    unsigned nioint = count_ioints(d);
    unsigned nentries = d->ncpus + 1 + 1 + nioint + 2;
    size_t table_len = HDR_LEN + d->ncpus * L_CPU + (nentries - d->ncpus) * L_OTHER;
    size_t total = FPS_LEN + table_len;
    if (!in_window(gpa, total))
        return QV_ERR_RANGE;
    if (cap < total)
        return QV_ERR_NOSPC;
    memset(buf, 0, total);

    /* §4.1 floating pointer: signature, config table address, length in
     * paragraphs, spec revision, checksum, feature bytes (all 0: a
     * configuration table is present; virtual wire mode, no IMCR). */
    uint8_t *f = buf;
    memcpy(f, "_MP_", 4);
    fw_wr32(f + 4, (uint32_t)(gpa + FPS_LEN));
    f[8] = 1;
    f[9] = MP_SPEC_REV;

    /* §4.2 header. */
    uint8_t *t = buf + FPS_LEN;
    memcpy(t, "PCMP", 4);
    fw_wr16(t + 4, (uint16_t)table_len);
    t[6] = MP_SPEC_REV;
    memcpy(t + 8, "QVIRT   ", 8);
    memcpy(t + 16, "QUANTAVIRT  ", 12);
    fw_wr16(t + 34, (uint16_t)nentries);
    fw_wr32(t + 36, (uint32_t)lapic);

    /* Entries in type order (§4.3). */
    uint8_t *e = t + HDR_LEN;
    for (unsigned i = 0; i < d->ncpus; i++) {
        e[0] = E_CPU;
        e[1] = (uint8_t)d->lapic_ids[i];
        e[2] = FW_MP_LAPIC_VERSION;
        e[3] = (uint8_t)(CPU_EN | (i == 0 ? CPU_BP : 0));
        fw_wr32(e + 4, FW_MP_CPU_SIGNATURE);
        fw_wr32(e + 8, FW_MP_CPU_FEATURES);
        e += L_CPU;
    }
    e[0] = E_BUS;
    e[1] = ISA_BUS_ID;
    memcpy(e + 2, "ISA   ", 6);
    e += L_OTHER;
    e[0] = E_IOAPIC;
    e[1] = d->ioapic_id;
    e[2] = FW_MP_IOAPIC_VERSION;
    e[3] = 1; /* EN */
    fw_wr32(e + 4, d->ioapic_base ? d->ioapic_base : FW_IOAPIC_DEFAULT_BASE);
    e += L_OTHER;
    unsigned npins = d->ioapic_npins ? d->ioapic_npins : 24;
    for (unsigned irq = 0; irq < ISA_IRQS; irq++) {
        uint32_t gsi;
        uint16_t flags;
        if (!isa_route(d, irq, &gsi, &flags) || gsi < d->ioapic_gsi_base ||
            gsi - d->ioapic_gsi_base >= npins)
            continue;
        e = int_entry(e, E_IOINT, INT_INT, flags, (uint8_t)irq, d->ioapic_id,
                      (uint8_t)(gsi - d->ioapic_gsi_base));
    }
    /* §3.6.2.2 (virtual wire mode): the 8259 drives LINT0 as ExtINT; NMI on LINT1. */
    e = int_entry(e, E_LINT, INT_EXTINT, 0, 0, ALL_LAPICS, 0);
    e = int_entry(e, E_LINT, INT_NMI, 0, 0, ALL_LAPICS, 1);

    t[7] = fw_checksum(t, table_len);
    f[10] = fw_checksum(f, FPS_LEN);
    *used = total;
    return 0;
}
