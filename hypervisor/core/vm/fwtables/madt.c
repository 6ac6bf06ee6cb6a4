/* Multiple APIC Description Table, ACPI 6.5 §5.2.12. */
#include "core/vm/fwtables/fw_internal.h"
#include "lib/errors.h"

/* Revision 5: the layout ACPI 6.3+ defines (Online Capable flag). */
#define MADT_REVISION 5
#define MADT_PCAT_COMPAT BIT(0)
#define CPU_ENABLED 1u

/* Interrupt controller structure types and lengths, §5.2.12.2-.13. */
#define T_LAPIC 0
#define L_LAPIC 8
#define T_IOAPIC 1
#define L_IOAPIC 12
#define T_ISO 2
#define L_ISO 10
#define T_LAPIC_NMI 4
#define L_LAPIC_NMI 6
#define T_LAPIC_OVERRIDE 5
#define L_LAPIC_OVERRIDE 12
#define T_X2APIC 9
#define L_X2APIC 16
#define T_X2APIC_NMI 10
#define L_X2APIC_NMI 12

/* §5.2.12.12: xAPIC ids 0-254 use Local APIC structures; 255 and above
 * exist only as x2APIC ids. */
#define XAPIC_MAX_ID 254
#define NMI_LINT 1 /* LINT1 carries NMI, as on PC-compatible systems */

static bool is_x2apic(uint32_t id)
{
    return id > XAPIC_MAX_ID;
}

int fw_build_madt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa)
{
    uint64_t lapic = d->lapic_base ? d->lapic_base : FW_LAPIC_DEFAULT_BASE;
    bool override = lapic > 0xFFFFFFFFull;
    unsigned nx2 = 0;
    for (unsigned i = 0; i < d->ncpus; i++)
        nx2 += is_x2apic(d->lapic_ids[i]);

    uint32_t len = 44 + (d->ncpus - nx2) * L_LAPIC + nx2 * L_X2APIC + L_IOAPIC +
                   d->nisos * L_ISO + L_LAPIC_NMI + (nx2 ? L_X2APIC_NMI : 0) +
                   (override ? L_LAPIC_OVERRIDE : 0);
    size_t off;
    int rc = fw_blob_alloc(b, len, 16, &off);
    if (rc)
        return rc;
    uint8_t *t = b->buf + off;
    fw_sdt_header(t, "APIC", len, MADT_REVISION);
    /* §5.2.12: 32-bit Local Interrupt Controller Address, then flags; a
     * PC-AT 8259 pair exists, so PCAT_COMPAT. */
    fw_wr32(t + 36, override ? 0 : (uint32_t)lapic);
    fw_wr32(t + 40, MADT_PCAT_COMPAT);
    uint8_t *e = t + 44;

    /* Processor UIDs are the CPU indices; the BSP comes first, as OSPM
     * expects the boot processor to be the first entry (§5.2.12). */
    for (unsigned i = 0; i < d->ncpus; i++) {
        uint32_t id = d->lapic_ids[i];
        if (is_x2apic(id)) {
            /* §5.2.12.12: type, length, reserved(2), x2APIC id, flags, UID. */
            e[0] = T_X2APIC;
            e[1] = L_X2APIC;
            fw_wr32(e + 4, id);
            fw_wr32(e + 8, CPU_ENABLED);
            fw_wr32(e + 12, i);
            e += L_X2APIC;
        } else {
            /* §5.2.12.2: type, length, UID(1), APIC id(1), flags(4). */
            e[0] = T_LAPIC;
            e[1] = L_LAPIC;
            e[2] = (uint8_t)i;
            e[3] = (uint8_t)id;
            fw_wr32(e + 4, CPU_ENABLED);
            e += L_LAPIC;
        }
    }
    /* §5.2.12.3: type, length, id, reserved, address, GSI base. */
    e[0] = T_IOAPIC;
    e[1] = L_IOAPIC;
    e[2] = d->ioapic_id;
    fw_wr32(e + 4, d->ioapic_base ? d->ioapic_base : FW_IOAPIC_DEFAULT_BASE);
    fw_wr32(e + 8, d->ioapic_gsi_base);
    e += L_IOAPIC;
    /* §5.2.12.5: type, length, bus (0 = ISA), source IRQ, GSI, MPS INTI flags. */
    for (unsigned i = 0; i < d->nisos; i++) {
        e[0] = T_ISO;
        e[1] = L_ISO;
        e[3] = d->isos[i].src_irq;
        fw_wr32(e + 4, d->isos[i].gsi);
        fw_wr16(e + 8, d->isos[i].flags);
        e += L_ISO;
    }
    /* §5.2.12.7: NMI on LINT1 of every processor (UID 0xFF = all). */
    e[0] = T_LAPIC_NMI;
    e[1] = L_LAPIC_NMI;
    e[2] = 0xFF;
    e[5] = NMI_LINT;
    e += L_LAPIC_NMI;
    if (nx2) {
        /* §5.2.12.13: the same for x2APIC processors (UID 0xFFFFFFFF = all). */
        e[0] = T_X2APIC_NMI;
        e[1] = L_X2APIC_NMI;
        fw_wr32(e + 4, 0xFFFFFFFFu);
        e[8] = NMI_LINT;
        e += L_X2APIC_NMI;
    }
    if (override) {
        /* §5.2.12.8: 64-bit local APIC address replaces the header field. */
        e[0] = T_LAPIC_OVERRIDE;
        e[1] = L_LAPIC_OVERRIDE;
        fw_wr64(e + 4, lapic);
        e += L_LAPIC_OVERRIDE;
    }
    fw_sdt_finish(t, len);
    *gpa = b->gpa + off;
    return 0;
}
