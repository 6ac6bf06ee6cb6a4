/* One-screen boot log summary of what ACPI describes. */
#include "core/acpi/acpi.h"
#include "lib/printk.h"

static void print_tables(const struct acpi_info *a)
{
    char line[ACPI_MAX_TABLES * 5 + 1];
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->ntables && n + 5 < sizeof line; i++) {
        const char *s = a->tables[i].sig[0] ? a->tables[i].sig : "????";
        for (int k = 0; k < 4 && s[k]; k++)
            line[n++] = s[k];
        line[n++] = a->tables[i].status ? '!' : ' ';
    }
    line[n] = '\0';
    pr_info("ACPI: RSDP rev %u (%s) via %s, %u tables (%u bad): %s\n", a->rsdp.revision,
            a->rsdp.oem_id, a->used_xsdt ? "XSDT" : "RSDT", a->ntables, a->nbad, line);
}

static void print_madt(const struct acpi_madt_info *m)
{
    uint32_t enabled = 0;
    for (uint32_t i = 0; i < m->ncpus; i++)
        enabled += m->cpus[i].enabled;
    pr_info("ACPI: MADT: LAPIC %#llx, %u CPUs (%u enabled, %u hot-pluggable), "
            "%u IOAPICs, %u overrides%s\n",
            (unsigned long long)m->lapic_address, m->ncpus, enabled, m->ncpus - enabled,
            m->nioapics, m->nisos, (m->flags & ACPI_MADT_PCAT_COMPAT) ? ", 8259 PICs" : "");
    for (uint32_t i = 0; i < m->nioapics; i++)
        pr_info("ACPI:   IOAPIC id %u at %#x, GSI base %u\n", m->ioapics[i].id,
                m->ioapics[i].address, m->ioapics[i].gsi_base);
}

static void print_fadt(const struct acpi_fadt_info *f)
{
    if (f->has_pm_timer)
        pr_info("ACPI: FADT rev %u: SCI %u, PM timer %s %#llx (%s-bit)%s\n", f->revision,
                f->sci_int, f->pm_timer.space_id == ACPI_GAS_SYSTEM_IO ? "port" : "mmio",
                (unsigned long long)f->pm_timer.address, f->pm_timer_32bit ? "32" : "24",
                (f->flags & ACPI_FADT_HW_REDUCED_ACPI) ? ", HW-reduced" : "");
    else
        pr_info("ACPI: FADT rev %u: SCI %u, no PM timer%s\n", f->revision, f->sci_int,
                (f->flags & ACPI_FADT_HW_REDUCED_ACPI) ? ", HW-reduced" : "");
}

void acpi_print_summary(const struct acpi_info *a)
{
    if (!a)
        return;
    print_tables(a);
    if (a->madt.present)
        print_madt(&a->madt);
    else
        pr_info("ACPI: no usable MADT\n");
    if (a->fadt.present)
        print_fadt(&a->fadt);
    for (uint32_t i = 0; i < a->mcfg.necam; i++)
        pr_info("ACPI: ECAM segment %u buses %u-%u at %#llx\n", a->mcfg.ecam[i].segment,
                a->mcfg.ecam[i].start_bus, a->mcfg.ecam[i].end_bus,
                (unsigned long long)a->mcfg.ecam[i].base);
    if (a->hpet.present)
        pr_info("ACPI: HPET %u at %#llx, min tick %u\n", a->hpet.number,
                (unsigned long long)a->hpet.base.address, a->hpet.min_tick);
    for (uint32_t i = 0; i < a->dmar.ndrhd; i++)
        pr_info("ACPI: VT-d unit at %#llx segment %u%s, %u scopes\n",
                (unsigned long long)a->dmar.drhd[i].base, a->dmar.drhd[i].segment,
                (a->dmar.drhd[i].flags & ACPI_DRHD_INCLUDE_PCI_ALL) ? " (all devices)" : "",
                a->dmar.drhd[i].nscopes);
    if (a->dmar.present)
        pr_info("ACPI: DMAR: HAW %u, %u RMRRs%s\n", a->dmar.host_addr_width + 1u,
                a->dmar.nrmrr, (a->dmar.flags & ACPI_DMAR_INTR_REMAP) ? ", intremap" : "");
    for (uint32_t i = 0; i < a->ivrs.niommus; i++)
        pr_info("ACPI: AMD-Vi IOMMU %04x:%02x:%02x.%u at %#llx (IVHD %#x), %u entries\n",
                a->ivrs.iommus[i].segment, a->ivrs.iommus[i].devid >> 8,
                (a->ivrs.iommus[i].devid >> 3) & 0x1f, a->ivrs.iommus[i].devid & 7u,
                (unsigned long long)a->ivrs.iommus[i].base, a->ivrs.iommus[i].type,
                a->ivrs.iommus[i].ndev_entries);
}
