/* Multiple APIC Description Table, ACPI 6.5 §5.2.12. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

/* Table 5.19: fixed fields after the header, then interrupt controller structures. */
#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44

/* Interrupt controller structure types (Table 5.21) and their minimum lengths. */
enum {
    MADT_LAPIC = 0,          /* §5.2.12.2, 8 bytes */
    MADT_IOAPIC = 1,         /* §5.2.12.3, 12 bytes */
    MADT_ISO = 2,            /* §5.2.12.5, 10 bytes */
    MADT_NMI_SRC = 3,        /* §5.2.12.6, 8 bytes */
    MADT_LAPIC_NMI = 4,      /* §5.2.12.7, 6 bytes */
    MADT_LAPIC_OVERRIDE = 5, /* §5.2.12.8, 12 bytes */
    MADT_X2APIC = 9,         /* §5.2.12.12, 16 bytes */
    MADT_X2APIC_NMI = 10,    /* §5.2.12.13, 12 bytes */
};
static const uint8_t min_len[] = {
    [MADT_LAPIC] = 8, [MADT_IOAPIC] = 12, [MADT_ISO] = 10, [MADT_NMI_SRC] = 8,
    [MADT_LAPIC_NMI] = 6, [MADT_LAPIC_OVERRIDE] = 12, [MADT_X2APIC] = 16,
    [MADT_X2APIC_NMI] = 12,
};

/* §5.2.12.7: processor UID 0xFF in a LAPIC NMI structure means "all". */
#define LAPIC_NMI_ALL_UID8 0xFF

static void add_cpu(struct acpi_madt_info *o, uint32_t uid, uint32_t apic_id, uint32_t flags,
                    bool x2apic)
{
    /* Table 5.23: with both Enabled and Online Capable clear the processor is
     * unusable and OSPM must not try to use it; do not spend a slot on it. */
    if (!(flags & (ACPI_MADT_CPU_ENABLED | ACPI_MADT_CPU_ONLINE_CAPABLE))) {
        o->ncpus_unusable++;
        return;
    }
    /* Firmware may describe a CPU both as xAPIC and x2APIC; one APIC id is
     * one CPU, so keep the first description. */
    for (uint32_t i = 0; i < o->ncpus; i++)
        if (o->cpus[i].apic_id == apic_id)
            return;
    if (o->ncpus == ACPI_MAX_CPUS) {
        o->ndropped++;
        return;
    }
    struct acpi_cpu *c = &o->cpus[o->ncpus++];
    c->uid = uid;
    c->apic_id = apic_id;
    c->enabled = flags & ACPI_MADT_CPU_ENABLED;
    /* Online Capable is defined only for disabled processors (Table 5.23). */
    c->online_capable = !c->enabled && (flags & ACPI_MADT_CPU_ONLINE_CAPABLE);
    c->x2apic = x2apic;
}

static void add_lapic_nmi(struct acpi_madt_info *o, uint32_t uid, uint16_t flags, uint8_t lint)
{
    if (o->nlapic_nmis == ACPI_MAX_LAPIC_NMIS) {
        o->ndropped++;
        return;
    }
    struct acpi_lapic_nmi *n = &o->lapic_nmis[o->nlapic_nmis++];
    n->uid = uid;
    n->flags = flags;
    n->lint = lint;
}

static void parse_entry(const uint8_t *e, struct acpi_madt_info *o)
{
    switch (e[0]) {
    case MADT_LAPIC:
        add_cpu(o, e[2], e[3], acpi_rd32(e + 4), false);
        break;
    case MADT_X2APIC:
        add_cpu(o, acpi_rd32(e + 12), acpi_rd32(e + 4), acpi_rd32(e + 8), true);
        break;
    case MADT_IOAPIC:
        if (o->nioapics == ACPI_MAX_IOAPICS) {
            o->ndropped++;
            break;
        }
        o->ioapics[o->nioapics].id = e[2];
        o->ioapics[o->nioapics].address = acpi_rd32(e + 4);
        o->ioapics[o->nioapics].gsi_base = acpi_rd32(e + 8);
        o->nioapics++;
        break;
    case MADT_ISO:
        if (o->nisos == ACPI_MAX_ISOS) {
            o->ndropped++;
            break;
        }
        o->isos[o->nisos].bus = e[2];
        o->isos[o->nisos].source = e[3];
        o->isos[o->nisos].gsi = acpi_rd32(e + 4);
        o->isos[o->nisos].flags = acpi_rd16(e + 8);
        o->nisos++;
        break;
    case MADT_NMI_SRC:
        if (o->nnmi_srcs == ACPI_MAX_NMI_SRCS) {
            o->ndropped++;
            break;
        }
        o->nmi_srcs[o->nnmi_srcs].flags = acpi_rd16(e + 2);
        o->nmi_srcs[o->nnmi_srcs].gsi = acpi_rd32(e + 4);
        o->nnmi_srcs++;
        break;
    case MADT_LAPIC_NMI:
        add_lapic_nmi(o, e[2] == LAPIC_NMI_ALL_UID8 ? ACPI_NMI_ALL_CPUS : e[2],
                      acpi_rd16(e + 3), e[5]);
        break;
    case MADT_X2APIC_NMI:
        add_lapic_nmi(o, acpi_rd32(e + 4), acpi_rd16(e + 2), e[8]);
        break;
    case MADT_LAPIC_OVERRIDE:
        /* §5.2.12.8: the 64-bit address replaces the 32-bit header field. */
        o->lapic_address = acpi_rd64(e + 4);
        o->lapic_overridden = true;
        break;
    default:
        o->nunknown++;
        break;
    }
}

int acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_madt_info *out)
{
    if (len < MADT_ENTRIES) {
        pr_warn("ACPI: MADT: length %u too short for its fixed fields\n", len);
        return QV_ERR_TRUNCATED;
    }
    out->lapic_address = acpi_rd32(t + MADT_LAPIC_ADDR);
    out->flags = acpi_rd32(t + MADT_FLAGS);

    /* Every structure starts with type and length bytes (§5.2.12). */
    for (uint32_t off = MADT_ENTRIES; off < len;) {
        if (len - off < 2) {
            pr_warn("ACPI: MADT: trailing byte at offset %u\n", off);
            return QV_ERR_CORRUPT;
        }
        const uint8_t *e = t + off;
        uint8_t type = e[0], elen = e[1];
        /* A length below 2 would make no progress (or loop forever on 0). */
        if (elen < 2 || elen > len - off) {
            pr_warn("ACPI: MADT: entry type %u at offset %u has bad length %u\n", type,
                    off, elen);
            return QV_ERR_CORRUPT;
        }
        if (type < sizeof min_len && min_len[type] && elen < min_len[type]) {
            pr_warn("ACPI: MADT: entry type %u at offset %u shorter than %u bytes\n", type,
                    off, min_len[type]);
            return QV_ERR_CORRUPT;
        }
        parse_entry(e, out);
        off += elen;
    }
    if (out->ndropped)
        pr_warn("ACPI: MADT: %u entries beyond table limits ignored\n", out->ndropped);
    out->present = true;
    return 0;
}
