/* libFuzzer target: guest firmware tables built from fuzzer-chosen VM
 * descriptions and buffer sizes. Properties: nothing is written at or past
 * cap (a canary follows), errors are only INVAL/RANGE/NOSPC, and every
 * successful build parses back with the hypervisor's ACPI parser into the
 * same CPUs, ISOs, PM ports and ECAM, with a DSDT made of exactly
 * Scope (\_SB) {...} and Name (\_S5, ...). MP tables: checksums and size. */
#include <stdlib.h>
#include <string.h>
#include "core/acpi/acpi.h"
#include "core/vm/fwtables/acpi_build.h"
#include "core/vm/fwtables/mptable.h"
#include "lib/errors.h"

#define GPA 0xE0000ull
#define MAXCAP 0x20000
#define CANARY 64

static uint8_t out[MAXCAP + CANARY];
static struct acpi_info info;
static struct fw_vm_desc d;

struct rd {
    const uint8_t *p;
    size_t n;
};

static uint64_t take(struct rd *r, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t b = 0;
        if (r->n) {
            b = *r->p++;
            r->n--;
        }
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

struct window {
    const uint8_t *buf;
    size_t len;
};

static const void *win_map(void *ctx, uint64_t pa, size_t len)
{
    const struct window *w = ctx;
    if (pa < GPA || pa - GPA > w->len || len > w->len - (pa - GPA))
        return NULL;
    return w->buf + (pa - GPA);
}

static void decode(struct rd *r)
{
    memset(&d, 0, sizeof d);
    uint8_t mode = (uint8_t)take(r, 1);
    d.ncpus = (unsigned)(take(r, 2) % 300);
    for (unsigned i = 0; i < d.ncpus && i < FW_MAX_CPUS; i++)
        /* Mostly distinct small ids, sometimes raw (duplicates, x2APIC). */
        d.lapic_ids[i] = (mode & 1) ? (uint32_t)take(r, 2) : i * (1 + (mode >> 5));
    d.lapic_base = (mode & 2) ? take(r, 8) : 0;
    d.ioapic_id = (uint8_t)take(r, 1);
    d.ioapic_gsi_base = (uint32_t)take(r, 1);
    d.ioapic_npins = (uint8_t)take(r, 1);
    d.nisos = (unsigned)(take(r, 1) % 20);
    for (unsigned i = 0; i < d.nisos && i < FW_MAX_ISOS; i++) {
        d.isos[i].src_irq = (uint8_t)(take(r, 1) % 18);
        d.isos[i].gsi = (uint32_t)take(r, 1);
        d.isos[i].flags = (uint16_t)(take(r, 1) & 0xF);
    }
    d.pm1a_evt_port = (uint16_t)take(r, 2);
    d.pm1a_cnt_port = (uint16_t)take(r, 2);
    d.pm_tmr_port = (uint16_t)take(r, 2);
    d.gpe0_port = (uint16_t)take(r, 2);
    d.gpe0_len = (uint8_t)take(r, 1);
    uint8_t f = (uint8_t)take(r, 1);
    d.pm_tmr_32bit = f & 1;
    d.have_8042 = f & 2;
    d.have_vga = f & 4;
    d.have_rtc = f & 8;
    d.have_pci = f & 16;
    d.have_pci_intx = f & 32;
    d.sci_irq = (uint8_t)take(r, 1);
    d.s5_slp_typ = (uint8_t)take(r, 1);
    d.reset_port = (uint16_t)take(r, 2);
    d.reset_value = (uint8_t)take(r, 1);
    d.nvirtio = (unsigned)(take(r, 1) % 18);
    for (unsigned i = 0; i < d.nvirtio && i < FW_MAX_VIRTIO; i++) {
        d.virtio_mmio[i].base = (f & 64) ? take(r, 8) : 0xD0000000 + 0x200 * i;
        d.virtio_mmio[i].size = (f & 64) ? take(r, 4) : 0x200;
        d.virtio_mmio[i].gsi = (uint32_t)take(r, 4);
        d.virtio_mmio[i].edge = take(r, 1) & 1;
    }
    d.ecam_base = take(r, 8);
    if (f & 128)
        d.ecam_base &= ~0xFFFFFull;
    d.bus_start = (uint8_t)take(r, 1);
    d.bus_end = (uint8_t)take(r, 1);
    d.pci_io_base = (uint16_t)take(r, 2);
    d.pci_io_size = (uint16_t)take(r, 2);
    d.pci_mem32_base = (uint32_t)take(r, 4);
    d.pci_mem32_size = (uint32_t)take(r, 4);
    d.pci_mem64_base = take(r, 8);
    d.pci_mem64_size = take(r, 8);
    for (int i = 0; i < 4; i++)
        d.pci_intx_gsi[i] = (uint32_t)take(r, 4);
}

static void canary_intact(size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (out[i] != 0xA5)
            abort();
}

static size_t pkglen(const uint8_t *p, size_t *nb)
{
    unsigned follow = p[0] >> 6;
    size_t v = follow ? (p[0] & 0xFu) : (p[0] & 0x3Fu);
    for (unsigned i = 0; i < follow; i++)
        v |= (size_t)p[1 + i] << (4 + 8 * i);
    *nb = follow + 1;
    return v;
}

static void check_parse(size_t used)
{
    struct window w = {out, used};
    struct acpi_mem m = {win_map, &w};
    if (acpi_parse(&m, out, 36, &info) != 0 || info.nbad != 0 || !info.used_xsdt)
        abort();
    const struct acpi_madt_info *ma = &info.madt;
    if (!ma->present || ma->ncpus != d.ncpus || ma->nisos != d.nisos || ma->nioapics != 1)
        abort();
    for (unsigned i = 0; i < d.ncpus; i++)
        if (ma->cpus[i].apic_id != d.lapic_ids[i] || ma->cpus[i].uid != i)
            abort();
    for (unsigned i = 0; i < d.nisos; i++)
        if (ma->isos[i].source != d.isos[i].src_irq || ma->isos[i].gsi != d.isos[i].gsi)
            abort();
    uint64_t lapic = d.lapic_base ? d.lapic_base : FW_LAPIC_DEFAULT_BASE;
    if (ma->lapic_address != lapic)
        abort();
    const struct acpi_fadt_info *fa = &info.fadt;
    if (!fa->present || fa->pm1a_evt_blk != d.pm1a_evt_port ||
        fa->pm1a_cnt_blk != d.pm1a_cnt_port || fa->has_pm_timer != (d.pm_tmr_port != 0) ||
        fa->has_reset_reg != (d.reset_port != 0))
        abort();
    if (info.mcfg.present != d.have_pci ||
        (d.have_pci && (info.mcfg.ecam[0].base != d.ecam_base ||
                        info.mcfg.ecam[0].start_bus != d.bus_start ||
                        info.mcfg.ecam[0].end_bus != d.bus_end)))
        abort();
    const struct acpi_table_ref *ds = acpi_find(&info, "DSDT");
    if (!ds || ds->pa != fa->dsdt_pa)
        abort();
    /* Body = ScopeOp PkgLength "\_SB_" ... then Name (\_S5, Package (4)
     * {typ, typ, Zero, Zero}): 11 bytes plus twice the integer's size. */
    const uint8_t *t = out + (ds->pa - GPA);
    size_t nb, pl = pkglen(t + 37, &nb);
    size_t s5_len = 11 + 2 * (d.s5_slp_typ <= 1 ? 1 : 2);
    if (t[36] != 0x10 || memcmp(t + 37 + nb, "\\_SB_", 5) != 0 ||
        37 + pl + s5_len != ds->length || memcmp(t + 37 + pl, "\x08\\_S5_\x12", 7) != 0)
        abort();
}

static void check_mp(struct rd *r)
{
    size_t cap = (size_t)(take(r, 2) % 0x3000), used = 0;
    uint64_t gpa = (take(r, 1) & 1) ? 0x9FC00 : 0xF0000;
    memset(out, 0xA5, cap + CANARY);
    int rc = fw_build_mptable(&d, gpa, out, cap, &used);
    if (rc) {
        if (rc != QV_ERR_INVAL && rc != QV_ERR_RANGE && rc != QV_ERR_NOSPC)
            abort();
        canary_intact(0, cap + CANARY);
        return;
    }
    canary_intact(used, cap + CANARY);
    uint8_t s = 0;
    for (int i = 0; i < 16; i++)
        s = (uint8_t)(s + out[i]);
    unsigned len = out[20] | out[21] << 8;
    if (s != 0 || used != 16 + len || memcmp(out + 16, "PCMP", 4) != 0)
        abort();
    for (unsigned i = 0; i < len; i++)
        s = (uint8_t)(s + out[16 + i]);
    if (s != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rd r = {data, size};
    size_t cap = (size_t)(take(&r, 3) % (MAXCAP + 1));
    decode(&r);
    memset(out, 0xA5, cap + CANARY);
    size_t used = 0;
    uint64_t rsdp = 0;
    int rc = fw_build_acpi(&d, GPA, out, cap, &used, &rsdp);
    if (rc) {
        if (rc != QV_ERR_INVAL && rc != QV_ERR_RANGE && rc != QV_ERR_NOSPC)
            abort();
        canary_intact(cap, cap + CANARY);
    } else {
        if (used > cap || rsdp != GPA)
            abort();
        canary_intact(used, cap + CANARY);
        check_parse(used);
    }
    check_mp(&r);
    return 0;
}
