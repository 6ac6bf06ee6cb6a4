/* Guest ACPI tables: everything fw_build_acpi() writes is parsed back with the
 * hypervisor's own ACPI parser (core/acpi) through a struct acpi_mem backed by
 * the output buffer at its guest-physical address. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/acpi/acpi.h"
#include "core/vm/fwtables/acpi_build.h"
#include "lib/errors.h"

#define GPA 0xE0000ull
#define CAP 0x20000 /* 0xE0000-0xFFFFF */

static uint8_t blob[CAP + 64];
static struct acpi_info info;
static struct fw_vm_desc desc;

struct window {
    const uint8_t *buf;
    uint64_t gpa;
    size_t len;
};

static const void *win_map(void *ctx, uint64_t pa, size_t len)
{
    const struct window *w = ctx;
    if (pa < w->gpa || pa - w->gpa > w->len || len > w->len - (pa - w->gpa))
        return NULL;
    return w->buf + (pa - w->gpa);
}

static void std_desc(struct fw_vm_desc *d)
{
    memset(d, 0, sizeof *d);
    d->ncpus = 4;
    for (unsigned i = 0; i < 4; i++)
        d->lapic_ids[i] = i;
    d->ioapic_id = 4;
    d->nisos = 2;
    d->isos[0] = (struct fw_iso){.src_irq = 0, .gsi = 2, .flags = 0};
    d->isos[1] = (struct fw_iso){.src_irq = 9, .gsi = 9,
                                 .flags = FW_INTI_ACTIVE_HIGH | FW_INTI_LEVEL};
    d->pm1a_evt_port = 0x600;
    d->pm1a_cnt_port = 0x604;
    d->pm_tmr_port = 0x608;
    d->pm_tmr_32bit = true;
    d->sci_irq = 9;
    d->s5_slp_typ = 5;
    d->reset_port = FW_RESET_DEFAULT_PORT;
    d->have_rtc = true;
    d->nvirtio = 2;
    d->virtio_mmio[0] = (struct fw_virtio_mmio){.base = 0xD0000000, .size = 0x200, .gsi = 5};
    d->virtio_mmio[1] = (struct fw_virtio_mmio){.base = 0xD0000200, .size = 0x200, .gsi = 16,
                                                .edge = true};
    d->have_pci = true;
    d->ecam_base = 0xB0000000;
    d->bus_start = 0;
    d->bus_end = 255;
    d->pci_io_base = 0xC000;
    d->pci_io_size = 0x4000;
    d->pci_mem32_base = 0xC0000000;
    d->pci_mem32_size = 0x10000000;
    d->pci_mem64_base = 0x8000000000ull;
    d->pci_mem64_size = 1ull << 36;
    d->have_pci_intx = true;
    for (unsigned i = 0; i < 4; i++)
        d->pci_intx_gsi[i] = 16 + i;
}

/* Builds desc at GPA and parses it back through the RSDP it reports. */
static int build_parse(size_t *used)
{
    uint64_t rsdp;
    memset(blob, 0xAA, sizeof blob);
    int rc = fw_build_acpi(&desc, GPA, blob, CAP, used, &rsdp);
    if (rc)
        return rc;
    QCHECK_EQ(rsdp, GPA);
    static struct window w;
    w = (struct window){blob, GPA, *used};
    struct acpi_mem m = {win_map, &w};
    return acpi_parse(&m, blob, 36, &info);
}

static const uint8_t *table(const char *sig, uint32_t *len)
{
    const struct acpi_table_ref *r = acpi_find(&info, sig);
    if (!r)
        return NULL;
    *len = r->length;
    return blob + (r->pa - GPA);
}

static const uint8_t *find_bytes(const uint8_t *h, size_t hl, const uint8_t *n, size_t nl)
{
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

/* Independent PkgLength decoder (§20.2.4) for the structure check below. */
static size_t pkglen_decode(const uint8_t *p, size_t *nbytes)
{
    unsigned follow = p[0] >> 6;
    *nbytes = follow + 1;
    if (follow == 0)
        return p[0] & 0x3F;
    size_t v = p[0] & 0x0F;
    for (unsigned i = 0; i < follow; i++)
        v |= (size_t)p[1 + i] << (4 + 8 * i);
    return v;
}

QTEST(fwtables_acpi_roundtrip)
{
    std_desc(&desc);
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    QCHECK(used < CAP);
    QCHECK_EQ(info.rsdp.revision, 2);
    QCHECK(info.used_xsdt);
    QCHECK(!info.root_fallback);
    QCHECK_EQ(info.ntables, 4); /* FACP, APIC, MCFG + DSDT */
    QCHECK_EQ(info.nbad, 0);
    for (uint32_t i = 0; i < info.ntables; i++) {
        QCHECK(info.tables[i].checksum_ok);
        QCHECK(strcmp(info.tables[i].oem_id, "QVIRT ") == 0);
        QCHECK_EQ(info.tables[i].pa % 16, 0);
    }
    QCHECK(acpi_find(&info, "DSDT") != NULL);
    /* Nothing past the reported size was touched. */
    for (size_t i = used; i < sizeof blob; i++)
        if (blob[i] != 0xAA) {
            QCHECK(!"write past used");
            break;
        }

    /* The RSDT lists the same tables for ACPI 1.0 parsers: make the RSDP a
     * revision 0 one and parse again. */
    uint8_t r0[20];
    memcpy(r0, blob, 20);
    r0[15] = 0;
    r0[8] = 0;
    uint8_t s = 0;
    for (int i = 0; i < 20; i++)
        s = (uint8_t)(s + r0[i]);
    r0[8] = (uint8_t)-s;
    struct window w = {blob, GPA, used};
    struct acpi_mem m = {win_map, &w};
    QCHECK_EQ(acpi_parse(&m, r0, 20, &info), 0);
    QCHECK(!info.used_xsdt);
    QCHECK_EQ(info.ntables, 4);
    QCHECK_EQ(info.nbad, 0);
    QCHECK(info.madt.present && info.fadt.present && info.mcfg.present);

    /* Legacy discovery: scanning 0xE0000-0xFFFFF finds it. */
    QCHECK_EQ(acpi_discover(&m, &info), 0);
    QCHECK(info.used_xsdt);
}

QTEST(fwtables_acpi_madt)
{
    std_desc(&desc);
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    const struct acpi_madt_info *ma = &info.madt;
    QCHECK(ma->present);
    QCHECK_EQ(ma->lapic_address, 0xFEE00000);
    QCHECK(!ma->lapic_overridden);
    QCHECK_EQ(ma->flags, ACPI_MADT_PCAT_COMPAT);
    QCHECK_EQ(ma->ncpus, 4);
    for (unsigned i = 0; i < 4; i++) {
        QCHECK_EQ(ma->cpus[i].apic_id, i);
        QCHECK_EQ(ma->cpus[i].uid, i);
        QCHECK(ma->cpus[i].enabled);
        QCHECK(!ma->cpus[i].x2apic);
    }
    QCHECK_EQ(ma->nioapics, 1);
    QCHECK_EQ(ma->ioapics[0].id, 4);
    QCHECK_EQ(ma->ioapics[0].address, 0xFEC00000);
    QCHECK_EQ(ma->ioapics[0].gsi_base, 0);
    QCHECK_EQ(ma->nisos, 2);
    QCHECK_EQ(ma->isos[0].bus, 0);
    QCHECK_EQ(ma->isos[0].source, 0);
    QCHECK_EQ(ma->isos[0].gsi, 2);
    QCHECK_EQ(ma->isos[0].flags, 0);
    QCHECK_EQ(ma->isos[1].source, 9);
    QCHECK_EQ(ma->isos[1].gsi, 9);
    QCHECK_EQ(ma->isos[1].flags, ACPI_INTI_POLARITY_HIGH | ACPI_INTI_TRIGGER_LEVEL);
    QCHECK_EQ(ma->nlapic_nmis, 1);
    QCHECK_EQ(ma->lapic_nmis[0].uid, ACPI_NMI_ALL_CPUS);
    QCHECK_EQ(ma->lapic_nmis[0].lint, 1);
    QCHECK_EQ(ma->nunknown, 0);
    QCHECK_EQ(ma->ndropped, 0);
}

QTEST(fwtables_acpi_madt_x2apic_and_override)
{
    std_desc(&desc);
    desc.ncpus = 3;
    desc.lapic_ids[0] = 7;
    desc.lapic_ids[1] = 254;
    desc.lapic_ids[2] = 300;
    desc.lapic_base = 0x100FEE00000ull;
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    const struct acpi_madt_info *ma = &info.madt;
    QCHECK(ma->present);
    QCHECK_EQ(ma->ncpus, 3);
    QCHECK_EQ(ma->cpus[0].apic_id, 7);
    QCHECK(!ma->cpus[0].x2apic);
    QCHECK_EQ(ma->cpus[1].apic_id, 254);
    QCHECK(!ma->cpus[1].x2apic);
    QCHECK_EQ(ma->cpus[2].apic_id, 300);
    QCHECK_EQ(ma->cpus[2].uid, 2);
    QCHECK(ma->cpus[2].x2apic);
    QCHECK(ma->lapic_overridden);
    QCHECK_EQ(ma->lapic_address, 0x100FEE00000ull);
    QCHECK_EQ(ma->nlapic_nmis, 2);
    QCHECK_EQ(ma->lapic_nmis[1].uid, ACPI_NMI_ALL_CPUS);
    QCHECK_EQ(ma->lapic_nmis[1].lint, 1);
}

QTEST(fwtables_acpi_fadt)
{
    std_desc(&desc);
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    const struct acpi_fadt_info *f = &info.fadt;
    QCHECK(f->present);
    QCHECK_EQ(f->revision, 6);
    QCHECK_EQ(f->length, 276);
    QCHECK(!(f->flags & ACPI_FADT_HW_REDUCED_ACPI));
    QCHECK(f->flags & ACPI_FADT_WBINVD);
    QCHECK(f->pm_timer_32bit);
    QCHECK_EQ(f->sci_int, 9);
    QCHECK_EQ(f->smi_cmd, 0);
    QCHECK_EQ(f->pm1a_evt_blk, 0x600);
    QCHECK_EQ(f->pm1_evt_len, 4);
    QCHECK_EQ(f->pm1a_cnt_blk, 0x604);
    QCHECK_EQ(f->pm1_cnt_len, 2);
    QCHECK_EQ(f->pm1b_evt_blk, 0);
    QCHECK_EQ(f->gpe0_blk, 0);
    QCHECK(f->has_pm_timer);
    QCHECK_EQ(f->pm_timer.space_id, ACPI_GAS_SYSTEM_IO);
    QCHECK_EQ(f->pm_timer.address, 0x608);
    QCHECK_EQ(f->pm_timer.bit_width, 32);
    QCHECK(f->has_reset_reg);
    QCHECK(f->flags & ACPI_FADT_RESET_REG_SUP);
    QCHECK_EQ(f->reset_reg.space_id, ACPI_GAS_SYSTEM_IO);
    QCHECK_EQ(f->reset_reg.address, 0xCF9);
    QCHECK_EQ(f->reset_reg.bit_width, 8);
    QCHECK_EQ(f->reset_value, 6);
    QCHECK_EQ(f->century, 0x32);
    QCHECK_EQ(f->iapc_boot_arch, ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_VGA_NOT_PRESENT);
    const struct acpi_table_ref *d = acpi_find(&info, "DSDT");
    QCHECK(d && f->dsdt_pa == d->pa);
    /* The 32-bit pointers match the X_ ones (ACPICA warns otherwise). */
    uint32_t flen;
    const uint8_t *t = table("FACP", &flen);
    QCHECK(t != NULL);
    QCHECK_EQ((uint32_t)(t[40] | t[41] << 8 | t[42] << 16 | (uint32_t)t[43] << 24), f->dsdt_pa);
    QCHECK_EQ((uint32_t)(t[36] | t[37] << 8 | t[38] << 16 | (uint32_t)t[39] << 24), f->facs_pa);
    /* X_PM1a_EVT_BLK / X_PM1a_CNT_BLK are I/O GAS of 32 and 16 bits. */
    QCHECK_EQ(t[148], 1);
    QCHECK_EQ(t[149], 32);
    QCHECK_EQ(t[152], 0x00);
    QCHECK_EQ(t[153], 0x06);
    QCHECK_EQ(t[172], 1);
    QCHECK_EQ(t[173], 16);
    QCHECK_EQ(t[176], 0x04);
    /* FACS: 64-byte aligned, signature and length (§5.2.10). */
    QCHECK_EQ(f->facs_pa % 64, 0);
    const uint8_t *facs = blob + (f->facs_pa - GPA);
    QCHECK_MEM(facs, "FACS", 4);
    QCHECK_EQ(facs[4], 64);

    /* Variants: no timer, no reset register, 8042 and VGA, no RTC. */
    desc.pm_tmr_port = 0;
    desc.pm_tmr_32bit = false;
    desc.reset_port = 0;
    desc.have_8042 = desc.have_vga = true;
    desc.have_rtc = false;
    desc.gpe0_port = 0x620;
    desc.gpe0_len = 4;
    QCHECK_EQ(build_parse(&used), 0);
    QCHECK(f->present);
    QCHECK(!f->has_pm_timer);
    QCHECK(!f->pm_timer_32bit);
    QCHECK(!f->has_reset_reg);
    QCHECK(!(f->flags & ACPI_FADT_RESET_REG_SUP));
    QCHECK_EQ(f->century, 0);
    QCHECK_EQ(f->iapc_boot_arch,
              ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_8042 | ACPI_BOOT_CMOS_RTC_NOT_PRESENT);
    QCHECK_EQ(f->gpe0_blk, 0x620);
    QCHECK_EQ(f->gpe0_blk_len, 4);
}

QTEST(fwtables_acpi_mcfg_and_no_pci)
{
    std_desc(&desc);
    desc.bus_start = 0;
    desc.bus_end = 63;
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    QCHECK(info.mcfg.present);
    QCHECK_EQ(info.mcfg.necam, 1);
    QCHECK_EQ(info.mcfg.ecam[0].base, 0xB0000000);
    QCHECK_EQ(info.mcfg.ecam[0].segment, 0);
    QCHECK_EQ(info.mcfg.ecam[0].start_bus, 0);
    QCHECK_EQ(info.mcfg.ecam[0].end_bus, 63);

    desc.have_pci = false;
    QCHECK_EQ(build_parse(&used), 0);
    QCHECK(!info.mcfg.present);
    QCHECK_EQ(info.ntables, 3);
    QCHECK(acpi_find(&info, "MCFG") == NULL);
    uint32_t dl;
    const uint8_t *d = table("DSDT", &dl);
    QCHECK(d != NULL);
    QCHECK(find_bytes(d, dl, (const uint8_t *)"PCI0", 4) == NULL);
}

/* Same device as in test_fwtables_aml.c, as fw_build_acpi() must emit it
 * for virtio_mmio[0] of std_desc(). */
static const uint8_t vr00[] = {
    0x5B, 0x82, 0x3A, 'V', 'R', '0', '0',
    0x08, '_', 'H', 'I', 'D', 0x0D, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00,
    0x08, '_', 'U', 'I', 'D', 0x00,
    0x08, '_', 'C', 'R', 'S', 0x11, 0x1A, 0x0A, 0x17,
    0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xD0, 0x00, 0x02, 0x00, 0x00,
    0x89, 0x06, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00,
    0x79, 0x00,
};

QTEST(fwtables_acpi_dsdt)
{
    std_desc(&desc);
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    uint32_t dl;
    const uint8_t *d = table("DSDT", &dl);
    QCHECK(d != NULL);
    if (!d)
        return;
    QCHECK_EQ(d[8], 2); /* revision 2: 64-bit integers */
    QCHECK(find_bytes(d, dl, vr00, sizeof vr00) != NULL);
    /* Second device: _UID One, edge-triggered GSI 16 (flags 0x03). */
    static const uint8_t vr01_irq[] = {0x89, 0x06, 0x00, 0x03, 0x01, 0x10, 0x00, 0x00, 0x00};
    static const uint8_t vr01_uid[] = {'V', 'R', '0', '1', 0x08, '_', 'H', 'I', 'D'};
    QCHECK(find_bytes(d, dl, vr01_irq, sizeof vr01_irq) != NULL);
    QCHECK(find_bytes(d, dl, vr01_uid, sizeof vr01_uid) != NULL);
    static const uint8_t uid1[] = {0x08, '_', 'U', 'I', 'D', 0x01};
    QCHECK(find_bytes(d, dl, uid1, sizeof uid1) != NULL);
    /* PCI host bridge ids and its bus range. */
    static const uint8_t hid[] = {'P', 'C', 'I', '0', 0x08, '_', 'H', 'I', 'D',
                                  0x0C, 0x41, 0xD0, 0x0A, 0x08,
                                  0x08, '_', 'C', 'I', 'D', 0x0C, 0x41, 0xD0, 0x0A, 0x03};
    QCHECK(find_bytes(d, dl, hid, sizeof hid) != NULL);
    static const uint8_t bus[] = {0x88, 0x0D, 0x00, 0x02, 0x0C, 0x00, 0x00, 0x00,
                                  0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x01};
    QCHECK(find_bytes(d, dl, bus, sizeof bus) != NULL);
    /* _PRT entry for slot 1, INTB: Package(4){0x1FFFF, One, Zero, GSI 18}. */
    static const uint8_t prt[] = {0x12, 0x0B, 0x04, 0x0C, 0xFF, 0xFF, 0x01, 0x00,
                                  0x01, 0x00, 0x0A, 0x12};
    QCHECK(find_bytes(d, dl, prt, sizeof prt) != NULL);
    /* ECAM reserved as a motherboard resource (0xB0000000, 256 MiB, RO). */
    static const uint8_t ecam[] = {0x86, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0xB0,
                                   0x00, 0x00, 0x00, 0x10};
    QCHECK(find_bytes(d, dl, ecam, sizeof ecam) != NULL);

    /* Structure: the table body is exactly Scope (\_SB) {...} followed by
     * Name (\_S5, Package (4) {5, 5, 0, 0}). */
    static const uint8_t s5[] = {0x08, 0x5C, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
                                 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00};
    QCHECK_EQ(d[36], 0x10);
    size_t nb, pl = pkglen_decode(d + 37, &nb);
    static const uint8_t sb[] = {0x5C, '_', 'S', 'B', '_'};
    QCHECK_MEM(d + 37 + nb, sb, sizeof sb);
    QCHECK_EQ(37 + pl + sizeof s5, dl);
    QCHECK_MEM(d + 37 + pl, s5, sizeof s5);
}

QTEST(fwtables_acpi_virtio_above_4g)
{
    std_desc(&desc);
    desc.nvirtio = 1;
    desc.virtio_mmio[0] = (struct fw_virtio_mmio){.base = 0x100000000ull, .size = 0x1000,
                                                  .gsi = 5};
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    uint32_t dl;
    const uint8_t *d = table("DSDT", &dl);
    QCHECK(d != NULL);
    static const uint8_t q[] = {0x8A, 0x2B, 0x00, 0x00, 0x0D, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
                                0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                0xFF, 0x0F, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};
    QCHECK(d && find_bytes(d, dl, q, sizeof q) != NULL);
}

QTEST(fwtables_acpi_maximum_config)
{
    /* 256 CPUs (id 255 needs x2APIC) and 16 devices fit in 0xE0000-0xFFFFF. */
    std_desc(&desc);
    desc.ncpus = FW_MAX_CPUS;
    for (unsigned i = 0; i < FW_MAX_CPUS; i++)
        desc.lapic_ids[i] = i;
    desc.nvirtio = FW_MAX_VIRTIO;
    for (unsigned i = 0; i < FW_MAX_VIRTIO; i++)
        desc.virtio_mmio[i] = (struct fw_virtio_mmio){.base = 0xD0000000 + 0x200 * i,
                                                      .size = 0x200, .gsi = 5 + i};
    size_t used;
    QCHECK_EQ(build_parse(&used), 0);
    QCHECK_EQ(info.nbad, 0);
    QCHECK_EQ(info.madt.ncpus, 256);
    QCHECK(info.madt.cpus[255].x2apic);
    QCHECK(!info.madt.cpus[254].x2apic);
    uint32_t dl;
    const uint8_t *d = table("DSDT", &dl);
    QCHECK(d && find_bytes(d, dl, (const uint8_t *)"VR0F", 4) != NULL);
}

QTEST(fwtables_acpi_small_buffers)
{
    std_desc(&desc);
    size_t used;
    uint64_t rsdp;
    memset(blob, 0xAA, sizeof blob);
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), 0);
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, used, &used, &rsdp), 0);
    static uint8_t ref[CAP];
    memcpy(ref, blob, used);
    size_t want = used;
    for (size_t cap = 0; cap < want; cap++) {
        memset(blob, 0xAA, want + 16);
        size_t u = 12345;
        int rc = fw_build_acpi(&desc, GPA, blob, cap, &u, &rsdp);
        if (rc != QV_ERR_NOSPC) {
            QCHECK_EQ(rc, QV_ERR_NOSPC);
            break;
        }
        QCHECK_EQ(u, 12345);
        for (size_t i = cap; i < want + 16; i++)
            if (blob[i] != 0xAA) {
                QCHECK(!"write past cap");
                cap = want;
                break;
            }
    }
    /* Building twice gives the same bytes (no stale state). */
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), 0);
    QCHECK_MEM(blob, ref, want);
}

QTEST(fwtables_acpi_bad_input)
{
    size_t used;
    uint64_t rsdp;
    std_desc(&desc);
    QCHECK_EQ(fw_build_acpi(NULL, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    QCHECK_EQ(fw_build_acpi(&desc, GPA, NULL, CAP, &used, &rsdp), QV_ERR_INVAL);
    QCHECK_EQ(fw_build_acpi(&desc, GPA + 8, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    QCHECK_EQ(fw_build_acpi(&desc, 0x100000000ull, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    /* The blob must end below 4 GiB. */
    QCHECK_EQ(fw_build_acpi(&desc, 0xFFFFFF00ull, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    desc.ncpus = 0;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    desc.ncpus = FW_MAX_CPUS + 1;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.lapic_ids[3] = 1;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    std_desc(&desc);
    desc.lapic_ids[3] = 0xFFFFFFFFu;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.nvirtio = FW_MAX_VIRTIO + 1;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.nisos = FW_MAX_ISOS + 1;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.isos[1].src_irq = 16;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.pm1a_cnt_port = 0;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    std_desc(&desc);
    desc.gpe0_port = 0x620; /* without a length */
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    std_desc(&desc);
    desc.virtio_mmio[1].size = 0;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.bus_start = 5;
    desc.bus_end = 4;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    std_desc(&desc);
    desc.ecam_base = 0xB0080000;
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_INVAL);
    std_desc(&desc);
    desc.pci_io_size = 0x5000; /* 0xC000 + 0x5000 > 64 KiB */
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
    std_desc(&desc);
    desc.pci_mem32_size = 0x50000000; /* past 4 GiB */
    QCHECK_EQ(fw_build_acpi(&desc, GPA, blob, CAP, &used, &rsdp), QV_ERR_RANGE);
}
